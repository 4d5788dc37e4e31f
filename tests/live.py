"""What the slow tests share: servers they need, which CI must provide and must not skip."""

import os
import socket

import pytest

CI = os.environ.get("CI") == "true"


def require(available: bool, what: str) -> None:
    """Skip a test whose server is not available here, but fail it in CI, which installs or
    starts every server the tests need (.ci/run)."""
    if available:
        return
    if CI:
        pytest.fail(f"{what} is not available in CI: .ci/run should have provided it")
    pytest.skip(f"{what} is not available")


def redis_url() -> str | None:
    """PROVISO_TEST_REDIS_URL, or a Redis on 127.0.0.1:6379 if one answers."""
    url = os.environ.get("PROVISO_TEST_REDIS_URL")
    if url:
        return url
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=1) as sock:
            sock.sendall(b"PING\r\n")
            if sock.recv(16).startswith(b"+PONG"):
                return "redis://127.0.0.1:6379/15"
    except OSError:
        pass
    return None
