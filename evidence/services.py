"""Writes of evidence links: keyword-only, atomic, validated with `full_clean()`."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_update_with_history

from core.history import attribute
from evidence.models import Evidence

EVIDENCE_FIELDS = ("sentence", "provision", "relation", "status", "score", "note", "needs_review")


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


# Editors' review of links, from the annotation view and the review queue. Each records the
# editor in the history (an editor named by `attribute` wins over the request's user),
# and a decision clears `needs_review`: the editor has looked at the link again.


def _save_reviewed(evidence: Evidence, *, by) -> Evidence:
    attribute(evidence, editor=by)
    evidence.full_clean()
    evidence.save()
    return evidence


@transaction.atomic
def link_provision(*, sentence, provision, relation: str, linked_by) -> Evidence:
    """An editor's own link from a sentence to a provision: confirmed from the start.

    A sentence links a provision at most once: adding a link that exists names the existing
    one, whatever its status, for the editor to confirm or change there.
    """
    existing = Evidence.objects.filter(sentence=sentence, provision=provision).first()
    if existing is not None:
        raise ValidationError(
            f"The sentence is already linked to {provision.label} "
            f"({existing.get_status_display().lower()})."
        )
    evidence = Evidence(
        sentence=sentence,
        provision=provision,
        relation=relation,
        status=Evidence.Status.CONFIRMED,
        created_by=linked_by,
    )
    return _save_reviewed(evidence, by=linked_by)


@transaction.atomic
def change_relation(*, evidence: Evidence, relation: str, changed_by) -> Evidence:
    evidence.relation = relation
    return _save_reviewed(evidence, by=changed_by)


@transaction.atomic
def confirm_evidence(*, evidence: Evidence, reviewed_by) -> Evidence:
    evidence.status = Evidence.Status.CONFIRMED
    evidence.needs_review = False
    return _save_reviewed(evidence, by=reviewed_by)


@transaction.atomic
def reject_evidence(*, evidence: Evidence, reviewed_by) -> Evidence:
    """Reject a link. The row stays, so the suggestion engine, which skips every (sentence,
    provision) pair that has a row, never suggests it again."""
    evidence.status = Evidence.Status.REJECTED
    evidence.needs_review = False
    return _save_reviewed(evidence, by=reviewed_by)


@transaction.atomic
def remove_evidence(*, evidence: Evidence, removed_by) -> None:
    """Delete a link outright (unlike rejecting it, this lets it be suggested again)."""
    attribute(evidence, editor=removed_by)
    evidence.delete()


REVIEW_DECISIONS = (Evidence.Status.CONFIRMED, Evidence.Status.REJECTED)


@transaction.atomic
def review_evidence_in_bulk(*, evidence_ids, status: str, reviewed_by) -> int:
    """Confirm or reject many links at once; returns how many were changed.

    One UPDATE and one insert of history rows, however many links: only the status and the
    review flag change, to values checked here, so each row is validated field by field
    (no queries) instead of with the per-row lookups of `full_clean()`.
    """
    if status not in REVIEW_DECISIONS:
        raise ValueError(f"A review confirms or rejects, not {status!r}")
    rows = list(Evidence.objects.select_for_update().filter(pk__in=evidence_ids).order_by("pk"))
    now = timezone.now()
    checked = {"status", "needs_review"}
    for evidence in rows:
        evidence.status = status
        evidence.needs_review = False
        evidence.updated_at = now
        evidence.clean_fields(
            exclude=[field.name for field in Evidence._meta.fields if field.name not in checked]
        )
    bulk_update_with_history(
        rows,
        Evidence,
        ["status", "needs_review", "updated_at"],
        default_user=reviewed_by,
        default_date=now,
    )
    return len(rows)
