import argparse
from datetime import date
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError
from django.template.defaultfilters import pluralize
from tqdm import tqdm

from articles.ingest import ArticleImportError, read_article_file
from evidence.importing import import_with_evidence

# Below this a bar only flickers; the per-file lines say enough.
PROGRESS_BAR_FROM = 21


def iso_date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a date as YYYY-MM-DD") from None


class Command(BaseCommand):
    help = (
        "Import article text files (UTF-8): clean each, split it into sentences and store it. "
        "Each file is imported on its own; a file that fails is reported and the others go on. "
        "Importing the same text again changes nothing; a new text at a known URL becomes the "
        "article's next version, which takes over the evidence of the sentences it still "
        "contains. Each new text gets suggested evidence links (unless --no-suggestions). "
        "A file may start with three header lines (title, date as "
        "YYYYMMDD, URL) that give its metadata; the options win over them."
    )

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", type=Path, metavar="FILE")
        parser.add_argument(
            "--outlet",
            help="Slug, name or domain of the outlet (created if unknown); by default the "
            "outlet of the URL's domain.",
        )
        parser.add_argument("--title", help="Article title (one file only).")
        parser.add_argument("--url", help="Article URL (one file only).")
        parser.add_argument(
            "--date",
            type=iso_date,
            dest="published",
            metavar="YYYY-MM-DD",
            help="Publication date.",
        )
        parser.add_argument("--language", default="en", help="Language code (default: en).")
        parser.add_argument("--note", default="", help="Provenance: what the text is.")
        parser.add_argument(
            "--no-suggestions",
            action="store_false",
            dest="suggest",
            help="Do not compute suggested evidence links for the imported articles.",
        )

    def handle(
        self, *args, files, outlet, title, url, published, language, note, suggest, **options
    ):
        if len(files) > 1 and (title or url):
            raise CommandError(
                f"--title and --url describe one article: give them with a single file, "
                f"not {len(files)}"
            )
        verbosity = options["verbosity"]
        show_bar = len(files) >= PROGRESS_BAR_FROM
        # tqdm writes to the raw stream: the wrapper would end each redraw with a newline.
        # disable=None turns the bar off when stderr is not a terminal.
        bar = tqdm(files, unit="file", file=self.stderr._out, disable=None if show_bar else True)
        imported = sentences = suggestions = unchanged = failed = 0
        for path in bar:
            try:
                result = import_with_evidence(
                    raw=read_article_file(path),
                    source_name=path.name,
                    outlet=outlet,
                    title=title,
                    url=url,
                    published=published,
                    language=language,
                    note=note,
                    suggest=suggest,
                )
            except (ArticleImportError, DatabaseError) as error:
                failed += 1
                self._write(bar, self.stderr, f"{path}: {_one_line(error)}")
                continue
            if result.status == "unchanged":
                unchanged += 1
                outcome = "unchanged"
            else:
                imported += 1
                sentences += result.sentence_count
                suggestions += result.suggestion_count
                outcome = (
                    "created"
                    if result.status == "created"
                    else f"new version {result.article.version}"
                )
                outcome += f" ({_details(result)})"
            if verbosity >= 1:
                self._write(bar, self.stdout, f"{path}: {outcome}")
        bar.close()
        if verbosity >= 1:
            self.stdout.write(
                f"{imported} article{pluralize(imported)} imported "
                f"({sentences} sentence{pluralize(sentences)}, "
                f"{suggestions} suggested link{pluralize(suggestions)}), "
                f"{unchanged} unchanged, {failed} failed"
            )
        if failed:
            raise CommandError(f"{failed} of {len(files)} files failed")

    def _write(self, bar, stream, line: str) -> None:
        if bar.disable:
            stream.write(line)
        else:
            bar.write(line, file=stream._out)


def _details(result) -> str:
    parts = [
        f"{result.sentence_count} sentences",
        f"{result.suggestion_count} suggested link{pluralize(result.suggestion_count)}",
    ]
    if result.status == "new_version":
        parts.append(f"{result.carried_over_count} evidence carried over")
        parts.append(f"{result.needs_review_count} to review")
    return ", ".join(parts)


def _one_line(error: Exception) -> str:
    return " ".join(str(error).split()) or type(error).__name__
