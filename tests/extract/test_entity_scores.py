"""A team's name ends before the score written after it."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from pipeline.extract.entity_fill import scores_off_names

Labelled = list[tuple[str, str]]
RunRule = Callable[..., Labelled]  # the run_rule fixture
EntitiesOf = Callable[[str], Labelled]  # the entities_of fixture


@pytest.mark.parametrize(
    ("text", "mentions", "expected"),
    [
        pytest.param(
            "La Svizzera batte la Polonia 2-1 a Siviglia.", [("Polonia 2", "ORG")], ["Polonia"], id="dash"
        ),
        pytest.param(
            "Passa il Cagliari 2\u20131 a Monza.", [("Cagliari 2\u20131", "ORG")], ["Cagliari"], id="en-dash"
        ),
        pytest.param("Il Cluster 6 ha 40 soci.", [("Cluster 6", "ORG")], ["Cluster 6"], id="a-name-s-number"),
        pytest.param(
            "Nella gara tra Italia e Francia 3 - 0 per noi.", [("Francia 3", "ORG")], ["Francia"], id="spaced"
        ),
    ],
)
def test_a_score_is_not_part_of_a_name(
    run_rule: RunRule, text: str, mentions: Labelled, expected: list[str]
) -> None:
    assert [words for words, _ in run_rule(scores_off_names, text, mentions, patterns=False)] == expected


def test_the_pipeline_reads_a_team_before_its_score(entities_of: EntitiesOf) -> None:
    found = [
        words
        for words, _ in entities_of("Ai Mondiali, l'Ucraina ha battuto la Slovacchia 1-0 e si è qualificata.")
    ]
    assert "Slovacchia" in found and not any(f.startswith("Slovacchia ") for f in found), found
