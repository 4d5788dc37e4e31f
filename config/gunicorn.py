"""gunicorn's settings, from the environment: `gunicorn -c config/gunicorn.py config.wsgi`.

gunicorn's sync workers each serve one connection at a time, so it belongs behind a
buffering reverse proxy (nginx, `config/nginx.conf.template`) that reads whole requests
from slow clients and takes whole responses off the workers. Only that proxy may say a
request came over HTTPS (`X-Forwarded-Proto`): gunicorn trusts the header from
GUNICORN_FORWARDED_ALLOW_IPS alone and sets the request's scheme, which Django reads (its
own SECURE_PROXY_SSL_HEADER is off, so a header from anyone else changes nothing).
"""

import os

bind = [os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")]
workers = int(os.environ.get("GUNICORN_WORKERS", "3"))
# A worker that takes longer than this over one request is killed and replaced. Database
# waits end far sooner (DATABASE_STATEMENT_TIMEOUT), so this only catches the unforeseen.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", "20"))
# The reverse proxy's address (or network); nothing else may set forwarded headers.
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-")
# The application, its URLs and so every view are imported once, before the workers are
# forked (importing the views takes seconds): each worker, the first ones and any that
# replaces one that was killed, answers its first request at once. A database connection
# an import might open is closed before the fork: each worker opens its own.
preload_app = True


def when_ready(server):
    from django.db import connections
    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018 (imports every view)
    connections.close_all()


# No control socket: nothing here uses gunicornc, and several servers on a host would share
# its default path.
control_socket_disable = True
