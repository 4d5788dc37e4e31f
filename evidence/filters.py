"""Filters on the reporting, in the grammar of `core.filters`: provisions by who reported them
and how widely (extending `treaties.filters.ProvisionFilter`), and the sentences and evidence
links themselves."""

from collections import Counter

import django_filters
from django.db.models import Count, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce

from articles.models import Article, Outlet, Sentence
from core.filters import (
    MAX_SEARCH_LENGTH,
    ChoiceListFilter,
    Facet,
    FacetedFilter,
    FacetValue,
    IdListFilter,
    SlugListFilter,
    StrictBooleanFilter,
    StrictFilterSet,
    StrictIntegerFilter,
    facet_group,
    join_words,
)
from evidence.models import Evidence
from evidence.search import found_by_search
from treaties.filters import ProvisionFilter
from treaties.models import Provision


class ReportedByFilter(SlugListFilter, FacetedFilter):
    """Provisions with confirmed evidence from any of the outlets."""

    legend = "Reported by"

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("method", self.select)
        super().__init__(*args, **kwargs)

    def select(self, queryset, name, outlets):
        if not outlets:
            return queryset
        reporting = Evidence.objects.confirmed().filter(sentence__article__outlet__in=outlets)
        return queryset.filter(pk__in=reporting.values("provision_id"))

    def phrase(self, value) -> str:
        return "reported by " + join_words([outlet.name for outlet in value])

    def facet(self, base: QuerySet, value) -> Facet:
        selected = {outlet.pk for outlet in value or []}
        reporting = Evidence.objects.confirmed().filter(
            sentence__article__outlet=OuterRef("pk"), provision__in=base.values("pk")
        )
        counted = Outlet.objects.with_articles().annotate(
            n=Coalesce(
                Subquery(
                    reporting.order_by()
                    .values("sentence__article__outlet")
                    .annotate(n=Count("provision", distinct=True))
                    .values("n")
                ),
                0,
            )
        )
        values = [
            FacetValue(slug, name, count, pk in selected)
            for pk, slug, name, count in counted.order_by("name").values_list(
                "pk", "slug", "name", "n"
            )
        ]
        return Facet(
            "outlet",
            self.legend,
            [facet_group("", values)],
            help="Outlets with at least one confirmed evidence sentence.",
            # Every outlet read: the "M" of "reported by N of M outlets".
            offered=len(values),
        )


class SourcesFilter(StrictIntegerFilter, FacetedFilter):
    """Provisions reported by at least this many outlets (`source_count`, see
    evidence.reporting)."""

    legend = "Number of sources"

    def phrase(self, value) -> str:
        return f"reported by at least {value} outlet{'s' if value != 1 else ''}"

    def facet(self, base: QuerySet, value) -> Facet:
        exactly = Counter(dict(base.order_by().values_list("source_count").annotate(n=Count("pk"))))
        most = max([*exactly, value or 0])
        # How many have at least n sources: running sums from the most.
        at_least, running = {}, 0
        for least in range(most, 0, -1):
            running += exactly[least]
            at_least[least] = running
        values = [
            FacetValue(
                str(least),
                f"At least {least} outlet{'s' if least > 1 else ''}",
                at_least[least],
                value == least,
            )
            for least in range(1, most + 1)
        ]
        return Facet(
            "min_sources",
            self.legend,
            [facet_group("", values)],
            multiple=False,
            any_count=sum(exactly.values()),
        )


class SearchFilter(django_filters.CharFilter, FacetedFilter):
    legend = "Search"

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("method", self.select)
        kwargs.setdefault("max_length", MAX_SEARCH_LENGTH)
        super().__init__(*args, **kwargs)

    def select(self, queryset, name, text):
        if not text.strip():
            return queryset
        # A common word matches tens of thousands of sentences, which the search reads
        # whole: once (and kept), not for the page's count and again for its rows.
        return queryset.filter(found_by_search(text))

    def phrase(self, value) -> str:
        return f"matching “{value.strip()}”"


class ReportedProvisionFilter(ProvisionFilter):
    """The provisions' own filters, and who reported them: the filters of the browse page and
    of the API's provision list. The queryset must carry the reporting counts."""

    outlet = ReportedByFilter(
        model=Outlet, help_text="Outlets that reported the provision (confirmed evidence)."
    )
    min_sources = SourcesFilter(
        field_name="source_count",
        lookup_expr="gte",
        min_value=0,
        max_value=10_000,
        help_text="Least number of outlets with confirmed evidence.",
    )
    search = SearchFilter(
        help_text="Words to find in titles, summaries and confirmed evidence sentences; "
        "every word must match.",
    )
    ordering = django_filters.OrderingFilter(
        fields=(
            ("article", "article"),
            ("treaty__slug", "treaty"),
            ("baseline_date", "baseline_date"),
            ("source_count", "sources"),
            ("confirmed_count", "evidence"),
        ),
        help_text="Sort keys, comma-separated; prefix with - for descending. "
        "Ties keep treaty, article and paragraph order.",
    )

    class Meta(ProvisionFilter.Meta):
        model = Provision


def _search_sentences(text: str):
    return Sentence.objects.search(text).values("pk")


class SentenceFilter(StrictFilterSet):
    """Sentences; `provision`, `status` and `relation` all describe the same evidence link, so
    `provision=russia-nato-4&status=confirmed` finds the sentences confirmed to report it."""

    EVIDENCE_LOOKUPS = {
        "provision": "provision__in",
        "status": "status__in",
        "relation": "relation__in",
    }

    provision = SlugListFilter(
        method="evidence_condition",
        model=Provision,
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
    outlet = SlugListFilter(field_name="article__outlet", model=Outlet, help_text="Outlet slugs.")
    search = django_filters.CharFilter(
        method="filter_search",
        max_length=MAX_SEARCH_LENGTH,
        help_text="Words to find in the sentence; every word must match.",
    )

    class Meta:
        model = Sentence
        fields: list[str] = []

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
    provision = SlugListFilter(
        field_name="provision", model=Provision, help_text="Provision slugs."
    )
    article = IdListFilter(field_name="sentence__article", model=Article, help_text="Article ids.")
    outlet = SlugListFilter(
        field_name="sentence__article__outlet", model=Outlet, help_text="Outlet slugs."
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
        fields: list[str] = []

    def filter_search(self, queryset, name, text):
        return queryset.filter(sentence__in=_search_sentences(text)) if text.strip() else queryset
