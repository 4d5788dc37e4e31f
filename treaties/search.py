"""Full-text search on PostgreSQL: stored search vectors, and the one match expression.

On PostgreSQL, `treaties_provision` and `articles_sentence` carry a generated `search_vector`
column (English configuration) with a GIN index, added by migrations that run only there.
The column is not a model field: SQLite has no tsvector, and a field would have to exist on
both. Other backends fall back to case-insensitive substring matching (see the QuerySets).
"""

from django.db import connections, migrations
from django.db.models import BooleanField, QuerySet
from django.db.models.expressions import RawSQL

SEARCH_CONFIG = "english"

# A word made only of stop words ("the") yields an empty tsquery, which matches nothing; such
# a word is ignored instead, as PostgreSQL's own websearch does.
_MATCH_SQL = (
    f"(numnode(plainto_tsquery('{SEARCH_CONFIG}', %s)) = 0"
    f" OR search_vector @@ plainto_tsquery('{SEARCH_CONFIG}', %s))"
)


def uses_full_text_search(queryset: QuerySet) -> bool:
    return connections[queryset.db].vendor == "postgresql"


def matching_pks(model, text: str) -> QuerySet:
    """Primary keys of `model` rows whose stored search vector matches every word of `text`.

    The column is named without a table on purpose: the subquery reads one table only, so
    the name resolves there whatever alias Django gives that table when it nests the query.
    """
    condition = RawSQL(_MATCH_SQL, [text, text], output_field=BooleanField())
    return model._default_manager.filter(condition).values("pk")


class PostgresOnlySQL(migrations.RunSQL):
    """SQL that runs on PostgreSQL only and leaves the migration state alone, so that
    `makemigrations --check` stays clean on every backend."""

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)

    def describe(self):
        return "Raw SQL, on PostgreSQL only"


def search_vector_sql(table: str, document: str) -> PostgresOnlySQL:
    """A stored, generated `search_vector` column on `table` computed from the SQL
    expression `document`, with a GIN index."""
    return PostgresOnlySQL(
        sql=[
            f"ALTER TABLE {table} ADD COLUMN search_vector tsvector "
            f"GENERATED ALWAYS AS ({document}) STORED",
            f"CREATE INDEX {table}_search_gin ON {table} USING GIN (search_vector)",
        ],
        reverse_sql=[
            f"DROP INDEX IF EXISTS {table}_search_gin",
            f"ALTER TABLE {table} DROP COLUMN IF EXISTS search_vector",
        ],
    )
