"""The deployment path: compose file, image recipe, entrypoint and production static files."""

import json
import os
import subprocess
import sys
from pathlib import Path

import yaml
from django.conf import settings

from bench.stack import nginx_binary, render_nginx_site
from tests.live import require

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


def test_compose_puts_nginx_in_front_and_shares_a_redis_cache():
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text(encoding="utf-8"))
    services = compose["services"]
    web, nginx, redis = services["web"], services["nginx"], services["redis"]
    # Only nginx is published; gunicorn is reached through it.
    assert "ports" not in web
    assert nginx["ports"] == ["127.0.0.1:8000:80"]
    assert nginx["depends_on"]["web"]["condition"] == "service_healthy"
    assert (
        "./config/nginx.conf.template:/etc/nginx/templates/default.conf.template:ro"
        in (nginx["volumes"])
    )
    assert nginx["environment"]["PROVISO_UPSTREAM"] == "web:8000"
    # gunicorn believes X-Forwarded-Proto from nginx's fixed address only.
    proxy_address = nginx["networks"]["backend"]["ipv4_address"]
    assert web["environment"]["GUNICORN_FORWARDED_ALLOW_IPS"] == proxy_address
    assert web["environment"]["PROVISO_API_NUM_PROXIES"] == "1"
    # One body limit for both.
    assert (
        web["environment"]["PROVISO_MAX_UPLOAD_BYTES"]
        == nginx["environment"]["PROVISO_MAX_UPLOAD_BYTES"]
        == "${PROVISO_MAX_UPLOAD_BYTES:-5242880}"
    )
    assert web["environment"]["PROVISO_CACHE_URL"] == "redis://redis:6379/0"
    assert web["depends_on"]["redis"]["condition"] == "service_healthy"
    assert "ping" in redis["healthcheck"]["test"]
    assert "/healthz" in " ".join(nginx["healthcheck"]["test"])
    assert all("healthcheck" in service for service in services.values())


def test_the_image_is_slim_runs_as_a_user_and_collects_static_files_at_build():
    dockerfile = (ROOT / "Dockerfile").read_text(encoding="utf-8")
    assert "FROM python:3.11-slim" in dockerfile
    assert "USER proviso" in dockerfile
    assert "collectstatic --no-input" in dockerfile
    assert 'ENTRYPOINT ["config/entrypoint.sh"]' in dockerfile
    assert (
        'CMD ["gunicorn", "--config", "config/gunicorn.py", "config.wsgi:application"]'
        in dockerfile
    )
    assert "forwarded-allow-ips" not in dockerfile


def gunicorn_settings(**env) -> dict:
    code = (
        "import runpy, json; settings = runpy.run_path('config/gunicorn.py'); "
        "print(json.dumps({k: v for k, v in settings.items() if not k.startswith('_') "
        "and isinstance(v, str | int | list | bool)}))"
    )
    clean = {k: v for k, v in os.environ.items() if not k.startswith("GUNICORN_")}
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return json.loads(result.stdout)


def test_gunicorn_reads_its_settings_from_the_environment():
    defaults = gunicorn_settings()
    assert defaults["bind"] == ["0.0.0.0:8000"]
    assert defaults["workers"] == 3
    assert defaults["forwarded_allow_ips"] == "127.0.0.1"
    assert defaults["timeout"] == 30
    assert defaults["preload_app"] is True
    given = gunicorn_settings(
        GUNICORN_WORKERS="5", GUNICORN_FORWARDED_ALLOW_IPS="172.28.0.10", GUNICORN_TIMEOUT="9"
    )
    assert (given["workers"], given["forwarded_allow_ips"], given["timeout"]) == (
        5,
        "172.28.0.10",
        9,
    )


def test_django_takes_the_scheme_from_gunicorn_not_from_a_header():
    assert settings.SECURE_PROXY_SSL_HEADER is None


def test_the_nginx_template_renders_to_a_configuration_nginx_accepts(tmp_path):
    site = render_nginx_site(port=8080, upstream="127.0.0.1:8000", max_upload_bytes=1234)
    assert "client_max_body_size 1234;" in site
    assert "proxy_set_header X-Forwarded-Proto $scheme;" in site
    for directive in ("client_header_timeout", "client_body_timeout", "send_timeout"):
        assert directive in site
    require(nginx_binary() is not None, "nginx")
    (tmp_path / "site.conf").write_text(site)
    (tmp_path / "nginx.conf").write_text(
        f"pid {tmp_path}/nginx.pid; events {{}} http {{ include {tmp_path}/site.conf; }}"
    )
    result = subprocess.run(
        [
            nginx_binary(),
            "-t",
            "-p",
            str(tmp_path),
            "-e",
            str(tmp_path / "error.log"),
            "-c",
            str(tmp_path / "nginx.conf"),
        ],
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert result.returncode == 0, result.stderr


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
