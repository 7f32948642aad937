"""Readers: a file's bytes → SourceText, or a ReadError with a stable code from schemas.errors."""

from __future__ import annotations

from pipeline.readers.dispatch import read_document, sniff_format
from pipeline.readers.html import read_html
from pipeline.readers.limits import Limits
from pipeline.readers.pdf import read_pdf
from pipeline.readers.text import read_text

__all__ = ["Limits", "read_document", "read_html", "read_pdf", "read_text", "sniff_format"]
