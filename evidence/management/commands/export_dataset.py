import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand

from evidence.dataset import export_dataset


class Command(BaseCommand):
    help = (
        "Write the whole dataset (vocabulary, treaties, provisions, articles, sentences, "
        "evidence) as one versioned JSON document with a checksum."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output", "-o", type=Path, help="File to write (default: standard output)."
        )

    def handle(self, *args, output: Path | None, **options):
        text = json.dumps(export_dataset(), ensure_ascii=False, indent=1, sort_keys=True)
        if output is None:
            sys.stdout.write(text + "\n")
            return
        output.write_text(text + "\n", encoding="utf-8")
        self.stderr.write(f"Dataset written to {output}")
