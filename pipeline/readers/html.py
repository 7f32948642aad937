"""Web pages: the main text of an article with its title and publication date."""

from __future__ import annotations

import codecs
import logging
import re

import trafilatura
from trafilatura.settings import Document

from pipeline.extract.source import ReadError, SourceText
from pipeline.readers.page_dates import iso_date, markup_dates, redirect_target, shown_date
from pipeline.readers.text import decode_text, normalise_text
from schemas.errors import error_message

log = logging.getLogger(__name__)

# htmldate settings: the original publication date, from markup only (meta tags, <time>, JSON-LD);
# the extensive search guesses from any date in the text, and in a press release that is
# often the date of an event or of a law, not of the page
DATE_SETTINGS: dict[str, object] = {"original_date": True, "extensive_search": False}
# elements that are never the article: "enable javascript" notices and forms
PRUNE_XPATHS = ["//noscript", "//form", "//*[@role='dialog']"]
# where the meta charset declaration must be, per the HTML standard
CHARSET_SNIFF_BYTES = 1024
# labels that browsers decode as another encoding (WHATWG encoding standard)
_BROWSER_ENCODINGS = {"iso-8859-1": "cp1252", "latin1": "cp1252", "latin-1": "cp1252", "us-ascii": "cp1252"}
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
# fewer characters than this after boilerplate removal means the page had no article
MIN_MAIN_TEXT_CHARS = 20


def read_html(data: bytes) -> SourceText | ReadError:
    """Read the main text of a web page, without navigation, footers, cookie banners and scripts.

    Args:
        data: the page's bytes; the encoding comes from the BOM, the meta charset or detection.

    Returns:
        SourceText with format "html", its title and publication date when the page states them,
        or ReadError E100 (empty), E107 (no main text).

    >>> page = b"<html><body><article><p>La Regione stanzia 5 milioni di euro.</p></article></body></html>"
    >>> read_html(page).text
    'La Regione stanzia 5 milioni di euro.'
    >>> read_html(b"<html><script>track()</script></html>").code
    'E107'
    """
    if not data.strip():
        return ReadError("E100", error_message("E100"))
    page = decode_html(data)
    if page is None:
        return ReadError("E106", error_message("E106"))
    try:
        document = trafilatura.bare_extraction(
            page,
            with_metadata=True,
            include_comments=False,
            include_tables=True,
            date_extraction_params=DATE_SETTINGS,
            prune_xpath=PRUNE_XPATHS,
        )
    except ValueError as error:
        log.debug("html parse failed: %s", error)
        return ReadError("E101", error_message("E101", fmt="HTML page"))
    text = _collapse_spaces(normalise_text(document.text or "")) if isinstance(document, Document) else ""
    if len(text) < MIN_MAIN_TEXT_CHARS or not isinstance(document, Document):
        target = redirect_target(page)
        if target is not None:
            return ReadError("E118", error_message("E118", target=target))
        return ReadError("E107", error_message("E107"))
    title = normalise_text(document.title).strip() if document.title else None
    published, modified = markup_dates(page)
    # the date shown under the title wins over the markup, which often has only the last modification
    published = shown_date(page) or published or iso_date(document.date)
    return SourceText(
        text=text,
        format="html",
        title=title or None,
        publication_date=published,
        modified_date=modified if modified != published else None,
        language=_page_language(page),
    )


def decode_html(data: bytes) -> str | None:
    """Decode a page by its byte order mark, else its declared charset, else like a text file.

    A declared latin-1 is read as windows-1252, as browsers do; pages that declare nothing
    are often latin-1 or windows-1252, which detectors confuse with Baltic and Central European
    code pages ("città" read as "cittą").

    >>> decode_html('<meta charset="windows-1252"><p>città</p>'.encode("cp1252"))
    '<meta charset="windows-1252"><p>città</p>'
    >>> decode_html("<p>l'Università è</p>".encode("latin-1"))
    "<p>l'Università è</p>"
    """
    if data.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return decode_text(data)
    declared = _META_CHARSET.search(data[:CHARSET_SNIFF_BYTES])
    if declared:
        name = declared.group(1).decode("ascii", "replace").lower()
        encoding = _BROWSER_ENCODINGS.get(name, name)
        try:
            return data.decode(encoding)
        except (LookupError, UnicodeDecodeError):
            log.debug("declared charset %r does not decode the page", name)
    return decode_text(data)


def _collapse_spaces(text: str) -> str:
    """Each line with single spaces: in HTML, runs of whitespace inside an element are one space."""
    lines = (" ".join(line.split()) for line in text.split("\n"))
    return "\n".join(line for line in lines if line)


_HTML_LANG_RE = re.compile(r"""(?i)<html[^>]*\slang\s*=\s*["']?([a-z]{2})(?![a-z])""")


def _page_language(page: str) -> str | None:
    """The language the page declares (`<html lang="it">`)."""
    m = _HTML_LANG_RE.search(page[: CHARSET_SNIFF_BYTES * 4])
    return m.group(1).lower() if m else None
