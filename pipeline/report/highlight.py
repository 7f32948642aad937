"""A document's text as HTML with every extracted fact marked at its character offsets."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape
from itertools import pairwise

from pipeline.report.queries import Fact

KIND_NAMES = {
    "ORG": "organizzazione",
    "PER": "persona",
    "LOC": "luogo",
    "PROGRAMME": "programma",
    "amount": "importo",
    "percent": "percentuale",
    "date": "data",
}


def describe(fact: Fact) -> str:
    """What the hover shows for one fact: its kind and its value."""
    return f"{KIND_NAMES.get(fact.kind, fact.kind)}: {fact.value}"


def highlight(text: str, facts: Sequence[Fact]) -> str:
    """Escaped `text` with each fact in a <mark>; overlapping facts split the text into pieces.

    Each piece is marked as the shortest fact covering it, and its hover lists every fact covering it.

    >>> highlight("Fondi per Milano <2021>", [Fact(10, 16, "LOC", "Milano", "Milano"),
    ...                                       Fact(18, 22, "date", "2021", "2021")])
    'Fondi per <mark class="f k-LOC" data-kind="LOC" title="luogo: Milano">Milano</mark> &lt;<mark \
class="f k-date" data-kind="date" title="data: 2021">2021</mark>&gt;'
    """
    valid = [f for f in facts if 0 <= f.start < f.end <= len(text)]
    points = sorted({0, len(text)} | {f.start for f in valid} | {f.end for f in valid})
    out: list[str] = []
    active: list[Fact] = []
    pending = sorted(valid, key=lambda f: f.start)
    i = 0
    for a, b in pairwise(points):
        while i < len(pending) and pending[i].start <= a:
            active.append(pending[i])
            i += 1
        active = [f for f in active if f.end > a]
        piece = escape(text[a:b], quote=False)
        if not active:
            out.append(piece)
            continue
        main = min(active, key=lambda f: (f.end - f.start, f.start))
        tip = "\n".join(dict.fromkeys(describe(f) for f in active))
        out.append(
            f'<mark class="f k-{escape(main.kind)}" data-kind="{escape(main.kind)}" '
            f'title="{escape(tip)}">{piece}</mark>'
        )
    return "".join(out)
