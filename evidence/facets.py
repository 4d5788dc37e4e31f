"""What the provision browse page shows beside its results: facet counts and a readable
summary of the active filters.

Both come from the browse grammar's filter set itself (`ReportedProvisionFilter`), validated
once by the caller: every filter reads its own value as a phrase and counts its own facet
over the provisions that all the other active filters select (see `core.filters`), so a
count is what choosing that value would list. The number of queries depends on the filters
given, never on the amount of data. A state is kept per filter state until the data it reads
changes (`facet_cache`, see `core.read_cache`).
"""

from dataclasses import dataclass

from django.http import QueryDict

from articles.models import Article, Outlet
from core.filters import Facet, summarize
from core.listing import query_string
from core.read_cache import CachedUntilChanged
from evidence.filters import ReportedProvisionFilter
from evidence.models import Evidence
from evidence.reporting import with_reporting_counts
from treaties.models import Party, Provision, Region, Treaty, WeaponClass

# Parameters the form does not show as a control; they ride along as hidden fields.
HIDDEN_PARAMETERS = ("article", "baseline_date", "baseline_before", "baseline_after")
# Sort options offered by the page (values of the grammar's `ordering`).
SORT_CHOICES = (
    ("", "Treaty and article"),
    ("-sources", "Most widely reported first"),
    ("sources", "Least reported first"),
    ("-evidence", "Most evidence sentences first"),
    ("baseline_date", "Baseline date"),
)


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
        return provisions_summary(count, [item.phrase for item in self.active])


def provisions_summary(count: int, phrases: list[str]) -> str:
    """ "4 provisions restricting Georgia, about missiles"."""
    return summarize(
        count,
        phrases,
        noun=("provision", "provisions"),
        everything="All {count} {noun} of both drafts",
    )


def _facet_sources() -> list:
    """The models the facets read (their history tables stamp the kept copies)."""
    return [Provision, Treaty, Party, Region, WeaponClass, Evidence, Article, Outlet]


# The facets of the latest filter states, dropped when any table they read changes.
facet_cache = CachedUntilChanged(_facet_sources, max_entries=128)


def browse_state(filterset: ReportedProvisionFilter) -> BrowseState:
    """Facets and the active-filter summary of a checked filter set (made of folded
    parameters), kept per filter state (the page number aside) until the data changes."""
    filters = filterset.data
    assert isinstance(filters, QueryDict)  # a page's folded parameters
    stamp = facet_cache.stamp()
    key = ("state", query_string(filters, without=("page",)))
    return facet_cache.get(key, stamp, lambda: _browse_state(filterset, filters))


def _browse_state(filterset: ReportedProvisionFilter, filters: QueryDict) -> BrowseState:
    provisions = with_reporting_counts(Provision.objects.all())
    facets = filterset.facets(provisions)
    sources = next(facet for facet in facets if facet.name == "min_sources")
    # Of the provisions the other filters select, those with no source at all.
    reported = next((v.count for v in sources.groups[0].values if v.value == "1"), 0)
    unreported_query = filters.copy()
    unreported_query.pop("min_sources", None)
    unreported_query.pop("page", None)
    unreported_query["ordering"] = "sources"
    return BrowseState(
        facets=facets,
        active=[
            ActiveFilter(
                name=name,
                phrase=phrase,
                remove_query=query_string(filters, without=(name, "page")),
            )
            for name, phrase in filterset.phrases()
        ],
        hidden=[(name, str(filters[name])) for name in HIDDEN_PARAMETERS if name in filters],
        outlet_total=next(facet for facet in facets if facet.name == "outlet").offered,
        unreported_count=sources.any_count - reported,
        unreported_query=query_string(unreported_query),
    )
