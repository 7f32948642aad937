"""An amount's sentence, carried from extraction to the warehouse: the store pairs amounts with the
organisations of their sentence by the offset the amount record carries."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import duckdb
import pytest

from pipeline import store
from pipeline.extract.records import DocumentInfo, Extraction, build_extraction
from pipeline.extract.source import SourceText

# two spaces and a line break before the amount: the sentence still starts at the first word
SPACED = "Regione Lombardia  stanzia\n  13,5 milioni di euro per le università lombarde."
# the amount itself runs across two lines
SPLIT = "Premessa del bando.\nRegione Lombardia stanzia 13,5\nmilioni di euro per le università lombarde."


def _extract(text: str, nlp: Any) -> Extraction:
    source = SourceText(text=text, format="text")
    return build_extraction(DocumentInfo("d" * 64, "a.txt", len(text), "t"), source, nlp(text))


@pytest.mark.parametrize(("text", "start"), [(SPACED, 0), (SPLIT, 20)], ids=["spaced", "split"])
def test_the_amount_record_carries_its_sentence_start(text: str, start: int, nlp: Any) -> None:
    [amount] = _extract(text, nlp).amounts
    assert amount.value == Decimal("13500000")
    assert amount.sentence_start == start
    assert amount.sentence == " ".join(text[start:].split())
    assert text[start:].startswith("Regione Lombardia")


@pytest.mark.parametrize("text", [SPACED, SPLIT], ids=["spaced", "split"])
def test_the_warehouse_pairs_the_amount_with_the_organisation_of_its_sentence(
    text: str, nlp: Any, db: duckdb.DuckDBPyConnection
) -> None:
    extraction = _extract(text, nlp)
    assert "Regione Lombardia" in {e.canonical_name for e in extraction.entities if e.label == "ORG"}
    store.load_document(db, "a.txt", extraction.records())
    [amount] = extraction.amounts
    assert db.execute("SELECT sentence_start FROM amounts").fetchall() == [(amount.sentence_start,)]
    rows = db.execute("SELECT organisation, value FROM amount_cooccurrences").fetchall()
    assert ("Regione Lombardia", Decimal("13500000")) in rows
