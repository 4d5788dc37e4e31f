"""The JSON API over the treaty data: provisions (editors may update them), treaties, parties,
regions and weapon classes."""

from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.response import Response

from config.api import ProvisoViewSet
from treaties import selectors
from treaties.filters import (
    PROVISION_SLUG_PATTERN,
    PartyFilter,
    ProvisionFilter,
    RegionFilter,
    TreatyFilter,
    WeaponClassFilter,
)
from treaties.models import Provision
from treaties.serializers import (
    PartySerializer,
    ProvisionConflictSerializer,
    ProvisionDetailSerializer,
    ProvisionSerializer,
    ProvisionUpdateSerializer,
    RegionSerializer,
    TreatySerializer,
    WeaponClassSerializer,
)
from treaties.services import ProvisionChanged, update_provision

SLUG_IN_URL = r"[-a-zA-Z0-9_]+"


class ProvisionViewSet(ProvisoViewSet):
    """The provisions of both drafts, with who they bind, where, what weapons, their baseline
    and how many sources report them. A provision's detail lists its evidence sentences."""

    serializer_class = ProvisionSerializer
    detail_serializer_class = ProvisionDetailSerializer
    write_serializer_class = ProvisionUpdateSerializer
    filterset_class = ProvisionFilter
    list_selector = staticmethod(selectors.provision_list)
    lookup_field = "slug"
    lookup_value_regex = PROVISION_SLUG_PATTERN.strip("^$")
    csv_name = "provisions"

    def get_queryset(self):
        return selectors.provisions_for_display()

    def get_object(self):
        try:
            provision = selectors.provision_detail(slug=self.kwargs["slug"])
        except Provision.DoesNotExist:
            raise Http404("No such provision.") from None
        self.check_object_permissions(self.request, provision)
        return provision

    @extend_schema(
        request=ProvisionUpdateSerializer,
        responses={200: ProvisionDetailSerializer, 409: ProvisionConflictSerializer},
    )
    def update(self, request, *args, **kwargs):
        """Replace a provision's editable fields (editors only)."""
        return self._update(request, partial=False)

    @extend_schema(
        request=ProvisionUpdateSerializer,
        responses={200: ProvisionDetailSerializer, 409: ProvisionConflictSerializer},
    )
    def partial_update(self, request, *args, **kwargs):
        """Change some of a provision's editable fields (editors only)."""
        return self._update(request, partial=True)

    def _update(self, request, *, partial):
        provision = self.get_object()
        serializer = ProvisionUpdateSerializer(
            provision, data=request.data, partial=partial, context=self.get_serializer_context()
        )
        serializer.is_valid(raise_exception=True)
        changes = dict(serializer.validated_data)
        try:
            update_provision(
                provision=provision, expected_version=changes.pop("version"), **changes
            )
        except ProvisionChanged as conflict:
            return Response(
                {"detail": str(conflict), "current_version": conflict.current_version},
                status=status.HTTP_409_CONFLICT,
            )
        updated = selectors.provision_detail(slug=provision.slug)
        return Response(ProvisionDetailSerializer(updated, context=serializer.context).data)


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
