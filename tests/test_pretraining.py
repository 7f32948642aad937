"""Pre-training the entity model's tok2vec: text free of the dev and test splits, the same layer as the
NER model's, and weights that really reach the NER model."""

from __future__ import annotations

import json
from pathlib import Path

import spacy
from spacy.training import Example
from spacy.util import load_config, load_model_from_config

from training.annotations import squeeze
from training.pretrain import CONFIG as PRETRAIN_CONFIG
from training.pretrain import raw_texts
from training.tok2vec_init import load_ner_tok2vec

ROOT = Path(__file__).resolve().parent.parent
TRAIN_CONFIG = ROOT / "training" / "config.cfg"


def test_no_dev_or_test_sentence_is_in_the_pretraining_text() -> None:
    held = [
        json.loads(line)["text"]
        for line in (ROOT / "tests/gold/entities-test.jsonl").read_text(encoding="utf-8").splitlines()
    ]
    held += [
        json.loads(line)["text"]
        for line in (ROOT / "training/ner/corpus/dev.jsonl").read_text(encoding="utf-8").splitlines()
    ]
    texts = raw_texts()
    assert len(texts) > 10_000
    everything = "\n".join(squeeze(t) for t in texts)
    leaked = [h for h in held if len(squeeze(h)) > 30 and squeeze(h) in everything]
    assert leaked == []
    assert not {squeeze(h) for h in held} & {squeeze(t) for t in texts}


def test_the_pretrained_layer_is_the_ner_models_tok2vec() -> None:
    pretrained = load_config(PRETRAIN_CONFIG)["components"]["tok2vec"]["model"]
    ner = load_config(TRAIN_CONFIG)["components"]["ner"]["model"]["tok2vec"]
    assert pretrained == ner


def _ner_pipeline() -> spacy.language.Language:
    config = load_config(TRAIN_CONFIG)
    config["initialize"]["after_init"] = None
    nlp = load_model_from_config(config, auto_fill=True, validate=False)
    doc = nlp.make_doc("Mario Rossi lavora a Roma.")
    nlp.initialize(lambda: [Example.from_dict(doc, {"entities": [(0, 11, "PER")]})])
    return nlp


def test_the_callback_loads_the_weights_into_the_ner_models_tok2vec(tmp_path: Path) -> None:
    source, target = _ner_pipeline(), _ner_pipeline()
    layer = source.get_pipe("ner").model.get_ref("tok2vec").layers[0]
    weights = tmp_path / "model0.bin"
    weights.write_bytes(layer.to_bytes())
    before = target.get_pipe("ner").model.get_ref("tok2vec").layers[0].to_bytes()
    assert before != weights.read_bytes()
    load_ner_tok2vec(str(weights))(target)
    assert target.get_pipe("ner").model.get_ref("tok2vec").layers[0].to_bytes() == weights.read_bytes()
    untouched = _ner_pipeline()
    kept = untouched.get_pipe("ner").model.get_ref("tok2vec").layers[0].to_bytes()
    load_ner_tok2vec(None)(untouched)
    assert untouched.get_pipe("ner").model.get_ref("tok2vec").layers[0].to_bytes() == kept
