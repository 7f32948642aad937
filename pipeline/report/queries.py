"""What the report shows, one function per chart or table, read through pipeline.store.

The money charts read the funding views (money_by_year, money_by_funder, money_by_recipient: each
commitment counted once, only the amounts that count in a total); each chart names its view.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from pipeline import store
from pipeline.report import fmt

TOP = 12
LABEL_COLUMNS = ("year", "funder", "recipient", "organisation", "name")
VALUE_COLUMNS = ("total", "total_eur", "eur", "amount", "value")


@dataclass(frozen=True)
class Bar:
    """One bar of a chart."""

    label: str
    value: Decimal
    count: int | None = None


@dataclass(frozen=True)
class Series:
    """A chart's bars and where they come from."""

    bars: list[Bar]
    source: str
    note: str = ""


@dataclass(frozen=True)
class Ranked:
    """An entity with how many mentions and documents it has."""

    name: str
    mentions: int
    documents: int


@dataclass(frozen=True)
class Fact:
    """An extracted fact at its character offsets in the document text."""

    start: int
    end: int
    kind: str  # PER, ORG, LOC, PROGRAMME, amount, percent, date
    text: str
    value: str


@dataclass(frozen=True)
class DocumentRow:
    """A loaded document, or a file that failed (then `failure` says why and `text` is empty)."""

    doc_id: str
    path: str
    title: str
    published: date | None
    text: str
    counts: dict[str, int]
    failure: str = ""


def relations(con: store.Connection) -> set[str]:
    """Names of the tables and views in the warehouse."""
    result = store.query(con, "SELECT table_name FROM information_schema.tables")
    return {row[0] for row in result.rows}


def _view_series(con: store.Connection, view: str, label_first: str) -> Series:
    # the funding views are read by their column names, so that their exact shape may evolve
    result = store.query(con, f'SELECT * FROM "{view}"')
    cols = result.columns
    label = next((c for c in (label_first, *LABEL_COLUMNS) if c in cols), cols[0])
    value = next(c for c in (*VALUE_COLUMNS, cols[-1]) if c in cols)
    currency = "currency" if "currency" in cols else None
    totals: dict[str, Decimal] = defaultdict(Decimal)
    for row in result.rows:
        rec = dict(zip(cols, row, strict=True))
        if currency and rec[currency] not in (None, "EUR"):
            continue
        if rec[value] is not None:
            totals["" if rec[label] is None else str(rec[label])] += Decimal(str(rec[value]))
    bars = [Bar(k or "senza data", v) for k, v in totals.items()]
    if label != "year":
        bars = sorted(bars, key=lambda b: -b.value)[:TOP]
    return Series(bars, view)


MISSING_NOTE = "la vista non c'è in questo magazzino: eseguire `pipeline run` con questa versione"


def _funding_series(con: store.Connection, have: set[str], view: str, label: str) -> Series:
    if view not in have:
        return Series([], view, MISSING_NOTE)
    return _view_series(con, view, label)


def money_by_year(con: store.Connection, have: set[str]) -> Series:
    """Money committed per year, in euro, each commitment once."""
    return _funding_series(con, have, "money_by_year", "year")


def money_by_funder(con: store.Connection, have: set[str]) -> Series:
    """Money per funder, in euro, each commitment once."""
    return _funding_series(con, have, "money_by_funder", "funder")


def money_by_recipient(con: store.Connection, have: set[str]) -> Series:
    """Money per recipient, in euro, each commitment once."""
    return _funding_series(con, have, "money_by_recipient", "recipient")


def top_entities(con: store.Connection, label: str, limit: int = 10) -> list[Ranked]:
    """The canonical entities of one kind that most documents mention."""
    rows = store.query(
        con,
        "SELECT name, mentions, documents FROM entity_mentions WHERE label = ? "
        "ORDER BY documents DESC, mentions DESC, name LIMIT ?",
        [label, limit],
    ).rows
    return [Ranked(n, m, d) for n, m, d in rows]


def facts(con: store.Connection) -> dict[str, list[Fact]]:
    """Every fact of the active documents, by document id, in text order."""
    sql = """
    SELECT doc_id, start, "end", label, text, canonical_name AS value FROM entities
    UNION ALL SELECT doc_id, start, "end", 'amount', text,
        CAST(value AS VARCHAR) || '|' || currency || '|' || CAST(approximate AS VARCHAR) FROM amounts
    UNION ALL SELECT doc_id, start, "end", 'percent', text, CAST(value AS VARCHAR) FROM percents
    UNION ALL SELECT doc_id, start, "end", 'date', text, coalesce(context_value, value, '') FROM dates
    """
    out: dict[str, list[Fact]] = defaultdict(list)
    for doc_id, start, end, kind, text, value in store.query(con, sql).rows:
        out[doc_id].append(Fact(start, end, kind, text, _value(kind, value)))
    for items in out.values():
        items.sort(key=lambda f: (f.start, -f.end))
    return dict(out)


def _value(kind: str, raw: Any) -> str:
    if kind == "amount":
        value, currency, approximate = str(raw).split("|")
        return ("circa " if approximate == "true" else "") + fmt.money(Decimal(value), currency)
    if kind == "percent":
        return fmt.number(Decimal(str(raw))) + "%"
    if kind == "date":
        return fmt.iso_date(str(raw)) or str(raw)
    return str(raw)


def documents(con: store.Connection) -> list[DocumentRow]:
    """The documents in raw/ now, newest first, then the files that failed."""
    counts: dict[str, dict[str, int]] = defaultdict(dict)
    for table, kind in (
        ("entities", "entity"),
        ("amounts", "amount"),
        ("percents", "percent"),
        ("dates", "date"),
    ):
        for doc_id, n in store.query(con, f'SELECT doc_id, count(*) FROM "{table}" GROUP BY doc_id').rows:
            counts[doc_id][kind] = n
    rows = store.query(
        con,
        "SELECT id, raw_path, title, publication_date, text FROM active_documents "
        "ORDER BY publication_date DESC NULLS LAST, raw_path",
    ).rows
    docs = [DocumentRow(i, p, t or p, d, x, counts.get(i, {})) for i, p, t, d, x in rows]
    failed = store.query(
        con,
        "SELECT f.doc_id, f.path, f.code, f.message FROM failures f "
        "JOIN files USING (path) WHERE files.status = 'failed' ORDER BY f.path",
    ).rows
    docs += [DocumentRow(i, p, p, None, "", {}, f"{c}: {m}") for i, p, c, m in failed]
    return docs
