"""Recorded history that holds, in every record, what the object held after the edit.

django-simple-history writes a record on every save and one more on every change of a
many-to-many attribute. That leaves two gaps: the record of a creation holds no links (they
are set after the row exists), and a symmetric link set from one side is recorded on that
side only. A revert to such a record would drop links that were there.

Writes that must leave complete records therefore write their rows and links with history
suspended, then record each object they changed once (`record_version`), with everything
it holds at that moment.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.db import models
from simple_history.models import HistoricalRecords

# django-simple-history reads these attributes of the instance it records: whether to
# record at all, who made the change, and why. Only this module sets them.
_SKIP = "skip_history_when_saving"
_EDITOR = "_history_user"
_REASON = "_change_reason"
# Where a model keeps its History, to record a version on demand.
_RECORDER = "_history_recorder"


class History(HistoricalRecords):
    """HistoricalRecords that can also be asked to record an object's version on demand."""

    def contribute_to_class(self, cls, name):
        super().contribute_to_class(cls, name)
        setattr(cls, _RECORDER, self)


@contextmanager
def history_suspended(*instances: models.Model) -> Iterator[None]:
    """Saves and many-to-many changes of these objects write no history records."""
    for instance in instances:
        setattr(instance, _SKIP, True)
    try:
        yield
    finally:
        for instance in instances:
            delattr(instance, _SKIP)


def attribute(instance: models.Model, *, editor: Any = None, reason: str | None = None) -> None:
    """Name who makes the next change of `instance` and, if given, why; without an editor the
    record takes the signed-in user of the request, as any other record does."""
    if editor is not None:
        setattr(instance, _EDITOR, editor)
    if reason is not None:
        setattr(instance, _REASON, reason)


def editor_of(instance: models.Model) -> Any:
    """The editor `attribute()` named for `instance`, or None."""
    return getattr(instance, _EDITOR, None)


def forget_reason(instance: models.Model) -> None:
    """Drop the reason, so that a later save of the same object records none."""
    if hasattr(instance, _REASON):
        delattr(instance, _REASON)


def record_version(instance: models.Model, *, created: bool = False) -> None:
    """Record the object as it now stands, its many-to-many attributes included, with the
    editor and reason `attribute()` gave it (or the request's user)."""
    recorder = getattr(type(instance), _RECORDER)
    recorder.create_historical_record(instance, "+" if created else "~")
