"""Load the curated evidence of the seed articles (seeds/evidence.yaml).

Keyed by readable names: the article's file name, the sentence's exact text (as the importer
splits it) and provision references such as "russia-nato 7(2)", never by database ids.
"""

from pathlib import Path

from django.db import transaction

from articles.models import Article, Sentence
from core.seeding import SeedDataError, read_yaml
from evidence.models import Evidence
from treaties.models import Provision
from treaties.seeding import parse_provision_ref


@transaction.atomic
def load_evidence(evidence_path: Path, articles: dict[str, Article]) -> int:
    """Link each curated sentence to its provisions as confirmed `reports` evidence.

    Returns the number of links created; links that exist already are left as they are,
    so that an editor's later review of a seed link is not undone by reloading the seeds.
    """
    curated = read_yaml(evidence_path)
    provisions = {
        (p.treaty.slug, p.article, p.paragraph): p for p in Provision.objects.with_labels()
    }
    created = 0
    for file_name, links in curated.items():
        article = articles.get(file_name)
        if article is None:
            raise SeedDataError(f"{evidence_path.name}: {file_name} is not in the manifest")
        sentences: dict[str, list[Sentence]] = {}
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
