"""Importing an article with its evidence: the article and its sentences (`articles.ingest`),
then, for a new version, the earlier version's evidence carried over to the sentences it
kept, then the suggested links of a new text. All in one transaction: an import leaves the
whole article with its links, or nothing."""

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from articles.ingest import ImportResult, import_article
from articles.models import Article, Sentence
from evidence.models import Evidence
from evidence.suggestions import suggest_links


@dataclass(frozen=True)
class ImportReport:
    imported: ImportResult
    suggestion_count: int = 0
    # For a new version: evidence copied to the sentences it kept word for word, and evidence
    # left on the previous version's sentences that it dropped, flagged for review.
    carried_over_count: int = 0
    needs_review_count: int = 0

    @property
    def article(self) -> Article:
        return self.imported.article

    @property
    def status(self) -> str:
        return self.imported.status

    @property
    def sentence_count(self) -> int:
        return self.imported.sentence_count


@transaction.atomic
def import_with_evidence(*, suggest: bool = True, **article) -> ImportReport:
    """Import one article (the keyword arguments of `articles.ingest.import_article`); with
    `suggest`, a new article or version also gets its suggested evidence links."""
    imported = import_article(**article)
    if imported.status == "unchanged":
        return ImportReport(imported)
    carried_over = needs_review = 0
    if imported.previous is not None:
        sentences = list(imported.article.sentences.order_by("position"))
        carried_over, needs_review = carry_over_evidence(
            previous=imported.previous, sentences=sentences
        )
    suggestions = suggest_links(article=imported.article) if suggest else []
    return ImportReport(
        imported,
        suggestion_count=len(suggestions),
        carried_over_count=carried_over,
        needs_review_count=needs_review,
    )


def carry_over_evidence(*, previous: Article, sentences: list[Sentence]) -> tuple[int, int]:
    """Copy the previous version's evidence to the new version's sentences of the same text.

    Returns (evidence carried over, evidence flagged for review). A copy keeps provision,
    relation, status, score, matched terms, note and author: it is the same reading of the
    same words. The earlier version keeps its own evidence as it was, except that a link
    whose sentence the new text no longer holds is flagged `needs_review`, so that an editor
    looks at what the new text says instead. A text that occurs more than once is matched
    with its first occurrence in the new version.
    """
    by_text: dict[str, Sentence] = {}
    for sentence in sentences:
        by_text.setdefault(sentence.text, sentence)
    copies, flagged = [], []
    evidence = Evidence.objects.filter(sentence__article=previous).select_related("sentence")
    for link in evidence.order_by("sentence__position", "provision"):
        match = by_text.get(link.sentence.text)
        if match is None:
            link.needs_review = True
            link.updated_at = timezone.now()
            flagged.append(link)
            continue
        copy = Evidence(
            sentence=match,
            provision_id=link.provision_id,
            relation=link.relation,
            status=link.status,
            score=link.score,
            matched_terms=link.matched_terms,
            note=link.note,
            created_by_id=link.created_by_id,
        )
        # The fields come from a stored, valid row; the sentence was just created.
        copy.full_clean(
            exclude=["sentence", "provision", "created_by"],
            validate_unique=False,
            validate_constraints=False,
        )
        copies.append(copy)
    if copies:
        bulk_create_with_history(copies, Evidence)
    if flagged:
        bulk_update_with_history(flagged, Evidence, ["needs_review", "updated_at"])
    return len(copies), len(flagged)
