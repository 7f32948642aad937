"""The value of a written date: its ends, the ISO text at the written precision, the years the text leaves
out, and the first and last day it covers."""

from __future__ import annotations

import calendar
from dataclasses import dataclass, replace
from datetime import date
from typing import Literal

from pipeline.extract.date_grammar import SEASON_MONTHS

Granularity = Literal["day", "month", "year", "interval", "season"]


@dataclass(frozen=True)
class Point:
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
class RawDate:
    """A date before its missing years are filled: one point, or two for an interval."""

    start: int
    end: int
    a: Point
    b: Point | None = None
    season: str | None = None
    season_b: str | None = None  # an interval of seasons: the season of its end

    def keys(self) -> tuple[tuple[int, int], tuple[int, int]]:
        """(month, day) of each end for ordering them in a year (a season counts as its first month)."""
        b = self.b or self.a
        ma = SEASON_MONTHS[self.season][0] if self.season else self.a.month or 1
        mb = SEASON_MONTHS[self.season_b][0] if self.season_b else b.month or 1
        return (ma, self.a.day or 1), (mb, b.day or 1)


def valid_point(p: Point) -> bool:
    """False for a day its month does not have ('31 aprile')."""
    if p.month is None or p.day is None:
        return True
    last = calendar.monthrange(p.year if p.year is not None else 2000, p.month)[1]
    return 1 <= p.day <= last


def valid(raw: RawDate) -> bool:
    return valid_point(raw.a) and (raw.b is None or valid_point(raw.b))


def share_year(raw: RawDate) -> RawDate:
    """An interval whose end alone writes the year shares it when the start comes first in that year:
    'il 3 e il 5 maggio 2015' -> 2015-05-03/2015-05-05 ('29 novembre all'11 gennaio 2023' does not)."""
    a, b = raw.a, raw.b
    if b is None or a.year is not None or b.year is None or a.month is None or b.month is None:
        return raw
    if (a.month, a.day or 0) > (b.month, b.day or 0):
        return raw
    return replace(raw, a=replace(a, year=b.year))


def iso_value(raw: RawDate, year_a: int | None = None, year_b: int | None = None) -> str:
    """ISO 8601 text of the date, XXXX for a year neither written nor given."""
    if raw.season is not None and raw.b is not None:
        return f"{raw.a.iso(year_a)}-{raw.season}/{raw.b.iso(year_b)}-{raw.season_b}"
    if raw.season is not None:
        return f"{raw.a.iso(year_a)}-{raw.season}"
    if raw.b is None:
        return raw.a.iso(year_a)
    return f"{raw.a.iso(year_a)}/{raw.b.iso(year_b)}"


def resolve(
    raw: RawDate, anchor_year: int | None, publication_date: date | None, tense: int = 0
) -> tuple[str | None, int | None, int | None]:
    """Context value and the filled years of each end, when the text leaves a year out (`tense`: -1
    when the text puts the date before the publication date, 1 after, 0 when it does not say)."""
    a, b = raw.a, raw.b
    ya, yb = a.year, b.year if b is not None else None
    if ya is not None and (b is None or yb is not None):
        if not (exists_in(a, ya) and (b is None or exists_in(b, yb))):
            return None, None, None
        return None, ya, yb
    key_a, key_b = raw.keys()
    if b is not None and ya is None and yb is not None:
        ya = yb - 1 if key_a > key_b else yb
    elif b is not None and ya is not None and yb is None:
        yb = ya + 1 if key_a > key_b else ya
    elif ya is None:
        # the publication date knows best which year a bare '23 marzo' is; without it, the latest
        # year written just before ('nel 2022 si prevede: ... dal 7 all'8 febbraio')
        base = closest_year(a, publication_date, tense) if publication_date is not None else anchor_year
        if base is None:
            return None, None, None
        ya = base
        if b is not None:
            yb = ya + 1 if key_a > key_b else ya
    if not (exists_in(a, ya) and (b is None or exists_in(b, yb))):
        return None, None, None  # '29 febbraio' in a year that has none: the year is not known
    if b is None:
        return (iso_value(raw, ya) if a.year is None else None), ya, None
    return iso_value(raw, ya, yb), ya, yb


def exists_in(p: Point, year: int | None) -> bool:
    """False only for a day its month does not have in `year` (29 February of a common year)."""
    if year is None or p.month is None or p.day is None:
        return True
    return p.day <= calendar.monthrange(year, p.month)[1]


def closest_year(p: Point, publication_date: date | None, tense: int = 0) -> int | None:
    """The year that puts a day or month without a year nearest to the publication date; on or before
    it when `tense` is -1 ('12 febbraio u.s.'), on or after it when 1 ('il prossimo 15 febbraio')."""
    if publication_date is None or p.month is None:
        return None
    best: tuple[int, int] | None = None
    # the year before, of and after publication; 29 February looks up to the leap years around it
    for year in range(publication_date.year - 4, publication_date.year + 5):
        if not exists_in(p, year):
            continue
        day = min(p.day or 15, calendar.monthrange(year, p.month)[1])
        offset = (date(year, p.month, day) - publication_date).days
        if offset * tense < 0:
            continue
        distance = abs(offset)
        if best is None or distance < best[0]:
            best = (distance, year)
    return best[1] if best is not None else None


def bounds(raw: RawDate, ya: int | None, yb: int | None) -> tuple[date | None, date | None]:
    """The first and last day the date covers, once its years are known."""
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


def granularity(raw: RawDate) -> Granularity:
    if raw.season is not None and raw.b is None:
        return "season"
    if raw.b is not None:
        return "interval"
    if raw.a.day is not None:
        return "day"
    return "month" if raw.a.month is not None else "year"
