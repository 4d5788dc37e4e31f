"""Reads of the treaty data, one function per use case, shared by the pages and the API."""

from django.db.models import Prefetch, QuerySet

from treaties.filters import ProvisionFilter
from treaties.models import Provision, Treaty

DEFAULT_PROVISION_ORDER = ("treaty__slug", "article", "paragraph")


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
