"""Train the models of what kind of name a mention is (`pipeline/extract/entity_name_kinds.py`):
`python -m training.name_kinds` writes `pipeline/extract/name_kinds.json` (run by `make model`).

The examples are the PER, ORG and LOC mentions of the corpus's train split
(`training/ner/corpus/train.jsonl`) and of the Europarl-it sentences the recognizer trains on (the
first 500) that no gazetteer names as a place or a known body: every one for the model of people
(1 for a person), the ORG and LOC ones for the model of bodies (1 for a body). No other split of the
corpus and no other Europarl sentence is read here. A fold of `training/folds.py` fits its own weights
on the train rows it keeps, so that the names of the sentences it leaves out are not learned. Each
model is a logistic regression fitted by stochastic gradient descent (`training/logistic.py`: a fixed
seed, so the file is the same on every run).
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator, Sequence
from itertools import chain
from pathlib import Path
from typing import Any

import spacy

from pipeline.extract.entity_name_kinds import WEIGHTS, all_first_names, features, skipped_names
from pipeline.extract.entity_patterns import load_patterns
from pipeline.extract.entity_place_roles import sentence_words
from training import logistic

ROOT = Path(__file__).resolve().parent.parent
TRAIN = ROOT / "training" / "ner" / "corpus" / "train.jsonl"
LABELS = ("PER", "ORG", "LOC")
# weights smaller than this are left out of the file: they change no decision
SMALLEST = 1e-3


def _rows(path: Path) -> Iterator[tuple[str, Sequence[Sequence[Any]]]]:
    for line in path.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        yield row["text"], row["spans"]


def _europarl_train() -> Iterator[tuple[str, Sequence[Sequence[Any]]]]:
    """The Europarl-it sentences the recognizer trains on, less those that pick its checkpoint."""
    # imported here: training.build imports this module
    from training.build import EUROPARL_DEV_SIZE, split_europarl

    train_part, _ = split_europarl()
    for sentence in train_part[: len(train_part) - EUROPARL_DEV_SIZE]:
        yield sentence.text, sentence.spans()


def examples(path: Path = TRAIN, europarl: bool = True) -> list[tuple[set[str], str]]:
    """The features and the label of every PER, ORG and LOC mention of the rows in `path` (and of
    Europarl's training sentences) that the models decide on."""
    patterns = load_patterns()
    skipped, first_names = skipped_names(patterns), all_first_names(patterns)
    nlp = spacy.blank("it")
    out = []
    for text, spans in chain(_rows(path), _europarl_train() if europarl else ()):
        doc = nlp.make_doc(text)
        for start, end, label in spans:
            span = doc.char_span(start, end) if label in LABELS else None
            if span is None or span.text.lower() in skipped:
                continue
            before, after = sentence_words(doc, span.start, span.end)
            out.append((set(features(span.text, before, after, first_names)), label))
    return out


def _fitted(data: list[tuple[set[str], int]]) -> dict[str, Any]:
    weights = logistic.fit(data)
    return {
        "examples": len(data),
        "positive": sum(y for _, y in data),
        "weights": {f: w for f, w in weights.items() if abs(w) >= SMALLEST},
    }


def build(path: Path = WEIGHTS, train: Path = TRAIN) -> int:
    """Fit both models on the mentions of `train` and write their weights to `path`; returns the number
    of examples."""
    data = examples(train)
    payload = {
        "about": "pipeline/extract/entity_name_kinds.py; made by python -m training.name_kinds",
        "person": _fitted([(feats, int(label == "PER")) for feats, label in data]),
        "body": _fitted([(feats, int(label == "ORG")) for feats, label in data if label != "PER"]),
    }
    path.write_text(json.dumps(payload, ensure_ascii=False, indent=0) + "\n", encoding="utf-8")
    return len(data)


def main(argv: list[str]) -> None:
    if argv:
        raise SystemExit("usage: python -m training.name_kinds")
    print(f"name kinds: {build()} examples -> {WEIGHTS}")


if __name__ == "__main__":
    main(sys.argv[1:])
