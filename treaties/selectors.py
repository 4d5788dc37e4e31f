"""Reads of the treaty data that pages and the API share."""

from django.db.models import Prefetch

from treaties.models import Provision, Treaty


def treaties_with_provisions():
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
