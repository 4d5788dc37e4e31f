"""The OpenAPI schema generator (drf-spectacular), taught the strict filters, the CSV twin of
every list and the error responses every operation can give."""

from django_filters import CharFilter
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.contrib.django_filters import DjangoFilterExtension
from drf_spectacular.openapi import AutoSchema as SpectacularAutoSchema
from drf_spectacular.plumbing import build_array_type, build_parameter_type
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse
from rest_framework import permissions
from rest_framework.renderers import JSONRenderer

from core.csv_export import CSVRenderer
from core.exceptions import DetailSerializer, ParameterErrorSerializer
from core.filters import MAX_LIST_ITEMS, StrictBooleanFilter, StrictIntegerFilter


def filterset_parameters(auto_schema, filterset_class) -> list[dict]:
    """The query parameters of a strict FilterSet, comma lists as unexploded arrays."""
    model = filterset_class._meta.model
    standard = DjangoFilterExtension(DjangoFilterBackend())
    parameters = []
    for name, filter_field in filterset_class.base_filters.items():
        description = filter_field.extra.get("help_text", "")
        # Comma-list filters document one item of their list.
        item = getattr(filter_field, "item_schema", None)
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
