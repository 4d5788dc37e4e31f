"""The deployment path: compose file, image recipe, entrypoint and production static files."""

import os
import subprocess
import sys
from pathlib import Path

import yaml
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
PRODUCTION_ENV = {
    "DJANGO_DEBUG": "0",
    "DJANGO_SECRET_KEY": "deployment-test-secret-key-" + "y" * 40,
    "DJANGO_ALLOWED_HOSTS": "proviso.example.org",
}


def run(command, env, timeout=300):
    return subprocess.run(
        command,
        cwd=ROOT,
        env={**os.environ, "PYTHON": sys.executable, **env},
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def test_compose_runs_postgres_16_with_a_volume_and_gunicorn_with_healthchecks():
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text(encoding="utf-8"))
    db, web = compose["services"]["db"], compose["services"]["web"]
    assert db["image"] == "postgres:16"
    assert "pgdata:/var/lib/postgresql/data" in db["volumes"]
    assert "pgdata" in compose["volumes"]
    assert "pg_isready" in " ".join(db["healthcheck"]["test"])
    assert web["depends_on"]["db"]["condition"] == "service_healthy"
    assert "/healthz" in " ".join(web["healthcheck"]["test"])
    assert web["environment"]["GUNICORN_WORKERS"] == "${GUNICORN_WORKERS:-3}"
    assert web["environment"]["DATABASE_URL"].startswith("postgres://")


def test_the_image_is_slim_runs_as_a_user_and_collects_static_files_at_build():
    dockerfile = (ROOT / "Dockerfile").read_text(encoding="utf-8")
    assert "FROM python:3.11-slim" in dockerfile
    assert "USER proviso" in dockerfile
    assert "collectstatic --no-input" in dockerfile
    assert 'ENTRYPOINT ["config/entrypoint.sh"]' in dockerfile
    assert "gunicorn config.wsgi:application" in dockerfile
    assert "--workers ${GUNICORN_WORKERS}" in dockerfile


def test_the_entrypoint_migrates_loads_the_seeds_and_runs_the_command(tmp_path):
    env = {"DATABASE_URL": f"sqlite:///{tmp_path / 'deploy.sqlite3'}"}
    command = [
        "config/entrypoint.sh",
        sys.executable,
        "manage.py",
        "shell",
        "-c",
        "from treaties.models import Provision; print('provisions', Provision.objects.count())",
    ]
    result = run(command, env)
    assert result.returncode == 0, result.stderr
    assert "Seeds loaded" in result.stdout
    assert result.stdout.strip().endswith("provisions 21")
    again = run(command, env)
    assert again.returncode == 0, again.stderr
    assert "0 new evidence links" in again.stdout


def test_the_entrypoint_gives_up_on_a_database_that_never_answers(tmp_path):
    env = {
        "DATABASE_URL": "postgres://nobody@127.0.0.1:9/none",
        "PROVISO_DB_WAIT_SECONDS": "1",
    }
    result = run(["config/entrypoint.sh", "true"], env)
    assert result.returncode == 1
    assert result.stderr.strip() == "entrypoint: the database did not answer within 1s"


def test_static_files_collect_with_production_settings(tmp_path):
    env = {**PRODUCTION_ENV, "DJANGO_STATIC_ROOT": str(tmp_path / "static")}
    result = run([sys.executable, "manage.py", "collectstatic", "--no-input"], env)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "static" / "staticfiles.json").exists()
