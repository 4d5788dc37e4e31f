"""Reads of the treaty data, one function per use case, shared by the pages and the API.

The `*_list(filters=...)` functions take the request's parameters (a QueryDict or a dict) and
raise `treaties.filters.FilterError` naming every invalid one. Every queryset here loads
what its rows show in a fixed number of queries, whatever the number of rows.
"""

from django.db.models import Count, Prefetch, QuerySet

from treaties.filters import (
    PartyFilter,
    ProvisionFilter,
    RegionFilter,
    TreatyFilter,
    WeaponClassFilter,
)
from treaties.models import Party, Provision, Region, Treaty, WeaponClass

DEFAULT_PROVISION_ORDER = ("treaty__slug", "article", "paragraph")


def _evidence_model():
    # `treaties` never imports `articles`: evidence is reached through the reverse relation.
    return Provision._meta.get_field("evidence").related_model


def provisions_for_display() -> QuerySet[Provision]:
    """Provisions with everything a list shows, in a fixed number of queries."""
    return (
        Provision.objects.select_related("treaty")
        .prefetch_related(
            "bound_parties",
            "regions",
            "weapon_classes",
            Prefetch("related", queryset=Provision.objects.select_related("treaty")),
        )
        .with_evidence_counts()
    )


def provision_list(*, filters) -> QuerySet[Provision]:
    """Provisions matching the filter parameters (a QueryDict or dict).

    Raises `treaties.filters.FilterError` naming every invalid parameter.
    """
    filterset = ProvisionFilter(filters, queryset=provisions_for_display())
    queryset = filterset.filtered()
    # The default order breaks ties, so that pages of a sorted list never overlap.
    return queryset.order_by(*queryset.query.order_by, *DEFAULT_PROVISION_ORDER)


def provision_detail(*, slug: str) -> Provision:
    """One provision with its list fields and every piece of evidence for it, each with its
    sentence, article and outlet. Raises `Provision.DoesNotExist` for an unknown slug."""
    evidence = (
        _evidence_model()
        .objects.select_related("sentence__article__outlet")
        # Each article's text, twice (as received and cleaned): never shown with its
        # evidence, and several kilobytes a row.
        .defer("sentence__article__raw", "sentence__article__body")
        .order_by("sentence__article_id", "sentence__position", "pk")
    )
    return (
        provisions_for_display()
        .prefetch_related(Prefetch("evidence", queryset=evidence, to_attr="evidence_for_display"))
        .get_by_slug(slug)
    )


def treaties_with_provisions() -> QuerySet[Treaty]:
    """Both drafts, each with its provisions in article order and their evidence counts."""
    provisions = (
        Provision.objects.select_related("treaty")
        .prefetch_related("regions", "weapon_classes", "bound_parties")
        .with_evidence_counts()
        .order_by("article", "paragraph")
    )
    return (
        Treaty.objects.select_related("proposer")
        .prefetch_related(Prefetch("provisions", queryset=provisions))
        .order_by("slug")
    )


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
