"""Reads of whole tables, kept by each process until those tables change.

Two reads cost the same whatever the request asks and are asked for again and again: the
browse page's facet data (every provision's values and every (provision, outlet) pair of
confirmed evidence, about a second at 200,000 evidence links), and the provisions a search
word finds (every sentence with a common word: 55,000 of 2,000,000, close to a second).
A process keeps their results, stamped with the newest history id of each table they come
from. Every write through the models, and through the history-aware bulk helpers the
importers use, adds a history row, so one cheap query (the largest primary key of each
history table, read from its index) tells every process whether its copies are still
good, whoever wrote. Writes that leave no history (raw SQL, `QuerySet.update()`) show
once the copies are MAX_AGE_SECONDS old.

Inside a transaction nothing is kept or reused: the transaction may see its own uncommitted
writes, which no other request should be shown, and may roll back.

Each value is also put in the shared cache (settings.CACHES["default"]: Redis in
docker-compose) under its stamp, so that after a write one worker computes it and the
others read it instead of computing it again. A shared copy is used only within the
MAX_AGE_SECONDS period it was computed in, so no copy, shared or not, is older than that.
"""

import hashlib
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any

from django.core.cache import caches
from django.db import DEFAULT_DB_ALIAS, connections

# A backstop for writes that leave no history row; every other write shows at once.
MAX_AGE_SECONDS = 300
_MISSING = object()


def may_reuse(connection) -> bool:
    """Whether what this connection reads may be kept for other requests."""
    return not connection.in_atomic_block


class CachedUntilChanged:
    """Values by key, all dropped together when a history table of `watched()` grows."""

    def __init__(self, watched: Callable[[], list], *, max_entries: int):
        self._watched = watched
        self.max_entries = max_entries
        self._stamp: tuple | None = None
        self._since = 0.0
        self._values: OrderedDict[Hashable, Any] = OrderedDict()
        self._lock = threading.Lock()
        # The shared cache's keys: one name per cache, the same in every process, and a
        # generation that clear() moves on (in tests: nothing kept before is seen again).
        self._name = f"{watched.__module__}.{watched.__qualname__}"
        self._generation = 0

    def stamp(self, using: str = DEFAULT_DB_ALIAS) -> tuple | None:
        """The newest history id of every watched model (one query), or None inside a
        transaction, where nothing may be reused."""
        connection = connections[using]
        if not may_reuse(connection):
            return None
        quote = connection.ops.quote_name
        newest = ", ".join(
            f"(SELECT MAX({quote(history._meta.pk.column)}) FROM {quote(history._meta.db_table)})"
            for history in (model.history.model for model in self._watched())
        )
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT {newest}")
            return tuple(cursor.fetchone())

    def get(self, key: Hashable, stamp: tuple | None, compute: Callable[[], Any]):
        """The value kept for `key` under `stamp`, or `compute()`'s (kept unless `stamp` is
        None). Read the stamp before what `compute` reads: a write committed in between
        then makes the next request compute again, and no value is older than its stamp."""
        if stamp is None:
            return compute()
        now = time.time()
        with self._lock:
            if stamp != self._stamp or now - self._since >= MAX_AGE_SECONDS:
                self._values.clear()
                self._stamp, self._since = stamp, now
            if key in self._values:
                self._values.move_to_end(key)
                return self._values[key]
        shared_key = self._shared_key(key, stamp, now)
        value = caches["default"].get(shared_key, _MISSING)
        if value is _MISSING:
            value = compute()
            caches["default"].set(shared_key, value, MAX_AGE_SECONDS)
        with self._lock:
            if stamp == self._stamp:
                self._values[key] = value
                while len(self._values) > self.max_entries:
                    self._values.popitem(last=False)
        return value

    def _shared_key(self, key: Hashable, stamp: tuple, now: float) -> str:
        period = int(now // MAX_AGE_SECONDS)
        digest = hashlib.sha256(repr((stamp, key)).encode()).hexdigest()
        return f"read:{self._name}:{self._generation}:{period}:{digest}"

    def clear(self) -> None:
        with self._lock:
            self._values.clear()
            self._stamp = None
            self._generation += 1
