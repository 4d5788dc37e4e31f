"""The page side of the shared filter grammar: folded parameters, permalinks and pages."""

from django.core.paginator import InvalidPage, Page, Paginator
from django.http import QueryDict

from treaties.filters import FilterError, ProvisionFilter

PAGE_SIZE = 50


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


def paginate(rows, filters: QueryDict) -> Page:
    """The page `filters` asks for; a page that is not there is a bad parameter like any."""
    try:
        return Paginator(rows, PAGE_SIZE).page(filters.get("page", 1))
    except InvalidPage as error:
        raise FilterError({"page": [str(error)]}, ProvisionFilter.valid_parameters()) from None


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
