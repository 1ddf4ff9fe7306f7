"""The bureau's statistics dashboard and policy what-if in a real browser (issue 14.4–14.5, Done when): the bureau
opens 统计看板 from the navigation, the six ECharts canvases render (a screenshot is kept at
``/tmp/dashboard-journey.png`` to look at), a figure's link opens the project list it counts; then 政策模拟: a stricter
E3a in a new draft shows the applicant who would no longer pass, and a first tranche above F2 is refused."""

from playwright.sync_api import expect

from dashboard.models import PolicyDraft
from projects.enums import Status
from tests import factories
from tests.e2e import JOURNEY, go, log_in
from tests.factories.accounts import PASSWORD
from tests.factories.dashboard import city, project_in, snapshot_payload

pytestmark = JOURNEY

SCREENSHOT = "/tmp/dashboard-journey.png"
WHATIF_SCREENSHOT = "/tmp/dashboard-whatif.png"
# This machine's Chromium has no Chinese font and the site ships no web font (the users' systems have theirs): for a
# screenshot one can read, the journey gives its pages the project's own CJK font (static/fonts, used by the PDFs)
# once the page is parsed; the charts draw their text again when the font has arrived.
READABLE_SCREENSHOT = """
document.addEventListener("DOMContentLoaded", () => {
const style = document.createElement("style");
style.textContent = `
  @font-face { font-family: "Dengfeng Sans"; src: url("/static/fonts/DengfengSans-Regular.otf"); font-weight: 400; }
  @font-face { font-family: "Dengfeng Sans"; src: url("/static/fonts/DengfengSans-Bold.otf"); font-weight: 700; }
  body, .df-dashboard { font-family: "Dengfeng Sans", sans-serif !important; }
`;
document.head.appendChild(style);
});
"""


def test_bureau_reads_the_dashboard_follows_a_figure_and_tries_a_draft(open_window):
    calls = [factories.AnnualCallFactory(year=2024), factories.AnnualCallFactory(year=2025)]
    bureau = factories.BureauFactory(username="ju-tongji", name="周敏")
    city(calls, 24, by=bureau)
    marginal = project_in(
        calls[1],
        Status.SUBMITTED,
        99,
        by=bureau,
        snapshot=snapshot_payload(valid=52, foreign_applications=5, foreign_grants=0),
    )

    page = open_window()
    page.add_init_script(READABLE_SCREENSHOT)
    log_in(page, "ju-tongji", PASSWORD)
    go(page, page.get_by_role("link", name="统计看板"))
    expect(page.get_by_role("heading", name="统计看板", level=1)).to_be_visible()
    charts = page.locator("[data-chart][data-chart-ready] canvas")
    expect(charts).to_have_count(6)
    page.wait_for_function("document.fonts.status === 'loaded'")  # the CJK font of the screenshot
    page.wait_for_timeout(500)  # the charts drawn again with it
    page.screenshot(path=SCREENSHOT, full_page=True)

    # A click on a bar opens its list: the first year's newly cultivated enterprises (the funded projects of 2024).
    chart = page.locator('[data-chart="cultivation"]')
    x, y = page.evaluate(
        """(el) => {
            const c = echarts.getInstanceByDom(el), bar = c.getOption().series[0].data[0];
            return c.convertToPixel({seriesIndex: 0}, [0, bar.value / 2]);
        }""",
        chart.element_handle(),
    )
    box = chart.bounding_box()
    with page.expect_navigation():
        page.mouse.click(box["x"] + x, box["y"] + y)
    assert page.url.endswith("/projects/?year=2024&funded=1")
    expect(page.get_by_label("年度")).to_have_value("2024")
    page.go_back()
    expect(page.locator("[data-chart][data-chart-ready] canvas")).to_have_count(6)

    # A figure's link in the table beside the chart: 昆山市's funded projects.
    districts = page.get_by_test_id("stat-districts")
    row = districts.get_by_role("row").filter(has_text="昆山市")
    funded = row.get_by_role("link").nth(1)
    count = int(funded.inner_text())
    go(page, funded)
    expect(page.get_by_text(f"共 {count} 个项目（已筛选）")).to_be_visible()
    expect(page.get_by_label("推荐单位")).to_have_value(str(factories.district("昆山市").pk))
    expect(page.get_by_label("立项情况")).to_have_value("1")

    # 政策模拟: a new draft, E3a raised above the marginal applicant's 52 valid invention patents.
    go(page, page.get_by_role("link", name="统计看板"))
    go(page, page.get_by_role("link", name="政策模拟"))
    page.get_by_label("草案名称").fill("2026年度指南（征求意见稿）")
    page.get_by_label("E3a 有效发明专利（件）≥").fill("55")
    go(page, page.get_by_role("button", name="保存并测算"))
    expect(page.get_by_role("alert").filter(has_text="已保存")).to_be_visible()
    changes = page.get_by_test_id("whatif-changes")
    expect(changes.get_by_role("link", name="现行可申报、草案下不可申报（1）")).to_be_visible()
    expect(changes.get_by_role("row").filter(has_text=marginal.enterprise.name)).to_be_visible()
    page.screenshot(path=WHATIF_SCREENSHOT, full_page=True)

    # Bad input: a first tranche above the cap of F2 is refused, nothing changes.
    page.get_by_label("首期拨付金额（元）").fill("1200000")
    go(page, page.get_by_role("button", name="保存并测算"))
    expect(page.get_by_text("首期拨付金额（F4）不能超过单个项目市级资金上限（F2）。")).to_be_visible()
    draft = PolicyDraft.objects.get()
    assert (draft.e3a_min_valid_invention_patents, str(draft.first_tranche_amount)) == (55, "300000.00")
