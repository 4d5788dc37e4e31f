"""Count the SQL queries each request makes, by running the views in-process.

Run by bench/endpoints.py once per database, with that database in DATABASE_URL:

    DATABASE_URL=postgres://… .venv/bin/python bench/querycount.py PATH [PATH …]

Prints {path: {"status", "queries", "cpu_ms", "sql_ms"}} as JSON. Each path is requested
once untimed (warming per-process caches), then REPEATS times through Django's test client
with the production settings (DJANGO_DEBUG=0) and CaptureQueriesContext: the number of
queries, and the least of the process's CPU time (Python: Django, serialisation, templates)
and of the time spent in SQL over the runs. Other work on the machine only ever adds to
them, so the least is the steadiest estimate of what a request itself costs; wall-clock
latencies on a busy machine also include waiting for a core.
"""

import argparse
import json
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

REPEATS = 7


def main(paths: list[str]) -> None:
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, setup_test_environment

    setup_test_environment()
    client = Client(HTTP_HOST="127.0.0.1", raise_request_exception=False)
    counts = {}
    for path in paths:
        client.get(path)
        cpu, sql = [], []
        for _ in range(REPEATS):
            with CaptureQueriesContext(connection) as queries:
                started = time.process_time()
                response = client.get(path)
                cpu.append((time.process_time() - started) * 1000)
            sql.append(sum(float(query["time"]) for query in queries.captured_queries) * 1000)
        counts[path] = {
            "status": response.status_code,
            "queries": len(queries.captured_queries),
            "cpu_ms": round(min(cpu), 1),
            "sql_ms": round(min(sql), 1),
        }
    json.dump(counts, sys.stdout)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("paths", nargs="+", metavar="PATH", help="a URL path, e.g. /provisions/")
    main(parser.parse_args().paths)
