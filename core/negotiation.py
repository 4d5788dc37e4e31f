"""Content negotiation: `?format=` names a format the view has, or the request is a 400."""

from rest_framework.negotiation import DefaultContentNegotiation

from core.filters import ParameterError


class StrictContentNegotiation(DefaultContentNegotiation):
    def filter_renderers(self, renderers, format):
        matching = [renderer for renderer in renderers if renderer.format == format]
        if not matching:
            valid = ", ".join(dict.fromkeys(renderer.format for renderer in renderers))
            raise ParameterError({"format": [f"{format!r} is not one of {valid}."]})
        return matching
