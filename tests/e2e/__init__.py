"""Browser journeys: Playwright drives Debian's headless Chromium against pytest-django's live server.

Skipped, with the reason, on a machine without ``/usr/bin/chromium`` (``apt-get install chromium``).
"""

from pathlib import Path

import pytest
from playwright.sync_api import expect

CHROMIUM = Path("/usr/bin/chromium")

# Every journey: a real browser (or a clear skip) and a committed database the live server can read, with the
# reference rows the migrations seeded (districts, industries) put back after each test's flush.
JOURNEY = [
    pytest.mark.skipif(not CHROMIUM.exists(), reason=f"{CHROMIUM} not found: apt-get install chromium"),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def log_in(page, username, password):
    """Sign in through the login page; returns when the home page (工作台) shows the user's name."""
    page.goto("/accounts/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(password)
    go(page, page.get_by_role("button", name="登录"))
    expect(page.get_by_test_id("user-name")).to_be_visible()
    return page


def go(page, locator):
    """Click a link or a submit button and return once the next page's HTML is parsed (its scripts have run), so
    the assertions that follow see the new page at once instead of polling for it."""
    with page.expect_event("domcontentloaded"):
        locator.click()


def menu_link(page, label):
    """The navigation bar's entry ``label``; when it sits in a drop-down (管理, 评审, 考评监测), the drop-down is opened
    first, as a user would."""
    bar = page.locator(".df-navbar")
    link = bar.get_by_role("link", name=label, exact=True)
    if not link.is_visible():
        group = bar.locator("li.dropdown", has=page.locator("a.dropdown-item", has_text=label))
        group.get_by_role("button").first.click()
    return link
