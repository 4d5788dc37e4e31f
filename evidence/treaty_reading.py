"""Reads for the treaty pages: one provision in full, a draft article by article, and the two
drafts side by side. Each loads what its page shows in a fixed number of queries."""

from dataclasses import dataclass, field

from django.db.models import Prefetch

from evidence.reporting import with_reporting_counts
from evidence.selectors import provisions_for_display, treaties_with_provisions
from treaties.models import Measure, Party, Provision, Region, Treaty, WeaponClass


def provision_for_page(slug: str) -> Provision:
    """A provision with its vocabulary spelled out: the members of its groups and regions,
    the parent of each weapon class. Raises `Provision.DoesNotExist`."""
    provisions = Provision.objects.select_related("treaty").prefetch_related(
        Prefetch("bound_parties", queryset=Party.objects.prefetch_related("members")),
        Prefetch("regions", queryset=Region.objects.prefetch_related("members")),
        Prefetch("weapon_classes", queryset=WeaponClass.objects.select_related("parent")),
        Prefetch("related", queryset=Provision.objects.select_related("treaty")),
    )
    return with_reporting_counts(provisions).get(slug=slug)


@dataclass
class TreatyArticle:
    number: int
    provisions: list[Provision]


def treaty_for_reading(slug: str) -> tuple[Treaty, list[TreatyArticle]]:
    """A draft and its provisions grouped by article, every article of the text included.
    Raises `Treaty.DoesNotExist`."""
    provisions = provisions_for_display().order_by("article", "paragraph")
    treaty = (
        Treaty.objects.select_related("proposer")
        .prefetch_related("parties", Prefetch("provisions", queryset=provisions))
        .get(slug=slug)
    )
    by_article: dict[int, list[Provision]] = {}
    for provision in treaty.provisions.all():
        by_article.setdefault(provision.article, []).append(provision)
    numbers = range(1, max([treaty.article_count, *by_article]) + 1)
    return treaty, [TreatyArticle(number, by_article.get(number, [])) for number in numbers]


@dataclass
class ComparisonCell:
    treaty: Treaty
    provisions: list[Provision]


@dataclass
class ComparisonRow:
    """Provisions the drafts link as parallel, one cell per draft (a cell may be empty)."""

    cells: list[ComparisonCell]


@dataclass
class ComparisonSection:
    measure: str
    label: str
    rows: list[ComparisonRow] = field(default_factory=list)


MEASURE_ORDER = {value: index for index, (value, _) in enumerate(Measure.choices)}


# The comparison sets two drafts side by side: the two of 17 December 2021 (the first two
# by slug, should the database ever hold more).
COMPARED_TREATIES = 2


def comparison() -> tuple[list[Treaty], list[ComparisonSection]]:
    """The drafts side by side: provisions linked as `related` share a row, and rows are
    grouped by the kind of obligation (the earliest kind in `Measure` among the row's)."""
    treaties = list(treaties_with_provisions()[:COMPARED_TREATIES])
    column = {treaty.pk: index for index, treaty in enumerate(treaties)}
    provisions = {p.pk: p for treaty in treaties for p in treaty.provisions.all()}

    # Rows are the connected groups of the `related` links (union-find over the pairs).
    parent = {pk: pk for pk in provisions}

    def root(pk):
        while parent[pk] != pk:
            parent[pk] = parent[parent[pk]]
            pk = parent[pk]
        return pk

    pairs = Provision.related.through.objects.filter(from_provision_id__in=list(provisions))
    for left, right in pairs.values_list("from_provision_id", "to_provision_id"):
        if left in parent and right in parent:
            parent[root(left)] = root(right)

    groups: dict[int, list[Provision]] = {}
    for pk, provision in provisions.items():
        groups.setdefault(root(pk), []).append(provision)

    sections = {value: ComparisonSection(value, label) for value, label in Measure.choices}
    keyed = []
    for members in groups.values():
        cells = [ComparisonCell(treaty, []) for treaty in treaties]
        for provision in sorted(members, key=lambda p: (p.article, p.paragraph)):
            cells[column[provision.treaty_id]].provisions.append(provision)
        measure = min((p.measure for p in members), key=MEASURE_ORDER.__getitem__)
        first = min((column[p.treaty_id], p.article, p.paragraph) for p in members)
        keyed.append(((MEASURE_ORDER[measure], first), measure, ComparisonRow(cells)))
    for _, measure, row in sorted(keyed, key=lambda item: item[0]):
        sections[measure].rows.append(row)
    return treaties, [section for section in sections.values() if section.rows]
