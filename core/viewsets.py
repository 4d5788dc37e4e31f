"""The API's base viewset: a list as JSON pages or every row as CSV, a detail as JSON; the API
root; and the JSON 404 for any other URL under /api/."""

from collections.abc import Callable
from typing import Any

from django.db.models import QuerySet
from django.http import JsonResponse, StreamingHttpResponse
from django.views.decorators.csrf import csrf_exempt
from rest_framework import routers, serializers, viewsets
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.reverse import reverse as absolute_reverse

from core.csv_export import CSV_CHUNK_SIZE, CSVRenderer, stream_csv
from core.filters import ParameterError, StrictFilterSet, safe_name
from core.serializers import Columns, TabularSerializer

WRITE_ACTIONS = frozenset({"create", "update", "partial_update", "destroy"})


class ProvisoViewSet(viewsets.GenericViewSet):
    """List (JSON pages or every row as CSV) and detail (JSON) of one kind of record.

    Subclasses name `list_selector` (a selector taking `filters`, raising FilterError), the
    `filterset_class` it applies (for the valid parameters and the schema) and the
    serializers; the list serializer names the CSV columns (`csv_columns`).
    """

    serializer_class: type[TabularSerializer]
    list_selector: Callable[..., QuerySet[Any]]
    filterset_class: type[StrictFilterSet] | None = None
    detail_serializer_class: type[serializers.BaseSerializer[Any]] | None = None
    write_serializer_class: type[serializers.Serializer[Any]] | None = None
    csv_name = ""

    @property
    def csv_columns(self) -> Columns:
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
