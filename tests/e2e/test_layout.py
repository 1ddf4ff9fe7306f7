"""Layout at the widths people use (issue 9.16): a long enterprise name keeps the navigation bar on one line (cut
with an ellipsis, whole on hover), and the finance table scrolls inside its card with its 登记拨付 button always
within reach. Checked at 1280×800 and 1024×768 (the bar expanded) and on a 390-px phone (the bar collapsed).

Screenshots of every width are saved to ``/tmp/layout-<page>-<width>.png`` to look at."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from projects.lifecycle import MAIN_ROAD
from tests import factories
from tests.e2e import JOURNEY, go, log_in
from tests.lifecycle import walk

pytestmark = JOURNEY

# 38 characters: a real kind of name (a branch of a group company), long enough to have wrapped the bar.
LONG_NAME = "苏州工业园区纳米科技创新产业发展集团股份有限公司第二研究院分公司技术服务中心"
WIDTHS = {"desktop": (1280, 800), "laptop": (1024, 768), "phone": (390, 844)}
ONE_LINE_PX = 30  # a line of the bar's 0.9rem text is ~22 px; two lines would be ~44
NAVBAR_MAX_PX = 70  # one row is ~61 px high; with the long name wrapped it was 103 px at 1280, 113 at 1024
SCREENSHOTS = Path("/tmp")
assert len(LONG_NAME) == 38
# The pages use the system's CJK fonts (no web fonts), which a CI machine may lack: its empty boxes are narrower than
# Chinese glyphs, and a layout that breaks for every real user would pass there. The test lays the pages out in the
# project's own CJK font (static/fonts, a subset of Noto Sans CJK SC), as on a machine with Chinese fonts.
CJK_FONT = """
@font-face { font-family: "Layout CJK"; font-weight: 400; src: url("/static/fonts/DengfengSans-Regular.otf"); }
@font-face { font-family: "Layout CJK"; font-weight: 500 900; src: url("/static/fonts/DengfengSans-Bold.otf"); }
:root { --bs-body-font-family: "Layout CJK", sans-serif; }
"""


def _signed_in(open_window, user, width):
    """A window signed in as ``user`` (at the default desktop size, where the bar shows the name that log_in waits
    for), then resized to ``width``, reloaded and laid out in a CJK font."""
    page = log_in(open_window(), user.username, factories.PASSWORD)
    page.set_viewport_size(dict(zip(("width", "height"), WIDTHS[width], strict=True)))
    page.reload()
    page.add_style_tag(content=CJK_FONT)
    page.evaluate(
        """async () => {
            await Promise.all(["400", "600"].map(w => document.fonts.load(`${w} 16px "Layout CJK"`, "苏州")));
            await document.fonts.ready;
        }"""
    )
    assert page.evaluate("""document.fonts.check('16px "Layout CJK"', '苏州')""")
    return page


def _height(locator):
    return locator.bounding_box()["height"]


def _no_page_wide_scroll(page):
    """Nothing sticks out of the page sideways (only a table's own container may scroll)."""
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def _open_menu(page):
    """Below the lg breakpoint the bar is collapsed behind its toggler."""
    toggler = page.locator(".navbar-toggler")
    if toggler.is_visible():
        toggler.click()
        expect(page.get_by_test_id("user-name")).to_be_visible()


@pytest.mark.parametrize("width", list(WIDTHS))
def test_a_long_enterprise_name_keeps_the_navbar_on_one_line(open_window, width):
    user = factories.EnterpriseUserFactory(enterprise=factories.EnterpriseFactory(name=LONG_NAME), name="王芳")
    page = _signed_in(open_window, user, width)
    navbar = page.locator(".df-navbar")
    assert _height(navbar) < NAVBAR_MAX_PX  # collapsed or not, the bar is one row
    _open_menu(page)
    page.screenshot(path=SCREENSHOTS / f"layout-navbar-{width}.png")
    name, role = page.get_by_test_id("user-name"), page.get_by_test_id("user-role")
    assert (_height(name) < ONE_LINE_PX, _height(role) < ONE_LINE_PX) == (True, True)
    # Cut, not lost: the whole name is on the element (hover) and in its text (screen readers, search).
    expect(role).to_contain_text(LONG_NAME)
    assert LONG_NAME in role.get_attribute("title")
    box, viewport = role.bounding_box(), page.viewport_size
    assert box["x"] + box["width"] <= viewport["width"]
    assert _no_page_wide_scroll(page)
    if width != "phone":
        # The links after the name are on the same line and inside the window.
        logout = page.get_by_role("button", name="退出登录")
        exit_box = logout.bounding_box()
        assert exit_box["x"] + exit_box["width"] <= viewport["width"]
        assert abs((exit_box["y"] + exit_box["height"] / 2) - (box["y"] + box["height"] / 2)) < 4


@pytest.fixture
def funded_project(call):
    """A project under way (task letter confirmed) with its first tranche planned and not yet paid: the finance
    tables' widest row."""
    project = factories.ProjectFactory(call=call, enterprise=factories.EnterpriseFactory(name=LONG_NAME))
    walk(project, MAIN_ROAD[: MAIN_ROAD.index("confirm_task_letter") + 1])
    assert project.tranches.filter(disbursed=0).count() == 1
    return project


def _inside(inner, outer, page):
    inner_box, outer_box = inner.bounding_box(), outer.bounding_box()
    return (
        inner_box["x"] >= outer_box["x"]
        and inner_box["x"] + inner_box["width"] <= outer_box["x"] + outer_box["width"] + 0.5
        and inner_box["x"] + inner_box["width"] <= page.viewport_size["width"]
    )


@pytest.mark.parametrize("width", list(WIDTHS))
def test_the_finance_tables_keep_their_buttons_inside_the_card(open_window, funded_project, width):
    finance = factories.FinanceFactory(name="财务处 李会计")
    page = _signed_in(open_window, finance, width)
    card = page.get_by_test_id("funded-projects")
    link = card.get_by_role("link", name="经费台账")
    expect(link).to_be_visible()
    page.screenshot(path=SCREENSHOTS / f"layout-finance-{width}.png", full_page=True)
    assert _inside(link, card, page)
    assert _no_page_wide_scroll(page)
    # The long name wraps in a readable column (it had been squeezed to three characters a line).
    assert card.get_by_role("cell", name=LONG_NAME).bounding_box()["width"] >= 12 * 16
    # Reachable means usable: open the ledger and record the payment from its very button.
    go(page, link)
    page.add_style_tag(content=CJK_FONT)
    tranches = page.get_by_test_id("ledger-tranches")
    button = tranches.get_by_role("button", name="登记拨付")
    expect(button).to_be_visible()
    page.screenshot(path=SCREENSHOTS / f"layout-ledger-{width}.png", full_page=True)
    if width != "phone":
        assert _inside(button, tranches, page)
    assert _no_page_wide_scroll(page)
    tranches.get_by_label("凭证号").fill("财拨〔2026〕001")
    go(page, button)
    expect(tranches.get_by_role("button", name="登记拨付")).to_have_count(0)
    expect(page.get_by_test_id("disbursed-total")).to_have_text("300,000.00元")
