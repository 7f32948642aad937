"""The project's annotated entity corpus: sound annotations, honest splits, the agreed size."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from pipeline.bench.corpus import OWN_LABELS, read_annotated
from training.annotations import check, funding_test_passages, in_funding_test, locate, squeeze

ROOT = Path(__file__).resolve().parent.parent
NER = ROOT / "training" / "ner"
TEST_SPLIT = ROOT / "tests" / "gold" / "entities-test.jsonl"


def _rows(path: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


@pytest.mark.parametrize("annotation", sorted((NER / "annotations").glob("*.json")), ids=lambda p: p.stem)
def test_every_annotation_file_fits_its_batch(annotation: Path) -> None:
    assert check(NER / "batches" / f"{annotation.stem}.jsonl", annotation) == []


def test_the_corpus_has_the_agreed_size_and_sources() -> None:
    splits = {"train": _rows(NER / "corpus" / "train.jsonl"), "dev": _rows(NER / "corpus" / "dev.jsonl")}
    splits["test"] = _rows(TEST_SPLIT)
    kinds = Counter((str(r["source"]).split("/")[0], split) for split, rows in splits.items() for r in rows)
    news = sum(n for (src, _), n in kinds.items() if src == "wikinews")
    pa = sum(n for (src, _), n in kinds.items() if src == "pa-it")
    assert news >= 6000 and pa >= 2000 and news + pa >= 8000
    assert kinds[("wikinews", "test")] >= 500 and kinds[("pa-it", "test")] >= 500
    # written press-release sentences: the first 1,182 measure the model (test), later ones train it and
    # a dev part of their own chooses between models on the product's kind of text
    assert kinds[("written", "test")] >= 1000
    assert kinds[("written", "train")] >= 1000 and kinds[("written", "dev")] >= 400
    sets = {
        split: {str(r["id"])[:3] for r in rows if r["source"] == "written"} for split, rows in splits.items()
    }
    assert not sets["test"] & (sets["train"] | sets["dev"]) and not sets["train"] & sets["dev"]


def test_no_test_sentence_reaches_training() -> None:
    train = _rows(NER / "corpus" / "train.jsonl") + _rows(NER / "corpus" / "dev.jsonl")
    test = _rows(TEST_SPLIT)
    assert not {r["id"] for r in train} & {r["id"] for r in test}
    assert not {r["text"] for r in train} & {r["text"] for r in test}
    # public-administration pages are split by whole file: no page has sentences on both sides
    pa_sources = {str(r["source"]) for r in train if str(r["source"]).startswith("pa-it")}
    assert not pa_sources & {str(r["source"]) for r in test}
    assert "entities-test" not in (ROOT / "training" / "build.py").read_text(encoding="utf-8").replace(
        "`tests/gold/entities-test.jsonl`", ""
    )


def test_reserve_sentences_reach_no_split() -> None:
    """The `reserve` batches are annotated and checked but neither train, choose nor measure a model:
    they are written to a file of their own, on which rules are judged, and hold no test sentence."""
    reserve = {str(r["id"]) for r in _rows(NER / "sentences.jsonl") if r["split"] == "reserve"}
    assert len(reserve) >= 1000
    used = [*_rows(NER / "corpus" / "train.jsonl"), *_rows(NER / "corpus" / "dev.jsonl"), *_rows(TEST_SPLIT)]
    assert not reserve & {str(r["id"]) for r in used}
    written = _rows(NER / "corpus" / "reserve.jsonl")
    assert {str(r["id"]) for r in written} <= reserve and len(written) >= 1000
    test = {squeeze(str(r["text"])) for r in _rows(TEST_SPLIT)}
    assert not {squeeze(str(r["text"])) for r in written} & test
    for name in ("build.py", "pretrain.py", "place_roles.py", "name_kinds.py", "word_lists.py"):
        assert "reserve" not in (ROOT / "training" / name).read_text(encoding="utf-8"), name


def test_no_training_sentence_holds_a_test_sentence() -> None:
    """The same passage on two pages, glued to its neighbour on one, must not carry a test sentence
    into training."""
    train = "\n".join(squeeze(str(r["text"])) for r in _rows(NER / "corpus" / "train.jsonl"))
    test = [squeeze(str(r["text"])) for r in _rows(TEST_SPLIT)]
    assert [t for t in test if len(t) > 30 and t in train] == []


def test_no_held_out_funding_passage_reaches_training() -> None:
    """The funding gold's held-out news passages come from the same Wikinews file as the corpus: none of
    their sentences is trained on or chooses the model."""
    passages = funding_test_passages()
    assert len(passages) >= 60
    rows = _rows(NER / "corpus" / "train.jsonl") + _rows(NER / "corpus" / "dev.jsonl")
    keys = [squeeze(str(r["text"])) for r in rows]
    assert [k for k in keys if len(k) > 20 and any(k in p for p in passages)] == []
    # and the check does find such a sentence when one is there
    sentence = _rows(NER / "sentences.jsonl")[0]
    assert not in_funding_test(str(sentence["text"]), passages)
    assert in_funding_test(passages[0][:40], passages)


def test_the_test_split_reads_back_with_spans_on_the_text() -> None:
    sentences = read_annotated(TEST_SPLIT)
    assert len(sentences) >= 1000
    labels = Counter(label for s in sentences for _, _, label in s.gold)
    assert set(labels) <= set(OWN_LABELS) and all(labels[x] > 20 for x in OWN_LABELS)
    for s in sentences:
        for start, end, _ in s.gold:
            assert s.text[start:end] == s.text[start:end].strip() and end > start


def test_locate_finds_spans_in_order_on_word_boundaries() -> None:
    text = "La Procura di Trani e la procura di Bari: Trani."
    spans, errors = locate(
        text,
        [
            {"text": "Procura", "label": "ORG"},
            {"text": "Trani", "label": "LOC"},
            {"text": "Bari", "label": "LOC"},
            {"text": "Trani", "label": "LOC"},
        ],
    )
    assert errors == []
    assert [(text[s.start : s.end], s.start) for s in spans] == [
        ("Procura", 3),
        ("Trani", 14),
        ("Bari", 36),
        ("Trani", 42),
    ]


@pytest.mark.parametrize(
    ("entities", "problem"),
    [
        pytest.param(
            [{"text": "Bari", "label": "LOC"}, {"text": "Procura", "label": "ORG"}], "order", id="order"
        ),
        pytest.param([{"text": "Tran", "label": "LOC"}], "word boundaries", id="half-a-word"),
        pytest.param([{"text": "Procura", "label": "MISC"}], "label", id="bad-label"),
    ],
)
def test_locate_reports_what_does_not_fit(entities: list[dict[str, str]], problem: str) -> None:
    _, errors = locate("La Procura di Trani e di Bari.", entities)
    assert len(errors) == 1 and problem in errors[0]


def test_the_rereading_corrections_are_train_rows_of_the_corpus_as_the_readers_read_them() -> None:
    reread = NER / "second-flip"
    for name in ("readerA.json", "readerB.json", "corpus-before.json"):
        assert check(reread / "sample.jsonl", reread / name) == [], name
    changed = json.loads((reread / "changed.json").read_text(encoding="utf-8"))
    readers = [
        {r["id"]: r["entities"] for r in json.loads((reread / n).read_text(encoding="utf-8"))}
        for n in ("readerA.json", "readerB.json")
    ]
    annotations = {
        r["id"]: r["entities"]
        for path in (NER / "annotations").glob("*.json")
        for r in json.loads(path.read_text(encoding="utf-8"))
    }
    train = {json.loads(line)["id"] for line in (NER / "corpus" / "train.jsonl").read_text().splitlines()}
    assert len(changed) == 26
    for row in changed:
        assert row["id"] in train
        assert annotations[row["id"]] == row["after"] != row["before"]
        # the corpus follows a reading of one of the two readers (both, but for the §10 decision)
        assert row["after"] in (readers[0][row["id"]], readers[1][row["id"]])
    both = [r for r in changed if readers[0][r["id"]] == readers[1][r["id"]] == r["after"]]
    assert len(both) == 25
