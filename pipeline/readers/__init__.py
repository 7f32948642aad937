"""Readers: a file's bytes → SourceText, or a ReadError with a stable code from schemas.errors.

The names load on first use (PEP 562), so that `from pipeline.readers.limits import Limits` does not
import pdfium, pdfplumber and trafilatura.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pipeline.readers.dispatch import read_document, sniff_format
    from pipeline.readers.html import read_html
    from pipeline.readers.limits import Limits
    from pipeline.readers.pdf import read_pdf
    from pipeline.readers.text import read_text

_WHERE = {
    "Limits": "limits",
    "read_document": "dispatch",
    "sniff_format": "dispatch",
    "read_html": "html",
    "read_pdf": "pdf",
    "read_text": "text",
}

__all__ = ["Limits", "read_document", "read_html", "read_pdf", "read_text", "sniff_format"]


def __getattr__(name: str) -> Any:
    if name in _WHERE:
        return getattr(import_module(f"pipeline.readers.{_WHERE[name]}"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
