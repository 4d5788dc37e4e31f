"""The annotation view: an article's sentences with their links, and the editors' actions on
them, each a POST for editors only, answered in place with htmx or by a redirect."""

import pytest
from django.test import Client
from django.urls import reverse

from articles.models import Article
from evidence.models import Evidence
from tests.evidence.editing_helpers import HTMX, client_for
from tests.factories import EvidenceFactory
from treaties.models import Provision

pytestmark = pytest.mark.usefixtures("seeded")

SUGGESTED = Evidence.Status.SUGGESTED
CONFIRMED = Evidence.Status.CONFIRMED
REJECTED = Evidence.Status.REJECTED


@pytest.fixture
def article():
    # The Detroit News: 9 sentences with confirmed links, the others with none.
    return Article.objects.get(source_name="001_5fe37ef5f4ed5af7.txt")


@pytest.fixture
def unlinked_sentence(article):
    return article.sentences.filter(evidence__isnull=True).order_by("position").first()


@pytest.fixture
def provision():
    return Provision.objects.get(slug="us-russia-4-2")


@pytest.fixture
def suggestion(unlinked_sentence, provision):
    return EvidenceFactory(
        sentence=unlinked_sentence,
        provision=provision,
        status=SUGGESTED,
        score=0.734,
        matched_terms=["bases", "georgia"],
    )


def annotate_url(article):
    return reverse("annotate-article", args=[article.pk])


def anchor_of(evidence_or_sentence):
    sentence = getattr(evidence_or_sentence, "sentence", evidence_or_sentence)
    return f"{annotate_url(sentence.article)}#s{sentence.position}"


# Who may annotate


def test_anonymous_visitors_are_sent_to_sign_in(article):
    response = Client().get(annotate_url(article))
    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next={annotate_url(article)}"


def test_a_signed_in_reader_who_is_not_an_editor_is_refused(reader, article):
    assert client_for(reader).get(annotate_url(article)).status_code == 403


def test_an_editor_sees_the_annotation_view(editor, article):
    response = client_for(editor).get(annotate_url(article))
    assert response.status_code == 200
    assert "Link a provision" in response.content.decode()


def test_an_unknown_article_is_a_404(editor):
    response = client_for(editor).get(reverse("annotate-article", args=[987654]))
    assert response.status_code == 404


ACTIONS = {
    "add": lambda suggestion, provision: (
        reverse("annotate-add-link", args=[suggestion.sentence_id]),
        {"provision": Provision.objects.get(slug="russia-nato-4").pk, "relation": "quotes"},
    ),
    "relation": lambda suggestion, provision: (
        reverse("annotate-change-relation", args=[suggestion.pk]),
        {"relation": "mentions"},
    ),
    "confirm": lambda suggestion, provision: (
        reverse("annotate-confirm", args=[suggestion.pk]),
        {},
    ),
    "reject": lambda suggestion, provision: (reverse("annotate-reject", args=[suggestion.pk]), {}),
    "remove": lambda suggestion, provision: (reverse("annotate-remove", args=[suggestion.pk]), {}),
}


def evidence_state():
    return sorted(Evidence.objects.values_list("pk", "sentence", "provision", "relation", "status"))


@pytest.mark.parametrize("action", ACTIONS)
def test_no_action_is_open_to_anonymous_visitors(action, suggestion, provision):
    url, data = ACTIONS[action](suggestion, provision)
    before = evidence_state()
    response = Client().post(url, data)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=")
    assert evidence_state() == before


@pytest.mark.parametrize("action", ACTIONS)
def test_an_anonymous_htmx_request_sends_the_whole_page_to_sign_in(action, suggestion, provision):
    url, data = ACTIONS[action](suggestion, provision)
    page = anchor_of(suggestion).split("#")[0]
    response = Client().post(url, data, HTTP_HX_CURRENT_URL=f"http://testserver{page}", **HTMX)
    assert response["HX-Redirect"] == f"/accounts/login/?next={page}"


@pytest.mark.parametrize("action", ACTIONS)
def test_no_action_is_open_to_readers_who_are_not_editors(action, suggestion, provision, reader):
    url, data = ACTIONS[action](suggestion, provision)
    before = evidence_state()
    assert client_for(reader).post(url, data).status_code == 403
    assert evidence_state() == before


@pytest.mark.parametrize("action", ACTIONS)
def test_every_action_is_a_post(action, suggestion, provision, editor):
    url, _ = ACTIONS[action](suggestion, provision)
    assert client_for(editor).get(url).status_code == 405


@pytest.mark.parametrize("action", ACTIONS)
def test_every_action_needs_the_csrf_token(action, suggestion, provision, editor):
    url, data = ACTIONS[action](suggestion, provision)
    client = Client(enforce_csrf_checks=True)
    client.force_login(editor)
    before = evidence_state()
    assert client.post(url, data).status_code == 403
    assert evidence_state() == before


@pytest.mark.parametrize("action", ACTIONS)
def test_without_javascript_every_action_returns_to_its_sentence(
    action, suggestion, provision, editor
):
    url, data = ACTIONS[action](suggestion, provision)
    response = client_for(editor).post(url, data)
    assert response.status_code == 302
    assert response["Location"] == anchor_of(suggestion)


# What the view shows


def test_sentences_are_listed_in_order_with_their_anchors(editor, article):
    page = client_for(editor).get(annotate_url(article)).content.decode()
    positions = list(article.sentences.order_by("position").values_list("position", flat=True))
    offsets = [page.index(f'id="s{position}"') for position in positions]
    assert offsets == sorted(offsets)


def test_a_suggestion_shows_its_score_and_matched_terms(editor, article, suggestion):
    response = client_for(editor).get(annotate_url(article))
    row = next(row for row in response.context["rows"] if row.sentence.pk == suggestion.sentence_id)
    assert row.links == [suggestion]
    page = response.content.decode()
    assert "0.73" in page
    assert '<span class="term">bases</span><span class="term">georgia</span>' in page
    assert f'id="confirm-{suggestion.pk}"' in page
    assert f'id="reject-{suggestion.pk}"' in page


def test_links_flagged_for_review_are_marked(editor, article):
    flagged = Evidence.objects.filter(sentence__article=article).first()
    flagged.needs_review = True
    flagged.save()
    page = client_for(editor).get(annotate_url(article)).content.decode()
    assert page.count("Needs review") == 1
    assert "1 needs review" in page
    row_start = page.index(f'id="s{flagged.sentence.position}"')
    assert "flagged" in page[page.rindex("<li", 0, row_start) : row_start]


def test_the_view_reads_in_a_fixed_number_of_queries(editor, django_assert_num_queries):
    client = client_for(editor)
    articles = Article.objects.order_by("pk")
    sentence_counts = {article.sentences.count() for article in articles}
    assert len(sentence_counts) > 1
    for article in articles:
        # The session, the user, the editors check; the article, its sentences, their
        # links, and the provisions to pick from.
        with django_assert_num_queries(7):
            response = client.get(annotate_url(article))
        assert response.status_code == 200


# The actions


def test_an_editor_links_a_provision_to_a_sentence(editor, unlinked_sentence, provision):
    response = client_for(editor).post(
        reverse("annotate-add-link", args=[unlinked_sentence.pk]),
        {"provision": provision.pk, "relation": "quotes"},
    )
    assert response["Location"] == anchor_of(unlinked_sentence)
    link = Evidence.objects.get(sentence=unlinked_sentence)
    assert (link.provision, link.relation, link.status) == (provision, "quotes", CONFIRMED)
    assert link.created_by == editor
    record = link.history.get()
    assert (record.history_type, record.history_user) == ("+", editor)


def test_with_htmx_the_sentence_row_is_answered_in_place(editor, unlinked_sentence, provision):
    response = client_for(editor).post(
        reverse("annotate-add-link", args=[unlinked_sentence.pk]),
        {"provision": provision.pk, "relation": "reports"},
        **HTMX,
    )
    assert response.status_code == 200
    assert response.templates[0].name == "evidence/editing/_sentence_row.html"
    html = response.content.decode()
    assert html.lstrip().startswith(
        f'<li class="annotate-row linked" id="s{unlinked_sentence.position}"'
    )
    assert f"Linked {provision.label}." in html
    assert f'href="{provision.get_absolute_url()}"' in html


def test_a_provision_already_linked_is_not_linked_twice(editor, suggestion):
    url = reverse("annotate-add-link", args=[suggestion.sentence_id])
    data = {"provision": suggestion.provision_id, "relation": "reports"}
    response = client_for(editor).post(url, data, **HTMX)
    assert response.status_code == 400
    assert "already linked to US–Russia Art. 4(2) (suggested)" in response.content.decode()
    assert Evidence.objects.filter(sentence=suggestion.sentence).count() == 1
    # Without JavaScript the message is shown in the sentence's row of the whole page.
    response = client_for(editor).post(url, data)
    assert response.status_code == 400
    assert "already linked to US–Russia Art. 4(2)" in response.content.decode()
    assert response.context["rows"]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"provision": "", "relation": "reports"}, "Choose a provision."),
        ({"provision": "987654", "relation": "reports"}, "That provision does not exist"),
        ({"provision": "x", "relation": "reports"}, "That provision does not exist"),
    ],
)
def test_a_link_to_no_provision_is_refused(editor, unlinked_sentence, data, message):
    url = reverse("annotate-add-link", args=[unlinked_sentence.pk])
    response = client_for(editor).post(url, data, **HTMX)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Evidence.objects.filter(sentence=unlinked_sentence).exists()


def test_an_editor_changes_the_relation(editor, suggestion):
    client_for(editor).post(
        reverse("annotate-change-relation", args=[suggestion.pk]), {"relation": "mentions"}
    )
    suggestion.refresh_from_db()
    assert suggestion.relation == "mentions"
    assert suggestion.history.latest().history_user == editor


def test_an_unknown_relation_is_refused(editor, suggestion):
    response = client_for(editor).post(
        reverse("annotate-change-relation", args=[suggestion.pk]), {"relation": "denies"}, **HTMX
    )
    assert response.status_code == 400
    assert "denies is not one of the available choices" in response.content.decode()
    suggestion.refresh_from_db()
    assert suggestion.relation == "reports"


def test_confirming_a_suggestion_records_who_confirmed_it(editor, suggestion):
    suggestion.needs_review = True
    suggestion.save()
    response = client_for(editor).post(reverse("annotate-confirm", args=[suggestion.pk]), **HTMX)
    assert "Confirmed US–Russia Art. 4(2)." in response.content.decode()
    suggestion.refresh_from_db()
    assert (suggestion.status, suggestion.needs_review) == (CONFIRMED, False)
    latest, earlier = suggestion.history.order_by("-history_date", "-history_id")[:2]
    assert (latest.status, latest.history_type, latest.history_user) == (CONFIRMED, "~", editor)
    assert earlier.status == SUGGESTED


def test_a_rejected_suggestion_stays_as_a_rejected_row(editor, suggestion):
    client_for(editor).post(reverse("annotate-reject", args=[suggestion.pk]))
    suggestion.refresh_from_db()
    assert suggestion.status == REJECTED
    assert suggestion.history.latest().history_user == editor


def test_removing_a_link_deletes_it_and_keeps_its_history(editor, suggestion):
    pk = suggestion.pk
    client_for(editor).post(reverse("annotate-remove", args=[pk]))
    assert not Evidence.objects.filter(pk=pk).exists()
    record = Evidence.history.filter(id=pk).latest()
    assert (record.history_type, record.history_user) == ("-", editor)


def test_an_action_on_a_removed_link_is_a_404(editor):
    assert client_for(editor).post(reverse("annotate-confirm", args=[987654])).status_code == 404


# The provision picker


def test_every_provision_is_offered_grouped_by_treaty(editor, article, unlinked_sentence):
    page = client_for(editor).get(annotate_url(article)).content.decode()
    start = page.index(f'<select id="provision-{unlinked_sentence.pk}"')
    picker = page[start : page.index("</select>", start)]
    assert picker.count("<optgroup") == 2
    assert picker.index('<optgroup label="Russia–NATO">') < picker.index(
        '<optgroup label="US–Russia">'
    )
    for provision in Provision.objects.with_labels():
        assert f'<option value="{provision.pk}">{provision.label} · ' in picker


def test_the_picker_narrows_to_the_words_typed(editor):
    url = reverse("annotate-provision-options")
    html = client_for(editor).get(url, {"find": "4(2)"}, **HTMX).content.decode()
    assert "US–Russia Art. 4(2)" in html
    assert "Art. 5" not in html
    html = client_for(editor).get(url, {"find": "zzz-nothing"}, **HTMX).content.decode()
    assert "No provision has “zzz-nothing”" in html


def test_the_picker_is_for_editors_only(reader):
    url = reverse("annotate-provision-options")
    assert Client().get(url).status_code == 302
    assert client_for(reader).get(url).status_code == 403


# Entry points


def test_anonymous_readers_see_no_editing_controls(article):
    page = Client().get(article.get_absolute_url()).content.decode()
    assert "/annotate/" not in page
    assert "/editing/" not in page


def test_signed_in_readers_who_are_not_editors_see_none_either(reader, article):
    page = client_for(reader).get(article.get_absolute_url()).content.decode()
    assert "/annotate/" not in page
    assert "/editing/" not in page


def test_editors_find_the_annotation_view_from_the_article(editor, article):
    page = client_for(editor).get(article.get_absolute_url()).content.decode()
    assert f'href="{annotate_url(article)}"' in page
    assert f'href="{reverse("review-queue")}?article={article.pk}"' in page
    assert f'href="{reverse("import-article")}"' in page
