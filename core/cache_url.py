"""The shared cache from one URL (`PROVISO_CACHE_URL`), like DATABASE_URL for the database.

- `redis://host:6379/0` (or `rediss://`): Redis through django-redis. Every gunicorn worker
  and every host shares it, and its INCR counts exactly under concurrency.
- `locmem://` : this process's memory; right for development (one process) and tests.
- `file:///path/to/folder` : files shared by the processes of one host.

A Redis that does not answer within a second is treated as a miss (logged), never as an
error or a hang: the throttles then let requests through and the read caches recompute.
"""

from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured

from core.env import env_str

REDIS_TIMEOUT_SECONDS = 1


def cache_from_url(url: str, *, name: str, key_prefix: str = "") -> dict:
    """A CACHES entry for `url`; `name` keeps two in-memory caches apart, `key_prefix` two
    caches that share a server."""
    parts = urlsplit(url)
    if parts.scheme in {"redis", "rediss"}:
        return {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": url,
            "KEY_PREFIX": key_prefix,
            "OPTIONS": {
                "SOCKET_CONNECT_TIMEOUT": REDIS_TIMEOUT_SECONDS,
                "SOCKET_TIMEOUT": REDIS_TIMEOUT_SECONDS,
                "IGNORE_EXCEPTIONS": True,
            },
        }
    if parts.scheme == "locmem":
        return {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": name}
    if parts.scheme == "file" and parts.path:
        return {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": f"{parts.path.rstrip('/')}/{name}",
        }
    raise ImproperlyConfigured(
        f"PROVISO_CACHE_URL={url!r} is not a cache URL: use redis://host:port/db, "
        "locmem:// or file:///folder"
    )


def env_cache_url(name: str, default: str) -> str:
    url = env_str(name, default).strip()
    cache_from_url(url, name="check")  # refuses a bad value at start-up
    return url
