"""Links from a serialized record to its API detail and to its page on the site."""

import re

from django.urls import NoReverseMatch, get_script_prefix, reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

# A lookup value made only of these characters appears in a path exactly as given: reverse()
# leaves it unquoted.
_PLAIN_VALUE = re.compile(r"^[-A-Za-z0-9_]+$")


class LinkTemplates:
    """The paths of one view for many lookup values, with `reverse()` run once per view.

    A list of 25 provisions links ~200 records and a provision with 400 evidence rows
    ~1,600; a full `reverse()` each (resolver walk, converters, quoting) cost more than the
    rest of the serialisation. The first real value's path becomes a template, "/api/
    provisions/{}/", that later plain values fill in; any other value (one that reverse()
    would quote) still goes through `reverse()`. A plain value skips the route's own check
    of its pattern: the values linked are ids and slugs, validated when they were saved.
    """

    def __init__(self):
        self._templates: dict[tuple, str] = {}

    def path(self, view_name: str, value, kwarg: str | None = None) -> str:
        text = str(value)
        key = (get_script_prefix(), view_name, kwarg)
        template = self._templates.get(key)
        if template and _PLAIN_VALUE.match(text):
            return template.format(text)
        if kwarg:
            path = reverse(view_name, kwargs={kwarg: value})
        else:
            path = reverse(view_name, args=[value])
        # Only a value that occurs once in its path can be told from the rest of the path.
        if _PLAIN_VALUE.match(text) and path.count(text) == 1 and not {"{", "}"} & set(path):
            self._templates[key] = path.replace(text, "{}")
        return path


link_templates = LinkTemplates()


def request_origin(request) -> str:
    """ "https://host" of the request, worked out (and the host validated) once per request
    rather than once per link."""
    origin = getattr(request, "_proviso_origin", None)
    if origin is None:
        origin = request.build_absolute_uri("/")[:-1]
        request._proviso_origin = origin
    return origin


class ApiLinkField(serializers.HyperlinkedIdentityField):
    """The absolute URL of the record's API detail.

    Unlike DRF's reverse(), the link never carries the request's `?format=`: a record's URL
    is the same whichever format it was listed in."""

    def __init__(self, view_name: str, lookup_field: str = "pk", **kwargs):
        super().__init__(view_name=view_name, lookup_field=lookup_field, **kwargs)

    def get_url(self, obj, view_name, request, format):
        if hasattr(obj, "pk") and obj.pk in (None, ""):
            return None
        value = getattr(obj, self.lookup_field)
        path = link_templates.path(view_name, value, self.lookup_url_kwarg)
        return request_origin(request) + path if request is not None else path


@extend_schema_field({"type": "string", "format": "uri", "nullable": True, "readOnly": True})
class SiteLinkField(serializers.Field):
    """The record's page on the public site, or null where the site has no such page."""

    def __init__(self, pattern_name: str, lookup: str, **kwargs):
        self.pattern_name = pattern_name
        self.lookup = lookup
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, value):
        try:
            path = link_templates.path(self.pattern_name, getattr(value, self.lookup))
        except NoReverseMatch:
            return None
        request = self.context.get("request")
        return request_origin(request) + path if request is not None else path
