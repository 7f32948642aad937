from __future__ import annotations

from datetime import date
from decimal import Decimal

import pydantic
import pytest

from schemas import RECORD_ADAPTER, Amount, DateMention, Document, Entity, Failure, Percent, Table
from schemas.__main__ import JSON_DIR, json_schemas

WHERE = {"doc_id": "ab" * 32, "page": None, "start": 10, "end": 30, "text": "13,5 milioni di euro"}

RECORDS = [
    Document(
        id="ab" * 32,
        path="a.md",
        format="markdown",
        size_bytes=3,
        text="abc",
        pipeline_version="1",
        publication_date=date(2021, 7, 9),
    ),
    Entity(**WHERE, label="ORG", canonical_id="ORG:x", canonical_name="X"),
    Amount(**WHERE, value=Decimal("13500000"), currency="EUR", explicit_currency=True),
    Percent(**{**WHERE, "end": 15, "text": "26,7%"}, value=Decimal("26.7")),
    DateMention(**{**WHERE, "end": 23, "text": "9 luglio 2021"}, value="2021-07-09", granularity="day"),
    Table(doc_id="ab" * 32, page=1, index=0, rows=[["a", None]]),
    Failure(doc_id="", path="x.pdf", stage="read", code="E101", message="E101: ..."),
]


@pytest.mark.parametrize("record", RECORDS, ids=lambda r: r.kind)
def test_records_round_trip_through_json(record):
    assert RECORD_ADAPTER.validate_json(record.model_dump_json()) == record


def test_fact_rejects_a_quote_that_does_not_fit_its_offsets():
    with pytest.raises(pydantic.ValidationError, match="characters"):
        Amount(**{**WHERE, "end": 12}, value=Decimal(1), currency="EUR", explicit_currency=True)


def test_records_reject_unknown_fields():
    with pytest.raises(pydantic.ValidationError, match="extra"):
        Percent(**WHERE, value=Decimal(1), confidence=0.5)


def test_records_are_frozen():
    with pytest.raises(pydantic.ValidationError):
        RECORDS[2].value = Decimal(0)


def test_amount_value_stays_decimal_in_json():
    assert '"value":"13500000"' in RECORDS[2].model_dump_json()


def test_amount_currency_must_be_iso_code():
    with pytest.raises(pydantic.ValidationError):
        Amount(**WHERE, value=Decimal(1), currency="euro", explicit_currency=True)


def test_failure_code_must_be_catalogued_form():
    with pytest.raises(pydantic.ValidationError):
        Failure(doc_id="", path="x", stage="read", code="bad", message="m")


def test_every_field_has_a_description():
    for record in RECORDS:
        missing = [n for n, f in type(record).model_fields.items() if n != "kind" and not f.description]
        assert missing == [], type(record).__name__


def test_committed_json_schemas_match_the_models():
    """schemas/json is what `python -m schemas` writes; regenerate it when a model changes."""
    for name, text in json_schemas().items():
        assert (JSON_DIR / name).read_text(encoding="utf-8") == text, name
