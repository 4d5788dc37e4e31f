"""Search: the provisions whose own text or confirmed evidence has every word, and the search
page's results grouped by provision.

Every entry point (the browse page's and the API's `search=`, the search page) goes through
`provisions_matching` and `Sentence.objects.search` (full-text on PostgreSQL, substrings
elsewhere), so the page finds what the API finds.
"""

from dataclasses import dataclass, field
from typing import Any

from django.contrib.postgres.fields import ArrayField
from django.db import connections
from django.db.models import BigIntegerField, BooleanField, F, Func, Q, QuerySet, Value

from articles.models import Article, Sentence
from core.read_cache import CachedUntilChanged
from core.search import matching_pks, search_words, uses_full_text_search
from evidence.models import Evidence
from evidence.reporting import with_reporting_counts
from treaties.models import Provision


def provisions_matching(text: str) -> QuerySet[Provision]:
    """Provisions whose title, summary or confirmed evidence contains every word.

    On PostgreSQL a word matches by its English stem ("deploying" finds "deployment"),
    through the stored search vectors; elsewhere it matches as a case-insensitive
    substring. A word may match in the provision's own text or in any of its evidence.
    """
    matches = Provision.objects.all()
    full_text = uses_full_text_search(matches)
    for word in search_words(text):
        in_sentence: dict[str, Any]
        if full_text:
            own = Q(pk__in=matching_pks(Provision, word))
            in_sentence = {"sentence__in": matching_pks(Sentence, word)}
        else:
            own = Q(title__icontains=word) | Q(summary__icontains=word)
            in_sentence = {"sentence__text__icontains": word}
        # Read from the evidence table alone (no join back to the provisions), so that
        # the database can hash the few provision ids it yields.
        reporting = Evidence.objects.confirmed().filter(**in_sentence)
        matches = matches.filter(own | Q(pk__in=reporting.values("provision_id")))
    return matches


def _search_sources() -> list:
    """The models a search reads (sentences come and go with their article's import)."""
    return [Provision, Evidence, Article]


# The provisions of the latest searches, kept until the data they come from changes.
search_cache = CachedUntilChanged(_search_sources, max_entries=256)


class _AnyOf(Func):
    """`column = ANY(%s)`: a list of values as one array parameter (PostgreSQL). As
    `IN (%s, %s, …)`, 5,000 values cost ~200 ms to bind and parse; as one array, ~5."""

    template = "(%(expressions)s))"
    arg_joiner = " = ANY("
    output_field = BooleanField()


def found_by_search(text: str):
    """A condition for `Provision.objects.filter()`: the provisions `provisions_matching(text)`
    finds.

    Their primary keys are kept until the data changes: a common word's search reads tens
    of thousands of sentences, once rather than for every count, page and facet that needs
    it. Where nothing may be kept, the search is a subquery."""
    found = provisions_matching(text).order_by().values_list("pk", flat=True)
    stamp = search_cache.stamp()
    if stamp is None:
        return Q(pk__in=found)
    pks = search_cache.get(("provisions", text), stamp, lambda: list(found))
    if connections[found.db].vendor != "postgresql":
        return Q(pk__in=pks)
    return _AnyOf(F("pk"), Value(pks, output_field=ArrayField(BigIntegerField())))


# Provisions and sentences listed at most; a search for a common word says there are more.
PROVISION_LIMIT = 100
SENTENCE_LIMIT = 200


@dataclass
class ProvisionHit:
    provision: Provision
    sentences: list[Sentence] = field(default_factory=list)


@dataclass
class SearchResults:
    provisions: list[ProvisionHit]
    unlinked: list[Sentence]
    sentence_count: int
    truncated: bool
    provisions_truncated: bool


def search(text: str) -> SearchResults:
    """Provisions matching `text`, each with the matching sentences that report it, then the
    matching sentences that report no provision (three queries, and the stamp of the kept
    searches outside a transaction)."""
    provisions = list(
        with_reporting_counts(
            Provision.objects.filter(found_by_search(text)).with_labels()
        ).order_by(*(Provision._meta.ordering or ()))[: PROVISION_LIMIT + 1]
    )
    provisions_truncated = len(provisions) > PROVISION_LIMIT
    provisions = provisions[:PROVISION_LIMIT]
    sentences = list(
        Sentence.objects.search(text)
        .select_related("article__outlet")
        .defer("article__raw", "article__body")
        # The order of the (article, position) index: a common word's first sentences are
        # found without sorting every match.
        .order_by("article_id", "position")[: SENTENCE_LIMIT + 1]
    )
    truncated = len(sentences) > SENTENCE_LIMIT
    sentences = sentences[:SENTENCE_LIMIT]
    reports: dict[int, set[int]] = {}
    for sentence_id, provision_id in (
        Evidence.objects.confirmed()
        .filter(sentence__in=[s.pk for s in sentences])
        .values_list("sentence_id", "provision_id")
    ):
        reports.setdefault(provision_id, set()).add(sentence_id)

    hits = [
        ProvisionHit(p, [s for s in sentences if s.pk in reports.get(p.pk, ())]) for p in provisions
    ]
    linked = set().union(*reports.values()) if reports else set()
    return SearchResults(
        provisions=hits,
        unlinked=[s for s in sentences if s.pk not in linked],
        sentence_count=len(sentences),
        truncated=truncated,
        provisions_truncated=provisions_truncated,
    )
