# A stored full-text search vector on PostgreSQL (nothing on other backends): see
# core/search.py. A later migration that changes the type of `text` must drop this
# column first and add it again, as PostgreSQL refuses to alter a column that a generated
# column reads.

from django.db import migrations


FORWARD = [
    "ALTER TABLE articles_sentence ADD COLUMN search_vector tsvector GENERATED ALWAYS AS ("
    "to_tsvector('english', text)) STORED",
    "CREATE INDEX articles_sentence_search_gin ON articles_sentence USING GIN (search_vector)",
]
BACKWARD = [
    "DROP INDEX IF EXISTS articles_sentence_search_gin",
    "ALTER TABLE articles_sentence DROP COLUMN IF EXISTS search_vector",
]


def on_postgresql(statements):
    """Run the statements on PostgreSQL only; other backends get nothing (SQLite has no
    tsvector and no INCLUDE), and the migration state is the same everywhere."""

    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):

    dependencies = [
        ("articles", "0001_initial"),
    ]

    operations = [migrations.RunPython(on_postgresql(FORWARD), on_postgresql(BACKWARD))]
