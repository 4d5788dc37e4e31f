"""Search over provisions and article sentences, with the results grouped by provision.

Both halves go through the single search entry points, `Provision.objects.search` (through
`treaties.search.found_by_search`, which keeps a word's provisions until the data changes)
and `Sentence.objects.search` (full-text on PostgreSQL, substrings elsewhere), so the page
finds what the API finds.
"""

from dataclasses import dataclass, field

from articles.models import Evidence, Sentence
from treaties.models import Provision
from treaties.search import found_by_search

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
        Provision.objects.filter(found_by_search(text))
        .with_labels()
        .with_reporting_counts()
        .order_by(*Provision._meta.ordering)[: PROVISION_LIMIT + 1]
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
    for sentence_id, provision_id in Evidence.objects.filter(
        sentence__in=[s.pk for s in sentences], status=Evidence.Status.CONFIRMED
    ).values_list("sentence_id", "provision_id"):
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
