from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from articles.seeding import load_articles
from core.seeding import SeedDataError
from evidence.seeding import load_evidence
from treaties.seeding import load_treaty_data


class Command(BaseCommand):
    help = (
        "Load the seed corpus from seeds/: the vocabulary and both drafts, the five seed "
        "articles, and the curated evidence. Running it twice is the same as running it once."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--seeds-dir",
            type=Path,
            default=Path(settings.BASE_DIR) / "seeds",
            help="Folder holding treaties.yaml, manifest.yaml, evidence.yaml and the articles.",
        )

    def handle(self, *args, seeds_dir: Path, **options):
        try:
            with transaction.atomic():
                treaty_counts = load_treaty_data(seeds_dir / "treaties.yaml")
                articles = load_articles(seeds_dir / "manifest.yaml")
                links = load_evidence(seeds_dir / "evidence.yaml", articles.by_file)
        except SeedDataError as error:
            raise CommandError(str(error)) from None
        counts = ", ".join(f"{count} {name}" for name, count in treaty_counts.items())
        self.stdout.write(
            f"Seeds loaded: {counts}; {len(articles.by_file)} articles "
            f"({articles.created} new); {links} new evidence links."
        )
