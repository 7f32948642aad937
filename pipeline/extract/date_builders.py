"""One builder per form of the date grammar (date_grammar.py): the slots of a match -> the written date.

A builder returns None when the parts make no date (an interval that runs backwards, a bare year in a
context that is no date's); `build` then checks the days exist and lets an interval's year reach its
start.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from pipeline.extract.date_context import (
    MIN_BARE_YEAR,
    after_number_head,
    after_street,
    listed_after_year,
    month_cued,
    two_listed_years,
    year_context,
)
from pipeline.extract.date_grammar import (
    ENGLISH_MONTHS,
    FIRST_DAY_WORDS,
    FORM_NAMES,
    MONTH_ABBREVIATIONS,
    MONTHS,
    SEASONS,
    YEAR_PARTS,
    Slots,
)
from pipeline.extract.date_values import Point, RawDate, share_year, valid

MAX_PERIOD_YEARS = 30


@dataclass(frozen=True)
class Context:
    """What a builder may look at besides its slots: the view, and whether context decides."""

    norm: str
    check_context: bool = True
    # end of the last bare-year date, for years listed after it ('nel 2019, 2020 e 2021')
    previous_year_end: int = -1


def month_number(word: str) -> int:
    w = re.sub(r"\s+", "", word).lower().rstrip(".")
    return MONTHS.get(w) or MONTH_ABBREVIATIONS[w]


def day_number(word: str) -> int:
    w = word.rstrip("°º").lower()
    return 1 if w in FIRST_DAY_WORDS else int(w)


def year_number(word: str | None, century_from: int | None = None) -> int | None:
    """The year written in full, or in two digits ("'22", '2021-27') in the century of `century_from`."""
    if word is None:
        return None
    w = word.lstrip("'")
    if len(w) == 2:
        base = century_from if century_from is not None else 2000
        return base // 100 * 100 + int(w)
    return int(w)


def _words(text: str) -> str:
    return re.sub(r"\s+", " ", text).lower()


def _on_street(s: Slots, ctx: Context) -> bool:
    return ctx.check_context and after_street(ctx.norm, s.match.start())


def _span(s: Slots, a: Point, b: Point | None = None, season: str | None = None) -> RawDate:
    return RawDate(s.match.start(), s.match.end(), a, b, season)


def day_month_to_day_month(s: Slots, ctx: Context) -> RawDate | None:
    """'29 novembre all'11 gennaio 2023'."""
    if _on_street(s, ctx):
        return None
    a = Point(year_number(s("year")), month_number(s.text("month")), day_number(s.text("day")))
    b = Point(year_number(s("end_year")), month_number(s.text("end_month")), day_number(s.text("end_day")))
    return _span(s, a, b)


def day_range_same_month(s: Slots, ctx: Context) -> RawDate | None:
    """'7 all'8 febbraio', '10-12 maggio 2022': the days in calendar order."""
    if _on_street(s, ctx):
        return None
    month = month_number(s.text("month"))
    first, last = day_number(s.text("day")), day_number(s.text("end_day"))
    if first >= last:
        return None
    return _span(s, Point(None, month, first), Point(year_number(s("year")), month, last))


def _day(s: Slots) -> Point:
    return Point(year_number(s("year")), month_number(s.text("month")), day_number(s.text("day")))


def day_month_year(s: Slots, ctx: Context) -> RawDate | None:
    """'9 luglio 2021', '20 gennaio', "3 maggio '22"."""
    return None if _on_street(s, ctx) else _span(s, _day(s))


def day_abbreviated_month_year(s: Slots, ctx: Context) -> RawDate | None:
    """'3 set. 2021'."""
    return None if _on_street(s, ctx) else _span(s, _day(s))


def agency_dateline(s: Slots, ctx: Context) -> RawDate | None:
    """'BARI, 04 MAR -': the year from the context."""
    return _span(s, Point(None, month_number(s.text("month")), day_number(s.text("day"))))


def agency_stamp(s: Slots, ctx: Context) -> RawDate | None:
    """'04-MAR-25'."""
    return _span(s, _day(s))


def month_day_comma_year(s: Slots, ctx: Context) -> RawDate | None:
    """'Ottobre 3, 2017'."""
    return _span(s, _day(s))


def numeric_dmy(s: Slots, ctx: Context) -> RawDate | None:
    """'15/12/2021', '15.12.2021', '15-12-21'."""
    if ctx.check_context and after_number_head(ctx.norm, s.match.start()):
        return None
    return _span(s, Point(year_number(s("year")), int(s.text("month")), int(s.text("day"))))


def iso_ymd(s: Slots, ctx: Context) -> RawDate | None:
    """'2021-12-15'."""
    return _span(s, Point(int(s.text("year")), int(s.text("month")), int(s.text("day"))))


def month_range_year(s: Slots, ctx: Context) -> RawDate | None:
    """'gennaio-marzo 2022', 'gennaio 2021 - marzo 2022': without a first year, in calendar order."""
    first, last = month_number(s.text("month")), month_number(s.text("end_month"))
    first_year, last_year = year_number(s("year")), year_number(s("end_year"))
    if first_year is None and first >= last:
        return None
    return _span(s, Point(first_year, first), Point(last_year, last))


def month_year(s: Slots, ctx: Context) -> RawDate | None:
    """'giugno 2022', 'giugno del 2022', "maggio '22"."""
    return _span(s, Point(year_number(s("year")), month_number(s.text("month"))))


def season_year(s: Slots, ctx: Context) -> RawDate | None:
    """'primavera 2013'."""
    return _span(s, Point(year_number(s("year"))), season=SEASONS[_words(s.text("season"))])


def year_part(s: Slots, ctx: Context) -> RawDate | None:
    """'primo trimestre 2022': an interval of the months it covers."""
    first, last = YEAR_PARTS[_words(s.text("part"))]
    year = year_number(s("year"))
    return _span(s, Point(year, first), Point(year, last))


def year_range(s: Slots, ctx: Context) -> RawDate | None:
    """'2014-2020', '2013/2014', '2021-27', 'dal 2014 al 2020': a period in a period's context."""
    first = year_number(s("year"))
    last = year_number(s("end_year"), century_from=first)
    if first is None or last is None or not 0 < last - first <= MAX_PERIOD_YEARS:
        return None
    start = s.match.start()
    if ctx.check_context:
        earliest = year_context(ctx.norm, start, s.match.end(), interval=True)
        if earliest is None or first < earliest:
            return None
        if two_listed_years(ctx.norm, start, s.end("year")):
            return None
    return _span(s, Point(first), Point(last))


def bare_month(s: Slots, ctx: Context) -> RawDate | None:
    """'ottobre' after a cue ('inizio ottobre') or a listed month; an English name alone never."""
    word = s.text("month")
    if word.lower() in ENGLISH_MONTHS:
        return None
    if ctx.check_context and not month_cued(ctx.norm, s.match.start()):
        return None
    return _span(s, Point(None, month_number(word)))


def bare_year(s: Slots, ctx: Context) -> RawDate | None:
    """'2018' after a cue ('nel 2018'), standing apart ('(2021)') or listed after a year date."""
    year = int(s.text("year"))
    start = s.match.start()
    listed = listed_after_year(ctx.norm, start, ctx.previous_year_end)
    earliest = (
        MIN_BARE_YEAR
        if listed or not ctx.check_context
        else year_context(ctx.norm, start, s.match.end(), False)
    )
    if earliest is None or year < earliest:
        return None
    return _span(s, Point(year))


Builder = Callable[[Slots, Context], RawDate | None]

# the relative form has no builder: it names no written date (dates.py resolves it)
BUILDERS: dict[str, Builder] = {
    "day_month_to_day_month": day_month_to_day_month,
    "day_range_same_month": day_range_same_month,
    "month_day_comma_year": month_day_comma_year,
    "day_month_year": day_month_year,
    "day_abbreviated_month_year": day_abbreviated_month_year,
    "agency_dateline": agency_dateline,
    "agency_stamp": agency_stamp,
    "numeric_dmy": numeric_dmy,
    "iso_ymd": iso_ymd,
    "month_range_year": month_range_year,
    "month_year": month_year,
    "season_year": season_year,
    "year_part": year_part,
    "year_range": year_range,
    "bare_month": bare_month,
    "bare_year": bare_year,
}
if set(BUILDERS) | {"relative"} != set(FORM_NAMES):
    raise ImportError("every form of the date grammar but the relative one needs a builder")


def build(m: re.Match[str], ctx: Context) -> RawDate | None:
    """The written date of one match of the grammar, or None when its parts make none."""
    builder = BUILDERS.get(m.lastgroup or "")
    if builder is None:
        return None
    raw = builder(Slots(m), ctx)
    if raw is None or not valid(raw):
        return None
    return share_year(raw)
