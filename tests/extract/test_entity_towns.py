"""A town's name the model reads as a person is the town, unless the training text knows it as a
person's name (`entity_person_words.txt`)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from spacy.language import Language

from pipeline.extract.entity_fill import places_read_as_people, province_codes
from pipeline.extract.entity_tokens import RuleSpan, view_tokens
from pipeline.lang import data_path
from training.word_lists import build_person_words


@pytest.mark.parametrize(
    ("text", "mentions", "expected"),
    [
        pytest.param(
            "Il sindaco di Castelfidardo ha inaugurato la scuola.",
            [("Castelfidardo", "PER")],
            [("Castelfidardo", "LOC")],
            id="town",
        ),
        pytest.param(
            "Il ponte di Priolo Gargallo riapre domani.",
            [("Priolo Gargallo", "PER")],
            [("Priolo Gargallo", "LOC")],
            id="town-of-two-words",
        ),
        pytest.param(
            "Un uomo residente a Sesto Calende si è fermato a prestare soccorso.",
            [("Sesto Calende", "PER")],
            [("Sesto Calende", "LOC")],
            id="a-town-of-two-words-that-opens-with-a-first-name",
        ),
        pytest.param(
            "Lo ha detto Sesto in conferenza stampa.",
            [("Sesto", "PER")],
            [("Sesto", "PER")],
            id="a-first-name-alone-stays-a-person",
        ),
        pytest.param(
            "Lo ha detto Monti in conferenza stampa.",
            [("Monti", "PER")],
            [("Monti", "PER")],
            id="a-surname-of-the-training-text",
        ),
        pytest.param(
            "Lo ha detto Giulia Fossano, poi Fossano ha lasciato la sala.",
            [("Giulia Fossano", "PER"), ("Fossano", "PER")],
            [("Giulia Fossano", "PER"), ("Fossano", "PER")],
            id="the-surname-of-a-person-named-in-full",
        ),
        pytest.param(
            "Ha viaggiato in Giordania e Burkina Faso.",
            [("Giordania", "LOC"), ("Burkina Faso", "PER")],
            [("Giordania", "LOC"), ("Burkina Faso", "LOC")],
            id="a-country",
        ),
        pytest.param(
            "Il festival di Gubbio apre domani.",
            [("Gubbio", "ORG")],
            [("Gubbio", "ORG")],
            id="not-read-as-a-person",
        ),
    ],
)
def test_a_town_read_as_a_person_is_a_place(
    run_rule: Callable[..., list[tuple[str, str]]],
    text: str,
    mentions: list[tuple[str, str]],
    expected: list[tuple[str, str]],
) -> None:
    assert run_rule(places_read_as_people, text, mentions) == expected


def test_the_shipped_person_words_are_the_ones_the_recipe_makes(tmp_path) -> None:
    made = tmp_path / "entity_person_words.txt"
    build_person_words(made)
    assert made.read_text(encoding="utf-8") == data_path("entity_person_words.txt").read_text(
        encoding="utf-8"
    )


@pytest.mark.parametrize(
    ("text", "town"),
    [
        pytest.param("Nuova palestra a Cesenatico: il cantiere parte a marzo.", "Cesenatico", id="after-a"),
        pytest.param("Il sindaco di Castelfidardo ha firmato il protocollo.", "Castelfidardo", id="mayor-of"),
    ],
)
def test_a_town_the_model_reads_as_a_person_comes_out_as_a_place(nlp: Language, text: str, town: str) -> None:
    from pipeline.extract.entities import find_entities

    found = [(text[m.start : m.end], m.label) for m in find_entities(nlp(text))]
    assert (town, "LOC") in found, found


@pytest.mark.parametrize(
    ("text", "town", "expected"),
    [
        pytest.param(
            "Una lite fuori da una discoteca di Riccione.", "Riccione", True, id="after-di-and-a-noun"
        ),
        pytest.param("La lite nella casa di Sora in cui vivevano.", "Sora", True, id="a-town-that-is-a-name"),
        pytest.param("Parla Maria di Sora, la sarta.", "Sora", False, id="after-a-name"),
    ],
)
def test_a_town_after_di_and_a_noun_is_a_place(nlp: Language, text: str, town: str, expected: bool) -> None:
    from pipeline.extract.entities import find_entities
    from pipeline.extract.entity_fill import located_places
    from pipeline.extract.entity_priorities import PRIORITY

    toks = view_tokens(nlp.make_doc(text))
    k = next(i for i, t in enumerate(toks) if t.text == town)
    found = [RuleSpan(k, k + 1, "LOC", PRIORITY.known_place)]
    spans = located_places(toks, found, [])
    assert bool(spans) is expected
    if expected:
        assert (town, "LOC") in [(text[m.start : m.end], m.label) for m in find_entities(nlp(text))]


@pytest.mark.parametrize(
    ("text", "mentions", "expected"),
    [
        pytest.param(
            "L'elicottero è precipitato a Nocera Inferiore (SA).",
            [("Nocera Inferiore", "LOC"), ("SA", "ORG")],
            [("Nocera Inferiore", "LOC"), ("SA", "LOC")],
            id="after-a-town",
        ),
        pytest.param(
            "È ricoverato all'Ospedale di Casale Monferrato (AL) da ieri.",
            [("Ospedale di Casale Monferrato", "ORG")],
            [("Ospedale di Casale Monferrato", "ORG"), ("AL", "LOC")],
            id="after-a-body-named-after-its-town",
        ),
        pytest.param(
            "Si presentano Raffaella Paita (PD) e altri.",
            [("Raffaella Paita", "PER"), ("PD", "ORG")],
            [("Raffaella Paita", "PER"), ("PD", "ORG")],
            id="a-party-after-a-person",
        ),
        pytest.param(
            "Eletti in Liguria (FI) e in Puglia (PD).",
            [("Liguria", "LOC"), ("FI", "ORG"), ("Puglia", "LOC"), ("PD", "ORG")],
            [("Liguria", "LOC"), ("FI", "ORG"), ("Puglia", "LOC"), ("PD", "ORG")],
            id="a-party-after-a-region",
        ),
    ],
)
def test_a_province_code_after_a_town_is_a_place(
    run_rule: Callable[..., list[tuple[str, str]]],
    text: str,
    mentions: list[tuple[str, str]],
    expected: list[tuple[str, str]],
) -> None:
    assert run_rule(province_codes, text, mentions) == expected
