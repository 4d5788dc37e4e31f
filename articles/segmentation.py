"""Split a clean body into sentences with exact character offsets.

syntok was chosen over pysbd and blingfire after running all three on the seed articles:
- pysbd splits at the stray full stops of a machine-reworded wire story ("…can strike. on
  the other…") and cuts quoted speech from its attribution ("…‘legal effect,'” / Ryabkov
  said."), and its character spans include trailing spaces;
- blingfire agrees with syntok on the seeds but ships a native library plus numpy;
- syntok is pure Python (one dependency, `regex`), keeps "U.S.", "Gen." and quotations
  whole, and gives every token's offset, so spans come from the tokenizer itself.
Each paragraph is segmented on its own, so a heading never merges into the next paragraph.
"""

import re
from dataclasses import dataclass

from syntok import segmenter

from articles.cleaning import PARAGRAPH_BREAK

# A paragraph opening such as "MOSCOW (AP)" that syntok cuts off before "– Russia on …":
# it joins the sentence that follows.
_DATELINE = re.compile(r"^[A-Z][A-Z .,'-]+(\([A-Za-z]+\))?$")
_DASHES = ("–", "—", "-")
# Pieces that syntok cuts off after a quotation or a stray full stop and that belong to the
# sentence before: an attribution ("…campaign?” / Kuleba asked.") or a lone abbreviation or
# mark ("US.", "”"). A lone word with lower-case letters ("Yes.", "Why?") is a sentence of
# its own.
_TRAILING_FRAGMENT = re.compile(
    r"^(?:[^\sa-z]+|(?:[A-Z][\w’'.-]*\s){1,3}(?:said|asked|added|concluded|noted|wrote))"
    r"[.!?]?$"
)


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    text: str


def split_sentences(body: str) -> list[Span]:
    """Sentences of `body` in order; `body[span.start:span.end] == span.text` for each."""
    spans: list[Span] = []
    offset = 0
    for paragraph in body.split(PARAGRAPH_BREAK):
        spans.extend(_paragraph_sentences(paragraph, offset, body))
        offset += len(paragraph) + len(PARAGRAPH_BREAK)
    return spans


def _paragraph_sentences(paragraph: str, offset: int, body: str) -> list[Span]:
    bounds: list[tuple[int, int]] = []
    for analysed in segmenter.analyze(paragraph):
        for sentence in analysed:
            tokens = list(sentence)
            if not tokens:
                continue
            start, end = tokens[0].offset, tokens[-1].offset + len(tokens[-1].value)
            if bounds and _joins_previous(paragraph, bounds[-1], (start, end)):
                bounds[-1] = (bounds[-1][0], end)
            else:
                bounds.append((start, end))
    return [Span(offset + s, offset + e, body[offset + s : offset + e]) for s, e in bounds]


def _joins_previous(paragraph: str, previous: tuple[int, int], current: tuple[int, int]) -> bool:
    previous_text = paragraph[previous[0] : previous[1]]
    current_text = paragraph[current[0] : current[1]]
    if _DATELINE.match(previous_text) and current_text.startswith(_DASHES):
        return True
    return bool(_TRAILING_FRAGMENT.match(current_text))
