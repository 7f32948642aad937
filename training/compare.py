"""Score model and rule combinations on the dev split: `python -m training.compare MODEL_DIR`.

The test split is never used here.

Prints P/R/F1 per label of each `precedence` setting on the three parts of the corpus dev split (news,
public administration, written press releases), so the shipped combination is the one the dev split
proves.
"""

from __future__ import annotations

import sys
from pathlib import Path

from pipeline.bench.corpus import OWN_LABELS, format_conll_scores, read_annotated, score_sentences
from pipeline.extract.nlp import MODEL_DIR, build_nlp

DEV = Path(__file__).resolve().parent / "ner" / "corpus" / "dev.jsonl"


def main(argv: list[str]) -> None:
    model_dir = Path(argv[0]) if argv else MODEL_DIR
    sentences = read_annotated(DEV)
    for precedence in ("model", "longest", "model-only", "rules"):
        nlp = build_nlp(precedence=precedence, model_dir=model_dir)
        for part in ("wikinews", "pa-it", "written"):
            chosen = [s for s in sentences if s.source.split("/")[0] == part]
            scores = score_sentences(nlp, chosen, OWN_LABELS)
            print(format_conll_scores(scores, f"{precedence} / dev {part} ({len(chosen)})"), "\n")


if __name__ == "__main__":
    main(sys.argv[1:])
