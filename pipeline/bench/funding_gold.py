"""The funding gold (`tests/gold/funding/`, conventions in `tests/gold/FUNDING.md`): reading and checking it.

python -m pipeline.bench.funding_gold check GOLD.json DOCUMENT
python -m pipeline.bench.funding_gold check-passages PASSAGES.jsonl
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, Protocol

from pipeline.bench.gold import normalize_surface

KINDS = frozenset(
    {"allocation", "grant", "transfer", "investment", "cost", "cap", "threshold", "part_of", "other"}
)
COUNTING_KINDS = frozenset({"allocation", "grant", "transfer", "investment"})
FUNDING_DIR = Path("tests/gold/funding")


def occurrences(text: str, surface: str) -> list[int]:
    """Start offsets of `surface` in `text` on word boundaries (digits and letters)."""
    out = []
    for m in re.finditer(re.escape(surface), text):
        before = text[m.start() - 1] if m.start() else " "
        after = text[m.end()] if m.end() < len(text) else " "
        if not (before.isalnum() or (after.isalnum() and surface[-1:].isalnum())):
            out.append(m.start())
    return out


@dataclass(frozen=True)
class GoldFact:
    text: str
    occurrence: int
    value: Decimal
    currency: str
    kind: str
    funder: str | None
    recipients: tuple[str, ...]
    programme: str | None
    each_count: int | None
    counts_in_total: bool


def read_gold(path: Path) -> tuple[dict[str, Any], list[GoldFact]]:
    return read_gold_data(json.loads(path.read_text(encoding="utf-8")))


def read_gold_data(data: dict[str, Any]) -> tuple[dict[str, Any], list[GoldFact]]:
    """The rows of one gold object (a document's file, or one passage of the passage gold)."""
    facts = [
        GoldFact(
            f["text"],
            int(f["occurrence"]),
            Decimal(f["value"]),
            f["currency"],
            f["kind"],
            f.get("funder"),
            tuple(f.get("recipients") or ()),
            f.get("programme"),
            f.get("each_count"),
            bool(f["counts_in_total"]),
        )
        for f in data["facts"]
    ]
    return data, facts


class Counted(Protocol):
    """What a total needs of a fact: gold rows and the pipeline's FundingFact records alike."""

    @property
    def value(self) -> Decimal: ...
    @property
    def currency(self) -> str: ...
    @property
    def each_count(self) -> int | None: ...
    @property
    def counts_in_total(self) -> bool: ...


def counted_total(facts: Iterable[Counted]) -> dict[str, Decimal]:
    """Per currency, the sum of value x (each_count or 1) over the facts that count in a total."""
    totals: dict[str, Decimal] = {}
    for f in facts:
        if f.counts_in_total:
            totals[f.currency] = totals.get(f.currency, Decimal(0)) + f.value * (f.each_count or 1)
    return totals


def check(gold_path: Path, text: str) -> list[str]:
    """Every problem of one gold file against its document's text (empty when sound)."""
    try:
        data = json.loads(gold_path.read_text(encoding="utf-8"))
    except ValueError as exc:
        return [f"not readable as funding gold: {exc!r}"]
    return check_data(data, text)


def check_data(data: dict[str, Any], text: str) -> list[str]:
    """Every problem of one gold object against its text (empty when sound)."""
    errors: list[str] = []
    try:
        data, facts = read_gold_data(data)
    except (ValueError, KeyError, TypeError, InvalidOperation) as exc:
        return [f"not readable as funding gold: {exc!r}"]
    norm = normalize_surface(text)
    seen: set[tuple[str, int]] = set()
    for i, (raw, f) in enumerate(zip(data["facts"], facts, strict=True)):
        where = f"fact {i} {f.text!r}#{f.occurrence}"
        found = occurrences(norm, f.text)
        if f.occurrence < 1 or f.occurrence > len(found):
            errors.append(f"{where}: occurs {len(found)} times in the normalised text")
        if (f.text, f.occurrence) in seen:
            errors.append(f"{where}: listed twice")
        seen.add((f.text, f.occurrence))
        if f.kind not in KINDS:
            errors.append(f"{where}: kind {f.kind!r} not one of {sorted(KINDS)}")
        if f.counts_in_total and f.kind not in COUNTING_KINDS:
            errors.append(f"{where}: kind {f.kind} never counts in the total")
        if f.kind == "part_of" and not raw.get("part_of"):
            errors.append(f"{where}: part_of needs the larger amount")
        if not re.fullmatch(r"[A-Z]{3}", f.currency):
            errors.append(f"{where}: currency {f.currency!r}")
        if not isinstance(raw.get("funder"), str | None):
            errors.append(f"{where}: the funder is a name or null, not {raw['funder']!r}")
        if not isinstance(raw.get("recipients"), list) or not all(
            isinstance(r, str) for r in raw["recipients"]
        ):
            errors.append(f"{where}: the recipients are a list of names")
    stated = {k: Decimal(v) for k, v in data.get("total", {}).items()}
    if stated != counted_total(facts):
        errors.append(f"total {stated} differs from the sum of the counted rows {counted_total(facts)}")
    return errors


def document_text(path: Path) -> str:
    """The text of a gold document as the pipeline reads it (PDFs through the project's reader)."""
    if path.suffix.lower() == ".pdf":
        from pipeline.readers.dispatch import read_document

        result = read_document(path.read_bytes(), path.name)
        text = getattr(result, "text", None)
        if text is None:
            raise ValueError(f"{path}: {result}")
        return str(text)
    return path.read_text(encoding="utf-8")


def main(argv: list[str]) -> int:
    if len(argv) == 3 and argv[0] == "check":
        errors = check(Path(argv[1]), document_text(Path(argv[2])))
        for e in errors:
            sys.stdout.write(e + "\n")
        sys.stdout.write(f"{len(errors)} problems\n")
        return 1 if errors else 0
    if len(argv) == 2 and argv[0] == "check-passages":
        lines = Path(argv[1]).read_text(encoding="utf-8").splitlines()
        passages = [json.loads(line) for line in lines if line.strip()]
        errors = [f"{p['id']}: {e}" for p in passages for e in check_data(p, p["text"])]
        for e in errors:
            sys.stdout.write(e + "\n")
        sys.stdout.write(f"{len(passages)} passages, {len(errors)} problems\n")
        return 1 if errors else 0
    sys.stdout.write(str(__doc__) + "\n")
    return 2


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
