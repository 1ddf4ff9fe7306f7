"""Demo data: three annual calls, the demo users and about thirty fictional enterprises whose projects stand in every
phase of the lifecycle. ``python manage.py seed_demo`` calls ``seed_demo()``.

Idempotent: everything is keyed on a natural key (username, USCC, call year, (call, enterprise)); what exists is
left as it is, so a second run changes nothing. Every state change goes through the services, by the role that
owns the step, so each project carries a real audit timeline. The one direct write is the demo history: the
StateLog timestamps of the previous years' projects are moved back into their call's calendar.
"""

import datetime
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.contrib.auth.hashers import make_password
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone
from django_fsm_log.models import StateLog

from accounts.models import Role, User
from activity.deadlines import remind_all
from common.identifiers import USCC_CHARSET, uscc_check_character
from directory.models import District, Enterprise, IndustryChain
from directory.services import enterprise_create
from funding.services import reward_cap
from projects.enums import AttachmentSlot, BudgetUse, Status
from projects.interfaces.patent_import import patent_import_confirm
from projects.lifecycle import MAIN_ROAD, STEPS
from projects.models import AnnualCall, Project, Snapshot
from projects.services import application_edit, attachment_add, project_create
from reviews.models import ExpertAssignment
from reviews.services import formal_review_respond

from . import checks as checks_demo
from . import dashboard, expert_review, monitoring, notices
from . import funding as funding_demo
from .road import road_to, take_step

PASSWORD = "dengfeng-demo"
SIP, KUNSHAN = "苏州工业园区", "昆山市"
MINIMAL_PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


# ---- people -----------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class UserSpec:
    username: str
    name: str
    role: str
    district: str = ""  # district name, for district officials
    enterprise: int = 0  # EnterpriseSpec.key, for enterprise users
    superuser: bool = False


NAMED_USERS = [
    UserSpec("demo-bureau", "周敏", Role.BUREAU, superuser=True),
    UserSpec("demo-district", "陈晓东", Role.DISTRICT, district=SIP),
    UserSpec("demo-district2", "顾海燕", Role.DISTRICT, district=KUNSHAN),
    UserSpec("demo-enterprise", "李文博", Role.ENTERPRISE, enterprise=1),
    UserSpec("demo-enterprise2", "张丽华", Role.ENTERPRISE, enterprise=6),
    UserSpec("demo-expert1", "钱立群", Role.EXPERT),
    UserSpec("demo-expert2", "孙慧", Role.EXPERT),
    UserSpec("demo-expert3", "沈卫国", Role.EXPERT),
    UserSpec("demo-expert4", "陆佳", Role.EXPERT),
    UserSpec("demo-expert5", "徐振华", Role.EXPERT),
    UserSpec("demo-finance", "杨静", Role.FINANCE),
]
NAMED_USERNAMES = [u.username for u in NAMED_USERS]
EXPERTS = [f"demo-expert{n}" for n in range(1, 6)]
# One official per district (dist-<code>) besides the named demo users.
DISTRICT_OFFICIALS = {
    "张家港市": "蒋建平",
    "常熟市": "邹红梅",
    "太仓市": "朱国强",
    "昆山市": "金晓峰",
    "吴江区": "费雪芬",
    "吴中区": "汤明",
    "相城区": "浦志刚",
    "姑苏区": "范丽娟",
    "苏州工业园区": "许晨",
    "苏州高新区": "邵军",
}
# The named demo user acts for its district; the others through dist-<code>.
DISTRICT_ACTORS = {SIP: "demo-district", KUNSHAN: "demo-district2"}
ENTERPRISE_ACTORS = {1: "demo-enterprise", 6: "demo-enterprise2"}


# ---- enterprises (fictional) --------------------------------------------------------------------------------------
@dataclass(frozen=True)
class EnterpriseSpec:
    key: int
    district: str
    name: str
    industry: str
    founded: datetime.date
    profile: str  # E3a | E3b | T (talent track) | X (relaxed, misses the numbers)
    product: str
    title: str
    contact: str
    flags: tuple[str, ...] = ()


D = datetime.date
ENTERPRISES = [
    EnterpriseSpec(
        1,
        SIP,
        "苏州澄芯微电子科技有限公司",
        "集成电路",
        D(2012, 6, 18),
        "E3a",
        "车规级功率芯片",
        "车规级功率芯片高价值专利培育与海外布局",
        "李文博",
        ("is_national_ip_advantage",),
    ),
    EnterpriseSpec(
        2,
        SIP,
        "苏州岚禾生物医药科技有限公司",
        "生物医药和高端医疗器械",
        D(2016, 3, 9),
        "X",
        "创新抗体药物",
        "创新抗体药物专利组合构建与国际布局",
        "何雨萱",
        ("is_key_field",),
    ),
    EnterpriseSpec(
        3,
        SIP,
        "苏州星衍纳米材料科技股份有限公司",
        "纳米新材料",
        D(2009, 11, 2),
        "E3a",
        "纳米微球材料",
        "纳米微球材料核心专利导航与标准化建设",
        "钱振宇",
        ("is_strong_enterprise_pool",),
    ),
    EnterpriseSpec(
        4,
        SIP,
        "苏州启穹智能科技有限公司",
        "人工智能",
        D(2019, 5, 20),
        "T",
        "工业视觉大模型",
        "工业视觉大模型专利挖掘与运营",
        "孔令杰",
    ),
    EnterpriseSpec(
        5,
        SIP,
        "苏州汇澜医疗器械有限公司",
        "生物医药",
        D(2011, 8, 15),
        "E3b",
        "高端介入医疗器械",
        "高端介入医疗器械专利池建设",
        "曹静怡",
    ),
    EnterpriseSpec(
        6,
        KUNSHAN,
        "昆山翰博精密机械有限公司",
        "高端装备",
        D(2007, 4, 12),
        "E3b",
        "精密数控机床关键部件",
        "精密数控机床关键部件专利攻防体系建设",
        "张丽华",
    ),
    EnterpriseSpec(
        7,
        KUNSHAN,
        "昆山曜辰光电显示科技有限公司",
        "新型显示",
        D(2013, 10, 8),
        "E3a",
        "Micro LED显示",
        "Micro LED显示技术专利布局与标准必要专利培育",
        "严浩",
    ),
    EnterpriseSpec(
        8,
        KUNSHAN,
        "昆山拓维汽车电子有限公司",
        "汽车及零部件",
        D(2010, 1, 26),
        "X",
        "智能座舱电子系统",
        "智能座舱电子系统知识产权运营提升",
        "华丽萍",
        ("is_little_giant",),
    ),
    EnterpriseSpec(
        9,
        "苏州高新区",
        "苏州锐澜光通信技术有限公司",
        "光通信",
        D(2014, 7, 30),
        "E3a",
        "高速光模块",
        "高速光模块专利组合与海外维权能力建设",
        "金伟",
    ),
    EnterpriseSpec(
        10,
        "苏州高新区",
        "苏州恒钧医学影像科技有限公司",
        "生物医药和高端医疗器械",
        D(2008, 12, 3),
        "E3a",
        "医学影像设备核心部件",
        "医学影像设备核心部件高价值专利培育",
        "魏晓琳",
        ("is_national_ip_demonstration",),
    ),
    EnterpriseSpec(
        11,
        "苏州高新区",
        "苏州知衡软件技术有限公司",
        "软件和信息服务",
        D(2017, 9, 14),
        "T",
        "工业设计软件",
        "工业软件著作权与专利协同保护体系建设",
        "陶然",
    ),
    EnterpriseSpec(
        12,
        "张家港市",
        "张家港沙洲新能源材料有限公司",
        "新能源",
        D(2006, 5, 22),
        "E3b",
        "锂电正极材料",
        "锂电正极材料专利导航与布局",
        "姜涛",
    ),
    EnterpriseSpec(
        13,
        "张家港市",
        "张家港澄江节能环保装备有限公司",
        "节能环保",
        D(2005, 9, 10),
        "E3b",
        "工业烟气治理装备",
        "工业烟气治理装备专利培育与品牌建设",
        "戚红",
    ),
    EnterpriseSpec(
        14,
        "常熟市",
        "常熟虞锦纺织科技有限公司",
        "高端纺织",
        D(2003, 3, 18),
        "E3b",
        "功能性纺织面料",
        "功能性纺织面料专利与品牌协同培育",
        "谢春燕",
    ),
    EnterpriseSpec(
        15,
        "常熟市",
        "常熟琴川汽车零部件有限公司",
        "汽车及零部件",
        D(2004, 11, 11),
        "E3b",
        "新能源汽车轻量化部件",
        "新能源汽车轻量化部件专利布局",
        "邹磊",
    ),
    EnterpriseSpec(
        16,
        "太仓市",
        "太仓娄东航空科技有限公司",
        "航空航天",
        D(2015, 6, 6),
        "X",
        "航空发动机精密零部件",
        "航空发动机精密零部件专利挖掘与标准化",
        "喻志成",
        ("is_little_giant",),
    ),
    EnterpriseSpec(
        17,
        "太仓市",
        "太仓港城精工机械有限公司",
        "高端装备制造",
        D(2002, 8, 28),
        "E3a",
        "港口智能装卸装备",
        "港口智能装卸装备专利池建设",
        "柏建华",
    ),
    EnterpriseSpec(
        18,
        "吴江区",
        "苏州吴江丝路新材料股份有限公司",
        "新材料",
        D(2001, 12, 12),
        "E3a",
        "高性能纤维材料",
        "高性能纤维材料核心专利布局",
        "水晓静",
    ),
    EnterpriseSpec(
        19,
        "吴江区",
        "苏州震泽光纤通信有限公司",
        "光通信",
        D(2010, 4, 4),
        "E3a",
        "特种光纤",
        "特种光纤制备技术专利组合与海外布局",
        "窦永康",
    ),
    EnterpriseSpec(
        20,
        "吴江区",
        "苏州松陵智能装备有限公司",
        "智能装备",
        D(2012, 2, 20),
        "E3b",
        "柔性智能产线",
        "柔性智能产线专利导航与运营",
        "章敏",
    ),
    EnterpriseSpec(
        21,
        "吴中区",
        "苏州太湖云启机器人有限公司",
        "人工智能",
        D(2018, 3, 27),
        "X",
        "服务机器人核心算法",
        "服务机器人核心算法专利培育",
        "云飞",
        ("is_unicorn_candidate",),
    ),
    EnterpriseSpec(
        22,
        "吴中区",
        "苏州甪直精密医疗科技有限公司",
        "生物医药",
        D(2013, 5, 16),
        "E3b",
        "骨科植入器械",
        "骨科植入器械专利布局与许可运营",
        "苏婷",
    ),
    EnterpriseSpec(
        23,
        "相城区",
        "苏州蓝驰新能源汽车科技有限公司",
        "新能源汽车和智能网联汽车",
        D(2016, 10, 10),
        "E3a",
        "智能网联汽车通信模组",
        "智能网联汽车通信模组专利布局",
        "潘宇航",
    ),
    EnterpriseSpec(
        24,
        "相城区",
        "苏州阳澄数智科技有限公司",
        "软件与集成电路",
        D(2018, 7, 1),
        "T",
        "边缘计算芯片",
        "边缘计算芯片设计专利培育",
        "葛玲",
    ),
    EnterpriseSpec(
        25,
        "姑苏区",
        "苏州平江文创数字科技有限公司",
        "软件和信息服务",
        D(2017, 4, 21),
        "T",
        "数字文创平台",
        "数字文创版权与专利协同运营",
        "奚文",
    ),
    EnterpriseSpec(
        26,
        "姑苏区",
        "苏州观前智联信息技术有限公司",
        "信息通信与显示",
        D(2011, 6, 30),
        "E3b",
        "物联网通信终端",
        "物联网通信终端专利组合建设",
        "范海波",
    ),
    EnterpriseSpec(
        27,
        SIP,
        "苏州钧衡半导体设备有限公司",
        "集成电路设计与制造",
        D(2010, 9, 9),
        "E3a",
        "半导体刻蚀设备",
        "半导体刻蚀设备关键技术专利攻防体系建设",
        "彭博",
        ("is_national_ip_advantage",),
    ),
    EnterpriseSpec(
        28,
        KUNSHAN,
        "昆山睿德新能源科技有限公司",
        "新能源",
        D(2015, 1, 15),
        "E3b",
        "光伏储能系统",
        "光伏储能系统专利导航与布局",
        "鲁晓东",
    ),
    EnterpriseSpec(
        29,
        "苏州高新区",
        "苏州枫桥纳米科技有限公司",
        "纳米新材料",
        D(2014, 12, 1),
        "E3a",
        "纳米压印",
        "纳米压印技术专利培育与标准制定",
        "韦佳",
    ),
    EnterpriseSpec(
        30,
        "张家港市",
        "张家港东渡新材料有限公司",
        "新材料",
        D(2009, 7, 7),
        "E3a",
        "特种工程塑料",
        "特种工程塑料专利组合与品牌培育",
        "昌明",
    ),
]
ENTERPRISE_BY_KEY = {e.key: e for e in ENTERPRISES}

ADDRESSES = {
    "张家港市": "张家港市杨舍镇沙洲西路",
    "常熟市": "常熟市海虞北路",
    "太仓市": "太仓市经济开发区上海东路",
    "昆山市": "昆山市开发区前进东路",
    "吴江区": "苏州市吴江区中山南路",
    "吴中区": "苏州市吴中区东吴北路",
    "相城区": "苏州市相城区阳澄湖西路",
    "姑苏区": "苏州市姑苏区人民路",
    "苏州工业园区": "苏州工业园区星湖街",
    "苏州高新区": "苏州高新区科灵路",
}
FLAG_EVIDENCE = {
    "is_strong_enterprise_pool": "列入苏州市强企培育工程知识产权优势型企业库（演示数据）",
    "is_national_ip_demonstration": "国家知识产权示范企业认定文件（演示数据）",
    "is_national_ip_advantage": "国家知识产权优势企业认定文件（演示数据）",
    "is_little_giant": "国家级专精特新“小巨人”企业名单（演示数据）",
    "is_unicorn_candidate": "苏州市独角兽培育企业入库名单（演示数据）",
    "is_key_field": "人工智能、生物医药、新材料等重点领域核心研发企业证明（演示数据）",
}
PARTNERS = [
    ("university", "苏州大学"),
    ("university", "东南大学"),
    ("research", "中国科学院苏州纳米技术与纳米仿生研究所"),
    ("university", "南京大学"),
    ("university", "江南大学"),
    ("university", "南京航空航天大学"),
]


def uscc_for(spec: EnterpriseSpec, district: District) -> str:
    """A GB 32100 code: 91 (enterprise) + the district's division code (3205xx) + an organisation code + check."""
    division = district.code if district.code.startswith("3205") else "320500"
    n, digits = spec.key * 7919 + 1_234_567, []
    for _ in range(7):
        n, r = divmod(n, 31)
        digits.append(USCC_CHARSET[r])
    body = f"91{division}MA{''.join(reversed(digits))}"
    return body + uscc_check_character(body)


# ---- projects -----------------------------------------------------------------------------------------------------
_to = road_to


ROADS: dict[str, tuple[str, ...]] = {
    Status.DRAFT: (),
    Status.SUBMITTED: ("submit",),
    Status.RETURNED: ("submit", "return_for_correction"),
    Status.WITHDRAWN: ("submit", "withdraw"),
    Status.NOT_RECOMMENDED: ("submit", "not_recommend"),
    Status.RECOMMENDED: _to("recommend"),
    Status.SCREENED_OUT: ("submit", "recommend", "screen_out"),
    Status.IN_REVIEW: _to("pass_screening"),
    Status.REVIEWED: _to("close_review"),
    Status.NOT_SELECTED: _to("close_review", "not_select"),
    Status.ON_NOTICE: _to("publish_notice"),
    Status.OBJECTION: _to("publish_notice", "open_objection"),
    Status.OBJECTION_UPHELD: _to("publish_notice", "open_objection", "uphold_objection"),
    Status.PROPOSED: _to("close_notice"),
    Status.CUT: _to("close_notice", "cut"),
    Status.APPROVED: _to("approve"),
    Status.TASK_LETTER_ISSUED: _to("issue"),
    Status.TASK_LETTER_SUBMITTED: _to("submit_task_letter"),
    Status.TASK_LETTER_RETURNED: _to("submit_task_letter", "return_task_letter"),
    Status.UNDER_WAY: _to("confirm_task_letter"),
    Status.MIDTERM_REPORTED: _to("submit_midterm_report"),
    Status.MIDTERM_RETURNED: _to("submit_midterm_report", "return_midterm_report"),
    Status.MIDTERM_VERIFIED: _to("verify_midterm_report"),
    Status.CONTINUING: _to("continue_project"),
    Status.SUSPENDED: _to("verify_midterm_report", "suspend"),
    Status.ACCEPTANCE_REQUESTED: _to("request_acceptance"),
    Status.ACCEPTANCE_RETURNED: _to("request_acceptance", "return_acceptance"),
    Status.ACCEPTANCE_VERIFIED: _to("verify_acceptance"),
    Status.ACCEPTED: _to("accept"),
    Status.FAILED: _to("verify_acceptance", "fail_acceptance"),
    Status.CLOSED: _to("close"),
}

COMMENTS = {
    "submit": "申报材料已填写完整，提交形式审查。",
    "withdraw": "企业调整年度申报计划，申请撤回。",
    "recommend": "材料齐全，证照有效，符合申报条件，同意推荐。",
    "return_for_correction": "产学研合作协议未加盖双方公章，请补充盖章版本后重新提交。",
    "resubmit": "已按形式审查意见补充盖章版合作协议，重新提交。",
    "not_recommend": "近三年存在知识产权严重失信行为记录，不符合申报条件，不予推荐。",
    "pass_screening": "符合本年度指南支持方向，进入专家评审。",
    "screen_out": "项目内容与本年度指南支持的产业方向关联度不高，初选未通过。",
    "close_review": "专家评审结束，按综合得分排名。",
    "not_select": "综合得分未进入拟立项范围，评审未入选。",
    "publish_notice": "列入拟立项名单，在市局网站公示5个工作日。",
    "open_objection": "公示期间收到实名异议，反映申报的部分有效发明专利已终止，予以受理核查。",
    "uphold_objection": "经核查，申报的有效发明专利数量与实际不符，异议成立，取消入选资格。",
    "dismiss_objection": "经核查，异议所涉专利均处于有效状态，异议不成立，恢复公示。",
    "close_notice": "公示期满，无成立的异议，报市政府审定。",
    "approve": "经市政府审定，同意立项。",
    "cut": "市政府审定时因年度资金安排调整，未列入立项名单。",
    "issue": "下达项目任务书，核定市级资金。",
    "submit_task_letter": "已由法定代表人签字并加盖公章，上传任务书扫描件。",
    "return_task_letter": "任务书扫描件未加盖企业公章，请盖章后重新上传。",
    "confirm_task_letter": "任务书签章齐全，确认下达，列入首期经费拨付计划。",
    "submit_midterm_report": "提交中期检查报告及经费使用情况说明。",
    "return_midterm_report": "中期报告中的专利申请数据与附件清单不一致，请核对完善。",
    "resubmit_midterm_report": "已按意见核对专利清单，重新提交中期报告。",
    "verify_midterm_report": "经核实，项目按计划推进，经费使用规范，同意报市局。",
    "continue_project": "中期检查合格，列入继续实施名单。",
    "suspend": "项目实施进度严重滞后，自筹经费未按计划到位，中止实施。",
    "request_acceptance": "项目实施期满，提交工作总结、经费审计报告和验收申请。",
    "return_acceptance": "经费审计报告缺少自筹资金使用明细，请补充后重新提交。",
    "resubmit_acceptance": "已补充自筹资金使用明细，重新提交验收申请。",
    "verify_acceptance": "已组织现场验收，材料真实完整，报市局评定。",
    "accept": "验收结论为优秀，核定验收奖励。",
    "fail_acceptance": "高价值专利、PCT申请等主要考核指标未完成，验收不通过。",
    "close": "考评监测指标已记录，项目结项。",
}
RESPONSE_TO_RETURN = "已补充加盖双方公章的产学研合作协议。"


@dataclass(frozen=True)
class ProjectSpec:
    enterprise: int
    status: str
    road: tuple[str, ...] | None = None  # default: ROADS[status]
    reward: int = 500_000  # when accepted
    comments: dict = field(default_factory=dict)
    conflicted_expert: str = ""  # in expert review: one expert declares a conflict

    @property
    def steps(self):
        return ROADS[self.status] if self.road is None else self.road


_REVISED = ("submit", "return_for_correction", "resubmit", "recommend")
_OBJECTION_DISMISSED = ("publish_notice", "open_objection", "dismiss_objection", "close_notice")
_SCAN_RETURNED = ("return_task_letter", "submit_task_letter")  # a scan without the seal, then the sealed one
_MIDTERM_REVISED = ("submit_midterm_report", "return_midterm_report", "resubmit_midterm_report")

# By call: 0 = the current year, 1 = last year, 2 = the year before.
PROJECTS: dict[int, list[ProjectSpec]] = {
    0: [
        ProjectSpec(6, Status.DRAFT),
        ProjectSpec(28, Status.DRAFT),
        ProjectSpec(2, Status.SUBMITTED),
        ProjectSpec(3, Status.SUBMITTED),
        ProjectSpec(5, Status.SUBMITTED),
        ProjectSpec(7, Status.SUBMITTED),
        ProjectSpec(9, Status.SUBMITTED),
        ProjectSpec(
            1,
            Status.RETURNED,
            comments={
                "return_for_correction": "研发机构证明材料已过有效期，请上传有效期内的省级工程技术研究中心认定文件。"
            },
        ),
        ProjectSpec(13, Status.NOT_RECOMMENDED),
        ProjectSpec(15, Status.WITHDRAWN),
        ProjectSpec(4, Status.RECOMMENDED, road=_REVISED),
        ProjectSpec(11, Status.RECOMMENDED),
        ProjectSpec(20, Status.RECOMMENDED),
        ProjectSpec(14, Status.SCREENED_OUT),
        ProjectSpec(27, Status.IN_REVIEW, conflicted_expert="demo-expert5"),
        ProjectSpec(21, Status.IN_REVIEW),
        ProjectSpec(10, Status.REVIEWED),
        ProjectSpec(18, Status.NOT_SELECTED),
        ProjectSpec(16, Status.ON_NOTICE),
        ProjectSpec(23, Status.OBJECTION),
        ProjectSpec(24, Status.OBJECTION_UPHELD),
        ProjectSpec(19, Status.PROPOSED, road=(*_to("close_review"), *_OBJECTION_DISMISSED)),
        ProjectSpec(25, Status.CUT),
        ProjectSpec(12, Status.APPROVED),
        ProjectSpec(29, Status.UNDER_WAY),
        ProjectSpec(8, Status.TASK_LETTER_ISSUED),
        ProjectSpec(17, Status.TASK_LETTER_SUBMITTED, road=(*_to("submit_task_letter"), *_SCAN_RETURNED)),
    ],
    1: [
        ProjectSpec(8, Status.MIDTERM_REPORTED),
        ProjectSpec(6, Status.MIDTERM_RETURNED),
        ProjectSpec(17, Status.MIDTERM_VERIFIED),
        ProjectSpec(
            22,
            Status.CONTINUING,
            road=(*_to("confirm_task_letter"), *_MIDTERM_REVISED, "verify_midterm_report", "continue_project"),
        ),
        ProjectSpec(26, Status.SUSPENDED),
        ProjectSpec(11, Status.NOT_SELECTED),
    ],
    2: [
        ProjectSpec(30, Status.ACCEPTANCE_REQUESTED),
        ProjectSpec(20, Status.ACCEPTANCE_RETURNED),
        ProjectSpec(3, Status.ACCEPTANCE_VERIFIED),
        ProjectSpec(1, Status.ACCEPTED, reward=700_000),  # 优秀, within what F2 leaves
        ProjectSpec(13, Status.FAILED),
        ProjectSpec(
            5,
            Status.CLOSED,
            road=(
                *_to("confirm_task_letter"),
                *_MIDTERM_REVISED,
                *MAIN_ROAD[MAIN_ROAD.index("verify_midterm_report") :],
            ),
            reward=500_000,  # 良好
        ),
        ProjectSpec(15, Status.NOT_RECOMMENDED),
    ],
}

# When each step happens in a previous year's call: (years after the call's year, month, day).
STEP_CALENDAR = {
    "submit": (0, 4, 6),
    "withdraw": (0, 4, 26),
    "return_for_correction": (0, 5, 6),
    "resubmit": (0, 5, 12),
    "recommend": (0, 5, 18),
    "not_recommend": (0, 5, 18),
    "pass_screening": (0, 6, 10),
    "screen_out": (0, 6, 10),
    "close_review": (0, 6, 30),
    "not_select": (0, 7, 3),
    "publish_notice": (0, 7, 3),
    "open_objection": (0, 7, 6),
    "uphold_objection": (0, 7, 13),
    "dismiss_objection": (0, 7, 13),
    "close_notice": (0, 7, 16),
    "approve": (0, 8, 18),
    "cut": (0, 8, 18),
    "issue": (0, 9, 8),
    "submit_task_letter": (0, 9, 15),
    "return_task_letter": (0, 9, 17),
    "confirm_task_letter": (0, 9, 22),
    "submit_midterm_report": (1, 6, 16),
    "return_midterm_report": (1, 6, 30),
    "resubmit_midterm_report": (1, 7, 8),
    "verify_midterm_report": (1, 7, 18),
    "order_rectification": (1, 8, 1),
    "continue_project": (1, 8, 15),
    "suspend": (1, 8, 15),
    "request_acceptance": (2, 9, 22),
    "return_acceptance": (2, 10, 8),
    "resubmit_acceptance": (2, 10, 15),
    "verify_acceptance": (2, 10, 22),
    "accept": (2, 11, 5),
    "fail_acceptance": (2, 11, 5),
    "close": (2, 11, 16),
}


# ---- the seed -----------------------------------------------------------------------------------------------------
@dataclass
class SeedResult:
    created: Counter = field(default_factory=Counter)  # what this run created, by kind
    status_counts: dict = field(default_factory=dict)  # every project, by status


class Seeder:
    def __init__(self):
        self.result = SeedResult()
        self.users: dict[str, User] = {}
        self.districts = {d.name: d for d in District.objects.all()}
        self.enterprises: dict[int, Enterprise] = {}
        self.password_hash = make_password(PASSWORD)

    # -- users ------------------------------------------------------------------------------------------------------
    def user(self, username, name, role, *, district=None, enterprise=None, superuser=False):
        user = User.objects.filter(username=username).first()
        if user is None:
            user = User(
                username=username,
                name=name,
                email=f"{username}@{DEMO_MAIL_DOMAIN}",  # the demo's e-mails go to the console (or a test mailbox)
                role=role,
                district=district,
                enterprise=enterprise,
                is_staff=superuser,
                is_superuser=superuser,
            )
            user.password = self.password_hash  # one hash for the shared demo password: seeding stays fast
            user.full_clean()
            user.save()
            self.result.created["users"] += 1
        self.users[username] = user
        return user

    def named_users(self, specs):
        for spec in specs:
            self.user(
                spec.username,
                spec.name,
                spec.role,
                district=self.districts[spec.district] if spec.district else None,
                enterprise=self.enterprises[spec.enterprise] if spec.enterprise else None,
                superuser=spec.superuser,
            )

    def district_officials(self):
        for name, person in DISTRICT_OFFICIALS.items():
            district = self.districts[name]
            self.user(f"dist-{district.code or district.pk}", person, Role.DISTRICT, district=district)

    def enterprise_users(self):
        for spec in ENTERPRISES:
            if spec.key not in ENTERPRISE_ACTORS:
                self.user(f"ent-{spec.key}", spec.contact, Role.ENTERPRISE, enterprise=self.enterprises[spec.key])

    # -- enterprises ------------------------------------------------------------------------------------------------
    def enterprise(self, spec: EnterpriseSpec) -> Enterprise:
        district = self.districts[spec.district]
        uscc = uscc_for(spec, district)
        enterprise = Enterprise.objects.filter(uscc=uscc).first()
        if enterprise is None:
            enterprise = enterprise_create(
                by=self.users["demo-bureau"],
                uscc=uscc,
                name=spec.name,
                district=district,
                industry=industry_named(spec.industry),
                founded_on=spec.founded,
                address=f"{ADDRESSES.get(spec.district, spec.district)}{100 + spec.key * 17}号",
                contact_person=spec.contact,
                contact_phone=f"0512-6{spec.key * 2713 % 10_000_000:07d}",
                contact_email=f"ip{spec.key:02d}@example.com",
                flags_evidence="；".join(FLAG_EVIDENCE[f] for f in spec.flags),
                is_talent_enterprise=spec.profile == "T",
                **dict.fromkeys(spec.flags, True),
            )
            self.result.created["enterprises"] += 1
        self.enterprises[spec.key] = enterprise
        return enterprise

    # -- calls ------------------------------------------------------------------------------------------------------
    def call(self, year, *, historical) -> tuple[AnnualCall, dict]:
        """The year's call and the dates it must end with (its real calendar for a previous year)."""
        call = AnnualCall.objects.filter(year=year).first()
        if call is not None:
            return call, _dates_of(call)
        today = timezone.localdate()
        open_window = {
            "application_opens_on": today - datetime.timedelta(days=60),
            # three days left: inside the reminder window (7, 3, 1 days before), so the demo shows reminders
            "application_closes_on": today + datetime.timedelta(days=DAYS_LEFT_TO_APPLY),
            "district_review_deadline": today + datetime.timedelta(days=50),
        }
        final = historical_dates(year) if historical else open_window
        later = historical_dates(year)  # expert review, mid-term and acceptance follow the year's calendar
        call = AnnualCall(
            year=year,
            title=f"{year}年度苏州市企业知识产权登峰行动计划项目申报指南",
            document_number=f"苏市监知〔{year}〕{8 - (today.year - year)}号",
            published_on=final["application_opens_on"] - datetime.timedelta(days=5),
            expert_review_starts_on=final["district_review_deadline"] + datetime.timedelta(days=10),
            expert_review_ends_on=final["district_review_deadline"] + datetime.timedelta(days=25),
            midterm_opens_on=later["midterm_opens_on"],
            midterm_closes_on=later["midterm_closes_on"],
            acceptance_opens_on=later["acceptance_opens_on"],
            acceptance_closes_on=later["acceptance_closes_on"],
            **open_window,
        )
        call.full_clean()
        call.save()
        call.supported_industries.set(IndustryChain.objects.filter(is_active=True))
        self.result.created["calls"] += 1
        return call, {k: final[k] for k in DATE_FIELDS}

    @contextmanager
    def open_for_walking(self, call, final, *, needed=True):
        """Submitting needs the call open and the district's review before its deadline: open it while walking
        (when ``needed``), then leave it with its ``final`` dates."""
        today = timezone.localdate()
        if needed and not (call.is_open_on(today) and today <= call.district_review_deadline):
            call.application_opens_on = min(call.application_opens_on, today)
            call.application_closes_on = max(call.application_closes_on, today)
            call.district_review_deadline = max(call.district_review_deadline, today)
            call.save()
        yield
        if _dates_of(call) != final:
            for name, value in final.items():
                setattr(call, name, value)
            call.full_clean()
            call.save()

    # -- projects ---------------------------------------------------------------------------------------------------
    def actor(self, transition, project):
        role = STEPS[transition].actor
        if role == Role.BUREAU:
            return self.users["demo-bureau"]
        if role == Role.DISTRICT:
            district = project.district
            return self.users[DISTRICT_ACTORS.get(district.name, f"dist-{district.code or district.pk}")]
        key = next(k for k, e in self.enterprises.items() if e.pk == project.enterprise_id)
        return self.users[ENTERPRISE_ACTORS.get(key, f"ent-{key}")]

    def project(self, call, spec: ProjectSpec, *, historical) -> Project | None:
        enterprise = self.enterprises[spec.enterprise]
        if Project.objects.filter(call=call, enterprise=enterprise).exists():
            return None  # left as it is: never walked twice
        about = ENTERPRISE_BY_KEY[spec.enterprise]
        owner = self.users[ENTERPRISE_ACTORS.get(about.key, f"ent-{about.key}")]
        government = Decimal(500_000 + (about.key * 7 + call.year) % 11 * 50_000)
        own = (government * Decimal(str(2 + (about.key % 4) * 0.4))).quantize(Decimal("1"), rounding=ROUND_HALF_UP)
        project = project_create(
            call=call,
            enterprise=enterprise,
            by=owner,
            title=about.title,
            government_funding=government,
            own_investment=own,
        )
        fill_application(project, about, by=owner)
        for name in spec.steps:
            self.step(project, name, spec)
            if name == "pass_screening" and not historical:  # experts are assigned during expert review (R2)
                self.assign_experts(project, spec.conflicted_expert)
        if project.status != spec.status:
            raise RuntimeError(f"{project} 应为“{Status(spec.status).label}”，实为“{project.get_status_display()}”。")
        if historical:
            backdate_timeline(project, spec.enterprise)
            expert_review.backdate(project)
            funding_demo.backdate(project)
        checks_demo.record(self, project, spec.enterprise)
        self.result.created["projects"] += 1
        return project

    def step(self, project, name, spec):
        by = self.actor(name, project)
        comment = spec.comments.get(name, COMMENTS[name])
        if name == "resubmit" and project.formal_reviews.exists():
            formal_review_respond(project=project, by=by, response=RESPONSE_TO_RETURN)
        reward = min(Decimal(spec.reward), reward_cap(project)) if name == "accept" else None  # F4 within the ask
        take_step(project, name, by=by, comment=comment, reward_amount=reward)
        funding_demo.after_step(self, project, name, calendar=STEP_CALENDAR)

    def assign_experts(self, project, conflicted):

        for username in EXPERTS:
            conflict = username == conflicted
            assignment = ExpertAssignment(
                project=project,
                expert=self.users[username],
                conflict_of_interest=conflict,
                conflict_reason="近三年曾为该企业提供技术咨询服务，申请回避。" if conflict else "",
            )
            assignment.full_clean()
            assignment.save()

    # -- all --------------------------------------------------------------------------------------------------------
    def run(self) -> SeedResult:
        bureau = next(s for s in NAMED_USERS if s.username == "demo-bureau")
        self.named_users([bureau])
        for spec in ENTERPRISES:
            self.enterprise(spec)
        self.named_users([s for s in NAMED_USERS if s is not bureau])
        expert_review.seed_pool(self)
        self.district_officials()
        self.enterprise_users()
        year = timezone.localdate().year
        for offset in (2, 1, 0):
            call, final = self.call(year - offset, historical=offset > 0)
            missing = [
                spec
                for spec in PROJECTS[offset]
                if not Project.objects.filter(call=call, enterprise=self.enterprises[spec.enterprise]).exists()
            ]
            with self.open_for_walking(call, final, needed=bool(missing)):
                for spec in missing:
                    self.project(call, spec, historical=offset > 0)
            if offset == 0:
                expert_review.seed_scoring(self, call)
        made = notices.seed_notices()  # one notice a year in its calendar, this year's in its period (R3)
        self.result.created["notices"] += made["notices"]
        monitoring.seed(self, specs=ENTERPRISE_BY_KEY, figures_of=figures)  # S7 records over the years, F6
        dashboard.seed_policy_draft(self)
        self.result.created["reminders"] += remind_all(timezone.localdate())  # what the daily beat would send today
        self.result.status_counts = status_counts()
        return self.result


def seed_demo() -> SeedResult:
    """Create what is missing of the demo data, all or nothing."""
    with transaction.atomic():
        return Seeder().run()


# ---- helpers ------------------------------------------------------------------------------------------------------
DEMO_MAIL_DOMAIN = "example.com"  # reserved for examples (RFC 2606): a demo mail never reaches a real person
DAYS_LEFT_TO_APPLY = 3  # the current call closes inside the reminder window
DATE_FIELDS = ("application_opens_on", "application_closes_on", "district_review_deadline")


def _dates_of(call):
    return {name: getattr(call, name) for name in DATE_FIELDS}


def historical_dates(year):
    return {
        "application_opens_on": D(year, 3, 10),
        "application_closes_on": D(year, 4, 30),
        "district_review_deadline": D(year, 5, 31),
        "midterm_opens_on": D(year + 1, 6, 1),
        "midterm_closes_on": D(year + 1, 7, 31),
        "acceptance_opens_on": D(year + 2, 9, 1),
        "acceptance_closes_on": D(year + 2, 11, 30),
    }


def industry_named(name):
    """The industry by name; an active one if the bureau has renamed or retired it (the call supports active ones)."""
    return (
        IndustryChain.objects.filter(name=name, is_active=True).first()
        or IndustryChain.objects.filter(is_active=True).first()
    )


def status_counts():
    counts = Counter(Project.objects.values_list("status", flat=True))
    return {status: counts[status] for status in Status.values if counts[status]}


def _split(total: Decimal, shares=(Decimal("0.3"), Decimal("0.5"))):
    parts = [(total * share).quantize(Decimal("0.01")) for share in shares]
    return [*parts, total - sum(parts)]


def figures(spec: EnterpriseSpec) -> dict:
    """The application's figures for the enterprise's track (E3a, E3b, talent T, or relaxed X)."""
    k = spec.key
    if spec.profile == "E3a":
        return {
            "valid_invention_patents": 52 + k * 7 % 60,
            "foreign_invention_applications": 5 + k % 8,
            "foreign_invention_grants": 2 + k % 4,
            "registered_trademarks": 8 + k % 20,
        }
    if spec.profile == "E3b":
        return {
            "valid_invention_patents": 21 + k * 3 % 25,
            "foreign_invention_applications": k % 5,
            "foreign_invention_grants": 2 + k % 3,
            "registered_trademarks": 5 + k % 12,
        }
    if spec.profile == "T":
        return {
            "valid_invention_patents": 11 + k % 8,
            "foreign_invention_applications": 1,
            "foreign_invention_grants": 1,
            "registered_trademarks": 3 + k % 5,
        }
    return {
        "valid_invention_patents": 30 + k % 10,
        "foreign_invention_applications": 2,
        "foreign_invention_grants": 1,
        "registered_trademarks": 4 + k % 6,
    }


def fill_application(project, spec: EnterpriseSpec, *, by):
    """Every section of the application, filled as the enterprise's user would, and the required attachments."""
    from projects.models import BudgetLine, Milestone, Partner, Standard, TargetIndicator
    from projects.submission import application_of

    k = spec.key
    numbers = figures(spec)

    def apply(locked):
        app = application_of(locked)
        app.contact_person = spec.contact
        app.contact_phone = locked.enterprise.contact_phone
        app.contact_email = locked.enterprise.contact_email
        app.rd_institution_level = "national" if k % 5 == 0 else "provincial"
        app.rd_institution_name = f"江苏省{spec.product}工程技术研究中心"
        app.has_ip_department = True
        app.ip_department_name = "知识产权部"
        app.ip_staff_count = 3 + k % 6
        app.has_ip_strategy_plan = True
        if spec.profile == "T" or k % 3 == 0:
            app.certification_body = "苏州恒标认证有限公司（演示）"
            app.certification_number = f"IPMS-{2020 + k % 4}-{k:04d}"
            app.certification_date = D(2020 + k % 4, 1 + k % 12, 1 + k % 27)
        for name, value in numbers.items():
            setattr(app, name, value)
        app.goals = (
            f"围绕{spec.product}，实施期内构建覆盖核心技术的高价值专利组合，新增发明专利申请{20 + k}件、"
            f"PCT国际专利申请{3 + k % 5}件，提升知识产权运用和风险防控能力。"
        )
        app.measures_k1 = f"开展{spec.product}全球专利大数据分析，绘制技术路线图，明确研发方向和专利布局重点。"
        app.measures_k2 = "围绕核心产品开展专利挖掘与布局，推进专利许可转化，参与相关标准制定，加强商标品牌培育。"
        app.measures_k3 = "完善知识产权管理机构和制度，引进和培养知识产权专业人才，建立专利预警和维权机制。"
        app.save()
        kind, name = PARTNERS[k % len(PARTNERS)]
        Partner.objects.create(
            project=locked, kind=kind, name=name, cooperation=f"共建{spec.product}联合研发中心", is_joint_applicant=True
        )
        Partner.objects.create(
            project=locked,
            kind="service",
            name="苏州衡信知识产权代理有限公司（演示）",
            cooperation="专利导航与布局服务",
        )
        Standard.objects.create(
            project=locked,
            level="industry",
            number=f"SJ/T {11000 + k * 13}-{2018 + k % 6}",
            name=f"{spec.product}通用技术要求",
        )
        Milestone.objects.create(
            project=locked,
            year_index=1,
            content=f"完成{spec.product}专利导航分析，新增发明专利申请{10 + k % 10}件，建立专利预警机制。",
        )
        for year in range(2, locked.call.implementation_years + 1):
            Milestone.objects.create(
                project=locked, year_index=year, content="形成高价值专利组合，开展专利许可与标准化工作，完成验收。"
            )
        TargetIndicator.objects.create(project=locked, name="新增发明专利申请", baseline=0, target=20 + k)
        TargetIndicator.objects.create(project=locked, name="PCT国际专利申请", baseline=0, target=3 + k % 5)
        TargetIndicator.objects.create(project=locked, name="主导或参与制定标准", unit="项", baseline=1, target=2)
        uses = (BudgetUse.BIG_DATA, BudgetUse.HIGH_VALUE, BudgetUse.BRAND if k % 2 else BudgetUse.STANDARDS)
        for use, government, own in zip(
            uses, _split(locked.government_funding), _split(locked.own_investment), strict=True
        ):
            BudgetLine.objects.create(project=locked, use=use, government_amount=government, own_amount=own)

    application_edit(project=project, by=by, apply=apply)
    if k in ENTERPRISE_ACTORS or k % 4 == 0:  # an imported patent list for the demo logins and a few others
        patent_import_confirm(project=project, by=by, uploaded_file=patent_list_xlsx(k, numbers))
    for slot in project.call.required_attachments or []:
        upload = SimpleUploadedFile(f"{AttachmentSlot(slot).label}.pdf", MINIMAL_PDF, content_type="application/pdf")
        attachment_add(project=project, by=by, slot=slot, upload=upload)


def patent_list_xlsx(k, numbers) -> SimpleUploadedFile:
    """A patent list as an enterprise would export it: valid Chinese inventions (with correct check characters),
    foreign applications and grants, and a few utility models that the E3 counts leave out."""
    import io

    import openpyxl

    from common.identifiers import patent_check_character

    def cn(year, type_digit, seq):
        body = f"{year}{type_digit}{seq:07d}"
        return f"{body}.{patent_check_character(body)}"

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["申请号", "专利名称", "专利类型", "法律状态", "国家/地区", "申请日", "授权日"])
    for i in range(numbers["valid_invention_patents"]):
        year = 2014 + i % 8
        sheet.append(
            [
                cn(year, 1, 100000 + k * 1000 + i),
                f"一种{['控制', '制备', '检测', '封装'][i % 4]}方法（演示{i + 1}）",
                "发明",
                "有效",
                "CN",
                f"{year}-03-{1 + i % 28:02d}",
                f"{year + 2}-09-{1 + i % 28:02d}",
            ]
        )
    grants = numbers["foreign_invention_grants"]
    for i in range(max(numbers["foreign_invention_applications"], grants)):
        if i < grants:
            sheet.append(
                [
                    f"US{11000000 + k * 100 + i}B2",
                    f"Demo device {i + 1}",
                    "发明",
                    "有效",
                    "US",
                    "2019-05-06",
                    "2022-08-09",
                ]
            )
        else:
            sheet.append([f"WO2023{k:03d}{i:03d}", f"示例国际申请{i + 1}", "发明", "审中", "WO", "2023-02-14", ""])
    for i in range(3):
        sheet.append(
            [
                cn(2021, 2, 500000 + k * 10 + i),
                f"一种示例装置（演示{i + 1}）",
                "实用新型",
                "有效",
                "CN",
                "2021-04-01",
                "2021-11-19",
            ]
        )
    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile("专利清单.xlsx", buffer.getvalue())


def backdate_timeline(project, key):
    """Demo history: move a previous year's project's StateLog rows into its call's calendar, in order, each
    before now. The only direct write of the seed."""
    logs = list(StateLog.objects.for_(project).order_by("timestamp", "pk"))
    year = project.call.year
    when = []
    for i, log in enumerate(logs):
        years, month, day = STEP_CALENDAR.get(log.transition, (0, 4, 6))
        jitter = (key * 3 + i) % 9 if log.transition != "submit" else key * 5 % 20
        moment = datetime.datetime(year + years, month, day, 9 + (key + i) % 8, key * 7 % 60)
        when.append(timezone.make_aware(moment + datetime.timedelta(days=jitter)))
    for i in range(1, len(when)):  # in order
        if when[i] <= when[i - 1]:
            when[i] = when[i - 1] + datetime.timedelta(hours=2)
    limit = timezone.now() - datetime.timedelta(days=1)
    for i in reversed(range(len(when))):  # and in the past
        when[i] = min(when[i], limit)
        limit = when[i] - datetime.timedelta(hours=1)
    for log, moment in zip(logs, when, strict=True):
        StateLog.objects.filter(pk=log.pk).update(timestamp=moment)
    backdate_records(project, list(zip(logs, when, strict=True)))


def backdate_records(project, dated_logs):
    """9.19: what each step wrote takes the step's date — the submission time and its snapshots, the district's
    formal reviews, the tranches' decisions — so that a previous year's project reads as it happened."""
    from reviews.models import FormalReview

    submits = [moment for log, moment in dated_logs if log.transition in ("submit", "resubmit")]
    if submits:
        Project.objects.filter(pk=project.pk).update(submitted_at=submits[-1])
        for snapshot, moment in zip(project.snapshots.order_by("version"), submits, strict=False):
            Snapshot.objects.filter(pk=snapshot.pk).update(created_at=moment)
    decided = ("recommend", "not_recommend", "return_for_correction")
    decisions = [moment for log, moment in dated_logs if log.transition in decided]
    for review, moment in zip(FormalReview.objects.filter(project=project).order_by("round"), decisions, strict=False):
        FormalReview.objects.filter(pk=review.pk).update(decided_at=moment)
    steps = {log.transition: moment for log, moment in dated_logs}
    for tranche in project.tranches.all():
        decided = steps.get("issue" if tranche.kind == "first" else "accept")
        if decided is not None:
            type(tranche).objects.filter(pk=tranche.pk).update(decided_at=decided)
