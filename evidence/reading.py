"""Reads for the pages that show reporting: a provision's evidence in context, an article
with its evidence marked, and the figures of the home page. Each loads what its page shows
in a fixed number of queries, whatever the number of rows."""

import re
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, F, OuterRef, Subquery, Window
from django.db.models.functions import Coalesce, RowNumber

from articles.models import Article, Outlet, Sentence
from articles.selectors import reporting_outlet_count
from evidence.models import Evidence
from evidence.selectors import treaties_with_provisions
from evidence.treaty_reading import COMPARED_TREATIES
from treaties.models import Provision, Treaty

# Sentences quoted per outlet on a provision's page; the rest are counted and linked.
SENTENCES_PER_OUTLET = 5


@dataclass
class SentenceInContext:
    sentence: Sentence
    before: str | None
    after: str | None
    relation: str
    # The sentence's place in its article's reading view.
    anchor: str = ""


@dataclass
class OutletReport:
    outlet: Outlet
    total: int = 0
    sentences: list[SentenceInContext] = field(default_factory=list)

    @property
    def more(self) -> int:
        return self.total - len(self.sentences)

    @property
    def articles(self) -> list[Article]:
        seen: dict[int, Article] = {}
        for item in self.sentences:
            seen.setdefault(item.sentence.article_id, item.sentence.article)
        return list(seen.values())


def neighbour_text(offset: int) -> Subquery:
    """The text of the sentence `offset` places away in the same article: one probe of the
    unique (article, position) index per evidence row."""
    return Subquery(
        Sentence.objects.filter(
            article_id=OuterRef("sentence__article_id"),
            position=OuterRef("sentence__position") + offset,
        )
        .order_by()
        .values("text")[:1]
    )


def evidence_by_outlet(provision: Provision) -> list[OutletReport]:
    """A provision's confirmed evidence grouped by outlet: the first SENTENCES_PER_OUTLET of
    each outlet, with the sentences before and after them, and each outlet's total (two
    queries, however much evidence there is)."""
    outlet = F("sentence__article__outlet")
    reading_order = [
        F("sentence__article__published").asc(nulls_last=True),
        F("sentence__article_id").asc(),
        F("sentence__position").asc(),
    ]
    totals = dict(
        Evidence.objects.confirmed()
        .filter(provision=provision)
        .annotate(
            rank=Window(RowNumber(), partition_by=[outlet], order_by=reading_order),
            outlet_total=Window(Count("pk"), partition_by=[outlet]),
        )
        .filter(rank__lte=SENTENCES_PER_OUTLET)
        .values_list("pk", "outlet_total")
    )
    # The neighbours are read for the quoted sentences only.
    evidence = (
        Evidence.objects.filter(pk__in=totals)
        .select_related("sentence__article__outlet")
        .defer("sentence__article__raw", "sentence__article__body")
        .annotate(text_before=neighbour_text(-1), text_after=neighbour_text(1))
        .order_by("sentence__article__outlet__name", *reading_order)
    )
    reports: dict[int, OutletReport] = {}
    article_urls: dict[int, str] = {}
    for item in evidence:
        sentence = item.sentence
        report = reports.setdefault(
            sentence.article.outlet_id, OutletReport(sentence.article.outlet, totals[item.pk])
        )
        if sentence.article_id not in article_urls:
            article_urls[sentence.article_id] = sentence.article.get_absolute_url()
        report.sentences.append(
            SentenceInContext(
                sentence=sentence,
                before=item.text_before,
                after=item.text_after,
                relation=item.get_relation_display(),
                anchor=f"{article_urls[sentence.article_id]}#s{sentence.position}",
            )
        )
    return list(reports.values())


@dataclass
class Passage:
    """A piece of an article's body: a sentence (with its evidence), or the text between."""

    text: str
    sentence: Sentence | None = None
    evidence: list[Evidence] = field(default_factory=list)


def article_for_reading(pk: int) -> tuple[Article, list[list[Passage]], int]:
    """An article, its body as paragraphs of passages, and its number of evidence
    sentences (three queries). Raises `Article.DoesNotExist`."""
    article = Article.objects.select_related("outlet", "previous_version", "next_version").get(
        pk=pk
    )
    sentences = list(article.sentences.order_by("start"))
    evidence: dict[int, list[Evidence]] = {}
    for item in (
        Evidence.objects.confirmed()
        .filter(sentence__article=article)
        .select_related("provision__treaty")
        .order_by("provision__treaty__slug", "provision__article", "provision__paragraph")
    ):
        evidence.setdefault(item.sentence_id, []).append(item)

    paragraphs: list[list[Passage]] = [[]]

    def add_text(text):
        # A run of newlines ends a paragraph: the cleaned body keeps the article's breaks.
        for index, piece in enumerate(re.split(r"\n+", text)):
            if index:
                paragraphs.append([])
            if piece.strip():
                paragraphs[-1].append(Passage(piece))

    cursor = 0
    for sentence in sentences:
        add_text(article.body[cursor : sentence.start])
        paragraphs[-1].append(Passage(sentence.text, sentence, evidence.get(sentence.pk, [])))
        cursor = sentence.end
    add_text(article.body[cursor:])
    return article, [paragraph for paragraph in paragraphs if paragraph], len(evidence)


@dataclass
class DraftOverview:
    treaty: Treaty
    provision_count: int
    reported_count: int
    evidence_count: int
    outlet_count: int

    @property
    def unreported_count(self) -> int:
        return self.provision_count - self.reported_count


# Articles listed on the home page, the latest first; the total is given beside them.
HOME_ARTICLES = 10


@dataclass
class Overview:
    drafts: list[DraftOverview]
    # Any further treaties beyond the two set side by side, as (slug, short title).
    other_treaties: list[tuple[str, str]]
    articles: list[Article]
    article_count: int
    outlet_count: int


def drafts_overview() -> Overview:
    """The two drafts with how widely each was reported, the latest articles read, and the
    numbers of articles and of outlets (ten queries)."""
    treaties = list(treaties_with_provisions()[:COMPARED_TREATIES])
    other_treaties = list(
        Treaty.objects.order_by("slug").values_list("slug", "short_title")[COMPARED_TREATIES:]
    )
    outlets_by_treaty = dict(
        Evidence.objects.confirmed()
        .filter(provision__treaty__in=treaties)
        .order_by()
        .values("provision__treaty_id")
        .annotate(outlets=Count("sentence__article__outlet", distinct=True))
        .values_list("provision__treaty_id", "outlets")
    )
    overview = []
    for treaty in treaties:
        # Read with their reporting counts (treaties_with_provisions).
        provisions: list[Any] = list(treaty.provisions.all())
        overview.append(
            DraftOverview(
                treaty=treaty,
                provision_count=len(provisions),
                reported_count=sum(1 for p in provisions if p.source_count),
                evidence_count=sum(p.confirmed_count for p in provisions),
                outlet_count=outlets_by_treaty.get(treaty.pk, 0),
            )
        )
    marked = (
        Evidence.objects.confirmed()
        .filter(sentence__article=OuterRef("pk"))
        .order_by()
        .values("sentence__article")
        .annotate(n=Count("sentence", distinct=True))
        .values("n")
    )
    latest = Article.objects.latest_versions()
    articles = list(
        latest.select_related("outlet")
        .defer("raw", "body")
        .annotate(evidence_count=Coalesce(Subquery(marked), 0))
        .order_by(F("published").desc(nulls_last=True), "title", "pk")[:HOME_ARTICLES]
    )
    return Overview(overview, other_treaties, articles, latest.count(), reporting_outlet_count())
