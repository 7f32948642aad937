"""Names in brackets after a person's name: the bodies the person belongs to (GUIDELINE.md §2)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from spacy.language import Language

from pipeline.extract.entities import find_entities
from pipeline.extract.entity_fill import affiliations_in_brackets


@pytest.mark.parametrize(
    ("text", "mentions", "expected"),
    [
        pytest.param(
            "Hanno votato contro Giulia Ferri (Confartigianato) e altri.",
            [("Giulia Ferri", "PER"), ("Confartigianato", "LOC")],
            [("Giulia Ferri", "PER"), ("Confartigianato", "ORG")],
            id="body-read-as-a-place",
        ),
        pytest.param(
            "Tra i soci c'è Carlo Ranieri (Ranieri), che detiene il 4%.",
            [("Carlo Ranieri", "PER"), ("Ranieri", "PER")],
            [("Carlo Ranieri", "PER"), ("Ranieri", "ORG")],
            id="family-company",
        ),
        pytest.param(
            "Hanno firmato Marta Colli (PD, AVS) e Luca Neri (FI).",
            [("Marta Colli", "PER"), ("PD", "ORG"), ("AVS", "PER"), ("Luca Neri", "PER"), ("FI", "LOC")],
            [("Marta Colli", "PER"), ("PD", "ORG"), ("AVS", "ORG"), ("Luca Neri", "PER"), ("FI", "ORG")],
            id="a-list-of-parties",
        ),
        pytest.param(
            "Ha vinto Ana Duarte (Portogallo) davanti a tutte.",
            [("Ana Duarte", "PER"), ("Portogallo", "LOC")],
            [("Ana Duarte", "PER"), ("Portogallo", "LOC")],
            id="an-athletes-country",
        ),
        pytest.param(
            "È stato arrestato Salvatore Greco (Totonno) a Napoli.",
            [("Salvatore Greco", "PER"), ("Totonno", "PER"), ("Napoli", "LOC")],
            [("Salvatore Greco", "PER"), ("Totonno", "PER"), ("Napoli", "LOC")],
            id="a-nickname",
        ),
        pytest.param(
            "Lo dice Piero Sala (ex sindaco di Lodi).",
            [("Piero Sala", "PER"), ("Lodi", "LOC")],
            [("Piero Sala", "PER"), ("Lodi", "LOC")],
            id="a-phrase-in-brackets",
        ),
        pytest.param(
            "Nel consiglio siede Jan Novak (KRT), con due deleghe.",
            [("Jan Novak", "PER")],
            [("Jan Novak", "PER"), ("KRT", "ORG")],
            id="a-lone-acronym",
        ),
        pytest.param(
            "In campo Rossi 12, Bianchi (L), Verdi 4.",
            [("Bianchi", "PER")],
            [("Bianchi", "PER")],
            id="a-roster-role",
        ),
    ],
)
def test_names_in_brackets_after_a_person_are_bodies(
    run_rule: Callable[..., list[tuple[str, str]]],
    text: str,
    mentions: list[tuple[str, str]],
    expected: list[tuple[str, str]],
) -> None:
    assert run_rule(affiliations_in_brackets, text, mentions) == expected


def test_a_persons_affiliation_is_found_in_running_text(nlp: Language) -> None:
    text = "Contrari Marco Dellavalle (Dellavalle) e Sonia Pirelli (Assoimprese Lario)."
    found = [(text[m.start : m.end], m.label) for m in find_entities(nlp(text))]
    assert ("Dellavalle", "ORG") in found, found
    assert ("Assoimprese Lario", "ORG") in found, found
