"""The JSON API's base viewset, exception handler and OpenAPI schema generator, shared by
the viewsets of both apps (see `config.rest` for the policies they apply)."""

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import JsonResponse, StreamingHttpResponse
from django.views.decorators.csrf import csrf_exempt
from django_filters import CharFilter
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.contrib.django_filters import DjangoFilterExtension
from drf_spectacular.openapi import AutoSchema as SpectacularAutoSchema
from drf_spectacular.plumbing import build_array_type, build_parameter_type
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse
from rest_framework import exceptions, permissions, routers, serializers, viewsets
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.reverse import reverse as absolute_reverse
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler as drf_exception_handler
from rest_framework.views import set_rollback

from config.rest import (
    CSV_CHUNK_SIZE,
    CSVRenderer,
    DetailSerializer,
    ParameterError,
    ParameterErrorSerializer,
    safe_name,
    stream_csv,
)
from treaties.filters import (
    MAX_ARTICLE_NUMBER,
    MAX_LIST_ITEMS,
    PROVISION_SLUG_PATTERN,
    ChoiceListFilter,
    FilterError,
    IdListFilter,
    IntListFilter,
    ProvisionSlugListFilter,
    SlugListFilter,
    StrictBooleanFilter,
    StrictIntegerFilter,
    describe_errors,
)

WRITE_ACTIONS = frozenset({"create", "update", "partial_update", "destroy"})


# --- Errors: every 400 in the one shape of config.rest.ParameterErrorSerializer ---


def _flatten_errors(detail, prefix="") -> dict[str, list[str]]:
    """DRF's nested validation errors as {"field" or "field.0.sub": [message, ...]}."""
    if isinstance(detail, dict):
        flat = {}
        for key, value in detail.items():
            flat.update(_flatten_errors(value, f"{prefix}.{key}" if prefix else str(key)))
        return flat
    if isinstance(detail, list) and any(isinstance(item, dict | list) for item in detail):
        flat = {}
        for index, item in enumerate(detail):
            # A list field's errors hold an empty entry for each valid item.
            if item:
                flat.update(_flatten_errors(item, f"{prefix}.{index}" if prefix else str(index)))
        return flat
    messages = detail if isinstance(detail, list) else [detail]
    return {prefix or "non_field_errors": [str(message) for message in messages]}


def _bad_request(detail: str, errors: dict, valid_parameters: list[str]) -> Response:
    set_rollback()
    return Response(
        {"detail": detail, "errors": errors, "valid_parameters": list(valid_parameters)},
        status=400,
    )


def _view_parameters(view) -> list[str]:
    valid = getattr(view, "valid_parameters", None)
    return list(valid()) if callable(valid) else []


def exception_handler(exc, context):
    """DRF's handler, with every 400 in the one shape that names the bad parameters."""
    view = context.get("view")
    if isinstance(exc, FilterError):
        if exc.valid_parameters is None:
            exc.valid_parameters = _view_parameters(view)
        return _bad_request(exc.message, exc.errors, exc.valid_parameters)
    if isinstance(exc, DjangoValidationError):
        detail = serializers.as_serializer_error(exc)
        # Model-wide errors (constraints, clean()) come keyed "__all__"; DRF names them
        # non_field_errors.
        detail[api_settings.NON_FIELD_ERRORS_KEY] = [
            *detail.pop(NON_FIELD_ERRORS, []),
            *detail.get(api_settings.NON_FIELD_ERRORS_KEY, []),
        ]
        if not detail[api_settings.NON_FIELD_ERRORS_KEY]:
            del detail[api_settings.NON_FIELD_ERRORS_KEY]
        exc = exceptions.ValidationError(detail=detail)
    if isinstance(exc, exceptions.ValidationError):
        errors = _flatten_errors(exc.detail)
        valid = _view_parameters(view)
        return _bad_request(
            f"Invalid request body: {describe_errors(errors)}. Valid fields: {', '.join(valid)}.",
            errors,
            valid,
        )
    response = drf_exception_handler(exc, context)
    if response is not None and response.status_code == 400:
        # A body that is not JSON at all (ParseError): the body is the bad parameter.
        detail = str(response.data.get("detail", "Bad request."))
        response.data = {
            "detail": detail,
            "errors": {"body": [detail]},
            "valid_parameters": _view_parameters(view),
        }
    return response


# --- The base viewset ---


class ProvisoViewSet(viewsets.GenericViewSet):
    """List (JSON pages or every row as CSV) and detail (JSON) of one kind of record.

    Subclasses name `list_selector` (a selector taking `filters`, raising FilterError), the
    `filterset_class` it applies (for the valid parameters and the schema) and the
    serializers; the list serializer names the CSV columns (`csv_columns`).
    """

    list_selector = None
    filterset_class = None
    detail_serializer_class = None
    write_serializer_class = None
    csv_name = ""

    @property
    def csv_columns(self) -> tuple[tuple[str, str], ...]:
        """The list serializer's columns: (header, dotted path into its representation)."""
        return self.serializer_class.csv_columns

    def get_renderers(self):
        if self.action == "list":
            return [JSONRenderer(), CSVRenderer()]
        return [JSONRenderer()]

    def get_serializer_class(self):
        if self.action != "list" and self.detail_serializer_class is not None:
            return self.detail_serializer_class
        return self.serializer_class

    def valid_parameters(self) -> list[str]:
        if self.action == "list" and self.filterset_class is not None:
            return self.filterset_class.valid_parameters()
        if self.action in WRITE_ACTIONS and self.write_serializer_class is not None:
            fields = self.write_serializer_class().fields
            return [name for name, field in fields.items() if not field.read_only]
        return ["format"]

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        if self.action != "list":
            # Lists check their parameters in their FilterSet; other URLs take only `format`.
            unknown = sorted(set(request.query_params) - {"format"})
            if unknown:
                raise ParameterError(
                    {safe_name(name): ["Unknown parameter."] for name in unknown}, ["format"]
                )

    def list(self, request, *args, **kwargs):
        queryset = self.list_selector(filters=request.query_params)
        if request.accepted_renderer.format == CSVRenderer.format:
            return self.csv_response(queryset)
        page = self.paginate_queryset(queryset)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    def csv_response(self, queryset) -> StreamingHttpResponse:
        """Every row, not a page; pagination parameters do not apply. Prefetches run once per
        chunk of CSV_CHUNK_SIZE rows, so the query count grows with rows / chunk size only."""
        serializer = self.get_serializer()
        records = (
            serializer.to_representation(row)
            for row in queryset.iterator(chunk_size=CSV_CHUNK_SIZE)
        )
        return stream_csv(
            records=records, columns=self.csv_columns, filename=f"proviso-{self.csv_name}.csv"
        )

    def retrieve(self, request, *args, **kwargs):
        return Response(self.get_serializer(self.get_object()).data)

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        # An error is JSON even when the client asked for CSV.
        if (
            isinstance(response, Response)
            and response.status_code >= 400
            and isinstance(getattr(response, "accepted_renderer", None), CSVRenderer)
        ):
            response.accepted_renderer = JSONRenderer()
            response.accepted_media_type = JSONRenderer.media_type
        return response


class ApiRootView(routers.APIRootView):
    """The API's endpoints, its schema and its interactive documentation."""

    def get(self, request, *args, **kwargs):
        unknown = sorted(set(request.query_params) - {"format"})
        if unknown:
            raise ParameterError(
                {safe_name(name): ["Unknown parameter."] for name in unknown}, ["format"]
            )
        response = super().get(request, *args, **kwargs)
        response.data["schema"] = absolute_reverse("api:schema", request=request)
        response.data["docs"] = absolute_reverse("api:docs", request=request)
        return response


@csrf_exempt
def not_found(request, *args, **kwargs):
    """Any other URL under /api/: JSON, like the rest of the API."""
    return JsonResponse({"detail": "Not found."}, status=404)


# --- The OpenAPI schema ---


def _comma_list_item_schema(filter_field):
    if isinstance(filter_field, ChoiceListFilter):
        return {"type": "string", "enum": [value for value, _ in filter_field.extra["choices"]]}
    if isinstance(filter_field, ProvisionSlugListFilter):
        return {"type": "string", "pattern": PROVISION_SLUG_PATTERN}
    if isinstance(filter_field, SlugListFilter):
        return {"type": "string", "pattern": r"^[-a-zA-Z0-9_]+$"}
    if isinstance(filter_field, IdListFilter):
        return {"type": "integer", "minimum": 1}
    if isinstance(filter_field, IntListFilter):
        return {"type": "integer", "minimum": 1, "maximum": MAX_ARTICLE_NUMBER}
    return None


def filterset_parameters(auto_schema, filterset_class) -> list[dict]:
    """The query parameters of a strict FilterSet, comma lists as unexploded arrays."""
    model = filterset_class._meta.model
    standard = DjangoFilterExtension(DjangoFilterBackend())
    parameters = []
    for name, filter_field in filterset_class.base_filters.items():
        description = filter_field.extra.get("help_text", "")
        item = _comma_list_item_schema(filter_field)
        if item is not None:
            schema = build_array_type(item)
            schema["maxItems"] = MAX_LIST_ITEMS
            parameters.append(
                build_parameter_type(
                    name=name,
                    schema=schema,
                    location=OpenApiParameter.QUERY,
                    description=f"{description} Comma-separated; a row matching any matches.",
                    explode=False,
                    style="form",
                )
            )
        elif isinstance(filter_field, StrictBooleanFilter):
            parameters.append(
                build_parameter_type(
                    name=name,
                    schema={"type": "boolean"},
                    location=OpenApiParameter.QUERY,
                    description=description,
                )
            )
        elif isinstance(filter_field, StrictIntegerFilter):
            schema = {"type": "integer"}
            for key, bound in (("minimum", "min_value"), ("maximum", "max_value")):
                if filter_field.extra.get(bound) is not None:
                    schema[key] = filter_field.extra[bound]
            parameters.append(
                build_parameter_type(
                    name=name,
                    schema=schema,
                    location=OpenApiParameter.QUERY,
                    description=description,
                )
            )
        else:
            resolved = standard.resolve_filter_field(
                auto_schema, model, filterset_class, name, filter_field
            )
            if isinstance(filter_field, CharFilter) and filter_field.extra.get("max_length"):
                for parameter in resolved:
                    parameter["schema"]["maxLength"] = filter_field.extra["max_length"]
            parameters += resolved
    return parameters


class AutoSchema(SpectacularAutoSchema):
    """drf-spectacular's generator, taught the strict filters, the CSV twin of every list and
    the error responses every operation can give."""

    def _get_format_parameters(self):
        parameters = super()._get_format_parameters()
        for parameter in parameters:
            parameter["description"] = (
                "json (the default) or csv: every matching row as CSV, not one page "
                "(page and page_size do not apply). Accept: text/csv does the same."
            )
        return parameters

    def _get_filter_parameters(self):
        filterset_class = getattr(self.view, "filterset_class", None)
        if filterset_class is None or not self._is_list_view():
            return []
        return filterset_parameters(self, filterset_class)

    def _get_response_for_code(
        self, serializer, status_code, media_types=None, direction="response"
    ):
        response = super()._get_response_for_code(serializer, status_code, media_types, direction)
        content = response.get("content", {})
        if CSVRenderer.media_type in content:
            content[CSVRenderer.media_type] = {
                "schema": {
                    "type": "string",
                    "description": "Every matching row (not one page), one line each; related "
                    "records by slug, several joined with ';'.",
                }
            }
        return response

    def _error_responses(self) -> dict[str, OpenApiResponse]:
        responses = {
            "400": OpenApiResponse(
                ParameterErrorSerializer,
                "An unknown parameter, a malformed value, an unknown slug or a page past the "
                "last; for writes, an invalid body.",
            ),
            "401": OpenApiResponse(
                DetailSerializer,
                "Credentials were given but are invalid, or a write came without any.",
            ),
            "429": OpenApiResponse(
                DetailSerializer, "Too many requests; Retry-After says how many seconds to wait."
            ),
        }
        if self.method not in permissions.SAFE_METHODS:
            responses["403"] = OpenApiResponse(
                DetailSerializer, "Signed in, but not an editor (or no CSRF token with a session)."
            )
        if "{" in self.path:
            responses["404"] = OpenApiResponse(DetailSerializer, "No such record.")
        return responses

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        for code, response in self._error_responses().items():
            responses.setdefault(
                code,
                self._get_response_for_code(
                    response, code, [JSONRenderer.media_type], direction=direction
                ),
            )
        responses["429"]["headers"] = {
            "Retry-After": {
                "schema": {"type": "integer"},
                "description": "Seconds until the next request is allowed.",
            }
        }
        return responses

    def get_auth(self):
        auths = super().get_auth()
        # Reads need no credentials.
        if self.method in permissions.SAFE_METHODS and {} not in auths:
            auths.append({})
        return auths
