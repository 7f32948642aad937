"""Tables of PDF pages, read by pdfplumber on the pages where pdfium found ruling lines or cell boxes."""

from __future__ import annotations

import io
import logging
import time

import pdfplumber
from pdfminer.pdfparser import PDFSyntaxError
from pdfminer.psparser import PSException
from pdfplumber.utils.exceptions import PdfminerException

from pipeline.extract.source import TableText
from pipeline.readers.text import normalise_text

__all__ = ["read_tables"]

log = logging.getLogger(__name__)

# a table needs at least this many rows with text in two cells or more
MIN_TABLE_ROWS = 2
MIN_TABLE_COLUMNS = 2


def read_tables(
    data: bytes, indexes: list[int], deadline: float
) -> tuple[tuple[TableText, ...], dict[int, list[tuple[float, float, float, float]]]]:
    """Tables on the given pages (0-based), read by pdfplumber, and their boxes by page index."""
    tables: list[TableText] = []
    boxes: dict[int, list[tuple[float, float, float, float]]] = {}
    try:
        with pdfplumber.open(io.BytesIO(data), pages=[index + 1 for index in indexes]) as pdf:
            for page in pdf.pages:
                if time.monotonic() > deadline:
                    log.warning("table reading stopped at the time limit")
                    break
                # overprinted characters (fake bold) would be doubled in the cells; dedupe_chars
                # costs a sort of every character, so it runs only where they are found
                source = page.dedupe_chars() if _has_overprint(page.chars) else page
                for found in source.find_tables():
                    rows = _clean_table(found.extract())
                    if rows:
                        index = sum(table.page == page.page_number for table in tables)
                        tables.append(TableText(page=page.page_number, index=index, rows=rows))
                        boxes.setdefault(page.page_number - 1, []).append(found.bbox)
                page.close()
    except (PdfminerException, PSException, PDFSyntaxError, ValueError, KeyError, TypeError) as error:
        # pdfminer is stricter than pdfium, and on malformed objects it raises plain ValueError,
        # KeyError or TypeError from its parser; the text (read by pdfium) is kept without tables
        log.warning("tables not read: %s", error)
    return tuple(tables), boxes


def _has_overprint(chars: list[dict[str, object]]) -> bool:
    """Whether a character is drawn twice at the same place, as in simulated bold."""
    seen: set[tuple[object, int, int]] = set()
    for char in chars:
        key = (char["text"], round(float(str(char["x0"]))), round(float(str(char["top"]))))
        if key in seen:
            return True
        seen.add(key)
    return False


def _clean_table(rows: list[list[str | None]]) -> tuple[tuple[str | None, ...], ...]:
    """Normalised cell text; empty when the grid is not a table.

    Word processors draw boxes around paragraphs, which pdfplumber reads as tables of one filled
    cell per row; a table has most of its rows with text in two cells or more.
    """
    cleaned = tuple(
        tuple(None if cell is None else " ".join(normalise_text(cell).split()) or None for cell in row)
        for row in rows
    )
    multi = sum(sum(cell is not None for cell in row) >= MIN_TABLE_COLUMNS for row in cleaned)
    if multi < MIN_TABLE_ROWS or multi < len(cleaned) / 2:
        return ()
    return cleaned
