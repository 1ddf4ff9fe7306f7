"""Fixtures for the browser journeys: one headless Chromium per test, one window (own cookies) per person.

Chromium is Debian's (``/usr/bin/chromium``): ``playwright install`` cannot download here. The test modules carry
``tests.e2e.JOURNEY`` (skip without Chromium; a committed database for the live server).
"""

from pathlib import Path

import pytest
from django.db import connections
from playwright.sync_api import expect, sync_playwright

from tests.e2e import CHROMIUM

LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
TIMEOUT_MS = 15_000  # a generous bound for one action or assertion; a passing journey never waits for it
FAILURE_SCREENSHOTS = Path("/tmp")

expect.set_options(timeout=TIMEOUT_MS)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    """Keep each phase's report on the test item, so the window fixture knows whether the test failed."""
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


@pytest.fixture
def browser(monkeypatch):
    """A headless Chromium for one test.

    While Playwright's sync API runs, its asyncio loop counts as running on this thread. Two consequences for the
    test's own ORM calls (factories, assertions): Django refuses them unless told it is safe (it is: this thread
    runs no async code), and Django keeps this thread's connections in separate, context-local storage (asgiref),
    so they are closed here before Playwright stops, or they outlive the test (PostgreSQL then refuses to drop
    the test database). Function-scoped, so the loop is gone before the next (non-browser) test."""
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()
            connections.close_all()


@pytest.fixture
def open_window(request, browser, live_server):
    """``open_window()`` → a new page in a fresh browser context (its own cookies: one person at one computer)
    on the live server; relative URLs work (``page.goto("/accounts/login/")``). On failure each window's last
    page is saved to ``/tmp/e2e-failure-<test>-<n>.png``."""
    contexts = []

    def open_():
        context = browser.new_context(
            base_url=live_server.url,
            locale="zh-CN",
            timezone_id="Asia/Shanghai",
            accept_downloads=True,
            viewport={"width": 1280, "height": 900},
            reduced_motion="reduce",  # no smooth scrolling or fades (Bootstrap) for clicks to wait out
        )
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        return context.new_page()

    yield open_
    report = getattr(request.node, "report_call", None)
    for n, context in enumerate(contexts, start=1):
        if report is not None and report.failed:
            for page in context.pages:
                page.screenshot(path=FAILURE_SCREENSHOTS / f"e2e-failure-{request.node.name}-{n}.png", full_page=True)
        context.close()
