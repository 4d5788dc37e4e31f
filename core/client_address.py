"""The address a request came from, for the login lockout (django-axes)."""

from rest_framework.settings import api_settings


def client_address(request) -> str | None:
    """REMOTE_ADDR, or behind reverse proxies the address the outermost trusted proxy saw.

    Each proxy appends the address it received the request from to X-Forwarded-For, so with
    N trusted proxies the client is the Nth entry from the right; entries further left are
    whatever the client chose to send. The number of proxies is the one the API's throttles
    trust (`PROVISO_API_NUM_PROXIES`), so that both read the same address.
    """
    remote_addr = request.META.get("REMOTE_ADDR")
    proxies = api_settings.NUM_PROXIES or 0
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR")
    if not proxies or not forwarded:
        return remote_addr
    addresses = [address.strip() for address in forwarded.split(",")]
    return addresses[-min(proxies, len(addresses))] or remote_addr
