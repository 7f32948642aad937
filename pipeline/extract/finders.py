"""The finders of one document, registered in the order they run: dates, entities, amounts, percents,
funding. Each reads the document's `TextView` and the `FinderContext` (see `registry`)."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from typing import TYPE_CHECKING

from pipeline.extract.amounts import AmountMatch, amounts_in
from pipeline.extract.dates import DateMatch, find_dates
from pipeline.extract.entity_fill import is_facility
from pipeline.extract.entity_patterns import load_patterns
from pipeline.extract.funding import FundingMatch, find_funding
from pipeline.extract.funding_amounts import implied_funding_amounts
from pipeline.extract.funding_roles import Named
from pipeline.extract.percents import PercentMatch, percents_in
from pipeline.extract.registry import FinderContext, finder, registered_finders, run_finders
from pipeline.extract.table_amounts import find_table_amounts
from pipeline.extract.view import TextView

if TYPE_CHECKING:
    from pipeline.extract.entities import EntityMatch

# what records.py and the package need: the context type, and running or listing the finders below
__all__ = ["FinderContext", "registered_finders", "run_finders"]


@finder("dates", version=2)
def dates(view: TextView, context: FinderContext) -> Sequence[DateMatch]:
    """Dates of the text, with missing years and relative expressions resolved from the publication date."""
    return find_dates(view.text, context.publication_date, view=view.normalized)


@finder("entities", version=64, needs=("dates",))
def entities(view: TextView, context: FinderContext) -> Sequence[EntityMatch]:
    """Entity mentions of the spaCy Doc of the text (none without a Doc), but for those inside a date
    (the month of a news agency's `BARI, 04 MAR -`)."""
    # spaCy loads with the first extraction, not with the run: a rerun with nothing new never needs it
    from pipeline.extract.entities import find_entities

    if context.doc is None:
        return []
    spans = sorted((d.start, d.end) for d in context.results["dates"])
    starts = [a for a, _ in spans]

    def in_a_date(start: int, end: int) -> bool:
        # the dates do not overlap: the one starting last at or before `start` is the only candidate
        k = bisect_right(starts, start) - 1
        return k >= 0 and end <= spans[k][1]

    return [m for m in find_entities(context.doc) if not in_a_date(m.start, m.end)]


@finder("amounts", version=2)
def amounts(view: TextView, context: FinderContext) -> Sequence[AmountMatch]:
    """The amounts of the text, and the bare numbers of table columns whose header names a currency."""
    found = amounts_in(view)
    found = sorted([*found, *implied_funding_amounts(view.text, found)], key=lambda a: a.start)
    if not context.tables:
        return found
    extra = [
        t
        for t in find_table_amounts(view.text, context.tables, context.page_starts)
        if not any(a.start < t.end and t.start < a.end for a in found)
    ]
    return sorted([*found, *extra], key=lambda a: a.start)


@finder("percents", version=1)
def percents(view: TextView, context: FinderContext) -> Sequence[PercentMatch]:
    """Percentages of the text."""
    return percents_in(view)


@finder("funding", version=32, needs=("entities", "amounts", "dates"))
def funding(view: TextView, context: FinderContext) -> Sequence[FundingMatch]:
    """One funding fact per amount, read with the entities and dates of the text."""
    named = funding_names(context.results["entities"])
    return find_funding(
        view.text, context.results["amounts"], named, context.results["dates"], context.publication_date
    )


def funding_names(entities: Sequence[EntityMatch]) -> list[Named]:
    """The entities a funding fact may name: all but roads and streets."""
    patterns = load_patterns()
    return [
        Named(m.start, m.end, m.label, m.canonical_name, m.canonical_id)
        for m in entities
        if not (m.label == "LOC" and is_facility(m.canonical_name, patterns))
    ]
