"""What the provision browse page shows beside its results: facet counts and a readable
summary of the active filters.

A facet value's count is the number of provisions the page would list if that facet's own
parameter were set to just that value, every other parameter unchanged ("disjunctive"
faceting). Values within a facet are alternatives (the grammar ORs a comma list), so the
counts of a facet with a selection keep showing what choosing another value would give;
a facet without a selection counts within the current results.

The provisions matching each active parameter come from the shared `ProvisionFilter` (one
query per parameter); which provisions carry which value is read in a few whole-table
queries and expanded the way the filter expands it (a country matches the groups and zones
that contain it, a party the groups it belongs to, a weapon class its sub-classes). Those
whole-table reads depend on no parameter: each process keeps them until the tables change
(`facet_cache`, see `treaties.read_cache`), so a page usually reads one stamp instead. The
number of queries depends on the parameters given, never on the amount of data.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass

from django.apps import apps
from django.db.models import Exists, OuterRef
from django.http import QueryDict
from django.utils.formats import date_format
from django_filters.constants import EMPTY_VALUES

from treaties.filters import FilterError, ProvisionFilter
from treaties.listing import query_string
from treaties.models import Measure, Party, Provision, Region, Treaty, WeaponClass
from treaties.read_cache import CachedUntilChanged

# Parameters the form does not show as a control; they ride along as hidden fields.
HIDDEN_PARAMETERS = ("article", "baseline_date", "baseline_before", "baseline_after")
# A facet shows at most this many values of one list: those that find the most provisions.
FACET_VALUES_SHOWN = 40
# Parameters the page reads but that select nothing.
NOT_FILTERS = frozenset({"ordering", "page", "page_size", "format"})
# Sort options offered by the page (values of the grammar's `ordering`).
SORT_CHOICES = (
    ("", "Treaty and article"),
    ("-sources", "Most widely reported first"),
    ("sources", "Least reported first"),
    ("-evidence", "Most evidence sentences first"),
    ("baseline_date", "Baseline date"),
)


@dataclass
class FacetValue:
    value: str
    label: str
    count: int
    selected: bool
    depth: int = 0


@dataclass
class FacetGroup:
    heading: str
    values: list[FacetValue]
    # Long lists (countries) scroll in a box of their own.
    long: bool = False
    # Values left out of a very long list (they find fewer provisions than those shown).
    hidden: int = 0


@dataclass
class Facet:
    name: str
    legend: str
    groups: list[FacetGroup]
    multiple: bool = True
    help: str = ""
    # For single-choice facets: the "any" option's count (no filter on this facet).
    any_count: int = 0

    @property
    def has_values(self):
        return any(group.values for group in self.groups)

    @property
    def selected_count(self):
        return sum(value.selected for group in self.groups for value in group.values)


@dataclass
class ActiveFilter:
    name: str
    phrase: str
    remove_query: str


@dataclass
class BrowseState:
    facets: list[Facet]
    active: list[ActiveFilter]
    hidden: list[tuple[str, str]]
    outlet_total: int
    unreported_count: int
    unreported_query: str

    def summary(self, count: int) -> str:
        return summarize(count, [item.phrase for item in self.active])


def summarize(count: int, phrases: list[str]) -> str:
    """ "4 provisions restricting Georgia, about missiles"."""
    noun = "provision" if count == 1 else "provisions"
    if not phrases:
        return f"All {count} {noun} of both drafts"
    return f"{count} {noun} " + _join(phrases, ", ")


def describe(filters: QueryDict) -> list[str]:
    """The phrases of valid `filters` for a page without facets: only the names of the
    values selected are read (one query per kind of value given)."""
    filterset = ProvisionFilter(filters, queryset=Provision.objects.none())
    if not filterset.is_valid():
        raise FilterError(filterset.error_dict(), filterset.valid_parameters())
    active = _active(filterset)
    names = _Names.of(active)
    return [_phrase(names, name, value) for name, value in active.items()]


def _active(filterset) -> dict:
    return {
        name: value
        for name, value in filterset.form.cleaned_data.items()
        if name not in NOT_FILTERS and value not in EMPTY_VALUES
    }


@dataclass
class _Names:
    """The names a summary needs, read for the selected values only."""

    treaties: list[tuple[int, str, str]]
    parties: dict[int, tuple[str, str]]
    regions: dict[int, tuple[str, str, str]]
    classes: dict[int, tuple[str, str, int | None]]
    outlets: dict[int, tuple[str, str]]

    @classmethod
    def of(cls, active: dict) -> "_Names":
        def read(model, parameter, *fields):
            if not active.get(parameter):
                return {}
            rows = model.objects.filter(pk__in=active[parameter]).values_list("pk", *fields)
            return {pk: tuple(rest) for pk, *rest in rows}

        treaties = read(Treaty, "treaty", "slug", "short_title")
        return cls(
            treaties=[(pk, slug, title) for pk, (slug, title) in treaties.items()],
            parties=read(Party, "party", "slug", "name"),
            regions=read(Region, "region", "slug", "name", "kind"),
            classes=read(WeaponClass, "weapon_class", "slug", "name", "parent_id"),
            outlets=read(apps.get_model("articles", "Outlet"), "outlet", "slug", "name"),
        )


def browse_state(filters: QueryDict) -> BrowseState:
    """Facets and the active-filter summary for valid, folded `filters`.

    Raises FilterError for invalid ones (the caller has normally checked them already).
    Kept per filter state (the page number aside) until the data changes.
    """
    stamp = facet_cache.stamp()
    key = ("state", query_string(filters, without=("page",)))
    return facet_cache.get(key, stamp, lambda: _browse_state(filters, stamp))


def _browse_state(filters: QueryDict, stamp) -> BrowseState:
    filterset = ProvisionFilter(filters, queryset=Provision.objects.all())
    if not filterset.is_valid():
        raise FilterError(filterset.error_dict(), filterset.valid_parameters())
    active = _active(filterset)
    matching = {name: _matching(filterset, name, value) for name, value in active.items()}

    data = facet_cache.get("vocabulary", stamp, _Vocabulary.load)

    def base(*own_parameters):
        """Provisions matching every active parameter except the facet's own."""
        result = set(data.source_count)
        for name, pks in matching.items():
            if name not in own_parameters:
                result &= pks
        return result

    facets = [
        _treaty_facet(data, base("treaty"), active.get("treaty", [])),
        _region_facet(data, base("region"), active.get("region", [])),
        _weapon_class_facet(data, base("weapon_class"), active.get("weapon_class", [])),
        _party_facet(data, base("party"), active.get("party", [])),
        _measure_facet(data, base("measure"), active.get("measure", [])),
        _baseline_facet(data, base("has_baseline"), active.get("has_baseline")),
        _outlet_facet(data, base("outlet"), active.get("outlet", [])),
        _sources_facet(data, base("min_sources"), active.get("min_sources")),
    ]
    unreported = [pk for pk in base("min_sources") if data.source_count[pk] == 0]
    unreported_query = filters.copy()
    unreported_query.pop("min_sources", None)
    unreported_query.pop("page", None)
    unreported_query["ordering"] = "sources"
    return BrowseState(
        facets=facets,
        active=[
            ActiveFilter(
                name=name,
                phrase=_phrase(data, name, value),
                remove_query=query_string(filters, without=(name, "page")),
            )
            for name, value in active.items()
        ],
        hidden=[(name, filters[name]) for name in HIDDEN_PARAMETERS if name in filters],
        outlet_total=len(data.outlets),
        unreported_count=len(unreported),
        unreported_query=query_string(unreported_query),
    )


def _matching(filterset, name, value) -> set[int]:
    """Provisions matching one parameter alone, through the shared filter."""
    queryset = Provision.objects.all()
    if name == "min_sources":
        queryset = queryset.with_evidence_counts()
    return set(filterset.filters[name].filter(queryset, value).values_list("pk", flat=True))


@dataclass
class _Vocabulary:
    """Every provision's facet values, and the names of everything a facet can show."""

    source_count: dict[int, int]
    # value -> provisions that a filter on that value finds
    treaty_matches: dict[int, set[int]]
    measure_matches: dict[str, set[int]]
    with_baseline: set[int]
    party_matches: dict[int, set[int]]
    party_direct: set[int]
    region_matches: dict[int, set[int]]
    region_direct: set[int]
    class_matches: dict[int, set[int]]
    outlet_matches: dict[int, set[int]]
    treaties: list[tuple[int, str, str]]
    parties: dict[int, tuple[str, str]]
    regions: dict[int, tuple[str, str, str]]
    classes: dict[int, tuple[str, str, int | None]]
    outlets: dict[int, tuple[str, str]]

    @classmethod
    def load(cls) -> "_Vocabulary":
        source_count, with_baseline = {}, set()
        treaty_matches, measure_matches = defaultdict(set), defaultdict(set)
        rows = Provision.objects.values_list("pk", "treaty_id", "measure", "baseline_date")
        for pk, treaty_id, measure, baseline_date in rows:
            source_count[pk] = 0
            treaty_matches[treaty_id].add(pk)
            measure_matches[measure].add(pk)
            if baseline_date is not None:
                with_baseline.add(pk)

        party_direct, party_matches = _expand_containers(
            Provision.bound_parties.through.objects.values_list("provision_id", "party_id"),
            Party.members.through.objects.values_list("from_party_id", "to_party_id"),
        )
        region_direct, region_matches = _expand_containers(
            Provision.regions.through.objects.values_list("provision_id", "region_id"),
            Region.members.through.objects.values_list("from_region_id", "to_region_id"),
        )

        classes = {
            pk: (slug, name, parent_id)
            for pk, slug, name, parent_id in WeaponClass.objects.values_list(
                "pk", "slug", "name", "parent_id"
            )
        }
        class_matches = defaultdict(set)
        tagged = Provision.weapon_classes.through.objects.values_list(
            "provision_id", "weaponclass_id"
        )
        for provision_id, class_id in tagged:
            # A class finds its own provisions and those of every class below it.
            seen, ancestor = set(), class_id
            while ancestor is not None and ancestor not in seen:
                seen.add(ancestor)
                class_matches[ancestor].add(provision_id)
                ancestor = classes[ancestor][2]

        # The one read of the evidence: which outlets reported which provision. A provision's
        # number of sources is its number of outlets here.
        outlet_matches = defaultdict(set)
        evidence = Provision._meta.get_field("evidence").related_model
        reported = (
            evidence.objects.filter(status="confirmed")
            .values_list("provision_id", "sentence__article__outlet_id")
            .order_by()
            .distinct()
        )
        for provision_id, outlet_id in reported:
            outlet_matches[outlet_id].add(provision_id)
            source_count[provision_id] += 1

        # The outlets read, those with an article: the "M" of "reported by N of M outlets".
        outlets_read = apps.get_model("articles", "Outlet").objects.filter(
            Exists(apps.get_model("articles", "Article").objects.filter(outlet=OuterRef("pk")))
        )
        return cls(
            source_count=source_count,
            treaty_matches=treaty_matches,
            measure_matches=measure_matches,
            with_baseline=with_baseline,
            party_matches=party_matches,
            party_direct=party_direct,
            region_matches=region_matches,
            region_direct=region_direct,
            class_matches=class_matches,
            outlet_matches=outlet_matches,
            treaties=list(Treaty.objects.order_by("slug").values_list("pk", "slug", "short_title")),
            parties={
                pk: (slug, name)
                for pk, slug, name in Party.objects.values_list("pk", "slug", "name")
            },
            regions={
                pk: (slug, name, kind)
                for pk, slug, name, kind in Region.objects.values_list("pk", "slug", "name", "kind")
            },
            classes=classes,
            outlets={
                pk: (slug, name)
                for pk, slug, name in outlets_read.order_by("name").values_list(
                    "pk", "slug", "name"
                )
            },
        )


def _facet_sources() -> list:
    """The models facets are read from (their history tables stamp the kept copies)."""
    reporting = [apps.get_model("articles", name) for name in ("Evidence", "Article", "Outlet")]
    return [Provision, Treaty, Party, Region, WeaponClass, *reporting]


# The vocabulary every browse page reads, and the facets of the latest filter states.
facet_cache = CachedUntilChanged(_facet_sources, max_entries=128)


def _expand_containers(tags, memberships):
    """(values tagged directly, value -> provisions a filter on it finds), where a value
    also finds the provisions tagged with a group that has it as a member."""
    members = defaultdict(set)
    for container, member in memberships:
        members[container].add(member)
    direct, matches = set(), defaultdict(set)
    for provision_id, value in tags:
        direct.add(value)
        matches[value].add(provision_id)
        for member in members[value]:
            matches[member].add(provision_id)
    return direct, matches


def _count(matches: set[int], base: set[int]) -> int:
    return len(matches & base)


def _group(heading: str, values: list[FacetValue], *, long: bool = False) -> FacetGroup:
    """The values that would find something, and the selected ones whatever their count;
    of a long list, the FACET_VALUES_SHOWN that find the most, in their own order."""
    visible = [value for value in values if value.count or value.selected]
    shown = visible
    if len(visible) > FACET_VALUES_SHOWN:
        ranked = sorted(visible, key=lambda value: (not value.selected, -value.count))
        kept = {id(value) for value in ranked[:FACET_VALUES_SHOWN]}
        shown = [value for value in visible if id(value) in kept]
    return FacetGroup(heading, shown, long=long, hidden=len(visible) - len(shown))


def _treaty_facet(data, base, selected):
    values = [
        FacetValue(
            slug,
            short_title,
            _count(data.treaty_matches.get(pk, set()), base),
            pk in selected,
        )
        for pk, slug, short_title in data.treaties
    ]
    return Facet("treaty", "Draft", [_group("", values)])


def _named_and_contained_facet(
    parameter, heading, *, names, matches, direct, base, selected, contained, help
):
    """A facet whose values are those the drafts name, then those that only belong to one
    (a state to a group it binds, a country to a zone it restricts)."""

    def value(pk):
        slug, name = names[pk][:2]
        return FacetValue(slug, name, _count(matches.get(pk, set()), base), pk in selected)

    named = sorted((value(pk) for pk in names if pk in direct), key=_by_label)
    others = sorted((value(pk) for pk in names if pk not in direct), key=_by_label)
    return Facet(
        parameter,
        heading,
        [_group("Named in the drafts", named), _group(contained, others, long=True)],
        help=help,
    )


def _party_facet(data, base, selected):
    return _named_and_contained_facet(
        "party",
        "Binds",
        names=data.parties,
        matches=data.party_matches,
        direct=data.party_direct,
        base=base,
        selected=selected,
        contained="States, through the groups they belong to",
        help="A state also finds the provisions binding a group it belongs to.",
    )


def _region_facet(data, base, selected):
    return _named_and_contained_facet(
        "region",
        "Restricts",
        names=data.regions,
        matches=data.region_matches,
        direct=data.region_direct,
        base=base,
        selected=selected,
        contained="Countries, through the groups and zones that contain them",
        help="A country also finds the provisions on a group or zone that contains it.",
    )


def _weapon_class_facet(data, base, selected):
    children = defaultdict(list)
    for pk, (_, name, parent_id) in data.classes.items():
        children[parent_id].append((name, pk))
    values = []

    def walk(parent_id, depth):
        for name, pk in sorted(children.get(parent_id, [])):
            values.append(
                FacetValue(
                    data.classes[pk][0],
                    name,
                    _count(data.class_matches.get(pk, set()), base),
                    pk in selected,
                    depth=depth,
                )
            )
            walk(pk, depth + 1)

    walk(None, 0)
    return Facet(
        "weapon_class",
        "Weapons and forces",
        [_group("", values)],
        help="A class also finds the provisions on the classes below it.",
    )


def _measure_facet(data, base, selected):
    values = [
        FacetValue(
            value,
            label,
            _count(data.measure_matches.get(value, set()), base),
            value in selected,
        )
        for value, label in Measure.choices
    ]
    return Facet("measure", "Kind of obligation", [_group("", values)])


def _baseline_facet(data, base, selected):
    with_baseline = _count(data.with_baseline, base)
    values = [
        FacetValue("true", "With a baseline date", with_baseline, selected is True),
        FacetValue(
            "false", "Without a baseline date", len(base) - with_baseline, selected is False
        ),
    ]
    return Facet(
        "has_baseline",
        "Baseline",
        [FacetGroup("", values)],
        multiple=False,
        any_count=len(base),
        help="The date whose situation a provision freezes, such as 27 May 1997.",
    )


def _outlet_facet(data, base, selected):
    values = [
        FacetValue(slug, name, _count(data.outlet_matches.get(pk, set()), base), pk in selected)
        for pk, (slug, name) in data.outlets.items()
    ]
    return Facet(
        "outlet",
        "Reported by",
        [_group("", values)],
        help="Outlets with at least one confirmed evidence sentence.",
    )


def _sources_facet(data, base, selected):
    # A threshold given in the URL beyond any provision's count still shows, as selected.
    most = max([*data.source_count.values(), selected or 0])
    # One pass over the provisions: how many have exactly n sources, then running sums.
    exactly = Counter(data.source_count[p] for p in base)
    at_least, running = {}, 0
    for least in range(most, 0, -1):
        running += exactly[least]
        at_least[least] = running
    values = [
        FacetValue(
            str(least),
            f"At least {least} outlet{'s' if least > 1 else ''}",
            at_least[least],
            selected == least,
        )
        for least in range(1, most + 1)
    ]
    return Facet(
        "min_sources",
        "Number of sources",
        [_group("", values)],
        multiple=False,
        any_count=len(base),
    )


def _by_label(value: FacetValue):
    # Selected values come first, so that a long, scrolling list never hides them.
    return (not value.selected, value.label.casefold())


def _join(parts: list[str], last: str = " or ") -> str:
    if len(parts) <= 1:
        return "".join(parts)
    return ", ".join(parts[:-1]) + last + parts[-1]


def _phrase(data: "_Vocabulary | _Names", name: str, value) -> str:
    """How an active parameter reads in the summary: "restricting Georgia"."""
    treaties = {pk: short_title for pk, _, short_title in data.treaties}
    measures = dict(Measure.choices)
    if name == "treaty":
        return f"in the {_join([treaties[pk] for pk in value])} draft"
    if name == "article":
        return f"in article {_join([str(number) for number in value])}"
    if name == "party":
        return "binding " + _join([data.parties[pk][1] for pk in value])
    if name == "region":
        return "restricting " + _join([data.regions[pk][1] for pk in value])
    if name == "weapon_class":
        return "about " + _join([data.classes[pk][1].lower() for pk in value])
    if name == "measure":
        return "on " + _join([measures[item].lower() for item in value])
    if name == "has_baseline":
        return "with a baseline date" if value else "without a baseline date"
    if name == "baseline_date":
        return f"with the baseline date {date_format(value, 'j F Y')}"
    if name == "baseline_before":
        return f"with a baseline date before {date_format(value, 'j F Y')}"
    if name == "baseline_after":
        return f"with a baseline date after {date_format(value, 'j F Y')}"
    if name == "outlet":
        return "reported by " + _join([data.outlets[pk][1] for pk in value])
    if name == "min_sources":
        return f"reported by at least {value} outlet{'s' if value != 1 else ''}"
    if name == "search":
        return f"matching “{value.strip()}”"
    return f"{name} = {value}"
