"""Pages of a list, for the site and the API alike: `page` from 1, and for the API `page_size`
up to 100. A page number that is not a whole number, or past the last page, is a bad
parameter like any other (a 400 naming it), never a silent first page or a 404."""

from django.core.paginator import EmptyPage, Page, Paginator
from rest_framework.pagination import PageNumberPagination

from core.filters import ASCII_DIGITS, ParameterError

PAGE_SIZE = 25
MAX_PAGE_SIZE = 100


def whole_number(raw: str | None, name: str, *, default: int, maximum: int | None = None) -> int:
    """A page number or size as given (None or "" for the default)."""
    if raw is None or raw == "":
        return default
    if not ASCII_DIGITS.match(raw) or int(raw) < 1:
        raise ParameterError({name: [f"{raw!r} is not a whole number of 1 or more."]})
    if maximum is not None and int(raw) > maximum:
        raise ParameterError({name: [f"At most {maximum}."]})
    return int(raw)


def page_of(rows, number: str | None, *, per_page: int, valid_parameters=None) -> Page:
    """The page `number` (text, as given in the query) of `rows`; ParameterError for a page
    that is not there. The one paginator of every list."""
    wanted = whole_number(number, "page", default=1)
    paginator = Paginator(rows, per_page)
    try:
        return paginator.page(wanted)
    except EmptyPage:
        raise ParameterError(
            {"page": [f"There is no page {wanted}; the last page is {paginator.num_pages}."]},
            valid_parameters,
        ) from None


class StrictPageNumberPagination(PageNumberPagination):
    """`page` from 1 and `page_size` up to 100; a page past the last is a 400, not a 404."""

    page_size = PAGE_SIZE
    max_page_size = MAX_PAGE_SIZE
    page_size_query_param = "page_size"

    def get_page_size(self, request):
        return whole_number(
            request.query_params.get(self.page_size_query_param),
            self.page_size_query_param,
            default=self.page_size,
            maximum=MAX_PAGE_SIZE,
        )

    def paginate_queryset(self, queryset, request, view=None):
        self.request = request
        self.page = page_of(
            queryset,
            request.query_params.get(self.page_query_param),
            per_page=self.get_page_size(request),
        )
        return list(self.page)

    def get_schema_operation_parameters(self, view):
        return [
            {
                "name": self.page_query_param,
                "in": "query",
                "required": False,
                "description": "Page number, from 1. A page past the last is a 400.",
                "schema": {"type": "integer", "minimum": 1},
            },
            {
                "name": self.page_size_query_param,
                "in": "query",
                "required": False,
                "description": f"Results per page: {PAGE_SIZE} unless given, at most "
                f"{MAX_PAGE_SIZE} (more is a 400).",
                "schema": {
                    "type": "integer",
                    "minimum": 1,
                    "maximum": MAX_PAGE_SIZE,
                    "default": PAGE_SIZE,
                },
            },
        ]
