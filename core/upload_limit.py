"""Request bodies: one size limit for everyone, and none at all from strangers on editors' URLs.

Both are decided from the headers, before anything reads the body: Django's CSRF check
reads a POST's form data before any view runs (and a view that sends anonymous clients to
sign in would come too late).

- A body larger than PROVISO_MAX_UPLOAD_BYTES (by its Content-Length) is a 413. The
  reverse proxy enforces the same number (`client_max_body_size`, config/nginx.conf.template).
- A request with a body to an editors-only URL (/editing/…) from a client that is not
  signed in gets, unread, what the editors' views give it: the way to the sign-in page (a
  redirect, or for htmx an HX-Redirect of the whole page).
"""

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.http import HttpResponse
from django.urls import reverse
from django_htmx.http import HttpResponseClientRedirect

EDITORS_ONLY_PREFIXES = ("/editing/",)


def _content_length(request) -> int:
    try:
        return max(int(request.META.get("CONTENT_LENGTH") or 0), 0)
    except ValueError:
        return 0


class RequestBodyLimitMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        length = _content_length(request)
        if length > settings.PROVISO_MAX_UPLOAD_BYTES:
            return HttpResponse(
                f"Request bodies are limited to {settings.PROVISO_MAX_UPLOAD_BYTES} bytes.\n",
                status=413,
                content_type="text/plain; charset=utf-8",
            )
        if (
            length
            and request.path_info.startswith(EDITORS_ONLY_PREFIXES)
            and not request.user.is_authenticated
        ):
            if request.htmx:
                # A row must not be swapped for the sign-in page: the whole page goes there.
                page = request.htmx.current_url_abs_path or reverse("review-queue")
                return HttpResponseClientRedirect(redirect_to_login(page)["Location"])
            return redirect_to_login(request.get_full_path())
        return self.get_response(request)
