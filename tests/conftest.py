import secrets
import uuid

import pytest
from django.core.management import call_command


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Load the seed corpus once per test session; each test runs in a rolled-back transaction."""
    with django_db_blocker.unblock():
        call_command("load_seeds", verbosity=0)


@pytest.fixture
def seeded(db):
    """The seed data (loaded once for the session) in a transaction of the test's own."""
    return None


@pytest.fixture
def fresh_database_url(tmp_path):
    """A database of its own for a test that runs migrations in another process: a new SQLite
    file, or on PostgreSQL a throwaway database beside the test database."""
    from django.conf import settings

    default = settings.DATABASES["default"]
    if default["ENGINE"] != "django.db.backends.postgresql":
        yield f"sqlite:///{tmp_path / 'fresh.sqlite3'}"
        return
    import psycopg

    name = f"proviso_fresh_{uuid.uuid4().hex[:12]}"
    login = default["USER"] + (f":{default['PASSWORD']}" if default.get("PASSWORD") else "")
    server = f"postgres://{login}@{default['HOST'] or '127.0.0.1'}:{default['PORT'] or 5432}"
    with psycopg.connect(f"{server}/postgres", autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"{server}/{name}"
    finally:
        with psycopg.connect(f"{server}/postgres", autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="session")
def served_sqlite(tmp_path_factory):
    """For the slow tests that serve the app with gunicorn: a migrated SQLite database of its
    own and an API token in it, as (DATABASE_URL, token)."""
    from bench import stack

    url = f"sqlite:///{tmp_path_factory.mktemp('served') / 'served.sqlite3'}"
    env = stack.production_env(url)
    stack.manage("migrate", "--no-input", env=env)
    token = secrets.token_hex(20)
    stack.manage(
        "shell",
        "-c",
        "from django.contrib.auth import get_user_model; "
        "from rest_framework.authtoken.models import Token; "
        f"Token.objects.create(key='{token}', user=get_user_model().objects.create_user('api'))",
        env=env,
    )
    return url, token
