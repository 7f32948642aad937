"""Scoring funding facts against the funding gold (`tests/gold/FUNDING.md` §5).

The gold's documents are split in a `dev` part (the five seeds and the first PA pages, which the cue
lists were tuned on) and a held-out `test` part (the later PA pages and the PDFs), reported apart. The
news passages of `tests/gold/funding-passages/` are scored as documents of their own, in their two halves
(`passages dev`, `passages test`).
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from pipeline.bench.funding_gold import (
    FUNDING_DIR,
    GoldFact,
    counted_total,
    occurrences,
    read_gold,
    read_gold_data,
)
from pipeline.bench.gold import normalize_surface
from pipeline.bench.intervals import DRAWS, ratio_interval
from pipeline.stages import extract_file
from schemas.records import Failure, FundingFact

if TYPE_CHECKING:
    from spacy.language import Language

DOC_DIRS = (Path("raw"), FUNDING_DIR / "docs", Path("tests/fixtures/pdf-it"))
PASSAGES = Path("tests/gold/funding-passages/passages.jsonl")
# short passages written for the project, one per cue and form of FUNDING.md (tests/gold/funding-cases/)
CASES = Path("tests/gold/funding-cases/cases.jsonl")
# the PA pages up to this number are the dev part; later pages and the PDFs are held out
LAST_DEV_PAGE = 10


def part_of(doc: str) -> str:
    """'dev' or 'test' for a gold document name."""
    if doc.lower().endswith(".pdf"):
        return "test"
    m = re.match(r"padigitale-(\d+)", doc)
    return "test" if m and int(m.group(1)) > LAST_DEV_PAGE else "dev"


def _fold(name: str | None) -> str | None:
    from pipeline.extract.funding_roles import fold

    return fold(name) if name is not None else None


# the counts of a Score that add up over documents (the units of its intervals)
COUNTS = (
    "tp",
    "fp",
    "fn",
    "matched",
    "funder_right",
    "recipients_right",
    "documents",
    "totals_right",
    "programme_right",
)


@dataclass
class Score:
    """Counts for one part of the gold."""

    tp: int = 0
    fp: int = 0
    fn: int = 0
    matched: int = 0
    funder_right: int = 0
    recipients_right: int = 0
    documents: int = 0
    totals_right: int = 0
    programme_right: int = 0
    misses: list[str] = field(default_factory=list)
    # one row of COUNTS per document added, for the intervals
    units: list[tuple[int, ...]] = field(default_factory=list)

    def add(self, other: Score) -> None:
        self.units.extend(other.units or [tuple(getattr(other, name) for name in COUNTS)])
        for name in COUNTS:
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.misses.extend(other.misses)

    def intervals(self) -> dict[str, tuple[float, float]]:
        """95% intervals of the facts' F1, funder and recipient accuracy and the share of right totals,
        over resamplings of the documents (`pipeline.bench.intervals`)."""
        if not self.units:
            return {}
        rows = np.array(self.units, dtype=np.int64)
        c = {name: rows[:, i] for i, name in enumerate(COUNTS)}
        return {
            "f1": ratio_interval(2 * c["tp"], 2 * c["tp"] + c["fp"] + c["fn"]),
            "funder_accuracy": ratio_interval(c["funder_right"], c["matched"]),
            "recipient_accuracy": ratio_interval(c["recipients_right"], c["matched"]),
            "programme_accuracy": ratio_interval(c["programme_right"], c["matched"]),
            "totals_right": ratio_interval(c["totals_right"], c["documents"]),
        }

    def figures(self) -> dict[str, float | int]:
        p = self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0
        r = self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0
        f1 = 2 * p * r / (p + r) if p + r else 0.0
        return {
            "precision": round(p, 3),
            "recall": round(r, 3),
            "f1": round(f1, 3),
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
            "funder_accuracy": round(self.funder_right / self.matched, 3) if self.matched else 0.0,
            "recipient_accuracy": round(self.recipients_right / self.matched, 3) if self.matched else 0.0,
            "matched": self.matched,
            "documents": self.documents,
            "totals_right": round(self.totals_right / self.documents, 3) if self.documents else 0.0,
            "programme_accuracy": round(self.programme_right / self.matched, 3) if self.matched else 0.0,
        }


def mention_key(text: str, norm: str, fact: FundingFact) -> tuple[str, int]:
    """(surface, occurrence) of a fact in the gold's normalised text `norm` (= normalize_surface(text))."""
    surface = normalize_surface(text[fact.start : fact.end])
    position = len(normalize_surface(text[: fact.start] + "\x00")) - 1
    return surface, 1 + sum(1 for s in occurrences(norm, surface) if s < position)


def score_document(name: str, text: str, gold: Sequence[GoldFact], facts: Sequence[FundingFact]) -> Score:
    """Score one document's system facts against its gold rows."""
    s = Score(documents=1)
    by_key = {(g.text, g.occurrence): g for g in gold}
    used: set[tuple[str, int]] = set()
    norm = normalize_surface(text)
    for f in facts:
        key = mention_key(text, norm, f)
        g = by_key.get(key)
        if g is None or g.value != f.value or key in used:
            s.fp += 1
            s.misses.append(f"{name}: FP {key[0]!r}#{key[1]} {f.funding_kind} counts={f.counts_in_total}")
            continue
        used.add(key)
        s.matched += 1
        if g.counts_in_total == f.counts_in_total:
            s.tp += 1
        else:
            s.fp += 1
            s.fn += 1
            s.misses.append(
                f"{name}: COUNT {g.text!r}#{g.occurrence} gold {g.kind}/{g.counts_in_total} "
                f"system {f.funding_kind}/{f.counts_in_total}"
            )
        if _fold(g.funder) == _fold(f.funder):
            s.funder_right += 1
        else:
            s.misses.append(f"{name}: FUNDER {g.text!r} gold {g.funder!r} system {f.funder!r}")
        if _fold(g.programme) == _fold(f.programme):
            s.programme_right += 1
        else:
            s.misses.append(f"{name}: PROGRAMME {g.text!r} gold {g.programme!r} system {f.programme!r}")
        if {_fold(r) for r in g.recipients} == {_fold(r) for r in f.recipients}:
            s.recipients_right += 1
        else:
            s.misses.append(f"{name}: RECIPIENTS {g.text!r} gold {list(g.recipients)} system {f.recipients}")
    for g in gold:
        if (g.text, g.occurrence) not in used:
            s.fn += 1
            s.misses.append(f"{name}: FN {g.text!r}#{g.occurrence} {g.kind}")
    gold_total = {k: v for k, v in counted_total(gold).items() if v}
    sys_total = {k: v for k, v in counted_total(facts).items() if v}
    if gold_total == sys_total:
        s.totals_right = 1
    else:
        s.misses.append(f"{name}: TOTAL gold {gold_total} system {sys_total}")
    return s


def _document_path(doc: str) -> Path:
    for d in DOC_DIRS:
        if (d / doc).exists():
            return d / doc
    raise FileNotFoundError(f"funding gold document {doc} is in none of {[str(d) for d in DOC_DIRS]}")


def evaluate_funding(nlp: Language, gold_dir: Path = FUNDING_DIR) -> dict[str, Score]:
    """Extract every gold document with the real pipeline and score it: part -> score, and 'all'."""
    parts: dict[str, Score] = {"dev": Score(), "test": Score(), "all": Score()}
    for gold_path in sorted(gold_dir.glob("*.json")):
        data, gold = read_gold(gold_path)
        path = _document_path(data["doc"])
        result = extract_file(path, path.parent, nlp)
        if isinstance(result, Failure):
            s = Score(documents=1, fn=len(gold), misses=[f"{data['doc']}: FAILED {result.code}"])
        else:
            s = score_document(data["doc"], result.document.text, gold, result.funding)
        parts[part_of(data["doc"])].add(s)
        parts["all"].add(s)
    if gold_dir == FUNDING_DIR:
        for path, name in ((PASSAGES, "passages"), (CASES, "cases")):
            if path.exists():
                parts.update(evaluate_passages(nlp, path, name))
    return parts


@dataclass(frozen=True)
class Passage:
    """One passage of the passage gold: its text, its half and its rows."""

    id: str
    part: str
    text: str
    gold: tuple[GoldFact, ...]


def read_passages(path: Path = PASSAGES) -> list[Passage]:
    """The passage gold, one JSON object a line (`tests/gold/funding-passages/README.md`)."""
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        data = json.loads(line)
        _, gold = read_gold_data(data)
        out.append(Passage(data["id"], data["part"], data["text"], tuple(gold)))
    return out


def evaluate_passages(nlp: Language, path: Path = PASSAGES, name: str = "passages") -> dict[str, Score]:
    """Extract every passage as a plain-text document and score it: '<name> dev' and '<name> test'."""
    from pipeline.extract.records import DocumentInfo
    from pipeline.extract.source import SourceText
    from pipeline.stages.documents import extract_text

    passages = read_passages(path)
    items = [
        (DocumentInfo(p.id, f"{p.id}.txt", len(p.text.encode()), "eval"), SourceText(p.text, "text"))
        for p in passages
    ]
    parts = {f"{name} dev": Score(), f"{name} test": Score()}
    for p, (info, source) in zip(passages, items, strict=True):
        result = extract_text(info, source, nlp)
        if isinstance(result, Failure):
            s = Score(documents=1, fn=len(p.gold), misses=[f"{p.id}: FAILED {result.code}"])
        else:
            s = score_document(p.id, result.document.text, p.gold, result.funding)
        parts[f"{name} {p.part}"].add(s)
    return parts


def format_funding(parts: dict[str, Score]) -> str:
    lines = ["funding facts     P      R     F1    tp   fp   fn  funder  recipients  programme  totals right"]
    for name, score in parts.items():
        f = score.figures()
        lines.append(
            f"{name:<13} {f['precision']:6.3f} {f['recall']:6.3f} {f['f1']:6.3f} {f['tp']:5} {f['fp']:4} "
            f"{f['fn']:4}  {f['funder_accuracy']:6.3f}  {f['recipient_accuracy']:10.3f}  "
            f"{f['programme_accuracy']:9.3f}  "
            f"{f['totals_right']:.3f} of {f['documents']} documents"
        )
    spans = {name: score.intervals() for name, score in parts.items()}
    if any(spans.values()):
        lines += ["", f"95% intervals ({DRAWS} resamplings of the documents)", _INTERVAL_HEAD]
        for name, span in spans.items():
            if span:
                lines.append(f"{name:<13} " + " ".join(f"{lo:.3f}-{hi:.3f}" for lo, hi in span.values()))
    return "\n".join(lines)


_INTERVAL_HEAD = (
    f"{'':<13} {'F1':<11} {'funder':<11} {'recipients':<11} {'programme':<11} {'totals right':<11}"
)


def funding_dict(parts: dict[str, Score]) -> dict[str, Any]:
    return {name: score.figures() for name, score in parts.items()}


def main_misses(parts: dict[str, Score], part: str = "dev") -> str:
    """The discrepancies of one part, one per line (for tuning: the dev part only)."""
    return "\n".join(parts[part].misses)


if __name__ == "__main__":  # pragma: no cover - a tuning aid
    import sys

    from pipeline.extract.nlp import build_nlp

    result = evaluate_funding(build_nlp())
    sys.stdout.write(format_funding(result) + "\n")
    sys.stdout.write(main_misses(result, sys.argv[1] if len(sys.argv) > 1 else "dev") + "\n")
    sys.stdout.write(json.dumps(funding_dict(result)) + "\n")
