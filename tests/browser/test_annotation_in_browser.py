"""An editor annotates a sentence in a real browser: pick a provision, save, see the link in
place, find it on the article's page; and the review queue, with and without JavaScript."""

import re

import pytest
from django.conf import settings
from django.db import connections
from django.test import Client
from playwright.sync_api import expect

from articles.models import Article
from evidence.models import Evidence
from tests.browser.conftest import SCREENSHOTS
from tests.evidence.editing_helpers import make_editor
from treaties.models import Provision

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def database_in_the_test(monkeypatch):
    # Playwright's sync API runs an event loop in this thread; the test's own setup and
    # checks read the database from here, as the live server does from its thread.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    yield
    # Reads made while Playwright ran opened a connection of their own; closed here, or it
    # keeps the test database open past the session.
    connections.close_all()


def signed_in_tab(open_tab, live_server, user, **options):
    """A tab with the session of `user`, as the sign-in page would have left it."""
    client = Client()
    client.force_login(user)
    tab = open_tab(**options)
    tab.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )
    return tab


def screenshot(tab, name):
    tab.screenshot(name)
    # The first screenful too, at its real size, to judge the design by.
    tab.page.screenshot(path=SCREENSHOTS / f"{name}-screen.png", caret="initial")


def first_unlinked_sentence(article):
    return article.sentences.filter(evidence__isnull=True).order_by("position").first()


def test_an_editor_links_a_provision_and_finds_it_on_the_article_page(
    open_tab, live_server, django_user_model, database_in_the_test
):
    article = Article.objects.get(source_name="001_5fe37ef5f4ed5af7.txt")
    sentence = first_unlinked_sentence(article)
    provision = Provision.objects.get(slug="us-russia-4-2")
    # A suggestion elsewhere in the article, to show how one looks.
    suggested = article.sentences.filter(evidence__isnull=True).order_by("position")[3]
    Evidence.objects.create(
        sentence=suggested,
        provision=Provision.objects.get(slug="russia-nato-6"),
        status=Evidence.Status.SUGGESTED,
        score=0.62,
        matched_terms=["membership", "ukraine"],
    )
    editor = make_editor(django_user_model)
    tab = signed_in_tab(open_tab, live_server, editor)
    page = tab.page

    page.goto(f"/articles/{article.pk}/")
    page.get_by_role("link", name="Annotate this article").click()
    expect(page).to_have_url(re.compile(rf"/articles/{article.pk}/annotate/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(article.title)
    page.evaluate("window.stillTheSamePage = true")

    row = page.locator(f"#s{sentence.position}")
    row.get_by_text("Link a provision").click()
    # The search narrows the picker in place, then the keyboard picks and saves.
    row.get_by_label("Find").fill("bases")
    picker = row.get_by_label("Provision", exact=True)
    expect(picker.locator("option", has_text="US–Russia Art. 4(2)")).to_have_count(1)
    expect(picker.locator("option", has_text="Russia–NATO Art. 7(2)")).to_have_count(0)
    picker.select_option(label=f"{provision.label} · {provision.title}")
    row.get_by_label("Relation", exact=True).select_option("quotes")
    screenshot(tab, "annotation-adding")
    row.get_by_role("button", name="Add link").press("Enter")

    expect(row.get_by_role("status")).to_have_text(f"Linked {provision.label}.")
    expect(row.get_by_role("link", name=provision.label)).to_be_visible()
    expect(row.locator(".badge.status-confirmed")).to_have_text("Confirmed")
    assert page.evaluate("window.stillTheSamePage") is True
    link = Evidence.objects.get(sentence=sentence)
    assert (link.provision, link.relation, link.created_by) == (provision, "quotes", editor)

    # The suggestion is confirmed with a real button; the focus stays in its row.
    suggested_row = page.locator(f"#s{suggested.position}")
    expect(suggested_row.locator(".term")).to_have_text(["membership", "ukraine"])
    suggested_row.get_by_role("button", name="Confirm Russia–NATO Art. 6").click()
    expect(suggested_row.get_by_role("status")).to_have_text("Confirmed Russia–NATO Art. 6.")
    expect(suggested_row).to_be_focused()
    page.evaluate("window.scrollTo(0, 0)")
    screenshot(tab, "annotation-view")

    page.goto(f"/articles/{article.pk}/#s{sentence.position}")
    labels = page.locator(f"#s{sentence.position} + .labels")
    expect(labels.get_by_role("link", name=provision.label)).to_be_visible()

    page.get_by_role("link", name="Import an article").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Import an article")
    screenshot(tab, "import-form")


def test_the_review_queue_confirms_one_in_place_and_rejects_several(
    open_tab, live_server, django_user_model, database_in_the_test
):
    sentences = []
    for source in ("001_5fe37ef5f4ed5af7.txt", "000_2c9a6f936166a1d7.txt"):
        article = Article.objects.get(source_name=source)
        sentences += list(article.sentences.filter(evidence__isnull=True).order_by("position")[:3])
    slugs = ["us-russia-4-2", "russia-nato-4", "russia-nato-6", "us-russia-5-2", "us-russia-6"]
    links = [
        Evidence.objects.create(
            sentence=sentence,
            provision=Provision.objects.get(slug=slugs[index % len(slugs)]),
            status=Evidence.Status.SUGGESTED,
            score=round(0.9 - index * 0.11, 2),
            matched_terms=["nato", "troops", "1997"][: 1 + index % 3],
        )
        for index, sentence in enumerate(sentences)
    ]
    flagged = Evidence.objects.filter(status=Evidence.Status.CONFIRMED).first()
    flagged.needs_review = True
    flagged.save()
    tab = signed_in_tab(open_tab, live_server, make_editor(django_user_model))
    page = tab.page

    page.goto("/editing/review/")
    expect(page.get_by_role("heading", name="6 suggested links")).to_be_visible()
    expect(page.get_by_role("heading", name=re.compile("^Flagged for review"))).to_be_visible()
    screenshot(tab, "review-queue")

    best = page.locator(f"#review-{links[0].pk}")
    best.get_by_role("button", name=re.compile("^Confirm")).click()
    expect(best.get_by_role("status")).to_contain_text("Confirmed: US–Russia Art. 4(2)")

    for link in links[1:3]:
        box = page.locator(f"#select-{link.pk}")
        expect(box).to_have_accessible_name(
            re.compile(f"^Select {re.escape(link.provision.label)} ")
        )
        box.check()
    page.get_by_role("button", name="Reject selected").click()
    expect(page.get_by_role("status").first).to_have_text("2 links rejected.")
    expect(page.get_by_role("heading", name="3 suggested links")).to_be_visible()
    statuses = dict(
        Evidence.objects.filter(pk__in=[link.pk for link in links]).values_list("pk", "status")
    )
    assert [statuses[link.pk] for link in links[:3]] == ["confirmed", "rejected", "rejected"]

    # Without JavaScript the same page filters with a plain GET and decides with a POST.
    plain = signed_in_tab(
        open_tab, live_server, make_editor(django_user_model, "nojs"), java_script_enabled=False
    )
    plain.page.goto("/editing/review/")
    plain.page.get_by_label("Minimum score").fill("0.5")
    plain.page.get_by_role("button", name="Filter").click()
    expect(plain.page).to_have_url(re.compile(r"/editing/review/\?min_score=0\.5$"))
    expect(plain.page.get_by_role("heading", name="1 suggested link")).to_be_visible()
    suggestions = plain.page.get_by_role("region", name="1 suggested link")
    suggestions.get_by_role("button", name="Reject US–Russia Art. 5(2)").click()
    expect(plain.page).to_have_url(re.compile(r"/editing/review/\?min_score=0\.5$"))
    expect(plain.page.get_by_role("heading", name="0 suggested links")).to_be_visible()
