"""A new version of a known URL: evidence carried over to unchanged sentences, and evidence on
sentences the new text dropped kept in place and flagged for review."""

import pytest
from django.contrib.auth import get_user_model

from articles.models import Article
from evidence.importing import import_with_evidence
from evidence.models import Evidence
from treaties.models import Provision

pytestmark = pytest.mark.usefixtures("seeded")

URL = "https://example.org/story"
KEPT = "Russia wants a ban on intermediate-range missiles within reach of the other side."
DROPPED = "Moscow asks NATO to rule out the accession of Ukraine."
REWORDED = "Moscow asks NATO to rule out the membership of Ukraine and Georgia."
OPENING = "Diplomats met on Friday."


def import_version(*sentences: str, suggest: bool = False):
    return import_with_evidence(
        raw=" ".join(sentences).encode(),
        source_name="story.txt",
        outlet="Test outlet",
        title="Story",
        url=URL,
        suggest=suggest,
    )


def sentence(article: Article, text: str):
    return article.sentences.get(text=text)


@pytest.fixture
def first_version():
    article = import_version(KEPT, DROPPED).article
    editor = get_user_model().objects.create_user("ada")
    Evidence.objects.create(
        sentence=sentence(article, KEPT),
        provision=Provision.objects.get(slug="russia-nato-5"),
        relation=Evidence.Relation.QUOTES,
        status=Evidence.Status.CONFIRMED,
        note="Checked against the draft.",
        created_by=editor,
    )
    Evidence.objects.create(
        sentence=sentence(article, KEPT),
        provision=Provision.objects.get(slug="us-russia-6"),
        status=Evidence.Status.REJECTED,
    )
    Evidence.objects.create(
        sentence=sentence(article, DROPPED),
        provision=Provision.objects.get(slug="russia-nato-6"),
        status=Evidence.Status.CONFIRMED,
        created_by=editor,
    )
    return article


def as_compared(evidence):
    return [
        (e.provision.slug, e.relation, e.status, e.note, e.created_by, e.needs_review)
        for e in evidence.select_related("provision__treaty", "created_by").order_by("provision")
    ]


def test_evidence_on_a_sentence_the_new_version_still_has_is_carried_over_to_it(first_version):
    # The kept sentence moves from position 0 to position 1.
    result = import_version(OPENING, KEPT, REWORDED)
    second = result.article
    assert (result.status, result.carried_over_count) == ("new_version", 2)
    old = sentence(first_version, KEPT).evidence.all()
    new = sentence(second, KEPT).evidence.all()
    assert as_compared(new) == as_compared(old)
    assert [row[:3] for row in as_compared(new)] == [
        ("russia-nato-5", "quotes", "confirmed"),
        ("us-russia-6", "reports", "rejected"),
    ]
    assert {e.created_by.username for e in new if e.created_by} == {"ada"}


def test_the_earlier_version_keeps_its_own_evidence_as_it_was(first_version):
    before = as_compared(sentence(first_version, KEPT).evidence.all())
    import_version(OPENING, KEPT, REWORDED)
    assert as_compared(sentence(first_version, KEPT).evidence.all()) == before
    assert not any(row[-1] for row in before)


def test_evidence_on_a_sentence_the_new_version_dropped_stays_and_is_flagged(first_version):
    result = import_version(OPENING, KEPT, REWORDED)
    assert result.needs_review_count == 1
    flagged = Evidence.objects.get(needs_review=True)
    assert flagged.sentence == sentence(first_version, DROPPED)
    assert (flagged.provision.slug, flagged.status) == ("russia-nato-6", "confirmed")
    assert not Evidence.objects.filter(
        sentence__article=result.article, provision=flagged.provision, status="confirmed"
    ).exists()
    assert flagged.history.first().needs_review, "the flag is in the evidence's history"


def test_suggestions_for_a_new_version_never_repeat_a_carried_over_pair(first_version):
    result = import_version(OPENING, KEPT, REWORDED, suggest=True)
    kept = sentence(result.article, KEPT)
    assert as_compared(kept.evidence.all()) == as_compared(
        sentence(first_version, KEPT).evidence.all()
    ), "the confirmed and the rejected link are carried over, and nothing is added"
    reworded = sentence(result.article, REWORDED)
    assert reworded.evidence.filter(status="suggested").exists(), (
        "the reworded sentence is suggested what its earlier wording was confirmed for"
    )


def test_the_api_finds_the_evidence_that_needs_review(client, first_version):
    import_version(OPENING, KEPT, REWORDED)
    response = client.get("/api/evidence/?needs_review=true")
    assert response.status_code == 200
    rows = response.json()["results"]
    assert [(row["sentence"]["text"], row["needs_review"]) for row in rows] == [(DROPPED, True)]
    assert rows[0]["matched_terms"] == []
    unflagged = client.get("/api/evidence/?needs_review=false&page_size=100").json()
    assert all(not row["needs_review"] for row in unflagged["results"])


def test_a_malformed_needs_review_filter_is_a_bad_request(client):
    response = client.get("/api/evidence/?needs_review=perhaps")
    assert response.status_code == 400
    assert "needs_review" in response.json()["detail"]
