"""The curated evidence links of the seed corpus: complete, and each one supported by its text."""

import re
from pathlib import Path

import pytest
import yaml
from django.conf import settings

from articles.models import Sentence
from evidence.models import Evidence

pytestmark = pytest.mark.usefixtures("seeded")

EVIDENCE_FILE = Path(settings.BASE_DIR) / "seeds" / "evidence.yaml"

# Words a sentence must use to report the provision at all: a guard against a link
# pasted under the wrong provision.
SUPPORTING_WORDS = {
    "US–Russia Art. 4(1)": r"membership|accession|expansion|enlargement|joining|NATO member|"
    r"accept alliance",
    "US–Russia Art. 4(2)": r"bases|military cooperation|military aid",
    "US–Russia Art. 5(1)": r"armed forces|weaponry|military forces",
    "US–Russia Art. 5(2)": r"warships|bombers",
    "US–Russia Art. 6": r"missiles",
    "US–Russia Art. 7": r"nuclear",
    "Russia–NATO Art. 4": r"1997|deployments|military infrastructure",
    "Russia–NATO Art. 5": r"missiles",
    "Russia–NATO Art. 6": r"membership|enlargement|expansion",
    "Russia–NATO Art. 7(1)": r"military (activity|operation)",
    "Russia–NATO Art. 7(2)": r"exercises|drills",
}
REPORTED = set(SUPPORTING_WORDS)
NOT_REPORTED = {
    "US–Russia Art. 1",
    "US–Russia Art. 2",
    "US–Russia Art. 3",
    "US–Russia Art. 5(3)",
    "US–Russia Art. 8",
    "Russia–NATO Art. 1",
    "Russia–NATO Art. 2",
    "Russia–NATO Art. 3",
    "Russia–NATO Art. 8",
    "Russia–NATO Art. 9",
}


def confirmed_evidence():
    return Evidence.objects.filter(status="confirmed").select_related(
        "sentence", "provision__treaty"
    )


def labels_of(sentence):
    return {evidence.provision.label for evidence in sentence.evidence.all()}


def test_every_curated_link_is_loaded_as_confirmed_reporting():
    curated = yaml.safe_load(EVIDENCE_FILE.read_text(encoding="utf-8"))
    expected = sum(len(link["provisions"]) for links in curated.values() for link in links)
    assert expected == 57
    assert Evidence.objects.count() == expected
    assert set(Evidence.objects.values_list("relation", "status").distinct()) == {
        ("reports", "confirmed")
    }


def test_every_linked_sentence_uses_the_words_of_its_provision():
    for evidence in confirmed_evidence():
        words = SUPPORTING_WORDS[evidence.provision.label]
        assert re.search(words, evidence.sentence.text, re.IGNORECASE), (
            f"{evidence.provision.label} ← {evidence.sentence.text!r}"
        )


def test_every_provision_the_articles_report_has_evidence_and_no_other_does():
    reported = {evidence.provision.label for evidence in confirmed_evidence()}
    assert reported == REPORTED
    assert NOT_REPORTED.isdisjoint(reported)


@pytest.mark.parametrize(
    ("fragment", "labels"),
    [
        ("NATO members as of May 27, 1997", {"Russia–NATO Art. 4"}),
        ("land-based intermediate and short-range missiles", {"Russia–NATO Art. 5"}),
        (
            "ground-launched intermediate or short-range missiles",
            {"US–Russia Art. 6", "US–Russia Art. 7"},
        ),
        (
            "Russia’s plan also contemplates a commitment not to station intermediate-range",
            {"US–Russia Art. 6", "Russia–NATO Art. 5"},
        ),
        ("flying bombers or sailing warships", {"US–Russia Art. 5(2)"}),
        ("refuse to conduct any military activity in Ukraine", {"Russia–NATO Art. 7(1)"}),
        ("obligate the U.S. not to establish military bases", {"US–Russia Art. 4(2)"}),
        (
            "along with a halt to NATO military drills",
            {"US–Russia Art. 5(2)", "Russia–NATO Art. 7(2)"},
        ),
    ],
)
def test_a_sentence_is_linked_to_exactly_the_provisions_it_reports(fragment, labels):
    assert labels_of(Sentence.objects.get(text__contains=fragment)) == labels


@pytest.mark.parametrize(
    "fragment",
    [
        "There will be no European security talks without our European allies",
        "Poland, Hungary and the Czech Republic joined NATO in 1999, followed in 2004 by Bulgaria,"
        " Romania, Slovakia, Slovenia and the former Soviet republics of Estonia, Latvia and "
        "Lithuania.",
        "Russia last week demanded that NATO suspend membership prospects",
        "Cook reported from Brussels.",
        "That would rule out any Washington talks with Central Asian countries",
    ],
)
def test_reactions_and_background_report_no_provision(fragment):
    sentences = Sentence.objects.filter(text__contains=fragment)
    assert sentences
    for sentence in sentences:
        assert labels_of(sentence) == set()
