"""Reads of the treaty data, one function per use case, shared by the pages and the API.

The `*_list(filters=...)` functions take the request's parameters (a QueryDict or a dict) and
raise `core.filters.FilterError` naming every invalid one. Every queryset here loads what its
rows show in a fixed number of queries, whatever the number of rows. Provisions with how
they were reported are read in `evidence.selectors`.
"""

from django.db.models import Count, Prefetch, QuerySet

from treaties.filters import PartyFilter, RegionFilter, TreatyFilter, WeaponClassFilter
from treaties.models import Party, Provision, Region, Treaty, WeaponClass


def treaties_for_display() -> QuerySet[Treaty]:
    """Treaties with their proposer, parties and the labels of their provisions."""
    provisions = Provision.objects.select_related("treaty").order_by("article", "paragraph")
    return (
        Treaty.objects.select_related("proposer")
        .prefetch_related("parties", Prefetch("provisions", queryset=provisions))
        .order_by("slug")
    )


def treaty_list(*, filters) -> QuerySet[Treaty]:
    return TreatyFilter(filters, queryset=treaties_for_display()).filtered().order_by("slug")


def parties_for_display() -> QuerySet[Party]:
    return Party.objects.prefetch_related("members", "member_of").order_by("name", "pk")


def party_list(*, filters) -> QuerySet[Party]:
    return PartyFilter(filters, queryset=parties_for_display()).filtered()


def regions_for_display() -> QuerySet[Region]:
    return Region.objects.prefetch_related("members", "member_of").order_by("name", "pk")


def region_list(*, filters) -> QuerySet[Region]:
    return RegionFilter(filters, queryset=regions_for_display()).filtered()


def weapon_classes_for_display() -> QuerySet[WeaponClass]:
    return (
        WeaponClass.objects.select_related("parent")
        .prefetch_related("children")
        .annotate(provision_count=Count("provisions", distinct=True))
        .order_by("name", "pk")
    )


def weapon_class_list(*, filters) -> QuerySet[WeaponClass]:
    return WeaponClassFilter(filters, queryset=weapon_classes_for_display()).filtered()
