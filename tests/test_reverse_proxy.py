"""nginx, with the repository's configuration, in front of gunicorn: slow clients wait in
nginx, not in a worker, and only the proxy may say a request came over HTTPS."""

import socket
import time

import pytest

from bench import stack
from tests.live import require

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def app(served_sqlite):
    url, _ = served_sqlite
    # nginx reaches gunicorn from 127.0.0.1 here, the address gunicorn trusts by default.
    env = stack.production_env(url, DJANGO_SECURE_SSL_REDIRECT="1")
    with stack.gunicorn(env, workers=2) as app:
        yield app


@pytest.fixture(scope="module")
def proxy(app):
    require(stack.nginx_binary() is not None, "nginx")
    with stack.nginx(upstream_port=app.port, max_upload_bytes=1_000_000) as proxy:
        yield proxy


def test_healthz_answers_within_a_second_while_100_clients_send_half_a_request(proxy):
    slow_clients = []
    try:
        for _ in range(100):
            sock = socket.create_connection(("127.0.0.1", proxy.port), timeout=5)
            sock.sendall(b"POST /api/provisions/ HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Le")
            slow_clients.append(sock)
        time.sleep(0.5)
        for _ in range(5):
            started = time.monotonic()
            status, _, _ = stack.get(proxy.port, "/healthz", timeout=5)
            assert status == 200
            assert time.monotonic() - started < 1
    finally:
        for sock in slow_clients:
            sock.close()


def test_a_client_that_is_not_the_proxy_cannot_claim_https(app, proxy):
    claim = {"X-Forwarded-Proto": "https"}
    # Straight to gunicorn from another address: not believed, so redirected to HTTPS.
    status, headers, _ = stack.get(app.port, "/", headers=claim, source="127.0.0.2")
    assert status == 301
    assert headers["Location"].startswith("https://")
    # Through nginx, which says what it saw (plain HTTP) whatever the client claims.
    status, headers, _ = stack.get(proxy.port, "/", headers=claim)
    assert status == 301
    # From the proxy's own address the header is believed: the request counts as HTTPS.
    status, _, _ = stack.get(app.port, "/", headers=claim, source="127.0.0.1")
    assert status == 200


def test_the_proxy_refuses_a_body_over_the_limit_before_it_reaches_the_app(proxy):
    with socket.create_connection(("127.0.0.1", proxy.port), timeout=5) as sock:
        sock.sendall(
            b"POST /editing/import/ HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            b"Content-Type: text/plain\r\nContent-Length: 1000001\r\n\r\n"
        )
        assert sock.recv(200).startswith(b"HTTP/1.1 413")


def test_the_proxy_refuses_an_oversized_header(proxy):
    status, _, _ = stack.get(proxy.port, "/healthz", headers={"X-Big": "x" * 10_000})
    assert status in {400, 494}
