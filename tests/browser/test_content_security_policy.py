"""The Content Security Policy allows no inline code, and no page of the site needs any.

A violation is logged on the browser console, which `open_tab` turns into a failure.
"""

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from core.editors import ensure_editors_group

pytestmark = pytest.mark.django_db(transaction=True)

PUBLIC_PAGES = [
    "/",
    "/provisions/?region=georgia",
    "/provisions/russia-nato-4/",
    "/treaties/us-russia/",
    "/compare/",
    "/coverage/",
    "/search/?q=bases",
    "/api/",
    "/api/provisions/?weapon_class=intermediate-range-missiles",
    "/admin/login/",
]


def test_the_public_pages_run_under_the_policy_without_a_violation(open_tab):
    tab = open_tab()
    for url in PUBLIC_PAGES:
        response = tab.page.goto(url)
        assert "script-src 'self'" in response.headers["content-security-policy"], url
    # htmx still updates the results in place under the policy.
    tab.page.goto("/provisions/")
    tab.page.get_by_role("checkbox", name="Georgia", exact=False).first.check()
    expect(tab.page.locator("#results-heading")).to_contain_text("restricting Georgia")


def test_the_api_docs_render_under_the_policy(open_tab):
    page = open_tab().page
    page.goto("/api/docs/")
    expect(page.locator(".opblock").first).to_be_visible(timeout=20_000)


@pytest.fixture
def editor_session(live_server, transactional_db, client):
    """A signed-in editor's session cookie; made before the browser starts, as Django
    refuses database calls from inside Playwright's event loop."""
    editor = get_user_model().objects.create_user("csp-editor", password="x", is_staff=True)
    editor.groups.add(ensure_editors_group())
    client.force_login(editor)
    return {"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}


def test_the_admin_and_its_history_pages_run_under_the_policy(editor_session, open_tab):
    tab = open_tab()
    tab.context.add_cookies([editor_session])
    tab.page.goto("/admin/treaties/provision/")
    tab.page.get_by_role("link", name="Russia–NATO Art. 4", exact=True).click()
    expect(tab.page.locator("#provision_form")).to_be_visible()
    tab.page.get_by_role("link", name="History").click()
    expect(tab.page.locator("#content h1")).to_contain_text("Change history")
