"""Score model and rule combinations on the dev split: `python -m training.compare [MODEL_DIR]`, or
compare two models: `python -m training.compare MODEL_DIR --against BASELINE_DIR`.

The test split is never used here.

Without `--against`, prints P/R/F1 per label of each `precedence` setting on the three parts of the
corpus dev split (news, public administration, written press releases), so the shipped combination is
the one the dev split proves; each micro F1 comes with its 95% interval over resamplings of the
sentences.

With `--against`, scores both models with the shipped combination (`longest`) on the same sentences
and prints, per part and pooled, the micro F1 of each, the difference, its 95% interval over paired
resamplings of the sentences and the share of resamplings in which the model is not better than the
baseline: a change the dev split proves has an interval above zero.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

from pipeline.bench.corpus import (
    OWN_LABELS,
    Sentence,
    f1_difference,
    format_conll_scores,
    read_annotated,
    score_sentences,
    sentence_counts,
)
from pipeline.extract.nlp import MODEL_DIR, build_nlp

DEV = Path(__file__).resolve().parent / "ner" / "corpus" / "dev.jsonl"
PARTS = ("wikinews", "pa-it", "written")


def main(argv: list[str]) -> None:
    if "--against" in argv:
        at = argv.index("--against")
        baseline = Path(argv[at + 1])
        rest = argv[:at] + argv[at + 2 :]
        print(against(Path(rest[0]) if rest else MODEL_DIR, baseline))
        return
    model_dir = Path(argv[0]) if argv else MODEL_DIR
    sentences = read_annotated(DEV)
    for precedence in ("model", "longest", "model-only", "rules"):
        nlp = build_nlp(precedence=precedence, model_dir=model_dir)
        for part in PARTS:
            chosen = [s for s in sentences if s.source.split("/")[0] == part]
            scores = score_sentences(nlp, chosen, OWN_LABELS)
            print(format_conll_scores(scores, f"{precedence} / dev {part} ({len(chosen)})"), "\n")


def against(model_dir: Path, baseline_dir: Path) -> str:
    """The paired comparison of two models on each dev part and pooled, as a table."""
    sentences = read_annotated(DEV)
    parts: dict[str, list[Sentence]] = {
        part: [s for s in sentences if s.source.split("/")[0] == part] for part in PARTS
    }
    rows = {}
    for name, directory in (("baseline", baseline_dir), ("model", model_dir)):
        nlp = build_nlp(model_dir=directory)
        rows[name] = {part: sentence_counts(nlp, chosen, OWN_LABELS)[1] for part, chosen in parts.items()}
    for name in rows:
        rows[name]["pooled"] = np.concatenate([rows[name][part] for part in PARTS])
    lines = [
        f"model {model_dir} against baseline {baseline_dir} (dev split, micro F1 over PER, ORG, LOC)",
        f"{'part':<10} {'n':>5} {'baseline':>8} {'model':>7} {'diff':>7} {'95% interval':>17}"
        f" {'not better':>10}",
    ]
    for part in (*PARTS, "pooled"):
        first, second = rows["baseline"][part], rows["model"][part]
        d = f1_difference(first, second)
        lines.append(
            f"{part:<10} {len(first):>5} {d['first']:>8.3f} {d['second']:>7.3f} {d['difference']:>+7.3f}"
            f" {d['low']:>+8.3f} {d['high']:>+8.3f} {d['not_better']:>10.2f}"
        )
    return "\n".join(lines)


if __name__ == "__main__":
    main(sys.argv[1:])
