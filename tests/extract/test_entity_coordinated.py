"""Two bodies joined by `e` and a genitive link are two mentions (sentences written for the tests)."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from pipeline.extract.entity_clauses import split_coordinated_bodies

Labelled = list[tuple[str, str]]
RunRule = Callable[..., Labelled]  # the run_rule fixture


@pytest.mark.parametrize(
    ("text", "mentions", "expected"),
    [
        pytest.param(
            "Il progetto è dell'Università di Urbino e della Fondazione Carifano.",
            [("Università di Urbino e della Fondazione Carifano", "ORG")],
            [("Università di Urbino", "ORG"), ("Fondazione Carifano", "ORG")],
            id="a-university-and-a-foundation",
        ),
        pytest.param(
            "Il bando è del Ministero delle Imprese e del Made in Italy.",
            [("Ministero delle Imprese e del Made in Italy", "ORG")],
            [("Ministero delle Imprese e del Made in Italy", "ORG")],
            id="a-ministrys-two-domains-stay-one-name",
        ),
        pytest.param(
            "Firmano i presidenti della Regione Molise e della Provincia di Isernia.",
            [("Regione Molise e della Provincia di Isernia", "ORG")],
            [("Regione Molise", "ORG"), ("Provincia di Isernia", "ORG")],
            id="a-region-and-a-province",
        ),
        pytest.param(
            "Lo stabilimento di Gemona e della Carnia riapre.",
            [("Gemona e della Carnia", "LOC")],
            [("Gemona e della Carnia", "LOC")],
            id="places-are-not-read",
        ),
    ],
)
def test_two_bodies_joined_by_e_and_a_genitive_are_two(
    run_rule: RunRule, text: str, mentions: Labelled, expected: Labelled
) -> None:
    assert run_rule(split_coordinated_bodies, text, mentions) == expected


def test_the_pipeline_reads_two_joined_bodies_as_two(entities_of: Callable[[str], Labelled]) -> None:
    found = entities_of(
        "Il laboratorio nasce dalla collaborazione dell'Università di Camerino e della Banca Picena."
    )
    assert ("Università di Camerino", "ORG") in found
    assert ("Banca Picena", "ORG") in found
