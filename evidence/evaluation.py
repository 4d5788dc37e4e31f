"""How good the suggestions are: precision and recall against the curated links.

Each article with confirmed evidence is held out in turn: the provisions learn from the
confirmed evidence of the other articles only, the held-out article's sentences are scored
as if it had just been imported, and the suggestions are compared with its confirmed links.
Everything is computed in memory; the database is only read.
"""

from dataclasses import dataclass

from articles.models import Article
from evidence.models import Evidence
from evidence.suggestions import DEFAULT_TUNING, Tuning, provision_profiles, rank_candidates


@dataclass(frozen=True)
class Score:
    """Suggested links against confirmed ones, for one article or all of them."""

    suggested: int
    confirmed: int
    correct: int

    @property
    def precision(self) -> float:
        return self.correct / self.suggested if self.suggested else 0.0

    @property
    def recall(self) -> float:
        return self.correct / self.confirmed if self.confirmed else 0.0

    @property
    def f1(self) -> float:
        total = self.precision + self.recall
        return 2 * self.precision * self.recall / total if total else 0.0

    def __add__(self, other: "Score") -> "Score":
        return Score(
            self.suggested + other.suggested,
            self.confirmed + other.confirmed,
            self.correct + other.correct,
        )


@dataclass(frozen=True)
class ArticleScore:
    article: Article
    score: Score


@dataclass(frozen=True)
class Evaluation:
    tuning: Tuning
    articles: list[ArticleScore]

    @property
    def overall(self) -> Score:
        """Micro-averaged: every link counts the same, whichever article it is in."""
        return sum((a.score for a in self.articles), Score(0, 0, 0))

    def mean(self, figure: str) -> float:
        """A figure averaged over the articles, each counting the same: two versions of one
        story that are easy to learn from each other weigh less here than overall."""
        values = [getattr(a.score, figure) for a in self.articles]
        return sum(values) / len(values) if values else 0.0


def evaluate_held_out(*, tuning: Tuning = DEFAULT_TUNING) -> Evaluation:
    """Leave-one-article-out evaluation over every article with confirmed evidence."""
    articles = list(
        Article.objects.filter(pk__in=Evidence.objects.confirmed().values("sentence__article"))
        .order_by("source_name", "pk")
        .prefetch_related("sentences")
    )
    confirmed_links = set(Evidence.objects.confirmed().values_list("sentence_id", "provision_id"))
    results = []
    for article in articles:
        sentences = list(article.sentences.all())
        profiles = provision_profiles(excluding_article_ids=[article.pk])
        suggested = {
            (sentences[c.sentence_index].pk, c.provision_id)
            for c in rank_candidates([s.text for s in sentences], profiles, tuning)
        }
        ids = {s.pk for s in sentences}
        confirmed = {link for link in confirmed_links if link[0] in ids}
        score = Score(len(suggested), len(confirmed), len(suggested & confirmed))
        results.append(ArticleScore(article, score))
    return Evaluation(tuning, results)
