"""The date a document states it was published: a full day in a dateline, a byline or after a label
near its head. The words are data (lang/it/date_publication.json)."""

from __future__ import annotations

import re
from datetime import date

from pipeline.extract.date_builders import Context, build
from pipeline.extract.date_grammar import DATE_RE, DAY_FORMS, FORM_RES, START_WORDS, words_in_order
from pipeline.extract.numbers import match_at_tokens
from pipeline.extract.view import normalize_text
from pipeline.lang import load_json

_WORDS: dict[str, list[str]] = load_json("date_publication.json")

# how far into the document a dateline or byline may sit
PUBLICATION_HEAD_CHARS = 1500
PUBLICATION_HEAD_LINES = 15

_WEEKDAY = r"(?i:" + words_in_order(_WORDS["weekdays"]) + ")"
# 'Milano, ', 'ROMA, lunedì ': a place (and a weekday) alone before the date on its line
_DATELINE_RE = re.compile(
    r"(?m)^[ ]*(?:\([A-Za-z]+\)[ ]*-?[ ]*)?(?:[A-ZÀ-Ý][\w'.]*(?:[ ]+[\w'.()]+){0,3})[ ]*,[ ]*(?:"
    + _WEEKDAY
    + r"[ ]*,?[ ]*)?$"
)
# 'di Mario Rossi ', 'decreto n. 12 del ', 'pubblicato il ': a byline, an act or a label before the date
_BYLINE_RE = re.compile(
    r"(?i)(?:^|\n)[ ]*"
    + words_in_order(_WORDS["byline_heads"])
    + r"[ ]+[^\n]{1,60}?[ ]*$|(?:"
    + words_in_order(_WORDS["act_heads"])
    + r"\b[^\n]{0,30}?\b"
    + words_in_order(_WORDS["act_link"])
    + "|"
    + words_in_order(_WORDS["labels"])
    + r")[ ]*"
    + words_in_order(_WORDS["label_tails"])
    + "?[ ]*$"
)
_LONE_LINE_BEFORE_RE = re.compile(r"(?:^|\n)[ ]*(?:" + _WEEKDAY + r"[ ]*,?[ ]*)?$")
# a date alone on its line, perhaps with a time ('12 marzo 2022 - 10:30')
_LONE_LINE_AFTER_RE = re.compile(
    r"[ ]*(?:[-,|]?[ ]*(?:(?i:"
    + words_in_order(_WORDS["time_heads"])
    + r")[ ]*)?[0-9]{1,2}[:.][0-9]{2}[ ]*)?(?:\n|$)"
)

# a news agency's time stamp (the grammar's `agency_stamp`) opens its own line and a time follows it,
# after the dispatch: '04-MAR-25 12:31'
_AGENCY_STAMP_RE = dict(FORM_RES)["agency_stamp"]
_STAMP_TIME_RE = re.compile(r"[ ]+[0-2][0-9]:[0-5][0-9](?![0-9])")


def find_publication_date(text: str) -> date | None:
    """The date the document states it was published (dateline, byline or label near its head, or a
    news agency's time stamp line), else None.

    >>> find_publication_date("Titolo\\n\\nMilano, 9 luglio 2021 - La Regione ha approvato")
    datetime.date(2021, 7, 9)
    >>> find_publication_date("By Federdat Ottobre 3, 2017 08:50 Updated")
    datetime.date(2017, 10, 3)
    >>> find_publication_date("Il bando scade il 30 maggio 2012.") is None
    True
    >>> find_publication_date("BARI, 04 MAR - La Regione stanzia 5 milioni.\\n04-MAR-25 12:31 NNNN")
    datetime.date(2025, 3, 4)
    """
    view = normalize_text(text[: PUBLICATION_HEAD_CHARS * 2])
    norm = view.text
    head_end = _head_end(norm)
    for m in match_at_tokens(DATE_RE, norm[:head_end], START_WORDS):
        if m.lastgroup not in DAY_FORMS:
            continue
        raw = build(m, Context(norm))
        if raw is None or raw.a.year is None or raw.a.day is None or raw.a.month is None:
            continue
        line_start = norm.rfind("\n", 0, m.start()) + 1
        before = norm[line_start : m.start()]
        if (
            _DATELINE_RE.fullmatch(before)
            or _BYLINE_RE.search(norm, max(0, line_start - 1), m.start())
            or (_LONE_LINE_BEFORE_RE.search(before) and _LONE_LINE_AFTER_RE.match(norm, m.end()))
        ):
            return date(raw.a.year, raw.a.month, raw.a.day)
    return _agency_stamp(text)


def _agency_stamp(text: str) -> date | None:
    """The day of the first news agency's time stamp line of the text, if it has one."""
    for m in _AGENCY_STAMP_RE.finditer(text):
        line_start = text.rfind("\n", 0, m.start()) + 1
        if text[line_start : m.start()].strip(" ") or not _STAMP_TIME_RE.match(text, m.end()):
            continue
        raw = build(m, Context(text))
        if raw is not None and raw.a.year is not None and raw.a.month and raw.a.day:
            return date(raw.a.year, raw.a.month, raw.a.day)
    return None


def _head_end(norm: str) -> int:
    """Offset where the document's head (first lines with text) ends."""
    count = 0
    pos = 0
    for line in norm.splitlines(keepends=True):
        pos += len(line)
        if line.strip():
            count += 1
        if count >= PUBLICATION_HEAD_LINES or pos >= PUBLICATION_HEAD_CHARS:
            break
    return min(pos, len(norm))
