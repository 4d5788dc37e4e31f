"""`manage.py evaluate_suggestions`: held-out precision and recall, and a database untouched."""

import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from articles.models import Article, Sentence
from evidence.evaluation import Score, evaluate_held_out
from evidence.models import Evidence

pytestmark = pytest.mark.usefixtures("seeded")

# What the default tuning reaches on the seed corpus; a change to the method that loses more
# than the margin fails here rather than going unnoticed.
REACHED_PRECISION = 0.821
REACHED_RECALL = 0.807
MARGIN = 0.02
SEED_FILES = [
    "000_2c9a6f936166a1d7.txt",
    "001_5fe37ef5f4ed5af7.txt",
    "002_abe064712b3927f1.txt",
    "003_92e0686fa38e74b4.txt",
    "004_6edbba0f7de55dce.txt",
]
FIGURES = re.compile(r"precision (?P<precision>[\d.]+), recall (?P<recall>[\d.]+), F1 [\d.]+")


def evaluate(*args) -> str:
    out = StringIO()
    call_command("evaluate_suggestions", *args, stdout=out)
    return out.getvalue()


def test_the_command_prints_the_threshold_and_the_figures_of_every_seed_article():
    lines = evaluate().splitlines()
    assert lines[0] == (
        "Held-out evaluation: threshold 0.22, top 3 per sentence, vocabulary weight 0.1"
    )
    assert [line.split(":")[0] for line in lines[1:]] == [
        *SEED_FILES,
        "Mean over articles",
        "Overall",
    ]
    assert all(FIGURES.search(line) for line in lines[1:])


def test_overall_precision_and_recall_reach_the_pinned_figures():
    overall = FIGURES.search(evaluate().splitlines()[-1])
    assert float(overall["precision"]) >= REACHED_PRECISION - MARGIN
    assert float(overall["recall"]) >= REACHED_RECALL - MARGIN


def test_the_overall_figures_count_every_confirmed_link_once():
    evaluation = evaluate_held_out()
    assert evaluation.overall.confirmed == 57
    assert evaluation.overall == sum((a.score for a in evaluation.articles), Score(0, 0, 0))


def test_evaluating_changes_nothing_in_the_database():
    before = (Evidence.objects.count(), Evidence.history.count(), Sentence.objects.count())
    evaluate()
    assert (Evidence.objects.count(), Evidence.history.count(), Sentence.objects.count()) == (
        before
    )
    assert not Evidence.objects.filter(status="suggested").exists()


def test_a_stricter_threshold_suggests_fewer_links():
    strict = FIGURES.search(evaluate("--threshold", "0.5").splitlines()[-1])
    assert float(strict["recall"]) < REACHED_RECALL


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--threshold", "high"], "argument --threshold: 'high' is not a number of 0 or more"),
        (["--vocabulary-weight=-1"], "'-1' is not a number of 0 or more"),
        (["--top-k", "0"], "--top-k must be at least 1, not 0"),
    ],
)
def test_a_bad_option_is_refused_in_one_line(args, message):
    with pytest.raises(CommandError, match=re.escape(message)) as error:
        evaluate(*args)
    assert "\n" not in str(error.value)


def test_without_confirmed_evidence_there_is_nothing_to_measure():
    Evidence.objects.all().delete()
    with pytest.raises(CommandError, match=r"^no article has confirmed evidence"):
        evaluate()
    assert Article.objects.count() == 5
