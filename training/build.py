"""Rebuild the entity model shipped in pipeline/extract/model: `python -m training.build` (`make model`).

Steps: regenerate the gazetteers; take Europarl-it's train and dev parts (its test part is never
trained on); label the Wikinews sentences with the rules
(partial annotation: rule mentions are entities, lower-case and common words are outside, other
capitalised words are left unknown); add the project's hand-annotated sentences; run `spacy train`
with training/config.cfg; copy the best model into the package.
"""

from __future__ import annotations

import random
import re
import shutil
import sys
import time
from pathlib import Path

import spacy
from spacy.cli.train import train
from spacy.tokens import Doc, DocBin, Span

from pipeline.corpus import ConllSentence, read_conll
from pipeline.extract.entity_patterns import load_patterns
from pipeline.extract.nlp import BARE_HEAD_KB_ID, MODEL_DIR, MODEL_LABELS, SPAN_KEY, build_nlp
from training.gazetteers import build_english_words, build_gazetteers

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "training" / "data"
CORPUS = ROOT / "training" / "corpus"
CONFIG = ROOT / "training" / "config.cfg"
EUROPARL_TRAIN = DATA / "europarl-it.train.conll02"
EUROPARL_TEST = DATA / "europarl-it.test.conll02"
WIKINEWS = DATA / "wikinews-it.txt"
HAND = DATA / "hand-annotated.txt"
MARK_RE = re.compile(r"\[\[(.+?)\|(PER|ORG|LOC|PROGRAMME)\]\]")
# europarl-it.conll02 (799 sentences) was split once: the first 599 sentences are train (500) and dev
# (the last 99, which pick the best checkpoint); the last 200, a contiguous block of debates, are
# held out for evaluation and never trained on
EUROPARL_DEV_SIZE = 99
# Europarl is small next to Wikinews and is the only fully hand-labelled source: repeat it
EUROPARL_REPEAT = 3
HAND_REPEAT = 3
SEED = 0


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


def weak_doc(doc: Doc, common_words: frozenset[str]) -> Doc:
    """Rule mentions as entities; lower-case and common words outside; other capitalised words unknown."""
    ents = [
        Span(doc, s.start, s.end, label=s.label_)
        for s in doc.spans[SPAN_KEY]
        if s.label_ in MODEL_LABELS and s.kb_id_ != BARE_HEAD_KB_ID
    ]
    covered = {i for s in doc.spans[SPAN_KEY] for i in range(s.start, s.end)}
    missing = [
        Span(doc, t.i, t.i + 1)
        for t in doc
        if t.i not in covered and t.text[:1].isupper() and t.lower_ not in common_words and not t.is_punct
    ]
    missing += [
        Span(doc, s.start, s.end) for s in doc.spans[SPAN_KEY] if s.label_ not in MODEL_LABELS or s.kb_id_
    ]
    missing = spacy.util.filter_spans(missing)
    out = Doc(doc.vocab, words=[t.text for t in doc], spaces=[bool(t.whitespace_) for t in doc])
    out.set_ents(
        [Span(out, s.start, s.end, label=s.label) for s in ents],
        missing=[
            Span(out, s.start, s.end)
            for s in missing
            if not any(e.start < s.end and s.start < e.end for e in ents)
        ],
        default="outside",
    )
    return out


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


def build_corpus() -> tuple[Path, Path]:
    """Write training/corpus/train.spacy and dev.spacy; return their paths."""
    CORPUS.mkdir(parents=True, exist_ok=True)
    rules = build_nlp(model=False)
    train_part, _ = split_europarl()
    cut = len(train_part) - EUROPARL_DEV_SIZE
    europarl_train = [conll_doc(rules, s) for s in train_part[:cut]]
    europarl_dev = [conll_doc(rules, s) for s in train_part[cut:]]
    patterns = load_patterns()
    common = patterns.common_words | patterns.english_words
    lines = [line for line in WIKINEWS.read_text(encoding="utf-8").splitlines() if line.strip()]
    wikinews = [weak_doc(doc, common) for doc in rules.pipe(lines, batch_size=256)]
    hand = hand_docs(rules)
    train_docs = europarl_train * EUROPARL_REPEAT + hand * HAND_REPEAT + wikinews
    random.Random(SEED).shuffle(train_docs)
    train_path, dev_path = CORPUS / "train.spacy", CORPUS / "dev.spacy"
    DocBin(docs=train_docs).to_disk(train_path)
    DocBin(docs=europarl_dev).to_disk(dev_path)
    print(
        f"train: {len(europarl_train)} europarl x{EUROPARL_REPEAT}, {len(hand)} hand x{HAND_REPEAT}, "
        f"{len(wikinews)} wikinews; dev: {len(europarl_dev)} europarl"
    )
    return train_path, dev_path


def main() -> None:
    """Rebuild gazetteers, corpus and model."""
    began = time.monotonic()
    print("gazetteers (places, first names):", build_gazetteers(), "english words:", build_english_words())
    train_path, dev_path = build_corpus()
    output = CORPUS / "output"
    shutil.rmtree(output, ignore_errors=True)
    train(CONFIG, output, overrides={"paths.train": str(train_path), "paths.dev": str(dev_path)})
    shutil.rmtree(MODEL_DIR, ignore_errors=True)
    shutil.copytree(output / "model-best", MODEL_DIR)
    size = sum(p.stat().st_size for p in MODEL_DIR.rglob("*") if p.is_file())
    print(f"model: {MODEL_DIR} ({size / 1e6:.1f} MB) in {time.monotonic() - began:.0f} s")


if __name__ == "__main__":
    sys.exit(main())
