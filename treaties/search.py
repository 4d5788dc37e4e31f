"""Full-text search on PostgreSQL: stored search vectors, and the one match expression.

On PostgreSQL, `treaties_provision` and `articles_sentence` carry a generated `search_vector`
column (English configuration) with a GIN index, added by migrations that run only there.
The column is not a model field: SQLite has no tsvector, and a field would have to exist on
both. Other backends fall back to case-insensitive substring matching (see the QuerySets).
"""

from django.apps import apps
from django.contrib.postgres.fields import ArrayField
from django.db import connections, migrations
from django.db.models import BigIntegerField, BooleanField, F, Func, Q, QuerySet, Value
from django.db.models.expressions import RawSQL

from treaties.read_cache import CachedUntilChanged

SEARCH_CONFIG = "english"

# A word made only of stop words ("the") yields an empty tsquery, which matches nothing; such
# a word is ignored instead, as PostgreSQL's own websearch does.
_MATCH_SQL = (
    f"(numnode(plainto_tsquery('{SEARCH_CONFIG}', %s)) = 0"
    f" OR search_vector @@ plainto_tsquery('{SEARCH_CONFIG}', %s))"
)


def uses_full_text_search(queryset: QuerySet) -> bool:
    return connections[queryset.db].vendor == "postgresql"


def matches(text: str) -> RawSQL:
    """The condition "the row's stored search vector matches every word of `text`", for a
    query on the searched table itself (whose joins carry no other `search_vector`).

    Prefer it to `pk IN (matching_pks(...))` on a large table: on the table itself the
    condition lets PostgreSQL choose, by the word's frequency, between the GIN index (a rare
    word) and walking the index of the wanted order until a page of rows matches (a common
    word). The subquery form first fetches every match: 2 s for the 55,000 sentences of a
    common word in 2,000,000, against 3 ms.
    """
    return RawSQL(_MATCH_SQL, [text, text], output_field=BooleanField())


def matching_pks(model, text: str) -> QuerySet:
    """Primary keys of `model` rows whose stored search vector matches every word of `text`.

    The column is named without a table on purpose: the subquery reads one table only, so
    the name resolves there whatever alias Django gives that table when it nests the query.
    """
    condition = RawSQL(_MATCH_SQL, [text, text], output_field=BooleanField())
    return model._default_manager.filter(condition).values("pk")


def _search_sources() -> list:
    """The models a search reads (sentences come and go with their article's import)."""
    provision = apps.get_model("treaties", "Provision")
    return [provision, *(apps.get_model("articles", name) for name in ("Evidence", "Article"))]


# The provisions of the latest searches.
search_cache = CachedUntilChanged(_search_sources, max_entries=256)


class _AnyOf(Func):
    """`column = ANY(%s)`: a list of values as one array parameter (PostgreSQL). As
    `IN (%s, %s, …)`, 5,000 values cost ~200 ms to bind and parse; as one array, ~5."""

    template = "(%(expressions)s))"
    arg_joiner = " = ANY("
    output_field = BooleanField()


def found_by_search(text: str):
    """A condition for `Provision.objects.filter()`: the provisions
    `Provision.objects.search(text)` finds.

    Their primary keys are kept until the provisions, evidence or articles change: a common
    word's search reads tens of thousands of sentences, once rather than for every count,
    page and facet that needs it. Where nothing may be kept, the search is a subquery."""
    provision = apps.get_model("treaties", "Provision")
    found = provision.objects.search(text).order_by().values_list("pk", flat=True)
    stamp = search_cache.stamp()
    if stamp is None:
        return Q(pk__in=found)
    pks = search_cache.get(("provisions", text), stamp, lambda: list(found))
    if connections[found.db].vendor != "postgresql":
        return Q(pk__in=pks)
    return _AnyOf(F("pk"), Value(pks, output_field=ArrayField(BigIntegerField())))


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
