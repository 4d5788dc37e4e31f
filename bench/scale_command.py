"""The options and the report of `python -m bench.generate_scale_data` (see bench/scale_data.py
for what it generates)."""

import json
import time
from dataclasses import asdict, replace
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS

from bench.scale_data import (
    PREFIX,
    ScaleDataError,
    Sizes,
    check_backend,
    clear,
    generate,
    has_scale_data,
)


class Command(BaseCommand):
    help = (
        "Generate a large, realistic corpus for performance work: by default 500 treaties, "
        "10,000 provisions, 100,000 articles, 2,000,000 sentences and 200,000 evidence links, "
        f"with Zipf-skewed use of regions, weapon classes, outlets and words. Every generated "
        f"row is marked (slugs starting with {PREFIX!r}) and --clear removes them all. Full "
        "size needs PostgreSQL, where the large tables are written with COPY."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--scale",
            type=float,
            default=1.0,
            help="Multiply every default size by this factor (e.g. 0.001); explicit counts win.",
        )
        for name in Sizes.__dataclass_fields__:
            parser.add_argument(f"--{name}", type=int, help=f"Number of {name}.")
        parser.add_argument(
            "--seed", type=int, default=1, help="Random seed: the same seed, the same corpus."
        )
        parser.add_argument(
            "--replace",
            action="store_true",
            help="Remove the scale data already in the database first, then generate.",
        )
        parser.add_argument(
            "--clear", action="store_true", help="Only remove the scale data, generate nothing."
        )
        parser.add_argument(
            "--summary-json",
            type=Path,
            help="Also write the summary (counts, timings, words and slugs to benchmark) here.",
        )
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS)

    def handle(self, *args, scale, seed, replace: bool, clear: bool, summary_json, **options):
        using = options["database"]
        self.verbosity = options["verbosity"]
        if clear:
            self._clear(using)
            return
        sizes = Sizes().scaled(scale) if scale != 1.0 else Sizes()
        explicit = {name: options[name] for name in asdict(sizes) if options[name] is not None}
        sizes = _replace(sizes, explicit)
        try:
            sizes.check()
            check_backend(sizes, using)
        except ScaleDataError as error:
            raise CommandError(str(error)) from None
        if has_scale_data(using):
            if not replace:
                raise CommandError(
                    "the database already has scale data: give --replace to generate it "
                    "afresh, or --clear to remove it"
                )
            self._clear(using)

        self.stdout.write(
            "Generating "
            + ", ".join(f"{value:,} {name}" for name, value in asdict(sizes).items())
            + f" (seed {seed})…"
        )
        try:
            summary = generate(sizes, seed=seed, using=using, log=self._progress)
        except ScaleDataError as error:
            raise CommandError(str(error)) from None

        counts = summary.counts
        seconds = summary.seconds["total"]
        self.stdout.write(
            self.style.SUCCESS(
                "Generated "
                + ", ".join(f"{value:,} {name}" for name, value in counts.items())
                + f" in {seconds:.1f} s ({counts['sentences'] / max(seconds, 0.001):,.0f} "
                "sentences/s overall)."
            )
        )
        rows = [
            (
                "common word",
                f"{summary.common_word!r} in {summary.common_word_sentences:,} sentences",
            ),
            ("rare word", f"{summary.rare_word!r} in {summary.rare_word_sentences:,} sentences"),
            (
                "detail provision",
                f"{summary.detail_provision} ({summary.detail_provision_evidence:,} evidence rows)",
            ),
            (
                "busiest provision",
                f"{summary.busiest_provision} "
                f"({summary.busiest_provision_evidence:,} evidence rows)",
            ),
            ("top treaty", summary.top_treaty),
            (
                "top region",
                f"{summary.top_region} ({summary.top_region_provisions:,} provisions; "
                f"median region {summary.median_region_provisions:g})",
            ),
            ("top weapon class", summary.top_weapon_class),
            ("top outlet", summary.top_outlet),
        ]
        for label, value in rows:
            self.stdout.write(f"  {label:<18} {value}")
        if summary_json:
            summary_json.parent.mkdir(parents=True, exist_ok=True)
            summary_json.write_text(json.dumps(summary.as_dict(), indent=2, default=str) + "\n")
            self.stdout.write(f"  summary written to {summary_json}")

    def _clear(self, using: str) -> None:
        started = time.perf_counter()
        deleted = clear(using)
        total = sum(deleted.values())
        details = ", ".join(f"{count:,} {name}" for name, count in deleted.items() if count)
        self.stdout.write(
            f"Removed {total:,} rows of scale data ({details or 'none'}) "
            f"in {time.perf_counter() - started:.1f} s."
        )

    def _progress(self, message: str) -> None:
        # Phases ("  name: 1.2 s") from verbosity 1, progress within a phase from 2.
        level = 2 if message.startswith("    ") else 1
        if self.verbosity >= level:
            self.stdout.write(message)


def _replace(sizes: Sizes, explicit: dict) -> Sizes:
    return replace(sizes, **explicit) if explicit else sizes
