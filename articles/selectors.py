"""Reads of the sources, one function per use case, shared by the pages and the API.

The `*_list(filters=...)` functions raise `core.filters.FilterError` naming every invalid
parameter. Every queryset here loads what its rows show in a fixed number of queries.
"""

from django.db.models import Count, F, QuerySet

from articles.filters import ArticleFilter, OutletFilter
from articles.models import Article, Outlet


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


def reporting_outlet_count() -> int:
    """The outlets that have at least one article: the "M" of "reported by N of M"."""
    return Outlet.objects.with_articles().count()
