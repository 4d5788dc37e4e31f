"""What the benchmarks share: a production-like server, request timing, percentiles, tables.

The server is gunicorn from the project's virtual environment, bound to 127.0.0.1 only, with
`DJANGO_DEBUG=0` and PostgreSQL, after `collectstatic` into a temporary folder. Timings are
taken from the client side, one request at a time, each on a fresh connection (gunicorn's
sync workers close every connection after its response), so they include HTTP parsing,
Django, the database and serialisation: the real stack.
"""

from __future__ import annotations

import http.client
import json
import math
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
BIN = ROOT / ".venv" / "bin"
PYTHON = str(BIN / "python")
HOST = "127.0.0.1"
DEFAULT_PORT = 18765
BENCH_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/proviso_bench"
SMALL_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/proviso_bench_small"
RESULTS = ROOT / "bench" / "results"


def production_env(database_url: str, **extra: str) -> dict[str, str]:
    """The environment of a production deployment, pointed at `database_url`."""
    env = dict(os.environ)
    env.update(
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY=os.environ.get("BENCH_SECRET_KEY") or secrets.token_urlsafe(50),
        DJANGO_ALLOWED_HOSTS=f"{HOST},testserver",
        DJANGO_SECURE_SSL_REDIRECT="0",
        DJANGO_SECURE_COOKIES="0",
        DJANGO_HSTS_SECONDS="0",
        DJANGO_LOG_LEVEL="WARNING",
        DATABASE_URL=database_url,
        # The benchmarks are one anonymous client making thousands of requests: lift the
        # API's per-address throttle, or it would answer 429 after 120 a minute. A rate per
        # second keeps the throttle's request history as short as a real client's (DRF keeps
        # one timestamp per request of the window), so its cost per request stays realistic.
        PROVISO_API_ANON_RATE="100000000/second",
        PROVISO_API_USER_RATE="100000000/second",
        # The benchmarks time every request at scale, however long it takes, rather than
        # have the statement timeout cut the slowest short.
        DATABASE_STATEMENT_TIMEOUT="0",
        # A file cache of our own, not one shared with other servers.
        PROVISO_CACHE_URL=(Path(tempfile.gettempdir()) / "proviso-bench-cache").as_uri(),
    )
    env.update(extra)
    return env


def check_loopback(url: str) -> None:
    host = urlsplit(url).hostname
    if host not in {"127.0.0.1", "localhost", "::1"}:
        sys.exit(f"refusing to benchmark {url}: the benchmarks target the loopback only")


@contextmanager
def server(
    database_url: str = BENCH_DATABASE_URL,
    *,
    port: int = DEFAULT_PORT,
    workers: int = 2,
    base_url: str | None = None,
) -> Iterator[str]:
    """A gunicorn serving the project on 127.0.0.1:`port`; yields its base URL.

    With `base_url`, uses that (already running, loopback) server instead.
    """
    if base_url:
        check_loopback(base_url)
        yield base_url.rstrip("/")
        return
    _check_port_free(port)
    static_root = collect_static()
    env = production_env(database_url, DJANGO_STATIC_ROOT=static_root)
    log = open(Path(static_root) / "gunicorn.log", "w+b")  # noqa: SIM115 (closed below)
    process = subprocess.Popen(
        [
            str(BIN / "gunicorn"),
            "config.wsgi:application",
            "--workers",
            str(workers),
            "--bind",
            f"{HOST}:{port}",
            "--timeout",
            "120",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://{HOST}:{port}"
    try:
        _wait_until_up(base, process, log)
        yield base
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()
        shutil.rmtree(static_root, ignore_errors=True)


def _check_port_free(port: int) -> None:
    """Refuse a port another server holds: its answers would be measured instead of ours."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        try:
            probe.bind((HOST, port))
        except OSError:
            sys.exit(f"{HOST}:{port} is in use by another server: choose another with --port")


def collect_static() -> str:
    """A temporary STATIC_ROOT with `collectstatic` run into it (production settings need the
    manifest of hashed names to render any page). The caller removes it."""
    static_root = tempfile.mkdtemp(prefix="proviso-bench-static-")
    env = production_env(BENCH_DATABASE_URL, DJANGO_STATIC_ROOT=static_root)
    subprocess.run(
        [PYTHON, "manage.py", "collectstatic", "--no-input", "-v0"], cwd=ROOT, env=env, check=True
    )
    return static_root


def _wait_until_up(base: str, process: subprocess.Popen, log) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            log.seek(0)
            sys.exit(f"gunicorn exited with {process.returncode}:\n{log.read().decode()[-3000:]}")
        try:
            if fetch(base, "/healthz").status == 200:
                return
        except OSError:
            pass
        time.sleep(0.3)
    sys.exit(f"gunicorn did not answer {base}/healthz within 60 s")


@dataclass
class Response:
    status: int
    body: bytes
    seconds: float


def fetch(base: str, path: str, *, timeout: float = 120) -> Response:
    """One GET on a fresh connection, timed from the request to the last byte."""
    parts = urlsplit(base)
    connection = http.client.HTTPConnection(parts.hostname, parts.port or 80, timeout=timeout)
    try:
        started = time.perf_counter()
        connection.request("GET", path, headers={"Accept": "application/json, text/html"})
        response = connection.getresponse()
        body = response.read()
        seconds = time.perf_counter() - started
    finally:
        connection.close()
    return Response(response.status, body, seconds)


def percentile(values: Sequence[float], p: float) -> float:
    """Nearest-rank percentile: the smallest value with at least p% of values at or below."""
    ordered = sorted(values)
    if not ordered:
        return math.nan
    rank = max(1, math.ceil(p / 100 * len(ordered)))
    return ordered[rank - 1]


@dataclass
class Timing:
    name: str
    target: str
    samples_ms: list[float] = field(default_factory=list)
    statuses: dict[int, int] = field(default_factory=dict)
    size: int = 0
    note: str = ""

    @property
    def p50(self) -> float:
        return percentile(self.samples_ms, 50)

    @property
    def p95(self) -> float:
        return percentile(self.samples_ms, 95)

    @property
    def p99(self) -> float:
        return percentile(self.samples_ms, 99)

    @property
    def errors(self) -> int:
        return sum(n for status, n in self.statuses.items() if status >= 400)

    def as_dict(self) -> dict:
        return {
            "name": self.name,
            "target": self.target,
            "n": len(self.samples_ms),
            "p50_ms": round(self.p50, 2),
            "p95_ms": round(self.p95, 2),
            "p99_ms": round(self.p99, 2),
            "statuses": self.statuses,
            "bytes": self.size,
            "note": self.note,
        }


def time_requests(
    base: str, path: str, *, name: str, target: str = "", n: int = 50, warmup: int = 5
) -> Timing:
    """Time `n` sequential requests of `path` after `warmup` untimed ones."""
    timing = Timing(name=name, target=target)
    for _ in range(warmup):
        fetch(base, path)
    for _ in range(n):
        response = fetch(base, path)
        timing.samples_ms.append(response.seconds * 1000)
        timing.statuses[response.status] = timing.statuses.get(response.status, 0) + 1
        timing.size = len(response.body)
    return timing


def table(headers: Sequence[str], rows: Sequence[Sequence], *, title: str = "") -> str:
    """A plain-text table, numbers right-aligned, fit for a terminal and for Markdown."""
    cells = [[_cell(value) for value in row] for row in rows]
    widths = [
        max(len(str(header)), *(len(row[i]) for row in cells)) if cells else len(str(header))
        for i, header in enumerate(headers)
    ]
    numeric = [
        all(_is_number(row[i]) for row in rows if row[i] not in ("", None))
        for i in range(len(headers))
    ]

    def line(values):
        out = []
        for i, value in enumerate(values):
            out.append(value.rjust(widths[i]) if numeric[i] else value.ljust(widths[i]))
        return "| " + " | ".join(out) + " |"

    separator = (
        "|"
        + "|".join(
            ("-" * (w + 1) + ":") if numeric[i] else ("-" * (w + 2)) for i, w in enumerate(widths)
        )
        + "|"
    )
    text = [line([str(h) for h in headers]), separator, *(line(row) for row in cells)]
    return (f"\n{title}\n" if title else "\n") + "\n".join(text)


def _is_number(value) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        if math.isnan(value):
            return "n/a"
        return f"{value:,.1f}" if abs(value) < 1000 else f"{value:,.0f}"
    if isinstance(value, int) and not isinstance(value, bool):
        return f"{value:,}"
    return str(value)


def machine() -> dict[str, str]:
    """nproc, memory, CPU model, Python and PostgreSQL versions: for the report."""
    info = {"cpus": str(os.cpu_count())}
    try:
        meminfo = Path("/proc/meminfo").read_text().split("\n")[0].split()
        info["memory"] = f"{int(meminfo[1]) / 1024 / 1024:.1f} GiB"
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                info["cpu"] = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    info["python"] = sys.version.split()[0]
    # Other work on the machine shows here: benchmarks want it near 0 before they start.
    info["load average"] = " ".join(f"{load:.2f}" for load in os.getloadavg())
    return info


def write_results(name: str, data: dict) -> Path:
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / f"{name}.json"
    path.write_text(json.dumps(data, indent=2, default=str) + "\n")
    return path
