"""Cleaning: page debris leaves the seed articles, their reporting stays."""

import tomllib
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.conf import settings

from articles.cleaning import RULES_FILE, clean_body, load_rules
from articles.ingest import decode_article, split_header

SEED_DIR = Path(settings.BASE_DIR) / "seeds"

# Everything page debris that any seed carries; none of it may reach any body.
DEBRIS = [
    "[ad_1]",
    "[ad_2]",
    "Placeholder canvas",
    "Political cartoons",
    "Also Read",
    "Back to top",
    "Source link",
    "Source Link",
    "This post is also available in",
    "To Your Inbox",
    "We don’t spam",
    "top channel",
    "/DW/",
    "Copyright 2021 The Associated Press",
]


@dataclass(frozen=True)
class Seed:
    file: str
    debris: tuple[str, ...]
    known_sentence: str


SEEDS = [
    Seed(
        "000_2c9a6f936166a1d7.txt",
        ("Political cartoons", "Copyright 2021 The Associated Press"),
        "The demand for a written guarantee that Ukraine will not be offered membership has "
        "already been rejected by the West, which has said Moscow has no say in NATO enlargement.",
    ),
    Seed(
        "001_5fe37ef5f4ed5af7.txt",
        (),
        "Moscow wants the U.S. to start talks immediately on the proposals in Geneva, he told "
        "reporters.",
    ),
    Seed(
        "002_abe064712b3927f1.txt",
        ("Placeholder canvas", "Also Read", "This post is also available in", "Back to top"),
        "The Council stated it would be prepared to work on strengthening confidence-building "
        "measures should Russia take steps to reduce tensions.",
    ),
    Seed(
        "003_92e0686fa38e74b4.txt",
        ("[ad_1]", "[ad_2]", "top channel", "Source link", "/DW/"),
        "Russia last week demanded that NATO suspend membership prospects for Ukraine and Georgia.",
    ),
    Seed(
        "004_6edbba0f7de55dce.txt",
        ("Source Link", "To Your Inbox", "We don’t spam"),
        "That would rule out any Washington talks with Central Asian countries on establishing "
        "US bases in the region to counter Islamic State groups in Afghanistan.",
    ),
]


def read_seed(file: str) -> str:
    return decode_article((SEED_DIR / file).read_bytes())


def seed_body(file: str, title: str = "") -> str:
    header, text = split_header(read_seed(file))
    return clean_body(text, title=title or (header.title if header else ""))


def test_the_seed_table_covers_every_seed_file():
    assert sorted(seed.file for seed in SEEDS) == sorted(
        path.name for path in SEED_DIR.glob("*.txt")
    )


@pytest.mark.parametrize("seed", SEEDS, ids=lambda seed: seed.file[:3])
def test_no_debris_survives_in_any_seed_body(seed):
    raw = read_seed(seed.file)
    for debris in seed.debris:
        assert debris in raw, f"the seed no longer carries {debris!r}: update the table"
    body = seed_body(seed.file)
    survivors = [debris for debris in DEBRIS if debris in body]
    assert survivors == []


@pytest.mark.parametrize("seed", SEEDS, ids=lambda seed: seed.file[:3])
def test_the_reporting_survives_cleaning(seed):
    body = seed_body(seed.file)
    assert seed.known_sentence in body
    assert "\n\n\n" not in body
    assert body == body.strip()


def test_the_agency_credit_is_cut_from_the_last_sentence_not_the_sentence_itself():
    body = seed_body("003_92e0686fa38e74b4.txt")
    assert body.endswith("stressed a close partnership with Kiev.")


def test_the_stray_full_stop_after_a_finished_sentence_goes():
    body = seed_body("000_2c9a6f936166a1d7.txt")
    assert "cessation of NATO military exercises near Russia." in body
    assert "near Russia. ." not in body


@pytest.mark.parametrize(
    ("file", "title"),
    [
        (
            "002_abe064712b3927f1.txt",
            "Moscow Draft Demands NATO, U.S. Deny Accession of Ex-Soviet Republics",
        ),
        ("004_6edbba0f7de55dce.txt", "Russia is stepping up its security claims against the West"),
    ],
)
def test_the_title_line_is_dropped_when_it_repeats_the_title(file, title):
    assert title in read_seed(file)
    assert title not in seed_body(file, title).split("\n\n")
    # Without a title to compare with, the same line is an ordinary paragraph.
    assert title in seed_body(file, "an unrelated title").split("\n\n")


def test_the_title_line_is_recognised_despite_case_and_spacing():
    text = "  russia SETS out   tough demands \nThe body sentence."
    assert clean_body(text, title="Russia sets out tough demands") == "The body sentence."


def test_a_sentence_that_merely_contains_the_title_stays():
    text = "Russia sets out demands, the agency reported.\nMore."
    assert clean_body(text, title="Russia sets out demands").startswith("Russia sets out")


def test_paragraphs_are_joined_by_one_blank_line_whatever_the_spacing_in_the_file():
    assert clean_body("  One.  \n\n\n\nTwo.\nThree.\n") == "One.\n\nTwo.\n\nThree."


# One example per rule of debris.toml: for a line rule, a line it drops; for an inline rule,
# a line and what the rule makes of it.
LINE_RULE_EXAMPLES = {
    r"\[ad_\d+\]": "[ad_12]",
    "placeholder canvas": "Placeholder Canvas",
    "political cartoons( about .*)?": "Political cartoons about world leaders",
    "also read:?": "Also Read:",
    "back to top( button)?": "Back to top button",
    "source link": "SOURCE LINK",
    "this post is also available in:.*": "This post is also available in: Deutsch (German)",
    ".* to your inbox!?": "Example News To Your Inbox!",
    "we don.t spam!.*": "We don't spam! Read our privacy policy for more info.",
    "top channel": "Top Channel",
    r"copyright \d{4} .*all rights reserved.*": (
        "Copyright 2022 Reuters. All rights reserved. This material may not be published."
    ),
}
INLINE_RULE_EXAMPLES = {
    r"/(DW|AP|AFP|Reuters)/\s*$": ("It ended with Kiev./AFP/", "It ended with Kiev."),
    r"(?<=[.!?]) \.(?=\s|$)": ("It can strike. . Then more. .", "It can strike. Then more."),
    r"(?<=[.!?,]) (?=[”’])": ("“We are ready. ” He left.", "“We are ready.” He left."),
    r"(?<=[.!?,]) [“”]$": ("“We are ready, he said. “", "“We are ready, he said.”"),
}


def test_every_debris_rule_has_an_example_here():
    data = tomllib.loads(RULES_FILE.read_text(encoding="utf-8"))
    assert {rule["pattern"] for rule in data["line"]} == set(LINE_RULE_EXAMPLES)
    assert {rule["pattern"] for rule in data["inline"]} == set(INLINE_RULE_EXAMPLES)
    assert all(rule.get("why") for rule in data["line"] + data["inline"])


@pytest.mark.parametrize(("pattern", "line"), LINE_RULE_EXAMPLES.items())
def test_a_line_rule_drops_its_debris_line(pattern, line):
    assert load_rules().is_debris(line)
    text = f"First sentence.\n  {line}  \nLast sentence."
    assert clean_body(text) == "First sentence.\n\nLast sentence."


@pytest.mark.parametrize(
    "line",
    [
        "Also read the full report for the details.",
        "The top channel of the network aired it.",
        "Officials went back to top-level talks.",
        "The source link was broken, the editor said.",
    ],
)
def test_a_line_rule_keeps_a_sentence_that_only_contains_its_words(line):
    assert clean_body(line) == line


@pytest.mark.parametrize(("pattern", "example"), INLINE_RULE_EXAMPLES.items())
def test_an_inline_rule_tidies_its_debris_inside_a_line(pattern, example):
    line, expected = example
    assert clean_body(line) == expected
