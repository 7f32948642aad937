"""A body named in full and then its town are two mentions; bodies that take their place stay whole."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from pipeline.extract.entity_seats import seats_apart

Labelled = list[tuple[str, str]]
RunRule = Callable[..., Labelled]  # the run_rule fixture


@pytest.mark.parametrize(
    ("text", "mention", "expected"),
    [
        pytest.param(
            "È ricoverato al Policlinico Gemelli di Roma.",
            "Policlinico Gemelli di Roma",
            [("Policlinico Gemelli", "ORG"), ("Roma", "LOC")],
            id="hospital-and-city",
        ),
        pytest.param(
            "Il reperto va al Museo di Storia Naturale di Venezia.",
            "Museo di Storia Naturale di Venezia",
            [("Museo di Storia Naturale", "ORG"), ("Venezia", "LOC")],
            id="the-last-link-only",
        ),
        pytest.param(
            "Studia all'Università degli Studi di Padova.",
            "Università degli Studi di Padova",
            [("Università degli Studi di Padova", "ORG")],
            id="a-university-keeps-its-place",
        ),
        pytest.param(
            "Lo dice la Fondazione Politecnico di Milano.",
            "Fondazione Politecnico di Milano",
            [("Fondazione Politecnico di Milano", "ORG")],
            id="the-place-of-a-body-inside",
        ),
        pytest.param(
            "Lo gestisce il Centro Islamico Culturale d'Italia.",
            "Centro Islamico Culturale d' Italia",
            [("Centro Islamico Culturale d'Italia", "ORG")],
            id="a-country-is-no-seat",
        ),
        pytest.param(
            "Parla la Procura di Trani.",
            "Procura di Trani",
            [("Procura di Trani", "ORG")],
            id="one-word-before-the-seat",
        ),
    ],
)
def test_a_seat_after_a_full_name_is_a_place(
    run_rule: RunRule, text: str, mention: str, expected: Labelled
) -> None:
    assert run_rule(seats_apart, text, [(mention, "ORG")]) == expected
