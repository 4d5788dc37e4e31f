"""CSV: every row of a filtered list, streamed, safe to open in a spreadsheet."""

import csv
from collections.abc import Iterable
from typing import Any

from django.http import StreamingHttpResponse
from rest_framework.renderers import BaseRenderer

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
    value: Any = data
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
