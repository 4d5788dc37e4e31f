"""The public site in a real browser: filtering in place, following evidence, going back."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import PHONE

pytestmark = pytest.mark.django_db(transaction=True)


def heading(page):
    return page.locator("#results-heading")


def test_a_researcher_filters_opens_a_provision_follows_its_evidence_and_comes_back(open_tab):
    page = open_tab().page
    page.goto("/provisions/")
    expect(heading(page)).to_have_text("All 21 provisions of both drafts")
    # The styles and htmx loaded from the site itself.
    assert page.evaluate("typeof window.htmx") == "object"
    assert (
        page.evaluate("getComputedStyle(document.documentElement).backgroundColor")
        == "rgb(248, 248, 246)"
    )
    page.evaluate("window.stillTheSamePage = true")

    page.get_by_role("checkbox", name=re.compile(r"^Georgia\b")).check()
    expect(page).to_have_url(re.compile(r"/provisions/\?region=georgia$"))
    expect(heading(page)).to_have_text("4 provisions restricting Georgia")
    expect(page).to_have_title(re.compile(r"^4 provisions restricting Georgia"))

    # Keyboard only: focus the weapon class and press Space.
    page.get_by_role("checkbox", name=re.compile(r"^Military bases and infrastructure\b")).focus()
    page.keyboard.press("Space")
    expect(page).to_have_url(
        re.compile(r"/provisions/\?region=georgia&weapon_class=military-bases$")
    )
    expect(heading(page)).to_have_text(
        "1 provision restricting Georgia, about military bases and infrastructure"
    )
    # The results changed in place: no page load happened.
    assert page.evaluate("window.stillTheSamePage") is True

    page.get_by_role(
        "link", name="No US bases or military cooperation in non-NATO former Soviet states"
    ).click()
    expect(page).to_have_url(re.compile(r"/provisions/us-russia-4-2/$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("US–Russia Art. 4(2)")
    expect(page.get_by_text("reported by 5 of 5 outlets")).to_be_visible()

    civil_ge = page.locator("#outlet-civil-ge")
    civil_ge.get_by_role("link", name=re.compile(r"^Sentence \d+ in the article$")).click()
    expect(page).to_have_url(re.compile(r"/articles/\d+/#s\d+$"))
    target = page.locator(".s:target")
    expect(target).to_contain_text("The proposed deal would also obligate the U.S.")
    expect(target).to_be_in_viewport()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Moscow Draft Demands NATO, U.S. Deny Accession of Ex-Soviet Republics"
    )

    page.go_back()
    expect(page).to_have_url(re.compile(r"/provisions/us-russia-4-2/$"))
    page.go_back()
    expect(page).to_have_url(
        re.compile(r"/provisions/\?region=georgia&weapon_class=military-bases$")
    )
    expect(heading(page)).to_have_text(
        "1 provision restricting Georgia, about military bases and infrastructure"
    )
    page.go_back()
    expect(page).to_have_url(re.compile(r"/provisions/\?region=georgia$"))
    expect(heading(page)).to_have_text("4 provisions restricting Georgia")
    expect(page.get_by_role("checkbox", name=re.compile(r"^Georgia\b"))).to_be_checked()


def test_typing_a_search_updates_the_results_and_the_address(open_tab):
    page = open_tab().page
    page.goto("/provisions/?measure=deployment")
    expect(heading(page)).to_have_text("5 provisions on deployment of forces or weapons")
    page.get_by_label("Words in the provision or its reports").fill("intermediate")
    expect(page).to_have_url(re.compile(r"/provisions/\?search=intermediate&measure=deployment$"))
    expect(heading(page)).to_have_text(
        "2 provisions on deployment of forces or weapons, matching “intermediate”"
    )
    expect(page.locator("#results mark").first).to_have_text(
        re.compile("intermediate", re.IGNORECASE)
    )
    page.get_by_label("Sort").select_option("-sources")
    expect(page).to_have_url(re.compile(r"ordering=-sources"))


def test_without_javascript_the_same_form_filters_by_a_plain_get(open_tab):
    page = open_tab(java_script_enabled=False).page
    page.goto("/provisions/")
    page.get_by_role("checkbox", name=re.compile(r"^Georgia\b")).check()
    page.get_by_role("checkbox", name=re.compile(r"^Ukraine\b")).check()
    page.get_by_role("button", name="Apply").click()
    # Ukraine, named in the drafts, is listed above the other countries.
    expect(page).to_have_url(re.compile(r"/provisions/\?region=ukraine,georgia$"))
    expect(heading(page)).to_have_text("5 provisions restricting Ukraine or Georgia")


def test_a_bad_filter_shows_its_message_and_a_missing_page_is_a_404(open_tab):
    page = open_tab().page
    response = page.goto("/provisions/?region=atlantis")
    assert response.status == 400
    expect(page.get_by_role("alert")).to_contain_text("Unknown region 'atlantis'.")
    response = page.goto("/provisions/us-russia-99/")
    assert response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("Not found")


MAIN_PAGES = {
    "home": "/",
    "provisions-georgia": "/provisions/?region=georgia",
    "provision-russia-nato-4": "/provisions/russia-nato-4/",
    "treaty-us-russia": "/treaties/us-russia/",
    "comparison": "/compare/",
    "coverage": "/coverage/",
    "search-bases-georgia": "/search/?q=bases+Georgia",
}


def test_the_main_pages_render_on_a_wide_screen_and_on_a_phone(open_tab):
    desktop, phone = open_tab(), open_tab(viewport=PHONE, is_mobile=True, has_touch=True)
    for name, path in {**MAIN_PAGES, "article": None}.items():
        for tab, size in ((desktop, "desktop"), (phone, "phone")):
            if path is None:
                tab.page.goto("/provisions/us-russia-4-2/")
                tab.page.locator("#outlet-associated-press .quote a").first.click()
                tab.page.wait_for_url(re.compile(r"/articles/\d+/#s\d+$"))
            else:
                assert tab.page.goto(path).status == 200
            expect(tab.page.get_by_role("heading", level=1)).to_be_visible()
            # Nothing wider than the screen, except inside the matrix's own scroll box.
            overflow = tab.page.evaluate("document.documentElement.scrollWidth > innerWidth")
            assert not overflow, f"{path} scrolls sideways on the {size}"
            tab.screenshot(f"{name}-{size}")
