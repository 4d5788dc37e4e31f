"""How often a client may call the API (settings.REST_FRAMEWORK's throttles)."""

from django.core.cache import caches
from django.core.exceptions import ImproperlyConfigured
from rest_framework.settings import api_settings
from rest_framework.throttling import AnonRateThrottle, UserRateThrottle


class _RateFromSettings:
    @property
    def cache(self):
        # Looked up per request, like the rate: the "throttle" cache of settings.CACHES.
        return caches["throttle"]

    def get_rate(self):
        # DRF reads the rates once, at import; reading them per request lets a changed
        # setting (a test's, or a reloaded process's) take effect.
        try:
            return api_settings.DEFAULT_THROTTLE_RATES[self.scope]
        except KeyError:
            raise ImproperlyConfigured(f"No throttle rate for scope {self.scope!r}") from None


class AnonymousThrottle(_RateFromSettings, AnonRateThrottle):
    """Anonymous clients, by IP address: PROVISO_API_ANON_RATE."""


class AccountThrottle(_RateFromSettings, UserRateThrottle):
    """Signed-in clients and token holders, by account: PROVISO_API_USER_RATE."""
