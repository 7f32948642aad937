"""Money in PDF tables: a column whose header names a currency makes its bare numbers amounts.

A table of beneficiaries writes 'Importo (€)' once in its header and '1.687.500' in each row; the
amount finder, which reads the text line by line, sees only a number. Here the header gives the
column its currency (and its scale: 'migliaia di euro', 'k€', 'M€'), each cell of that column that is a
number alone becomes an amount with `explicit_currency=False`, located in the page's text where the
reader put the table's rows. A cell that cannot be found in the text is left out, never guessed.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from decimal import Decimal

from pipeline.extract.amount_patterns import AFTER_CURRENCIES, BEFORE_CURRENCIES, SCALED_SYMBOLS
from pipeline.extract.amounts import AmountMatch, implied_amount
from pipeline.extract.numbers import SCALE_POWERS, parse_number, tidy_decimal, uses_decimal_point
from pipeline.extract.source import TableText

# how many rows at the top of a table may hold its header
HEADER_ROWS = 2

_CURRENCY_WORDS = {**BEFORE_CURRENCIES, **AFTER_CURRENCIES}
_CURRENCY_RE = re.compile(
    "|".join(
        re.escape(w) + (r"(?![^\W\d_])" if w[-1].isalpha() else "") if w[0].isalpha() else re.escape(w)
        for w in sorted(_CURRENCY_WORDS, key=len, reverse=True)
    ).join([r"(?<![^\W\d_])(?:", ")"])
)
_SCALED_RE = re.compile("|".join(re.escape(w) for w in sorted(SCALED_SYMBOLS, key=len, reverse=True)))
_SCALE_WORD_RE = re.compile(
    r"(?i)(?<![^\W\d_])(?:" + "|".join(re.escape(w) for w in SCALE_POWERS if len(w) > 1) + r")(?![^\W\d_])"
)
# a cell that is a number alone, perhaps signed ('-80.3') or with its currency repeated
_SIGNED_RE = re.compile(r"^(?P<sign>[-+]?)[ ]*(?P<number>[0-9][0-9., '\u00a0]*[0-9]|[0-9])$")


def column_currencies(table: TableText) -> dict[int, tuple[str, Decimal]]:
    """Column index -> (ISO currency, multiplier) for the columns whose header names a currency.

    >>> column_currencies(TableText(1, 0, (("Beneficiario", "Importo (€)"), ("Politecnico", "1.000"))))
    {1: ('EUR', Decimal('1'))}
    """
    out: dict[int, tuple[str, Decimal]] = {}
    for row in table.rows[:HEADER_ROWS]:
        for index, cell in enumerate(row):
            if not cell or index in out or parse_number(cell) is not None:
                continue
            scaled = _SCALED_RE.search(cell)
            if scaled is not None:
                code = AFTER_CURRENCIES.get(scaled.group(), "EUR")
                out[index] = (code, Decimal(10) ** SCALED_SYMBOLS[scaled.group()])
                continue
            m = _CURRENCY_RE.search(cell)
            if m is None:
                continue
            scale = _SCALE_WORD_RE.search(cell)
            power = (
                SCALE_POWERS.get(scale.group().lower(), SCALE_POWERS.get(scale.group(), 0)) if scale else 0
            )
            out[index] = (_CURRENCY_WORDS[m.group()], Decimal(10) ** power)
    return out


def find_table_amounts(
    text: str, tables: Sequence[TableText], page_starts: Sequence[int] = ()
) -> list[AmountMatch]:
    """Amounts of the currency columns of `tables`, located in `text` (the document text), in order."""
    decimal_point = uses_decimal_point(text)
    out: list[AmountMatch] = []
    for table in tables:
        out.extend(_table_amounts(text, table, page_starts, decimal_point))
    return sorted(out, key=lambda a: a.start)


def _page_span(text: str, page: int, page_starts: Sequence[int]) -> tuple[int, int]:
    if not page_starts or not 1 <= page <= len(page_starts):
        return 0, len(text)
    end = page_starts[page] if page < len(page_starts) else len(text)
    return page_starts[page - 1], end


def _table_amounts(
    text: str, table: TableText, page_starts: Sequence[int], decimal_point: bool
) -> Iterator[AmountMatch]:
    columns = column_currencies(table)
    if not columns:
        return
    pos, page_end = _page_span(text, table.page, page_starts)
    for row in table.rows:
        for index, cell in enumerate(row):
            if not cell:
                continue
            # every filled cell moves the search on, so a number is found in its own row
            found = _locate(text, cell, pos, page_end)
            if found is None:
                continue
            start, end = found
            pos = end
            if index not in columns:
                continue
            m = _SIGNED_RE.match(cell)
            value = parse_number(m.group("number"), decimal_point) if m is not None else None
            if m is None or value is None:
                continue
            currency, multiplier = columns[index]
            signed = -value if m.group("sign") == "-" else value
            line_start = text.rfind("\n", 0, start) + 1
            line_end = text.find("\n", end)
            line_end = line_end if line_end >= 0 else len(text)
            yield implied_amount(
                text, start, end, tidy_decimal(signed * multiplier), currency, (line_start, line_end)
            )


def _locate(text: str, cell: str, pos: int, end: int) -> tuple[int, int] | None:
    """The first place at or after `pos` where `cell` is written, whatever its spacing and line breaks."""
    words = cell.split()
    pattern = r"\s+".join(re.escape(w) for w in words)
    m = re.compile(r"(?<![\w.,])" + pattern + r"(?![\w]|[.,][0-9])").search(text, pos, end)
    return (m.start(), m.end()) if m is not None else None
