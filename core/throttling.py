"""The API's throttles, counting with atomic cache operations.

DRF's own throttles keep each client's request times as one list in the cache: read the
list, append, write it back. Two workers that read the same list both append and the last
write wins, so concurrent requests go uncounted: ten parallel clients on one token got
1,297 answers in 25 s against a rate of 1,200 a minute.

These count in a fixed window that starts at a client's first request and lasts the rate's
period. Its start is created with `cache.add` (only the first of concurrent requests
succeeds; the others read the start it wrote) and each request takes a number from
`cache.incr` on a counter named after that start: in Redis and in one process's memory
both are atomic, so exactly the rate's number of requests get through per window, however
many workers and threads ask at once. A throttled request gets Retry-After: the seconds
left in its window.
"""

from django.core.cache import caches
from django.core.exceptions import ImproperlyConfigured
from rest_framework.settings import api_settings
from rest_framework.throttling import AnonRateThrottle, UserRateThrottle


class _RateFromSettings:
    def __init__(self):
        # DRF makes a throttle for each request: the "throttle" cache of settings.CACHES is
        # looked up per request, like the rate.
        self.cache = caches["throttle"]
        super().__init__()

    def get_rate(self):
        # DRF reads the rates once, at import; reading them per request lets a changed
        # setting (a test's, or a reloaded process's) take effect.
        try:
            return api_settings.DEFAULT_THROTTLE_RATES[self.scope]
        except KeyError:
            raise ImproperlyConfigured(f"No throttle rate for scope {self.scope!r}") from None


class WindowCounter:
    """For a DRF SimpleRateThrottle: `rate` requests per window, counted atomically."""

    def allow_request(self, request, view):
        if self.rate is None:
            return True
        key = self.get_cache_key(request, view)
        if key is None:
            return True
        cache, now, period = self.cache, self.timer(), self.duration
        window_key = f"{key}:window"
        # The first request of a window starts it; the others read its start (or, if it
        # expired in between, start it again).
        start = now if cache.add(window_key, now, timeout=period) else cache.get(window_key, now)
        count_key = f"{key}:count:{start!r}"
        cache.add(count_key, 0, timeout=period + 1)
        count = _incr(cache, count_key)
        self.retry_after = max(start + period - now, 1)
        # No count (the cache did not answer, or the window ended that instant) lets the
        # request through: an unreachable cache must not take the API down with it.
        return count is None or count <= self.num_requests

    def wait(self):
        return self.retry_after


def _incr(cache, key):
    try:
        return cache.incr(key)
    except ValueError:  # the counter expired between add() and incr()
        return None


class AnonymousThrottle(WindowCounter, _RateFromSettings, AnonRateThrottle):
    """Anonymous clients, by IP address: PROVISO_API_ANON_RATE."""


class AccountThrottle(WindowCounter, _RateFromSettings, UserRateThrottle):
    """Signed-in clients and token holders, by account: PROVISO_API_USER_RATE."""
