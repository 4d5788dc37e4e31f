"""Parallel clients on one token get exactly the rate, whatever the number of workers."""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest

from bench import stack
from tests.live import redis_url, require

pytestmark = pytest.mark.slow

LIMIT = 20


def test_ten_parallel_clients_on_one_token_never_get_more_than_the_rate(served_sqlite):
    url = redis_url()
    require(url is not None, "Redis (PROVISO_TEST_REDIS_URL or 127.0.0.1:6379)")
    import redis

    redis.Redis.from_url(url).flushdb()
    database_url, token = served_sqlite
    env = stack.production_env(
        database_url, PROVISO_CACHE_URL=url, PROVISO_API_USER_RATE=f"{LIMIT}/minute"
    )
    auth = {"Authorization": f"Token {token}"}
    with stack.gunicorn(env, workers=3) as app:
        start = threading.Barrier(10)

        def client(_):
            start.wait()
            return [stack.get(app.port, "/api/treaties/", headers=auth)[:2] for _ in range(12)]

        with ThreadPoolExecutor(10) as pool:
            answers = [answer for batch in pool.map(client, range(10)) for answer in batch]
    statuses = [status for status, _ in answers]
    assert statuses.count(200) == LIMIT, statuses
    assert statuses.count(429) == len(answers) - LIMIT
    assert all(
        1 <= int(headers["Retry-After"]) <= 60 for status, headers in answers if status == 429
    )
