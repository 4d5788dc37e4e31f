"""Sentence splitting: exact offsets on every seed, and the cases that trip splitters up."""

from pathlib import Path

import pytest
import yaml
from django.conf import settings

from articles.cleaning import clean_body
from articles.ingest import decode_article, split_header
from articles.segmentation import split_sentences

SEED_DIR = Path(settings.BASE_DIR) / "seeds"
SEED_FILES = sorted(path.name for path in SEED_DIR.glob("*.txt"))


def seed_body(file: str) -> str:
    """The body as the seed loader imports it: the manifest's title, else the header's."""
    manifest = yaml.safe_load((SEED_DIR / "manifest.yaml").read_text(encoding="utf-8"))
    titles = {entry["file"]: entry.get("title") for entry in manifest["articles"]}
    header, text = split_header(decode_article((SEED_DIR / file).read_bytes()))
    return clean_body(text, title=titles.get(file) or (header.title if header else ""))


def sentences_of(file: str) -> list[str]:
    return [span.text for span in split_sentences(seed_body(file))]


def test_there_are_seed_files_to_split():
    assert len(SEED_FILES) == 5


@pytest.mark.parametrize("file", SEED_FILES)
def test_the_offsets_reproduce_every_sentence_of_every_seed(file):
    body = seed_body(file)
    spans = split_sentences(body)
    assert spans
    previous_end = 0
    for span in spans:
        assert body[span.start : span.end] == span.text
        assert span.start < span.end
        assert span.start >= previous_end, "sentences are in order and do not overlap"
        assert span.text == span.text.strip()
        # Nothing of the body falls between sentences but whitespace.
        assert body[previous_end : span.start].strip() == ""
        previous_end = span.end
    assert body[previous_end:].strip() == ""


@pytest.mark.parametrize("file", SEED_FILES)
def test_no_sentence_crosses_a_paragraph_break(file):
    assert all("\n" not in sentence for sentence in sentences_of(file))


def test_us_with_full_stops_is_not_a_sentence_boundary():
    sentences = sentences_of("001_5fe37ef5f4ed5af7.txt")
    for expected in [
        "The draft proposals contain a ban on the deployment of U.S. and Russian warships and "
        "aircraft to areas where they can strike targets on the territory of the other party.",
        "U.S. intelligence officials say Russia has moved 70,000 troops to its border with "
        "Ukraine and is preparing for a possible invasion early next year.",
    ]:
        assert expected in sentences


def test_a_military_rank_is_not_a_sentence_boundary():
    body = "Gen. Mark Milley said the U.S. would respond. Moscow did not comment."
    assert [span.text for span in split_sentences(body)] == [
        "Gen. Mark Milley said the U.S. would respond.",
        "Moscow did not comment.",
    ]


def test_a_quotation_stays_one_sentence_with_its_attribution():
    sentences = sentences_of("004_6edbba0f7de55dce.txt")
    quoted = [sentence for sentence in sentences if sentence.startswith("“Does he understand")]
    assert len(quoted) == 1
    assert quoted[0].endswith("into an image campaign?” Kuleba asked.")
    assert "Kuleba asked." not in sentences


def test_a_quotation_ending_in_a_question_mark_keeps_its_attribution_in_new_text():
    body = "“Why now?” the minister asked. Nobody answered."
    texts = [span.text for span in split_sentences(body)]
    assert texts[-1] == "Nobody answered."
    assert "the minister asked." not in texts


def test_a_stray_full_stop_inside_a_sentence_does_not_split_it():
    sentences = sentences_of("000_2c9a6f936166a1d7.txt")
    matching = [sentence for sentence in sentences if "can strike. on the other" in sentence]
    assert len(matching) == 1
    assert matching[0].startswith("The proposals, which were submitted to the United States")
    assert matching[0].endswith("as well as the cessation of NATO military exercises near Russia.")


def test_the_dateline_stays_with_the_first_sentence():
    first = sentences_of("000_2c9a6f936166a1d7.txt")[0]
    assert first.startswith("MOSCOW (AP) – Russia on Friday released draft security demands")
    assert first.endswith("rejected by the United States and its allies.")


@pytest.mark.parametrize("dash", ["–", "—", "-"])
def test_a_dateline_with_any_dash_joins_its_sentence(dash):
    body = f"WASHINGTON (AP) {dash} The talks began. They ended."
    assert [span.text for span in split_sentences(body)] == [
        f"WASHINGTON (AP) {dash} The talks began.",
        "They ended.",
    ]


@pytest.mark.parametrize(
    ("file", "heading"),
    [
        ("002_abe064712b3927f1.txt", "NATO, U.S. Respond"),
        ("003_92e0686fa38e74b4.txt", "Cold reaction from Washington"),
        (
            "004_6edbba0f7de55dce.txt",
            "The agreement that Russia is seeking to conclude with the United States",
        ),
    ],
)
def test_a_heading_paragraph_stays_its_own_sentence(file, heading):
    assert heading in sentences_of(file)


def test_a_heading_never_merges_into_the_next_paragraph():
    body = "Russia has published two lists of claims\n\nRussia has published two lists of claims."
    assert [span.text for span in split_sentences(body)] == [
        "Russia has published two lists of claims",
        "Russia has published two lists of claims.",
    ]


def test_a_lone_abbreviation_cut_off_after_a_full_stop_joins_the_sentence_before():
    sentences = sentences_of("004_6edbba0f7de55dce.txt")
    assert any(sentence.endswith("from any military aid. US.") for sentence in sentences)
    assert "US." not in sentences


def test_a_one_word_sentence_is_a_sentence_of_its_own():
    body = "He was asked whether talks would resume. Yes. They will begin in Geneva."
    assert [span.text for span in split_sentences(body)] == [
        "He was asked whether talks would resume.",
        "Yes.",
        "They will begin in Geneva.",
    ]


def test_an_empty_body_has_no_sentences():
    assert split_sentences("") == []
