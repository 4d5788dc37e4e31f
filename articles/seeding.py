"""Load the seed articles: the outlets and articles of the manifest, by file name.

Everything is keyed by readable names, never by database ids, so the manifest can be read
and reviewed as text. The curated links of the articles are loaded by `evidence.seeding`.
"""

from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction

from articles.ingest import ArticleImportError, import_article
from articles.models import Article, Outlet
from core.seeding import SeedDataError, read_yaml

ARTICLE_METADATA = ("title", "url", "published", "note")


@dataclass
class SeedArticles:
    by_file: dict[str, Article] = field(default_factory=dict)
    created: int = 0


@transaction.atomic
def load_articles(manifest_path: Path) -> SeedArticles:
    """Create the manifest's outlets and import each listed file with its metadata."""
    manifest = read_yaml(manifest_path)
    for entry in manifest["outlets"]:
        outlet, _ = Outlet.objects.get_or_create(slug=entry["slug"], defaults=entry)
        _update(outlet, entry)

    result = SeedArticles()
    for entry in manifest["articles"]:
        path = manifest_path.parent / entry["file"]
        try:
            imported = import_article(
                raw=path.read_bytes(),
                source_name=entry["file"],
                outlet=entry["outlet"],
                title=entry.get("title"),
                url=entry.get("url") or None,
                published=entry.get("published"),
                note=entry.get("note", ""),
            )
        except ArticleImportError as error:
            raise SeedDataError(f"{entry['file']}: {error}") from error
        article = imported.article
        # The file is unchanged but the manifest may have corrected what is known of it.
        known = {key: entry[key] for key in ARTICLE_METADATA if entry.get(key) is not None}
        _update(article, known)
        result.by_file[entry["file"]] = article
        result.created += imported.status != "unchanged"
    return result


def _update(instance, values: dict) -> None:
    changed = [key for key, value in values.items() if getattr(instance, key) != value]
    if changed:
        for key in changed:
            setattr(instance, key, values[key])
        instance.full_clean()
        instance.save(update_fields=changed)
