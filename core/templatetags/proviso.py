"""Template helpers of the public site."""

import re

from django import template
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from core.search import search_words

register = template.Library()

# Words too common to be worth marking: every sentence has them, and PostgreSQL's English
# configuration ignores them when it searches.
_UNMARKED = frozenset(
    {"a", "an", "and", "are", "as", "at", "be", "by", "for", "from", "in", "is", "it", "of"}
    | {"on", "or", "that", "the", "this", "to", "was", "were", "with"}
)
_SUFFIXES = ("ies", "es", "ing", "ed", "s")


def _stem(word: str) -> str:
    """A crude English stem, so that "missiles" also marks "missile" and "deploying"
    marks "deployment", as the PostgreSQL search finds them."""
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


def highlight_words(text: str, query: str) -> SafeString:
    """`text`, HTML-escaped, with every word that starts like a word of `query` in <mark>.

    The matches are found in the raw text and every piece is escaped on its own, so the
    markup added is only ours, whatever the text or the query contain.
    """
    stems = {
        _stem(word)
        for word in (re.sub(r"^\W+|\W+$", "", w).casefold() for w in search_words(query))
        if word and word not in _UNMARKED
    }
    if not stems:
        return escape(text)
    alternatives = "|".join(re.escape(stem) for stem in sorted(stems, key=len, reverse=True))
    pattern = re.compile(rf"(?<!\w)(?:{alternatives})\w*", re.IGNORECASE)
    pieces: list[str] = []
    cursor = 0
    for match in pattern.finditer(text):
        pieces.append(escape(text[cursor : match.start()]))
        pieces.append(f"<mark>{escape(match.group())}</mark>")
        cursor = match.end()
    pieces.append(escape(text[cursor:]))
    return mark_safe("".join(pieces))


@register.filter
def highlight(text, query):
    return highlight_words(str(text), str(query or ""))


# A meter draws one cell per outlet up to this many; beyond, each cell is a share of the
# outlets (the text beside it gives the exact numbers). One cell per outlet of a large
# corpus was hundreds of elements per provision and most of the browse page's size.
METER_CELLS = 10


@register.filter
def meter(count, total):
    """Cells of a small "N of M" meter: True for each filled one."""
    count, total = int(count), int(total)
    if total <= METER_CELLS:
        return [index < count for index in range(max(total, count))]
    filled = min(METER_CELLS, max(1 if count else 0, round(METER_CELLS * count / total)))
    return [index < filled for index in range(METER_CELLS)]
