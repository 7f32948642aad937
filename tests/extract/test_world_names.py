"""People from outside Italy: their first names open a person's name where the other words are names,
and keep a person the model reads whose words are also English words."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from spacy.language import Language

from pipeline.extract.entity_parts import first_name_opens
from pipeline.extract.entity_patterns import load_patterns
from pipeline.extract.entity_tokens import view_tokens

Labelled = list[tuple[str, str]]
EntitiesOf = Callable[[str], Labelled]  # the entities_of fixture


def test_the_world_first_names_leave_out_words_places_and_italian_names() -> None:
    names = load_patterns().world_first_names
    assert {"Morgan", "Jairo", "Ngozi", "Lamar"} <= names
    # an Italian first name, a place name's first word, and an English word no person's name has
    assert not {"Marco", "Val", "Alfa"} & names


@pytest.mark.parametrize(
    ("text", "words", "expected"),
    [
        pytest.param("Ne ha parlato Adam Lanza.", "Adam Lanza", True, id="a-surname"),
        pytest.param("Ne ha parlato Adam West.", "Adam West", True, id="a-surname-that-is-a-word-too"),
        pytest.param(
            "Sceglie il London Stock Exchange.", "London Stock Exchange", False, id="dictionary-words"
        ),
        pytest.param("Ha vinto tre Emmy Awards.", "Emmy Awards", False, id="an-award"),
        pytest.param(
            "Il governatore di New York Andrew Cuomo.", "York Andrew Cuomo", False, id="inside-a-longer-name"
        ),
        pytest.param("Ha parlato Marco Stock.", "Marco Stock", True, id="an-italian-first-name-always"),
        pytest.param("Lo dice Morgan Stanley.", "Morgan Stanley", False, id="a-known-body"),
    ],
)
def test_a_first_name_from_outside_italy_opens_a_name_of_names(
    nlp: Language, text: str, words: str, expected: bool
) -> None:
    toks = view_tokens(nlp.make_doc(text))
    texts = [t.text for t in toks]
    wanted = words.split()
    start = next(i for i in range(len(texts)) if texts[i : i + len(wanted)] == wanted)
    assert first_name_opens(toks, start, start + len(wanted), load_patterns()) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("Il film con Morgan Freeman esce domani.", [("Morgan Freeman", "PER")], id="found"),
        pytest.param(
            "Secondo Ngozi Okonjo-Iweala il commercio crescerà.",
            [("Ngozi Okonjo-Iweala", "PER")],
            id="read-as-a-body",
        ),
        pytest.param(
            "Il libro di Norman Mailer e quello di Jimmy Wales.",
            [("Norman Mailer", "PER"), ("Jimmy Wales", "PER")],
            id="english-words",
        ),
        pytest.param(
            "La Borsa Italiana sceglie il London Stock Exchange.",
            [("Borsa Italiana", "ORG"), ("London Stock Exchange", "ORG")],
            id="a-company",
        ),
    ],
)
def test_people_from_outside_italy_in_running_text(
    entities_of: EntitiesOf, text: str, expected: Labelled
) -> None:
    assert entities_of(text) == expected
