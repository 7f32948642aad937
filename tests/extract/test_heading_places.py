"""A line of names only looks like a heading, and its dictionary words like a topic; a place of the
gazetteers among them is still a place (`Italia`, `Svizzera` and `Paesi Bassi` are words too)."""

from __future__ import annotations

from collections.abc import Callable

import pytest

Labelled = list[tuple[str, str]]
EntitiesOf = Callable[[str], Labelled]  # the entities_of fixture


@pytest.mark.parametrize(
    ("text", "places"),
    [
        pytest.param(
            "Partecipanti: Austria, Italia, Svizzera.", ["Austria", "Italia", "Svizzera"], id="a-list"
        ),
        pytest.param("Italia, Francia, Svizzera", ["Italia", "Francia", "Svizzera"], id="a-line-of-names"),
    ],
)
def test_places_on_a_line_of_names(entities_of: EntitiesOf, text: str, places: list[str]) -> None:
    assert entities_of(text) == [(p, "LOC") for p in places]


def test_a_topic_on_a_heading_is_still_no_name(entities_of: EntitiesOf) -> None:
    assert entities_of("INFORMAZIONI GENERALI\n\nIl bando apre a maggio.") == []
