"""Where a request's time goes: its SQL queries, slowest first, with EXPLAIN ANALYZE.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/proviso_bench \
        .venv/bin/python bench/explain.py /api/provisions/ [--explain 2] [--full]

Runs the request in-process (Django test client, production settings) twice, and for the
second run prints every query with its time, then EXPLAIN (ANALYZE, BUFFERS) of the
slowest `--explain` queries (the plan's top lines, or all of it with --full).
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import BENCH_DATABASE_URL, collect_static, production_env


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("path")
    parser.add_argument("--explain", type=int, default=2, help="how many slow queries to explain")
    parser.add_argument("--full", action="store_true", help="whole plans, not their top")
    parser.add_argument("--sql-chars", type=int, default=300)
    args = parser.parse_args()

    static_root = collect_static()
    os.environ.update(
        production_env(os.environ.get("DATABASE_URL", BENCH_DATABASE_URL)),
        DJANGO_STATIC_ROOT=static_root,
        DJANGO_SETTINGS_MODULE="config.settings",
    )
    try:
        run(args)
    finally:
        shutil.rmtree(static_root, ignore_errors=True)


def run(args) -> None:
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, setup_test_environment

    setup_test_environment()
    client = Client(HTTP_HOST="127.0.0.1", raise_request_exception=False)
    client.get(args.path)
    with CaptureQueriesContext(connection) as captured:
        started = time.perf_counter()
        response = client.get(args.path)
        total = (time.perf_counter() - started) * 1000
    queries = captured.captured_queries
    sql_ms = sum(float(q["time"]) for q in queries) * 1000
    print(
        f"{args.path}: HTTP {response.status_code}, {len(response.content):,} bytes, "
        f"{total:.1f} ms in all, {len(queries)} queries taking {sql_ms:.1f} ms "
        f"({total - sql_ms:.1f} ms outside the database)"
    )
    ranked = sorted(enumerate(queries, 1), key=lambda item: -float(item[1]["time"]))
    for number, query in ranked:
        sql = " ".join(query["sql"].split())
        print(f"  #{number:<3} {float(query['time']) * 1000:8.1f} ms  {sql[: args.sql_chars]}")
    for number, query in ranked[: args.explain]:
        print(f"\nEXPLAIN ANALYZE of query #{number}:")
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + query["sql"])
            lines = [row[0] for row in cursor.fetchall()]
        timings = [line for line in lines[25:] if "Time:" in line]
        shown = lines if args.full else lines[:25] + timings
        print("\n".join("    " + line for line in shown))


if __name__ == "__main__":
    main()
