"""Suggested evidence links: what is suggested, why, what never is, and at what cost."""

import pytest

from articles.models import Article
from evidence.importing import import_with_evidence
from evidence.models import Evidence
from evidence.suggestions import Term, provision_profiles, rank_candidates, suggest_links
from treaties.models import Provision

pytestmark = pytest.mark.usefixtures("seeded")

MISSILES = (
    "Moscow also wants a ban on placing intermediate-range missiles where they could "
    "strike the territory of the other side."
)
BACKGROUND = "The foreign minister spoke to reporters in Geneva on Tuesday."


def imported(*sentences: str, suggest: bool = False) -> Article:
    text = " ".join(sentences)
    return import_with_evidence(
        raw=text.encode(), source_name="new.txt", outlet="Test outlet", title="T", suggest=suggest
    ).article


def suggested_slugs(article: Article, position: int) -> set[str]:
    return {
        e.provision.slug
        for e in Evidence.objects.filter(
            sentence__article=article, sentence__position=position, status="suggested"
        ).select_related("provision__treaty")
    }


def provision(slug: str) -> Provision:
    return Provision.objects.get(slug=slug)


def test_a_sentence_naming_intermediate_range_missiles_is_suggested_for_both_missile_articles():
    article = imported(BACKGROUND, MISSILES)
    suggest_links(article=article)
    assert {"russia-nato-5", "us-russia-6"} <= suggested_slugs(article, 1)


def test_a_suggestion_has_a_score_and_the_terms_that_made_it():
    article = imported(MISSILES)
    suggestions = suggest_links(article=article)
    missiles = next(e for e in suggestions if e.provision_id == provision("us-russia-6").pk)
    stored = Evidence.objects.get(pk=missiles.pk)
    assert (stored.status, stored.relation, stored.created_by) == ("suggested", "reports", None)
    assert stored.score > 0
    assert "intermediate-range missiles" in stored.matched_terms
    assert all(isinstance(term, str) for term in stored.matched_terms)


def test_a_background_sentence_gets_no_suggestion():
    article = imported(BACKGROUND, MISSILES)
    suggest_links(article=article)
    assert suggested_slugs(article, 0) == set()


def test_a_rejected_pair_is_never_suggested_again():
    article = imported(MISSILES)
    sentence = article.sentences.get()
    missiles = provision("russia-nato-5")
    Evidence.objects.create(sentence=sentence, provision=missiles, status="rejected")
    suggest_links(article=article)
    assert "russia-nato-5" not in suggested_slugs(article, 0)
    assert "us-russia-6" in suggested_slugs(article, 0)
    assert Evidence.objects.get(sentence=sentence, provision=provision("russia-nato-5")).status == (
        "rejected"
    )


def test_suggesting_twice_adds_nothing_the_second_time():
    article = imported(BACKGROUND, MISSILES)
    first = suggest_links(article=article)
    assert first
    assert suggest_links(article=article) == []
    assert Evidence.objects.filter(sentence__article=article).count() == len(first)


def test_an_article_does_not_learn_from_its_own_confirmed_evidence():
    seed = Article.objects.get(source_name="002_abe064712b3927f1.txt")
    own = set(
        Evidence.objects.filter(sentence__article=seed, status="confirmed").values_list(
            "sentence__text", flat=True
        )
    )
    texts = " ".join(p.text for p in provision_profiles(excluding_article_ids=[seed.pk]))
    assert not any(sentence in texts for sentence in own)
    with_seed = " ".join(p.text for p in provision_profiles())
    assert any(sentence in with_seed for sentence in own)


# Up to 20 sentences: beyond that SQLite's limit on query parameters splits the inserts into
# batches, a few rows per query rather than one query per row.
@pytest.mark.parametrize("count", [2, 20])
def test_the_number_of_queries_does_not_grow_with_the_number_of_sentences(
    django_assert_num_queries, count
):
    article = imported(*[f"Sentence number {n} says {MISSILES}" for n in range(count)])
    # Savepoint and release; sentences; 5 for the provisions with their vocabulary; weapon
    # classes; confirmed examples; existing evidence; the suggestions and their history.
    with django_assert_num_queries(13):
        suggestions = suggest_links(article=article)
    assert len(suggestions) >= count


def test_import_suggests_for_a_new_article_unless_told_not_to():
    with_suggestions = imported(MISSILES, suggest=True)
    assert Evidence.objects.filter(sentence__article=with_suggestions, status="suggested").exists()
    without = imported(MISSILES, "Another sentence.", suggest=False)
    assert not Evidence.objects.filter(sentence__article=without).exists()


def test_the_seed_articles_get_no_suggestions():
    assert not Evidence.objects.filter(status="suggested").exists()


def test_nothing_is_ranked_without_provisions_or_without_words():
    assert rank_candidates([MISSILES], []) == []
    assert rank_candidates([], provision_profiles()) == []
    assert rank_candidates(["The and of it."], provision_profiles()) == []


def test_an_acronym_matches_in_its_own_case_only_and_other_names_in_any_case():
    united_states = Term.of("party:united-states", ["United States", "US", "U.S."])
    assert united_states.found_in("Talks with the US began.") == "US"
    assert united_states.found_in("Talks with U.S. diplomats.") == "U.S."
    assert united_states.found_in("Let us begin.") is None
    assert united_states.found_in("the united states said") == "united states"
    assert united_states.found_in("USA") is None
