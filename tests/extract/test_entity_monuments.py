"""Churches, abbeys, castles and palaces named with `di` are one place (sentences written for the tests)."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from pipeline.extract.entity_monuments import venues_as_places, whole_monuments

Labelled = list[tuple[str, str]]
RunRule = Callable[..., Labelled]  # the run_rule fixture


@pytest.mark.parametrize(
    ("text", "mentions", "expected"),
    [
        pytest.param(
            "La messa si è tenuta nel Duomo di Colonia davanti a mille fedeli.",
            [("Duomo", "LOC"), ("Colonia", "LOC")],
            [("Duomo di Colonia", "LOC")],
            id="two-pieces",
        ),
        pytest.param(
            "Il corteo è arrivato al Santuario di Nostra Signora di Bonaria in serata.",
            [("Santuario di Nostra Signora", "ORG")],
            [("Santuario di Nostra Signora di Bonaria", "LOC")],
            id="a-body-cut-short",
        ),
        pytest.param(
            "I lavori nella chiesa di San Nicola da Tolentino finiranno a maggio.",
            [("San Nicola", "LOC"), ("Tolentino", "LOC")],
            [("chiesa di San Nicola da Tolentino", "LOC")],
            id="a-saint-in-lower-case",
        ),
        pytest.param(
            "Il restauro del castello di Rovereto Alta è costato due milioni.",
            [("Rovereto Alta", "LOC")],
            [("castello di Rovereto Alta", "LOC")],
            id="a-castle-in-lower-case",
        ),
        pytest.param(
            "Il vescovo ha celebrato nella cattedrale di Palermo la messa di Natale.",
            [("Palermo", "LOC")],
            [("Palermo", "LOC")],
            id="a-common-noun-before-a-town",
        ),
        pytest.param(
            "Il presidio si è spostato sotto il palazzo della Regione.",
            [("Regione", "ORG")],
            [("Regione", "ORG")],
            id="a-palace-in-lower-case",
        ),
        pytest.param(
            "La Chiesa di Inghilterra ha eletto il nuovo primate.",
            [("Chiesa di Inghilterra", "ORG")],
            [("Chiesa di Inghilterra", "ORG")],
            id="a-church-of-a-country-is-a-body",
        ),
        pytest.param(
            "Gli studenti hanno visitato la Basilica di San Marco in Vincoli con la guida.",
            [("Basilica di San Marco in Vincoli", "LOC")],
            [("Basilica di San Marco in Vincoli", "LOC")],
            id="a-longer-mention-stays",
        ),
    ],
)
def test_a_monument_named_with_di_is_one_place(
    run_rule: RunRule, text: str, mentions: Labelled, expected: Labelled
) -> None:
    assert run_rule(whole_monuments, text, mentions) == expected


def test_the_pipeline_reads_a_church_named_after_a_saint_whole(
    entities_of: Callable[[str], Labelled],
) -> None:
    found = entities_of("Il vescovo ha celebrato nella Cattedrale di San Lorenzo a Genova.")
    assert found == [("Cattedrale di San Lorenzo", "LOC"), ("Genova", "LOC")]
    assert entities_of("Il concerto si terrà nel Santuario di Nostra Signora di Montenero.") == [
        ("Santuario di Nostra Signora di Montenero", "LOC")
    ]
    # a town after `di` is the monument's seat
    assert entities_of("La mostra apre al Palazzo dei Diamanti di Ferrara.") == [
        ("Palazzo dei Diamanti", "LOC"),
        ("Ferrara", "LOC"),
    ]


@pytest.mark.parametrize(
    ("text", "mentions", "expected"),
    [
        pytest.param(
            "Il vertice sui dazi si è tenuto a Palazzo Chigi con le associazioni di categoria.",
            [("Palazzo Chigi", "ORG")],
            [("Palazzo Chigi", "LOC")],
            id="a-meeting-at-a-seat-of-government",
        ),
        pytest.param(
            "La Sinfonietta di Vilnius suonerà al PalaDozza sabato sera.",
            [("Sinfonietta di Vilnius", "ORG"), ("PalaDozza", "ORG")],
            [("Sinfonietta di Vilnius", "ORG"), ("PalaDozza", "LOC")],
            id="a-sports-hall",
        ),
        pytest.param(
            "Palazzo Chigi ha smentito le indiscrezioni sul rimpasto.",
            [("Palazzo Chigi", "ORG")],
            [("Palazzo Chigi", "ORG")],
            id="the-government-that-acts",
        ),
        pytest.param(
            "Il paziente è stato trasferito al Policlinico Umberto Primo.",
            [("Policlinico Umberto Primo", "ORG")],
            [("Policlinico Umberto Primo", "ORG")],
            id="a-hospital-stays-a-body",
        ),
        pytest.param(
            "La Casa Verde ha ospitato al Teatro Rossetti la sua rassegna.",
            [("Casa Verde", "ORG"), ("Teatro Rossetti", "ORG")],
            [("Casa Verde", "ORG"), ("Teatro Rossetti", "LOC")],
            id="a-theatre-and-a-house-that-is-no-casa-bianca",
        ),
    ],
)
def test_a_venue_after_a_preposition_of_place_is_a_place(
    run_rule: RunRule, text: str, mentions: Labelled, expected: Labelled
) -> None:
    assert run_rule(venues_as_places, text, mentions, patterns=False) == expected


def test_the_pipeline_reads_a_seat_of_government_after_a_preposition_as_a_place(
    entities_of: Callable[[str], Labelled],
) -> None:
    found = entities_of("Il consiglio supremo di difesa si è riunito ieri al Quirinale per tre ore.")
    assert ("Quirinale", "LOC") in found
