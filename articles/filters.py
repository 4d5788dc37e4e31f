"""Filters of the sources, in the grammar of `core.filters`."""

import django_filters

from articles.models import Article, Outlet
from core.filters import SlugListFilter, StrictFilterSet


class OutletFilter(StrictFilterSet):
    class Meta:
        model = Outlet
        fields: list[str] = []


class ArticleFilter(StrictFilterSet):
    outlet = SlugListFilter(field_name="outlet", model=Outlet, help_text="Outlet slugs.")
    published_before = django_filters.DateFilter(
        field_name="published",
        lookup_expr="lt",
        help_text="Published strictly before this date (YYYY-MM-DD).",
    )
    published_after = django_filters.DateFilter(
        field_name="published",
        lookup_expr="gt",
        help_text="Published strictly after this date (YYYY-MM-DD).",
    )

    class Meta:
        model = Article
        fields: list[str] = []
