"""Roads written by their code are places, and a road or a street is where money goes, not who gets it."""

from __future__ import annotations

import pytest
from spacy.language import Language

from pipeline.extract.entities import find_entities
from pipeline.extract.entity_fill import is_facility
from pipeline.extract.entity_patterns import load_patterns
from pipeline.extract.records import DocumentInfo
from pipeline.extract.source import SourceText
from pipeline.stages.documents import extract_text
from schemas.records import Failure


def _found(nlp: Language, text: str) -> list[tuple[str, str]]:
    return [(text[m.start : m.end], m.label) for m in find_entities(nlp(text))]


@pytest.mark.parametrize(
    ("text", "road"),
    [
        pytest.param("Traffico bloccato lungo la Sp 35 per un incidente.", "Sp 35", id="provincial"),
        pytest.param("Riapre sulla S.S. 36 la galleria chiusa a marzo.", "S.S. 36", id="state-with-dots"),
        pytest.param("Code lungo la A14 verso sud.", "A14", id="motorway"),
        pytest.param("Il cantiere sulla SP72 finirà a giugno.", "SP72", id="glued"),
    ],
)
def test_a_road_by_its_code_is_a_place(nlp: Language, text: str, road: str) -> None:
    found = _found(nlp, text)
    assert (road, "LOC") in found, found


def test_a_code_that_is_no_road_is_no_place(nlp: Language) -> None:
    found = _found(nlp, "Un airbus A320 della compagnia è atterrato in ritardo.")
    assert all(name != "A320" for name, _ in found), found


@pytest.mark.parametrize(
    ("name", "facility"),
    [("Sp 4", True), ("A14", True), ("S.S. 36", True), ("via Garibaldi", True), ("Piazza Duomo", True)],
)
def test_roads_and_streets_are_facilities(name: str, facility: bool) -> None:
    assert is_facility(name, load_patterns()) is facility


@pytest.mark.parametrize("name", ["Rieti", "Comune di Rieti", "Lombardia", "Villafranca"])
def test_towns_and_bodies_are_no_facilities(name: str) -> None:
    assert not is_facility(name, load_patterns())


def test_a_street_is_no_recipient(nlp: Language) -> None:
    text = "Il Comune destina 400.000 euro a via Garibaldi e 300.000 euro alla scuola Dante."
    result = extract_text(
        DocumentInfo("roads", "roads.txt", len(text.encode()), "test"), SourceText(text, "text"), nlp
    )
    assert not isinstance(result, Failure)
    facts = {text[f.start : f.end]: list(f.recipients) for f in result.funding}
    assert facts["400.000 euro"] == []
    assert facts["300.000 euro"] == ["scuola Dante"]
