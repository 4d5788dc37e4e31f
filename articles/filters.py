"""Filters for the reporting side, in the grammar of `treaties.filters`."""

import django_filters

from articles.models import Article, Evidence, Outlet, Sentence
from treaties.filters import (
    MAX_SEARCH_LENGTH,
    ChoiceListFilter,
    IdListFilter,
    ProvisionSlugListFilter,
    SlugListFilter,
    StrictBooleanFilter,
    StrictFilterSet,
)


def _search_sentences(text: str):
    return Sentence.objects.search(text).values("pk")


class OutletFilter(StrictFilterSet):
    class Meta:
        model = Outlet
        fields = []


class ArticleFilter(StrictFilterSet):
    outlet = SlugListFilter(
        field_name="outlet", lookup_expr="in", model=Outlet, help_text="Outlet slugs."
    )
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
        fields = []


class SentenceFilter(StrictFilterSet):
    """Sentences; `provision`, `status` and `relation` all describe the same evidence link, so
    `provision=russia-nato-4&status=confirmed` finds the sentences confirmed to report it."""

    EVIDENCE_LOOKUPS = {
        "provision": "provision__in",
        "status": "status__in",
        "relation": "relation__in",
    }

    provision = ProvisionSlugListFilter(
        method="evidence_condition",
        help_text="Provision slugs the sentence is evidence for.",
    )
    status = ChoiceListFilter(
        method="evidence_condition",
        choices=Evidence.Status.choices,
        help_text="Status of the sentence's evidence links.",
    )
    relation = ChoiceListFilter(
        method="evidence_condition",
        choices=Evidence.Relation.choices,
        help_text="How the sentence relates to the provision.",
    )
    article = IdListFilter(field_name="article", model=Article, help_text="Article ids.")
    outlet = SlugListFilter(
        field_name="article__outlet", lookup_expr="in", model=Outlet, help_text="Outlet slugs."
    )
    search = django_filters.CharFilter(
        method="filter_search",
        max_length=MAX_SEARCH_LENGTH,
        help_text="Words to find in the sentence; every word must match.",
    )

    class Meta:
        model = Sentence
        fields = []

    def evidence_condition(self, queryset, name, value):
        # Applied together in filter_queryset, on one evidence row.
        return queryset

    def filter_queryset(self, queryset):
        conditions = {
            lookup: self.form.cleaned_data[name]
            for name, lookup in self.EVIDENCE_LOOKUPS.items()
            if self.form.cleaned_data.get(name)
        }
        if conditions:
            linked = Evidence.objects.filter(**conditions).values("sentence_id")
            queryset = queryset.filter(pk__in=linked)
        return super().filter_queryset(queryset)

    def filter_search(self, queryset, name, text):
        return queryset.filter(pk__in=_search_sentences(text)) if text.strip() else queryset


class EvidenceFilter(StrictFilterSet):
    provision = ProvisionSlugListFilter(field_name="provision", help_text="Provision slugs.")
    article = IdListFilter(field_name="sentence__article", model=Article, help_text="Article ids.")
    outlet = SlugListFilter(
        field_name="sentence__article__outlet",
        lookup_expr="in",
        model=Outlet,
        help_text="Outlet slugs.",
    )
    status = ChoiceListFilter(
        field_name="status", choices=Evidence.Status.choices, help_text="Evidence statuses."
    )
    relation = ChoiceListFilter(
        field_name="relation",
        choices=Evidence.Relation.choices,
        help_text="How the sentence relates to the provision.",
    )
    needs_review = StrictBooleanFilter(
        field_name="needs_review",
        help_text="Whether a new version of the article no longer contains the sentence.",
    )
    search = django_filters.CharFilter(
        method="filter_search",
        max_length=MAX_SEARCH_LENGTH,
        help_text="Words to find in the evidence sentence; every word must match.",
    )

    class Meta:
        model = Evidence
        fields = []

    def filter_search(self, queryset, name, text):
        return queryset.filter(sentence__in=_search_sentences(text)) if text.strip() else queryset
