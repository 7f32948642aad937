"""Train the model that chooses recipients (`pipeline/extract/funding_choice.py`):
`python -m training.funding_choice` writes `pipeline/extract/funding_choice.json` (run by `make model`);
`python -m training.funding_choice cv` prints recipient accuracy under cross-validation by passage set
and on the check passages (`training/funding/check/`), which no training reads.

The examples are the candidates of every funding fact of the written passages in `training/funding/`
(`README.md` there) whose amount a gold row covers, labelled by whether the row names them among its
recipients. The funding gold that `pipeline bench accuracy` scores (`tests/gold/funding`,
`funding-cases`, `funding-passages`) is never read here. The logistic regression is
`training/logistic.py`'s, fitted on all the candidates at once (`fit_full_batch`), so that the weights
move only as much as the examples do when the entity stage changes.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pipeline.bench.funding_gold import read_gold_data
from pipeline.bench.funding_scoring import mention_key
from pipeline.bench.gold import normalize_surface
from pipeline.extract.finders import funding_names
from pipeline.extract.funding import rule_facts
from pipeline.extract.funding_choice import (
    KEEP,
    WEIGHTS,
    candidates,
    features,
    model_decides,
    neighbours,
    probability,
)
from pipeline.extract.funding_roles import fold
from pipeline.extract.nlp import build_nlp
from pipeline.extract.records import DocumentInfo, build_document
from pipeline.extract.registry import FinderContext, run_finders
from pipeline.extract.source import SourceText
from pipeline.extract.view import TextView
from training import logistic

ROOT = Path(__file__).resolve().parent.parent
PASSAGES = ROOT / "training" / "funding"
# passages of four more writers that no training reads: a measure of the model on registers it never saw
CHECK = PASSAGES / "check"


@dataclass(frozen=True)
class Fact:
    """One fact of a passage: the features and name of each candidate; the gold recipients; the passage
    set it comes from; the rules' recipients and whether the model decides them (names folded)."""

    candidates: list[tuple[list[str], str]]
    recipients: frozenset[str]
    group: str
    rule_recipients: frozenset[str]
    decides: bool


def read_passages(folder: Path = PASSAGES) -> list[dict[str, Any]]:
    """The written passages, one JSON object a line, from every `*.jsonl` file of `folder`."""
    rows = []
    for path in sorted(folder.glob("*.jsonl")):
        rows += [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return rows


def passage_facts(nlp: Any, row: dict[str, Any]) -> list[Fact]:
    """The candidates of every fact of one passage that a gold row covers."""
    text = row["text"]
    source = SourceText(text, "text")
    info = DocumentInfo(row["id"], row["id"] + ".txt", len(text.encode()), "train")
    document = build_document(info, source)
    context = FinderContext(publication_date=document.publication_date, doc=nlp(text))
    results = run_finders(TextView.of(text), context, until="funding")
    facts, named = rule_facts(
        text,
        results["amounts"],
        funding_names(results["entities"]),
        results["dates"],
        document.publication_date,
    )
    _, gold = read_gold_data(row)
    by_key = {(g.text, g.occurrence): g for g in gold}
    norm = normalize_surface(text)
    amounts = [f.start for f in facts]
    out: list[Fact] = []
    for i, fact in enumerate(facts):
        g = by_key.get(mention_key(text, norm, fact))  # type: ignore[arg-type]
        if g is None:
            continue
        around = neighbours(facts, i)
        cands = candidates(text, fact, named, around)
        out.append(
            Fact(
                [(features(text, fact, c, cands, amounts, around), c.name) for c in cands],
                frozenset(fold(r) for r in g.recipients),
                row["id"].rsplit("-", 1)[0],
                frozenset(fold(r) for r in fact.recipients),
                model_decides(fact),
            )
        )
    return out


def examples(rows: Sequence[dict[str, Any]], nlp: Any = None) -> list[Fact]:
    """The facts of every passage, read with `nlp` (the shipped pipeline when None)."""
    nlp = build_nlp() if nlp is None else nlp
    return [f for row in rows for f in passage_facts(nlp, row)]


def fit(facts: Sequence[Fact]) -> dict[str, float]:
    """Logistic regression weights (`training/logistic.py`, fitted on all the candidates at once) over
    every candidate of every fact, labelled by whether the gold row names it among the recipients."""
    return logistic.fit_full_batch(
        [(set(feats), int(fold(name) in f.recipients)) for f in facts for feats, name in f.candidates]
    )


def chosen(weights: dict[str, float], fact: Fact) -> frozenset[str]:
    """The recipients the pipeline gives: the model's choice where it decides, else the rules'."""
    if not fact.decides:
        return fact.rule_recipients
    return frozenset(fold(name) for feats, name in fact.candidates if probability(weights, set(feats)) > KEEP)


def cross_validate(facts: Sequence[Fact]) -> dict[str, float]:
    """Recipient accuracy of the rules alone and with the model, each passage set held out in turn."""
    right = 0
    for held in sorted({f.group for f in facts}):
        weights = fit([f for f in facts if f.group != held])
        right += sum(chosen(weights, f) == f.recipients for f in facts if f.group == held)
    n = len(facts)
    return {
        "facts": n,
        "model decides": sum(f.decides for f in facts),
        "rules": round(sum(f.rule_recipients == f.recipients for f in facts) / n, 3),
        "with model": round(right / n, 3),
    }


def build(path: Path = WEIGHTS) -> int:
    """Fit on every written passage and write the weights; returns the number of facts."""
    facts = examples(read_passages())
    payload = {
        "about": "pipeline/extract/funding_choice.py; made by python -m training.funding_choice",
        "facts": len(facts),
        "candidates": sum(len(f.candidates) for f in facts),
        "weights": fit(facts),
    }
    path.write_text(json.dumps(payload, ensure_ascii=False, indent=0) + "\n", encoding="utf-8")
    return len(facts)


def check(weights: dict[str, float], facts: Sequence[Fact]) -> dict[str, float]:
    """Recipient accuracy of the rules alone and with the model on the facts of the check passages,
    which no training reads."""
    n = len(facts)
    return {
        "facts": n,
        "rules": round(sum(f.rule_recipients == f.recipients for f in facts) / n, 3),
        "with model": round(sum(chosen(weights, f) == f.recipients for f in facts) / n, 3),
    }


def main(argv: list[str]) -> None:
    if argv[:1] == ["cv"]:
        nlp = build_nlp()
        facts = examples(read_passages(), nlp)
        print("each writer held out:", cross_validate(facts))
        print("check passages:", check(fit(facts), examples(read_passages(CHECK), nlp)))
        return
    print(f"funding choice: {build()} facts -> {WEIGHTS}")


if __name__ == "__main__":
    main(sys.argv[1:])
