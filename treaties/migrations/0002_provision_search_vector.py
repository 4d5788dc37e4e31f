# A stored full-text search vector on PostgreSQL (nothing on other backends): see
# treaties/search.py. A later migration that changes the type of `title` or `summary` must
# drop this column first and add it again, as PostgreSQL refuses to alter a column that a
# generated column reads.

from django.db import migrations

from treaties.search import SEARCH_CONFIG, search_vector_sql


class Migration(migrations.Migration):

    dependencies = [
        ("treaties", "0001_initial"),
    ]

    operations = [
        search_vector_sql(
            "treaties_provision",
            f"setweight(to_tsvector('{SEARCH_CONFIG}', title), 'A')"
            f" || setweight(to_tsvector('{SEARCH_CONFIG}', summary), 'B')",
        ),
    ]
