"""The JSON API over the sources: outlets. Articles, with their sentences and evidence links,
are served by `evidence.api`."""

from articles import selectors
from articles.filters import OutletFilter
from articles.serializers import OutletSerializer
from core.filters import SLUG_PATTERN
from core.viewsets import ProvisoViewSet


class OutletViewSet(ProvisoViewSet):
    """News outlets whose articles the database holds."""

    serializer_class = OutletSerializer
    filterset_class = OutletFilter
    list_selector = staticmethod(selectors.outlet_list)
    lookup_field = "slug"
    lookup_value_regex = SLUG_PATTERN.strip("^$")
    csv_name = "outlets"

    def get_queryset(self):
        return selectors.outlets_for_display()
