"""/api/docs/ renders in a real browser that may reach nothing but this site."""

import os
import shutil
import threading
from wsgiref.simple_server import WSGIRequestHandler, make_server

import pytest

from config.wsgi import application

CHROMIUM = shutil.which("chromium")

# CI installs chromium and must run this; elsewhere it is skipped without one.
pytestmark = pytest.mark.skipif(
    CHROMIUM is None and os.environ.get("CI") != "true", reason="needs the system's chromium"
)


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, format, *args):
        pass


@pytest.fixture
def site():
    """The site on a free local port. The docs, the schema and the static files read no data,
    so no database access is allowed or needed."""
    server = make_server("127.0.0.1", 0, application, handler_class=_QuietHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()


def test_the_api_docs_render_with_every_request_outside_the_site_refused(site):
    from playwright.sync_api import sync_playwright

    outside, errors = [], []

    def only_this_site(route):
        if route.request.url.startswith(site + "/"):
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        try:
            page = browser.new_page()
            page.route("**/*", only_this_site)
            page.on("pageerror", lambda error: errors.append(str(error)))
            # A Content Security Policy violation is reported on the console.
            page.on(
                "console",
                lambda message: message.type == "error" and errors.append(message.text),
            )
            page.goto(f"{site}/api/docs/")
            page.wait_for_selector(".opblock", timeout=20_000)
            title = page.locator(".info .title").inner_text()
            operations = page.locator(".opblock").count()
            page.locator(
                "#operations-provisions-provisions_list button.opblock-summary-control"
            ).click()
            page.wait_for_selector("text=weapon_class")
            parameters = page.locator(".parameters-container").inner_text()
        finally:
            browser.close()

    assert outside == []
    assert errors == []
    assert title.startswith("Proviso API")
    assert operations == 24
    assert "Weapon classes; a class also matches its sub-classes." in parameters
