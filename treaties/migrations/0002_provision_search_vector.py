# A stored full-text search vector on PostgreSQL (nothing on other backends): see
# core/search.py. A later migration that changes the type of `title` or `summary` must
# drop this column first and add it again, as PostgreSQL refuses to alter a column that a
# generated column reads.

from django.db import migrations


FORWARD = [
    "ALTER TABLE treaties_provision ADD COLUMN search_vector tsvector GENERATED ALWAYS AS ("
    "setweight(to_tsvector('english', title), 'A')"
    " || setweight(to_tsvector('english', summary), 'B')) STORED",
    "CREATE INDEX treaties_provision_search_gin ON treaties_provision USING GIN (search_vector)",
]
BACKWARD = [
    "DROP INDEX IF EXISTS treaties_provision_search_gin",
    "ALTER TABLE treaties_provision DROP COLUMN IF EXISTS search_vector",
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
        ("treaties", "0001_initial"),
    ]

    operations = [migrations.RunPython(on_postgresql(FORWARD), on_postgresql(BACKWARD))]
