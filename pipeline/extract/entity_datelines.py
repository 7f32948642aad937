"""Datelines: the place a news item or press release is filed from, at the start of a line before a
dash, is a place (`ROMA - Il ministro ...`, `Gaza, 3 febbraio - Almeno 27 persone ...`, `Cagliari - Il
Consiglio regionale ...`), whatever the place does in the sentence after it (GUIDELINE.md §2: a place
that acts is a body; a dateline names where the text was written, it does not act).

A line opens with a dateline when one to four capitalised words are followed by a dash, or by a comma,
a day and a month and then a dash, and a capitalised word comes after the dash. The words are taken for
a place when a date follows them; or when they are written in capitals and what follows the dash is not
(`NUOVA ZELANDA - AUSTRALIA 34-17` is a match, not a dateline); or when they are a place of the
gazetteers and the word after the dash is a common word (`Siena - Mancano poche ore`), not a name
(`Onda - Ivanov`).
"""

from __future__ import annotations

import re

from pipeline.extract.entity_patterns import EntityPatterns
from pipeline.extract.entity_priorities import PRIORITY
from pipeline.extract.entity_spans import MONTHS
from pipeline.extract.entity_tokens import RuleSpan, Toks, in_place_of_overlapped, skip_spaces, span_text

DASHES = frozenset({"-", "\u2013", "\u2014"})
# marks of emphasis around a dateline (`**ROMA** -`, `*Milano, 9 luglio 2021* -`)
EMPHASIS = frozenset({"*", "**", "_", "__"})
OPENING_QUOTES = frozenset({"\u00ab", '"', "\u201c", "'", "\u2018"})
MAX_WORDS = 4
# the words after the dash within which a word in lower case shows a sentence
SENTENCE_REACH = 8
# a Roman numeral (`PARTE II - Le Componenti`: a heading, not a dateline)
ROMAN_RE = re.compile(r"[IVXLC]+")


def _line_starts(toks: Toks) -> list[int]:
    """The first word of every line."""
    starts, fresh = [], True
    for k, tok in enumerate(toks):
        if tok.is_space:
            fresh = fresh or "\n" in tok.text
            continue
        if fresh and tok.text not in EMPHASIS:
            starts.append(k)
            fresh = False
    return starts


def _date_end(toks: Toks, k: int) -> int | None:
    """The token after `, 3 febbraio [2025]` starting at k, or None."""
    if k + 2 >= len(toks) or toks[k].text != ",":
        return None
    day, month = toks[k + 1], toks[k + 2]
    if not (day.text.isdigit() and len(day.text) <= 2 and month.lower_ in MONTHS):
        return None
    k += 3
    if k < len(toks) and toks[k].text.isdigit() and len(toks[k].text) == 4:
        k += 1
    return k


def _after_dash(toks: Toks, k: int) -> int | None:
    """The first word after a dash at k (past emphasis and spaces), when it opens with a capital."""
    k = skip_spaces(toks, k, EMPHASIS)
    if k >= len(toks) or toks[k].text not in DASHES:
        return None
    k = skip_spaces(toks, k + 1, EMPHASIS | OPENING_QUOTES)
    if k >= len(toks) or not toks[k].is_cap or any(c.isdigit() for c in toks[k].text):
        return None
    # a sentence follows: a word in lower case within a few words, on the same line
    for tok in toks[k + 1 : k + 1 + SENTENCE_REACH]:
        if tok.is_space and "\n" in tok.text:
            break
        if tok.is_alpha and tok.is_lower:
            return k
    return None


def _shouts(word: str) -> bool:
    """A word of two letters or more in capitals (`AUSTRALIA`; not `I`, `L'`)."""
    return word.isupper() and sum(c.isalpha() for c in word) > 1


def _is_place(toks: Toks, start: int, end: int, dated: bool, nxt: int, patterns: EntityPatterns) -> bool:
    name = span_text(toks, start, end)
    words = [t for t in toks[start:end] if not t.is_space]
    if dated:
        return True
    if all(_shouts(t.text) for t in words):
        known = patterns.places.get(name.title()) is not None
        plain = all(t.lower_ in patterns.common_words or ROMAN_RE.fullmatch(t.text) for t in words)
        return not _shouts(toks[nxt].text) and (known or not plain)
    return name in patterns.places and toks[nxt].lower_ in patterns.common_words


def dateline_at(toks: Toks, start: int, patterns: EntityPatterns) -> int | None:
    """The end of the dateline place that opens a line at `start`, or None."""
    end = start
    while end < len(toks) and end - start < MAX_WORDS and toks[end].is_cap and toks[end].is_alpha:
        end += 1
        after = skip_spaces(toks, end, EMPHASIS)
        date_end = _date_end(toks, after)
        nxt = _after_dash(toks, date_end if date_end is not None else after)
        if nxt is not None and _is_place(toks, start, end, date_end is not None, nxt, patterns):
            return end
    return None


def datelines(toks: Toks, chosen: list[RuleSpan], patterns: EntityPatterns) -> list[RuleSpan]:
    """The mentions with every dateline's place a LOC, in place of what overlapped it."""
    places = []
    for start in _line_starts(toks):
        end = dateline_at(toks, start, patterns)
        if end is not None:
            places.append(RuleSpan(start, end, "LOC", PRIORITY.known_place))
    return in_place_of_overlapped(chosen, places)
