"""The fixes docs/performance.md recommends, applied at run time so they can be measured
before the code that owns them changes. Nothing imports this module but the benchmarks.

    BENCH_FIXES=detail,facets,links   # or "all"; "" for none

Each fix is written the way it should land in the owning module (see the docstrings); here
it replaces the original function or method after Django has started:

- detail:     treaties.selectors.provision_detail (articles' raw and body left unread)
- facets:     treaties.facets._Vocabulary.load (cached)
- links:      config.rest.ApiLinkField.get_url, SiteLinkField.to_representation (URL
              templates reversed once per view, the origin built once per request)
"""

from __future__ import annotations

import os
import threading
import time

ALL = ("detail", "facets", "links")


def requested(value: str | None = None) -> list[str]:
    value = os.environ.get("BENCH_FIXES", "") if value is None else value
    names = ALL if value.strip() == "all" else [n.strip() for n in value.split(",") if n.strip()]
    unknown = sorted(set(names) - set(ALL))
    if unknown:
        raise SystemExit(f"BENCH_FIXES: unknown fix {', '.join(unknown)}; known: {', '.join(ALL)}")
    return list(names)


def apply(names: list[str]) -> None:
    for name in names:
        globals()[f"_apply_{name}"]()


# --- detail ---------------------------------------------------------------------------


def _apply_detail() -> None:
    """The API detail's evidence query reads each article's `raw` and `body` (two copies of
    the whole text, ~5 kB a row) that the serializer never shows: defer them."""
    from django.db.models import Prefetch

    from treaties import selectors

    def provision_detail(*, slug: str):
        evidence = (
            selectors._evidence_model()
            .objects.select_related("sentence__article__outlet")
            .defer("sentence__article__raw", "sentence__article__body")
            .order_by("sentence__article_id", "sentence__position", "pk")
        )
        return (
            selectors.provisions_for_display()
            .prefetch_related(
                Prefetch("evidence", queryset=evidence, to_attr="evidence_for_display")
            )
            .get_by_slug(slug)
        )

    selectors.provision_detail = provision_detail


# --- facets ---------------------------------------------------------------------------

FACET_CACHE_SECONDS = 60


def _apply_facets() -> None:
    """The browse page's facet data (`_Vocabulary.load()`) reads whole tables on every
    request, whatever the filters, among them the distinct (provision, outlet) pairs of all
    confirmed evidence, a join of evidence, sentences and articles. It depends on no
    parameter, so it is cached per process for FACET_CACHE_SECONDS (facet counts may lag
    an edit by that long; the write services should also clear it)."""
    from treaties import facets

    original_load = facets._Vocabulary.load.__func__
    lock = threading.Lock()
    cached: dict = {}

    def load(cls):
        now = time.monotonic()
        with lock:
            hit = cached.get("data")
            if hit and now - hit[0] < FACET_CACHE_SECONDS:
                return hit[1]
        data = original_load(cls)
        with lock:
            cached["data"] = (now, data)
        return data

    facets._Vocabulary.load = classmethod(load)


# --- links ----------------------------------------------------------------------------


def _apply_links() -> None:
    """Every record in an API response carries its URL, and nested records theirs: a page of
    25 provisions reverses ~200 URLs, a provision with 400 evidence rows ~1,600, each a
    full `reverse()` (resolver walk, converters, quoting) plus `build_absolute_uri()`
    (host validation). Reverse once per view name with a real value, keep the path as a
    template, and fill in the next values; build the scheme and host once per request.
    Values that would need quoting fall back to `reverse()`."""
    from urllib.parse import quote

    from django.urls import NoReverseMatch, reverse

    from config import rest

    safe = "!$&'()*+,;=/~:@"  # what Django's reverse() leaves unquoted
    templates: dict = {}

    def path_for(view_name: str, kwarg: str | None, value) -> str:
        text = str(value)
        template = templates.get((view_name, kwarg))
        if template is not None and quote(text, safe=safe) == text and "{" not in text:
            return template.format(text)
        if kwarg:
            path = reverse(view_name, kwargs={kwarg: text})
        else:
            path = reverse(view_name, args=[text])
        if text and path.count(text) == 1 and "{" not in path:
            templates[(view_name, kwarg)] = path.replace(text, "{}")
        return path

    def origin(request) -> str:
        cached = getattr(request, "_proviso_origin", None)
        if cached is None:
            cached = request.build_absolute_uri("/")[:-1]
            request._proviso_origin = cached
        return cached

    def get_url(self, obj, view_name, request, format):
        if hasattr(obj, "pk") and obj.pk in (None, ""):
            return None
        path = path_for(view_name, self.lookup_url_kwarg, getattr(obj, self.lookup_field))
        return origin(request) + path if request is not None else path

    def to_representation(self, value):
        try:
            path = path_for(self.pattern_name, None, getattr(value, self.lookup))
        except NoReverseMatch:
            return None
        request = self.context.get("request")
        return origin(request) + path if request is not None else path

    rest.ApiLinkField.get_url = get_url
    rest.SiteLinkField.to_representation = to_representation
