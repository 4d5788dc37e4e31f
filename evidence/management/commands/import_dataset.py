import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from evidence.dataset import DatasetError, import_dataset


class Command(BaseCommand):
    help = "Restore a file written by export_dataset into an empty database, in one transaction."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)

    def handle(self, *args, file: Path, **options):
        try:
            document = json.loads(file.read_text(encoding="utf-8"))
        except OSError as error:
            raise CommandError(f"{file}: {error.strerror}") from None
        except (UnicodeDecodeError, json.JSONDecodeError) as error:
            raise CommandError(f"{file}: not a JSON file ({error})") from None
        try:
            counts = import_dataset(document)
        except DatasetError as error:
            raise CommandError(f"{file}: {error}") from None
        summary = ", ".join(f"{count} {name}" for name, count in counts.items())
        self.stdout.write(f"Dataset restored: {summary}.")
