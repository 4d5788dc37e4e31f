"""Reads of provisions with their reporting, and of the reporting itself: one function per use
case, shared by the pages and the API.

The `*_list(filters=...)` functions take the request's parameters (a QueryDict or a dict) and
raise `core.filters.FilterError` naming every invalid one. Every queryset here loads what
its rows show in a fixed number of queries, whatever the number of rows.
"""

from django.db.models import Prefetch, QuerySet

from articles.models import Article, Sentence
from articles.selectors import articles_for_display
from evidence.filters import EvidenceFilter, ReportedProvisionFilter, SentenceFilter
from evidence.models import Evidence
from evidence.reporting import with_evidence_counts
from treaties.models import Provision, Treaty

DEFAULT_PROVISION_ORDER = ("treaty__slug", "article", "paragraph")
SENTENCE_ORDER = ("article_id", "position", "pk")
EVIDENCE_ORDER = (
    "sentence__article_id",
    "sentence__position",
    "provision__treaty__slug",
    "provision__article",
    "provision__paragraph",
    "pk",
)


def provisions_for_display() -> QuerySet[Provision]:
    """Provisions with everything a list shows, in a fixed number of queries."""
    return with_evidence_counts(
        Provision.objects.select_related("treaty").prefetch_related(
            "bound_parties",
            "regions",
            "weapon_classes",
            Prefetch("related", queryset=Provision.objects.select_related("treaty")),
        )
    )


def provision_filters(filters, *, passthrough=None) -> ReportedProvisionFilter:
    """The browse grammar's filter set for `filters`, checked (FilterError if invalid);
    `passthrough` as for `StrictFilterSet` (a site page accepts only `page`)."""
    filterset = ReportedProvisionFilter(
        filters, queryset=provisions_for_display(), passthrough=passthrough
    )
    return filterset.check()


def in_list_order(provisions: QuerySet[Provision]) -> QuerySet[Provision]:
    """The order asked for, then the default order, which breaks ties so that pages of a
    sorted list never overlap."""
    return provisions.order_by(*provisions.query.order_by, *DEFAULT_PROVISION_ORDER)


def provision_list(*, filters) -> QuerySet[Provision]:
    """Provisions matching the filter parameters (a QueryDict or dict).

    Raises FilterError naming every invalid parameter.
    """
    return in_list_order(provision_filters(filters).qs)


def provision_detail(*, slug: str) -> Provision:
    """One provision with its list fields and every piece of evidence for it, each with its
    sentence, article and outlet. Raises `Provision.DoesNotExist` for an unknown slug."""
    evidence = (
        Evidence.objects.select_related("sentence__article__outlet")
        # Each article's text, twice (as received and cleaned): never shown with its
        # evidence, and several kilobytes a row.
        .defer("sentence__article__raw", "sentence__article__body")
        .order_by("sentence__article_id", "sentence__position", "pk")
    )
    return (
        provisions_for_display()
        .prefetch_related(Prefetch("evidence", queryset=evidence, to_attr="evidence_for_display"))
        .get(slug=slug)
    )


def treaties_with_provisions() -> QuerySet[Treaty]:
    """Both drafts, each with its provisions in article order and their evidence counts."""
    provisions = with_evidence_counts(
        Provision.objects.select_related("treaty")
        .prefetch_related("regions", "weapon_classes", "bound_parties")
        .order_by("article", "paragraph")
    )
    return (
        Treaty.objects.select_related("proposer")
        .prefetch_related(Prefetch("provisions", queryset=provisions))
        .order_by("slug")
    )


def _evidence_with_provisions() -> QuerySet[Evidence]:
    return Evidence.objects.select_related("provision__treaty").order_by(
        "provision__treaty__slug", "provision__article", "provision__paragraph", "pk"
    )


def article_detail(*, pk: int) -> Article:
    """An article with its sentences in order, each with its evidence links.
    Raises `Article.DoesNotExist`."""
    sentences = Sentence.objects.order_by(*SENTENCE_ORDER).prefetch_related(
        Prefetch("evidence", queryset=_evidence_with_provisions())
    )
    return (
        articles_for_display()
        .prefetch_related(Prefetch("sentences", queryset=sentences))
        .get(pk=pk)
    )


def sentences_for_display() -> QuerySet[Sentence]:
    return (
        Sentence.objects.select_related("article__outlet")
        .prefetch_related(Prefetch("evidence", queryset=_evidence_with_provisions()))
        .order_by(*SENTENCE_ORDER)
    )


def sentence_list(*, filters) -> QuerySet[Sentence]:
    return SentenceFilter(filters, queryset=sentences_for_display()).filtered()


def evidence_for_display() -> QuerySet[Evidence]:
    return Evidence.objects.select_related(
        "sentence__article__outlet", "provision__treaty"
    ).order_by(*EVIDENCE_ORDER)


def evidence_list(*, filters) -> QuerySet[Evidence]:
    return EvidenceFilter(filters, queryset=evidence_for_display()).filtered()
