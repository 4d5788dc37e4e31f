"""A provision's history with its evidence links: the provision's own edits (treaties.history)
and every link made, reviewed or removed, on one timeline."""

from dataclasses import dataclass, field
from typing import Any

from articles.models import Sentence
from evidence.models import Evidence
from treaties.history import NOTHING, Event, FieldChange, HistoryEntry, group_into_entries
from treaties.history import provision_events as provision_record_events
from treaties.models import Provision

# The fields of a link that a reader cares about; the score and matched words of a
# suggestion are the engine's working.
EVIDENCE_FIELDS = {"relation": "Relation", "status": "Status", "note": "Note"}


@dataclass
class LinkChange:
    """A sentence linked to the provision, a link reviewed, or a link removed."""

    kind = "link"
    action: str
    # None when the sentence (its article) has been deleted since.
    sentence: Sentence | None
    changes: list[FieldChange] = field(default_factory=list)


def _shown(record, name: str) -> str:
    display = getattr(record, f"get_{name}_display", None)
    return display() if display else getattr(record, name)


def evidence_events(provision: Provision) -> list[Event]:
    """What each recorded row of the provision's evidence changed (two queries). A link the
    suggestion engine proposed is not news until an editor decides on it, so its creation
    is left out; the decision shows."""
    records = list(
        Evidence.history.filter(provision_id=provision.pk)
        .select_related("history_user")
        .order_by("history_date", "history_id")
    )
    sentences = Sentence.objects.select_related("article__outlet").in_bulk(
        {record.sentence_id for record in records}
    )
    events: list[Event] = []
    previous_of: dict[int, Any] = {}
    for record in records:
        previous = previous_of.get(record.id)
        previous_of[record.id] = record
        sentence = sentences.get(record.sentence_id)
        if record.history_type == "-":
            change = LinkChange("removed", sentence)
        elif previous is None or record.history_type == "+":
            if record.status == Evidence.Status.SUGGESTED:
                continue
            change = LinkChange("linked", sentence)
            change.changes = [
                FieldChange(EVIDENCE_FIELDS[name], NOTHING, _shown(record, name))
                for name in ("relation", "status")
            ]
        else:
            changes = [
                FieldChange(
                    label, _shown(previous, name) or NOTHING, _shown(record, name) or NOTHING
                )
                for name, label in EVIDENCE_FIELDS.items()
                if _shown(previous, name) != _shown(record, name)
            ]
            if not changes:
                continue
            change = LinkChange("changed", sentence, changes)
        events.append(
            Event(
                date=record.history_date,
                user=record.history_user,
                reason=record.history_change_reason or "",
                changes=[change],
            )
        )
    return events


def provision_timeline(provision: Provision) -> list[HistoryEntry]:
    """Every edit of the provision and of its evidence, newest first."""
    return group_into_entries(provision_record_events(provision) + evidence_events(provision))
