"""Train the model of places that act (`pipeline/extract/entity_place_roles.py`):
`python -m training.place_roles` writes `pipeline/extract/place_roles.json` (run by `make model`);
`python -m training.place_roles cv` prints its accuracy under cross-validation within the train split.

The examples are the mentions of the corpus's train split (`training/ner/corpus/train.jsonl`) that
name a place of the gazetteers and are labelled LOC or ORG. The dev and test splits are never read
here. The model is a logistic regression fitted by stochastic gradient descent
(`training/logistic.py`: a fixed seed, so the file is the same on every run).
"""

from __future__ import annotations

import json
import random
import sys
from collections import Counter
from pathlib import Path

from pipeline.extract.entity_patterns import load_patterns
from pipeline.extract.entity_place_roles import (
    WEIGHTS,
    features,
    org_probability,
    place_names,
    sentence_words,
)
from pipeline.extract.nlp import build_nlp
from training import logistic

ROOT = Path(__file__).resolve().parent.parent
TRAIN = ROOT / "training" / "ner" / "corpus" / "train.jsonl"
SEED = logistic.SEED
FOLDS = 5
# neighbouring Wikinews sentences (one article) share their places: cross-validation folds keep
# blocks of this many neighbouring corpus rows together
BLOCK = 40

Example = tuple[list[str], int, str]  # features, 1 for ORG, id of the corpus row


def examples(path: Path = TRAIN) -> list[Example]:
    """The features and label of every LOC or ORG mention of a place name in a corpus split."""
    nlp = build_nlp(model=False, place_roles=False)  # the tokenizer and the gazetteers only
    places = place_names(load_patterns())
    out: list[Example] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        doc = nlp.make_doc(row["text"])
        for start, end, label in row["spans"]:
            span = doc.char_span(start, end)
            if label not in ("LOC", "ORG") or span is None or span.text.lower() not in places:
                continue
            before, after = sentence_words(doc, span.start, span.end)
            out.append((features(span.text, before, after), int(label == "ORG"), row["id"]))
    return out


def fit(data: list[Example], seed: int = SEED) -> dict[str, float]:
    """Logistic regression weights for the examples (`training/logistic.py`)."""
    return logistic.fit([(set(feats), y) for feats, y, _ in data], seed)


def predict(weights: dict[str, float], feats: list[str]) -> int:
    return int(org_probability(weights, set(feats)) > 0.5)


def _name(feats: list[str]) -> str:
    """The mention's words, as its features give them."""
    return next(f for f in feats if f.startswith("w="))


def _block(row_id: str) -> str:
    prefix, _, number = row_id.rpartition("-")
    return f"{prefix}-{int(number) // BLOCK}" if number.isdigit() else row_id


def cross_validate(data: list[Example]) -> dict[str, float]:
    """Accuracy of the model and of the most frequent label of each name, over folds of whole blocks
    of neighbouring rows."""
    blocks = sorted({_block(row_id) for _, _, row_id in data})
    random.Random(SEED).shuffle(blocks)
    fold_of = {b: i % FOLDS for i, b in enumerate(blocks)}
    right, by_name = 0, 0
    for fold in range(FOLDS):
        train = [e for e in data if fold_of[_block(e[2])] != fold]
        held = [e for e in data if fold_of[_block(e[2])] == fold]
        weights = fit(train)
        seen: dict[str, Counter[int]] = {}
        for feats, y, _ in train:
            seen.setdefault(_name(feats), Counter())[y] += 1
        for feats, y, _ in held:
            right += predict(weights, feats) == y
            by_name += (seen.get(_name(feats), Counter({0: 1})).most_common(1)[0][0]) == y
    return {"examples": len(data), "model": right / len(data), "name_majority": by_name / len(data)}


def build(path: Path = WEIGHTS) -> int:
    """Fit on the whole train split and write the weights; returns the number of examples."""
    data = examples()
    weights = fit(data)
    payload = {
        "about": "pipeline/extract/entity_place_roles.py; made by python -m training.place_roles",
        "examples": len(data),
        "org_examples": sum(y for _, y, _ in data),
        "weights": weights,
    }
    path.write_text(json.dumps(payload, ensure_ascii=False, indent=0) + "\n", encoding="utf-8")
    return len(data)


def main(argv: list[str]) -> None:
    if argv[:1] == ["cv"]:
        print(cross_validate(examples()))
        return
    print(f"place roles: {build()} examples -> {WEIGHTS}")


if __name__ == "__main__":
    main(sys.argv[1:])
