"""Writes of evidence links: keyword-only, atomic, validated with `full_clean()`."""

from django.db import transaction

from articles.models import Evidence

EVIDENCE_FIELDS = ("sentence", "provision", "relation", "status", "score", "note")


@transaction.atomic
def create_evidence(*, created_by=None, **fields) -> Evidence:
    """Link a sentence to a provision it reports, quotes or mentions."""
    evidence = Evidence(created_by=created_by, **fields)
    evidence.full_clean()
    evidence.save()
    return evidence


@transaction.atomic
def update_evidence(*, evidence: Evidence, **changes) -> Evidence:
    unknown = set(changes) - set(EVIDENCE_FIELDS)
    if unknown:
        raise TypeError(f"Evidence has no editable field {', '.join(sorted(unknown))}")
    for name, value in changes.items():
        setattr(evidence, name, value)
    evidence.full_clean()
    evidence.save()
    return evidence


@transaction.atomic
def delete_evidence(*, evidence: Evidence) -> None:
    evidence.delete()
