"""Formal review and screening, end to end in a real browser (issue "formal review and screening", Done when): the
district returns an application with a reason per item, the enterprise reads it, answers and resubmits, the
district recommends it; the bureau filters the screening list by district, passes a batch and exports it to Excel."""

import io

import openpyxl
from playwright.sync_api import expect

from projects.enums import Status
from projects.models import Project
from tests import factories
from tests.e2e import JOURNEY, go, log_in, menu_link
from tests.lifecycle import walk

pytestmark = JOURNEY

CHECKLIST = ["材料齐全", "证照有效", "数据与附件一致", "符合申报条件"]  # the call's default review checklist
REASON = "营业执照副本未加盖公章，请重新上传盖章扫描件。"
RESPONSE = "已重新上传加盖公章的营业执照副本扫描件。"
EXPORT_HEADERS = [
    "项目编号",
    "年度",
    "企业名称",
    "统一社会信用代码",
    "推荐单位",
    "产业集群/产业链",
    "项目名称",
    "状态",
    "申报路径",
    "资格审核结果",
    "优先条件（P）",
    "可放宽条件（X）",
    "推荐顺序",
    "申请市级资金（元）",
    "自筹投入（元）",
    "提交时间",
]


def application(call, name, district="苏州工业园区"):
    enterprise = factories.EnterpriseFactory(name=name, district=factories.district(district))
    return factories.ProjectFactory(call=call, enterprise=enterprise)


def expect_message(page, text):
    expect(page.get_by_role("alert").filter(has_text=text)).to_be_visible()


def decide_formal_review(page, decision, unmet=None):
    """Answer the checklist item by item (``unmet``: {item: what to correct}) and send the decision."""
    unmet = unmet or {}
    for item in CHECKLIST:
        row = page.get_by_role("row").filter(has_text=item)
        row.get_by_label("不符合" if item in unmet else "符合", exact=True).check()
        if item in unmet:
            row.get_by_role("textbox").fill(unmet[item])
    page.get_by_label(decision, exact=True).check()
    go(page, page.get_by_role("button", name="提交审查结论"))


def open_formal_review(page, enterprise):
    go(page, page.get_by_role("link", name="形式审查", exact=True))
    go(page, page.get_by_role("row").filter(has_text=enterprise).get_by_role("link", name="审查"))
    expect(page.get_by_role("heading", level=1)).to_contain_text(enterprise)


def screening_rows(page):
    """The enterprise names listed on the screening page, top to bottom."""
    names = page.locator("table.df-table tbody tr td:nth-child(3)")
    return [text.splitlines()[0].strip() for text in names.all_inner_texts()]


def filter_screening(page, district, status):
    # The filter labels are not tied to their fields (no for=/id), so the fields are found by name.
    page.locator('select[name="district"]').select_option(label=district)
    page.locator('select[name="status"]').select_option(label=status)
    go(page, page.get_by_role("button", name="筛选"))


def test_district_returns_enterprise_answers_district_recommends_bureau_passes_and_exports(open_window):
    call = factories.AnnualCallFactory()
    returned = application(call, "苏州甲光电科技有限公司")
    second = application(call, "苏州乙半导体有限公司")
    third = application(call, "苏州丙新材料有限公司")
    elsewhere = application(call, "昆山丁精密机械有限公司", district="昆山市")
    actors = walk(returned, ["submit"])
    for project in (second, third, elsewhere):
        walk(project, ["submit", "recommend"])
    official = factories.DistrictOfficialFactory(district=returned.district)
    bureau = factories.BureauFactory()

    # The district returns the application: one item not met, with what to correct.
    district = log_in(open_window(), official.username, factories.PASSWORD)
    open_formal_review(district, "苏州甲光电科技有限公司")
    decide_formal_review(district, "退回修改", unmet={"材料齐全": REASON})
    expect_message(district, "已对苏州甲光电科技有限公司作出形式审查结论：退回修改。")

    # The enterprise reads the reason, answers it and resubmits.
    enterprise = log_in(open_window(), actors.enterprise.username, factories.PASSWORD)
    go(enterprise, enterprise.get_by_role("link", name=returned.number))
    expect(enterprise.get_by_test_id("project-status")).to_have_text("退回修改")
    expect(enterprise.get_by_test_id("formal-reviews")).to_contain_text(f"未通过：材料齐全——{REASON}")
    go(enterprise, enterprise.get_by_role("link", name="填写/修改申报书"))
    expect(enterprise.locator(".card.border-warning")).to_contain_text(f"材料齐全：{REASON}")
    enterprise.get_by_label("修改说明").fill(RESPONSE)
    go(enterprise, enterprise.get_by_role("button", name="保存修改说明"))
    expect_message(enterprise, "修改说明已保存，重新提交后市、区主管部门可以看到。")
    go(enterprise, enterprise.get_by_role("link", name="前往提交"))
    go(enterprise, enterprise.get_by_role("button", name="重新提交"))
    expect(enterprise.get_by_test_id("project-status")).to_have_text("待形式审查")

    # The district sees the answer in the second round and recommends: every item met.
    open_formal_review(district, "苏州甲光电科技有限公司")
    expect(district.get_by_text(f"企业修改说明：{RESPONSE}")).to_be_visible()
    decide_formal_review(district, "推荐")
    expect_message(district, "已对苏州甲光电科技有限公司作出形式审查结论：已推荐，待初选。")
    expect(district.locator("#df-order")).to_contain_text("苏州甲光电科技有限公司")

    # The bureau screens the district's applications: a batch of two passes to expert review.
    bureau_page = log_in(open_window(), bureau.username, factories.PASSWORD)
    go(bureau_page, menu_link(bureau_page, "初选"))
    filter_screening(bureau_page, "苏州工业园区", "已推荐，待初选")
    assert sorted(screening_rows(bureau_page)) == sorted(
        ["苏州甲光电科技有限公司", "苏州乙半导体有限公司", "苏州丙新材料有限公司"]
    )
    for project in (returned, second):
        bureau_page.get_by_label(f"选择{project.number}").check()
    bureau_page.get_by_label("初选结论").select_option(label="通过初选，进入专家评审")
    go(bureau_page, bureau_page.get_by_role("button", name="批量处理所选"))
    expect_message(bureau_page, "共处理2个项目：成功2个，未成功0个。")
    expect(bureau_page.locator("tbody tr.table-success")).to_have_count(2)

    # The passed batch, exported to Excel.
    go(bureau_page, bureau_page.get_by_role("link", name="返回初选列表"))
    filter_screening(bureau_page, "苏州工业园区", "专家评审中")
    go(bureau_page, bureau_page.get_by_role("button", name="导出Excel（2条）"))
    download_link = bureau_page.get_by_role("link", name="下载Excel")
    expect(download_link).to_be_visible()
    with bureau_page.expect_download() as download:
        download_link.click()
    sheet = openpyxl.load_workbook(io.BytesIO(download.value.path().read_bytes())).active
    rows = list(sheet.iter_rows(values_only=True))
    bureau_page.screenshot(path="/tmp/e2e-review.png", full_page=True)

    assert list(rows[0]) == EXPORT_HEADERS
    assert [(r[0], r[2], r[4], r[7]) for r in rows[1:]] == [
        (returned.number, "苏州甲光电科技有限公司", "苏州工业园区", "专家评审中"),
        (second.number, "苏州乙半导体有限公司", "苏州工业园区", "专家评审中"),
    ]
    statuses = dict(Project.objects.filter(call=call).values_list("enterprise__name", "status"))
    assert statuses == {
        "苏州甲光电科技有限公司": Status.IN_REVIEW,
        "苏州乙半导体有限公司": Status.IN_REVIEW,
        "苏州丙新材料有限公司": Status.RECOMMENDED,
        "昆山丁精密机械有限公司": Status.RECOMMENDED,
    }
