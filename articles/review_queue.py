"""Reads for the review queue: suggested links across articles, best score first, and the
links flagged for review, each with the sentences around it.

The queue reads the shared filter grammar strictly: an unknown or malformed parameter raises
`treaties.filters.FilterError` naming the valid ones, never a silently unfiltered list.
"""

import django_filters
from django.core.paginator import InvalidPage, Page, Paginator
from django.db.models import Exists, F, OuterRef, Q, QuerySet

from articles.models import Article, Evidence
from articles.reading import neighbour_text
from treaties.filters import FilterError, IdListFilter, ProvisionSlugListFilter, StrictFilterSet

REVIEW_PAGE_SIZE = 25
# Flagged links are few (they follow a new version of an article); past this many the page
# says how many more there are and the filters narrow them.
FLAGGED_SHOWN = 50
MAX_SCORE = 1_000_000


class ReviewQueueFilter(StrictFilterSet):
    article = IdListFilter(field_name="sentence__article", model=Article, help_text="Article ids.")
    provision = ProvisionSlugListFilter(field_name="provision", help_text="Provision slugs.")
    min_score = django_filters.NumberFilter(
        method="filter_min_score",
        min_value=0,
        max_value=MAX_SCORE,
        help_text="Suggestions scoring at least this much.",
    )

    class Meta:
        model = Evidence
        fields = []

    def __init__(self, data=None, *args, **kwargs):
        super().__init__(data, *args, **kwargs)
        # The queue is a page, not an API list: of the pass-through parameters only `page`
        # means something here.
        self.unknown = sorted(set(self.data) - set(self.filters) - {"page"})

    @classmethod
    def valid_parameters(cls) -> list[str]:
        return sorted([*cls.base_filters, "page"])

    def filter_min_score(self, queryset, name, value):
        return queryset.filter(score__gte=value) if value is not None else queryset


class FlaggedFilter(ReviewQueueFilter):
    """The queue's filters as they apply to flagged links: a flagged link is shown whatever
    its score, since it was flagged because its article changed, not by the engine."""

    def filter_min_score(self, queryset, name, value):
        return queryset


def _in_context(evidence: QuerySet[Evidence]) -> QuerySet[Evidence]:
    return (
        evidence.select_related("sentence__article__outlet", "provision__treaty")
        .defer("sentence__article__raw", "sentence__article__body")
        .annotate(text_before=neighbour_text(-1), text_after=neighbour_text(1))
    )


def suggested_links(*, filters) -> QuerySet[Evidence]:
    """Suggestions matching `filters`, best score first, in reading order among equals."""
    suggested = Evidence.objects.filter(status=Evidence.Status.SUGGESTED)
    return _in_context(ReviewQueueFilter(filters, queryset=suggested).filtered()).order_by(
        F("score").desc(nulls_last=True), "sentence__article_id", "sentence__position", "pk"
    )


def flagged_links(*, filters) -> QuerySet[Evidence]:
    """Links flagged for review matching the queue's article and provision filters."""
    flagged = Evidence.objects.filter(needs_review=True)
    return _in_context(FlaggedFilter(filters, queryset=flagged).filtered()).order_by(
        "sentence__article_id", "sentence__position", "pk"
    )


def review_page(rows: QuerySet[Evidence], filters) -> Page:
    """The page `filters` asks for; a page that is not there is a bad parameter like any."""
    try:
        return Paginator(rows, REVIEW_PAGE_SIZE).page(filters.get("page", 1))
    except InvalidPage as error:
        raise FilterError({"page": [str(error)]}, ReviewQueueFilter.valid_parameters()) from None


def articles_awaiting_review() -> QuerySet[Article]:
    """The articles with a suggestion or a flagged link: the choices of the article filter."""
    pending = Evidence.objects.filter(
        Q(status=Evidence.Status.SUGGESTED) | Q(needs_review=True),
        sentence__article=OuterRef("pk"),
    )
    return (
        Article.objects.filter(Exists(pending))
        .select_related("outlet")
        .only("pk", "title", "outlet__name")
        .order_by("outlet__name", "title", "pk")
    )
