"""Internal types that travel between the readers, the extractors and the stages."""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field
from datetime import date

Format = str  # one of schemas.records.Format: "pdf", "html", "markdown", "text"


@dataclass(frozen=True)
class TableText:
    """A table read from a PDF page."""

    page: int
    index: int
    rows: tuple[tuple[str | None, ...], ...]


@dataclass(frozen=True)
class SourceText:
    """What a reader makes of a file's bytes: the plain text every offset refers to."""

    text: str
    format: Format
    title: str | None = None
    publication_date: date | None = None  # stated by the file: the date under the title, front matter, meta
    modified_date: date | None = None
    name_date: date | None = None  # from the file name ('2020-05-14-slug.md'): the last fallback
    language: str | None = None  # declared by the file (front matter, <html lang>)
    tags: tuple[str, ...] = ()
    page_starts: tuple[int, ...] = ()
    ocr: bool = False
    ocr_confidence: float | None = None
    tables: tuple[TableText, ...] = field(default=())

    @property
    def pages(self) -> int | None:
        """Page count, for paged formats."""
        return len(self.page_starts) or None

    def page_of(self, offset: int) -> int | None:
        """1-based page that holds `offset`, or None for unpaged text."""
        if not self.page_starts:
            return None
        return max(1, bisect_right(self.page_starts, offset))


@dataclass(frozen=True)
class ReadError:
    """A file a reader could not turn into text: a code from schemas.errors and its message."""

    code: str
    message: str
