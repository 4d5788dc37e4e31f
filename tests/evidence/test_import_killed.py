"""An import killed halfway (power cut, OOM killer, `kill -9`) leaves no partial article.

The import runs in a separate process against a scratch database of its own, and that
process kills itself with SIGKILL right after the article row is written and before its
sentences are: the transaction never commits, so the database holds nothing of it.
"""

import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import uuid
from pathlib import Path

import psycopg
import pytest
from django.conf import settings
from django.db import connection

ROOT = Path(settings.BASE_DIR)
# A seed article that names its title, date and URL in header lines.
SEED = next((ROOT / "seeds").glob("001_*.txt"))

# Run as `python -c KILLED_IMPORT <file>`: the import, with the sentence insert replaced by a
# SIGKILL of the importing process.
KILLED_IMPORT = """
import os, signal, sys
import django
django.setup()
from articles.models import Sentence
def die_halfway(*args, **kwargs):
    os.kill(os.getpid(), signal.SIGKILL)
Sentence.objects.bulk_create = die_halfway
from django.core.management import call_command
call_command("import_articles", sys.argv[1], verbosity=0)
"""


def manage(database_url, *args, code=None):
    command = [sys.executable, "-c", code, *args] if code else [sys.executable, "manage.py", *args]
    return subprocess.run(
        command,
        cwd=ROOT,
        env={**os.environ, "DATABASE_URL": database_url},
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.fixture
def scratch_database(tmp_path):
    """A migrated, empty database of the engine the suite runs on, and a function counting
    the rows of a table in it."""
    if connection.vendor == "postgresql":
        params = connection.get_connection_params()
        server = f"postgres://{params.get('user', 'postgres')}@{params['host']}:{params['port']}"
        name = f"proviso_kill_{uuid.uuid4().hex[:8]}"
        with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
            admin.execute(f'CREATE DATABASE "{name}"')
        url = f"{server}/{name}"

        def count(table):
            with psycopg.connect(url) as db:
                return db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
    else:
        path = tmp_path / "scratch.sqlite3"
        url = f"sqlite:///{path}"

        def count(table):
            with sqlite3.connect(path) as db:
                return db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]

    migrated = manage(url, "migrate", "--no-input", "-v", "0")
    assert migrated.returncode == 0, migrated.stderr
    yield url, count
    if connection.vendor == "postgresql":
        with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
            admin.execute(f'DROP DATABASE "{name}" WITH (FORCE)')


def test_an_import_killed_halfway_leaves_no_partial_article(scratch_database, tmp_path):
    url, count = scratch_database
    article_file = tmp_path / SEED.name
    shutil.copy(SEED, article_file)

    killed = manage(url, str(article_file), code=KILLED_IMPORT)

    assert killed.returncode == -signal.SIGKILL, killed.stderr
    for table in ("articles_article", "articles_sentence", "articles_outlet"):
        assert count(table) == 0, table

    # Nothing is left locked or half-done: the same file imports whole afterwards.
    again = manage(url, "import_articles", str(article_file))
    assert again.returncode == 0, again.stderr
    assert count("articles_article") == 1
    assert count("articles_sentence") > 10
