"""The 500 handler: a database error raised outside a view is a 503 too.

`DatabaseUnavailableMiddleware` answers for views. A database error can also be raised
where no view runs: in a middleware that reads the session or the signed-in user, or while
the 404 page is rendered for a signed-in client (the page shows who is signed in, so it
loads the session and the user). Django then calls this handler, within the handling of
that error: a database error becomes the same 503 with Retry-After, anything else the
usual 500.
"""

import sys

from django.db import InterfaceError, OperationalError
from django.views import defaults

from core.middleware import database_unavailable_response


def server_error(request, template_name=defaults.ERROR_500_TEMPLATE_NAME):
    if isinstance(sys.exc_info()[1], OperationalError | InterfaceError):
        return database_unavailable_response(request)
    return defaults.server_error(request, template_name)
