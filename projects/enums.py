"""The lifecycle's states, grouped by phase.

GLOSSARY: 申报→形式审查→初选→评审→公示→市政府审定→下达→中期检查→验收→考评.
"""

from django.db import models


class Phase(models.IntegerChoices):
    APPLY = 1, "申报"
    FORMAL_REVIEW = 2, "形式审查"
    SCREENING = 3, "初选"
    EXPERT_REVIEW = 4, "专家评审"
    PUBLIC_NOTICE = 5, "公示"
    GOVERNMENT_APPROVAL = 6, "市政府审定"
    ISSUING = 7, "下达"
    MIDTERM = 8, "中期检查"
    ACCEPTANCE = 9, "期满验收"
    EVALUATION = 10, "考评监测"


class Status(models.TextChoices):
    # 1 申报
    DRAFT = "draft", "草稿"
    WITHDRAWN = "withdrawn", "已撤回"
    # 2 形式审查
    SUBMITTED = "submitted", "待形式审查"
    RETURNED = "returned", "退回修改"
    NOT_RECOMMENDED = "not_recommended", "不予推荐"
    # 3 初选
    RECOMMENDED = "recommended", "已推荐，待初选"
    SCREENED_OUT = "screened_out", "初选未通过"
    # 4 评审
    IN_REVIEW = "in_review", "专家评审中"
    REVIEWED = "reviewed", "评审完成，已排名"
    NOT_SELECTED = "not_selected", "评审未入选"
    # 5 公示
    ON_NOTICE = "on_notice", "公示中"
    OBJECTION = "objection", "异议核查中"
    OBJECTION_UPHELD = "objection_upheld", "异议成立，取消入选"
    # 6 市政府审定
    PROPOSED = "proposed", "报市政府审定"
    CUT = "cut", "市政府未批准"
    APPROVED = "approved", "已批准立项"
    # 7 下达
    TASK_LETTER_ISSUED = "task_letter_issued", "任务书已下达，待企业签章"
    TASK_LETTER_SUBMITTED = "task_letter_submitted", "任务书签章件待确认"
    TASK_LETTER_RETURNED = "task_letter_returned", "任务书签章件退回重新上传"
    UNDER_WAY = "under_way", "实施中"
    # 8 中期检查
    MIDTERM_REPORTED = "midterm_reported", "中期报告待核实"
    MIDTERM_RETURNED = "midterm_returned", "中期材料退回完善"
    MIDTERM_VERIFIED = "midterm_verified", "中期已核实，待市局决定"
    SUSPENDED = "suspended", "已中止"
    CONTINUING = "continuing", "继续实施"
    # 9 期满验收
    ACCEPTANCE_REQUESTED = "acceptance_requested", "验收申请待核实"
    ACCEPTANCE_RETURNED = "acceptance_returned", "验收材料退回完善"
    ACCEPTANCE_VERIFIED = "acceptance_verified", "验收已核实，待市局评定"
    ACCEPTED = "accepted", "验收通过"
    FAILED = "failed", "验收不通过"
    # 10 考评监测
    CLOSED = "closed", "已结项"


PHASE_OF_STATUS: dict[str, Phase] = {
    Status.DRAFT: Phase.APPLY,
    Status.WITHDRAWN: Phase.APPLY,
    Status.SUBMITTED: Phase.FORMAL_REVIEW,
    Status.RETURNED: Phase.FORMAL_REVIEW,
    Status.NOT_RECOMMENDED: Phase.FORMAL_REVIEW,
    Status.RECOMMENDED: Phase.SCREENING,
    Status.SCREENED_OUT: Phase.SCREENING,
    Status.IN_REVIEW: Phase.EXPERT_REVIEW,
    Status.REVIEWED: Phase.EXPERT_REVIEW,
    Status.NOT_SELECTED: Phase.EXPERT_REVIEW,
    Status.ON_NOTICE: Phase.PUBLIC_NOTICE,
    Status.OBJECTION: Phase.PUBLIC_NOTICE,
    Status.OBJECTION_UPHELD: Phase.PUBLIC_NOTICE,
    Status.PROPOSED: Phase.GOVERNMENT_APPROVAL,
    Status.CUT: Phase.GOVERNMENT_APPROVAL,
    Status.APPROVED: Phase.GOVERNMENT_APPROVAL,
    Status.TASK_LETTER_ISSUED: Phase.ISSUING,
    Status.TASK_LETTER_SUBMITTED: Phase.ISSUING,
    Status.TASK_LETTER_RETURNED: Phase.ISSUING,
    Status.UNDER_WAY: Phase.ISSUING,
    Status.MIDTERM_REPORTED: Phase.MIDTERM,
    Status.MIDTERM_RETURNED: Phase.MIDTERM,
    Status.MIDTERM_VERIFIED: Phase.MIDTERM,
    Status.SUSPENDED: Phase.MIDTERM,
    Status.CONTINUING: Phase.MIDTERM,
    Status.ACCEPTANCE_REQUESTED: Phase.ACCEPTANCE,
    Status.ACCEPTANCE_RETURNED: Phase.ACCEPTANCE,
    Status.ACCEPTANCE_VERIFIED: Phase.ACCEPTANCE,
    Status.ACCEPTED: Phase.ACCEPTANCE,
    Status.FAILED: Phase.ACCEPTANCE,
    Status.CLOSED: Phase.EVALUATION,
}

# Ways out: the application or project will not go on.
ENDED_STATES = frozenset(
    {
        Status.WITHDRAWN,
        Status.NOT_RECOMMENDED,
        Status.SCREENED_OUT,
        Status.NOT_SELECTED,
        Status.OBJECTION_UPHELD,
        Status.CUT,
        Status.CLOSED,
    }
)
# The enterprise may edit its application only here.
EDITABLE_STATES = frozenset({Status.DRAFT, Status.RETURNED})
# Funded: approved by the city government and not (yet) ended.
FUNDED_STATES = frozenset(
    {
        Status.APPROVED,
        Status.TASK_LETTER_ISSUED,
        Status.TASK_LETTER_SUBMITTED,
        Status.TASK_LETTER_RETURNED,
        Status.UNDER_WAY,
        Status.MIDTERM_REPORTED,
        Status.MIDTERM_RETURNED,
        Status.MIDTERM_VERIFIED,
        Status.SUSPENDED,
        Status.CONTINUING,
        Status.ACCEPTANCE_REQUESTED,
        Status.ACCEPTANCE_RETURNED,
        Status.ACCEPTANCE_VERIFIED,
        Status.ACCEPTED,
        Status.FAILED,
        Status.CLOSED,
    }
)
# Counted against the yearly quota F1 once approved.
QUOTA_STATES = FUNDED_STATES
# Not (yet) recommended by the district: what the per-district recommendation limit does not count.
DISTRICT_UNDECIDED_STATES = frozenset(
    {Status.DRAFT, Status.WITHDRAWN, Status.SUBMITTED, Status.RETURNED, Status.NOT_RECOMMENDED}
)
# Waiting for a district official.
DISTRICT_QUEUE_STATES = frozenset({Status.SUBMITTED, Status.MIDTERM_REPORTED, Status.ACCEPTANCE_REQUESTED})
# Waiting for the enterprise.
ENTERPRISE_QUEUE_STATES = frozenset(
    {
        Status.DRAFT,
        Status.RETURNED,
        Status.TASK_LETTER_ISSUED,
        Status.TASK_LETTER_RETURNED,
        Status.UNDER_WAY,
        Status.MIDTERM_RETURNED,
        Status.CONTINUING,
        Status.ACCEPTANCE_RETURNED,
    }
)


# ---- the application's choices -------------------------------------------------------------------------------
class BudgetUse(models.TextChoices):
    """F5: what the money supports."""

    BIG_DATA = "big_data", "专利大数据分析研究"
    HIGH_VALUE = "high_value", "高质量高价值专利申请确权、挖掘与布局"
    ACQUISITION = "acquisition", "关键专利收购、许可使用和战略兼并"
    BRAND = "brand", "品牌培育"
    STANDARDS = "standards", "技术产品标准化建设"


class AttachmentSlot(models.TextChoices):
    """Typed slots for attachments."""

    BUSINESS_LICENSE = "business_license", "营业执照"
    RD_INSTITUTION = "rd_institution", "研发机构证明"
    COOPERATION = "cooperation", "产学研合作协议"
    IP_STRATEGY = "ip_strategy", "知识产权战略规划/管理制度"
    CERTIFICATION = "certification", "贯标证书"
    STANDARD = "standard", "标准文本"
    TRADEMARK = "trademark", "商标注册证"
    OTHER = "other", "其他"


class PatentType(models.TextChoices):
    INVENTION = "invention", "发明"
    UTILITY = "utility", "实用新型"
    DESIGN = "design", "外观设计"


class PatentLegalStatus(models.TextChoices):
    PENDING = "pending", "审中"
    VALID = "valid", "有效"
    INVALID = "invalid", "失效"
