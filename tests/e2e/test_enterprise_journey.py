"""Enterprise portal, end to end in a real browser (issue "enterprise portal", Done when): a new enterprise signs
up, its district approves it, it fills in the whole application through the forms, imports its patent list,
uploads the attachments, sees the eligibility panel turn to 符合申报条件, submits and downloads the PDF."""

import io
import re
from decimal import Decimal

import openpyxl
from playwright.sync_api import expect

from accounts.models import User
from common.identifiers import patent_check_character, uscc_check_character
from projects.enums import Status
from projects.models import Application, Project
from tests import factories
from tests.e2e import JOURNEY, go, log_in

pytestmark = JOURNEY

ENTERPRISE = "苏州峰测光电科技有限公司"
USCC_BODY = "91320594MA1XE2E01"  # 17 characters; the 18th is the GB 32100 check character
USERNAME = "fengce"
PASSWORD = "Fengce-2030-ip"
TINY_PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
LIVE_PREVIEW_MS = 3_000  # the panel asks 400 ms after the last keystroke; the answer takes ~0.1 s
REQUIRED_ATTACHMENTS = ["营业执照", "研发机构证明", "产学研合作协议", "知识产权战略规划/管理制度"]


def patent_list_xlsx(valid_cn=50, foreign_applications=3, foreign_grants=2) -> bytes:
    """An enterprise's patent list for the E3a track: valid Chinese inventions with correct check characters,
    pending international applications and granted US patents (both count as applications abroad), and a utility
    model that the E3 counts leave out."""

    def cn(year, type_digit, seq):
        body = f"{year}{type_digit}{seq:07d}"
        return f"{body}.{patent_check_character(body)}"

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["申请号", "专利名称", "专利类型", "法律状态", "国家/地区", "申请日", "授权日"])
    for i in range(valid_cn):
        year = 2015 + i % 8
        sheet.append(
            [
                cn(year, 1, 200000 + i),
                f"一种光学检测方法{i + 1}",
                "发明",
                "有效",
                "CN",
                f"{year}-03-01",
                f"{year + 2}-09-01",
            ]
        )
    for i in range(foreign_applications):
        sheet.append([f"WO2024{i:06d}", f"国际申请{i + 1}", "发明", "审中", "WO", "2024-02-14", ""])
    for i in range(foreign_grants):
        sheet.append(
            [f"US{11200000 + i}B2", f"Optical probe {i + 1}", "发明", "有效", "US", "2019-05-06", "2022-08-09"]
        )
    sheet.append([cn(2021, 2, 300001), "一种检测夹具", "实用新型", "有效", "CN", "2021-04-01", "2021-11-19"])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def sign_up(page, uscc):
    page.goto("/accounts/login/")
    go(page, page.get_by_role("link", name="注册企业账号"))
    expect(page.get_by_role("heading", name="企业注册")).to_be_visible()
    page.get_by_label("统一社会信用代码").fill(uscc)
    page.get_by_label("企业名称").fill(ENTERPRISE)
    page.get_by_label("所属市、区").select_option(label="苏州工业园区")
    page.get_by_label("联系人").fill("王芳")
    page.get_by_label("联系电话").fill("0512-62880001")
    page.get_by_label("电子邮箱").fill("ip@fengce.example.com")
    page.get_by_label("登录用户名").fill(USERNAME)
    page.get_by_label(re.compile("^密码")).fill(PASSWORD)
    page.get_by_label("再次输入密码").fill(PASSWORD)
    go(page, page.get_by_role("button", name="提交注册申请"))
    expect(page.get_by_role("heading", name="注册申请已提交")).to_be_visible()


def approve_registration(page):
    go(page, page.get_by_role("link", name="企业注册审核"))
    row = page.get_by_role("row").filter(has_text=ENTERPRISE)
    go(page, row.get_by_role("button", name="通过", exact=True))
    expect_message(page, f"已通过“{ENTERPRISE}”的注册申请，账号 {USERNAME} 已开通。")


def expect_message(page, text):
    """A message at the top of the page (Django messages, role=alert)."""
    expect(page.get_by_role("alert").filter(has_text=text)).to_be_visible()


def save_section(page, title):
    go(page, page.get_by_role("button", name="保存草稿"))
    expect_message(page, f"“{title}”已保存。")


def open_tab(page, title):
    go(page, page.get_by_role("link", name=title, exact=True))
    expect(page.get_by_role("link", name=title, exact=True)).to_have_class(re.compile(r"\bactive\b"))


def add_row(page, prefix):
    """Click the formset's "＋ 添加一行" and return the new row's field-name prefix (e.g. ``milestones-1``)."""
    box = page.locator(f'.df-formset[data-prefix="{prefix}"]')
    total = box.locator(f'[name="{prefix}-TOTAL_FORMS"]')
    index = int(total.input_value())
    box.get_by_role("button", name="添加一行").click()
    expect(total).to_have_value(str(index + 1))
    return f"{prefix}-{index}"


def field(page, name):
    return page.locator(f'[name="{name}"]')


def fill_basic(page):
    page.get_by_label("项目名称").fill("光电检测核心技术高价值专利培育项目")
    page.get_by_label("产业集群/产业链").select_option(label="集成电路")
    expect(page.get_by_label("项目联系人")).to_have_value("王芳")  # from the sign-up
    save_section(page, "基本信息")


def fill_partners(page):
    field(page, "partners-0-kind").select_option(label="高等院校")
    field(page, "partners-0-name").fill("苏州大学")
    field(page, "partners-0-cooperation").fill("共建光电检测联合实验室")
    row = add_row(page, "partners")
    field(page, f"{row}-kind").select_option(label="知识产权服务机构")
    field(page, f"{row}-name").fill("苏州知识产权运营中心")
    save_section(page, "合作单位")


def fill_plan(page, years):
    page.get_by_label("总体目标").fill("两年内建成覆盖光电检测核心技术的高价值专利组合。")
    page.get_by_label("实施要点（一）：开展专利大数据分析，确定研发策略与产学研合作").fill(
        "开展全球专利大数据分析，明确技术路线。"
    )
    page.get_by_label("实施要点（二）：强化知识产权运用能力（攻防、品牌、标准等）").fill(
        "围绕核心产品开展专利挖掘布局和标准化。"
    )
    page.get_by_label("实施要点（三）：优化配置知识产权资源（组织、人才、运营管理）").fill(
        "完善知识产权管理机构，引进高层次人才。"
    )
    for year in range(1, years + 1):
        row = "milestones-0" if year == 1 else add_row(page, "milestones")
        field(page, f"{row}-year_index").fill(str(year))
        field(page, f"{row}-content").fill(f"第{year}年：新增发明专利申请{10 * year}件。")
    field(page, "indicators-0-name").fill("高价值发明专利")
    field(page, "indicators-0-target").fill("20")
    save_section(page, "实施方案")


def fill_budget(page, government_lines, own_lines):
    """Totals 1,000,000 (F2 cap) and 2,000,000 (F3: 200%), split over two uses as given."""
    page.get_by_label("申请市级资金（元）").fill("1000000")
    page.get_by_label("自筹知识产权投入（元）").fill("2000000")
    if not field(page, "budget-1-use").count():  # one line to start with; a page sent back keeps both
        add_row(page, "budget")
    uses = ["专利大数据分析研究", "品牌培育"]
    for row, use, government, own in zip(["budget-0", "budget-1"], uses, government_lines, own_lines, strict=True):
        field(page, f"{row}-use").select_option(label=use)
        field(page, f"{row}-government_amount").fill(government)
        field(page, f"{row}-own_amount").fill(own)
    go(page, page.get_by_role("button", name="保存草稿"))


def import_patents(page):
    page.get_by_label("专利清单文件").set_input_files(
        {"name": "专利清单.xlsx", "mimeType": XLSX, "buffer": patent_list_xlsx()}
    )
    go(page, page.get_by_role("button", name="上传并预览"))
    expect(page.locator(".alert-success")).to_contain_text(
        "导入后将统计为：有效发明专利 50 件，国（境）外发明专利申请 5 件，国（境）外授权发明专利 2 件。"
    )
    go(page, page.get_by_role("button", name="确认导入（替换原清单）"))
    expect_message(page, "已导入56件专利，专利数量已按清单更新。")


def upload_attachments(page):
    for n, label in enumerate(REQUIRED_ATTACHMENTS, start=1):
        page.get_by_label("附件类型").select_option(label=label)
        name = f"附件{n}.pdf"
        page.get_by_label(re.compile("^文件")).set_input_files(
            {"name": name, "mimeType": "application/pdf", "buffer": TINY_PDF}
        )
        go(page, page.get_by_role("button", name="上传", exact=True))
        expect_message(page, f"已上传“{name}”。")


def fill_figures_until_eligible(page):
    """Everything but the IP strategy plan, saved: the panel says not eligible (E2); with it: 符合申报条件.
    That it turns while typing, before saving, is checked by
    ``test_eligibility_panel_turns_while_typing_before_anything_is_saved``."""
    panel = page.locator("#df-eligibility")
    page.get_by_label("研发机构级别").select_option(label="省级")
    page.get_by_label("研发机构名称").fill("江苏省光电检测工程技术研究中心")
    page.get_by_label("设有知识产权管理部门").check()
    page.get_by_label("知识产权管理部门名称").fill("知识产权部")
    page.get_by_label("知识产权专职人员（人）").fill("3")
    page.get_by_label("注册商标（件）").fill("6")
    expect(page.get_by_label("有效发明专利（件）")).to_be_disabled()  # counted from the imported list
    expect(page.get_by_label("有效发明专利（件）")).to_have_value("50")
    field(page, "standards-0-level").select_option(label="行业标准")
    field(page, "standards-0-number").fill("SJ/T 11999-2024")
    field(page, "standards-0-name").fill("光电检测设备通用规范")
    save_section(page, "申报条件数据")
    expect(panel).to_contain_text("不符合申报条件")
    expect(panel).to_contain_text("缺少知识产权战略规划")

    page.get_by_label("制定知识产权战略规划").check()
    save_section(page, "申报条件数据")
    expect(panel.locator(".badge")).to_have_text("符合申报条件")
    expect(panel).to_contain_text("申报路径：申报条件（三）：有效发明专利及国（境）外申请发明专利")


def test_new_enterprise_signs_up_applies_submits_and_downloads_its_pdf(open_window):
    call = factories.AnnualCallFactory()
    official = factories.DistrictOfficialFactory(district=factories.district("苏州工业园区"))
    uscc = USCC_BODY + uscc_check_character(USCC_BODY)

    enterprise_page = open_window()
    sign_up(enterprise_page, uscc)

    official_page = log_in(open_window(), official.username, factories.PASSWORD)
    approve_registration(official_page)

    page = log_in(enterprise_page, USERNAME, PASSWORD)
    expect(page.get_by_test_id("user-role")).to_contain_text(ENTERPRISE)
    go(page, page.get_by_role("button", name=f"开始填写{call.year}年度申报书"))
    expect_message(page, "已创建申报书草稿")
    project = Project.objects.get(enterprise__uscc=uscc, call=call)

    fill_basic(page)
    open_tab(page, "合作单位")
    fill_partners(page)
    open_tab(page, "实施方案")
    fill_plan(page, years=call.implementation_years)

    open_tab(page, "经费预算")
    fill_budget(page, ["600000", "300000"], ["1500000", "500000"])  # 900,000 of government money: short
    expect_message(page, "保存失败：请按红色提示修改后再保存，未保存任何内容。")
    expect(page.locator(".df-formset .alert-danger")).to_contain_text(
        "各用途市级资金合计900,000.00元，与申请市级资金1,000,000.00元不一致。"
    )
    project.refresh_from_db()
    assert (project.government_funding, project.own_investment, project.budget_lines.count()) == (
        Decimal("0.00"),
        Decimal("0.00"),
        0,
    )
    fill_budget(page, ["700000", "300000"], ["1500000", "500000"])
    expect_message(page, "“经费预算”已保存。")

    open_tab(page, "专利清单")
    import_patents(page)
    open_tab(page, "附件")
    upload_attachments(page)
    open_tab(page, "申报条件数据")
    fill_figures_until_eligible(page)

    expect(page.get_by_text("申报书已填写完整，可以提交。")).to_be_visible()
    go(page, page.get_by_role("link", name="前往提交"))
    go(page, page.get_by_role("button", name="提交申报"))
    expect(page.get_by_test_id("project-status")).to_have_text("待形式审查")
    with page.expect_download() as download:
        page.get_by_test_id("application-links").get_by_role("link", name="下载申报书PDF").click()
    pdf = download.value.path().read_bytes()
    assert pdf[:5] == b"%PDF-"
    page.screenshot(path="/tmp/e2e-enterprise.png", full_page=True)

    project.refresh_from_db()
    assert (project.status, project.eligibility_track, project.eligibility_verdict) == (
        Status.SUBMITTED,
        "E3a",
        "eligible",
    )
    assert User.objects.get(username=USERNAME).enterprise == project.enterprise


def test_eligibility_panel_turns_while_typing_before_anything_is_saved(open_window):
    project = factories.ProjectFactory(call=factories.AnnualCallFactory())
    Application.objects.filter(project=project).update(has_ip_strategy_plan=False)  # E2 not met yet
    user = factories.EnterpriseUserFactory(enterprise=project.enterprise)
    page = log_in(open_window(), user.username, factories.PASSWORD)
    page.goto(f"/projects/{project.pk}/application/figures/")
    badge = page.locator("#df-eligibility .badge")
    expect(badge).to_have_text("不符合申报条件")

    page.get_by_label("制定知识产权战略规划").check()

    expect(badge).to_have_text("符合申报条件", timeout=LIVE_PREVIEW_MS)
    assert Application.objects.get(project=project).has_ip_strategy_plan is False
