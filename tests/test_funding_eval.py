"""Scoring funding facts against the funding gold, on the real extraction of the dev documents."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest

from pipeline.bench.funding_gold import GoldFact, check_data
from pipeline.bench.funding_scoring import (
    CASES,
    FUNDING_DIR,
    PASSAGES,
    evaluate_funding,
    evaluate_passages,
    format_funding,
    part_of,
    read_passages,
    score_document,
)
from schemas import FundingFact


def test_the_pdfs_and_later_pages_are_held_out():
    assert part_of("audizione-camera-2020-06-03.pdf") == "test"
    assert part_of("padigitale-012_x.md") == "test"
    assert part_of("padigitale-010_x.md") == "dev"
    assert part_of("2021-07-09-polimi-poliqu-accordo-regione.md") == "dev"


def _fact(text: str, quote: str, counts: bool, funder: str | None = None) -> FundingFact:
    start = text.index(quote)
    return FundingFact(
        doc_id="d",
        start=start,
        end=start + len(quote),
        text=quote,
        value=Decimal(5),
        currency="EUR",
        funding_kind="grant",
        funder=funder,
        counts_in_total=counts,
        commitment_id="c",
    )


def test_a_match_needs_the_same_mention_and_the_count_decision():
    text = "Titolo: 5 euro.\n\nLa **Regione** assegna 5 euro ai Comuni."
    gold = [
        GoldFact("5 euro", 1, Decimal(5), "EUR", "grant", None, (), None, None, False),
        GoldFact("5 euro", 2, Decimal(5), "EUR", "grant", "Regione", ("comuni",), None, None, True),
    ]
    right = score_document("d", text, gold, [_fact(text, "5 euro", False), _fact(text, "5 euro ai", True)])
    assert (right.tp, right.fp, right.fn, right.totals_right) == (1, 1, 1, 1)  # '5 euro ai' is no mention
    second = text.rindex("5 euro")
    wrong = FundingFact(
        **{**_fact(text, "5 euro", True, "Regione").model_dump(), "start": second, "end": second + 6}
    )
    s = score_document("d", text, gold, [wrong])
    assert (s.tp, s.fp, s.fn, s.funder_right, s.recipients_right, s.totals_right) == (1, 0, 1, 1, 0, 1)


@pytest.mark.skipif(not Path(FUNDING_DIR).exists(), reason="run from the repository root")
def test_dev_gold_meets_the_targets(nlp):
    dev = evaluate_funding(nlp)["dev"].figures()
    assert dev["documents"] >= 16
    assert dev["f1"] >= 0.90
    assert dev["funder_accuracy"] >= 0.85
    assert dev["totals_right"] >= 0.90


@pytest.mark.parametrize(("path", "least"), [(PASSAGES, 130), (CASES, 160)])
def test_the_passage_gold_is_sound_and_split_in_two_halves(path, least):
    passages = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
    assert len(passages) >= least
    assert [p["part"] for p in passages[:4]] == ["dev", "test", "dev", "test"]
    assert len({p["id"] for p in passages}) == len(passages)
    for p in passages:
        assert check_data(p, p["text"]) == [], p["id"]


def test_the_passage_halves_are_scored_apart(nlp):
    parts = evaluate_passages(nlp)
    assert set(parts) == {"passages dev", "passages test"}
    assert parts["passages dev"].documents + parts["passages test"].documents == len(read_passages())
    assert parts["passages dev"].figures()["f1"] >= 0.70
    dev = parts["passages dev"]
    assert len(dev.units) == dev.documents
    figures, intervals = dev.figures(), dev.intervals()
    assert set(intervals) == {
        "f1",
        "funder_accuracy",
        "recipient_accuracy",
        "totals_right",
        "programme_accuracy",
    }
    for name, (low, high) in intervals.items():
        assert low <= figures[name] <= high, name
        assert high - low > 0.005, name  # 67 passages do not pin a figure down
    text = format_funding(parts)
    assert "95% intervals" in text
    assert f"{intervals['f1'][0]:.3f}-{intervals['f1'][1]:.3f}" in text


def test_the_written_cases_are_scored_in_their_own_halves(nlp):
    parts = evaluate_passages(nlp, CASES, "cases")
    assert set(parts) == {"cases dev", "cases test"}
    assert parts["cases dev"].documents + parts["cases test"].documents == len(read_passages(CASES))
    assert parts["cases dev"].figures()["f1"] >= 0.70
