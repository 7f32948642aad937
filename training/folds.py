"""Recognizers trained without part of the train split, to judge rules on real text they did not learn:
`python -m training.folds train FOLD`, then `python -m training.folds score FOLD`.

The shipped recognizer has learned every train sentence, so the train split cannot show how the
rules and the model together read public-administration text they have not seen, and the dev split's
300 such sentences come from a few pages. A fold of pages leaves out every other file of one family of the
train split's public-administration pages: the plan's chapters (`piano-triennale-ict`) or the FAQ
pages (`padigitale2026-faq`). The recipe of `training/build.py` (its config, seed and pre-trained token
vectors) trains a recognizer on the rest, and `score` runs the whole pipeline with that recognizer on
the files left out, printing P/R/F1 per label and the micro F1 over PER, ORG and LOC with its 95%
interval over resamplings of the sentences.

Folds: `plans-odd`, `plans-even`, `faq-odd`, `faq-even` (the 2nd, 4th... or 1st, 3rd... file of the
family in name order), and `news-1`, `news-2`, `news-3` (the first, second or third 1,500 Wikinews
sentences of the train split, in its order: whole blocks of neighbouring sentences but at the ends).
Everything is written to `training/corpus/folds/FOLD`, which is not shipped.
The test split is never read. The models of name kinds are fitted again on the rows the
fold keeps (`python -m training.folds kinds FOLD` refits them alone). The word lists, the gazetteers and
the model of places that act stay as shipped, made from the whole train split: the left-out files'
names still reach the rules, a small advantage over text never seen.
"""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path
from typing import Any

from pipeline.bench.corpus import OWN_LABELS, format_conll_scores, read_annotated, score_sentences
from pipeline.extract.nlp import CAPITALS, MODEL_DIR, NAME_KINDS_FILE, build_nlp
from training.name_kinds import build as build_name_kinds

ROOT = Path(__file__).resolve().parent.parent
FOLDS_DIR = ROOT / "training" / "corpus" / "folds"
# fold -> (the family of files, given by a folder of its sources; which files are left out), or
# ("wikinews", which run of NEWS_FOLD sentences is left out)
FOLDS = {
    "plans-odd": ("piano-triennale-ict", 1),
    "plans-even": ("piano-triennale-ict", 0),
    "faq-odd": ("padigitale2026-faq", 1),
    "faq-even": ("padigitale2026-faq", 0),
    "news-1": ("wikinews", 0),
    "news-2": ("wikinews", 1),
    "news-3": ("wikinews", 2),
}
NEWS = "wikinews"
NEWS_FOLD = 1500


def held_out_sources(rows: list[dict[str, Any]], fold: str) -> set[str]:
    """The source files a fold of pages leaves out: every other file of its family, in name order."""
    family, first = FOLDS[fold]
    sources = sorted({r["source"] for r in rows if f"/{family}/" in r["source"]})
    return set(sources[first::2])


def _left_out(rows: list[dict[str, Any]], fold: str) -> list[bool]:
    family, which = FOLDS[fold]
    if family != NEWS:
        out = held_out_sources(rows, fold)
        return [r["source"] in out for r in rows]
    flags, seen = [], 0
    for r in rows:
        news = r["source"] == NEWS
        flags.append(news and which * NEWS_FOLD <= seen < (which + 1) * NEWS_FOLD)
        seen += news
    return flags


def split_rows(rows: list[dict[str, Any]], fold: str) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The train rows a fold keeps and the rows it leaves out, each in corpus order."""
    flags = _left_out(rows, fold)
    return [r for r, f in zip(rows, flags, strict=True) if not f], [
        r for r, f in zip(rows, flags, strict=True) if f
    ]


def _write(path: Path, rows: list[dict[str, Any]]) -> None:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")


def train_fold(fold: str) -> Path:
    """Train the recipe's recognizer without the fold's files; return the fold's directory."""
    # imported here: the training extras (spacy's trainer, the callbacks of the config)
    from spacy.cli.train import train

    from training import build, tok2vec_init  # noqa: F401
    from training.pretrain import EPOCHS, OUTPUT
    from training.pretrain import main as pretrain_tok2vec

    directory = FOLDS_DIR / fold
    directory.mkdir(parents=True, exist_ok=True)
    rows = [json.loads(line) for line in build.NER_TRAIN.read_text(encoding="utf-8").splitlines()]
    kept, left_out = split_rows(rows, fold)
    _write(directory / "train.jsonl", kept)
    _write(directory / "heldout.jsonl", left_out)
    print(f"{fold}: {len(kept)} train sentences kept, {len(left_out)} left out")
    weights = OUTPUT / "weights" / f"model{EPOCHS - 1}.bin"
    if not weights.exists():
        weights = pretrain_tok2vec()
    train_path, dev_path = build.build_corpus(directory / "train.jsonl", directory / "corpus")
    output = directory / "output"
    shutil.rmtree(output, ignore_errors=True)
    overrides = {"paths.train": str(train_path), "paths.dev": str(dev_path), "paths.pretrained": str(weights)}
    train(build.CONFIG, output, overrides=overrides)
    model = directory / "model"
    build.ship(output, model, f"fold_{fold}")
    # lines in capitals are read by the shipped second recognizer, trained on the whole train split
    shutil.copytree(MODEL_DIR / CAPITALS, model / CAPITALS)
    fit_name_kinds(fold)
    return directory


def fit_name_kinds(fold: str) -> Path:
    """The models of name kinds fitted on the train rows the fold keeps, written into its recognizer's
    directory, where `build_nlp` finds them."""
    directory = FOLDS_DIR / fold
    path = directory / "model" / NAME_KINDS_FILE
    print(f"{fold}: name kinds, {build_name_kinds(path, directory / 'train.jsonl')} examples -> {path}")
    return path


def score_fold(fold: str) -> str:
    """The whole pipeline, with the fold's recognizer, on the sentences the fold left out."""
    directory = FOLDS_DIR / fold
    if not (directory / "model" / "config.cfg").exists():
        raise SystemExit(f"no recognizer for {fold}: run python -m training.folds train {fold}")
    sentences = read_annotated(directory / "heldout.jsonl")
    scores = score_sentences(build_nlp(model_dir=directory / "model"), sentences, OWN_LABELS)
    return format_conll_scores(scores, f"{fold}: files left out ({len(sentences)} sentences)")


def main(argv: list[str]) -> None:
    if len(argv) != 2 or argv[0] not in ("train", "kinds", "score") or argv[1] not in FOLDS:
        raise SystemExit(f"usage: python -m training.folds train|kinds|score {{{','.join(FOLDS)}}}")
    if argv[0] == "train":
        print(train_fold(argv[1]))
    elif argv[0] == "kinds":
        fit_name_kinds(argv[1])
    else:
        print(score_fold(argv[1]))


if __name__ == "__main__":
    main(sys.argv[1:])
