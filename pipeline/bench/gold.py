"""The seed gold of tests/gold (ANNOTATION.md): reading its files and finding its surfaces in a text.

The gold's surfaces and counts were made on the text with `**` markers removed and whitespace runs
collapsed to one space. The extraction's normaliser (`pipeline.extract.numbers.normalize_text`) makes
another view: it replaces dashes and apostrophes and deletes invisible marks, but keeps `**` and every
whitespace character. Scoring through it would move gold surfaces and offsets off the text they were
counted on, so the gold keeps its own normalisation here.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

__all__ = [
    "ENTITY_FAMILY",
    "ENTITY_LABELS",
    "NUMERIC_SECTIONS",
    "Gold",
    "GoldItem",
    "Span",
    "find_occurrences",
    "load_gold",
    "locate",
    "normalize_surface",
    "normalize_with_offsets",
    "read_sources",
]

ENTITY_LABELS = ("PER", "ORG", "LOC")
# gold section -> kind used in scores; the two families own their occurrences separately (ANNOTATION.md 1)
NUMERIC_SECTIONS = {
    "money": "money",
    "percentages": "percent",
    "dates": "date",
    "relative_dates": "relative",
    "distractors": "distractor",
}
ENTITY_FAMILY = (*ENTITY_LABELS, "programme")
# a digit next to one of these and another digit continues the number: '2020' is not in '2014-2020'
NUMBER_JOINERS = ".,/-:"
WORD_DIGITS = "0123456789"
SOURCES_FILE = "sources.json"

Span = tuple[int, int]


@dataclass(frozen=True)
class GoldItem:
    """One item of a gold file, its surface normalised."""

    kind: str
    surface: str
    count: int
    optional: bool = False
    value: str | None = None
    context_value: str | None = None
    currency: str | None = None
    not_within: tuple[str, ...] = ()


@dataclass(frozen=True)
class Gold:
    """A gold file: the expected mentions of one seed document."""

    stem: str
    publication_date: str | None
    items: tuple[GoldItem, ...]


def normalize_surface(text: str) -> str:
    """Collapse whitespace and remove `**` markers, as the gold counts do.

    >>> normalize_surface("Regione\\n**Lombardia**")
    'Regione Lombardia'
    """
    return re.sub(r"\s+", " ", text.replace("**", "")).strip()


def load_gold(path: Path) -> Gold:
    """Read one gold file; its stem names the seed document."""
    data = json.loads(path.read_text(encoding="utf-8"))
    items: list[GoldItem] = []
    for section, kind in NUMERIC_SECTIONS.items():
        items += [_read_item(kind, raw) for raw in data[section]]
    for label in ENTITY_LABELS:
        items += [_read_item(label, raw) for raw in data["entities"][label]]
    items += [_read_item("programme", raw) for raw in data["not_scored_programmes"]]
    return Gold(stem=path.stem, publication_date=data["publication_date"], items=tuple(items))


def _read_item(kind: str, raw: Mapping[str, Any]) -> GoldItem:
    surface = raw.get("normalized_surface") or normalize_surface(raw["surface"])
    value = raw.get("value")
    return GoldItem(
        kind=kind,
        surface=surface,
        count=raw["count"],
        optional=raw.get("optional", False),
        value=None if value is None else str(value),
        context_value=raw.get("context_value"),
        currency=raw.get("currency"),
        not_within=tuple(raw.get("not_within", ())),
    )


def read_sources(gold_dir: Path) -> dict[str, str]:
    """`gold_dir/sources.json`: gold stem -> file name of its seed document."""
    sources: dict[str, str] = json.loads((gold_dir / SOURCES_FILE).read_text(encoding="utf-8"))
    return sources


def normalize_with_offsets(text: str) -> tuple[str, list[int]]:
    """Normalised text and, for each original offset 0..len(text), the matching normalised offset."""
    # '**' goes first, then whitespace runs collapse, exactly as the gold counts were made
    without_stars: list[str] = []
    first_map: list[int] = []
    i = 0
    while i < len(text):
        if text.startswith("**", i):
            first_map += [len(without_stars)] * 2
            i += 2
            continue
        first_map.append(len(without_stars))
        without_stars.append(text[i])
        i += 1
    first_map.append(len(without_stars))
    collapsed: list[str] = []
    second_map: list[int] = []
    for char in without_stars:
        # a whitespace character after an output space continues the same run
        if char.isspace() and collapsed and collapsed[-1] == " ":
            second_map.append(len(collapsed))
            continue
        second_map.append(len(collapsed))
        collapsed.append(" " if char.isspace() else char)
    second_map.append(len(collapsed))
    return "".join(collapsed), [second_map[j] for j in first_map]


def _is_word(char: str) -> bool:
    return char.isalpha() or char in WORD_DIGITS


def _whole_token(text: str, start: int, end: int) -> bool:
    first, last = text[start], text[end - 1]
    if _is_word(first) and start > 0:
        before = text[start - 1]
        if _is_word(before):
            return False
        if first.isdigit() and before in NUMBER_JOINERS and start > 1 and text[start - 2].isdigit():
            return False
    if _is_word(last) and end < len(text):
        after = text[end]
        if _is_word(after):
            return False
        if last.isdigit() and after in NUMBER_JOINERS and end + 1 < len(text) and text[end + 1].isdigit():
            return False
    return True


def _find_all(text: str, surface: str, whole_tokens: bool = True) -> list[Span]:
    spans: list[Span] = []
    i = text.find(surface)
    while i >= 0 and surface:
        if not whole_tokens or _whole_token(text, i, i + len(surface)):
            spans.append((i, i + len(surface)))
        i = text.find(surface, i + 1)
    return spans


def find_occurrences(text: str, items: Sequence[GoldItem]) -> dict[str, list[Span]]:
    """Spans of each normalised surface of one family in normalised `text`.

    Only whole tokens count, `not_within` strings hide occurrences, and an occurrence inside a
    longer surface of the same family belongs to the longer one (ANNOTATION.md section 1).

    >>> items = [GoldItem("LOC", "Milano", 1), GoldItem("ORG", "Politecnico di Milano", 1)]
    >>> find_occurrences("Politecnico di Milano, Milano, Milanese", items)["Milano"]
    [(23, 29)]
    """
    found: dict[str, list[Span]] = {}
    for item in items:
        spans = found[item.surface] if item.surface in found else _find_all(text, item.surface)
        for outer in item.not_within:
            hidden = _find_all(text, outer, whole_tokens=False)
            spans = [s for s in spans if not any(a <= s[0] and s[1] <= b for a, b in hidden)]
        found[item.surface] = spans
    return {
        surface: [
            s
            for s in spans
            if not any(
                a <= s[0] and s[1] <= b and b - a > s[1] - s[0]
                for other, others in found.items()
                if other != surface
                for a, b in others
            )
        ]
        for surface, spans in found.items()
    }


def locate(gold: Gold, text: str) -> list[tuple[GoldItem, list[Span]]]:
    """Each gold item with the spans of its surface in normalised `text`, family by family."""
    located: list[tuple[GoldItem, list[Span]]] = []
    for family in (NUMERIC_SECTIONS.values(), ENTITY_FAMILY):
        items = [item for item in gold.items if item.kind in family]
        spans = find_occurrences(text, items)
        located += [(item, spans[item.surface]) for item in items]
    return located
