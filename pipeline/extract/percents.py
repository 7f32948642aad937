"""Percentages in Italian text: '50%', '26,7%', '10 per cento', '+ 11 %'.

The span is the (signed) number and its '%' or 'per cento'; bounds ('almeno il', 'massima del') stay
outside. Percentage points ('3 punti percentuali') are not percentages, and a percentage standing
alone in quotes is a title ('"3%"').
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from pipeline.extract.numbers import (
    NUMBER_PATTERN,
    NUMBER_WORDS,
    PERCENT_WORDS,
    match_at_tokens,
    parse_number,
    parse_number_word,
    trie_pattern,
)
from pipeline.extract.view import TextView, normalize_text

# a minus is a sign only when attached and not a bullet at the start of a line ('- 50% dei fondi')
_SIGN = r"(?:(?<![\w)\]%.,])(?:(?P<sign>\+)[ ]?|(?<![^ (])(?P<minus>-)(?=[0-9])))?"
# 'per cento' may be written as one word
_PERCENT_WORDS = "|".join(re.escape(w).replace(r"\ ", "[ ]?") for w in PERCENT_WORDS)
_PERCENT_SIGN = r"[ ]?(?:\n[ ]*)?(?:%|(?i:" + _PERCENT_WORDS + r")(?![^\W\d_]))"
_PERCENT_RE = re.compile(
    _SIGN
    + r"(?:(?P<low>"
    + NUMBER_PATTERN
    + r")(?P<dash>[ ]?-[ ]?))?(?P<num>"
    + NUMBER_PATTERN
    + r")(?P<unit>"
    + _PERCENT_SIGN
    + r")"
    # 'il dieci per cento': a number in letters only before 'per cento'
    + r"|(?<![^\W\d_])(?P<word>(?i:"
    + trie_pattern(set(NUMBER_WORDS))
    + r"))[ ]+(?i:"
    + _PERCENT_WORDS
    + r")(?![^\W\d_])"
)
_START_WORDS = frozenset(NUMBER_WORDS)
# a percentage that is the whole quoted text is a title ('"3%"', the series)
_QUOTED_TITLE_RE = re.compile(r"[\"“«'][ ]?$")
_QUOTE_CLOSE_RE = re.compile(r"[ ]?[\"”»']")


@dataclass(frozen=True)
class PercentMatch:
    """A percentage found in a text, with offsets into that text."""

    start: int
    end: int
    value: Decimal


def parse_percent(surface: str) -> Decimal | None:
    """The value of a percentage surface, or None.

    >>> parse_percent("26,7%")
    Decimal('26.7')
    >>> parse_percent("+ 11 %")
    Decimal('11')
    >>> parse_percent("10 per cento")
    Decimal('10')
    >>> parse_percent("dieci per cento")
    Decimal('10')
    """
    m = _PERCENT_RE.fullmatch(normalize_text(surface.strip()).text)
    if m is None or m.group("low") is not None:
        return None
    if m.group("word") is not None:
        return parse_number_word(m.group("word"))
    value = parse_number(m.group("num"))
    if value is None:
        return None
    return -value if m.group("minus") else value


def find_percents(text: str) -> list[PercentMatch]:
    """Percentages in `text`, in order, with exact offsets.

    A range ('10-20%') gives one match per end, the lower without its sign ('10').
    """
    return percents_in(TextView.of(text))


def percents_in(view: TextView) -> list[PercentMatch]:
    """Percentages of a document's view, in order, with offsets into the document text."""
    norm = view.norm
    out: list[PercentMatch] = []
    for m in match_at_tokens(_PERCENT_RE, norm, _START_WORDS, "+-"):
        if m.group("word") is not None:
            word_value = parse_number_word(m.group("word"))
            if word_value is not None:
                out.append(PercentMatch(*view.to_document(m.start(), m.end()), word_value))
            continue
        value = parse_number(m.group("num"))
        if value is None:
            continue
        if _QUOTED_TITLE_RE.search(norm, max(0, m.start() - 2), m.start()) and _QUOTE_CLOSE_RE.match(
            norm, m.end()
        ):
            continue
        low = parse_number(m.group("low")) if m.group("low") is not None else None
        signed = m.group("sign") is not None or m.group("minus") is not None
        sign = -1 if m.group("minus") else 1
        if low is not None and low < value:
            s, e = view.to_document(m.start() if signed else m.start("low"), m.end("low"))
            out.append(PercentMatch(s, e, low * sign))
            s, e = view.to_document(m.start("num"), m.end())
            out.append(PercentMatch(s, e, value))
            continue
        start = m.start() if signed and m.group("low") is None else m.start("num")
        s, e = view.to_document(start, m.end())
        out.append(PercentMatch(s, e, value * sign if m.group("low") is None else value))
    return out
