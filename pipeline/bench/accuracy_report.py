"""The accuracy report of `pipeline bench accuracy`: a text table with each document's errors, or JSON."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from pipeline.bench.gold import ENTITY_LABELS
from pipeline.bench.scoring import VALUE_KINDS, Report

__all__ = ["REPORTED_KINDS", "format_accuracy", "report_dict"]

# rows of the accuracy table; "entities" is the micro average of the three labels
REPORTED_KINDS = (*ENTITY_LABELS, "entities", *VALUE_KINDS, "relative")


def format_accuracy(report: Report) -> str:
    """The accuracy table of `pipeline bench accuracy`: figures per kind, then each document's errors."""
    lines = [f"{'kind':<10}{'P':>7}{'R':>7}{'F1':>7}{'tp':>6}{'fp':>6}{'fn':>6}{'distractor hits':>17}"]
    for kind in REPORTED_KINDS:
        t = report.tally(kind)
        lines.append(
            f"{kind:<10}{t.precision:>7.3f}{t.recall:>7.3f}{t.f1:>7.3f}"
            f"{t.tp:>6}{t.fp:>6}{t.fn:>6}{t.distractor_hits:>17}"
        )
    lines += [f"FAILED {stem}: {message}" for stem, message in report.failures]
    for document in report.documents:
        rows = [
            *(("miss", d) for d in document.misses),
            *(("extra", d) for d in document.extras),
            *(("distractor", d) for d in document.distractor_hits),
            *(("unlocated", d) for d in document.unlocated),
        ]
        lines += ["", document.stem] if rows else []
        for what, d in rows:
            value = "" if d.value is None else f" = {d.value}"
            times = f"  x{d.count}" if d.count != 1 else ""
            lines.append(f"  {what:<11}{d.kind:<9}{d.surface!r}{value}{times}")
    return "\n".join(lines)


def report_dict(report: Report) -> dict[str, Any]:
    """The report as plain JSON-able data, for `pipeline bench accuracy --json`."""
    kinds = {
        kind: {
            "precision": round(t.precision, 4),
            "recall": round(t.recall, 4),
            "f1": round(t.f1, 4),
            "tp": t.tp,
            "fp": t.fp,
            "fn": t.fn,
            "distractor_hits": t.distractor_hits,
        }
        for kind in REPORTED_KINDS
        for t in [report.tally(kind)]
    }
    documents = {
        d.stem: {
            section: [asdict(x) for x in getattr(d, section)]
            for section in ("misses", "extras", "distractor_hits", "unlocated")
        }
        for d in report.documents
    }
    return {"kinds": kinds, "failures": dict(report.failures), "documents": documents}
