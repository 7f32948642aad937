"""Recipients written apart from the cues: an amount in brackets after the body or person it goes to
('Mario Rossi (Università di Trieste, 210.000 euro)'), and a recipient written first, after a bare 'a'
('A X, il centro più colpito, andranno 212.000 euro'), where a place stands for the one body the
document names with it. Words in `lang/it/funding_recipients.json` ('fronted_verbs'); pure."""

from __future__ import annotations

import re
from collections.abc import Sequence

from pipeline.extract.funding_categories import RECIPIENTS
from pipeline.extract.funding_roles import CUES, Named, cue_pattern, fold
from pipeline.extract.funding_subjects import Found

LABELS = ("ORG", "LOC", "PER")
# at most this many characters of a note before an amount in brackets ('(Università di Pavia, 2.000 euro)')
BRACKET_NOTE = 60
# a bare 'a' before a name, and what may come between the name and its amount: an apposition in commas, a
# verb of arriving ('A X, il centro più colpito, andranno 212.000 euro')
_FRONTED_RE = re.compile(r"(?:^|[.!?,:;\n\u2013-])\s*(?:a|ad)\s+$", re.IGNORECASE)
_FRONTED_GAP_RE = re.compile(
    r"\s*(?:,[^,.;:\n]{1,60},)?\s*(?:" + cue_pattern(RECIPIENTS["fronted_verbs"]) + r"\s*)?[,:]?\s*",
    re.IGNORECASE,
)
# a preposition of place, or 'di', right before a name: 'a Bibbiena', 'in Calabria', 'il polo di Redona'
_WHERE_RE = re.compile(r"(?:^|\s)(?:a|ad|in|nel|nella|di|del|della|da|dal|dalla)\s+$", re.IGNORECASE)
_BODY_HEADS = frozenset(fold(h) for h in CUES["heads"])


def bracket_owner(text: str, lo: int, amount: tuple[int, int], entities: Sequence[Named]) -> str | None:
    """The body, person or place named right before the bracket an amount stands in, when the bracket opens
    with the amount or with a short note and a comma ('Mario Rossi (Università di Trieste, 210.000 euro)',
    'ottengono il contributo Marcianise (248.000 euro), Maddaloni (195.000 euro)'); not a place after a
    bare 'a' or 'in' ('a Bibbiena (1,8 milioni)' is where the money goes) or 'di' ('il polo scolastico di
    Redona (11,5 milioni)' is what it goes to)."""
    opening = text.rfind("(", max(lo, amount[0] - BRACKET_NOTE), amount[0])
    if opening < 0 or ")" in text[opening : amount[0]]:
        return None
    note = text[opening + 1 : amount[0]]
    if note.strip() and not note.rstrip().endswith(","):
        return None
    before = [e for e in entities if e.label in LABELS and lo <= e.start and 0 <= opening - e.end <= 1]
    if (
        before
        and before[-1].label == "LOC"
        and _WHERE_RE.search(text, max(0, before[-1].start - 8), before[-1].start)
    ):
        return None
    return body_of_place(before[-1], entities) if before else None


# what comes between a body and its amount: 'il Comune di Bormio, con 480.000 euro'
_WITH_AMOUNT_RE = re.compile(r"\s*,\s*con\s+(?:un\s+(?:contributo|finanziamento)\s+di\s+)?")


def with_owner(text: str, lo: int, amount: tuple[int, int], entities: Sequence[Named]) -> str | None:
    """The body, person or place named right before a comma and 'con' and the amount: 'figurano il Comune
    di Bormio, con 480.000 euro, e l'Unione dei Comuni della Valtenesi'."""
    for e in entities:
        if e.label in LABELS and lo <= e.start and _WITH_AMOUNT_RE.fullmatch(text, e.end, amount[0]):
            return e.name
    return None


def fronted(
    text: str, lo: int, amount: tuple[int, int], entities: Sequence[Named]
) -> tuple[int, list[Found]] | None:
    """The body, person or place after a bare 'a' opening a sentence or clause that comes right before the
    amount, or before a verb of arriving and the amount, past an apposition ('a X 2 milioni', 'A X, il
    centro più colpito, andranno 212.000 euro'); a place stands for the one body the document names with
    it ('Comune di X')."""
    for e in entities:
        if not (lo <= e.start and e.end <= amount[0]) or e.label not in LABELS:
            continue
        if _FRONTED_RE.search(text[max(0, e.start - 6) : e.start]) and _FRONTED_GAP_RE.fullmatch(
            text, e.end, amount[0]
        ):
            return e.start, [Found(e.start, body_of_place(e, entities), False)]
    return None


# an item of a list opened by its label: '- Comune di Cesena: 1.250.000 euro', '2. Piemonte - 1,9 milioni'
_ITEM_OPEN_RE = re.compile(r"\s*(?:[-*\u2022\u2013]|\d{1,3}[.)]|[a-z][.)])?\s*")
_LABELLED_LINE_RE = re.compile(r"\s*[^\W\d][^\n:]{0,80}[:=]\s*(?:€\s*)?\d")
_LABEL_END_RE = re.compile(r"\s*(?:[:=\u2013]|-(?=\s))\s*(?:(?:euro|EUR|€)\s*)?")


def item_label(text: str, lo: int, amount: tuple[int, int], entities: Sequence[Named]) -> str | None:
    """The body, person or place that labels a list item right before its amount, alone between the item's
    start and a colon or dash ('- Comune di Cesena: 1.250.000 euro', '- Piemonte: 1,9 milioni'); a place
    stands for the one body the document names with it."""
    for e in entities:
        if e.label not in LABELS or not (lo <= e.start and e.end <= amount[0]):
            continue
        opened = _ITEM_OPEN_RE.fullmatch(text, lo, e.start)
        if opened is None or not _LABEL_END_RE.fullmatch(text, e.end, amount[0]):
            continue
        if opened.group(0).strip() or _labelled_neighbour(text, lo, amount[1]):
            return body_of_place(e, entities)
    return None


def _labelled_neighbour(text: str, lo: int, end: int) -> bool:
    """Whether the line before or after is labelled the same way ('Comune di Offida: 87.250 euro'): a
    list without bullets, not a headline ('Fondazione X: 2,5 milioni per i borghi')."""
    line_start = text.rfind("\n", 0, lo) + 1
    line_end = text.find("\n", end)
    before = text[: line_start - 1].rsplit("\n", 1)[-1] if line_start > 0 else ""
    after = text[line_end + 1 :].split("\n", 1)[0] if line_end >= 0 else ""
    return any(_LABELLED_LINE_RE.match(line) for line in (before, after))


def body_of_place(e: Named, entities: Sequence[Named]) -> str:
    """A place's name, or the one body the document names with it ('Faenza' -> 'Comune di Faenza')."""
    if e.label != "LOC":
        return e.name
    place = fold(e.name)
    bodies = {
        o.name
        for o in entities
        if o.label == "ORG" and fold(o.name).endswith(" " + place) and fold(o.name).split()[0] in _BODY_HEADS
    }
    return next(iter(bodies)) if len(bodies) == 1 else e.name
