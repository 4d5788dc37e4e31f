"""`python -m bench.generate_scale_data`: a tiny corpus on the test database (SQLite or
PostgreSQL)."""

import hashlib
import json
import statistics
from collections import Counter

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.db.models import Count, F

from articles.models import Article, Outlet, Sentence
from articles.segmentation import split_sentences
from bench.scale_command import Command
from bench.scale_data import PREFIX, Sizes
from evidence.models import Evidence
from treaties.models import Party, Provision, Region, Treaty, WeaponClass

TINY = {"treaties": 5, "provisions": 50, "articles": 100, "sentences": 1_000, "evidence": 200}


def generate(*extra, **sizes):
    options = []
    for name, value in {**TINY, **sizes}.items():
        options += [f"--{name}", str(value)]
    call_command(Command(), *options, *extra, verbosity=0)


def scale_counts() -> dict[str, int]:
    return {
        "treaties": Treaty.objects.filter(slug__startswith=PREFIX).count(),
        "provisions": Provision.objects.filter(treaty__slug__startswith=PREFIX).count(),
        "articles": Article.objects.filter(outlet__slug__startswith=PREFIX).count(),
        "sentences": Sentence.objects.filter(article__outlet__slug__startswith=PREFIX).count(),
        "evidence": Evidence.objects.filter(provision__treaty__slug__startswith=PREFIX).count(),
    }


def seed_counts() -> dict[str, int]:
    return {
        model.__name__: model.objects.count()
        for model in (Party, Region, WeaponClass, Treaty, Provision, Outlet, Article, Sentence)
    } | {"Evidence": Evidence.objects.count()}


@pytest.fixture
def tiny(seeded):
    generate()


def test_it_generates_the_counts_asked_for(tiny):
    assert scale_counts() == TINY


def test_every_sentence_is_its_article_body_at_its_offsets(tiny):
    bodies = dict(Article.objects.filter(outlet__slug__startswith=PREFIX).values_list("pk", "body"))
    sentences = Sentence.objects.filter(article__in=bodies).values_list(
        "article_id", "position", "text", "start", "end"
    )
    positions = Counter()
    for article_id, _position, text, start, end in sentences:
        assert bodies[article_id][start:end] == text
        assert end == start + len(text)
        positions[article_id] += 1
    # Every article has sentences, numbered from 0 without gaps.
    assert set(positions) == set(bodies)
    for article_id, count in positions.items():
        numbers = Sentence.objects.filter(article_id=article_id).values_list("position", flat=True)
        assert sorted(numbers) == list(range(count))


def test_the_sentence_splitter_finds_the_same_sentences_again(tiny):
    for article in Article.objects.filter(outlet__slug__startswith=PREFIX)[:20]:
        stored = list(article.sentences.order_by("position").values_list("start", "end", "text"))
        assert [(s.start, s.end, s.text) for s in split_sentences(article.body)] == stored


def test_rows_satisfy_the_model_rules(tiny):
    articles = Article.objects.filter(outlet__slug__startswith=PREFIX)
    for article in articles:
        assert article.content_hash == hashlib.sha256(article.body.encode()).hexdigest()
    assert articles.values("content_hash").distinct().count() == TINY["articles"]
    assert not Provision.objects.filter(article__gt=F("treaty__article_count")).exists()
    pairs = Evidence.objects.values("sentence", "provision").annotate(n=Count("pk"))
    assert not pairs.filter(n__gt=1).exists()
    for provision in Provision.objects.filter(treaty__slug__startswith=PREFIX).select_related(
        "treaty"
    ):
        assert provision.slug == Provision.slug_of(
            provision.treaty.slug, provision.article, provision.paragraph
        )
        assert provision.bound_parties.exists()
        assert provision.no_region == (not provision.regions.exists())
        provision.full_clean()
    for treaty in Treaty.objects.filter(slug__startswith=PREFIX):
        treaty.full_clean()


def test_regions_and_words_are_used_with_a_zipf_like_skew(seeded, tmp_path):
    summary_path = tmp_path / "summary.json"
    generate("--summary-json", str(summary_path))
    summary = json.loads(summary_path.read_text())
    scale_uses = Counter(
        Provision.regions.through.objects.filter(
            provision__treaty__slug__startswith=PREFIX
        ).values_list("region_id", flat=True)
    )
    per_region = sorted(scale_uses.get(pk, 0) for pk in Region.objects.values_list("pk", flat=True))
    assert per_region[-1] >= 4 * max(statistics.median(per_region), 1)
    assert summary["top_region_provisions"] == per_region[-1]
    assert summary["common_word_sentences"] >= 20 * summary["rare_word_sentences"] > 0
    texts = Sentence.objects.filter(article__outlet__slug__startswith=PREFIX)
    assert texts.filter(text__icontains=summary["rare_word"]).exists()
    detail = Provision.objects.get(slug=summary["detail_provision"])
    assert detail.evidence.count() == summary["detail_provision_evidence"]


def test_it_refuses_a_database_that_already_has_scale_data(tiny):
    before = seed_counts()
    with pytest.raises(CommandError, match="already has scale data"):
        generate()
    assert seed_counts() == before


def test_replace_generates_the_same_corpus_again_from_the_same_seed(tiny):
    def fingerprint():
        texts = Sentence.objects.filter(article__outlet__slug__startswith=PREFIX).order_by(
            "article__url", "position"
        )
        return hashlib.sha256("\n".join(texts.values_list("text", flat=True)).encode()).digest()

    first = fingerprint()
    generate("--replace")
    assert scale_counts() == TINY
    assert fingerprint() == first
    generate("--replace", "--seed", "2")
    assert scale_counts() == TINY
    assert fingerprint() != first


def test_clear_removes_the_scale_data_and_only_it(seeded):
    before = seed_counts()
    generate()
    call_command(Command(), "--clear", verbosity=0)
    assert seed_counts() == before
    assert not Outlet.objects.filter(slug__startswith=PREFIX).exists()


def test_scale_shrinks_every_default_size():
    assert Sizes().scaled(0.001) == Sizes(
        treaties=1, provisions=10, articles=100, sentences=2_000, evidence=200
    )


@pytest.mark.skipif(connection.vendor == "postgresql", reason="PostgreSQL takes the full size")
def test_it_refuses_the_full_size_without_postgresql(seeded):
    with pytest.raises(CommandError, match="need PostgreSQL"):
        call_command(Command(), verbosity=0)
    assert not Treaty.objects.filter(slug__startswith=PREFIX).exists()


def test_it_refuses_impossible_sizes(seeded):
    with pytest.raises(CommandError, match="every treaty needs a provision"):
        generate(treaties=10, provisions=5)
