"""Run migrations and code against a database of the test's own, in another process, so that a
test can build data in an older schema and check what a migration made of it."""

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent

PRELUDE = """
import json
import django

django.setup()
from django.db import connection
from django.db.migrations.executor import MigrationExecutor


def migrate(*targets):
    '''Migrate to the given (app, migration) nodes, or to the newest of every app.'''
    executor = MigrationExecutor(connection)
    executor.migrate(list(targets) or executor.loader.graph.leaf_nodes())


def models_at(*targets):
    '''The models as they were at the given (app, migration) nodes.'''
    return MigrationExecutor(connection).loader.project_state(list(targets)).apps
"""


def run_in(database_url: str, code: str):
    """Run `code` (with `migrate` and `models_at` defined) in a new process on the database;
    return what it printed as JSON on its last line, if anything."""
    env = {**os.environ, "DATABASE_URL": database_url, "DJANGO_SETTINGS_MODULE": "config.settings"}
    result = subprocess.run(
        [sys.executable, "-c", PRELUDE + textwrap.dedent(code)],
        cwd=PROJECT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.strip().splitlines()
    return json.loads(lines[-1]) if lines else None
