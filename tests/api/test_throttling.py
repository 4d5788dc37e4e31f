"""Anonymous reads are throttled past a documented rate with a 429 and Retry-After."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from core.env import env_rate

pytestmark = pytest.mark.usefixtures("seeded")

PROJECT = Path(__file__).resolve().parents[2]


@pytest.fixture
def rates(settings):
    def set_rates(anon="3/minute", user="5/minute"):
        settings.REST_FRAMEWORK = {
            **settings.REST_FRAMEWORK,
            "DEFAULT_THROTTLE_RATES": {"anon": anon, "user": user},
        }

    return set_rates


def test_the_documented_default_rates(settings):
    assert settings.PROVISO_API_ANON_RATE == "120/minute"
    assert settings.PROVISO_API_USER_RATE == "1200/minute"
    assert settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"] == {
        "anon": "120/minute",
        "user": "1200/minute",
    }
    assert "120 requests per minute" in settings.SPECTACULAR_SETTINGS["DESCRIPTION"]


def test_anonymous_reads_past_the_rate_get_a_429_with_retry_after(client, rates):
    rates(anon="3/minute")
    for _ in range(3):
        assert client.get("/api/treaties/").status_code == 200
    response = client.get("/api/provisions/russia-nato-4/")
    assert response.status_code == 429
    assert 1 <= int(response["Retry-After"]) <= 60
    assert response.json()["detail"].startswith("Request was throttled.")


def test_a_throttled_csv_request_gets_a_json_429(client, rates):
    rates(anon="1/minute")
    assert client.get("/api/treaties/?format=csv").status_code == 200
    response = client.get("/api/treaties/?format=csv")
    assert response.status_code == 429
    assert response["Content-Type"] == "application/json"


def test_each_client_address_has_its_own_allowance(client, rates):
    rates(anon="1/minute")
    assert client.get("/api/treaties/", REMOTE_ADDR="192.0.2.1").status_code == 200
    assert client.get("/api/treaties/", REMOTE_ADDR="192.0.2.1").status_code == 429
    assert client.get("/api/treaties/", REMOTE_ADDR="192.0.2.2").status_code == 200


def test_a_forged_x_forwarded_for_does_not_reset_the_allowance(client, rates):
    rates(anon="1/minute")
    assert (
        client.get("/api/treaties/", headers={"X-Forwarded-For": "198.51.100.1"}).status_code == 200
    )
    response = client.get("/api/treaties/", headers={"X-Forwarded-For": "198.51.100.2"})
    assert response.status_code == 429


def test_signed_in_clients_have_their_own_higher_rate(client, rates, editor_token):
    rates(anon="1/minute", user="3/minute")
    auth = {"Authorization": f"Token {editor_token}"}
    for _ in range(3):
        assert client.get("/api/treaties/", headers=auth).status_code == 200
    assert client.get("/api/treaties/", headers=auth).status_code == 429
    assert client.get("/api/treaties/").status_code == 200


def cache_backends(**env) -> list[str]:
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup(); from django.conf import settings; "
            "print(settings.CACHES['default']['BACKEND'], settings.CACHES['throttle']['BACKEND'])",
        ],
        cwd=PROJECT,
        env={
            **{k: v for k, v in os.environ.items() if k != "PROVISO_CACHE_URL"},
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "DJANGO_DEBUG": "0",
            "DJANGO_SECRET_KEY": "a-long-random-production-secret-key-" + "x" * 40,
            **env,
        },
        capture_output=True,
        text=True,
        timeout=60,
    )
    return result.stdout.split() or [result.stderr]


def test_the_throttles_and_read_caches_share_the_cache_of_proviso_cache_url(tmp_path):
    redis = "django_redis.cache.RedisCache"
    files = "django.core.cache.backends.filebased.FileBasedCache"
    assert cache_backends(PROVISO_CACHE_URL="redis://redis:6379/0") == [redis, redis]
    assert cache_backends(PROVISO_CACHE_URL=tmp_path.as_uri()) == [files, files]
    # Without it, production still shares counts between the workers of a host.
    assert cache_backends() == [files, files]
    assert "is not a cache URL" in cache_backends(PROVISO_CACHE_URL="memcached://x")[0]


def test_a_file_cache_counts_requests_across_processes(client, rates, settings, tmp_path):
    settings.CACHES = {
        **settings.CACHES,
        "throttle": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(tmp_path),
        },
    }
    rates(anon="1/minute")
    assert client.get("/api/treaties/").status_code == 200
    # Another worker process would read the same files: the count is on disk.
    assert any(tmp_path.iterdir())
    assert client.get("/api/treaties/").status_code == 429


def test_env_rate_reads_a_rate(monkeypatch):
    monkeypatch.setenv("RATE", " 30/second ")
    assert env_rate("RATE", "1/day") == "30/second"
    monkeypatch.delenv("RATE")
    assert env_rate("RATE", "1/day") == "1/day"


@pytest.mark.parametrize("bad", ["fast", "120", "120/fortnight", "0/minute", "-1/minute", "1/ms"])
def test_env_rate_refuses_anything_else(monkeypatch, bad):
    monkeypatch.setenv("RATE", bad)
    with pytest.raises(ImproperlyConfigured, match="is not a rate"):
        env_rate("RATE", "1/day")
