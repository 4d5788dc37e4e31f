"""Article import throughput, in sentences per second, against the segmentation alone.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/proviso_bench \
        .venv/bin/python bench/import_throughput.py [--articles 300] [--sentences 20]

On the same generated article files (header lines, then paragraphs; the generator's
vocabulary), times:
1. syntok alone: `segmenter.analyze` over each body, every token read;
2. `articles.segmentation.split_sentences` (syntok plus the project's joining rules);
3. `articles.ingest.import_article`: decoding, cleaning, hashing, metadata checks, the
   article row and `bulk_create` of its sentences (on PostgreSQL the stored search vector
   and its GIN index are computed on insert), and, as by default (`suggest=True`), the
   article's suggested evidence links (`evidence.suggestions.suggest_links`, which compares
   its sentences with every provision). Everything it writes is rolled back.
The database is the one DATABASE_URL names; by default the scale database, so that
inserts pay for indexes of their real size.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

from common import BENCH_DATABASE_URL, machine, table, write_results


class Rollback(Exception):
    pass


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=300)
    parser.add_argument("--sentences", type=int, default=20, help="sentences per article")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--repeat", type=int, default=3, help="best of this many runs")
    args = parser.parse_args()
    os.environ.setdefault("DATABASE_URL", BENCH_DATABASE_URL)

    import django

    django.setup()
    from django.db import connection, transaction
    from syntok import segmenter

    from articles.cleaning import clean_body
    from articles.ingest import decode_article, import_article, split_header
    from articles.segmentation import split_sentences
    from bench.scale_data import Prose

    rng = random.Random(args.seed)
    prose = Prose(20_000, rng, seed=args.seed)
    files = []
    for index in range(args.articles):
        published = date(2022, 1, 1) + timedelta(days=index % 700)
        text = prose.article_file(
            args.sentences, url=f"https://bench.example/{index}", published=published
        )
        files.append(text.encode("utf-8"))
    bodies = []
    for raw in files:
        header, rest = split_header(decode_article(raw))
        bodies.append(clean_body(rest, title=header.title))
    sentence_total = sum(len(split_sentences(body)) for body in bodies)
    characters = sum(len(body) for body in bodies)

    def syntok_alone():
        for body in bodies:
            for paragraph in segmenter.analyze(body):
                for sentence in paragraph:
                    for _token in sentence:
                        pass

    def splitter():
        for body in bodies:
            split_sentences(body)

    def importer():
        try:
            with transaction.atomic():
                for index, raw in enumerate(files):
                    import_article(
                        raw=raw,
                        source_name=f"bench-{index}.txt",
                        outlet="bench-outlet",
                        suggest=True,  # the default: what an import costs
                    )
                raise Rollback
        except Rollback:
            pass

    def best(function) -> float:
        times = []
        for _ in range(args.repeat):
            started = time.perf_counter()
            function()
            times.append(time.perf_counter() - started)
        return min(times)

    print(f"machine: {machine()}")
    print(f"database: {connection.vendor} {connection.settings_dict['NAME']}")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM articles_sentence")
            print(f"sentences already stored: {cursor.fetchone()[0]:,}")
    print(
        f"input: {args.articles} generated articles, {sentence_total:,} sentences, "
        f"{characters:,} characters; best of {args.repeat}"
    )
    rows, results = [], {}
    for name, function in (
        ("syntok alone (segmenter.analyze)", syntok_alone),
        ("split_sentences (syntok + joining rules)", splitter),
        ("import_article (clean, check, store, suggest)", importer),
    ):
        seconds = best(function)
        rate = sentence_total / seconds
        results[name] = {"seconds": round(seconds, 3), "sentences_per_second": round(rate)}
        rows.append([name, seconds, rate])
    base = results["syntok alone (segmenter.analyze)"]["sentences_per_second"]
    for row in rows:
        row.append(f"{row[2] / base:.2f}×")
    print(
        table(
            ["step", "seconds", "sentences/s", "vs syntok alone"],
            rows,
            title="Import throughput",
        )
    )
    path = write_results(
        "import_throughput",
        {
            "machine": machine(),
            "articles": args.articles,
            "sentences": sentence_total,
            "results": results,
        },
    )
    print(f"\nresults written to {path}")


if __name__ == "__main__":
    main()
