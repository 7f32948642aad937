"""Dates in Italian text: days, months, years, intervals, seasons and relative expressions.

The span leaves out articles, prepositions and modifiers ('nel 2018' -> '2018', 'inizio ottobre' ->
'ottobre'); the value is ISO 8601 at the written precision, with XXXX for a year the text does not
write and `context_value` filling it from the surrounding text or the publication date. A bare year
is a date only in a date-like context ('nel 2018', '(2021-2027)', 'programmazione 2014-2020'), never
inside a name ('Horizon 2020', 'Agenda 2030', 'MILANO 1863') or a code.
"""

from __future__ import annotations

import calendar
import logging
import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Any, Literal

from pipeline.extract.date_forms import find_date_forms
from pipeline.extract.holidays import find_holidays
from pipeline.extract.numbers import (
    NormalizedText,
    iter_starts,
    match_at_tokens,
    normalize_text,
    trie_pattern,
)
from pipeline.lang import load_json

log = logging.getLogger(__name__)

Granularity = Literal["day", "month", "year", "interval", "season"]

# the earliest bare year read as a date ('(2021)'); a written day or month lets older years through
MIN_BARE_YEAR = 1900
# a year after a cue word ('fondato nel 1863') may be older
MIN_CUED_YEAR = 1800
MAX_PERIOD_YEARS = 30
# most characters between two listed years ('2019, 2020 e 2021')
MAX_LIST_GAP = 8
# how far back (characters) the words that make a bare year a date are looked for
CUE_WINDOW = 40
# how far back (characters, same paragraph) a written year may sit to give its year to a date without one
YEAR_ANCHOR_WINDOW = 600
# how far into the document a dateline or byline may sit
PUBLICATION_HEAD_CHARS = 1500
PUBLICATION_HEAD_LINES = 15

_MONTH_DATA: dict[str, Any] = load_json("months.json")
_CUES: dict[str, Any] = load_json("date_cues.json")
_RELATIVE: dict[str, Any] = load_json("relative_dates.json")
MONTHS: dict[str, int] = _MONTH_DATA["names"]
MONTH_ABBREVIATIONS: dict[str, int] = _MONTH_DATA["abbreviations"]
ENGLISH_MONTHS: frozenset[str] = frozenset(_MONTH_DATA["english"])
SEASONS: dict[str, str] = _MONTH_DATA["seasons"]
SEASON_MONTHS: dict[str, list[int]] = _MONTH_DATA["season_months"]
YEAR_PARTS: dict[str, list[int]] = _MONTH_DATA["parts"]

_SP = r"(?:[ ]+(?:\n[ ]*)?|\n[ ]*)"
_NL = r"(?![^\W\d_¹²³⁴⁵⁶⁷⁸⁹⁰])"  # not followed by a letter (superscript footnote marks are fine)
_NB = r"(?<![^\W\d_])"  # not preceded by a letter


def _alt(words: list[str] | set[str]) -> str:
    return trie_pattern(words).replace(r"\ ", _SP)


_MON = r"(?i:" + _alt(set(MONTHS)) + ")" + _NL
_ABBR = r"(?i:" + _alt(set(MONTH_ABBREVIATIONS)) + r")(?:\.|" + _NL + ")"
_DAY = r"(?<![0-9.,/])(?:[12][0-9]|3[01]|0?[1-9])(?:°|º)?(?![0-9])"
_DAYW = r"(?:" + _DAY + r"|" + _NB + r"(?i:primo)" + _NL + ")"
_YEAR = r"(?<![0-9.,/])(?:1[6-9][0-9]{2}|20[0-9]{2})(?![0-9])(?![.,][0-9])"
_YY = r"'[0-9]{2}(?![0-9])"
_SEASON = r"(?i:" + _alt(set(SEASONS)) + ")" + _NL
_PART = r"(?i:" + _alt(set(YEAR_PARTS)) + ")" + _NL
# the link between the two ends of an interval: 'al', "all'", '-', 'a', 'e il'
_CONN = (
    r"(?:[ ]*-[ ]*|"
    + _SP
    + r"(?i:al|a|ad|e|e[ ]il|fino[ ]al|sino[ ]al)"
    + _SP
    + "|"
    + _SP
    + r"(?i:all'|fino[ ]all'|e[ ]l')[ ]*)"
)
_YCONN = r"(?:[ ]*[-/][ ]*(?:\n[ ]*)?|" + _SP + r"(?i:al|a|e|e[ ]il|fino[ ]al)" + _SP + ")"


def _relative_pattern(pattern: str) -> str:
    # "quest'anno" is also written "quest' anno"
    return pattern.replace(" ", _SP).replace("'", "'[ ]?")


_REL = "|".join("(?:" + _relative_pattern(e["pattern"]) + ")" for e in _RELATIVE["expressions"])

_ALTERNATIVES = [
    # 29 novembre all'11 gennaio 2023
    rf"(?P<dd>(?P<dd_d1>{_DAYW}){_SP}(?P<dd_m1>{_MON})(?:{_SP}(?P<dd_y1>{_YEAR}))?{_CONN}"
    rf"(?P<dd_d2>{_DAY}){_SP}(?P<dd_m2>{_MON})(?:{_SP}(?:(?i:del){_SP})?(?P<dd_y2>{_YEAR}))?)",
    # 7 all'8 febbraio, 10-12 maggio 2022
    rf"(?P<d2>(?P<d2_d1>{_DAYW}){_CONN}(?P<d2_d2>{_DAY}){_SP}(?P<d2_m>{_MON})(?:{_SP}(?P<d2_y>{_YEAR}))?)",
    # Ottobre 3, 2017
    rf"(?P<en>{_NB}(?P<en_m>{_MON})[ ]+(?P<en_d>{_DAY})[ ]*,[ ]*(?P<en_y>{_YEAR}))",
    # 9 luglio 2021, 20 gennaio
    rf"(?P<dm>(?P<dm_d>{_DAYW}){_SP}(?P<dm_m>{_MON})(?:{_SP}(?:(?i:del){_SP})?(?P<dm_y>{_YEAR}|{_YY}))?)",
    # 3 set. 2021
    rf"(?P<ab>(?P<ab_d>{_DAY}){_SP}(?P<ab_m>{_ABBR})[ ]*(?P<ab_y>{_YEAR}))",
    # 15/12/2021, 15.12.2021, 15-12-21
    r"(?P<nu>(?P<nu_d>(?<![0-9.,/-])(?:[12][0-9]|3[01]|0?[1-9]))(?P<sep>[/.-])(?P<nu_m>1[0-2]|0?[1-9])(?P=sep)"
    r"(?P<nu_y>(?:1[6-9]|20)[0-9]{2}|(?<=/)[0-9]{2})(?![0-9])(?![/.-][0-9]))",
    # 2021-12-15
    r"(?P<iso>(?<![0-9.,/-])(?P<iso_y>(?:19|20)[0-9]{2})-(?P<iso_m>1[0-2]|0[1-9])-(?P<iso_d>3[01]|[12][0-9]|0[1-9])(?![0-9]))",
    # gennaio-marzo 2022, gennaio 2021 - marzo 2022
    rf"(?P<mm>(?P<mm_m1>{_NB}{_MON})(?:{_SP}(?P<mm_y1>{_YEAR}))?"
    rf"(?:[ ]*[-/][ ]*|{_SP}(?i:a|al|e){_SP})(?P<mm_m2>{_MON}){_SP}(?P<mm_y2>{_YEAR}))",
    # giugno 2022, giugno del 2022, maggio '22
    rf"(?P<my>(?P<my_m>{_NB}{_MON}){_SP}(?:(?i:del|dell')[ ]*)?(?P<my_y>{_YEAR}|{_YY}))",
    # primavera 2013
    rf"(?P<se>(?P<se_s>{_NB}{_SEASON}){_SP}(?:(?i:del|dell')[ ]*)?(?P<se_y>{_YEAR}))",
    # primo trimestre 2022
    rf"(?P<pa>(?P<pa_p>{_NB}{_PART}){_SP}(?:(?i:del|dell')[ ]*)?(?P<pa_y>{_YEAR}))",
    # 2014-2020, 2013/2014, 2021-27
    rf"(?P<yy>(?P<yy_1>{_NB}{_YEAR}){_YCONN}(?P<yy_2>(?:1[6-9]|20)[0-9]{{2}}(?![0-9])(?![.,][0-9])"
    rf"|(?<=[-/])[0-9]{{2}}(?![0-9])(?![.,][0-9])))",
    rf"(?P<bm>{_NB}{_MON})",
    rf"(?P<by>{_NB}{_YEAR})",
    rf"(?P<rel>{_NB}(?i:{_REL}){_NL})",
]
# one regex tries every form at once; when the first form that matches is rejected on context,
# the later forms are tried alone at the same place ('nel 2019 e 2020' is two years, not a period)
_DATE_RE = re.compile("|".join(_ALTERNATIVES))
_KIND_RES: list[tuple[str, re.Pattern[str]]] = [
    (alt[4 : alt.index(">")], re.compile(alt)) for alt in _ALTERNATIVES
]


def _first_word(pattern: str) -> str:
    m = re.match(r"[^\W\d_]+", pattern)
    return m.group().lower() if m is not None else ""


# the words a date expression can start with (the other starts are digits)
_START_WORDS = frozenset(
    {*MONTHS, *SEASONS, "primo"}
    | {_first_word(p) for p in YEAR_PARTS}
    | {_first_word(alt) for e in _RELATIVE["expressions"] for alt in e["pattern"].split("|")}
)


def _cue_re(words: list[str]) -> re.Pattern[str]:
    return re.compile(r"(?i)(?<![^\W\d_])" + _alt(set(words)) + r"[ ]*(?:\n[ ]*)?$")


_YEAR_CUE_RE = _cue_re(_CUES["year_cues"])
_MONTH_CUE_RE = _cue_re(_CUES["month_cues"])
_STREET_RE = re.compile(r"(?i)(?<![^\W\d_])" + _alt(set(_CUES["street_heads"])) + r"[ ]+$")
_STREET_COMMA_RE = re.compile(
    r"(?i)(?<![^\W\d_])" + _alt(set(_CUES["street_heads"])) + r"[ ][^,\n]{1,40},[ ]*$"
)
_NUMBER_HEAD_RE = re.compile(r"(?i)(?<![^\W\d_])" + _alt(set(_CUES["number_heads"])) + r"[ ]*$")
_PERIOD_CUE_RE = re.compile(
    r"(?i)(?<![^\W\d_])" + _alt(set(_CUES["period_cues"])) + r"(?:[ ]+[a-zà-ÿ']+){0,2}[ ]*$"
)
# a year standing on its own: after a line start, bullet, bracket, comma or dash, before punctuation or a
# line end
_DETACHED_BEFORE_RE = re.compile(r"(?:^|[\n(\[,;:]|(?<![0-9])[ ]-|(?:^|\n)[ ]*[-•])[ ]*$")
_DETACHED_AFTER_RE = re.compile(r"[ ]*(?:$|[\n)\],;:]|\.(?![0-9])|[ ]-[ ])")
# the year in 'Cluster 6 - 2022 - Communities - 01' is part of a code
_CODE_BEFORE_RE = re.compile(r"[0-9][ ]*-[ ]*$")
_CODE_AFTER_RE = re.compile(r"[ ]*-[ ]*[^\W\d_]+[ ]*-[ ]*[0-9]")
# 'maggio e giugno': a month listed after a month
_MONTH_LIST_RE = re.compile(_MON + r"[ ]*(?:,|-|/|[ ](?i:e|ed|o))[ ]*$")
# a capitalised word right before a capitalised 'Oggi' makes a title ('Italia Oggi')
_TITLE_BEFORE_RE = re.compile(r"[A-ZÀ-Ý][^\W\d_]*[ ]$")
# a capitalised word or code right before a period makes it a name ('POR FESR 2014-2020', 'S3 2021-2027')
_NAME_BEFORE_RE = re.compile(r"[A-Z0-9][^ \n]*[ ]+$")
_BAD_AFTER_RE = re.compile(
    r"(?:/[0-9]|[ ]?%|°|[ ]*(?i:euro|€|mila|milioni|miliardi|mln|persone|abitanti)" + _NL + ")"
)
# 'nel 2019 e 2020', 'nel 2019, 2020 e 2021': a year listed right after a year date is a date
_LIST_JOIN_RE = re.compile(r"(?:[ ]*,[ ]*|[ ]+(?i:e|ed|o|e[ ]nel|e[ ]del|e[ ]il|e[ ]al)[ ]+)")
_AND_RE = re.compile(r"[ ]+(?i:e)[ ]")
_BETWEEN_RE = re.compile(r"(?i)(?<![^\W\d_])(?:tra|fra)(?:[ ]+il)?[ ]*$")
_RELATIVE_UNITS: list[tuple[re.Pattern[str], str | None, int]] = [
    (re.compile(r"(?i)" + _relative_pattern(e["pattern"])), e["unit"], int(e["offset"]))
    for e in _RELATIVE["expressions"]
]


@dataclass(frozen=True)
class DateMatch:
    """A date or time expression found in a text, with offsets into that text."""

    start: int
    end: int
    value: str | None
    granularity: Granularity | None
    context_value: str | None
    year_inferred: bool
    relative: bool
    start_date: date | None
    end_date: date | None


@dataclass(frozen=True)
class _Point:
    """One end of a date: the parts the text writes (year may be None)."""

    year: int | None
    month: int | None = None
    day: int | None = None

    def iso(self, year: int | None = None) -> str:
        y = self.year if self.year is not None else year
        ys = f"{y:04d}" if y is not None else "XXXX"
        if self.month is None:
            return ys
        if self.day is None:
            return f"{ys}-{self.month:02d}"
        return f"{ys}-{self.month:02d}-{self.day:02d}"

    def first(self, year: int) -> date:
        return date(year, self.month or 1, self.day or 1)

    def last(self, year: int) -> date:
        month = self.month or 12
        return date(year, month, self.day or calendar.monthrange(year, month)[1])


@dataclass(frozen=True)
class _Raw:
    """A date before its missing years are filled: one point, or two for an interval."""

    start: int
    end: int
    a: _Point
    b: _Point | None = None
    season: str | None = None
    season_b: str | None = None  # an interval of seasons: the season of its end

    def keys(self) -> tuple[tuple[int, int], tuple[int, int]]:
        """(month, day) of each end for ordering them in a year (a season counts as its first month)."""
        b = self.b or self.a
        ma = SEASON_MONTHS[self.season][0] if self.season else self.a.month or 1
        mb = SEASON_MONTHS[self.season_b][0] if self.season_b else b.month or 1
        return (ma, self.a.day or 1), (mb, b.day or 1)


def _month(word: str) -> int:
    w = re.sub(r"\s+", "", word).lower().rstrip(".")
    return MONTHS.get(w) or MONTH_ABBREVIATIONS[w]


def _day(word: str) -> int:
    w = word.rstrip("°º").lower()
    return 1 if w == "primo" else int(w)


def _year(word: str | None, century_from: int | None = None) -> int | None:
    if word is None:
        return None
    w = word.lstrip("'")
    if len(w) == 2:
        base = century_from if century_from is not None else 2000
        return base // 100 * 100 + int(w)
    return int(w)


def _valid(p: _Point) -> bool:
    if p.month is None or p.day is None:
        return True
    last = calendar.monthrange(p.year if p.year is not None else 2000, p.month)[1]
    return 1 <= p.day <= last


def parse_date(surface: str) -> str | None:
    """The ISO value of one date expression as written, or None.

    >>> parse_date("9 luglio 2021")
    '2021-07-09'
    >>> parse_date("7 all'8 febbraio")
    'XXXX-02-07/XXXX-02-08'
    >>> parse_date("2021-27")
    '2021/2027'
    """
    view = normalize_text(surface.strip())
    m = _DATE_RE.fullmatch(view.text)
    if m is None or m.lastgroup == "rel":
        return None
    raw = _raw(m, view.text, check_context=False)
    return _value(raw) if raw is not None else None


def _value(raw: _Raw, year_a: int | None = None, year_b: int | None = None) -> str:
    if raw.season is not None and raw.b is not None:
        return f"{raw.a.iso(year_a)}-{raw.season}/{raw.b.iso(year_b)}-{raw.season_b}"
    if raw.season is not None:
        return f"{raw.a.iso(year_a)}-{raw.season}"
    if raw.b is None:
        return raw.a.iso(year_a)
    return f"{raw.a.iso(year_a)}/{raw.b.iso(year_b)}"


def _year_context(norm: str, start: int, end: int, interval: bool) -> int | None:
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


def _raw(m: re.Match[str], norm: str, check_context: bool = True, previous_year_end: int = -1) -> _Raw | None:
    """The written parts of one regex match, or None when they do not make a date."""
    kind = m.lastgroup
    g = m.group
    if (
        kind in ("dd", "d2", "dm", "ab")
        and check_context
        and _STREET_RE.search(norm, max(0, m.start() - 12), m.start())
    ):
        return None
    if kind == "dd":
        y2 = _year(g("dd_y2"))
        a = _Point(_year(g("dd_y1")), _month(g("dd_m1")), _day(g("dd_d1")))
        b = _Point(y2, _month(g("dd_m2")), _day(g("dd_d2")))
        raw = _Raw(m.start(), m.end(), a, b)
    elif kind == "d2":
        mon, y = _month(g("d2_m")), _year(g("d2_y"))
        d1, d2 = _day(g("d2_d1")), _day(g("d2_d2"))
        if d1 >= d2:
            return None
        raw = _Raw(m.start(), m.end(), _Point(None, mon, d1), _Point(y, mon, d2))
    elif kind == "en":
        raw = _Raw(m.start(), m.end(), _Point(_year(g("en_y")), _month(g("en_m")), _day(g("en_d"))))
    elif kind == "dm":
        raw = _Raw(m.start(), m.end(), _Point(_year(g("dm_y")), _month(g("dm_m")), _day(g("dm_d"))))
    elif kind == "ab":
        raw = _Raw(m.start(), m.end(), _Point(_year(g("ab_y")), _month(g("ab_m")), _day(g("ab_d"))))
    elif kind == "nu":
        if check_context and _NUMBER_HEAD_RE.search(norm, max(0, m.start() - 12), m.start()):
            return None
        raw = _Raw(m.start(), m.end(), _Point(_year(g("nu_y")), int(g("nu_m")), int(g("nu_d"))))
    elif kind == "iso":
        raw = _Raw(m.start(), m.end(), _Point(int(g("iso_y")), int(g("iso_m")), int(g("iso_d"))))
    elif kind == "mm":
        m1, m2 = _month(g("mm_m1")), _month(g("mm_m2"))
        y1, y2 = _year(g("mm_y1")), _year(g("mm_y2"))
        if y1 is None and m1 >= m2:
            return None
        raw = _Raw(m.start(), m.end(), _Point(y1, m1), _Point(y2, m2))
    elif kind == "my":
        raw = _Raw(m.start(), m.end(), _Point(_year(g("my_y")), _month(g("my_m"))))
    elif kind == "se":
        season = SEASONS[re.sub(r"\s+", " ", g("se_s")).lower()]
        raw = _Raw(m.start(), m.end(), _Point(_year(g("se_y"))), season=season)
    elif kind == "pa":
        first, last = YEAR_PARTS[re.sub(r"\s+", " ", g("pa_p")).lower()]
        y = _year(g("pa_y"))
        raw = _Raw(m.start(), m.end(), _Point(y, first), _Point(y, last))
    elif kind == "yy":
        y1 = _year(g("yy_1"))
        y2 = _year(g("yy_2"), century_from=y1)
        if y1 is None or y2 is None or not 0 < y2 - y1 <= MAX_PERIOD_YEARS:
            return None
        if check_context:
            earliest = _year_context(norm, m.start(), m.end(), interval=True)
            if earliest is None or y1 < earliest:
                return None
        if (
            check_context
            and _AND_RE.match(norm, m.end("yy_1"))
            and not _BETWEEN_RE.search(norm, max(0, m.start() - 12), m.start())
        ):
            # 'nel 2019 e 2020' names two years; 'tra il 2019 e il 2020' is a period
            return None
        raw = _Raw(m.start(), m.end(), _Point(y1), _Point(y2))
    elif kind == "bm":
        # an english month name alone is too often a word ('may', 'march')
        if g("bm").lower() in ENGLISH_MONTHS:
            return None
        window = max(0, m.start() - 40)
        if (
            check_context
            and not _MONTH_CUE_RE.search(norm, window, m.start())
            and not _MONTH_LIST_RE.search(norm, window, m.start())
        ):
            return None
        raw = _Raw(m.start(), m.end(), _Point(None, _month(g("bm"))))
    elif kind == "by":
        y = int(g("by"))
        listed = 0 <= m.start() - previous_year_end <= MAX_LIST_GAP and _LIST_JOIN_RE.fullmatch(
            norm, previous_year_end, m.start()
        )
        earliest = (
            MIN_BARE_YEAR if listed or not check_context else _year_context(norm, m.start(), m.end(), False)
        )
        if earliest is None or y < earliest:
            return None
        raw = _Raw(m.start(), m.end(), _Point(y))
    else:  # pragma: no cover - every alternative of _DATE_RE is handled above
        return None
    if not _valid(raw.a) or (raw.b is not None and not _valid(raw.b)):
        return None
    return _share_year(raw)


def _share_year(raw: _Raw) -> _Raw:
    """An interval whose end alone writes the year shares it when the start comes first in that year:
    'il 3 e il 5 maggio 2015' -> 2015-05-03/2015-05-05 ('29 novembre all'11 gennaio 2023' does not)."""
    a, b = raw.a, raw.b
    if b is None or a.year is not None or b.year is None or a.month is None or b.month is None:
        return raw
    if (a.month, a.day or 0) > (b.month, b.day or 0):
        return raw
    return replace(raw, a=replace(a, year=b.year))


def _resolve(
    raw: _Raw, anchor_year: int | None, publication_date: date | None
) -> tuple[str | None, int | None, int | None]:
    """Context value and the filled years of each end, when the text leaves a year out."""
    a, b = raw.a, raw.b
    ya, yb = a.year, b.year if b is not None else None
    if ya is not None and (b is None or yb is not None):
        return None, ya, yb
    key_a, key_b = raw.keys()
    if b is not None and ya is None and yb is not None:
        ya = yb - 1 if key_a > key_b else yb
    elif b is not None and ya is not None and yb is None:
        yb = ya + 1 if key_a > key_b else ya
    elif ya is None:
        # the publication date knows best which year a bare '23 marzo' is; without it, the latest
        # year written just before ('nel 2022 si prevede: ... dal 7 all'8 febbraio')
        base = _closest_year(a, publication_date) if publication_date is not None else anchor_year
        if base is None:
            return None, None, None
        ya = base
        if b is not None:
            yb = ya + 1 if key_a > key_b else ya
    if b is None:
        return (_value(raw, ya) if a.year is None else None), ya, None
    return _value(raw, ya, yb), ya, yb


def _closest_year(p: _Point, publication_date: date | None) -> int | None:
    """The year that puts a day or month without a year nearest to the publication date."""
    if publication_date is None or p.month is None:
        return None
    best: tuple[int, int] | None = None
    for year in (publication_date.year - 1, publication_date.year, publication_date.year + 1):
        day = min(p.day or 15, calendar.monthrange(year, p.month)[1])
        distance = abs((date(year, p.month, day) - publication_date).days)
        if best is None or distance < best[0]:
            best = (distance, year)
    return best[1] if best is not None else None


def _bounds(raw: _Raw, ya: int | None, yb: int | None) -> tuple[date | None, date | None]:
    if ya is None:
        return None, None
    if raw.season is not None:
        start = date(ya, SEASON_MONTHS[raw.season][0], 1)
        season, year = (raw.season_b, yb) if raw.season_b is not None else (raw.season, ya)
        if season is None or year is None:
            return start, None
        first, last = SEASON_MONTHS[season]
        end_year = year + 1 if last < first else year
        return start, date(end_year, last, calendar.monthrange(end_year, last)[1])
    start = raw.a.first(ya)
    if raw.b is None:
        return start, raw.a.last(ya)
    if yb is None:
        return start, None
    return start, raw.b.last(yb)


def _granularity(raw: _Raw) -> Granularity:
    if raw.season is not None and raw.b is None:
        return "season"
    if raw.b is not None:
        return "interval"
    if raw.a.day is not None:
        return "day"
    return "month" if raw.a.month is not None else "year"


def _relative(view: NormalizedText, m: re.Match[str], publication_date: date | None) -> DateMatch:
    surface = m.group("rel")
    unit: str | None = None
    offset = 0
    for pattern, u, o in _RELATIVE_UNITS:
        if pattern.fullmatch(surface):
            unit, offset = u, o
            break
    context: str | None = None
    first: date | None = None
    last: date | None = None
    if publication_date is not None and unit is not None:
        if unit == "day":
            first = last = publication_date + timedelta(days=offset)
            context = first.isoformat()
        elif unit == "month":
            index = publication_date.year * 12 + publication_date.month - 1 + offset
            y, mo = divmod(index, 12)
            first, last = date(y, mo + 1, 1), date(y, mo + 1, calendar.monthrange(y, mo + 1)[1])
            context = f"{y:04d}-{mo + 1:02d}"
        elif unit == "year":
            y = publication_date.year + offset
            first, last = date(y, 1, 1), date(y, 12, 31)
            context = f"{y:04d}"
    start, end = view.span(m.start(), m.end())
    return DateMatch(start, end, None, None, context, False, True, first, last)


def find_dates(text: str, publication_date: date | None = None) -> list[DateMatch]:
    """Dates, periods and relative time expressions in `text`, in order, with exact offsets.

    Args:
        text: document text as a reader produces it.
        publication_date: the document's date, used to resolve relative expressions and missing years
            (without it, a missing year comes from the latest year written shortly before).

    Returns:
        One match per expression; an interval is one match with value 'start/end'.
    """
    view = normalize_text(text)
    norm = view.text
    out: list[DateMatch] = []
    anchors: list[tuple[int, int]] = []  # (end offset in the view, year written there)
    for m, raw in _with_forms(norm, _iter_raw(norm)):
        if raw is None:
            if m is not None:
                out.append(_relative(view, m, publication_date))
            continue
        anchor = (
            anchors[-1][1]
            if anchors
            and raw.start - anchors[-1][0] <= YEAR_ANCHOR_WINDOW
            and "\n\n" not in norm[anchors[-1][0] : raw.start]
            else None
        )
        context, ya, yb = _resolve(raw, anchor, publication_date)
        written = [p.year for p in (raw.a, raw.b) if p is not None and p.year is not None]
        if written:
            anchors.append((raw.end, written[-1]))
        first, last = _bounds(raw, ya, yb)
        start, end = view.span(raw.start, raw.end)
        out.append(
            DateMatch(
                start, end, _value(raw), _granularity(raw), context, context is not None, False, first, last
            )
        )
    holidays = list(_holidays(view, out))
    if holidays:
        # a holiday holds its year ('Ferragosto del 2021'): it replaces the bare year found inside it
        out = [d for d in out if not any(h.start <= d.start and d.end <= h.end for h in holidays)]
        out = sorted([*out, *holidays], key=lambda d: d.start)
    return out


def _with_forms(
    norm: str, found: Iterator[tuple[re.Match[str], _Raw | None]]
) -> list[tuple[re.Match[str] | None, _Raw | None]]:
    """The regex's dates with the other forms (date_forms.py); a form replaces the dates inside it."""
    forms = [
        _Raw(f.start, f.end, _Point(*f.a), _Point(*f.b) if f.b else None, f.season_a, f.season_b)
        for f in find_date_forms(norm)
    ]
    forms = [_share_year(raw) for raw in forms if _valid(raw.a) and (raw.b is None or _valid(raw.b))]
    kept: list[tuple[re.Match[str] | None, _Raw | None]] = [
        (m, raw) for m, raw in found if not any(f.start < m.end() and m.start() < f.end for f in forms)
    ]
    kept.extend((None, f) for f in forms)
    return sorted(kept, key=lambda pair: pair[1].start if pair[1] is not None else _start(pair[0]))


def _start(m: re.Match[str] | None) -> int:
    return m.start() if m is not None else 0


def _holidays(view: NormalizedText, found: list[DateMatch]) -> Iterator[DateMatch]:
    """Fixed-date holidays with their year ('Natale 2016', 'vigilia di Capodanno 2016')."""
    taken = [(d.start, d.end) for d in found]
    for m_start, m_end, day in find_holidays(view.text):
        start, end = view.span(m_start, m_end)
        # a date that overlaps the holiday without lying inside it wins
        if any(s < end and start < e and not (start <= s and e <= end) for s, e in taken):
            continue
        yield DateMatch(start, end, day.isoformat(), "day", None, False, False, day, day)


def _iter_raw(norm: str) -> Iterator[tuple[re.Match[str], _Raw | None]]:
    """Date expressions of the view in order: (match, written parts), parts None for relative ones."""
    last = 0
    previous_year_end = -1
    for pos in iter_starts(norm, _START_WORDS):
        if pos < last:
            continue
        m = _DATE_RE.match(norm, pos)
        if m is None or m.end() == pos:
            continue
        if (
            m.lastgroup == "rel"
            and _TITLE_BEFORE_RE.search(norm, max(0, pos - 30), pos)
            and norm[pos].isupper()
        ):
            # 'Italia Oggi', 'Lombardia Oggi': a title, not today
            continue
        raw = None if m.lastgroup == "rel" else _raw(m, norm, previous_year_end=previous_year_end)
        if raw is None and m.lastgroup != "rel":
            found = _fallback(norm, pos, m.lastgroup, previous_year_end)
            if found is None:
                continue
            m, raw = found
        last = m.end()
        if raw is not None and raw.a.year is not None and raw.b is None and raw.a.month is None:
            previous_year_end = m.end()
        yield m, raw


def _fallback(
    norm: str, pos: int, rejected: str | None, previous_year_end: int
) -> tuple[re.Match[str], _Raw] | None:
    """The first form after `rejected` that matches at `pos` and reads as a date."""
    later = False
    for kind, pattern in _KIND_RES:
        if kind == rejected:
            later = True
            continue
        if not later or kind == "rel":
            continue
        m = pattern.match(norm, pos)
        if m is None or m.end() == pos:
            continue
        raw = _raw(m, norm, previous_year_end=previous_year_end)
        if raw is not None:
            return m, raw
    return None


_WEEKDAY = r"(?i:lunedì|martedì|mercoledì|giovedì|venerdì|sabato|domenica)"
_DATELINE_RE = re.compile(
    r"(?m)^[ ]*(?:\([A-Za-z]+\)[ ]*-?[ ]*)?(?:[A-ZÀ-Ý][\w'.]*(?:[ ]+[\w'.()]+){0,3})[ ]*,[ ]*(?:"
    + _WEEKDAY
    + r"[ ]*,?[ ]*)?$"
)
_BYLINE_RE = re.compile(
    r"(?i)(?:^|\n)[ ]*(?:by|di|da|a[ ]cura[ ]di|autore|redazione)[ ]+[^\n]{1,60}?[ ]*$|"
    r"(?:(?:decreto|delibera(?:zione)?|determina(?:zione)?|comunicato|circolare|ordinanza|nota)\b[^\n]{0,30}?\bdel|"
    r"pubblicat[oa]|pubblicazione|data|aggiornat[oa]|comunicato(?:[ ]stampa)?(?:[ ]del)?|"
    r"postato|posted|published|updated)[ ]*(?:il|:|del|on)?[ ]*$"
)
_LONE_LINE_BEFORE_RE = re.compile(r"(?:^|\n)[ ]*(?:" + _WEEKDAY + r"[ ]*,?[ ]*)?$")
# a date alone on its line, perhaps with a time ('12 marzo 2022 - 10:30')
_LONE_LINE_AFTER_RE = re.compile(r"[ ]*(?:[-,|]?[ ]*(?:(?i:ore|h)[ ]*)?[0-9]{1,2}[:.][0-9]{2}[ ]*)?(?:\n|$)")


def find_publication_date(text: str) -> date | None:
    """The date the document states it was published (dateline, byline or label), else None.

    >>> find_publication_date("Titolo\\n\\nMilano, 9 luglio 2021 - La Regione ha approvato")
    datetime.date(2021, 7, 9)
    >>> find_publication_date("By Federdat Ottobre 3, 2017 08:50 Updated")
    datetime.date(2017, 10, 3)
    >>> find_publication_date("Il bando scade il 30 maggio 2012.") is None
    True
    """
    view = normalize_text(text[: PUBLICATION_HEAD_CHARS * 2])
    norm = view.text
    head_end = _head_end(norm)
    for m in match_at_tokens(_DATE_RE, norm[:head_end], _START_WORDS):
        if m.lastgroup not in ("dm", "en", "nu", "iso", "ab"):
            continue
        raw = _raw(m, norm)
        if raw is None or raw.a.year is None or raw.a.day is None or raw.a.month is None:
            continue
        line_start = norm.rfind("\n", 0, m.start()) + 1
        before = norm[line_start : m.start()]
        if (
            _DATELINE_RE.fullmatch(before)
            or _BYLINE_RE.search(norm, max(0, line_start - 1), m.start())
            or (_LONE_LINE_BEFORE_RE.search(before) and _LONE_LINE_AFTER_RE.match(norm, m.end()))
        ):
            return date(raw.a.year, raw.a.month, raw.a.day)
    return None


def _head_end(norm: str) -> int:
    """Offset where the document's head (first lines with text) ends."""
    count = 0
    pos = 0
    for line in norm.splitlines(keepends=True):
        pos += len(line)
        if line.strip():
            count += 1
        if count >= PUBLICATION_HEAD_LINES or pos >= PUBLICATION_HEAD_CHARS:
            break
    return min(pos, len(norm))
