"""Search over provisions and sentences: the page, the two entry points, the highlighter."""

import pytest
from django.db import connection
from django.urls import reverse

from articles.models import Sentence
from core.templatetags.proviso import highlight_words
from evidence.search import provisions_matching
from treaties.models import Provision

pytestmark = pytest.mark.usefixtures("seeded")

URL = reverse("search")
on_postgres = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="full-text search is PostgreSQL's"
)


def test_results_are_grouped_by_provision_with_the_matching_sentences(
    client, django_assert_num_queries
):
    # provisions, sentences with their articles and outlets, and their evidence links.
    with django_assert_num_queries(3):
        response = client.get(URL, {"q": "bases Georgia"})
    assert response.status_code == 200
    results = response.context["results"]
    hits = {hit.provision.slug: hit for hit in results.provisions}
    assert sorted(hits) == ["russia-nato-6", "us-russia-4-1", "us-russia-4-2"]
    # Both AP versions report US bases in "Ukraine, Georgia and other" ex-Soviet states.
    quoted = [s.article.outlet.slug for s in hits["us-russia-4-2"].sentences]
    assert sorted(quoted) == ["associated-press", "detroit-news"]
    assert results.unlinked == []


def test_matched_words_are_marked_and_everything_else_escaped(client):
    page = client.get(URL, {"q": "bases Georgia"}).content.decode()
    assert "military <mark>bases</mark> in Ukraine, <mark>Georgia</mark> and other" in page
    assert "No US <mark>bases</mark> or military cooperation" in page


def test_sentences_reporting_no_provision_are_listed_apart(client):
    results = client.get(URL, {"q": "Stoltenberg"}).context["results"]
    assert results.provisions == []
    assert len(results.unlinked) >= 1
    assert all("Stoltenberg" in s.text for s in results.unlinked)


def test_an_empty_search_shows_the_form_and_examples_without_querying(
    client, django_assert_num_queries
):
    with django_assert_num_queries(0):
        response = client.get(URL)
    assert response.status_code == 200
    assert 'href="?q=intermediate-range"' in response.content.decode()


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"q": "bases", "region": "georgia"}, "region: unknown parameter; the only one is q."),
        ({"q": "x" * 201}, "q: Ensure this value has at most 200 characters (it has 201)."),
        ({"q": "bases\x00"}, "q: Null characters are not allowed."),
    ],
)
def test_a_search_it_cannot_read_is_a_400_with_the_reason(client, params, message):
    response = client.get(URL, params)
    assert response.status_code == 400
    assert message in response.content.decode()


def test_a_repeated_query_is_a_400(client):
    assert client.get(URL + "?q=bases&q=Georgia").status_code == 400


def test_both_entry_points_find_every_word_in_any_case():
    assert {p.slug for p in provisions_matching("MISSILES").with_labels()} >= {
        "us-russia-6",
        "russia-nato-5",
    }
    sentences = Sentence.objects.search("intermediate-range missiles")
    assert sentences.count() >= 2
    assert all("intermediate" in s.text.lower() for s in sentences)


def test_a_provision_matches_words_split_between_its_text_and_its_evidence():
    # "Georgia" is only in the evidence of US–Russia 4(2), "infrastructure" in its summary.
    found = {p.slug for p in provisions_matching("Georgia infrastructure").with_labels()}
    assert "us-russia-4-2" in found


def test_search_results_can_be_filtered_further_as_subqueries():
    # The API nests the entry points in `pk__in`; they must work there on every backend.
    nested = Provision.objects.filter(pk__in=provisions_matching("bases").values("pk"))
    assert "us-russia-4-2" in {p.slug for p in nested.with_labels()}
    sentences = Sentence.objects.filter(pk__in=Sentence.objects.search("bases").values("pk"))
    assert sentences.exists()


@on_postgres
def test_on_postgresql_a_word_finds_the_other_forms_of_its_stem():
    # "deploying" is in no summary as such; its stem finds "deploy" and "deployment".
    found = {p.slug for p in provisions_matching("deploying").with_labels()}
    assert {"us-russia-5-1", "us-russia-6", "russia-nato-5"} <= found
    assert Sentence.objects.search("drill").filter(text__icontains="drills").exists()


@on_postgres
def test_on_postgresql_the_search_vectors_are_stored_and_indexed():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT table_name, is_generated FROM information_schema.columns "
            "WHERE column_name = 'search_vector' ORDER BY table_name"
        )
        assert cursor.fetchall() == [
            ("articles_sentence", "ALWAYS"),
            ("treaties_provision", "ALWAYS"),
        ]
        cursor.execute(
            "SELECT indexname FROM pg_indexes WHERE indexdef LIKE '%USING gin (search_vector)%' "
            "ORDER BY indexname"
        )
        assert [row[0] for row in cursor.fetchall()] == [
            "articles_sentence_search_gin",
            "treaties_provision_search_gin",
        ]


@on_postgres
def test_on_postgresql_a_word_of_stop_words_only_is_ignored():
    assert Sentence.objects.search("the").count() == Sentence.objects.count()
    assert set(provisions_matching("the bases")) == set(provisions_matching("bases"))


def test_the_highlighter_escapes_the_text_before_marking_it():
    marked = highlight_words('<script>alert("missiles")</script> & Missile', "missiles <b>")
    assert marked == (
        "&lt;script&gt;alert(&quot;<mark>missiles</mark>&quot;)&lt;/script&gt; &amp; "
        "<mark>Missile</mark>"
    )


def test_the_highlighter_marks_whole_words_from_their_start_and_skips_common_words():
    assert highlight_words("The deployment of troops", "deploying the") == (
        "The <mark>deployment</mark> of troops"
    )
    assert highlight_words("redeploy", "deploy") == "redeploy"
    assert highlight_words("plain & simple", "") == "plain &amp; simple"
