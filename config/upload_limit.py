"""Request bodies: one size limit for everyone, and none at all for strangers on editors' URLs.

Both are decided from the headers, before anything reads the body: Django's CSRF check
reads a POST's form data before any view runs (and stores uploaded files on disk), so a view
that refuses anonymous clients would come too late.

- A body larger than PROVISO_MAX_UPLOAD_BYTES (by its Content-Length) is a 413. The
  reverse proxy enforces the same number (`client_max_body_size`, config/nginx.conf.template).
- A request with a body to an editors-only URL (/editing/…) from a client that is not
  signed in is a 403.
"""

from django.conf import settings
from django.http import HttpResponse, HttpResponseForbidden
from django.template.loader import render_to_string

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
            # Rendered here rather than by Django's permission_denied view, whose CSRF
            # decorator would read the body.
            page = render_to_string(
                "403.html", {"exception": "Only signed-in editors may send data here."}, request
            )
            return HttpResponseForbidden(page)
        return self.get_response(request)
