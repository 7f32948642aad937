"""Rebuild the entity model shipped in pipeline/extract/model: `python -m training.build` (`make model`).

Steps: regenerate the gazetteers (places, first names, the IPA public-body registry); list the words
only written in lower case and the words of people's names (`training/word_lists.py`) on the train
split; make the gazetteers of well-known bodies and foreign places from the writers' lists
(`training/known_names.py`); fit the model of places that act (`training/place_roles.py`) and the
models of name kinds (`training/name_kinds.py`); pre-train the token vectors on
unlabelled text (`training/pretrain.py`); read the
project's annotated corpus (`training/ner/corpus/train.jsonl`, `dev.jsonl`: Wikinews and
public-administration sentences annotated by reading, see training/GUIDELINE.md), Europarl-it's train
and dev parts and the hand-written sentences; run `spacy train` with training/config.cfg, the dev
split picking the checkpoint; copy the best model into the package; then fit the model that chooses
funding recipients (`training/funding_choice.py`) with the entities of that model. The corpus's test split
(`tests/gold/entities-test.jsonl`) and Europarl's test part are never read here.
"""

from __future__ import annotations

import json
import random
import re
import shutil
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import spacy
from spacy.cli.train import train
from spacy.tokens import Doc, DocBin, Span

from pipeline.bench.corpus import ConllSentence, read_conll
from pipeline.extract.nlp import CAPITALS, MODEL_DIR, MODEL_LABELS, build_nlp
from training.gazetteers import build_english_words, build_gazetteers, build_world_first_names
from training.known_names import build as build_known_names
from training.name_kinds import build as build_name_kinds
from training.place_roles import build as build_place_roles
from training.registry import build as build_registry
from training.word_lists import build_lower_only, build_person_words

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "training" / "data"
CORPUS = ROOT / "training" / "corpus"
CONFIG = ROOT / "training" / "config.cfg"
EUROPARL_TRAIN = DATA / "europarl-it.train.conll02"
EUROPARL_TEST = DATA / "europarl-it.test.conll02"
NER_TRAIN = ROOT / "training" / "ner" / "corpus" / "train.jsonl"
NER_DEV = ROOT / "training" / "ner" / "corpus" / "dev.jsonl"
HAND = DATA / "hand-annotated.txt"
MARK_RE = re.compile(r"\[\[(.+?)\|(PER|ORG|LOC|PROGRAMME)\]\]")
# europarl-it.conll02 (799 sentences) was split once: the first 599 sentences are train (500) and dev
# (the last 99, which pick the best checkpoint); the last 200, a contiguous block of debates, are
# held out for evaluation and never trained on
EUROPARL_DEV_SIZE = 99
# Europarl (parliament speeches) is extra data beside the project's corpus
EUROPARL_REPEAT = 1
HAND_REPEAT = 3
SEED = 0
# 2: trained on the project's annotated corpus; .1: tok2vec pre-trained on unlabelled text; .2: with the
# written press-release sentences of the train split, the held-out funding passages left out; 2.3: a
# second recognizer for the lines written in capitals (`CAPITALS`), the first one unchanged
MODEL_VERSION = "2.3.0"


def split_europarl() -> tuple[list[ConllSentence], list[ConllSentence]]:
    """The train+dev part and the held-out test part of Europarl-it (fixed files in training/data)."""
    return read_conll(EUROPARL_TRAIN), read_conll(EUROPARL_TEST)


def conll_doc(nlp: spacy.language.Language, sentence: ConllSentence) -> Doc:
    """A Doc with the gold entities of a CoNLL sentence; MISC spans are left unknown, not outside."""
    doc = Doc(nlp.vocab, words=list(sentence.tokens))
    starts = {t.idx: t.i for t in doc}
    ends = {t.idx + len(t): t.i + 1 for t in doc}
    ents, missing = [], []
    for start, end, label in sentence.spans():
        span = Span(doc, starts[start], ends[end], label=label)
        (ents if label in MODEL_LABELS else missing).append(span)
    doc.set_ents(ents, missing=missing, default="outside")
    return doc


def annotated_docs(nlp: spacy.language.Language, path: Path) -> tuple[list[Doc], int]:
    """Docs of a corpus split with its gold spans (every sentence fully annotated), and how many
    spans fall off the tokenizer's boundaries (those are left unknown rather than guessed)."""
    docs, off = [], 0
    for line in path.read_text(encoding="utf-8").splitlines():
        item = json.loads(line)
        doc = nlp.make_doc(item["text"])
        ents, missing = [], []
        for start, end, label in item["spans"]:
            span = doc.char_span(start, end, label=label, alignment_mode="strict")
            if span is None:
                off += 1
                loose = doc.char_span(start, end, alignment_mode="expand")
                if loose is not None:
                    missing.append(loose)
                continue
            ents.append(span)
        ents = spacy.util.filter_spans(ents)
        missing = [m for m in missing if not any(e.start < m.end and m.start < e.end for e in ents)]
        doc.set_ents(ents, missing=spacy.util.filter_spans(missing), default="outside")
        docs.append(doc)
    return docs, off


def parse_marked(line: str) -> tuple[str, list[tuple[int, int, str]]]:
    """Plain text and (start, end, label) spans of a line marked up as `[[Regione Lombardia|ORG]] ha...`."""
    text, spans, last = "", [], 0
    for m in MARK_RE.finditer(line):
        text += line[last : m.start()]
        spans.append((len(text), len(text) + len(m.group(1)), m.group(2)))
        text += m.group(1)
        last = m.end()
    return text + line[last:], spans


def hand_docs(nlp: spacy.language.Language) -> list[Doc]:
    """The project's hand-annotated sentences; PROGRAMME spans are left unknown to the model."""
    docs = []
    for line in HAND.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        text, marks = parse_marked(line)
        doc = nlp.make_doc(text)
        spans = [doc.char_span(s, e, label=label) for s, e, label in marks]
        if any(s is None for s in spans):
            raise ValueError(f"a span is off token boundaries in {HAND.name}: {text[:60]}")
        doc.set_ents(
            [s for s in spans if s is not None and s.label_ in MODEL_LABELS],
            missing=[s for s in spans if s is not None and s.label_ not in MODEL_LABELS],
            default="outside",
        )
        docs.append(doc)
    return docs


def upper_copy(nlp: spacy.language.Language, doc: Doc) -> Doc | None:
    """The sentence of `doc` in capitals with the same gold (entities, and what is left unknown), or None
    when capitals change its length or its tokens no longer hold the spans."""
    text = doc.text.upper()
    if len(text) != len(doc.text):
        return None
    copy = nlp.make_doc(text)
    ents = [copy.char_span(e.start_char, e.end_char, label=e.label_) for e in doc.ents]
    unknown = [copy.char_span(t.idx, t.idx + len(t)) for t in doc if t.ent_iob == 0]
    if any(span is None for span in (*ents, *unknown)):
        return None
    copy.set_ents(
        [e for e in ents if e is not None], missing=[u for u in unknown if u is not None], default="outside"
    )
    return copy


def upper_copies(nlp: spacy.language.Language, docs: list[Doc]) -> list[Doc]:
    """The sentences of `docs` in capitals, with the same gold, those capitals keep on token boundaries."""
    return [c for c in (upper_copy(nlp, d) for d in docs) if c is not None]


@dataclass(frozen=True)
class Sources:
    """The annotated sentences the recognizers learn from, as Docs: the corpus's train and dev splits
    (with how many spans fall off token boundaries), Europarl's train and dev parts, the hand-annotated
    sentences."""

    own_train: list[Doc]
    off_train: int
    own_dev: list[Doc]
    off_dev: int
    europarl_train: list[Doc]
    europarl_dev: list[Doc]
    hand: list[Doc]


def read_sources(nlp: spacy.language.Language, own_train_path: Path = NER_TRAIN) -> Sources:
    """The training sources, read once; `own_train_path` is the corpus's train split (or a part of it)."""
    train_part, _ = split_europarl()
    cut = len(train_part) - EUROPARL_DEV_SIZE
    own_train, off_train = annotated_docs(nlp, own_train_path)
    own_dev, off_dev = annotated_docs(nlp, NER_DEV)
    return Sources(
        own_train,
        off_train,
        own_dev,
        off_dev,
        [conll_doc(nlp, s) for s in train_part[:cut]],
        [conll_doc(nlp, s) for s in train_part[cut:]],
        hand_docs(nlp),
    )


def build_corpus(own_train_path: Path = NER_TRAIN, corpus: Path = CORPUS) -> tuple[Path, Path]:
    """Write train.spacy and dev.spacy into `corpus` (training/corpus), the corpus's sentences read from
    `own_train_path` (its train split); return their paths."""
    corpus.mkdir(parents=True, exist_ok=True)
    src = read_sources(build_nlp(model=False), own_train_path)
    own_train, off_train, own_dev, off_dev = src.own_train, src.off_train, src.own_dev, src.off_dev
    europarl_train, europarl_dev, hand = src.europarl_train, src.europarl_dev, src.hand
    train_docs = own_train + europarl_train * EUROPARL_REPEAT + hand * HAND_REPEAT
    random.Random(SEED).shuffle(train_docs)
    train_path, dev_path = corpus / "train.spacy", corpus / "dev.spacy"
    DocBin(docs=train_docs).to_disk(train_path)
    DocBin(docs=own_dev + europarl_dev).to_disk(dev_path)
    print(
        f"train: {len(own_train)} corpus ({off_train} spans off token boundaries, left unknown), "
        f"{len(europarl_train)} europarl x{EUROPARL_REPEAT}, {len(hand)} hand x{HAND_REPEAT}; "
        f"dev: {len(own_dev)} corpus ({off_dev} off), {len(europarl_dev)} europarl"
    )
    return train_path, dev_path


def build_capitals_corpus() -> tuple[Path, Path]:
    """Write training/corpus/capitals-train.spacy and capitals-dev.spacy, the train and dev sentences of
    `build_corpus` in capitals (each once), for the recognizer of lines in capitals; return their paths."""
    nlp = build_nlp(model=False)
    src = read_sources(nlp)
    train_docs = upper_copies(nlp, src.own_train + src.europarl_train + src.hand)
    random.Random(SEED).shuffle(train_docs)
    dev_docs = upper_copies(nlp, src.own_dev + src.europarl_dev)
    train_path, dev_path = CORPUS / "capitals-train.spacy", CORPUS / "capitals-dev.spacy"
    DocBin(docs=train_docs).to_disk(train_path)
    DocBin(docs=dev_docs).to_disk(dev_path)
    print(f"capitals: train {len(train_docs)}, dev {len(dev_docs)}")
    return train_path, dev_path


def ship(output: Path, directory: Path, name: str) -> None:
    """Copy the best checkpoint of a training run to `directory`, with this project's name and version."""
    shutil.rmtree(directory, ignore_errors=True)
    shutil.copytree(output / "model-best", directory)
    shipped = directory / "config.cfg"  # paths of this machine written relative to the project
    shipped.write_text(shipped.read_text(encoding="utf-8").replace(f"{ROOT}/", ""), encoding="utf-8")
    meta_path = directory / "meta.json"
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    # the model's version is part of the pipeline version: documents made by another one are re-extracted
    meta.update(name=name, version=MODEL_VERSION)
    meta_path.write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")


def main() -> None:
    """Rebuild gazetteers, corpus and model."""
    began = time.monotonic()
    print("gazetteers (places, first names):", build_gazetteers(), "english words:", build_english_words())
    print("first names of people from outside Italy:", build_world_first_names())
    print("IPA registry forms:", build_registry())
    print("lower-only words:", build_lower_only(), "person name words:", build_person_words())
    # the writers' lists are filtered with the word lists above
    print("known bodies and foreign places:", build_known_names())
    print("place roles examples:", build_place_roles())
    print("name kinds examples:", build_name_kinds())
    train_path, dev_path = build_corpus()
    output = CORPUS / "output"
    shutil.rmtree(output, ignore_errors=True)
    # imported here: training.pretrain reads this module's Europarl split; tok2vec_init registers the
    # callback of the config's [initialize.after_init], which loads the pre-trained weights
    from training import tok2vec_init  # noqa: F401
    from training.pretrain import main as pretrain_tok2vec

    weights = pretrain_tok2vec()
    overrides = {"paths.train": str(train_path), "paths.dev": str(dev_path), "paths.pretrained": str(weights)}
    train(CONFIG, output, overrides=overrides)
    ship(output, MODEL_DIR, "pipeline_entities")
    # the recognizer of lines in capitals: the same recipe on the sentences in capitals, its checkpoint
    # picked on the dev sentences in capitals
    capitals_train, capitals_dev = build_capitals_corpus()
    capitals_output = CORPUS / "output-capitals"
    shutil.rmtree(capitals_output, ignore_errors=True)
    overrides = {**overrides, "paths.train": str(capitals_train), "paths.dev": str(capitals_dev)}
    train(CONFIG, capitals_output, overrides=overrides)
    ship(capitals_output, MODEL_DIR / CAPITALS, "pipeline_entities_capitals")
    size = sum(p.stat().st_size for p in MODEL_DIR.rglob("*") if p.is_file())
    print(f"model: {MODEL_DIR} ({size / 1e6:.1f} MB) in {time.monotonic() - began:.0f} s")
    # the recipients' model reads the entities of the model just shipped
    from training.funding_choice import build as build_funding_choice

    print("funding choice facts:", build_funding_choice())


if __name__ == "__main__":
    sys.exit(main())
