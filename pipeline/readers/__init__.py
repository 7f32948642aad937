"""Readers: a file's bytes → SourceText, or a ReadError with a stable code from schemas.errors.

The names load on first use (PEP 562), so that `from pipeline.readers.limits import Limits` does not
import pdfium, pdfplumber and trafilatura.
"""

import importlib
import typing

if typing.TYPE_CHECKING:
    from pipeline.readers.dispatch import read_document, sniff_format
    from pipeline.readers.html import read_html
    from pipeline.readers.limits import Limits
    from pipeline.readers.pdf import read_pdf
    from pipeline.readers.text import read_text

_LAZY = {
    "Limits": "pipeline.readers.limits",
    "read_document": "pipeline.readers.dispatch",
    "sniff_format": "pipeline.readers.dispatch",
    "read_html": "pipeline.readers.html",
    "read_pdf": "pipeline.readers.pdf",
    "read_text": "pipeline.readers.text",
}

__all__ = ["Limits", "read_document", "read_html", "read_pdf", "read_text", "sniff_format"]


def __getattr__(name: str) -> typing.Any:
    if name in _LAZY:
        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY))
