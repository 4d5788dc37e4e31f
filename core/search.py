"""Full-text search on PostgreSQL: stored search vectors, and the one match expression.

On PostgreSQL, `treaties_provision` and `articles_sentence` carry a generated `search_vector`
column (English configuration) with a GIN index, added by migrations that run only there.
The column is not a model field: SQLite has no tsvector, and a field would have to exist on
both. Other backends fall back to case-insensitive substring matching (see the QuerySets).
"""

from django.db import connections
from django.db.models import BooleanField, QuerySet
from django.db.models.expressions import RawSQL

SEARCH_CONFIG = "english"
MAX_SEARCH_WORDS = 10


def search_words(text: str) -> list[str]:
    """The words of a search, as every search entry point and the highlighter read them."""
    return text.split()[:MAX_SEARCH_WORDS]


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
