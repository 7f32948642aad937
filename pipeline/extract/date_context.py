"""The text around a date that makes it one or not: cue words before a bare year or month, street names,
law numbers, codes, amounts, lists of years. The words are data (lang/it/date_cues.json); every check
reads the matching view `norm` at offsets of that view.
"""

from __future__ import annotations

import re
from typing import Any

from pipeline.extract.date_grammar import MONTH, NL, any_word, words_in_order
from pipeline.lang import load_json

_CUES: dict[str, Any] = load_json("date_cues.json")

# the earliest bare year read as a date ('(2021)'); a written day or month lets older years through
MIN_BARE_YEAR = 1900
# a year after a cue word ('fondato nel 1863') may be older
MIN_CUED_YEAR = 1800
# most characters between two listed years ('2019, 2020 e 2021')
MAX_LIST_GAP = 8
# how far back (characters) the words that make a bare year a date are looked for
CUE_WINDOW = 40
# how far back (characters) a street name or a number head is looked for before a date
HEAD_WINDOW = 12
# how far back (characters) the words that make a bare month a date are looked for
MONTH_CUE_WINDOW = 40
# how far back (characters) a title word is looked for before a capitalised relative word
TITLE_WINDOW = 30

_NO_LETTER_BEFORE = r"(?i)(?<![^\W\d_])"


def _cue_re(words: list[str]) -> re.Pattern[str]:
    return re.compile(_NO_LETTER_BEFORE + any_word(set(words)) + r"[ ]*(?:\n[ ]*)?$")


_YEAR_CUE_RE = _cue_re(_CUES["year_cues"])
_MONTH_CUE_RE = _cue_re(_CUES["month_cues"])
_STREET_RE = re.compile(_NO_LETTER_BEFORE + any_word(set(_CUES["street_heads"])) + r"[ ]+$")
_STREET_COMMA_RE = re.compile(
    _NO_LETTER_BEFORE + any_word(set(_CUES["street_heads"])) + r"[ ][^,\n]{1,40},[ ]*$"
)
_NUMBER_HEAD_RE = re.compile(_NO_LETTER_BEFORE + any_word(set(_CUES["number_heads"])) + r"[ ]*$")
_PERIOD_CUE_RE = re.compile(
    _NO_LETTER_BEFORE + any_word(set(_CUES["period_cues"])) + r"(?:[ ]+[a-zà-ÿ']+){0,2}[ ]*$"
)
# a year standing on its own: after a line start, bullet, bracket, comma or dash, before punctuation or a
# line end
_DETACHED_BEFORE_RE = re.compile(r"(?:^|[\n(\[,;:]|(?<![0-9])[ ]-|(?:^|\n)[ ]*[-•])[ ]*$")
_DETACHED_AFTER_RE = re.compile(r"[ ]*(?:$|[\n)\],;:]|\.(?![0-9])|[ ]-[ ])")
# the year in 'Cluster 6 - 2022 - Communities - 01' is part of a code
_CODE_BEFORE_RE = re.compile(r"[0-9][ ]*-[ ]*$")
_CODE_AFTER_RE = re.compile(r"[ ]*-[ ]*[^\W\d_]+[ ]*-[ ]*[0-9]")
# 'maggio e giugno': a month listed after a month
_MONTH_LIST_RE = re.compile(
    MONTH + r"[ ]*(?:,|-|/|[ ](?i:" + words_in_order(_CUES["month_list_links"]) + "))[ ]*$"
)
# a capitalised word right before a capitalised 'Oggi' makes a title ('Italia Oggi')
_TITLE_BEFORE_RE = re.compile(r"[A-ZÀ-Ý][^\W\d_]*[ ]$")
# a capitalised word or code right before a period makes it a name ('POR FESR 2014-2020', 'S3 2021-2027')
_NAME_BEFORE_RE = re.compile(r"[A-Z0-9][^ \n]*[ ]+$")
# a year followed by an amount, a count or a unit is a number ('2020 euro', '/2021', '2021 %')
_BAD_AFTER_RE = re.compile(
    r"(?:/[0-9]|[ ]?%|°|[ ]*(?i:" + words_in_order(_CUES["not_after_year"]) + ")" + NL + ")"
)
# 'nel 2019 e 2020', 'nel 2019, 2020 e 2021': a year listed right after a year date is a date
_LIST_JOIN_RE = re.compile(r"(?:[ ]*,[ ]*|[ ]+(?i:" + words_in_order(_CUES["year_list_links"]) + ")[ ]+)")
_AND_RE = re.compile(r"[ ]+(?i:" + words_in_order(_CUES["year_pair_links"]) + ")[ ]")
_BETWEEN_RE = re.compile(
    _NO_LETTER_BEFORE
    + words_in_order(_CUES["year_between"])
    + "(?:[ ]+"
    + words_in_order(_CUES["year_between_articles"])
    + ")?[ ]*$"
)


_PAST_BEFORE_RE = _cue_re(_CUES["past_before"])
_FUTURE_BEFORE_RE = _cue_re(_CUES["future_before"])
_PAST_AFTER_RE = re.compile(r"[ ]*(?i:" + any_word(set(_CUES["past_after"])) + r")(?![^\W\d_])")
_FUTURE_AFTER_RE = re.compile(r"[ ]*(?i:" + any_word(set(_CUES["future_after"])) + r")(?![^\W\d_])")
# how far back (characters) the words that put a date before or after publication are looked for
TENSE_WINDOW = 12


def tense(norm: str, start: int, end: int) -> int:
    """-1 when the words around the date at [start, end) put it before the publication date ('lo scorso
    3 marzo', '12 febbraio u.s.'), 1 when after ('il prossimo 15 febbraio', '30 gennaio p.v.'), else 0."""
    before = norm[max(0, start - TENSE_WINDOW) : start]
    if _PAST_BEFORE_RE.search(before) or _PAST_AFTER_RE.match(norm, end):
        return -1
    if _FUTURE_BEFORE_RE.search(before) or _FUTURE_AFTER_RE.match(norm, end):
        return 1
    return 0


def year_context(norm: str, start: int, end: int, interval: bool) -> int | None:
    """The earliest year that reads as a date at [start, end), or None when the context is no date's.

    A cue word ('nel', 'entro il', 'programmazione') lets older years through ('fondato nel 1863')
    than a year that merely stands apart (a heading, a bracket).
    """
    before = norm[max(0, start - CUE_WINDOW) : start]
    if _BAD_AFTER_RE.match(norm, end) or _NUMBER_HEAD_RE.search(before):
        return None
    if _CODE_BEFORE_RE.search(before) or _CODE_AFTER_RE.match(norm, end):
        return None
    if _YEAR_CUE_RE.search(before):
        return MIN_CUED_YEAR
    if interval and _PERIOD_CUE_RE.search(before) and not _NAME_BEFORE_RE.search(before):
        return MIN_BARE_YEAR
    if (
        _DETACHED_BEFORE_RE.search(before)
        and _DETACHED_AFTER_RE.match(norm, end)
        and not _STREET_COMMA_RE.search(before)
    ):
        return MIN_BARE_YEAR
    return None


def after_street(norm: str, start: int) -> bool:
    """A street head right before: the day and month are a street name ('Via 4 Novembre')."""
    return _STREET_RE.search(norm, max(0, start - HEAD_WINDOW), start) is not None


def after_number_head(norm: str, start: int) -> bool:
    """A number head right before: the digits are a law, item or phone number ('n. 12.03.2021')."""
    return _NUMBER_HEAD_RE.search(norm, max(0, start - HEAD_WINDOW), start) is not None


def two_listed_years(norm: str, start: int, first_year_end: int) -> bool:
    """'nel 2019 e 2020' names two years; 'tra il 2019 e il 2020' is a period."""
    return (
        _AND_RE.match(norm, first_year_end) is not None
        and _BETWEEN_RE.search(norm, max(0, start - HEAD_WINDOW), start) is None
    )


def month_cued(norm: str, start: int) -> bool:
    """A month alone is a date after a cue ('inizio ottobre') or after a listed month ('maggio e giugno')."""
    window = max(0, start - MONTH_CUE_WINDOW)
    return (
        _MONTH_CUE_RE.search(norm, window, start) is not None
        or _MONTH_LIST_RE.search(norm, window, start) is not None
    )


def listed_after_year(norm: str, start: int, previous_year_end: int) -> bool:
    """The year at `start` follows the year date ending at `previous_year_end` in a list."""
    return (
        0 <= start - previous_year_end <= MAX_LIST_GAP
        and _LIST_JOIN_RE.fullmatch(norm, previous_year_end, start) is not None
    )


def in_title(norm: str, start: int) -> bool:
    """A capitalised relative word after a capitalised word is a title ('Italia Oggi'), not today."""
    return (
        _TITLE_BEFORE_RE.search(norm, max(0, start - TITLE_WINDOW), start) is not None
        and norm[start].isupper()
    )
