"""Reads for the annotation view: an article's sentences with every link (suggested, confirmed
and rejected), and the provisions an editor picks from. Each loads what it shows in a fixed
number of queries, whatever the number of sentences."""

from dataclasses import dataclass, field
from itertools import groupby

from django.db.models import Prefetch, QuerySet

from articles.models import Article, Sentence
from core.search import search_words
from evidence.models import Evidence
from treaties.models import Provision, Treaty


@dataclass
class SentenceRow:
    """A sentence as the annotation view shows it, with what the last action on it said."""

    sentence: Sentence
    links: list[Evidence]
    errors: list[str] = field(default_factory=list)
    message: str = ""
    # Whether the "link a provision" form starts open: after an addition or a failed one.
    adding: bool = False

    @property
    def anchor(self) -> str:
        return f"s{self.sentence.position}"

    @property
    def needs_review(self) -> bool:
        return any(link.needs_review for link in self.links)


@dataclass
class AnnotationCounts:
    sentences: int
    linked_sentences: int
    suggested: int
    confirmed: int
    flagged: int


def _links() -> QuerySet[Evidence]:
    return Evidence.objects.select_related("provision__treaty").order_by(
        "provision__treaty__slug", "provision__article", "provision__paragraph", "pk"
    )


def _sentences() -> QuerySet[Sentence]:
    return Sentence.objects.order_by("position", "pk").prefetch_related(
        Prefetch("evidence", queryset=_links())
    )


def article_for_annotation(pk: int) -> tuple[Article, list[SentenceRow]]:
    """An article and its sentences in order, each with all its links (three queries).
    Raises `Article.DoesNotExist`."""
    article = (
        Article.objects.select_related("outlet", "next_version")
        .defer("raw", "body", "next_version__raw", "next_version__body")
        .get(pk=pk)
    )
    rows = [
        SentenceRow(sentence, list(sentence.evidence.all()))
        for sentence in _sentences().filter(article=article)
    ]
    return article, rows


def sentence_row(pk: int) -> SentenceRow:
    """One sentence with all its links (two queries). Raises `Sentence.DoesNotExist`."""
    sentence = _sentences().get(pk=pk)
    return SentenceRow(sentence, list(sentence.evidence.all()))


def count_links(rows: list[SentenceRow]) -> AnnotationCounts:
    links = [link for row in rows for link in row.links]
    return AnnotationCounts(
        sentences=len(rows),
        linked_sentences=sum(1 for row in rows if row.links),
        suggested=sum(1 for link in links if link.status == Evidence.Status.SUGGESTED),
        confirmed=sum(1 for link in links if link.status == Evidence.Status.CONFIRMED),
        flagged=sum(1 for link in links if link.needs_review),
    )


@dataclass
class ProvisionGroup:
    treaty: Treaty
    provisions: list[Provision]


def provision_choices(find: str = "") -> list[ProvisionGroup]:
    """Every provision, grouped by treaty, that has each word of `find` in its label, slug,
    title or summary (one query). The drafts hold a few dozen provisions, so they are
    matched here alike on every database rather than by the stemming full-text search."""
    words = [word.casefold() for word in search_words(find)]
    provisions = Provision.objects.with_labels().order_by(
        "treaty__slug", "article", "paragraph", "pk"
    )
    groups = []
    for treaty, members in groupby(provisions, key=lambda provision: provision.treaty):
        matching = [provision for provision in members if _has_every_word(provision, words)]
        if matching:
            groups.append(ProvisionGroup(treaty, matching))
    return groups


def _has_every_word(provision: Provision, words: list[str]) -> bool:
    text = " ".join(
        (provision.label, provision.slug, provision.title, provision.summary)
    ).casefold()
    return all(word in text for word in words)
