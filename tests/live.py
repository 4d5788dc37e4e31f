"""What the slow tests share: servers they need, which CI must provide and must not skip."""

import os

import pytest

from bench import stack

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
    return os.environ.get("PROVISO_TEST_REDIS_URL") or stack.local_redis(15)
