"""The folds of `training/folds.py`: each leaves out whole files of one family of the train split's
public-administration pages, and its two folds share no file."""

from __future__ import annotations

import json

import pytest

from training.build import NER_TRAIN
from training.folds import FOLDS, NEWS, NEWS_FOLD, held_out_sources, split_rows

ROWS = [json.loads(line) for line in NER_TRAIN.read_text(encoding="utf-8").splitlines()]


@pytest.mark.parametrize("family", sorted({family for family, _ in FOLDS.values() if family != NEWS}))
def test_the_two_folds_of_a_family_split_its_files_in_halves(family: str) -> None:
    odd, even = (held_out_sources(ROWS, f) for f, (fam, _) in sorted(FOLDS.items()) if fam == family)
    files = {r["source"] for r in ROWS if f"/{family}/" in r["source"]}
    assert odd and even and not odd & even and odd | even == files
    assert abs(len(odd) - len(even)) <= 1


@pytest.mark.parametrize("fold", sorted(f for f, (family, _) in FOLDS.items() if family != NEWS))
def test_a_fold_keeps_every_other_sentence_and_no_sentence_of_its_files(fold: str) -> None:
    kept, left_out = split_rows(ROWS, fold)
    out = held_out_sources(ROWS, fold)
    assert len(kept) + len(left_out) == len(ROWS)
    assert left_out and all(r["source"] in out for r in left_out)
    assert not any(r["source"] in out for r in kept)
    # news and written sentences always stay in training
    assert {r["source"] for r in ROWS if not r["source"].startswith("pa-it/")} <= {r["source"] for r in kept}


def test_the_news_folds_leave_out_disjoint_runs_of_wikinews_sentences() -> None:
    runs = [split_rows(ROWS, fold)[1] for fold in ("news-1", "news-2", "news-3")]
    assert [len(run) for run in runs] == [NEWS_FOLD] * 3
    assert all(r["source"] == NEWS for run in runs for r in run)
    ids = [{r["id"] for r in run} for run in runs]
    assert not ids[0] & ids[1] and not ids[0] & ids[2] and not ids[1] & ids[2]
    kept, _ = split_rows(ROWS, "news-1")
    assert len(kept) == len(ROWS) - NEWS_FOLD
