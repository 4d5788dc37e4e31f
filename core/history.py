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

from django.db import models
from simple_history.models import HistoricalRecords


class History(HistoricalRecords):
    """HistoricalRecords that can also be asked to record an object's version on demand."""

    def contribute_to_class(self, cls, name):
        super().contribute_to_class(cls, name)
        cls._history_recorder = self


@contextmanager
def history_suspended(*instances: models.Model) -> Iterator[None]:
    """Saves and many-to-many changes of these objects write no history records."""
    for instance in instances:
        instance.skip_history_when_saving = True
    try:
        yield
    finally:
        for instance in instances:
            del instance.skip_history_when_saving


def record_version(instance: models.Model, *, created: bool = False) -> None:
    """Record the object as it now stands, its many-to-many attributes included.

    The editor and the reason come from the object (`_history_user`, `_change_reason`) or,
    failing that, from the request, as for any other record.
    """
    type(instance)._history_recorder.create_historical_record(instance, "+" if created else "~")
