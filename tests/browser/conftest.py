"""Browser tests: Playwright drives Debian's chromium against pytest-django's live server.

Without chromium they are skipped locally, but they fail in CI (CI=true), which must run
them. Screenshots of the main pages land in test-artifacts/screenshots/.
"""

import os
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
SCREENSHOTS = Path(settings.BASE_DIR) / "test-artifacts" / "screenshots"
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def browser(live_server, transactional_db):
    """A chromium browser, with the seeds loaded into the live server's database.

    live_server's database is emptied after every test, so each test loads the seeds; that
    happens before Playwright starts, as Django refuses database calls from inside the
    event loop Playwright's sync API runs.
    """
    if not CHROMIUM.exists():
        if os.environ.get("CI") == "true":
            pytest.fail(f"{CHROMIUM} is missing: CI must run the browser tests")
        pytest.skip(f"{CHROMIUM} is missing")
    from playwright.sync_api import sync_playwright

    call_command("load_seeds", verbosity=0)
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


class Tab:
    """A page of the live site that records what went wrong while it was open."""

    def __init__(self, browser, base_url, **options):
        self.context = browser.new_context(base_url=base_url, **options)
        self.context.set_default_timeout(10_000)
        self.page = self.context.new_page()
        self.problems = []
        self.page.on("pageerror", lambda error: self.problems.append(f"script error: {error}"))
        # A page answered 400 or 404 on purpose logs "Failed to load resource"; failed
        # static files are caught by status below instead.
        self.page.on(
            "console",
            lambda message: (
                message.type == "error"
                and not message.text.startswith("Failed to load resource")
                and self.problems.append(f"console: {message.text}")
            ),
        )
        self.page.on(
            "response",
            lambda response: (
                response.status >= 400
                and "/static/" in response.url
                and self.problems.append(f"{response.status} {response.url}")
            ),
        )

    def screenshot(self, name):
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        # caret="initial": hiding the caret writes a style attribute into the inputs, which
        # htmx copies when it swaps them, and the Content Security Policy reports that.
        self.page.screenshot(path=SCREENSHOTS / f"{name}.png", full_page=True, caret="initial")


@pytest.fixture
def open_tab(browser, live_server):
    tabs = []

    def open_tab(**options):
        options.setdefault("viewport", DESKTOP)
        tab = Tab(browser, live_server.url, **options)
        tabs.append(tab)
        return tab

    yield open_tab
    for tab in tabs:
        tab.context.close()
    problems = [problem for tab in tabs for problem in tab.problems]
    assert not problems, problems
