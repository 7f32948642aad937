"""Funding roles filled by the proper-name phrase the text writes, whatever the entity stage made of it:
a name it missed after a type noun, with a legal form, before an acronym, in a role slot or as the subject
of a receiving verb; a name it cut short or ran on into a purpose; a company it took for a person; an
acronym standing for the name it follows. Every sentence is invented for these tests."""

from __future__ import annotations

import pytest

from pipeline.extract.amounts import find_amounts
from pipeline.extract.funding import FundingMatch, find_funding
from pipeline.extract.funding_roles import Named
from pipeline.extract.funding_slots import name_end, slot_names


def _named(text: str, names: list[tuple[str, str]]) -> list[Named]:
    out = []
    for surface, label in names:
        at = text.index(surface)
        out.append(Named(at, at + len(surface), label, surface, f"{label}:{surface.lower()}"))
    return out


def _facts(text: str, names: list[tuple[str, str]]) -> dict[str, FundingMatch]:
    return {text[f.start : f.end]: f for f in find_funding(text, find_amounts(text), _named(text, names))}


def _names(text: str, names: list[tuple[str, str]]) -> list[tuple[str, str]]:
    return [(e.name, e.label) for e in slot_names(text, _named(text, names))]


@pytest.mark.parametrize(
    ("text", "names", "amount", "funder", "recipients"),
    [
        pytest.param(
            "La cooperativa trentina Solvia otterrà 80.000 euro dalla Provincia autonoma di Trento.",
            [("Provincia autonoma di Trento", "ORG")],
            "80.000 euro",
            "Provincia autonoma di Trento",
            ["Solvia"],
            id="name-after-type-noun-and-adjective",
        ),
        pytest.param(
            "Quarzolab ha raccolto 1,4 milioni di euro in un round guidato dal fondo Aurora Seed Capital.",
            [],
            "1,4 milioni di euro",
            "Aurora Seed Capital",
            ["Quarzolab"],
            id="subject-name-and-fund-after-type-noun",
        ),
        pytest.param(
            "Nubelio, la piccola azienda torinese che produce droni per l'agricoltura, ha ottenuto "
            "un finanziamento di 600mila euro.",
            [],
            "600mila euro",
            None,
            ["Nubelio"],
            id="subject-before-an-apposition",
        ),
        pytest.param(
            "Verdemare chiude un round di investimento da 5 milioni di euro.",
            [],
            "5 milioni di euro",
            None,
            ["Verdemare"],
            id="subject-closing-a-round",
        ),
        pytest.param(
            "Il Ministero dell'Università ha assegnato 2 milioni di euro a Ferrotek Srl e Lumina Data SpA.",
            [("Ministero dell'Università", "ORG"), ("Ferrotek Srl e Lumina Data", "PER")],
            "2 milioni di euro",
            "Ministero dell'Università",
            ["Ferrotek Srl", "Lumina Data SpA"],
            id="companies-with-legal-forms-the-stage-took-for-one-person",
        ),
        pytest.param(
            "La biotech Genelia riceverà dall'Agenzia spaziale per la ricerca orbitale (ASRO) "
            "un contributo di 900.000 euro.",
            [("Agenzia spaziale", "ORG")],
            "900.000 euro",
            "Agenzia spaziale per la ricerca orbitale",
            ["Genelia"],
            id="name-cut-short-before-its-acronym",
        ),
        pytest.param(
            "Sono stati stanziati 300.000 euro a favore di Officine Rinaldi per il nuovo impianto.",
            [],
            "300.000 euro",
            None,
            ["Officine Rinaldi"],
            id="name-in-a-favore-di-slot",
        ),
        pytest.param(
            "Un premio di 40.000 euro all'associazione Musica Viva per la stagione concertistica.",
            [("Musica Viva", "LOC")],
            "40.000 euro",
            None,
            ["associazione Musica Viva"],
            id="naming-type-noun-is-part-of-the-name",
        ),
    ],
)
def test_a_role_slot_takes_the_name_the_text_writes(
    text: str, names: list[tuple[str, str]], amount: str, funder: str | None, recipients: list[str]
) -> None:
    f = _facts(text, names)[amount]
    assert (f.funder, list(f.recipients)) == (funder, recipients)


def test_a_mention_run_on_into_a_purpose_is_cut() -> None:
    text = "La Fondazione Orvel per lo sviluppo delle aree interne ha stanziato 150.000 euro per i borghi."
    names = [("Fondazione Orvel per lo sviluppo delle aree interne", "ORG")]
    assert _facts(text, names)["150.000 euro"].funder == "Fondazione Orvel"


def test_a_purpose_in_a_body_s_own_name_stays() -> None:
    text = "L'Agenzia per la coesione territoriale ha stanziato 150.000 euro per i borghi."
    names = [("Agenzia per la coesione territoriale", "ORG")]
    assert _facts(text, names)["150.000 euro"].funder == "Agenzia per la coesione territoriale"


def test_an_acronym_stands_for_the_name_it_follows() -> None:
    text = (
        "L'Istituto Nazionale Pagamenti (INP) gestisce il fondo. "
        "Nel 2025 INP ha stanziato 4 milioni di euro per i comuni."
    )
    names = [("Istituto Nazionale Pagamenti", "ORG"), ("INP ha", "ORG")]
    names = [("Istituto Nazionale Pagamenti", "ORG")]
    named = _named(text, names)
    at = text.index("INP ha")
    named.append(Named(at, at + 3, "ORG", "INP", "ORG:inp"))
    facts = {text[f.start : f.end]: f for f in find_funding(text, find_amounts(text), named)}
    assert facts["4 milioni di euro"].funder == "Istituto Nazionale Pagamenti"


@pytest.mark.parametrize(
    ("text", "names", "expected"),
    [
        pytest.param("Ognuno riceverà 10.000 euro.", [], [], id="a-pronoun-opening-the-sentence-is-no-name"),
        pytest.param(
            "Le risorse vanno ai Comuni della valle.", [], [], id="a-capitalised-category-is-no-name"
        ),
        pytest.param("Il contributo va alla Regione.", [], [], id="a-head-word-alone-is-the-document-s-body"),
        pytest.param("I lavori andranno alla Sp 12 della valle.", [], [], id="a-code-is-no-name"),
        pytest.param(
            "Le risorse arrivano dal Fondo Montagna Viva.",
            [("Fondo Montagna Viva", "PROGRAMME")],
            [("Fondo Montagna Viva", "PROGRAMME")],
            id="a-programme-is-no-funder-name",
        ),
        pytest.param(
            "Lo ha detto l'assessore allo Sviluppo Rurale Marco Pini.",
            [("Marco Pini", "PER")],
            [("Marco Pini", "PER")],
            id="an-office-s-portfolio-is-no-slot",
        ),
        pytest.param(
            "Il bando è gestito dalla Direzione Cultura di Regione Umbria.",
            [("Regione Umbria", "ORG")],
            [("Direzione Cultura", "ORG"), ("Regione Umbria", "ORG")],
            id="a-slot-phrase-does-not-swallow-a-name-of-its-own",
        ),
        pytest.param(
            "Contributo alla cooperativa Fiori Blu di Sondalo per il centro estivo.",
            [("Sondalo", "LOC")],
            [("Fiori Blu", "ORG"), ("Sondalo", "LOC")],
            id="di-and-a-place-after-a-name-says-where",
        ),
    ],
)
def test_what_is_no_slot_name(
    text: str, names: list[tuple[str, str]], expected: list[tuple[str, str]]
) -> None:
    assert _names(text, names) == expected


def test_di_and_a_place_after_a_head_word_is_part_of_the_name() -> None:
    text = "Contributo all'Università di Sondalo per il centro estivo."
    at = text.index("Università")
    assert text[at : name_end(text, at, len(text), frozenset({text.index("Sondalo")}))] == (
        "Università di Sondalo"
    )


def test_a_found_name_is_stretched_to_its_capitalised_words() -> None:
    text = "Il finanziamento arriva da Banca Ovest Credito Cooperativo, con sede a Lodi."
    assert _names(text, [("Banca Ovest", "ORG"), ("Lodi", "LOC")]) == [
        ("Banca Ovest Credito Cooperativo", "ORG"),
        ("Lodi", "LOC"),
    ]
