"""Pre-train the entity model's token vectors on unlabelled text: `python -m training.pretrain`
(run by `make model` before training).

spaCy's character objective (predict each word's first and last characters from its context) trains
a copy of the NER model's tok2vec (`training/pretrain.cfg`, the same embedding and encoder as
`training/config.cfg`) on the unlabelled text below; `training.build` then starts the NER model's
tok2vec from those weights (the `pipeline.load_ner_tok2vec.v1` callback of `training/config.cfg`).

The text: Wikinews sentences (`training/data/wikinews-it.txt`), the public-administration sentences of
the corpus's train split and Europarl's train part. No sentence of the corpus's dev or test split, nor
of Europarl's dev or test part, is in it (compared without whitespace, as the Wikinews file is
tokenized).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from spacy.training.pretrain import pretrain
from spacy.util import load_config

from training.annotations import squeeze
from training.build import EUROPARL_DEV_SIZE, split_europarl

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "training" / "data"
CONFIG = ROOT / "training" / "pretrain.cfg"
SENTENCES = ROOT / "training" / "ner" / "sentences.jsonl"
TEST = ROOT / "tests" / "gold" / "entities-test.jsonl"
OUTPUT = ROOT / "training" / "corpus" / "pretrain"
EPOCHS = 5  # the weights of the 5th epoch (model4.bin) start the NER model


def held_out_keys() -> set[str]:
    """The corpus's dev and test sentences, without whitespace."""
    keys = {squeeze(json.loads(line)["text"]) for line in TEST.read_text(encoding="utf-8").splitlines()}
    for line in SENTENCES.read_text(encoding="utf-8").splitlines():
        item = json.loads(line)
        if item["split"] != "train":
            keys.add(squeeze(item["text"]))
    return keys


def raw_texts() -> list[str]:
    """The unlabelled text, none of it from a dev or test split."""
    held = held_out_keys()
    long_held = [k for k in held if len(k) > 30]

    def free(text: str) -> bool:
        key = squeeze(text)
        return bool(key) and key not in held and not any(k in key for k in long_held)

    texts = [line.strip() for line in (DATA / "wikinews-it.txt").read_text(encoding="utf-8").splitlines()]
    texts = [t for t in texts if free(t)]
    for line in SENTENCES.read_text(encoding="utf-8").splitlines():
        item = json.loads(line)
        if item["split"] == "train" and item["source"].startswith("pa-it") and free(item["text"]):
            texts.append(item["text"])
    europarl, _ = split_europarl()
    texts += [" ".join(s.tokens) for s in europarl[: len(europarl) - EUROPARL_DEV_SIZE]]
    return texts


def main() -> Path:
    """Write the raw text, pre-train, and return the weights that start the NER model's tok2vec."""
    shutil.rmtree(OUTPUT, ignore_errors=True)
    # spaCy's pretrain() (unlike its command line) does not make the directory it saves the weights in
    (OUTPUT / "weights").mkdir(parents=True)
    raw = OUTPUT / "raw.jsonl"
    texts = raw_texts()
    raw.write_text(
        "".join(json.dumps({"text": t}, ensure_ascii=False) + "\n" for t in texts), encoding="utf-8"
    )
    print(f"pre-training text: {len(texts)} sentences, {sum(len(t.split()) for t in texts)} words")
    config = load_config(CONFIG, overrides={"paths.raw_text": str(raw), "pretraining.max_epochs": EPOCHS})
    pretrain(config, OUTPUT / "weights")
    return OUTPUT / "weights" / f"model{EPOCHS - 1}.bin"


if __name__ == "__main__":
    print(main())
