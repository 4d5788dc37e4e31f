"""An editor signs in, corrects a provision, finds the correction in its history, reverts it
and signs out, in a real browser under the Content Security Policy."""

import re

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from core.editors import ensure_editors_group

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "a long and unguessable passphrase"


@pytest.fixture
def editor_account(transactional_db):
    """Made before the browser starts, as Django refuses database calls from inside
    Playwright's event loop."""
    editor = get_user_model().objects.create_user("maria", password=PASSWORD, is_staff=True)
    editor.groups.add(ensure_editors_group())
    return editor


def test_an_editor_corrects_a_provision_and_reverts_the_correction(editor_account, open_tab):
    tab = open_tab()
    page = tab.page
    page.goto("/provisions/us-russia-4-2/")
    page.get_by_role("link", name="Sign in").click()
    expect(page.locator("h1")).to_have_text("Sign in")
    tab.screenshot("login")
    page.get_by_label("Username").fill("maria")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    # Back on the page that asked for it, signed in.
    expect(page).to_have_url(re.compile(r"/provisions/us-russia-4-2/$"))
    expect(page.get_by_role("button", name="Sign out (maria)")).to_be_visible()

    page.goto("/admin/treaties/provision/")
    page.get_by_role("link", name="US–Russia Art. 4(2)", exact=True).click()
    page.locator("#id_title").fill("No US bases in former Soviet states")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")

    page.goto("/provisions/us-russia-4-2/")
    corrections = page.locator(".recent-edits")
    expect(corrections).to_contain_text("by maria")
    corrections.scroll_into_view_if_needed()
    tab.screenshot("provision-corrections")
    corrections.get_by_role("link", name="The full history of US–Russia Art. 4(2)").click()
    expect(page.locator("h1")).to_have_text("History of US–Russia Art. 4(2)")
    expect(page.locator(".edit").first).to_contain_text("or military cooperation")
    tab.screenshot("provision-history")

    page.get_by_role("link", name="Revert to this version…").click()
    expect(page.locator("h1")).to_contain_text("Revert to the version of")
    tab.screenshot("provision-revert")
    page.get_by_role("button", name="Revert US–Russia Art. 4(2)").click()
    expect(page.locator(".messages")).to_contain_text("is back to the version of")
    expect(page.locator(".edit").first).to_contain_text("Reverted to the version of")

    page.get_by_role("button", name="Sign out (maria)").click()
    expect(page.get_by_role("link", name="Sign in")).to_be_visible()
    page.goto("/provisions/us-russia-4-2/history/")
    expect(page.locator("main")).not_to_contain_text("maria")
    expect(page.locator("main")).not_to_contain_text("Revert to this version")
