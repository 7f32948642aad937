"""The model that chooses recipients where the cue rules find none (pipeline/extract/funding_choice.py)
and its training passages (training/funding/)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from pipeline.bench.funding_gold import check_data
from pipeline.bench.funding_scoring import CASES, PASSAGES
from pipeline.extract import funding_choice
from pipeline.extract.amounts import find_amounts
from pipeline.extract.funding import find_funding, rule_facts
from pipeline.extract.funding_choice import WEIGHTS, choose_recipients, model_decides
from pipeline.extract.funding_roles import Named
from training.funding_choice import CHECK, build, read_passages
from training.funding_choice import PASSAGES as TRAINING

ROOT = Path(__file__).resolve().parents[1]
# a run this long shared with the funding gold would mean a scored text, or one written after it, in
# training
RUN = 10

VAL_SERIANA = (
    "Le piccole imprese artigiane della Val Seriana potranno contare su 1,2 milioni di euro stanziati "
    "dalla Regione Lombardia."
)


def _regione(text: str) -> list[Named]:
    at = text.index("Regione Lombardia")
    return [Named(at, at + len("Regione Lombardia"), "ORG", "Regione Lombardia", None)]


def _runs(text: str) -> set[str]:
    words = re.findall(r"\w+", text.lower())
    return {" ".join(words[i : i + RUN]) for i in range(len(words) - RUN + 1)}


def test_the_check_passages_are_no_training_passages() -> None:
    check_ids = {row["id"] for row in read_passages(CHECK)}
    assert len(check_ids) > 150
    assert not check_ids & {row["id"] for row in read_passages()}
    assert not {row["text"] for row in read_passages(CHECK)} & {row["text"] for row in read_passages()}


def test_the_shipped_weights_are_what_the_recipe_fits_on_the_training_passages(tmp_path: Path) -> None:
    made = tmp_path / "funding_choice.json"
    facts = build(made)
    assert made.read_text(encoding="utf-8") == WEIGHTS.read_text(encoding="utf-8")
    assert json.loads(WEIGHTS.read_text(encoding="utf-8"))["facts"] == facts > 900


def test_the_training_passages_share_no_run_of_ten_words_with_any_funding_gold() -> None:
    gold: set[str] = set()
    for path in (CASES, PASSAGES):
        for line in path.read_text(encoding="utf-8").splitlines():
            gold |= _runs(json.loads(line)["text"])
    for path in [*(ROOT / "tests/gold/funding/docs").iterdir(), *(ROOT / "raw").iterdir()]:
        gold |= _runs(path.read_text(encoding="utf-8", errors="ignore"))
    rows = read_passages() + read_passages(CHECK)
    assert len(rows) > 550
    assert [row["id"] for row in rows if _runs(row["text"]) & gold] == []


def test_every_training_passage_passes_the_gold_checks() -> None:
    rows = read_passages(TRAINING) + read_passages(TRAINING / "second") + read_passages(CHECK)
    assert [(row["id"], e) for row in rows for e in check_data(row, row["text"])] == []
    assert {row["part"] for row in rows} == {"train"}


def test_the_gold_checks_catch_a_funder_written_as_a_list() -> None:
    row = {
        "text": "Un rimborso fino a 50 euro.",
        "facts": [
            {
                "text": "50 euro",
                "occurrence": 1,
                "value": "50",
                "currency": "EUR",
                "kind": "other",
                "funder": ["utenti"],
                "recipients": [],
                "counts_in_total": False,
            }
        ],
        "total": {},
    }
    assert any("funder" in e for e in check_data(row, row["text"]))


def test_where_the_rules_find_no_recipient_the_model_chooses_one() -> None:
    text = VAL_SERIANA
    facts, named = rule_facts(text, find_amounts(text), _regione(text))
    assert [f.recipients for f in facts] == [()]
    assert model_decides(facts[0])
    (fact,) = find_funding(text, find_amounts(text), _regione(text))
    assert fact.recipients == ("piccole imprese artigiane della Val Seriana",)
    assert choose_recipients(text, facts, named, weights={}) == facts


def test_the_rules_recipients_and_other_figures_stand() -> None:
    text = (
        "La Regione Lombardia ha stanziato 2 milioni di euro per le scuole dell'infanzia. "
        "Il prezzo del biglietto della mostra per le scuole è di 12 euro."
    )
    facts, named = rule_facts(text, find_amounts(text), _regione(text))
    assert [(f.kind, f.recipients) for f in facts] == [
        ("allocation", ("scuole dell'infanzia",)),
        ("other", ()),
    ]
    assert not any(model_decides(f) for f in facts)
    assert choose_recipients(text, facts, named) == facts


def test_without_the_weights_file_the_rules_recipients_stand(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(funding_choice, "WEIGHTS", tmp_path / "missing.json")
    assert funding_choice.load_weights() == {}
    (fact,) = find_funding(VAL_SERIANA, find_amounts(VAL_SERIANA), _regione(VAL_SERIANA))
    assert fact.recipients == ()
