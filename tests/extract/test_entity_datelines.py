"""The place a text is filed from, at the start of a line before a dash, is a place."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from pipeline.extract.entity_datelines import datelines

Labelled = list[tuple[str, str]]
RunRule = Callable[..., Labelled]  # the run_rule fixture
EntitiesOf = Callable[[str], Labelled]  # the entities_of fixture


@pytest.mark.parametrize(
    ("text", "mentions", "expected"),
    [
        pytest.param(
            "WASHINGTON - Il Senato ha approvato la legge.",
            [("WASHINGTON", "ORG"), ("Senato", "ORG")],
            [("WASHINGTON", "LOC"), ("Senato", "ORG")],
            id="capitals-read-as-a-body",
        ),
        pytest.param(
            "Gaza, 3 febbraio - Almeno 27 persone sono morte.",
            [],
            [("Gaza", "LOC")],
            id="with-a-date-not-in-the-gazetteer",
        ),
        pytest.param(
            "PERUGIA, 14 NOVEMBRE 2025 \u2013 La giunta regionale ha approvato il piano.",
            [("PERUGIA", "PER")],
            [("PERUGIA", "LOC")],
            id="date-in-capitals-and-en-dash",
        ),
        pytest.param(
            "Comunicato\n\n**TBILISI** - Decine di migliaia di persone hanno manifestato.",
            [],
            [("TBILISI", "LOC")],
            id="in-bold-on-a-later-line",
        ),
        pytest.param(
            "Siena - Mancano poche ore al Palio.",
            [("Siena", "ORG")],
            [("Siena", "LOC")],
            id="gazetteer-place-before-a-common-word",
        ),
        pytest.param(
            "NUOVA ZELANDA - AUSTRALIA 34-17 (16-0)",
            [("NUOVA ZELANDA", "ORG"), ("AUSTRALIA", "ORG")],
            [("NUOVA ZELANDA", "ORG"), ("AUSTRALIA", "ORG")],
            id="a-match-not-a-dateline",
        ),
        pytest.param(
            "Franco Scoglio - originario delle Isole Eolie, era un allenatore.",
            [("Franco Scoglio", "PER")],
            [("Franco Scoglio", "PER")],
            id="lower-case-after-the-dash",
        ),
        pytest.param(
            "Onda - Ivanov ha vinto la corsa.",
            [("Onda", "ORG"), ("Ivanov", "PER")],
            [("Onda", "ORG"), ("Ivanov", "PER")],
            id="not-a-place-before-a-name",
        ),
        pytest.param(
            "PARTE II - Le componenti tecnologiche",
            [],
            [],
            id="a-heading-with-a-roman-numeral",
        ),
        pytest.param(
            "AI REGIO \u2013 H2020",
            [("AI REGIO", "ORG")],
            [("AI REGIO", "ORG")],
            id="no-sentence-after-the-dash",
        ),
        pytest.param(
            "Il sindaco di Roma - ha detto - non si dimette.",
            [("Roma", "ORG")],
            [("Roma", "ORG")],
            id="not-at-the-start-of-a-line",
        ),
    ],
)
def test_a_dateline_names_a_place(
    run_rule: RunRule, text: str, mentions: Labelled, expected: Labelled
) -> None:
    assert run_rule(datelines, text, mentions) == expected


@pytest.mark.parametrize(
    ("text", "place"),
    [
        pytest.param(
            "BRUXELLES - I ministri delle Finanze hanno raggiunto un accordo.", "BRUXELLES", id="capitals"
        ),
        pytest.param(
            "Napoli, 3 giugno - Il consiglio comunale ha approvato il regolamento.", "Napoli", id="dated"
        ),
    ],
)
def test_the_pipeline_reads_a_dateline_as_a_place(entities_of: EntitiesOf, text: str, place: str) -> None:
    assert (place, "LOC") in entities_of(text)
