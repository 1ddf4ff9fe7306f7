"""考评监测 end to end in a real browser (issue 14 point 3, S7/F6): the bureau imports a year's indicator records
with one bad row, reads the row's problem, fixes the file and confirms; records the evaluation conclusion on an
accepted project, which unblocks closing, and closes it; records an F6 recommendation and sees the yearly report."""

import datetime

from playwright.sync_api import expect

from monitoring.models import Evaluation, IndicatorRecord, Recommendation
from projects.enums import Status
from tests import factories
from tests.e2e import JOURNEY, go, log_in
from tests.factories.monitoring import funded_project, indicator_row, indicator_xlsx
from tests.lifecycle import MAIN_ROAD, walk

pytestmark = JOURNEY

YEAR = datetime.date.today().year - 1


def expect_message(page, text):
    expect(page.get_by_role("alert").filter(has_text=text)).to_be_visible()


def test_bureau_imports_records_evaluates_closes_and_recommends(open_window, tmp_path):
    call = factories.AnnualCallFactory()
    first = funded_project(call=call, enterprise=factories.EnterpriseFactory(name="苏州登峰监测示例科技有限公司"))
    second = factories.ProjectFactory(
        call=call, enterprise=factories.EnterpriseFactory(name="苏州验收示例材料有限公司")
    )
    walk(second, MAIN_ROAD[: MAIN_ROAD.index("accept") + 1])
    factories.BureauFactory(username="journey-bureau", name="周敏")

    bad = tmp_path / "指标（有误）.xlsx"
    bad.write_bytes(
        indicator_xlsx(
            [indicator_row(first.enterprise, YEAR), indicator_row(second.enterprise, YEAR, **{"专利许可（件）": -2})]
        )
    )
    good = tmp_path / "指标.xlsx"
    good.write_bytes(indicator_xlsx([indicator_row(first.enterprise, YEAR), indicator_row(second.enterprise, YEAR)]))

    page = log_in(open_window(), "journey-bureau", factories.PASSWORD)
    go(page, page.get_by_role("link", name="考评监测", exact=True))
    expect(page.get_by_test_id("monitoring-list")).to_contain_text("苏州登峰监测示例科技有限公司")
    go(page, page.get_by_role("link", name="批量导入年度指标"))

    # One bad row: its problem is listed by row and column, nothing is imported, no confirm button.
    page.get_by_label("选择文件").set_input_files(str(bad))
    go(page, page.get_by_role("button", name="上传并预览"))
    problem = page.get_by_test_id("problems").get_by_role("row").filter(has_text="第3行")
    expect(problem).to_contain_text("专利许可（件）")
    expect(problem).to_contain_text("专利许可不能为负数。")
    expect(page.get_by_role("button", name="确认导入")).to_have_count(0)
    assert IndicatorRecord.objects.count() == 0

    # Fixed: every row passes, confirm imports both.
    page.get_by_label("选择文件").set_input_files(str(good))
    go(page, page.get_by_role("button", name="上传并预览"))
    expect(page.get_by_test_id("import-ok")).to_contain_text("共2行，全部检查通过。")
    go(page, page.get_by_role("button", name="确认导入2条记录"))
    expect_message(page, f"已导入2条考评监测记录（{YEAR}年度）。")
    assert IndicatorRecord.objects.filter(year=YEAR).count() == 2

    # The enterprise's page: the year, and the growth over the submitted application (60 → 70 valid inventions).
    row = page.get_by_test_id("monitoring-list").get_by_role("row").filter(has_text="苏州验收示例材料有限公司")
    expect(row).to_contain_text(f"{YEAR}年度")
    go(page, row.get_by_role("link", name="苏州验收示例材料有限公司"))
    expect(page.get_by_test_id("records")).to_contain_text(f"{YEAR}年度")
    expect(page.get_by_test_id("growth").get_by_role("row").filter(has_text="有效发明专利")).to_contain_text("+16.7%")

    # The accepted project: closing is blocked until the evaluation is recorded; the decision starts empty.
    page.goto(f"/projects/{second.pk}/")
    expect(page.get_by_test_id("blocked-steps")).to_contain_text("尚未填写考评结论")
    panel = page.get_by_test_id("evaluation-panel")
    expect(panel.get_by_label("考评结论")).to_have_value("")
    panel.get_by_label("考评结论").select_option(label="良好")
    panel.get_by_label("考评意见").fill("完成任务书约定的主要指标，高价值专利培育成效明显。")
    go(page, panel.get_by_role("button", name="保存考评结论"))
    expect_message(page, "已保存考评结论。")
    expect(page.get_by_test_id("evaluation-panel")).to_contain_text("良好")
    actions = page.get_by_test_id("actions")
    go(page, actions.get_by_role("button", name="考评完成，结项"))
    expect_message(page, "项目当前状态：已结项。")
    second.refresh_from_db()
    assert (second.status, Evaluation.objects.get(project=second).conclusion) == (Status.CLOSED, "good")

    # F6: a recommendation, then the yearly report.
    go(page, page.get_by_role("link", name="推荐申报", exact=True))
    go(page, page.get_by_role("link", name="登记推荐"))
    expect(page.get_by_label("级别")).to_have_value("")
    page.get_by_label("企业").select_option(label="苏州登峰监测示例科技有限公司")
    page.get_by_label("类别").select_option(label="奖项")
    page.get_by_label("推荐的项目、奖项或荣誉").fill("中国专利奖")
    page.get_by_label("级别").select_option(label="国家级")
    page.get_by_label("推荐日期").fill(f"{YEAR}-05-20")
    page.get_by_label("结果").select_option(label="入选")
    go(page, page.get_by_role("button", name="保存"))
    expect_message(page, "已登记：推荐苏州登峰监测示例科技有限公司申报中国专利奖。")
    summary = page.get_by_test_id("f6-summary").get_by_role("row").filter(has_text=f"{YEAR}年度")
    expect(summary).to_contain_text("1")
    expect(page.get_by_test_id("recommendations")).to_contain_text("中国专利奖")
    with page.expect_download() as download:
        page.get_by_role("link", name="导出Excel").click()
    assert download.value.suggested_filename == f"推荐申报情况（{YEAR}年度）.xlsx"
    assert Recommendation.objects.get().outcome == "selected"
