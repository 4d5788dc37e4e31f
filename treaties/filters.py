"""Filters of the treaty data, in the grammar of `core.filters`.

`ProvisionFilter` holds what a provision itself says: its draft, article, who it binds, the
regions and weapon classes it covers, its kind of obligation and its baseline. Each of those
filters also reads its own value as a phrase and counts its own facet; the filters on
reporting (outlets, sources, fidelity, search) extend it in `evidence.filters`.
"""

from collections import Counter, defaultdict

import django_filters
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils.formats import date_format

from core.filters import (
    ChoiceListFilter,
    Facet,
    FacetedFilter,
    FacetValue,
    IntListFilter,
    SlugListFilter,
    StrictBooleanFilter,
    StrictFilterSet,
    facet_group,
    join_words,
)
from treaties.models import Measure, Party, Provision, Region, Treaty, WeaponClass


def _by_label(value: FacetValue):
    # Selected values come first, so that a long, scrolling list never hides them.
    return (not value.selected, value.label.casefold())


class DraftFilter(SlugListFilter, FacetedFilter):
    legend = "Draft"

    def phrase(self, value) -> str:
        return f"in the {join_words([treaty.short_title for treaty in value])} draft"

    def facet(self, base: QuerySet, value) -> Facet:
        selected = {treaty.pk for treaty in value or []}
        counted = Treaty.objects.annotate(
            n=Count("provisions", filter=Q(provisions__in=base.values("pk")))
        )
        values = [
            FacetValue(slug, short_title, count, pk in selected)
            for pk, slug, short_title, count in counted.order_by("slug").values_list(
                "pk", "slug", "short_title", "n"
            )
        ]
        return Facet("treaty", self.legend, [facet_group("", values)], codebook="drafts")


class ArticleNumberFilter(IntListFilter, FacetedFilter):
    legend = "Article"

    def phrase(self, value) -> str:
        return f"in article {join_words([str(number) for number in value])}"


class TaggedFilter(SlugListFilter, FacetedFilter):
    """Provisions tagged with the chosen values or with any value they reach (a country: the
    groups and zones that contain it; a weapon class: the classes below it), as the
    vocabulary's `Hierarchy.reach()` says. `relation` is the provision's many-to-many
    attribute that holds the tags."""

    relation = ""
    verb = ""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("method", self.select)
        super().__init__(*args, **kwargs)

    @property
    def vocabulary(self):
        return Provision._meta.get_field(self.relation).related_model

    def _tags(self):
        field = Provision._meta.get_field(self.relation)
        through = field.remote_field.through
        return through.objects, f"{field.m2m_reverse_field_name()}_id"

    def select(self, queryset, name, value):
        if not value:
            return queryset
        # The results and every other facet apply this filter: what the values reach is
        # worked out once per request (the filter belongs to one filter set).
        key = tuple(row.pk for row in value)
        if getattr(self, "_reached", (None,))[0] != key:
            self._reached = (key, self.vocabulary.objects.reaching(value))
        through, tag = self._tags()
        tagged = through.filter(**{f"{tag}__in": self._reached[1]})
        return queryset.filter(pk__in=tagged.values("provision_id"))

    def phrase(self, value) -> str:
        return f"{self.verb} {join_words([row.name for row in value])}"

    def counts(self, base: QuerySet, reach: dict[int, set[int]] | None = None) -> Counter[int]:
        """How many provisions of `base` each value finds: the tags of `base` in one query,
        and the vocabulary's `reach` (read if not given). Provisions with the same tags are
        counted together."""
        through, tag = self._tags()
        tags_of = defaultdict(set)
        for provision_id, tag_id in through.filter(provision_id__in=base.values("pk")).values_list(
            "provision_id", tag
        ):
            tags_of[provision_id].add(tag_id)
        found_by = defaultdict(set)
        if reach is None:
            reach = self.vocabulary.objects.reach()
        for value, finds in reach.items():
            for found in finds:
                found_by[found].add(value)
        counts: Counter[int] = Counter()
        for tags, provisions in Counter(frozenset(tags) for tags in tags_of.values()).items():
            for value in set(tags).union(*(found_by[tag] for tag in tags)):
                counts[value] += provisions
        return counts

    def names(self):
        """(id, slug, name, whether some provision is tagged with it) of every value."""
        through, tag = self._tags()
        named = Exists(through.filter(**{tag: OuterRef("pk")}))
        return self.vocabulary.objects.annotate(named=named).values_list(
            "pk", "slug", "name", "named"
        )


class NamedOrContainedFilter(TaggedFilter):
    """A facet in two groups: the values the drafts name, then those that only belong to
    one (a state to a group it binds, a country to a zone it restricts)."""

    contained = ""
    help = ""
    codebook = ""

    def facet(self, base: QuerySet, value) -> Facet:
        selected = {row.pk for row in value or []}
        counts = self.counts(base)
        named: list[FacetValue] = []
        others: list[FacetValue] = []
        for pk, slug, name, is_named in self.names():
            shown = FacetValue(slug, name, counts.get(pk, 0), pk in selected)
            (named if is_named else others).append(shown)
        return Facet(
            str(self.field_name),
            self.legend,
            [
                facet_group("Named in the drafts", sorted(named, key=_by_label)),
                facet_group(self.contained, sorted(others, key=_by_label), long=True),
            ],
            help=self.help,
            codebook=self.codebook,
        )


class BindsFilter(NamedOrContainedFilter):
    relation = "bound_parties"
    legend = "Binds"
    verb = "binding"
    contained = "States, through the groups they belong to"
    help = "A state also finds the provisions binding a group it belongs to."
    codebook = "parties"


class RestrictsFilter(NamedOrContainedFilter):
    relation = "regions"
    legend = "Restricts"
    verb = "restricting"
    contained = "Countries, through the groups and zones that contain them"
    help = "A country also finds the provisions on a group or zone that contains it."
    codebook = "regions"


class WeaponsFilter(TaggedFilter):
    relation = "weapon_classes"
    legend = "Weapons and forces"
    verb = "about"

    def phrase(self, value) -> str:
        return f"{self.verb} {join_words([row.name.lower() for row in value])}"

    def facet(self, base: QuerySet, value) -> Facet:
        selected = {row.pk for row in value or []}
        classes = list(WeaponClass.objects.values_list("pk", "slug", "name", "parent_id"))
        reach = WeaponClass.objects.reach_of((pk, parent) for pk, _, _, parent in classes)
        counts = self.counts(base, reach)
        children = defaultdict(list)
        for pk, slug, name, parent_id in classes:
            children[parent_id].append((name, pk, slug))
        values: list[FacetValue] = []

        def walk(parent_id, depth):
            for name, pk, slug in sorted(children.get(parent_id, [])):
                values.append(FacetValue(slug, name, counts.get(pk, 0), pk in selected, depth))
                walk(pk, depth + 1)

        walk(None, 0)
        return Facet(
            "weapon_class",
            self.legend,
            [facet_group("", values)],
            help="A class also finds the provisions on the classes below it.",
            codebook="weapon-classes",
        )


class MeasureFilter(ChoiceListFilter, FacetedFilter):
    legend = "Kind of obligation"

    def phrase(self, value) -> str:
        labels = dict(Measure.choices)
        return "on " + join_words([labels[item].lower() for item in value])

    def facet(self, base: QuerySet, value) -> Facet:
        counts = dict(base.order_by().values_list("measure").annotate(n=Count("pk")))
        values = [
            FacetValue(key, label, counts.get(key, 0), key in (value or []))
            for key, label in Measure.choices
        ]
        return Facet("measure", self.legend, [facet_group("", values)], codebook="measures")


class HasBaselineFilter(StrictBooleanFilter, FacetedFilter):
    legend = "Baseline"

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("method", self.select)
        super().__init__(*args, **kwargs)

    def select(self, queryset, name, value):
        if value is None:
            return queryset
        return queryset.filter(baseline_date__isnull=not value)

    def phrase(self, value) -> str:
        return "with a baseline date" if value else "without a baseline date"

    def facet(self, base: QuerySet, value) -> Facet:
        totals = base.order_by().aggregate(
            total=Count("pk"), dated=Count("pk", filter=Q(baseline_date__isnull=False))
        )
        values = [
            FacetValue("true", "With a baseline date", totals["dated"], value is True),
            FacetValue(
                "false",
                "Without a baseline date",
                totals["total"] - totals["dated"],
                value is False,
            ),
        ]
        return Facet(
            "has_baseline",
            self.legend,
            [facet_group("", values)],
            multiple=False,
            any_count=totals["total"],
            help="The date whose situation a provision freezes, such as 27 May 1997.",
            codebook="baselines",
        )


class BaselineDateFilter(django_filters.DateFilter, FacetedFilter):
    """A baseline date: exactly (`exact`), before (`lt`) or after (`gt`) the one given."""

    legend = "Baseline date"
    WORDS = {
        "exact": "with the baseline date",
        "lt": "with a baseline date before",
        "gt": "with a baseline date after",
    }

    def phrase(self, value) -> str:
        return f"{self.WORDS[self.lookup_expr]} {date_format(value, 'j F Y')}"


class ProvisionFilter(StrictFilterSet):
    treaty = DraftFilter(field_name="treaty", model=Treaty, help_text="Treaty slugs.")
    article = ArticleNumberFilter(field_name="article", help_text="Article numbers.")
    party = BindsFilter(
        model=Party, help_text="Bound parties; a party also matches the groups it belongs to."
    )
    region = RestrictsFilter(
        model=Region,
        help_text="Regions; a country also matches the groups and zones that contain it.",
    )
    weapon_class = WeaponsFilter(
        model=WeaponClass, help_text="Weapon classes; a class also matches its sub-classes."
    )
    measure = MeasureFilter(
        field_name="measure", choices=Measure.choices, help_text="Kinds of obligation."
    )
    has_baseline = HasBaselineFilter(help_text="Whether the provision has a baseline date.")
    baseline_date = BaselineDateFilter(
        field_name="baseline_date", help_text="Baseline date (YYYY-MM-DD), exactly."
    )
    baseline_before = BaselineDateFilter(
        field_name="baseline_date",
        lookup_expr="lt",
        help_text="Baseline date strictly before this date (YYYY-MM-DD).",
    )
    baseline_after = BaselineDateFilter(
        field_name="baseline_date",
        lookup_expr="gt",
        help_text="Baseline date strictly after this date (YYYY-MM-DD).",
    )

    class Meta:
        model = Provision
        fields: list[str] = []


# The vocabulary lists: few rows, few filters, the same strict grammar.


class TreatyFilter(StrictFilterSet):
    party = SlugListFilter(field_name="parties", model=Party, help_text="Parties to the treaty.")

    class Meta:
        model = Treaty
        fields: list[str] = []

    def filter_queryset(self, queryset):
        # Joining the parties repeats a treaty once per matching party.
        return super().filter_queryset(queryset).distinct()


class PartyFilter(StrictFilterSet):
    kind = ChoiceListFilter(
        field_name="kind", choices=Party.Kind.choices, help_text="Kinds of party."
    )

    class Meta:
        model = Party
        fields: list[str] = []


class RegionFilter(StrictFilterSet):
    kind = ChoiceListFilter(
        field_name="kind", choices=Region.Kind.choices, help_text="Kinds of region."
    )
    contains = SlugListFilter(
        method="filter_contains",
        model=Region,
        help_text="Regions that are, or contain, any of these regions.",
    )

    class Meta:
        model = Region
        fields: list[str] = []

    def filter_contains(self, queryset, name, regions):
        if not regions:
            return queryset
        return queryset.filter(pk__in=Region.objects.reaching(regions))


class WeaponClassFilter(StrictFilterSet):
    within = SlugListFilter(
        method="filter_within",
        model=WeaponClass,
        help_text="These weapon classes and every class below them.",
    )

    class Meta:
        model = WeaponClass
        fields: list[str] = []

    def filter_within(self, queryset, name, classes):
        if not classes:
            return queryset
        return queryset.filter(pk__in=WeaponClass.objects.reaching(classes))
