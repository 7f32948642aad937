"""Where a funding fact's words are: its sentence, the lead of its list, the start of the text proper.

Pure helpers over the document text for `pipeline/extract/funding.py`.
"""

from __future__ import annotations

import re

# characters before a list item in which its lead ('... è così definito:') is looked for
LIST_LEAD_WINDOW = 1200
_SENTENCE_END_RE = re.compile(r"[.!?](?=\s+[*_#\"«“(]*[A-ZÀ-Ý0-9€])|\n|<br\s*/?>|;\s")
# a front matter block (YAML keys and list items) heading a page: metadata, not text
_FRONT_LINE_RE = re.compile(r"[ \t]*(?:-[ \t]+)?(?:[A-Za-z_][\w-]*:(?:[ \t].*)?|-[ \t]+\S.*)")
# a list's lead ends with a colon and a line break; its items follow, each opened by a marker
_LEAD_END_RE = re.compile(r":[ \t]*(?:<br\s*/?>|\n)")
_ITEM_RE = re.compile(r"\s*(?:[-*\u2022\u2013]|\w{1,3}[.)])\s")


def sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """The sentence (or list item) around text[start:end]."""
    lo = 0
    for m in _SENTENCE_END_RE.finditer(text, max(0, start - 600), start + 8):
        if m.end() <= start:
            lo = m.end()
    after = _SENTENCE_END_RE.search(text, end, end + 600)
    hi = after.start() if after else min(len(text), end + 600)
    return lo, hi


def body_start(text: str) -> int:
    """Where the text proper starts: after a leading front matter block (two or more YAML-like lines up
    to a blank line, as FAQ pages carry their title and tags), else 0."""
    at = len(text) - len(text.lstrip("\n"))
    lines = 0
    while at < len(text):
        nl = text.find("\n", at)
        line = text[at : nl if nl >= 0 else len(text)]
        if not line.strip():
            return at if lines >= 2 else 0
        if not _FRONT_LINE_RE.fullmatch(line):
            return 0
        lines += 1
        at = nl + 1 if nl >= 0 else len(text)
    return 0


def list_lead(text: str, lo: int, floor: int = 0) -> tuple[int, int] | None:
    """The lead sentence ('... ai Comuni è così definito:') of the list item starting at lo, if any."""
    window = text[max(floor, lo - LIST_LEAD_WINDOW) : lo]
    ends = list(_LEAD_END_RE.finditer(window))
    if not ends:
        return None
    colon = lo - len(window) + ends[-1].start()
    items = re.split(r"<br\s*/?>|\n", text[colon + 1 : lo])
    if any(part.strip() and not _ITEM_RE.match(part) for part in items[1:]):
        return None
    if text[lo:].strip() and not _ITEM_RE.match(text, lo) and not text[lo:].lstrip()[:1].islower():
        return None
    return max(floor, sentence_bounds(text, colon, colon)[0]), colon
