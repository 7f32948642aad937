"""Dispatch: a file's bytes and name → the reader for its format, checked against its content."""

from __future__ import annotations

import logging
from dataclasses import replace
from pathlib import PurePath

from pipeline.extract.source import ReadError, SourceText
from pipeline.readers.frontmatter import name_date
from pipeline.readers.html import read_html
from pipeline.readers.limits import Limits
from pipeline.readers.pdf import read_pdf
from pipeline.readers.text import read_text
from schemas.errors import error_message

log = logging.getLogger(__name__)

SUFFIX_FORMATS: dict[str, str] = {
    ".pdf": "pdf",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".md": "markdown",
    ".markdown": "markdown",
    ".txt": "text",
    ".text": "text",
}
# how far into a file the content sniffers look
SNIFF_BYTES = 2048
# the pdf header may follow some junk, and readers accept it within the first kilobyte
PDF_MAGIC = b"%PDF-"
HTML_MARKERS = (b"<!doctype html", b"<html", b"<head", b"<body", b"<article", b"<meta ")
# magic numbers of common binary formats that are never documents we read
BINARY_MAGICS = (
    b"PK\x03\x04",  # zip, docx, xlsx, odt
    b"\x89PNG",
    b"\xff\xd8\xff",  # jpeg
    b"GIF8",
    b"\xd0\xcf\x11\xe0",  # ole2: doc, xls
    b"\x7fELF",
    b"\x1f\x8b",  # gzip
    b"Rar!",
    b"7z\xbc\xaf",
)
_FORMAT_NAMES = {"pdf": "PDF", "html": "HTML page", "markdown": "Markdown file", "text": "text file"}


def sniff_format(data: bytes) -> str | None:
    """The format the content itself declares, whatever the file is called.

    Args:
        data: the file's bytes.

    Returns:
        "pdf", "html", "binary" for a known non-document format or for bytes with NUL characters,
        or None when the content does not say.

    >>> sniff_format(b"%PDF-1.7 ...")
    'pdf'
    >>> sniff_format(b"\\xef\\xbb\\xbf<!DOCTYPE html><html>")
    'html'
    >>> sniff_format(b"Milano, 9 luglio 2021") is None
    True
    """
    head = data[:SNIFF_BYTES]
    if PDF_MAGIC in head[:1024]:
        return "pdf"
    if head.startswith(BINARY_MAGICS):
        return "binary"
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if stripped.startswith((b"<?xml", b"<!--")) and b"<html" in stripped:
        return "html"
    if stripped.startswith(HTML_MARKERS):
        return "html"
    # utf-16 text has NUL bytes too, but starts with a byte order mark
    if b"\x00" in head and not head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "binary"
    return None


def read_document(data: bytes, name: str, limits: Limits = Limits()) -> SourceText | ReadError:  # noqa: B008
    """Read a document of any supported format.

    The format comes from the file name's suffix, checked against the content: a PDF or an HTML
    page with another suffix is read as what it is, and binary content under a document suffix
    is refused.

    Args:
        data: the file's bytes.
        name: the file name (only its suffix matters).
        limits: size, page and time limits.

    Returns:
        SourceText, or ReadError with a code from schemas.errors.

    >>> read_document(b"Milano, 9 luglio 2021", "comunicato.txt").text
    'Milano, 9 luglio 2021'
    >>> read_document(b"", "vuoto.pdf").code
    'E100'
    >>> read_document(b"x", "foglio.xlsx").code
    'E105'
    """
    suffix = PurePath(name).suffix.lower()
    declared = SUFFIX_FORMATS.get(suffix)
    if declared is None:
        return ReadError("E105", error_message("E105", suffix=suffix or name))
    if not data.strip():
        return ReadError("E100", error_message("E100"))
    if len(data) > limits.max_bytes:
        return ReadError("E108", error_message("E108", limit=f"{limits.max_bytes} bytes"))
    sniffed = sniff_format(data)
    if sniffed == "binary":
        return ReadError("E101", error_message("E101", fmt=_FORMAT_NAMES[declared]))
    if sniffed is not None and sniffed != declared:
        log.debug(
            "format from content differs from suffix",
            extra={"fields": {"suffix": suffix, "sniffed": sniffed}},
        )
    result = _read_as(sniffed or declared, declared, data, limits)
    if isinstance(result, SourceText):
        # the last fallback for the publication date: a Jekyll-style name ('2020-05-14-slug.md')
        return replace(result, name_date=name_date(name))
    return result


def _read_as(actual: str, declared: str, data: bytes, limits: Limits) -> SourceText | ReadError:
    if actual == "pdf":
        return read_pdf(data, limits)
    if declared == "pdf":
        # a text or unknown payload named .pdf is not a pdf, whatever it contains
        return ReadError("E101", error_message("E101", fmt="PDF"))
    if actual == "html":
        return read_html(data)
    return read_text(data, markdown=actual == "markdown")
