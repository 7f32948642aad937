"""Score model and rule combinations on the dev split: `python -m training.compare [MODEL_DIR]`, or
compare two models: `python -m training.compare MODEL_DIR --against BASELINE_DIR` (with
`--baseline-without-place-roles`, the baseline leaves out the model of places that act), or score the
shipped combination on the reserve sentences: `python -m training.compare --reserve`.

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

import argparse
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
# sentences no training step reads, in the register of a news service: a second set to judge rules on
RESERVE = DEV.with_name("reserve.jsonl")
PARTS = ("wikinews", "pa-it", "written")


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(prog="python -m training.compare", description=__doc__.splitlines()[0])
    parser.add_argument("model_dir", nargs="?", type=Path, default=MODEL_DIR)
    parser.add_argument("--against", type=Path, metavar="BASELINE_DIR", help="compare with this model")
    parser.add_argument(
        "--baseline-without-place-roles",
        action="store_true",
        help="the baseline leaves out the model of places that act (pipeline/extract/entity_place_roles.py)",
    )
    parser.add_argument(
        "--reserve",
        action="store_true",
        help="score the shipped combination on the reserve sentences (training/ner/corpus/reserve.jsonl)",
    )
    args = parser.parse_args(argv)
    if args.reserve:
        nlp = build_nlp(model_dir=args.model_dir)
        chosen = read_annotated(RESERVE)
        print(format_conll_scores(score_sentences(nlp, chosen, OWN_LABELS), f"reserve ({len(chosen)})"))
        return
    if args.against is not None:
        print(
            against(args.model_dir, args.against, baseline_place_roles=not args.baseline_without_place_roles)
        )
        return
    sentences = read_annotated(DEV)
    for precedence in ("model", "longest", "model-only", "rules"):
        nlp = build_nlp(precedence=precedence, model_dir=args.model_dir)
        for part, chosen in by_part(sentences).items():
            scores = score_sentences(nlp, chosen, OWN_LABELS)
            print(format_conll_scores(scores, f"{precedence} / dev {part} ({len(chosen)})"), "\n")


def by_part(sentences: list[Sentence]) -> dict[str, list[Sentence]]:
    """The dev sentences of each part (news, public administration, written), in order."""
    return {part: [s for s in sentences if s.source.split("/")[0] == part] for part in PARTS}


def against(model_dir: Path, baseline_dir: Path, baseline_place_roles: bool = True) -> str:
    """The paired comparison of two models on each dev part and pooled, as a table."""
    parts = by_part(read_annotated(DEV))
    rows = {}
    for name, directory, roles in (
        ("baseline", baseline_dir, baseline_place_roles),
        ("model", model_dir, True),
    ):
        nlp = build_nlp(model_dir=directory, place_roles=roles)
        rows[name] = {part: sentence_counts(nlp, chosen, OWN_LABELS)[1] for part, chosen in parts.items()}
    for name in rows:
        rows[name]["pooled"] = np.concatenate([rows[name][part] for part in PARTS])
    lines = [
        f"model {model_dir} against baseline {baseline_dir}"
        + ("" if baseline_place_roles else " without the model of places that act")
        + " (dev split, micro F1 over PER, ORG, LOC)",
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
