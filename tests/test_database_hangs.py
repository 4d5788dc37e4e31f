"""A database that hangs, stops or freezes costs a request a few seconds and a 503, not a
worker: real gunicorn, a throwaway PostgreSQL cluster, and a proxy between them that can
stall (tests/faults.py)."""

import subprocess
import sys
import time

import pytest

from bench import stack
from tests.faults import StallingProxy
from tests.live import require

pytestmark = pytest.mark.slow

PATHS = ["/healthz", "/provisions/", "/api/provisions/"]


@pytest.fixture(scope="module")
def cluster():
    require(stack.postgres_bin() is not None, "PostgreSQL's server binaries")
    with stack.postgres_cluster() as cluster:
        stack.manage("migrate", "--no-input", env=stack.production_env(cluster.url))
        yield cluster


@pytest.fixture(scope="module")
def proxy(cluster):
    proxy = StallingProxy(cluster.port)
    yield proxy
    proxy.close()


@pytest.fixture(scope="module")
def app(proxy):
    url = f"postgres://postgres@127.0.0.1:{proxy.port}/proviso"
    with stack.gunicorn(stack.production_env(url), workers=2) as app:
        yield app


@pytest.fixture
def answering(app, proxy, cluster):
    """The app and its database answering, before and after each test."""
    proxy.resume()
    cluster.thaw()
    assert_recovers(app)
    yield app
    proxy.resume()
    cluster.thaw()
    if not (cluster.data / "postmaster.pid").exists():
        cluster.start()


def assert_503_within_5_seconds(app):
    for path in PATHS:
        started = time.monotonic()
        status, headers, body = stack.get(app.port, path, timeout=30)
        elapsed = time.monotonic() - started
        assert (path, status) == (path, 503), body[:300]
        assert headers.get("Retry-After") == "5"
        assert elapsed < 5, f"{path} took {elapsed:.1f} s"


def assert_recovers(app, within=15):
    deadline = time.monotonic() + within
    while True:
        statuses = {path: stack.get(app.port, path, timeout=30)[0] for path in PATHS}
        if set(statuses.values()) == {200}:
            return
        assert time.monotonic() < deadline, statuses
        time.sleep(0.2)


def test_a_stalled_database_is_a_503_and_the_same_workers_recover(answering, proxy):
    workers = answering.worker_pids()
    proxy.stall()
    assert_503_within_5_seconds(answering)
    assert_503_within_5_seconds(answering)  # no connection left: each request tries anew
    proxy.resume()
    assert_recovers(answering)
    assert answering.process.poll() is None
    assert answering.worker_pids() == workers  # none was killed for hanging


def test_a_frozen_server_is_a_503_and_the_same_workers_recover(answering, cluster):
    workers = answering.worker_pids()
    cluster.freeze()  # SIGSTOP: the kernel still accepts connections, nothing answers
    assert_503_within_5_seconds(answering)
    cluster.thaw()
    assert_recovers(answering)
    assert answering.worker_pids() == workers


def test_a_stopped_server_is_a_503_until_it_is_started_again(answering, cluster):
    workers = answering.worker_pids()
    cluster.stop()
    assert_503_within_5_seconds(answering)
    cluster.start()
    assert_recovers(answering)
    assert answering.worker_pids() == workers


QUERY_IN_FLIGHT = """
import sys, time
from django.db import OperationalError, connection
with connection.cursor() as cursor:
    cursor.execute("SELECT 1")
    print("connected", flush=True)
    started = time.monotonic()
    try:
        cursor.execute("SELECT pg_sleep(1)")
    except OperationalError as error:
        print("error after", round(time.monotonic() - started, 1), error, flush=True)
    else:
        print("answered", flush=True)
"""


def test_a_query_in_flight_when_the_database_stalls_ends_after_its_deadline(answering, proxy):
    url = f"postgres://postgres@127.0.0.1:{proxy.port}/proviso"
    env = stack.production_env(url, DATABASE_STATEMENT_TIMEOUT="2")
    shell = subprocess.Popen(
        [sys.executable, "manage.py", "shell", "-v", "0", "-c", QUERY_IN_FLIGHT],
        cwd=stack.ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        assert shell.stdout.readline().strip() == "connected"
        time.sleep(0.3)  # the query is on the server now
        proxy.stall()
        output, _ = shell.communicate(timeout=15)
    finally:
        shell.kill()
        proxy.resume()
    # The server's answer never arrives: the client stops waiting a second after the
    # statement timeout, which the stalled server cannot enforce.
    assert output.startswith("error after 3."), output
    assert "did not answer within 3 s" in output
