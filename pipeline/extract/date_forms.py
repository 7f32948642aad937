"""Date forms read apart from the date grammar (date_grammar.py): intervals of seasons and numeric
day/month without a year.

'tra l'estate e l'autunno 2021' and 'dalla primavera all'estate 2022' are intervals of seasons; the year
written once at the end belongs to both ends. 'entro il 31/12' and 'dal 15/03 al 30/04' are days whose
year the text leaves out. A number pair is a day/month only when both are valid, one of them has two
digits ('3/1' is a score or a fraction), and a date word stands right before it ('il', 'dal', 'entro il')
or it ends a range; a time ('08:50') or a ratio ('1/3') never is. The words are data
(lang/it/date_cues.json, lang/it/months.json); the offsets are those of the matching view.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from pipeline.extract.date_grammar import words_in_order
from pipeline.extract.numbers import trie_pattern
from pipeline.lang import load_json

_CUES: dict[str, Any] = load_json("date_cues.json")
_SEASONS: dict[str, str] = load_json("months.json")["seasons"]
_RANGE: dict[str, list[str]] = _CUES["season_range"]
# the order of the seasons in a year: an interval whose end comes first (winter to spring) spans two years
SEASON_ORDER = {"SP": 0, "SU": 1, "FA": 2, "WI": 3}
_MAX_MONTH = 12


@dataclass(frozen=True)
class FormDate:
    """One end or both of a date found here: (year or None, month or None, day or None) and seasons."""

    start: int
    end: int
    a: tuple[int | None, int | None, int | None]
    b: tuple[int | None, int | None, int | None] | None = None
    season_a: str | None = None
    season_b: str | None = None


def _words(words: list[str]) -> str:
    # an apostrophe joins the next word with or without a space ("all'estate", "all' estate")
    return "(?:" + trie_pattern(words).replace(r"\ ", "[ ]+") + ")"


def _lead(words: list[str]) -> str:
    return r"(?<![^\W\d_])" + _words(words) + r"(?:(?<=')[ ]?|[ ]+)"


_NL = r"(?![^\W\d_])"
_SEASON = "(?:" + trie_pattern(list(_SEASONS)) + ")" + _NL
_ART = r"(?:" + _lead(_RANGE["articles"]) + ")?"
_YEAR = r"(?:1[6-9][0-9]{2}|20[0-9]{2})(?![0-9])(?![.,][0-9])"
_YEAR_AFTER = r"(?:[ ]+(?:" + _lead(_RANGE["year_links"]) + r")?|[ ]+)(?P<GROUP>" + _YEAR + ")"
_SEASON_RANGE_RE = re.compile(
    r"(?i)(?:(?P<between>"
    + _lead(_RANGE["between"])
    + r")|(?P<from>"
    + _lead(_RANGE["from"])
    + "))?"
    + _ART
    + r"(?P<s1>"
    + _SEASON
    + ")(?:"
    + _YEAR_AFTER.replace("GROUP", "y1")
    + r")?(?:(?P<dash>[ ]*[-/][ ]*)|[ ]+(?:(?P<and>"
    + _lead(_RANGE["and"])
    + ")|(?P<to>"
    + _lead(_RANGE["to"])
    + "))"
    + _ART
    + r")(?P<s2>"
    + _SEASON
    + ")"
    + _YEAR_AFTER.replace("GROUP", "y2")
)

_DM = (
    r"(?<![0-9.,/:])(?P<{0}d>[0-9]{{1,2}})/(?P<{0}m>[0-9]{{1,2}})(?![0-9])(?![.,:][0-9])"
    r"(?!/(?:[0-9]|[ ]*[0-9]))"
)
_NUMERIC_RE = re.compile(
    _DM.format("a")
    + r"(?:(?P<link>[ ]*-[ ]*|[ ]+"
    + _lead([w for w in _CUES["numeric_range_links"] if w != "-"])
    + ")"
    + _DM.format("b").replace(r"(?!/(?:[0-9]|[ ]*[0-9]))", "")
    + r"(?:/(?P<by>"
    + _YEAR
    + r"))?(?![/0-9]))?"
)
_NUMERIC_CUE_RE = re.compile(r"(?i)(?<![^\W\d_])" + _words(_CUES["numeric_day_cues"]) + r"[ ]*$")
# what may not follow a day/month: a percent, a unit or a currency make it a ratio or a score
_NUMERIC_BAD_AFTER_RE = re.compile(
    r"[ ]*(?:%|°|(?i:" + words_in_order(_CUES["not_after_numeric_day"]) + ")" + _NL + ")"
)


def find_date_forms(norm: str) -> Iterator[FormDate]:
    """Season intervals and numeric days without a year in the matching view `norm`, in order."""
    found = sorted([*_season_ranges(norm), *_numeric_days(norm)], key=lambda f: f.start)
    last = -1
    for f in found:
        if f.start >= last:
            last = f.end
            yield f


def _season_ranges(norm: str) -> Iterator[FormDate]:
    for m in _SEASON_RANGE_RE.finditer(norm):
        # 'tra l'estate e l'autunno', 'dall'estate all'autunno', 'primavera-estate': each link with its lead
        if m.group("between"):
            if not m.group("and"):
                continue
        elif m.group("from"):
            if not m.group("to"):
                continue
        elif not m.group("dash"):
            continue
        s1 = _SEASONS[m.group("s1").lower()]
        s2 = _SEASONS[m.group("s2").lower()]
        y1 = int(m.group("y1")) if m.group("y1") else None
        y2 = int(m.group("y2"))
        if s1 == s2 and y1 in (None, y2):
            continue
        if y1 is None and SEASON_ORDER[s1] < SEASON_ORDER[s2]:
            y1 = y2  # the year written once at the end is both ends' year
        if y1 is not None and (y1, SEASON_ORDER[s1]) >= (y2, SEASON_ORDER[s2]):
            continue
        yield FormDate(m.start("s1"), m.end(), (y1, None, None), (y2, None, None), s1, s2)


def _valid(day: int, month: int, year: int | None = None) -> bool:
    if not 1 <= month <= _MAX_MONTH:
        return False
    return 1 <= day <= calendar.monthrange(year if year is not None else 2000, month)[1]


def _plausible(day: str, month: str) -> bool:
    """A valid day/month with two digits in one of them ('31/12', '5/11', not '3/1')."""
    return _valid(int(day), int(month)) and (len(day) == 2 or len(month) == 2)


def _numeric_days(norm: str) -> Iterator[FormDate]:
    for m in _NUMERIC_RE.finditer(norm):
        if not _plausible(m.group("ad"), m.group("am")):
            continue
        cued = _NUMERIC_CUE_RE.search(norm, max(0, m.start() - 30), m.start()) is not None
        a: tuple[int | None, int, int] = (None, int(m.group("am")), int(m.group("ad")))
        if m.group("bd") is not None:
            year = int(m.group("by")) if m.group("by") else None
            if not _plausible(m.group("bd"), m.group("bm")) or not _valid(
                int(m.group("bd")), int(m.group("bm")), year
            ):
                continue
            b = (year, int(m.group("bm")), int(m.group("bd")))
            ordered = (a[1], a[2]) < (b[1], b[2])
            # a range names two dates by its form; without a date word before it, only in calendar order
            if (cued or ordered) and not _NUMERIC_BAD_AFTER_RE.match(norm, m.end()):
                if year is not None and ordered:
                    a = (year, a[1], a[2])
                yield FormDate(m.start(), m.end(), a, b)
                continue
        end = m.end("am")
        if cued and not _NUMERIC_BAD_AFTER_RE.match(norm, end):
            yield FormDate(m.start(), end, a)
