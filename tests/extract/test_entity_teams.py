"""A town or a country that plays is its team (sentences written for the tests)."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from pipeline.extract.entity_teams import places_as_teams

Labelled = list[tuple[str, str]]
RunRule = Callable[..., Labelled]  # the run_rule fixture


@pytest.mark.parametrize(
    ("text", "mentions", "expected"),
    [
        pytest.param(
            "Il terzino Aldo Ferri, in forza al Frosinone, salterà la trasferta.",
            [("Aldo Ferri", "PER"), ("Frosinone", "LOC")],
            [("Aldo Ferri", "PER"), ("Frosinone", "ORG")],
            id="in-forza-al",
        ),
        pytest.param(
            "Cremona batte Trapani al supplementare e pareggia la serie.",
            [("Cremona", "LOC"), ("Trapani", "LOC")],
            [("Cremona", "ORG"), ("Trapani", "ORG")],
            id="who-beats-whom",
        ),
        pytest.param(
            "Il derby tra Genova e Sampdoria si giocherà di sera.",
            [("Genova", "LOC"), ("Sampdoria", "LOC")],
            [("Genova", "ORG"), ("Sampdoria", "ORG")],
            id="both-sides-of-a-derby",
        ),
        pytest.param(
            "Il treno tra Genova e Savona è stato soppresso.",
            [("Genova", "LOC"), ("Savona", "LOC")],
            [("Genova", "LOC"), ("Savona", "LOC")],
            id="a-train-between-two-towns",
        ),
        pytest.param(
            "La Norvegia ha vinto le elezioni per il seggio, mentre Oslo resta in attesa.",
            [("Norvegia", "ORG"), ("Oslo", "LOC")],
            [("Norvegia", "ORG"), ("Oslo", "LOC")],
            id="a-place-that-does-not-play",
        ),
    ],
)
def test_a_place_that_plays_is_its_team(
    run_rule: RunRule, text: str, mentions: Labelled, expected: Labelled
) -> None:
    assert run_rule(places_as_teams, text, mentions, patterns=False) == expected


def test_the_pipeline_reads_a_town_in_a_players_shirt_as_its_team(
    entities_of: Callable[[str], Labelled],
) -> None:
    assert entities_of("Il giovane difensore ha esordito con la maglia del Cittadella.") == [
        ("Cittadella", "ORG")
    ]
    assert entities_of("Basket, Cremona batte Trapani al supplementare.") == [
        ("Cremona", "ORG"),
        ("Trapani", "ORG"),
    ]
