"""The coverage matrix: provisions against outlets, each cell the number of confirmed
evidence sentences. The rows are a page of a provision list in the shared filter grammar;
every read is one query, whatever the size of the data."""

from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, QuerySet

from articles.models import Article, Outlet
from evidence.models import Evidence
from evidence.reporting import unreported as unreported_provisions
from treaties.models import Provision

# Cells are shaded by count: 1, 2, 3, then 4 or more share the darkest shade. The number is
# always printed too, so the shade is never the only signal.
DARKEST_LEVEL = 4
# Unreported provisions listed under the matrix at most; their number is always given.
UNREPORTED_LIMIT = 100


@dataclass
class Cell:
    outlet: Outlet
    count: int

    @property
    def level(self) -> int:
        return min(self.count, DARKEST_LEVEL)


@dataclass
class Row:
    provision: Provision
    cells: list[Cell]

    @property
    def outlet_count(self) -> int:
        return sum(1 for cell in self.cells if cell.count)

    @property
    def sentence_count(self) -> int:
        return sum(cell.count for cell in self.cells)


@dataclass
class Column:
    outlet: Outlet
    # Provisions of the whole list (not only this page) that the outlet reported.
    provision_count: int


@dataclass
class Matrix:
    columns: list[Column]
    rows: list[Row]
    unreported: list[Provision]
    unreported_count: int


def coverage_matrix(provisions: QuerySet, shown: list[Provision]) -> Matrix:
    """The matrix of the `shown` rows of `provisions` (a list with `source_count`), with
    the outlets' totals and the unreported provisions of the whole list (five queries)."""
    outlets = list(
        Outlet.objects.filter(Exists(Article.objects.filter(outlet=OuterRef("pk")))).order_by(
            "name"
        )
    )
    confirmed = Evidence.objects.confirmed().order_by()
    counts = {
        (provision_id, outlet_id): count
        for provision_id, outlet_id, count in confirmed.filter(provision__in=shown)
        .values_list("provision_id", "sentence__article__outlet_id")
        .annotate(count=Count("pk"))
    }
    totals = dict(
        confirmed.filter(provision__in=provisions.values("pk"))
        .values_list("sentence__article__outlet_id")
        .annotate(count=Count("provision", distinct=True))
    )
    # An anti-join on the evidence, not a count per provision: no confirmed evidence at all.
    unreported = unreported_provisions(provisions)
    listed = list(unreported[:UNREPORTED_LIMIT])
    return Matrix(
        columns=[Column(outlet, totals.get(outlet.pk, 0)) for outlet in outlets],
        rows=[
            Row(p, [Cell(outlet, counts.get((p.pk, outlet.pk), 0)) for outlet in outlets])
            for p in shown
        ],
        unreported=listed,
        unreported_count=len(listed) if len(listed) < UNREPORTED_LIMIT else unreported.count(),
    )
