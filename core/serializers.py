"""What the API's list serializers share: the columns of their CSV twin."""

from typing import Any, ClassVar

from rest_framework import serializers

# (header, dotted path into the serialized record), for every column of a list's CSV.
Columns = tuple[tuple[str, str], ...]


class TabularSerializer(serializers.ModelSerializer[Any]):
    """A list's serializer: its records as JSON, and as CSV rows by `csv_columns`."""

    csv_columns: ClassVar[Columns] = ()
