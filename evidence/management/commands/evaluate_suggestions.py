import argparse

from django.core.management.base import BaseCommand, CommandError

from evidence.evaluation import Score, evaluate_held_out
from evidence.suggestions import DEFAULT_TUNING, Tuning

FIGURES = {"precision": "precision", "recall": "recall", "f1": "F1"}


def non_negative(value: str) -> float:
    try:
        number = float(value)
    except ValueError:
        number = -1.0
    if not 0 <= number < float("inf"):
        raise argparse.ArgumentTypeError(f"{value!r} is not a number of 0 or more")
    return number


class Command(BaseCommand):
    help = (
        "Measure the suggested evidence links against the confirmed ones: each article with "
        "confirmed evidence is held out in turn, the provisions learn from the other "
        "articles' confirmed evidence, and the suggestions for the held-out article are "
        "compared with its confirmed links. Prints precision, recall and F1 per article, "
        "their mean over the articles, and overall (every link counting the same). "
        "Reads the database and changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--threshold",
            type=non_negative,
            default=DEFAULT_TUNING.threshold,
            help=f"Lowest score suggested (default: {DEFAULT_TUNING.threshold}).",
        )
        parser.add_argument(
            "--top-k",
            type=int,
            default=DEFAULT_TUNING.top_k,
            help=f"Most provisions suggested per sentence (default: {DEFAULT_TUNING.top_k}).",
        )
        parser.add_argument(
            "--vocabulary-weight",
            type=non_negative,
            default=DEFAULT_TUNING.vocabulary_weight,
            help="How much the vocabulary raises a word match "
            f"(default: {DEFAULT_TUNING.vocabulary_weight}).",
        )

    def handle(self, *args, threshold, top_k, vocabulary_weight, **options):
        if top_k < 1:
            raise CommandError(f"--top-k must be at least 1, not {top_k}")
        tuning = Tuning(threshold=threshold, top_k=top_k, vocabulary_weight=vocabulary_weight)
        evaluation = evaluate_held_out(tuning=tuning)
        if not evaluation.articles:
            raise CommandError("no article has confirmed evidence to measure against")
        self.stdout.write(
            f"Held-out evaluation: threshold {tuning.threshold}, top {tuning.top_k} per "
            f"sentence, vocabulary weight {tuning.vocabulary_weight}"
        )
        for result in evaluation.articles:
            label = result.article.source_name or f"article {result.article.pk}"
            self.stdout.write(f"{label}: {_figures(result.score)}")
        self.stdout.write(
            "Mean over articles: "
            + ", ".join(f"{label} {evaluation.mean(name):.3f}" for name, label in FIGURES.items())
        )
        self.stdout.write(f"Overall: {_figures(evaluation.overall)}")


def _figures(score: Score) -> str:
    return (
        f"precision {score.precision:.3f}, recall {score.recall:.3f}, F1 {score.f1:.3f} "
        f"({score.correct} of {score.suggested} suggested links correct, "
        f"{score.confirmed} confirmed)"
    )
