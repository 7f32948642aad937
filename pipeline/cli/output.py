"""What the `pipeline` command prints: exit codes, the run summary, records as JSON, query results."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pipeline import stages, store
    from pipeline.extract.records import Extraction
    from schemas import Failure, FundingFact

__all__ = [
    "EXIT_ABORTED",
    "EXIT_DOC_FAILURES",
    "EXIT_OK",
    "EXIT_USAGE",
    "extraction_json",
    "format_summary",
    "format_table",
]

EXIT_OK, EXIT_ABORTED, EXIT_USAGE, EXIT_DOC_FAILURES = 0, 1, 2, 3
MAX_CELL = 60


def format_summary(summary: stages.RunSummary) -> str:
    """One screen: what the run found, did, and what failed."""
    lines = [
        f"{summary.new} new, {summary.changed} changed, {summary.unchanged} unchanged, "
        f"{summary.removed} removed"
        + (f", {summary.reextracted} extracted again" if summary.reextracted else ""),
        f"{summary.ok} ok, {summary.failed} failed in {summary.seconds:.1f} s "
        + "("
        + ", ".join(f"{k} {v:.1f} s" for k, v in summary.stage_seconds.items())
        + ")",
    ]
    if summary.counts:
        lines.append("records: " + ", ".join(f"{k} {v}" for k, v in sorted(summary.counts.items())))
    for failure in summary.failures:
        lines.append(f"FAILED {failure.path}: {failure.message}")
    return "\n".join(lines)


def extraction_json(result: Extraction | Failure) -> dict[str, Any]:
    """The extraction contract: one object per input file."""
    from schemas import Failure

    if isinstance(result, Failure):
        return {
            "path": result.path,
            "id": result.doc_id or None,
            "error": {"code": result.code, "stage": result.stage, "message": result.message},
        }

    def dump(records: Sequence[Any]) -> list[dict[str, Any]]:
        return [r.model_dump(mode="json", exclude={"kind", "doc_id"}) for r in records]

    return {
        "document": result.document.model_dump(mode="json", exclude={"kind"}),
        "entities": dump(result.entities),
        "amounts": dump(result.amounts),
        "percentages": dump(result.percents),
        "dates": dump(result.dates),
        "tables": dump(result.tables),
        "funding": [funding_json(f) for f in result.funding],
    }


def funding_json(fact: FundingFact) -> dict[str, Any]:
    """A funding fact in the extraction contract: `kind` is the funding kind, value a decimal string."""
    row = fact.model_dump(mode="json", exclude={"kind", "doc_id", "funding_kind"})
    return {"value": row.pop("value"), "currency": row.pop("currency"), "kind": fact.funding_kind, **row}


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        # integers without decimals, other amounts with at least two ("27.200.774,90")
        value = value.quantize(Decimal(1)) if value == value.to_integral() else value.normalize()
        if value.as_tuple().exponent == -1:
            value = value.quantize(Decimal("0.01"))
        return f"{value:,f}".replace(",", "_").replace(".", ",").replace("_", ".")
    text = str(value).replace("\n", " ")
    return text if len(text) <= MAX_CELL else text[: MAX_CELL - 1] + "…"


def format_table(result: store.QueryResult) -> str:
    """A plain text table; numbers right-aligned, amounts with Italian separators."""
    cells = [[_cell(v) for v in row] for row in result.rows]
    widths = [max([len(c)] + [len(r[i]) for r in cells]) for i, c in enumerate(result.columns)]
    numeric = [
        all(isinstance(row[i], int | float | Decimal) or row[i] is None for row in result.rows)
        for i in range(len(result.columns))
    ]

    def line(values: Sequence[str]) -> str:
        return "  ".join(
            v.rjust(w) if n else v.ljust(w) for v, w, n in zip(values, widths, numeric, strict=True)
        )

    out = [line(result.columns), "  ".join("-" * w for w in widths)]
    out += [line(r) for r in cells]
    out.append(f"({len(cells)} row{'s' if len(cells) != 1 else ''})")
    return "\n".join(s.rstrip() for s in out)


def json_default(value: Any) -> Any:
    if isinstance(value, Decimal):  # a JSON number: integers exact, others as the nearest double
        return int(value) if value == value.to_integral() else float(value)
    if isinstance(value, date | datetime):
        return value.isoformat()
    return str(value)


def csv_cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False, default=json_default)
    return value
