"""`pipeline bench accuracy`, section "new cases": the hand-written sentences of tests/gold/cases-*.json.

Each case is read as the file it names (front matter and all), then scored by kind: a fact counts as
found when a record has the expected quote and agrees on value, currency and context value; every other
money or date record of the case is a false positive.
"""

from __future__ import annotations

import json
from collections import Counter
from datetime import date
from pathlib import Path
from typing import Any

from pipeline.extract import SourceText, find_amounts, find_dates, find_publication_date
from pipeline.readers.dispatch import read_document

CASES_FILE = Path("tests/gold/cases-real-forms.json")
KINDS = ("money", "date", "publication")


def _facts(case: dict[str, Any]) -> list[dict[str, str | None]]:
    source = read_document(case["text"].encode("utf-8"), case["name"])
    if not isinstance(source, SourceText):
        return []
    text = source.text
    given = case.get("publication_date")
    published = (
        date.fromisoformat(given)
        if given
        else source.publication_date or find_publication_date(text) or source.name_date
    )
    facts: list[dict[str, str | None]] = []
    if published is not None:
        facts.append({"kind": "publication", "text": None, "value": published.isoformat()})
    for a in find_amounts(text):
        facts.append(
            {"kind": "money", "text": text[a.start : a.end], "value": str(a.value), "currency": a.currency}
        )
    for d in find_dates(text, published):
        if d.value is not None:
            facts.append(
                {
                    "kind": "date",
                    "text": text[d.start : d.end],
                    "value": d.value,
                    "context_value": d.context_value,
                }
            )
    return facts


def _agrees(expected: dict[str, Any], fact: dict[str, str | None]) -> bool:
    if fact["kind"] != expected["kind"] or ("text" in expected and fact.get("text") != expected["text"]):
        return False
    if expected["kind"] == "money":
        from decimal import Decimal

        return Decimal(str(fact["value"])) == Decimal(expected["value"]) and fact.get(
            "currency"
        ) == expected.get("currency", fact.get("currency"))
    if "context_value" in expected and fact.get("context_value") != expected["context_value"]:
        return False
    return bool(fact["value"] == expected["value"])


def score_cases(path: Path = CASES_FILE) -> dict[str, Any]:
    """tp, fp, fn per kind, and the misses, on the hand-written cases."""
    cases = json.loads(path.read_text(encoding="utf-8"))["cases"]
    tally: dict[str, Counter[str]] = {k: Counter() for k in KINDS}
    misses: list[str] = []
    for case in cases:
        facts = _facts(case)
        used: set[int] = set()
        for expected in case["expect"]:
            hit = next((i for i, f in enumerate(facts) if i not in used and _agrees(expected, f)), None)
            if hit is None:
                tally[expected["kind"]]["fn"] += 1
                misses.append(
                    f"{case['name']}: missed {expected['kind']} "
                    f"{expected.get('text') or ''} = {expected['value']}"
                )
            else:
                used.add(hit)
                tally[expected["kind"]]["tp"] += 1
        scored = {e["kind"] for e in case["expect"]} | {"money", "date"}
        for i, f in enumerate(facts):
            if i not in used and f["kind"] in scored and f["kind"] != "publication":
                tally[str(f["kind"])]["fp"] += 1
                misses.append(f"{case['name']}: extra {f['kind']} {f.get('text')} = {f['value']}")
    return {"cases": len(cases), "kinds": {k: dict(v) for k, v in tally.items()}, "errors": misses}


def format_cases(report: dict[str, Any]) -> str:
    """The "new cases" section of the accuracy report."""
    lines = [
        f"new cases ({report['cases']} hand-written cases, {CASES_FILE})",
        "kind            P      R    tp  fp  fn",
    ]
    for kind, c in report["kinds"].items():
        tp, fp, fn = c.get("tp", 0), c.get("fp", 0), c.get("fn", 0)
        p = tp / (tp + fp) if tp + fp else 1.0
        r = tp / (tp + fn) if tp + fn else 1.0
        lines.append(f"{kind:<12} {p:6.3f} {r:6.3f} {tp:5d} {fp:3d} {fn:3d}")
    lines.extend("  " + e for e in report["errors"])
    return "\n".join(lines)
