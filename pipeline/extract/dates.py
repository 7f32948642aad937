"""Dates in Italian text: days, months, years, intervals, seasons and relative expressions.

The span leaves out articles, prepositions and modifiers ('nel 2018' -> '2018', 'inizio ottobre' ->
'ottobre'); the value is ISO 8601 at the written precision, with XXXX for a year the text does not
write and `context_value` filling it from the surrounding text or the publication date. A bare year
is a date only in a date-like context ('nel 2018', '(2021-2027)', 'programmazione 2014-2020'), never
inside a name ('Horizon 2020', 'Agenda 2030', 'MILANO 1863') or a code.

The forms a date takes are a table (date_grammar.py) with one builder per form (date_builders.py);
intervals of seasons and numeric days without a year are read apart (date_forms.py), holidays with
their year too (holidays.py).
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta

from pipeline.extract.date_builders import Context, build
from pipeline.extract.date_context import in_title, tense
from pipeline.extract.date_forms import find_date_forms
from pipeline.extract.date_grammar import (
    DATE_RE,
    FORM_RES,
    RELATIVE_EXPRESSIONS,
    START_WORDS,
    relative_pattern,
)
from pipeline.extract.date_publication import find_publication_date
from pipeline.extract.date_values import (
    Granularity,
    Point,
    RawDate,
    bounds,
    granularity,
    iso_value,
    resolve,
    share_year,
    valid,
)
from pipeline.extract.holidays import find_holidays
from pipeline.extract.numbers import iter_starts
from pipeline.extract.view import NormalizedText, normalize_text

__all__ = ["DateMatch", "Granularity", "find_dates", "find_publication_date", "parse_date"]


# how far back (characters, same paragraph) a written year may sit to give its year to a date without one
YEAR_ANCHOR_WINDOW = 600

_RELATIVE_UNITS: list[tuple[re.Pattern[str], str | None, int]] = [
    (re.compile(r"(?i)" + relative_pattern(e["pattern"])), e["unit"], int(e["offset"]))
    for e in RELATIVE_EXPRESSIONS
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
    m = DATE_RE.fullmatch(view.text)
    if m is None or m.lastgroup == "relative":
        return None
    raw = build(m, Context(view.text, check_context=False))
    return iso_value(raw) if raw is not None else None


def find_dates(
    text: str, publication_date: date | None = None, *, view: NormalizedText | None = None
) -> list[DateMatch]:
    """Dates, periods and relative time expressions in `text`, in order, with exact offsets.

    Args:
        text: document text as a reader produces it.
        publication_date: the document's date, used to resolve relative expressions and missing years
            (without it, a missing year comes from the latest year written shortly before).
        view: the matching view of `text` (`normalize_text(text)`) when the caller has it already.

    Returns:
        One match per expression; an interval is one match with value 'start/end'.
    """
    if view is None:
        view = normalize_text(text)
    elif view.original is not text and view.original != text:
        raise ValueError("view is not the matching view of text")
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
        context, ya, yb = resolve(raw, anchor, publication_date, tense(norm, raw.start, raw.end))
        written = [p.year for p in (raw.a, raw.b) if p is not None and p.year is not None]
        if written:
            anchors.append((raw.end, written[-1]))
        first, last = bounds(raw, ya, yb)
        start, end = view.span(raw.start, raw.end)
        out.append(
            DateMatch(
                start, end, iso_value(raw), granularity(raw), context, context is not None, False, first, last
            )
        )
    holidays = list(_holidays(view, out))
    if holidays:
        # a holiday holds its year ('Ferragosto del 2021'): it replaces the bare year found inside it
        out = [d for d in out if not any(h.start <= d.start and d.end <= h.end for h in holidays)]
        out = sorted([*out, *holidays], key=lambda d: d.start)
    return out


def _relative(view: NormalizedText, m: re.Match[str], publication_date: date | None) -> DateMatch:
    """A relative expression ('ieri', "l'anno scorso"), resolved when the publication date is known."""
    surface = m.group("relative")
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


def _with_forms(
    norm: str, found: Iterator[tuple[re.Match[str], RawDate | None]]
) -> list[tuple[re.Match[str] | None, RawDate | None]]:
    """The grammar's dates with the forms read apart (date_forms.py), which replace the dates inside them."""
    forms = [
        RawDate(f.start, f.end, Point(*f.a), Point(*f.b) if f.b else None, f.season_a, f.season_b)
        for f in find_date_forms(norm)
    ]
    forms = [share_year(raw) for raw in forms if valid(raw)]
    kept: list[tuple[re.Match[str] | None, RawDate | None]] = [
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


def _iter_raw(norm: str) -> Iterator[tuple[re.Match[str], RawDate | None]]:
    """Date expressions of the view in order: (match, written parts), parts None for relative ones."""
    last = 0
    previous_year_end = -1
    for pos in iter_starts(norm, START_WORDS):
        if pos < last:
            continue
        m = DATE_RE.match(norm, pos)
        if m is None or m.end() == pos:
            continue
        relative = m.lastgroup == "relative"
        if relative and in_title(norm, pos):
            continue
        raw = None if relative else build(m, Context(norm, previous_year_end=previous_year_end))
        if raw is None and not relative:
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
) -> tuple[re.Match[str], RawDate] | None:
    """The first form after `rejected` that matches at `pos` and reads as a date."""
    later = False
    for form, pattern in FORM_RES:
        if form == rejected:
            later = True
            continue
        if not later or form == "relative":
            continue
        m = pattern.match(norm, pos)
        if m is None or m.end() == pos:
            continue
        raw = build(m, Context(norm, previous_year_end=previous_year_end))
        if raw is not None:
            return m, raw
    return None
