"""The JSON API over the vocabulary and the drafts: treaties, parties, regions and weapon
classes. Provisions, with how they were reported, are served by `evidence.api`."""

from core.filters import SLUG_PATTERN
from core.viewsets import ProvisoViewSet
from treaties import selectors
from treaties.filters import PartyFilter, RegionFilter, TreatyFilter, WeaponClassFilter
from treaties.serializers import (
    PartySerializer,
    RegionSerializer,
    TreatySerializer,
    WeaponClassSerializer,
)

SLUG_IN_URL = SLUG_PATTERN.strip("^$")


class TreatyViewSet(ProvisoViewSet):
    """The two drafts, each with its parties and provisions."""

    serializer_class = TreatySerializer
    filterset_class = TreatyFilter
    list_selector = staticmethod(selectors.treaty_list)
    lookup_field = "slug"
    lookup_value_regex = SLUG_IN_URL
    csv_name = "treaties"

    def get_queryset(self):
        return selectors.treaties_for_display()


class PartyViewSet(ProvisoViewSet):
    """States, alliances and groups of states that the drafts bind, with their members."""

    serializer_class = PartySerializer
    filterset_class = PartyFilter
    list_selector = staticmethod(selectors.party_list)
    lookup_field = "slug"
    lookup_value_regex = SLUG_IN_URL
    csv_name = "parties"

    def get_queryset(self):
        return selectors.parties_for_display()


class RegionViewSet(ProvisoViewSet):
    """Countries, groups of countries and zones that provisions restrict."""

    serializer_class = RegionSerializer
    filterset_class = RegionFilter
    list_selector = staticmethod(selectors.region_list)
    lookup_field = "slug"
    lookup_value_regex = SLUG_IN_URL
    csv_name = "regions"

    def get_queryset(self):
        return selectors.regions_for_display()


class WeaponClassViewSet(ProvisoViewSet):
    """Classes of weapons and forces, in a tree."""

    serializer_class = WeaponClassSerializer
    filterset_class = WeaponClassFilter
    list_selector = staticmethod(selectors.weapon_class_list)
    lookup_field = "slug"
    lookup_value_regex = SLUG_IN_URL
    csv_name = "weapon-classes"

    def get_queryset(self):
        return selectors.weapon_classes_for_display()
