# A stored full-text search vector on PostgreSQL (nothing on other backends): see
# treaties/search.py. A later migration that changes the type of `text` must drop this
# column first and add it again, as PostgreSQL refuses to alter a column that a generated
# column reads.

from django.db import migrations

from treaties.search import SEARCH_CONFIG, search_vector_sql


class Migration(migrations.Migration):

    dependencies = [
        ("articles", "0001_initial"),
    ]

    operations = [
        search_vector_sql("articles_sentence", f"to_tsvector('{SEARCH_CONFIG}', text)"),
    ]
