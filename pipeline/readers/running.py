"""Running headers and footers: lines repeated at one height in the margins of many pages."""

from __future__ import annotations

import re
from collections.abc import Sequence
from statistics import median

from pipeline.readers.layout import Box

__all__ = ["find_running_lines", "is_page_number", "is_running_line", "running_key"]

# the share of the page height, at the top and at the bottom, where running headers and footers
# live; letterheads of decrees reach down to a sixth of the page
MARGIN_SHARE = 0.2
# a running line sits at the same height on each page, give or take this many points
RUNNING_POSITION_TOLERANCE = 3.0
# a line in the margins that repeats on at least this share of the pages is a running header/footer
REPEATED_SHARE = 0.5

_DIGITS = re.compile(r"\d+")
_LETTERS = re.compile(r"[^\W\d_]")
_SPACES = re.compile(r"\s+")


def find_running_lines(pages: Sequence[Sequence[Box]], page_heights: Sequence[float]) -> set[str]:
    """Keys of lines repeated at one height in the margins of many pages: headers, footers, page numbers.

    Args:
        pages: the lines of each page.
        page_heights: each page's height, in the same units as the boxes.

    Returns:
        Keys (see `running_key`) of the lines that run through the document.

    >>> footer, body = (0, 800, 50, 810, 9), (0, 400, 50, 410, 9)
    >>> pages = [[Box(f"Pagina {n}", *footer), Box("testo", *body)] for n in (1, 2, 3)]
    >>> find_running_lines(pages, [842, 842, 842])
    {'pagina #'}
    """
    if len(pages) < 2:
        return set()
    positions: dict[str, list[float]] = {}
    for lines, height in zip(pages, page_heights, strict=True):
        seen: dict[str, float] = {}
        for line in lines:
            if _in_margin(line, height):
                seen.setdefault(running_key(line.text), line.top)
        for key, top in seen.items():
            positions.setdefault(key, []).append(top)
    needed = max(2, REPEATED_SHARE * len(pages))
    running = set()
    for key, tops in positions.items():
        if not key or len(tops) < needed:
            continue
        middle = median(tops)
        if sum(abs(top - middle) <= RUNNING_POSITION_TOLERANCE for top in tops) >= needed:
            running.add(key)
    return running


def running_key(text: str) -> str:
    """A line's identity across pages: case, spacing and numbers ignored.

    >>> running_key("Pagina 3  di 12")
    'pagina # di #'
    """
    return _SPACES.sub(" ", _DIGITS.sub("#", text)).strip().lower()


def is_page_number(key: str) -> bool:
    """Whether a running line's key is only a page number ("#", "- # -", "#/#").

    >>> is_page_number("- # -"), is_page_number("pagina #")
    (True, False)
    """
    return not _LETTERS.search(key)


def is_running_line(line: Box, page_height: float, running: set[str]) -> bool:
    """Whether a line is a running header or footer on its page."""
    return _in_margin(line, page_height) and running_key(line.text) in running


def _in_margin(line: Box, page_height: float) -> bool:
    """Whether a line lies in the top or bottom margin band of its page."""
    band = MARGIN_SHARE * page_height
    return line.bottom <= band or line.top >= page_height - band
