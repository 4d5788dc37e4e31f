"""The review queue: suggested links across articles, best score first, strict filters, and
the editors' decisions on one link or many."""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils.html import escape

from articles.models import Article
from evidence.models import Evidence
from tests.evidence.editing_helpers import HTMX, client_for
from tests.factories import EvidenceFactory
from treaties.models import Provision

pytestmark = pytest.mark.usefixtures("seeded")

QUEUE = reverse("review-queue")
DECIDE = reverse("review-decide")
SUGGESTED = Evidence.Status.SUGGESTED
CONFIRMED = Evidence.Status.CONFIRMED
REJECTED = Evidence.Status.REJECTED


def unlinked_sentences(source_name):
    article = Article.objects.get(source_name=source_name)
    return list(article.sentences.filter(evidence__isnull=True).order_by("position"))


def suggest(sentence, slug, score, terms=("bases",)):
    return EvidenceFactory(
        sentence=sentence,
        provision=Provision.objects.get(slug=slug),
        status=SUGGESTED,
        score=score,
        matched_terms=list(terms),
    )


@pytest.fixture
def suggestions():
    """Three suggestions in two articles, scored 0.9, 0.5 and 0.2."""
    detroit = unlinked_sentences("001_5fe37ef5f4ed5af7.txt")
    associated_press = unlinked_sentences("000_2c9a6f936166a1d7.txt")
    return [
        suggest(detroit[1], "us-russia-4-2", 0.5, ["bases", "georgia"]),
        suggest(associated_press[0], "russia-nato-4", 0.9, ["1997", "troops"]),
        suggest(detroit[2], "russia-nato-4", 0.2),
    ]


def queue_pks(response):
    return [link.pk for link in response.context["page"].object_list]


# Who may review


def test_anonymous_visitors_are_sent_to_sign_in():
    response = Client().get(QUEUE)
    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next={QUEUE}"


def test_signed_in_readers_who_are_not_editors_are_refused(reader):
    assert client_for(reader).get(QUEUE).status_code == 403


@pytest.mark.parametrize("who", ["anonymous", "reader"])
def test_only_editors_may_decide(who, reader, suggestions):
    client = Client() if who == "anonymous" else client_for(reader)
    response = client.post(DECIDE, {"action": "confirm", "evidence": [suggestions[0].pk]})
    assert response.status_code == (302 if who == "anonymous" else 403)
    suggestions[0].refresh_from_db()
    assert suggestions[0].status == SUGGESTED


def test_decisions_need_the_csrf_token(editor, suggestions):
    client = Client(enforce_csrf_checks=True)
    client.force_login(editor)
    response = client.post(DECIDE, {"action": "confirm", "evidence": [suggestions[0].pk]})
    assert response.status_code == 403
    assert client.get(DECIDE).status_code == 405


# What the queue shows


def test_suggestions_are_listed_best_score_first(editor, suggestions):
    response = client_for(editor).get(QUEUE)
    assert response.status_code == 200
    assert queue_pks(response) == [suggestions[1].pk, suggestions[0].pk, suggestions[2].pk]
    page = response.content.decode()
    assert "3 suggested links" in page
    assert "0.90" in page
    assert '<span class="term">1997</span><span class="term">troops</span>' in page
    assert "Russia–NATO Art. 4" in page


def test_each_suggestion_is_shown_with_the_sentences_around_it(editor, suggestions):
    link = suggestions[0]
    texts = dict(link.sentence.article.sentences.values_list("position", "text"))
    position = link.sentence.position
    page = client_for(editor).get(QUEUE).content.decode()
    expected = (
        f'<span class="context">{escape(texts[position - 1])}</span> '
        f'<span class="said">{escape(link.sentence.text)}</span> '
        f'<span class="context">{escape(texts[position + 1])}</span>'
    )
    assert expected in page


def test_confirmed_and_rejected_links_are_not_in_the_queue(editor, suggestions):
    suggestions[0].status = REJECTED
    suggestions[0].save()
    pks = queue_pks(client_for(editor).get(QUEUE))
    assert suggestions[0].pk not in pks
    assert not set(pks) & set(
        Evidence.objects.filter(status=CONFIRMED).values_list("pk", flat=True)
    )


def test_links_flagged_for_review_are_listed_whatever_their_score(editor, suggestions):
    flagged = Evidence.objects.filter(status=CONFIRMED).first()
    flagged.needs_review = True
    flagged.save()
    response = client_for(editor).get(QUEUE, {"min_score": "0.95"})
    assert response.context["flagged"] == [flagged]
    page = response.content.decode()
    assert "Flagged for review" in page
    assert "Needs review" in page


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"min_score": "0.5"}, [1, 0]),
        ({"min_score": "0.91"}, []),
        ({"provision": "russia-nato-4"}, [1, 2]),
        ({"provision": "russia-nato-4", "min_score": "0.3"}, [1]),
    ],
)
def test_the_queue_filters_by_provision_and_minimum_score(editor, suggestions, query, expected):
    response = client_for(editor).get(QUEUE, query)
    assert queue_pks(response) == [suggestions[index].pk for index in expected]


def test_the_queue_filters_by_article(editor, suggestions):
    article = suggestions[0].sentence.article_id
    response = client_for(editor).get(QUEUE, {"article": article})
    assert queue_pks(response) == [suggestions[0].pk, suggestions[2].pk]
    assert f'<option value="{article}" selected>' in response.content.decode()


def test_unused_filter_fields_are_dropped_from_the_address(editor):
    response = client_for(editor).get(QUEUE, {"article": "", "provision": "", "min_score": "0.5"})
    assert response.status_code == 302
    assert response["Location"] == f"{QUEUE}?min_score=0.5"


@pytest.mark.parametrize(
    ("query", "parameter", "message"),
    [
        ({"colour": "red"}, "colour", "Unknown parameter."),
        ({"min_score": "high"}, "min_score", "Enter a number."),
        ({"min_score": "NaN"}, "min_score", "Enter a number."),
        ({"min_score": "-1"}, "min_score", "greater than or equal to 0"),
        ({"provision": "us-russia-99"}, "provision", "Unknown provision"),
        ({"article": "987654"}, "article", "Unknown article id 987654."),
        ({"page": "7"}, "page", "There is no page 7; the last page is 1."),
        ({"page_size": "5"}, "page_size", "Unknown parameter."),
    ],
)
def test_a_malformed_filter_is_a_400_naming_the_valid_ones(editor, query, parameter, message):
    response = client_for(editor).get(QUEUE, query)
    assert response.status_code == 400
    page = response.content.decode()
    assert "This filter cannot be read" in page
    assert f"<code>{parameter}</code>: " in page
    assert message in page
    assert "<code>min_score</code>, <code>page</code>, <code>provision</code>" in page


def test_the_queue_is_paginated(editor):
    sentences = unlinked_sentences("001_5fe37ef5f4ed5af7.txt")
    sentences += unlinked_sentences("000_2c9a6f936166a1d7.txt")
    for index, sentence in enumerate(sentences[:27]):
        suggest(sentence, "us-russia-4-2", index / 100)
    first = client_for(editor).get(QUEUE)
    assert len(queue_pks(first)) == 25
    assert f'href="{QUEUE}?page=2"' in first.content.decode()
    second = client_for(editor).get(QUEUE, {"page": "2"})
    assert len(queue_pks(second)) == 2


def test_the_queue_reads_in_a_fixed_number_of_queries(editor, django_assert_num_queries):
    client = client_for(editor)
    sentences = unlinked_sentences("001_5fe37ef5f4ed5af7.txt")
    for count in (1, 12):
        Evidence.objects.filter(status=SUGGESTED).delete()
        for index, sentence in enumerate(sentences[:count]):
            suggest(sentence, "us-russia-4-2", index / 100)
        # The session, the user, the editors check; the count and the page of suggestions,
        # the flagged links, and the articles and provisions of the filter form.
        with django_assert_num_queries(8):
            response = client.get(QUEUE)
        assert len(queue_pks(response)) == count


# Decisions


def test_an_editor_confirms_one_suggestion_and_returns_to_the_queue(editor, suggestions):
    back = f"{QUEUE}?min_score=0.1"
    client = client_for(editor)
    response = client.post(
        DECIDE, {"action": "confirm", "evidence": [suggestions[0].pk], "next": back}
    )
    assert response.status_code == 302
    assert response["Location"] == back
    suggestions[0].refresh_from_db()
    assert suggestions[0].status == CONFIRMED
    record = suggestions[0].history.latest()
    assert (record.status, record.history_type, record.history_user) == (CONFIRMED, "~", editor)
    page = client.get(back)
    assert "1 link confirmed." in [str(message) for message in page.context["messages"]]


def test_with_htmx_the_decided_row_is_answered_in_place(editor, suggestions):
    response = client_for(editor).post(
        DECIDE, {"action": "reject", "evidence": [suggestions[1].pk]}, **HTMX
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert f'id="review-{suggestions[1].pk}"' in html
    assert "Rejected: Russia–NATO Art. 4" in html


def test_an_editor_confirms_and_rejects_in_bulk(editor, suggestions):
    client = client_for(editor)
    client.post(DECIDE, {"action": "confirm", "evidence": [s.pk for s in suggestions[:2]]})
    client.post(DECIDE, {"action": "reject", "evidence": [suggestions[2].pk]})
    for link in suggestions:
        link.refresh_from_db()
    assert [link.status for link in suggestions] == [CONFIRMED, CONFIRMED, REJECTED]
    assert all(link.history.latest().history_user == editor for link in suggestions)
    # The rejected one stays rejected: its row remains, and the queue is empty.
    assert queue_pks(client.get(QUEUE)) == []


def test_a_decision_clears_the_review_flag(editor):
    flagged = Evidence.objects.filter(status=CONFIRMED).first()
    flagged.needs_review = True
    flagged.save()
    client_for(editor).post(DECIDE, {"action": "confirm", "evidence": [flagged.pk]})
    flagged.refresh_from_db()
    assert (flagged.status, flagged.needs_review) == (CONFIRMED, False)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"action": "confirm"}, "Select at least one link."),
        ({"action": "confirm", "evidence": ["987654"]}, "A selected link no longer exists"),
        ({"action": "confirm", "evidence": ["x"]}, "“x” is not a link id."),
        ({"action": "promote", "evidence": ["1"]}, "promote is not one of the available"),
    ],
)
def test_a_decision_that_cannot_be_read_changes_nothing(editor, suggestions, data, message):
    before = sorted(Evidence.objects.values_list("pk", "status"))
    response = client_for(editor).post(DECIDE, data, follow=True)
    assert any(message in str(m) for m in response.context["messages"])
    assert sorted(Evidence.objects.values_list("pk", "status")) == before
    htmx = client_for(editor).post(DECIDE, data, **HTMX)
    assert htmx.status_code == 400


def test_a_return_address_elsewhere_is_ignored(editor, suggestions):
    response = client_for(editor).post(
        DECIDE,
        {"action": "confirm", "evidence": [suggestions[0].pk], "next": "https://evil.example/"},
    )
    assert response["Location"] == QUEUE
