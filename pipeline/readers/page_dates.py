"""Dates of a web page: the date it shows near its title, and the published and modified dates of its
markup (meta tags, <time>, JSON-LD).

The date a reader sees under the title ('Data' then '14 maggio 2020') is the publication date; a CMS
often only fills `article:modified_time`, days or months later, so the markup is a fallback.
"""

from __future__ import annotations

import re
from datetime import date

import lxml.html
from htmldate import find_date
from lxml.etree import ParserError

from pipeline.extract.dates import find_publication_date

# elements whose text is on lines of its own
BLOCK_TAGS = frozenset(
    [
        "address",
        "article",
        "aside",
        "blockquote",
        "br",
        "dd",
        "div",
        "dl",
        "dt",
        "figcaption",
        "figure",
        "footer",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hr",
        "li",
        "main",
        "nav",
        "ol",
        "p",
        "section",
        "table",
        "td",
        "th",
        "time",
        "tr",
        "ul",
    ]
)
SKIPPED_TAGS = frozenset({"script", "style", "noscript", "template", "svg", "head"})
# how much of the page after the title may hold its date
AFTER_TITLE_CHARS = 600
_REFRESH_RE = re.compile(r"""(?is)<meta[^>]+http-equiv\s*=\s*["']?refresh["']?[^>]*>""")
_REFRESH_URL_RE = re.compile(r"""(?i)url\s*=\s*['"]?([^'">\s]+)""")


def page_lines(tree: lxml.html.HtmlElement) -> str:
    """The visible text of a page, one block element per line."""
    out: list[str] = []

    def walk(el: lxml.html.HtmlElement) -> None:
        tag = el.tag if isinstance(el.tag, str) else ""
        if tag in SKIPPED_TAGS:
            return
        block = tag in BLOCK_TAGS
        if block:
            out.append("\n")
        if el.text and tag:
            out.append(el.text)
        for child in el:
            walk(child)
            if child.tail:
                out.append(child.tail)
        if block:
            out.append("\n")

    walk(tree)
    lines = (" ".join(line.split()) for line in "".join(out).split("\n"))
    return "\n".join(line for line in lines if line)


def shown_date(page: str) -> date | None:
    """The date the page shows just under its title (its first <h1>), as a reader sees it.

    >>> shown_date("<html><body><nav>Home</nav><h1>Bando</h1><p>Data</p><p>14 maggio 2020</p></body></html>")
    datetime.date(2020, 5, 14)
    >>> shown_date("<html><body><h1>Bando</h1><p>Il bando scade il 30 maggio 2020.</p></body></html>") is None
    True
    """
    try:
        tree = lxml.html.fromstring(page)
    except (ParserError, ValueError):
        return None
    heading = next(iter(tree.iter("h1")), None)
    if heading is None:
        return None
    title = " ".join(heading.text_content().split())
    text = page_lines(tree)
    at = text.find(title) if title else -1
    if at < 0:
        return None
    window = text[at : at + len(title) + AFTER_TITLE_CHARS]
    return find_publication_date(window)


def markup_dates(page: str) -> tuple[date | None, date | None]:
    """(published, modified) as the page's markup states them; either may be None."""
    published = iso_date(find_date(page, extensive_search=False, original_date=True))
    modified = iso_date(find_date(page, extensive_search=False, original_date=False))
    return published, modified


def redirect_target(page: str) -> str | None:
    """Where a redirect stub page sends the reader (`<meta http-equiv="refresh" content="0; url=...">`).

    >>> redirect_target('<meta http-equiv="refresh" content="0; url=https://www.example.org/nuova">')
    'https://www.example.org/nuova'
    """
    meta = _REFRESH_RE.search(page)
    if meta is None:
        return None
    url = _REFRESH_URL_RE.search(meta.group())
    return url.group(1) if url else "another page"


def iso_date(value: str | None) -> date | None:
    """The date at the start of an ISO string (`2021-07-09T10:00:00+02:00`), or None."""
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None
