"""Reads for the review queue: suggested links across articles, best score first, and the
links flagged for review, each with the sentences around it.

The queue reads the shared filter grammar strictly: an unknown or malformed parameter raises
`core.filters.FilterError` naming the valid ones, never a silently unfiltered list.
"""

import django_filters
from django.core.paginator import Page
from django.db.models import Exists, F, OuterRef, Q, QuerySet

from articles.models import Article
from core.filters import IdListFilter, SlugListFilter, StrictFilterSet
from core.pagination import page_of
from evidence.models import Evidence
from evidence.reading import neighbour_text
from treaties.models import Provision

REVIEW_PAGE_SIZE = 25
# Flagged links are few (they follow a new version of an article); past this many the page
# says how many more there are and the filters narrow them.
FLAGGED_SHOWN = 50
MAX_SCORE = 1_000_000


class ReviewQueueFilter(StrictFilterSet):
    article = IdListFilter(field_name="sentence__article", model=Article, help_text="Article ids.")
    provision = SlugListFilter(
        field_name="provision", model=Provision, help_text="Provision slugs."
    )
    min_score = django_filters.NumberFilter(
        method="filter_min_score",
        min_value=0,
        max_value=MAX_SCORE,
        help_text="Suggestions scoring at least this much.",
    )

    # The queue is a page, not an API list: of the pass-through parameters only `page`
    # means something here.
    passthrough = frozenset({"page"})

    class Meta:
        model = Evidence
        fields: list[str] = []

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
    suggested = Evidence.objects.suggested()
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
    return page_of(
        rows,
        filters.get("page"),
        per_page=REVIEW_PAGE_SIZE,
        valid_parameters=ReviewQueueFilter.valid_parameters(),
    )


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
