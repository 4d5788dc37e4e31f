"""Count the SQL queries each request makes, by running the views in-process.

Run by bench/endpoints.py once per database, with that database in DATABASE_URL:

    DATABASE_URL=postgres://… .venv/bin/python bench/querycount.py PATH [PATH …]

Prints {path: {"status": …, "queries": …}} as JSON; BENCH_FIXES applies bench/fixes.py.
Each path is requested once untimed
(warming per-process caches) and once counted, through Django's test client with the
production settings (DJANGO_DEBUG=0), with CaptureQueriesContext.
"""

import json
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")


def main(paths: list[str]) -> None:
    import django

    django.setup()
    if os.environ.get("BENCH_FIXES"):
        import fixes

        fixes.apply(fixes.requested())
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, setup_test_environment

    setup_test_environment()
    client = Client(HTTP_HOST="127.0.0.1", raise_request_exception=False)
    counts = {}
    for path in paths:
        client.get(path)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path)
        counts[path] = {"status": response.status_code, "queries": len(queries.captured_queries)}
    json.dump(counts, sys.stdout)


if __name__ == "__main__":
    main(sys.argv[1:])
