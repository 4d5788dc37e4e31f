"""Load the seed corpus: outlets and articles from the manifest, then the curated evidence.

Everything is keyed by readable names (file names, sentence texts, provision references such
as "russia-nato 7(2)"), never by database ids, so the files can be read and reviewed as text.
"""

from dataclasses import dataclass, field
from pathlib import Path

import yaml
from django.db import transaction

from articles.ingest import ArticleImportError, import_article
from articles.models import Article, Evidence, Outlet
from treaties.models import Provision
from treaties.seeding import SeedDataError, parse_provision_ref

ARTICLE_METADATA = ("title", "url", "published", "note")


@dataclass
class SeedArticles:
    by_file: dict[str, Article] = field(default_factory=dict)
    created: int = 0


@transaction.atomic
def load_articles(manifest_path: Path) -> SeedArticles:
    """Create the manifest's outlets and import each listed file with its metadata."""
    manifest = _read_yaml(manifest_path)
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
                # The seed articles' links are curated in evidence.yaml.
                suggest=False,
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


@transaction.atomic
def load_evidence(evidence_path: Path, articles: dict[str, Article]) -> int:
    """Link each curated sentence to its provisions as confirmed `reports` evidence.

    Returns the number of links created; links that exist already are left as they are,
    so that an editor's later review of a seed link is not undone by reloading the seeds.
    """
    curated = _read_yaml(evidence_path)
    provisions = {
        (p.treaty.slug, p.article, p.paragraph): p for p in Provision.objects.with_labels()
    }
    created = 0
    for file_name, links in curated.items():
        article = articles.get(file_name)
        if article is None:
            raise SeedDataError(f"{evidence_path.name}: {file_name} is not in the manifest")
        sentences = {}
        for sentence in article.sentences.all():
            sentences.setdefault(sentence.text, []).append(sentence)
        for link in links:
            matches = sentences.get(link["sentence"], [])
            if len(matches) != 1:
                raise SeedDataError(
                    f"{evidence_path.name}: {file_name}: {len(matches)} sentences read "
                    f"{link['sentence'][:60]!r}…, expected exactly one"
                )
            for reference in link["provisions"]:
                provision = provisions.get(parse_provision_ref(reference))
                if provision is None:
                    raise SeedDataError(f"{evidence_path.name}: no provision {reference!r}")
                _, was_created = Evidence.objects.get_or_create(
                    sentence=matches[0],
                    provision=provision,
                    defaults={
                        "relation": Evidence.Relation.REPORTS,
                        "status": Evidence.Status.CONFIRMED,
                    },
                )
                created += was_created
    return created


def _read_yaml(path: Path):
    try:
        with path.open(encoding="utf-8") as handle:
            return yaml.safe_load(handle)
    except (OSError, yaml.YAMLError) as error:
        raise SeedDataError(f"{path.name}: {error}") from error


def _update(instance, values: dict) -> None:
    changed = [key for key, value in values.items() if getattr(instance, key) != value]
    if changed:
        for key in changed:
            setattr(instance, key, values[key])
        instance.full_clean()
        instance.save(update_fields=changed)
