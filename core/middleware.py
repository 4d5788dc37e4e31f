"""A database that has gone away is a 503 the client can retry, never a traceback."""

import logging

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string

logger = logging.getLogger(__name__)


class DatabaseUnavailableMiddleware:
    RETRY_AFTER_SECONDS = 5

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, OperationalError | InterfaceError):
            return None
        logger.error("database unavailable: %s", exception)
        # No reconnect here: at the end of the request Django closes a connection that
        # errored and is unusable, and CONN_HEALTH_CHECKS re-checks it before the next one.
        return database_unavailable_response(request)


def database_unavailable_response(request):
    """The 503 (HTML, or JSON for the API and JSON clients) with Retry-After; it renders
    nothing that needs the database (no request context: no session, no user)."""
    if request.path.startswith("/api/") or "application/json" in request.headers.get("Accept", ""):
        response = JsonResponse(
            {"detail": "The database is unavailable; try again shortly."}, status=503
        )
    else:
        response = HttpResponse(render_to_string("503.html", request=None), status=503)
    response["Retry-After"] = str(DatabaseUnavailableMiddleware.RETRY_AFTER_SECONDS)
    return response
