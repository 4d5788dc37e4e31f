"""Proviso settings: one file, every knob an environment variable with a safe local default.

Production is `DJANGO_DEBUG=0` plus `DJANGO_SECRET_KEY` (and `DJANGO_ALLOWED_HOSTS`).
"""

from datetime import timedelta
from pathlib import Path
from tempfile import gettempdir

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from core.cache_url import cache_from_url, env_cache_url
from core.env import env_bool, env_int, env_list, env_rate, env_str

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DJANGO_DEBUG", True)

_DEV_SECRET_KEY = "insecure-local-development-key-never-used-in-production"
SECRET_KEY = env_str("DJANGO_SECRET_KEY", _DEV_SECRET_KEY if DEBUG else "")
if not DEBUG and (not SECRET_KEY or SECRET_KEY == _DEV_SECRET_KEY):
    raise ImproperlyConfigured("DJANGO_SECRET_KEY must be set when DJANGO_DEBUG=0")

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_filters",
    "django_htmx",
    "simple_history",
    "axes",
    "core",
    "treaties",
    "articles",
    "evidence",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Before any view or the CSRF check reads a body: refuses it from the headers alone.
    "core.upload_limit.RequestBodyLimitMiddleware",
    "csp.middleware.CSPMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "core.middleware.DatabaseUnavailableMiddleware",
    # Last, as django-axes asks: it turns a lockout flagged by its backend into the response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# SQLite in the project folder unless DATABASE_URL says otherwise
# (e.g. postgres://postgres@127.0.0.1:5432/proviso).
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60, minimum=0),
        conn_health_checks=True,
    )
}
# A database that hangs must not hang the site (docs/reliability.md): connecting gives up
# after DATABASE_CONNECT_TIMEOUT seconds (the whole start-up exchange, not only the TCP
# handshake: a frozen server's kernel still accepts connections), the server cancels a
# statement after DATABASE_STATEMENT_TIMEOUT seconds (0: never), and the client stops
# waiting for an answer one second after that, or after half of DATABASE_CONNECT_TIMEOUT for
# the health check of a reused connection (config/postgresql/base.py). A request made while
# the server hangs then answers 503 within about 1.5 × DATABASE_CONNECT_TIMEOUT.
DATABASE_CONNECT_TIMEOUT = env_int("DATABASE_CONNECT_TIMEOUT", 2, minimum=2)
DATABASE_STATEMENT_TIMEOUT = env_int("DATABASE_STATEMENT_TIMEOUT", 5, minimum=0)
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"]["ENGINE"] = "core.postgresql"
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        connect_timeout=DATABASE_CONNECT_TIMEOUT,
        # PostgreSQL's JIT compiler spent ~230 ms compiling queries that run in 20 ms on the
        # benchmark corpus (docs/performance.md); the site's queries are short, so it is off.
        options=f"-c jit=off -c statement_timeout={DATABASE_STATEMENT_TIMEOUT * 1000}",
        # A server host that vanishes (no acknowledgements at all) drops the connection in
        # the kernel, idle or busy, before any deadline of ours.
        keepalives=1,
        keepalives_idle=10,
        keepalives_interval=2,
        keepalives_count=3,
        tcp_user_timeout=10_000,
        query_deadline=DATABASE_STATEMENT_TIMEOUT + 1 if DATABASE_STATEMENT_TIMEOUT else None,
        ping_deadline=DATABASE_CONNECT_TIMEOUT / 2,
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Editors sign in at /accounts/login/ (the admin's login page is the same form). django-axes
# checks every attempt first and refuses, with a 429, a username that has failed
# PROVISO_LOGIN_FAILURE_LIMIT times in a row from one address, for
# PROVISO_LOGIN_COOLOFF_MINUTES. Locking the combination, not the username alone, keeps a
# stranger from locking an editor out, and not the address alone, keeps one office's
# mistakes from locking out its colleagues.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"
AXES_ENABLED = env_bool("PROVISO_LOGIN_LOCKOUT", True)
AXES_FAILURE_LIMIT = env_int("PROVISO_LOGIN_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("PROVISO_LOGIN_COOLOFF_MINUTES", 30, minimum=1))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "core.lockout.lockout_response"
# Behind reverse proxies the client's address is read from X-Forwarded-For, trusting as many
# proxies as the API's throttles do (PROVISO_API_NUM_PROXIES, below).
AXES_CLIENT_IP_CALLABLE = "core.client_address.client_address"
# No start-up banner: every process, management commands included, would print it to stderr.
# Failed sign-ins and lockouts are still logged, as warnings.
AXES_VERBOSE = False

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
TIME_ZONE = "UTC"
USE_I18N = False
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(env_str("DJANGO_STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# In development whitenoise serves straight from the app and project static folders, so
# no collectstatic is needed before `make run`.
WHITENOISE_USE_FINDERS = DEBUG
WHITENOISE_AUTOREFRESH = DEBUG

# Article import: files larger than this are refused before they are read.
PROVISO_MAX_ARTICLE_BYTES = env_int("PROVISO_MAX_ARTICLE_BYTES", 2_000_000, minimum=1)
# The largest request body, stated once: the reverse proxy refuses larger ones
# (client_max_body_size, config/nginx.conf.template) and so does Django, from the
# Content-Length alone (config/upload_limit.py). It must leave room for the largest article
# pasted as a form field, so that the import form (not a bare 400) says why one is refused.
PROVISO_MAX_UPLOAD_BYTES = env_int("PROVISO_MAX_UPLOAD_BYTES", 5_242_880, minimum=1)
DATA_UPLOAD_MAX_MEMORY_SIZE = PROVISO_MAX_UPLOAD_BYTES
FILE_UPLOAD_MAX_MEMORY_SIZE = PROVISO_MAX_UPLOAD_BYTES

# The JSON API at /api/ (its policies are in core/). Anonymous clients are throttled per IP
# address, signed-in clients and token holders per account; past the rate they get a 429 with
# Retry-After. Behind a reverse proxy, set PROVISO_API_NUM_PROXIES to the number of proxies
# so the client address is read from X-Forwarded-For (without proxies it is ignored, so
# clients cannot spoof it).
# The throttles count requests, and the read caches (core.read_cache) keep whole-table
# reads, in one cache that every gunicorn worker shares, so that a rate holds whatever the
# number of workers and a read computed by one worker serves the others: Redis in
# docker-compose (PROVISO_CACHE_URL=redis://redis:6379/0, config/cache_url.py); without it,
# files in a temporary folder in production (shared by the workers of one host, but a count
# can miss an increment under concurrency) and memory in development (one process).
PROVISO_CACHE_URL = env_cache_url(
    "PROVISO_CACHE_URL",
    "locmem://" if DEBUG else (Path(gettempdir()) / "proviso-cache").as_uri(),
)
CACHES = {
    "default": cache_from_url(PROVISO_CACHE_URL, name="default", key_prefix="proviso"),
    "throttle": cache_from_url(PROVISO_CACHE_URL, name="throttle", key_prefix="throttle"),
}
PROVISO_API_ANON_RATE = env_rate("PROVISO_API_ANON_RATE", "120/minute")
PROVISO_API_USER_RATE = env_rate("PROVISO_API_USER_RATE", "1200/minute")
REST_FRAMEWORK = {
    # Token first: an anonymous write then gets a 401 with WWW-Authenticate, not a 403.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["core.permissions.IsEditorOrReadOnly"],
    "DEFAULT_THROTTLE_CLASSES": [
        "core.throttling.AnonymousThrottle",
        "core.throttling.AccountThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {"anon": PROVISO_API_ANON_RATE, "user": PROVISO_API_USER_RATE},
    "NUM_PROXIES": env_int("PROVISO_API_NUM_PROXIES", 0, minimum=0),
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_CONTENT_NEGOTIATION_CLASS": "core.negotiation.StrictContentNegotiation",
    "DEFAULT_PAGINATION_CLASS": "core.pagination.StrictPageNumberPagination",
    "DEFAULT_FILTER_BACKENDS": [],
    "DEFAULT_SCHEMA_CLASS": "core.schema.AutoSchema",
    "EXCEPTION_HANDLER": "core.exceptions.exception_handler",
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Proviso API",
    "DESCRIPTION": (
        "The provisions of Russia's two draft security documents of 17 December 2021 and the "
        "news sentences that report them.\n\n"
        "Filters: `?field=value`; a comma list matches any of its values; different fields "
        "must all match. An unknown parameter, a malformed value or an unknown slug is a 400 "
        "naming the bad parameter and the valid ones. Every list is paginated (`page`, "
        "`page_size` up to 100) and can be had whole as CSV with `?format=csv` or "
        "`Accept: text/csv`.\n\n"
        f"Anonymous clients may make {PROVISO_API_ANON_RATE.replace('/', ' requests per ')}, "
        f"signed-in clients {PROVISO_API_USER_RATE.replace('/', ' per ')}; past that the API "
        "answers 429 with a Retry-After header. Editors (the `editors` group) may create, "
        "change and delete evidence and change provisions, with a session (and its CSRF "
        "token) or an `Authorization: Token <key>` header."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "ENUM_NAME_OVERRIDES": {
        "PartyKindEnum": "treaties.models.Party.Kind",
        "RegionKindEnum": "treaties.models.Region.Kind",
        "TreatyStatusEnum": "treaties.models.Treaty.Status",
        "MeasureEnum": "treaties.models.Measure",
        "EvidenceRelationEnum": "evidence.models.Evidence.Relation",
        "EvidenceStatusEnum": "evidence.models.Evidence.Status",
    },
}

# Content Security Policy (django-csp), in development too so that a violation shows early:
# scripts, styles, images and fonts from this site only; no inline code, no frames, no plugins.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        # Swagger UI draws its icons as data: URIs.
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

# Production hardening, on whenever DEBUG is off.
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", not DEBUG)
# Django takes the scheme from gunicorn, which believes X-Forwarded-Proto only from the reverse
# proxy (config/gunicorn.py); reading the header here would believe it from anyone.
SECURE_PROXY_SSL_HEADER = None
SECURE_HSTS_SECONDS = env_int("DJANGO_HSTS_SECONDS", 0 if DEBUG else 31_536_000, minimum=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
SECURE_REFERRER_POLICY = "same-origin"
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]  # container healthchecks speak plain HTTP
SESSION_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
X_FRAME_OPTIONS = "DENY"

# Logs go to stderr: JSON lines in production (one object per event, for log collectors),
# plain text in development. DJANGO_LOG_FORMAT=json|text overrides.
LOG_FORMAT = env_str("DJANGO_LOG_FORMAT", "text" if DEBUG else "json")
if LOG_FORMAT not in {"json", "text"}:
    raise ImproperlyConfigured(f"DJANGO_LOG_FORMAT={LOG_FORMAT!r} is not json or text")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(message)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        },
        "text": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"},
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": LOG_FORMAT}},
    "root": {"handlers": ["console"], "level": env_str("DJANGO_LOG_LEVEL", "INFO")},
}
