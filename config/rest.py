"""The JSON API's policies, named in settings.REST_FRAMEWORK: strict content negotiation and
pagination (a bad value is a 400, never a fallback), streamed CSV safe for spreadsheets, the
editors' permission and the throttles; and the pieces serializers share.

DRF imports the permission, throttle and negotiation classes while `rest_framework.views` is
still loading, so this module must not import views, viewsets or drf-spectacular's generator;
the base viewset, the exception handler and the schema generator are in `config.api`.
"""

import csv
import re
from collections.abc import Iterable

from django.core.cache import caches
from django.core.exceptions import ImproperlyConfigured
from django.core.paginator import EmptyPage
from django.http import StreamingHttpResponse
from django.urls import NoReverseMatch, get_script_prefix, reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import permissions, serializers
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.pagination import PageNumberPagination
from rest_framework.renderers import BaseRenderer
from rest_framework.settings import api_settings
from rest_framework.throttling import AnonRateThrottle, UserRateThrottle

from articles.editors import is_editor
from treaties.filters import ASCII_DIGITS, FilterError, describe_errors

PAGE_SIZE = 25
MAX_PAGE_SIZE = 100


# --- The 400 body: {"detail", "errors": {parameter: [why]}, "valid_parameters"} ---


class ParameterError(FilterError):
    """A bad query parameter outside the filters (page, page_size, format, or any parameter of
    a detail URL). `valid_parameters` None means: those of the view that raised it."""

    def __init__(self, errors, valid_parameters=None):
        super().__init__(errors, valid_parameters or [])
        self.valid_parameters = valid_parameters

    @property
    def message(self) -> str:
        valid = (
            f" Valid parameters: {', '.join(self.valid_parameters)}."
            if self.valid_parameters
            else ""
        )
        return f"Invalid parameter: {describe_errors(self.errors)}.{valid}"


def safe_name(name: str) -> str:
    """A parameter name fit to echo back (client input: never a NUL byte)."""
    return name.replace("\x00", "\\x00")


class ParameterErrorSerializer(serializers.Serializer):
    detail = serializers.CharField(help_text="One line naming what is wrong.")
    errors = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        help_text="Each bad parameter (or body field) with why it is wrong.",
    )
    valid_parameters = serializers.ListField(
        child=serializers.CharField(), help_text="The parameters (or fields) this URL accepts."
    )


class DetailSerializer(serializers.Serializer):
    detail = serializers.CharField()


# --- Content negotiation and pagination: a bad value is a 400, never a fallback ---


class StrictContentNegotiation(DefaultContentNegotiation):
    def filter_renderers(self, renderers, format):
        matching = [renderer for renderer in renderers if renderer.format == format]
        if not matching:
            valid = ", ".join(dict.fromkeys(renderer.format for renderer in renderers))
            raise ParameterError({"format": [f"{format!r} is not one of {valid}."]})
        return matching


def _whole_number(request, name: str, *, default: int, maximum: int | None = None) -> int:
    raw = request.query_params.get(name)
    if raw is None or raw == "":
        return default
    if not ASCII_DIGITS.match(raw) or int(raw) < 1:
        raise ParameterError({name: [f"{raw!r} is not a whole number of 1 or more."]})
    if maximum is not None and int(raw) > maximum:
        raise ParameterError({name: [f"At most {maximum}."]})
    return int(raw)


class StrictPageNumberPagination(PageNumberPagination):
    """`page` from 1 and `page_size` up to 100; a page past the last is a 400, not a 404."""

    page_size = PAGE_SIZE
    max_page_size = MAX_PAGE_SIZE
    page_size_query_param = "page_size"

    def get_page_size(self, request):
        return _whole_number(
            request, self.page_size_query_param, default=self.page_size, maximum=MAX_PAGE_SIZE
        )

    def paginate_queryset(self, queryset, request, view=None):
        self.request = request
        page_size = self.get_page_size(request)
        number = _whole_number(request, self.page_query_param, default=1)
        paginator = self.django_paginator_class(queryset, page_size)
        try:
            self.page = paginator.page(number)
        except EmptyPage:
            raise ParameterError(
                {"page": [f"There is no page {number}; the last page is {paginator.num_pages}."]}
            ) from None
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


# --- CSV: every row of the filtered list, streamed, safe to open in a spreadsheet ---

# OWASP "CSV injection": a cell starting with one of these is read as a formula.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
CSV_CHUNK_SIZE = 500


def neutralise(value):
    """A cell value as text a spreadsheet shows and never evaluates."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


def _flat(value):
    """A cell for a represented value: a related record by its slug (or id), lists joined."""
    if isinstance(value, dict):
        return value.get("slug", value.get("id"))
    if isinstance(value, list):
        return ";".join(str(_flat(item)) for item in value if item is not None)
    return value


def csv_cell(data: dict, path: str):
    """The value at a dotted path of a serialized record; a path through a list maps over it
    ("evidence.provision" is the provisions of every evidence link)."""
    value = data
    for part in path.split("."):
        if isinstance(value, list):
            value = [item.get(part) if isinstance(item, dict) else None for item in value]
        elif isinstance(value, dict):
            value = value.get(part)
        else:
            return None
    return _flat(value)


class _Echo:
    """A file-like object whose write() hands back the line, for csv.writer in a generator."""

    def write(self, value):
        return value


def csv_lines(records: Iterable[dict], columns) -> Iterable[str]:
    """A header line, then one line per record; `columns` are (header, dotted path) pairs."""
    writer = csv.writer(_Echo())
    yield writer.writerow([header for header, _ in columns])
    for data in records:
        yield writer.writerow([neutralise(csv_cell(data, path)) for _, path in columns])


def stream_csv(*, records: Iterable[dict], columns, filename: str) -> StreamingHttpResponse:
    response = StreamingHttpResponse(
        csv_lines(records, columns), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


class CSVRenderer(BaseRenderer):
    """`?format=csv` or `Accept: text/csv`. List views stream their rows themselves
    (`ProvisoViewSet.list`); this renders any other data as one flat record per row."""

    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        records = data if isinstance(data, list) else [data]
        headers = list(records[0]) if records else []
        columns = [(header, header) for header in headers]
        return "".join(csv_lines(records, columns)).encode(self.charset)


# --- Who may do what, and how often ---


class IsEditorOrReadOnly(permissions.BasePermission):
    """Anyone may read; only members of the `editors` group (and superusers) may write."""

    message = "Only editors may change the data."

    def has_permission(self, request, view):
        return request.method in permissions.SAFE_METHODS or is_editor(request.user)


class _RateFromSettings:
    @property
    def cache(self):
        # Looked up per request, like the rate: the "throttle" cache of settings.CACHES.
        return caches["throttle"]

    def get_rate(self):
        # DRF reads the rates once, at import; reading them per request lets a changed
        # setting (a test's, or a reloaded process's) take effect.
        try:
            return api_settings.DEFAULT_THROTTLE_RATES[self.scope]
        except KeyError:
            raise ImproperlyConfigured(f"No throttle rate for scope {self.scope!r}") from None


class AnonymousThrottle(_RateFromSettings, AnonRateThrottle):
    """Anonymous clients, by IP address: PROVISO_API_ANON_RATE."""


class AccountThrottle(_RateFromSettings, UserRateThrottle):
    """Signed-in clients and token holders, by account: PROVISO_API_USER_RATE."""


# --- Shared by the serializers of both apps ---


# A lookup value made only of these characters appears in a path exactly as given: reverse()
# leaves it unquoted.
_PLAIN_VALUE = re.compile(r"^[-A-Za-z0-9_]+$")


class LinkTemplates:
    """The paths of one view for many lookup values, with `reverse()` run once per view.

    A list of 25 provisions links ~200 records and a provision with 400 evidence rows
    ~1,600; a full `reverse()` each (resolver walk, converters, quoting) cost more than the
    rest of the serialisation. The first real value's path becomes a template, "/api/
    provisions/{}/", that later plain values fill in; any other value (one that reverse()
    would quote) still goes through `reverse()`. A plain value skips the route's own check
    of its pattern: the values linked are ids and slugs, validated when they were saved.
    """

    def __init__(self):
        self._templates: dict[tuple, str] = {}

    def path(self, view_name: str, value, kwarg: str | None = None) -> str:
        text = str(value)
        key = (get_script_prefix(), view_name, kwarg)
        template = self._templates.get(key)
        if template and _PLAIN_VALUE.match(text):
            return template.format(text)
        if kwarg:
            path = reverse(view_name, kwargs={kwarg: value})
        else:
            path = reverse(view_name, args=[value])
        # Only a value that occurs once in its path can be told from the rest of the path.
        if _PLAIN_VALUE.match(text) and path.count(text) == 1 and not {"{", "}"} & set(path):
            self._templates[key] = path.replace(text, "{}")
        return path


link_templates = LinkTemplates()


def request_origin(request) -> str:
    """ "https://host" of the request, worked out (and the host validated) once per request
    rather than once per link."""
    origin = getattr(request, "_proviso_origin", None)
    if origin is None:
        origin = request.build_absolute_uri("/")[:-1]
        request._proviso_origin = origin
    return origin


class ApiLinkField(serializers.HyperlinkedIdentityField):
    """The absolute URL of the record's API detail.

    Unlike DRF's reverse(), the link never carries the request's `?format=`: a record's URL
    is the same whichever format it was listed in."""

    def __init__(self, view_name: str, lookup_field: str = "pk", **kwargs):
        super().__init__(view_name=view_name, lookup_field=lookup_field, **kwargs)

    def get_url(self, obj, view_name, request, format):
        if hasattr(obj, "pk") and obj.pk in (None, ""):
            return None
        value = getattr(obj, self.lookup_field)
        path = link_templates.path(view_name, value, self.lookup_url_kwarg)
        return request_origin(request) + path if request is not None else path


@extend_schema_field({"type": "string", "format": "uri", "nullable": True, "readOnly": True})
class SiteLinkField(serializers.Field):
    """The record's page on the public site, or null where the site has no such page."""

    def __init__(self, pattern_name: str, lookup: str, **kwargs):
        self.pattern_name = pattern_name
        self.lookup = lookup
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, value):
        try:
            path = link_templates.path(self.pattern_name, getattr(value, self.lookup))
        except NoReverseMatch:
            return None
        request = self.context.get("request")
        return request_origin(request) + path if request is not None else path
