"""The lists of who does what in public-administration plans: the codes of a body's offices are the
body, while a class's letter (`gruppo B`), a platform (`Developers Italia`) and a unit of data or
computing (`TB`, `RAM`) are no entity (GUIDELINE.md §2)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from spacy.language import Language

from pipeline.extract.entities import find_entities
from pipeline.extract.entity_codes import is_body_code
from pipeline.extract.entity_patterns import load_patterns

Labelled = list[tuple[str, str]]
EntitiesOf = Callable[[str], Labelled]  # the entities_of fixture


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("MEF-DAG", True),
        ("MIMIT-DGIAI", True),
        ("MIBACT-DG-Musei", True),
        ("AGID-MIBACT", False),  # two bodies, not an office of one
        ("AGID-Regioni", False),
        ("SPIN-OFF", False),  # no known body before the hyphen
        ("MEF", False),
    ],
)
def test_an_office_code_opens_with_a_known_body_s_acronym(code: str, expected: bool) -> None:
    assert is_body_code(code, load_patterns()) is expected


def test_an_office_code_is_the_body(entities_of: EntitiesOf) -> None:
    found = entities_of("Le linee di azione sono in carico al MIMIT-DGIAI e all'Agenzia delle Entrate.")
    assert ("MIMIT-DGIAI", "ORG") in found


@pytest.mark.parametrize(
    ("text", "not_expected"),
    [
        pytest.param(
            "Le amministrazioni con data center di gruppo B migrano i servizi al cloud.",
            {"B", "gruppo B"},
            id="class-letter-after-a-lower-case-word",
        ),
        pytest.param(
            "Le infrastrutture del Gruppo A restano attive fino al 2026.",
            {"Gruppo A", "A"},
            id="class-letter-after-a-capitalised-word",
        ),
        pytest.param(
            "Il software è pubblicato su Developers Italia e misurato con Web Analytics Italia.",
            {"Developers Italia", "Web Analytics Italia", "Italia"},
            id="platforms-by-name",
        ),
        pytest.param(
            "Il censimento conta 2.000 CPU, 1.500 TB di RAM e 70 PB di storage.",
            {"CPU", "TB", "RAM", "PB"},
            id="units-of-data-and-computing",
        ),
    ],
)
def test_no_entity_in_a_plan_s_technical_words(
    entities_of: EntitiesOf, text: str, not_expected: set[str]
) -> None:
    assert not not_expected & {words for words, _ in entities_of(text)}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("Il padre, A. B., 42 anni, è indagato.", ("A. B.", "PER"), id="initials-of-a-person"),
        pytest.param(
            "La Lega Serie A ha approvato i nuovi diritti televisivi.",
            ("Lega Serie A", "ORG"),
            id="a-body-whose-name-ends-in-a-letter",
        ),
    ],
)
def test_a_name_ending_in_a_letter_stays(
    entities_of: EntitiesOf, text: str, expected: tuple[str, str]
) -> None:
    assert expected in entities_of(text)


def test_a_bare_comune_stands_only_for_the_one_the_document_names(nlp: Language) -> None:
    # an FAQ's reader: whichever municipality asks, no named body
    generic = "Il Comune può procedere all'adesione indipendentemente dal fornitore."
    assert not [m for m in find_entities(nlp(generic)) if generic[m.start : m.end] == "Comune"]
    named = "Il Comune di Lecce ha approvato il piano. Il Comune ha poi chiesto il contributo."
    found = {(m.start, m.canonical_name) for m in find_entities(nlp(named))}
    assert (named.rindex("Comune"), "Comune di Lecce") in found
