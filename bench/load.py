"""Load test with wrk against gunicorn + PostgreSQL, loopback only, bounded in time.

    apt-get install -y wrk                      # Debian/Ubuntu; brew install wrk on macOS
    .venv/bin/python bench/load.py              # 30 s per URL, 8 connections, 2 threads
    .venv/bin/python bench/load.py --duration 10s --connections 4

For the browse page and the provisions API (and their filtered forms), reports the
sustained requests per second, the latency percentiles wrk measures (p50, p90, p99), and
the errors: socket errors (connect, read, write, timeout) and responses that are not 2xx
or 3xx. The run fails (exit status 1) if there is any error.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import (
    BENCH_DATABASE_URL,
    DEFAULT_PORT,
    check_loopback,
    fetch,
    machine,
    server,
    table,
    write_results,
)
from endpoints import pick_parameters

UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}
MAX_DURATION_SECONDS = 120


def parse_wrk(output: str) -> dict:
    def latency(label: str) -> float | None:
        match = re.search(rf"^\s*{label}%\s+([\d.]+)(us|ms|s|m)\s*$", output, re.MULTILINE)
        return float(match[1]) * UNITS[match[2]] if match else None

    requests = re.search(r"(\d+) requests in ([\d.]+)(\w+)", output)
    rps = re.search(r"Requests/sec:\s+([\d.]+)", output)
    socket = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    socket_errors = sum(int(n) for n in socket.groups()) if socket else 0
    return {
        "requests": int(requests[1]) if requests else 0,
        "rps": float(rps[1]) if rps else 0.0,
        "p50_ms": latency("50"),
        "p90_ms": latency("90"),
        "p99_ms": latency("99"),
        "socket_errors": socket_errors,
        "non_2xx": int(non_2xx[1]) if non_2xx else 0,
    }


def seconds(duration: str) -> float:
    match = re.fullmatch(r"(\d+)(s|m)?", duration)
    if not match:
        sys.exit(f"--duration {duration!r}: give seconds, e.g. 30s")
    return int(match[1]) * (60 if match[2] == "m" else 1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default=BENCH_DATABASE_URL)
    parser.add_argument(
        "--duration", default="30s", help=f"per URL, at most {MAX_DURATION_SECONDS}s"
    )
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    parser.add_argument("--port", type=int, default=DEFAULT_PORT)
    parser.add_argument("--base-url", help="use this running loopback server instead")
    parser.add_argument("--output", default="load")
    args = parser.parse_args()

    if seconds(args.duration) > MAX_DURATION_SECONDS:
        sys.exit(f"--duration is at most {MAX_DURATION_SECONDS}s: the load test is bounded")
    wrk = shutil.which("wrk")
    if not wrk:
        sys.exit("wrk is not installed: apt-get install -y wrk (or brew install wrk)")

    p = pick_parameters(args.database_url, None)
    three = urlencode({"region": p.region, "weapon_class": p.weapon_class, "measure": p.measure})
    urls = [
        ("browse page", "/provisions/"),
        ("browse page, 3 filters", f"/provisions/?{three}"),
        ("API list", "/api/provisions/"),
        ("API list, 3 filters", f"/api/provisions/?{three}"),
    ]
    print(f"machine: {machine()}")
    print(
        f"wrk: {args.threads} threads, {args.connections} connections, {args.duration} per URL; "
        f"gunicorn: {args.workers} sync workers"
    )
    rows, results = [], []
    with server(
        args.database_url, port=args.port, workers=args.workers, base_url=args.base_url
    ) as base:
        check_loopback(base)
        for name, path in urls:
            # Every worker answers the URL once before the timing: wrk measures the steady
            # state, not each process's first read of the facet data.
            status = max(fetch(base, path).status for _ in range(2 * args.workers))
            if status != 200:
                print(f"  {name}: HTTP {status}, skipped")
                rows.append([name, path, None, None, None, None, None, f"HTTP {status}"])
                continue
            completed = subprocess.run(
                [
                    wrk,
                    f"--threads={args.threads}",
                    f"--connections={args.connections}",
                    f"--duration={args.duration}",
                    "--timeout=10s",
                    "--latency",
                    base + path,
                ],
                capture_output=True,
                text=True,
                check=True,
                timeout=seconds(args.duration) + 60,
            )
            figures = parse_wrk(completed.stdout)
            errors = figures["socket_errors"] + figures["non_2xx"]
            print(f"  {name}: {figures}", flush=True)
            rows.append(
                [
                    name,
                    path,
                    figures["requests"],
                    figures["rps"],
                    figures["p50_ms"],
                    figures["p90_ms"],
                    figures["p99_ms"],
                    errors,
                ]
            )
            results.append({"name": name, "path": path, **figures, "raw": completed.stdout})
    print(
        table(
            ["URL", "path", "requests", "req/s", "p50 ms", "p90 ms", "p99 ms", "errors"],
            rows,
            title=f"wrk, {args.connections} connections for {args.duration} each",
        )
    )
    path = write_results(
        args.output,
        {
            "machine": machine(),
            "settings": vars(args),
            "parameters": p.__dict__,
            "results": results,
        },
    )
    print(f"\nresults written to {path}")
    if any((r["socket_errors"] or r["non_2xx"]) for r in results) or not results:
        sys.exit(1)


if __name__ == "__main__":
    main()
