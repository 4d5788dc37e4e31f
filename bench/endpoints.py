"""Endpoint latencies on the scale corpus, against the targets of issue #6.

    .venv/bin/python bench/endpoints.py                     # starts its own gunicorn
    .venv/bin/python bench/endpoints.py --requests 100      # more samples
    .venv/bin/python bench/endpoints.py --base-url http://127.0.0.1:8000   # a running server

Measures, as p50/p95/p99 over sequential requests through gunicorn + PostgreSQL:
the provisions API list with 0, 1 and 3 filters, the browse page with facet counts, full-text
search for a rare and a common word (site and API), a provision detail with hundreds of
evidence rows; the same rows fetched by one raw SQL query through psycopg (ratio API/raw);
and the number of SQL queries per request on the seed-size database (1,000 generated
sentences) and on the scale database (2,000,000), which must be the same.

Databases (see bench/README.md to create them): --database-url (default proviso_bench) and
--small-database-url (default proviso_bench_small).
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

import psycopg

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import (
    BENCH_DATABASE_URL,
    DEFAULT_PORT,
    PYTHON,
    ROOT,
    SMALL_DATABASE_URL,
    Timing,
    collect_static,
    fetch,
    machine,
    production_env,
    server,
    table,
    time_requests,
    write_results,
)

API_TARGET_MS = 50
RAW_RATIO_TARGET = 3
BROWSE_TARGET_MS = 150
SEARCH_TARGET_MS = 100
DETAIL_EVIDENCE_TARGET = 400
PAGE_SIZE = 25  # core.pagination.PAGE_SIZE


@dataclass
class Parameters:
    treaty: str
    region: str
    weapon_class: str
    measure: str
    detail: tuple[str, int, int]
    detail_evidence: int
    rare_word: str
    common_word: str

    @property
    def detail_slug(self) -> str:
        treaty, article, paragraph = self.detail
        return f"{treaty}-{article}" + (f"-{paragraph}" if paragraph else "")


def pick_parameters(
    dsn: str, summary_path: Path | None, *, rare_word: str = "", common_word: str = ""
) -> Parameters:
    """Filter values, a provision with hundreds of evidence rows and two search words,
    chosen from what the database holds (the words from the generator's summary if given)."""
    summary = json.loads(summary_path.read_text()) if summary_path and summary_path.exists() else {}
    with psycopg.connect(dsn, autocommit=True) as connection:

        def one(sql, *params):
            return connection.execute(sql, params).fetchone()

        treaty = one(
            "SELECT t.slug FROM treaties_treaty t JOIN treaties_provision p ON p.treaty_id = t.id "
            "WHERE t.slug LIKE 'scale-%%' GROUP BY t.slug ORDER BY count(*) DESC, t.slug LIMIT 1"
        )[0]
        region = one(
            "SELECT r.slug FROM treaties_region r "
            "JOIN treaties_provision_regions pr ON pr.region_id = r.id "
            "GROUP BY r.slug ORDER BY count(*) DESC, r.slug LIMIT 1"
        )[0]
        weapon_class = one(
            "SELECT w.slug FROM treaties_weaponclass w "
            "JOIN treaties_provision_weapon_classes pw ON pw.weaponclass_id = w.id "
            "GROUP BY w.slug ORDER BY count(*) DESC, w.slug LIMIT 1"
        )[0]
        *detail, evidence = one(
            "SELECT t.slug, p.article, p.paragraph, count(*) FROM evidence_evidence e "
            "JOIN treaties_provision p ON p.id = e.provision_id "
            "JOIN treaties_treaty t ON t.id = p.treaty_id "
            "GROUP BY t.slug, p.article, p.paragraph "
            "ORDER BY abs(count(*) - %s), t.slug, p.article, p.paragraph LIMIT 1",
            DETAIL_EVIDENCE_TARGET,
        )
        rare = rare_word or summary.get("rare_word") or _rare_word(connection)
        common = common_word or summary.get("common_word") or "nato"
    return Parameters(
        treaty=treaty,
        region=region,
        weapon_class=weapon_class,
        measure="deployment",
        detail=tuple(detail),
        detail_evidence=evidence,
        rare_word=rare,
        common_word=common,
    )


def _rare_word(connection) -> str:
    """Without the generator's summary: the least frequent made-up word of a few confirmed
    evidence sentences of provisions with a usual amount of evidence (each word counted up
    to 1,000 matches through the search index)."""
    texts = connection.execute(
        "WITH per AS (SELECT provision_id, count(*) AS n FROM evidence_evidence GROUP BY 1),"
        " usual AS (SELECT percentile_disc(0.9) WITHIN GROUP (ORDER BY n) AS n FROM per) "
        "SELECT s.text FROM evidence_evidence e JOIN per USING (provision_id) "
        "JOIN articles_sentence s ON s.id = e.sentence_id "
        "WHERE e.status = 'confirmed' AND per.n <= (SELECT n FROM usual) "
        "ORDER BY e.id DESC LIMIT 10"
    ).fetchall()
    best, best_count = "nato", None
    for (text,) in texts:
        for word in sorted({w.strip(".,").lower() for w in text.split() if len(w) > 5}):
            count = connection.execute(
                "SELECT count(*) FROM (SELECT 1 FROM articles_sentence "
                "WHERE search_vector @@ plainto_tsquery('english', %s) LIMIT 1000) m",
                (word,),
            ).fetchone()[0]
            if count and (best_count is None or count < best_count):
                best, best_count = word, count
    return best


def endpoints(p: Parameters) -> list[tuple[str, str, str]]:
    """(name, path, target) of every measured request."""
    rare, common = p.rare_word, p.common_word
    treaty = urlencode({"treaty": p.treaty})
    one = urlencode({"region": p.region})
    three = urlencode({"region": p.region, "weapon_class": p.weapon_class, "measure": p.measure})
    return [
        ("API list, 0 filters", "/api/provisions/", "api"),
        ("API list, 1 filter (treaty)", f"/api/provisions/?{treaty}", "api"),
        ("API list, 1 filter (region)", f"/api/provisions/?{one}", "api"),
        ("API list, 3 filters", f"/api/provisions/?{three}", "api"),
        ("Browse page, 0 filters", "/provisions/", "browse"),
        ("Browse page, 3 filters", f"/provisions/?{three}", "browse"),
        ("Search page, rare word", f"/search/?{urlencode({'q': rare})}", "search"),
        ("Search page, common word", f"/search/?{urlencode({'q': common})}", "search"),
        ("API search, rare word", f"/api/provisions/?{urlencode({'search': rare})}", "search"),
        ("API search, common word", f"/api/provisions/?{urlencode({'search': common})}", "search"),
        ("Provision detail page", f"/provisions/{p.detail_slug}/", "detail"),
        ("API provision detail", f"/api/provisions/{p.detail_slug}/", "detail"),
    ]


TARGETS = {
    "api": f"p95 < {API_TARGET_MS} ms, ≤ {RAW_RATIO_TARGET}× raw",
    "browse": f"p95 < {BROWSE_TARGET_MS} ms",
    "search": f"p95 < {SEARCH_TARGET_MS} ms",
    "detail": "(ratio to raw)",
}
LIMITS = {"api": API_TARGET_MS, "browse": BROWSE_TARGET_MS, "search": SEARCH_TARGET_MS}


# --- The same rows by one raw SQL query ----------------------------------------------

_LIST_SQL = """
WITH page AS (
    SELECT p.id, count(*) OVER () AS total
    FROM treaties_provision p JOIN treaties_treaty t ON t.id = p.treaty_id
    WHERE {where}
    ORDER BY t.slug, p.article, p.paragraph
    LIMIT %(limit)s
)
SELECT p.id, t.slug AS treaty, p.article, p.paragraph, p.title, p.summary, p.measure,
       p.no_region, p.baseline_date, p.baseline_note, p.exceptions, page.total,
       (SELECT coalesce(json_agg(json_build_object('slug', x.slug, 'name', x.name)
                                 ORDER BY x.name), '[]')
          FROM treaties_provision_bound_parties l JOIN treaties_party x ON x.id = l.party_id
         WHERE l.provision_id = p.id) AS bound_parties,
       (SELECT coalesce(json_agg(json_build_object('slug', x.slug, 'name', x.name)
                                 ORDER BY x.name), '[]')
          FROM treaties_provision_regions l JOIN treaties_region x ON x.id = l.region_id
         WHERE l.provision_id = p.id) AS regions,
       (SELECT coalesce(json_agg(json_build_object('slug', x.slug, 'name', x.name)
                                 ORDER BY x.name), '[]')
          FROM treaties_provision_weapon_classes l
          JOIN treaties_weaponclass x ON x.id = l.weaponclass_id
         WHERE l.provision_id = p.id) AS weapon_classes,
       (SELECT coalesce(json_agg(json_build_object('treaty', rt.slug, 'article', r.article,
                                                   'paragraph', r.paragraph, 'title', r.title)),
                        '[]')
          FROM treaties_provision_related l
          JOIN treaties_provision r ON r.id = l.to_provision_id
          JOIN treaties_treaty rt ON rt.id = r.treaty_id
         WHERE l.from_provision_id = p.id) AS related,
       ev.confirmed, ev.suggested, ev.rejected, ev.sources
FROM page
JOIN treaties_provision p ON p.id = page.id
JOIN treaties_treaty t ON t.id = p.treaty_id
LEFT JOIN LATERAL (
    SELECT count(*) FILTER (WHERE e.status = 'confirmed') AS confirmed,
           count(*) FILTER (WHERE e.status = 'suggested') AS suggested,
           count(*) FILTER (WHERE e.status = 'rejected') AS rejected,
           count(DISTINCT a.outlet_id) FILTER (WHERE e.status = 'confirmed') AS sources
      FROM evidence_evidence e
      JOIN articles_sentence s ON s.id = e.sentence_id
      JOIN articles_article a ON a.id = s.article_id
     WHERE e.provision_id = p.id
) ev ON true
ORDER BY t.slug, p.article, p.paragraph
"""

_REGION_FILTER = """p.id IN (
    SELECT l.provision_id FROM treaties_provision_regions l WHERE l.region_id IN (
        SELECT r.id FROM treaties_region r WHERE r.slug = %(region)s
        UNION
        SELECT m.from_region_id FROM treaties_region_members m
        JOIN treaties_region r ON r.id = m.to_region_id WHERE r.slug = %(region)s))"""
_WEAPON_FILTER = """p.id IN (
    WITH RECURSIVE subtree AS (
        SELECT w.id FROM treaties_weaponclass w WHERE w.slug = %(weapon_class)s
        UNION
        SELECT c.id FROM treaties_weaponclass c JOIN subtree ON c.parent_id = subtree.id)
    SELECT l.provision_id FROM treaties_provision_weapon_classes l
    WHERE l.weaponclass_id IN (SELECT id FROM subtree))"""

_DETAIL_SQL = """
SELECT e.id, e.relation, e.status, s.id, s.position, s.text, s.start, s."end",
       a.id, a.title, a.url, a.published, o.slug, o.name
FROM evidence_evidence e
JOIN articles_sentence s ON s.id = e.sentence_id
JOIN articles_article a ON a.id = s.article_id
JOIN articles_outlet o ON o.id = a.outlet_id
WHERE e.provision_id = (
    SELECT p.id FROM treaties_provision p JOIN treaties_treaty t ON t.id = p.treaty_id
    WHERE t.slug = %(treaty)s AND p.article = %(article)s AND p.paragraph = %(paragraph)s)
ORDER BY s.article_id, s.position, e.id
"""


def raw_queries(p: Parameters) -> dict[str, tuple[str, dict]]:
    """Raw SQL returning the rows of the API responses it is named after."""
    treaty = "p.treaty_id IN (SELECT id FROM treaties_treaty WHERE slug = %(treaty)s)"
    params = {
        "limit": PAGE_SIZE,
        "treaty": p.treaty,
        "region": p.region,
        "weapon_class": p.weapon_class,
        "measure": p.measure,
    }
    three = f"{_REGION_FILTER} AND {_WEAPON_FILTER} AND p.measure = %(measure)s"
    treaty_slug, article, paragraph = p.detail
    return {
        "API list, 0 filters": (_LIST_SQL.format(where="true"), params),
        "API list, 1 filter (treaty)": (_LIST_SQL.format(where=treaty), params),
        "API list, 1 filter (region)": (_LIST_SQL.format(where=_REGION_FILTER), params),
        "API list, 3 filters": (_LIST_SQL.format(where=three), params),
        "API provision detail": (
            _DETAIL_SQL,
            {"treaty": treaty_slug, "article": article, "paragraph": paragraph},
        ),
    }


def time_raw(dsn: str, sql: str, params: dict, *, n: int, warmup: int) -> tuple[Timing, int]:
    """Time one query (execute and fetch every row) over a kept-open psycopg connection."""
    timing = Timing(name="raw", target="")
    with psycopg.connect(dsn, autocommit=True) as connection:
        rows = 0
        for index in range(warmup + n):
            started = time.perf_counter()
            rows = len(connection.execute(sql, params).fetchall())
            if index >= warmup:
                timing.samples_ms.append((time.perf_counter() - started) * 1000)
    return timing, rows


# --- Query counts ------------------------------------------------------------------


def query_counts(database_url: str, paths: list[str], static_root: str) -> dict:
    completed = subprocess.run(
        [PYTHON, str(ROOT / "bench" / "querycount.py"), *paths],
        cwd=ROOT,
        env=production_env(database_url, DJANGO_STATIC_ROOT=static_root),
        capture_output=True,
        text=True,
        check=False,
    )
    if completed.returncode:
        sys.exit(f"querycount.py failed on {database_url}:\n{completed.stderr[-3000:]}")
    return json.loads(completed.stdout)


def sentence_count(dsn: str) -> int:
    with psycopg.connect(dsn, autocommit=True) as connection:
        return connection.execute("SELECT count(*) FROM articles_sentence").fetchone()[0]


def postgres_settings(dsn: str) -> dict[str, str]:
    """The server's settings as a plain connection sees them. `jit` is the server's default:
    the application's own connections turn it off (config/settings.py)."""
    names = ("server_version", "shared_buffers", "work_mem", "effective_cache_size", "jit")
    with psycopg.connect(dsn, autocommit=True) as connection:
        return {name: connection.execute(f"SHOW {name}").fetchone()[0] for name in names}


# --- Main ----------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default=BENCH_DATABASE_URL)
    parser.add_argument("--small-database-url", default=SMALL_DATABASE_URL)
    parser.add_argument(
        "--summary",
        type=Path,
        default=ROOT / "bench" / "results" / "scale-summary.json",
        help="generate_scale_data --summary-json output (for the rare and common words)",
    )
    parser.add_argument("--rare-word", default="", help="instead of the summary's")
    parser.add_argument("--common-word", default="", help="instead of the summary's")
    parser.add_argument("--requests", type=int, default=50, help="timed requests per URL")
    parser.add_argument("--warmup", type=int, default=5)
    parser.add_argument(
        "--max-seconds", type=float, default=60, help="stop timing one URL after this long"
    )
    parser.add_argument("--port", type=int, default=DEFAULT_PORT)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--base-url", help="use this running loopback server instead")
    parser.add_argument("--only", help="measure only names containing this text")
    parser.add_argument("--skip-query-counts", action="store_true")
    parser.add_argument("--output", default="endpoints", help="results/<name>.json")
    args = parser.parse_args()

    dsn = args.database_url
    parameters = pick_parameters(
        dsn, args.summary, rare_word=args.rare_word, common_word=args.common_word
    )
    print(f"machine: {machine()}")
    print(f"scale database: {dsn} ({sentence_count(dsn):,} sentences)")
    print(f"postgresql: {postgres_settings(dsn)}")
    print(f"parameters: {parameters}")
    measured = [e for e in endpoints(parameters) if not args.only or args.only in e[0]]
    raw = raw_queries(parameters)

    timings: list[Timing] = []
    with server(dsn, port=args.port, workers=args.workers, base_url=args.base_url) as base:
        for name, path, kind in measured:
            timing = _time_bounded(base, path, name, kind, args)
            timings.append(timing)
            print(
                f"  {name:<30} p50 {timing.p50:8.1f} ms  p95 {timing.p95:8.1f} ms  "
                f"n={len(timing.samples_ms)} {timing.statuses}",
                flush=True,
            )

    rows, results = [], []
    for (name, path, kind), timing in zip(measured, timings, strict=True):
        ok_status = set(timing.statuses) == {200}
        ratio_p50 = ratio_p95 = raw_timing = None
        if name in raw and ok_status:
            sql, params = raw[name]
            raw_timing, raw_rows = time_raw(dsn, sql, params, n=args.requests, warmup=args.warmup)
            ratio_p50 = timing.p50 / raw_timing.p50
            ratio_p95 = timing.p95 / raw_timing.p95
            timing.note = f"raw SQL: {raw_rows} rows"
        met = _verdict(kind, timing, ratio_p50, ok_status)
        rows.append(
            [
                name,
                path,
                len(timing.samples_ms),
                timing.p50 if ok_status else None,
                timing.p95 if ok_status else None,
                timing.p99 if ok_status else None,
                raw_timing.p50 if raw_timing else None,
                raw_timing.p95 if raw_timing else None,
                f"{ratio_p50:.1f}× / {ratio_p95:.1f}×" if ratio_p50 else "",
                TARGETS[kind],
                met,
            ]
        )
        results.append(
            timing.as_dict()
            | {
                "path": path,
                "raw_p50_ms": raw_timing and round(raw_timing.p50, 2),
                "raw_p95_ms": raw_timing and round(raw_timing.p95, 2),
                "ratio_p50": ratio_p50 and round(ratio_p50, 2),
                "ratio_p95": ratio_p95 and round(ratio_p95, 2),
                "met": met,
            }
        )
    print(
        table(
            [
                "measurement",
                "URL",
                "n",
                "p50 ms",
                "p95 ms",
                "p99 ms",
                "raw p50",
                "raw p95",
                "API/raw p50 / p95",
                "target",
                "met",
            ],
            rows,
            title="Latency through gunicorn + PostgreSQL (sequential requests, fresh connections)",
        )
    )

    counts = {}
    if not args.skip_query_counts:
        counts = _compare_query_counts(args, parameters, dsn, measured)

    path = write_results(
        args.output,
        {
            "machine": machine(),
            "postgresql": postgres_settings(dsn),
            "database": dsn,
            "parameters": parameters.__dict__,
            "requests": args.requests,
            "results": results,
            "query_counts": counts,
        },
    )
    print(f"\nmachine at the end: {machine()}")
    print(f"results written to {path.relative_to(ROOT)}")


def _time_bounded(base, path, name, kind, args) -> Timing:
    """Like time_requests, but an endpoint slower than --max-seconds allows gets fewer
    samples (at least 5) instead of holding up the run."""
    first = fetch(base, path)
    if first.status != 200:
        timing = Timing(name=name, target=TARGETS[kind])
        timing.statuses[first.status] = 1
        timing.note = first.body[:200].decode(errors="replace")
        return timing
    budget = args.max_seconds
    expected = first.seconds * (args.warmup + args.requests)
    n = args.requests if expected <= budget else max(5, int(budget / max(first.seconds, 1e-3)))
    warmup = args.warmup if expected <= budget else 1
    return time_requests(base, path, name=name, target=TARGETS[kind], n=n, warmup=warmup)


def _verdict(kind: str, timing: Timing, ratio: float | None, ok_status: bool) -> str:
    if not ok_status:
        return f"n/a (HTTP {','.join(map(str, sorted(timing.statuses)))})"
    if kind not in LIMITS:
        return ""
    met = timing.p95 < LIMITS[kind]
    if kind == "api" and ratio is not None:
        met = met and ratio <= RAW_RATIO_TARGET
    return "yes" if met else "NO"


def _compare_query_counts(args, parameters: Parameters, dsn: str, measured) -> dict:
    small_dsn = args.small_database_url
    try:
        small_parameters = pick_parameters(small_dsn, None)
    except psycopg.Error as error:
        print(f"\nquery counts: cannot read {small_dsn}: {error}")
        return {}
    small_paths = {name: path for name, path, _ in endpoints(small_parameters)}
    # The search words of the large corpus may not occur in the small one: use its own.
    static_root = collect_static()
    try:
        large = query_counts(dsn, [path for _, path, _ in measured], static_root)
        small = query_counts(small_dsn, [small_paths[name] for name, _, _ in measured], static_root)
    finally:
        shutil.rmtree(static_root, ignore_errors=True)
    small_sentences, large_sentences = sentence_count(small_dsn), sentence_count(dsn)
    rows, out = [], {}
    for name, path, _ in measured:
        a, b = small[small_paths[name]], large[path]
        same = a["queries"] == b["queries"]
        verdict = "yes" if same else "NO"
        rows.append(
            [
                name,
                a["queries"],
                b["queries"],
                a["status"],
                b["status"],
                verdict,
                b.get("cpu_ms"),
                b.get("sql_ms"),
            ]
        )
        out[name] = {"small": a, "large": b, "same": same}
    print(
        table(
            [
                "request",
                f"queries @ {small_sentences:,} sentences",
                f"queries @ {large_sentences:,} sentences",
                "status small",
                "status large",
                "same",
                "CPU ms @ large",
                "SQL ms @ large",
            ],
            rows,
            title="SQL queries per request, and at scale the least CPU time of the application "
            "and time in SQL over 7 runs (Django test client, in-process)",
        )
    )
    return out


if __name__ == "__main__":
    main()
