"""The page side of the shared filter grammar: folded parameters, permalinks and pages."""

from django.core.paginator import Page
from django.http import QueryDict

from core.filters import ParameterError, safe_name

# Rows on a page of a site list (the API's pages are `core.pagination`'s).
PAGE_SIZE = 50
# What a site list accepts besides its filters: only the page (no page size, no format).
SITE_PARAMETERS = frozenset({"page"})


def fold_parameters(query: QueryDict) -> QueryDict:
    """The query as the filter grammar reads it: one value per parameter.

    An HTML form sends one value per ticked checkbox (`region=georgia&region=ukraine`) and
    an empty value for each unused field; the grammar wants a comma list and no empties.
    """
    folded = QueryDict(mutable=True)
    for name, values in query.lists():
        given = [value for value in values if value != ""]
        if given:
            folded[name] = (" " if name == "search" else ",").join(given)
    return folded


def check_site_parameters(query: QueryDict, *, accepted) -> None:
    """ParameterError naming every parameter of `query` that a page without filters does
    not accept (it accepts only `accepted`)."""
    unknown = sorted(set(query) - set(accepted))
    if unknown:
        raise ParameterError(
            {safe_name(name): ["Unknown parameter."] for name in unknown}, sorted(accepted)
        )


def is_folded(query: QueryDict) -> bool:
    return all(len(values) == 1 and values[0] != "" for _, values in query.lists())


def query_string(query: QueryDict, *, without=()) -> str:
    kept = query.copy()
    for name in without:
        kept.pop(name, None)
    # Commas stay readable in permalinks: they separate the values of a list.
    return kept.urlencode(safe=",")


def address(path: str, query: QueryDict, *, without=()) -> str:
    encoded = query_string(query, without=without)
    return f"{path}?{encoded}" if encoded else path


def page_links(path: str, filters: QueryDict, page: Page) -> tuple[str, str]:
    """The addresses of the previous and the next page ("" where there is none)."""

    def link(number):
        query = filters.copy()
        query.pop("page", None)
        if number > 1:
            query["page"] = str(number)
        return address(path, query)

    previous = link(page.previous_page_number()) if page.has_previous() else ""
    following = link(page.next_page_number()) if page.has_next() else ""
    return previous, following
