"""Reads of the reporting data, one function per use case, shared by the pages and the API.

The `*_list(filters=...)` functions raise `treaties.filters.FilterError` naming every invalid
parameter. Every queryset here loads what its rows show in a fixed number of queries.
"""

from django.db.models import Count, F, Prefetch, QuerySet

from articles.filters import ArticleFilter, EvidenceFilter, OutletFilter, SentenceFilter
from articles.models import Article, Evidence, Outlet, Sentence

SENTENCE_ORDER = ("article_id", "position", "pk")
EVIDENCE_ORDER = (
    "sentence__article_id",
    "sentence__position",
    "provision__treaty__slug",
    "provision__article",
    "provision__paragraph",
    "pk",
)


def _evidence_with_provisions() -> QuerySet[Evidence]:
    return Evidence.objects.select_related("provision__treaty").order_by(
        "provision__treaty__slug", "provision__article", "provision__paragraph", "pk"
    )


def outlets_for_display() -> QuerySet[Outlet]:
    return Outlet.objects.annotate(article_count=Count("articles")).order_by("name", "pk")


def outlet_list(*, filters) -> QuerySet[Outlet]:
    return OutletFilter(filters, queryset=outlets_for_display()).filtered()


def articles_for_display() -> QuerySet[Article]:
    return (
        Article.objects.select_related("outlet")
        .annotate(sentence_count=Count("sentences"))
        .order_by(F("published").desc(nulls_last=True), "title", "pk")
    )


def article_list(*, filters) -> QuerySet[Article]:
    return ArticleFilter(filters, queryset=articles_for_display()).filtered()


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
