"""Turn an article file as received into its clean body: debris lines out, paragraphs kept.

The rules live in `debris.toml` beside this module so that adding one is a data change.
"""

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

RULES_FILE = Path(__file__).with_name("debris.toml")
PARAGRAPH_BREAK = "\n\n"
MAX_HEADING_LENGTH = 200


@dataclass(frozen=True)
class DebrisRules:
    lines: tuple[re.Pattern, ...]
    inline: tuple[tuple[re.Pattern, str], ...]

    def is_debris(self, line: str) -> bool:
        return any(pattern.fullmatch(line) for pattern in self.lines)

    def tidy(self, line: str) -> str:
        for pattern, replacement in self.inline:
            line = pattern.sub(replacement, line)
        return line.strip()


@cache
def load_rules(path: Path = RULES_FILE) -> DebrisRules:
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    return DebrisRules(
        lines=tuple(re.compile(rule["pattern"], re.IGNORECASE) for rule in data.get("line", [])),
        inline=tuple(
            (re.compile(rule["pattern"]), rule["replace"]) for rule in data.get("inline", [])
        ),
    )


def clean_body(text: str, *, title: str = "", rules: DebrisRules | None = None) -> str:
    """Paragraphs of `text` without debris, separated by one blank line.

    Every non-empty line is a paragraph (the seeds put one paragraph on each line, some with
    blank lines between). A line that repeats the article's title is dropped: it is the
    page heading, not a sentence of the report.
    """
    rules = rules or load_rules()
    normalised_title = _normalise(title)
    paragraphs = []
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped or rules.is_debris(stripped):
            continue
        if normalised_title and _normalise(stripped) == normalised_title:
            continue
        tidied = rules.tidy(stripped)
        if tidied:
            paragraphs.append(tidied)
    return PARAGRAPH_BREAK.join(paragraphs)


def leading_heading(text: str, *, rules: DebrisRules | None = None) -> str:
    """The first non-debris line when it reads as a heading (short, no closing punctuation).

    Pages saved as text often open with the article's headline; it is the title when the
    importer is given none.
    """
    rules = rules or load_rules()
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped or rules.is_debris(stripped):
            continue
        is_heading = len(stripped) <= MAX_HEADING_LENGTH and stripped[-1] not in ".!?:;,”\"'"
        return stripped if is_heading else ""
    return ""


def _normalise(text: str) -> str:
    return " ".join(text.split()).casefold()
