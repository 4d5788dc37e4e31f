"""A provision's recorded history as people read it, and the way back to an earlier version.

django-simple-history stores one row per save and one more per change of a many-to-many
attribute, each a full copy of the provision. This module turns consecutive rows into
changes ("Title: old → new", "Restricts: added Georgia") in a fixed number of queries, and
groups the rows of one edit (a save and its attribute changes) into one entry.
"""

import difflib
import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import CharField, Value
from django.utils import timezone
from django.utils.dateformat import format as format_date

from core.history import attribute, forget_reason
from treaties.models import Party, Provision, Region, WeaponClass
from treaties.services import update_provision

# The provision's own fields in the order its page shows them, with the page's names.
FIELD_LABELS = {
    "title": "Title",
    "summary": "Summary",
    "exceptions": "Exceptions",
    "measure": "Kind of obligation",
    "no_region": "Restricts no region",
    "baseline_date": "Baseline date",
    "baseline_note": "Baseline note",
    "treaty": "Draft",
    "article": "Article",
    "paragraph": "Paragraph",
}
# The many-to-many attributes with the page's names for them, and the models of their members.
RELATION_LABELS = {
    "bound_parties": "Binds",
    "regions": "Restricts",
    "weapon_classes": "Weapons and forces",
    "related": "Parallel in the other draft",
}
RELATION_MODELS: dict[str, type[models.Model]] = {
    "bound_parties": Party,
    "regions": Region,
    "weapon_classes": WeaponClass,
    "related": Provision,
}

# Saving a provision and then setting its attributes writes several rows within moments;
# rows by the same person with the same reason this close together are one edit.
ONE_EDIT = timedelta(seconds=5)
# Text at least this long is compared word by word rather than shown twice.
WORD_DIFF_FROM = 40
NOTHING = "(none)"
WORDS = re.compile(r"\s*\S+|\s+$")


@dataclass(frozen=True)
class Segment:
    """A run of words of a compared text: kept, removed or added."""

    kind: str
    text: str


@dataclass
class FieldChange:
    # Templates tell the kinds of change apart by this class attribute (not a field).
    kind = "field"
    label: str
    old: str
    new: str
    # For long texts, the words that changed in place; None to show old → new.
    segments: list[Segment] | None = None


@dataclass
class ListChange:
    kind = "list"
    label: str
    added: list[str]
    removed: list[str]


@dataclass
class Event:
    """One recorded row and what it changed, whatever model it belongs to."""

    date: datetime
    user: object
    reason: str
    changes: list
    # The provision row this event recorded (None for other models): what a revert of
    # the entry goes back to.
    provision_history_id: int | None = None
    created: bool = False


@dataclass
class HistoryEntry:
    """One edit: the rows one person wrote together, with every change they made."""

    date: datetime
    user: object
    reason: str
    changes: list = field(default_factory=list)
    provision_history_id: int | None = None
    created: bool = False


def word_segments(old: str, new: str) -> list[Segment]:
    """The new text with the removed words and the added words marked where they were."""
    # Each word keeps the spaces before it, so that a removed word takes its space along.
    old_words, new_words = WORDS.findall(old), WORDS.findall(new)
    segments = []
    matcher = difflib.SequenceMatcher(a=old_words, b=new_words, autojunk=False)
    for operation, old_start, old_end, new_start, new_end in matcher.get_opcodes():
        if operation == "equal":
            segments.append(Segment("same", "".join(old_words[old_start:old_end])))
            continue
        if old_end > old_start:
            segments.append(Segment("removed", "".join(old_words[old_start:old_end])))
        if new_end > new_start:
            segments.append(Segment("added", "".join(new_words[new_start:new_end])))
    return segments


def field_change(label: str, old: str, new: str) -> FieldChange:
    long_text = old and new and max(len(old), len(new)) >= WORD_DIFF_FROM
    return FieldChange(
        label, old or NOTHING, new or NOTHING, word_segments(old, new) if long_text else None
    )


def _shown(record, name: str) -> str:
    """A field of a historical row as the provision page writes it."""
    value = getattr(record, name)
    if name == "measure":
        return record.get_measure_display()
    if name == "treaty":
        return value.short_title
    if isinstance(value, bool):
        return "yes" if value else "no"
    if name == "baseline_date":
        return format_date(value, "j F Y") if value else ""
    return "" if value is None else str(value)


def _member_names(ids: dict[str, set[int]]) -> dict[str, dict[int, str]]:
    """The names of the given members of each attribute: the vocabulary in one query, the
    parallel provisions (named by their labels) in another."""
    names: dict[str, dict[int, str]] = {name: {} for name in RELATION_MODELS}
    vocabulary = [
        RELATION_MODELS[name]
        ._default_manager.filter(pk__in=ids[name])
        .annotate(relation=Value(name, output_field=CharField()))
        .values_list("relation", "pk", "name")
        .order_by()
        for name in ("bound_parties", "regions", "weapon_classes")
    ]
    for relation, pk, name in vocabulary[0].union(*vocabulary[1:], all=True):
        names[relation][pk] = name
    provisions = Provision.objects.with_labels().in_bulk(ids["related"])
    names["related"] = {pk: provision.label for pk, provision in provisions.items()}
    return names


def _relation_members(
    provision: Provision, *, history_ids: list[int] | None = None
) -> dict[int, dict[str, set[int]]]:
    """For each historical row of the provision (or each of `history_ids`), the members of
    each attribute it recorded, all read in one query."""
    per_relation = []
    for name in RELATION_LABELS:
        model_field = Provision._meta.get_field(name)
        assert isinstance(model_field, models.ManyToManyField)
        # The historical model names each attribute's table of recorded members.
        rows = getattr(Provision.history.model, name)
        source, target = model_field.m2m_field_name(), model_field.m2m_reverse_field_name()
        rows = rows.filter(**{f"{source}_id": provision.pk})
        if history_ids is not None:
            rows = rows.filter(history_id__in=history_ids)
        per_relation.append(
            rows.annotate(relation=Value(name, output_field=CharField()))
            .values_list("relation", "history_id", f"{target}_id")
            .order_by()
        )
    members: dict[int, dict[str, set[int]]] = {}
    for relation, row_history_id, member_id in per_relation[0].union(*per_relation[1:], all=True):
        members.setdefault(row_history_id, {}).setdefault(relation, set()).add(member_id)
    return members


class _Versions:
    """The members of the attributes of recorded rows, named: enough to compare any two of
    those rows without another query."""

    def __init__(self, members: dict[int, dict[str, set[int]]]):
        self.members = members
        ids = {
            name: {pk for recorded in members.values() for pk in recorded.get(name, ())}
            for name in RELATION_MODELS
        }
        self.names = _member_names(ids)

    def _name(self, relation: str, pk: int) -> str:
        return self.names[relation].get(pk, f"a deleted entry (#{pk})")

    def differences(self, old, new) -> list[FieldChange | ListChange]:
        """What changed from the row `old` to the row `new`, field by field."""
        changes: list[FieldChange | ListChange] = []
        for name, label in FIELD_LABELS.items():
            before, after = _shown(old, name), _shown(new, name)
            if before != after:
                changes.append(field_change(label, before, after))
        old_members = self.members.get(old.history_id, {})
        new_members = self.members.get(new.history_id, {})
        for name, label in RELATION_LABELS.items():
            held_before, held_after = old_members.get(name, set()), new_members.get(name, set())
            if held_before != held_after:
                added = sorted(self._name(name, pk) for pk in held_after - held_before)
                removed = sorted(self._name(name, pk) for pk in held_before - held_after)
                changes.append(ListChange(label, added, removed))
        return changes


def _rows(provision: Provision):
    return provision.history.select_related("history_user", "treaty").order_by(
        "history_date", "history_id"
    )


def provision_events(provision: Provision) -> list[Event]:
    """What each recorded row of the provision changed, oldest first; rows that changed
    nothing shown (a save without changes) are left out. A fixed number of queries: the
    rows, the members of each attribute, and the names of those members."""
    records = list(_rows(provision))
    versions = _Versions(_relation_members(provision))
    events, previous = [], None
    for record in records:
        created = previous is None or record.history_type == "+"
        deleted = record.history_type == "-"
        changes = [] if created or deleted else versions.differences(previous, record)
        if changes or created or deleted:
            events.append(
                Event(
                    date=record.history_date,
                    user=record.history_user,
                    reason=record.history_change_reason or "",
                    changes=changes,
                    provision_history_id=record.history_id,
                    created=created,
                )
            )
        previous = record
    return events


def revert_preview(provision: Provision, to_history_id: int):
    """The recorded version `to_history_id` and what reverting to it would change, from the
    latest recorded version; `Provision.history.model.DoesNotExist` for another provision's
    row."""
    target = _rows(provision).get(history_id=to_history_id)
    latest = _rows(provision).last()
    members = _relation_members(provision, history_ids=[latest.history_id, target.history_id])
    changes = _Versions(members).differences(latest, target)
    # Only what a revert restores: the fields that name the provision stay.
    kept = {FIELD_LABELS[name] for name in ("treaty", "article", "paragraph")}
    return target, [change for change in changes if change.label not in kept]


def group_into_entries(events: list[Event]) -> list[HistoryEntry]:
    """Events in date order, those of one edit merged into one entry; newest entry first."""
    entries: list[HistoryEntry] = []
    for event in sorted(events, key=lambda event: event.date):
        previous = entries[-1] if entries else None
        if (
            previous is not None
            and previous.user == event.user
            and previous.reason == event.reason
            and event.date - previous.date <= ONE_EDIT
        ):
            last = previous
        else:
            last = HistoryEntry(date=event.date, user=event.user, reason=event.reason)
            entries.append(last)
        last.date = event.date
        last.changes.extend(event.changes)
        last.created = last.created or event.created
        if event.provision_history_id is not None:
            last.provision_history_id = event.provision_history_id
    entries.reverse()
    return entries


def provision_history(provision: Provision) -> list[HistoryEntry]:
    """The provision's own edits, newest first."""
    return group_into_entries(provision_events(provision))


def version_name(date: datetime) -> str:
    return format_date(timezone.localtime(date), "j F Y, H:i T")


@transaction.atomic
def revert_provision(
    *, provision: Provision, to_history_id: int, user, expected_version: int | None = None
) -> Provision:
    """Put back what the provision said and covered as of one of its recorded versions.

    The revert is itself an edit: it moves the provision to its next version (so an editor
    still holding an older one is told of it), and it is recorded in the history with the
    editor and the reason "Reverted to the version of <date>". Members of an attribute that
    have been deleted since cannot come back and are left out.
    """
    try:
        target = provision.history.get(history_id=to_history_id)
    except provision.history.model.DoesNotExist:
        raise ValidationError("This provision has no such recorded version.") from None
    if target.history_type == "-":
        raise ValidationError("That version records the provision's deletion.")
    members = _relation_members(provision, history_ids=[target.history_id])
    recorded = members.get(target.history_id, {})
    relations = {
        name: list(model._default_manager.filter(pk__in=recorded.get(name, set())))
        for name, model in RELATION_MODELS.items()
    }
    reason = f"Reverted to the version of {version_name(target.history_date)}"
    attribute(provision, editor=user, reason=reason)
    try:
        return update_provision(
            provision=provision,
            expected_version=expected_version,
            **{name: getattr(target, name) for name in Provision.CONTENT_FIELDS},
            **relations,
        )
    finally:
        forget_reason(provision)
