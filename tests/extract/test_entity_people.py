"""A name before its age is a person, and so is a nickname in quotes after its cue."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from spacy.language import Language

from pipeline.extract.entity_patterns import load_patterns, make_phrase_matchers
from pipeline.extract.entity_people import (
    nicknames,
    no_people_after_articles,
    people_after_bodies,
    people_by_age,
)
from pipeline.extract.entity_rules import find_rule_candidates

Labelled = list[tuple[str, str]]
RunRule = Callable[..., Labelled]  # the run_rule fixture
EntitiesOf = Callable[[str], Labelled]  # the entities_of fixture


@pytest.mark.parametrize(
    ("text", "mentions", "expected"),
    [
        pytest.param(
            "Sgarbossa, 58 anni, eletto con una lista civica, torna alla professione.",
            [],
            [("Sgarbossa", "PER")],
            id="a-surname-nobody-found",
        ),
        pytest.param(
            "L'opposto polacco Bartosz Wierzchowski, 31 anni, è il migliore.",
            [("Bartosz Wierzchowski", "ORG")],
            [("Bartosz Wierzchowski", "PER")],
            id="read-as-a-body",
        ),
        pytest.param(
            "Il padre, A. B., 42 anni, è indagato.",
            [],
            [("A. B.", "PER")],
            id="initials",
        ),
        pytest.param(
            "Secondo Ferraris, di 40 anni, la gara è aperta.",
            [],
            [("Ferraris", "PER")],
            id="a-dictionary-word-opens-the-run",
        ),
        pytest.param(
            "A Milano, 10 anni fa, nacque il progetto.",
            [("Milano", "LOC")],
            [("Milano", "LOC")],
            id="a-span-of-time",
        ),
        pytest.param(
            "Per la Regione Lombardia, 20 anni di lavoro.",
            [("Regione Lombardia", "ORG")],
            [("Regione Lombardia", "ORG")],
            id="no-age-without-anni-first",
        ),
    ],
)
def test_a_name_before_its_age_is_a_person(
    run_rule: RunRule, text: str, mentions: Labelled, expected: Labelled
) -> None:
    assert run_rule(people_by_age, text, mentions) == expected


def test_a_known_body_before_an_age_stays_a_body(entities_of: EntitiesOf) -> None:
    assert ("Confindustria", "ORG") in entities_of("Confindustria, 110 anni, festeggia a Roma.")


@pytest.mark.parametrize(
    ("text", "mentions", "expected"),
    [
        pytest.param(
            "Il centravanti Matteo Ferrandi, detto «il Cobra», ha rinnovato.",
            [("Matteo Ferrandi", "PER")],
            [("Matteo Ferrandi", "PER"), ("Cobra", "PER")],
            id="detto-with-an-article",
        ),
        pytest.param(
            "Gianluca Bertoni, noto tra i clienti come «Mister Rendimento», prometteva interessi.",
            [("Gianluca Bertoni", "PER"), ("Mister Rendimento", "ORG")],
            [("Gianluca Bertoni", "PER"), ("Mister Rendimento", "PER")],
            id="noto-come-apart",
        ),
        pytest.param(
            "Il programma, chiamato «Cellula Viva», finanzierà quattro progetti.",
            [("Cellula Viva", "PROGRAMME")],
            [("Cellula Viva", "PROGRAMME")],
            id="chiamato-is-no-cue",
        ),
        pytest.param(
            "Il sindaco ha detto «Siamo pronti» ai giornalisti.",
            [],
            [],
            id="a-quote-after-a-verb-of-saying",
        ),
        pytest.param(
            "Il boss, detto «il grande capo», è latitante.",
            [],
            [],
            id="words-in-lower-case-are-no-name",
        ),
    ],
)
def test_a_nickname_after_its_cue_is_a_person(
    run_rule: RunRule, text: str, mentions: Labelled, expected: Labelled
) -> None:
    assert run_rule(nicknames, text, mentions, patterns=False) == expected


@pytest.mark.parametrize(
    ("text", "person"),
    [
        pytest.param(
            "Il presidente nigeriano Ibrahim Adewale Okafor ha dichiarato lo stato di emergenza.",
            "Ibrahim Adewale Okafor",
            id="nationality",
        ),
        pytest.param(
            "Il presidente serbo Milan Stojković ha escluso elezioni anticipate.",
            "Milan Stojković",
            id="a-first-name-that-is-a-city",
        ),
    ],
)
def test_an_adjective_between_a_title_and_a_name_leaves_a_person(
    entities_of: EntitiesOf, text: str, person: str
) -> None:
    assert (person, "PER") in entities_of(text)


@pytest.mark.parametrize(
    ("text", "mentions", "expected"),
    [
        pytest.param(
            "Lo ha detto il segretario del Partito Democratico Matteo Renzi.",
            [("Partito Democratico Matteo Renzi", "ORG")],
            [("Partito Democratico", "ORG"), ("Matteo Renzi", "PER")],
            id="after-a-role",
        ),
        pytest.param(
            "Il pubblico ministero Paola Conti ha chiesto la condanna.",
            [("ministero Paola Conti", "ORG")],
            [("Paola Conti", "PER")],
            id="no-body",
        ),
        pytest.param(
            "Ha firmato con l'Università degli Studi di Napoli Federico II.",
            [("Università degli Studi di Napoli Federico II", "ORG")],
            [("Università degli Studi di Napoli Federico II", "ORG")],
            id="no-role-the-body-s-own-name",
        ),
        pytest.param(
            "Lo dice il presidente della Fondazione Bruno Kessler.",
            [("Fondazione Bruno Kessler", "ORG")],
            [("Fondazione Bruno Kessler", "ORG")],
            id="named-after-a-person",
        ),
        pytest.param(
            "Il cancelliere della Germania Olaf Scholz ha risposto ieri.",
            [("Germania Olaf Scholz", "LOC")],
            [("Germania", "LOC"), ("Olaf Scholz", "PER")],
            id="a-known-place-then-a-person",
        ),
        pytest.param(
            "Ha parlato il governatore della Puglia Michele Emiliano.",
            [("Puglia Michele Emiliano", "PER")],
            [("Puglia", "LOC"), ("Michele Emiliano", "PER")],
            id="read-as-one-person",
        ),
        pytest.param(
            "Il pellegrinaggio a San Giovanni Rotondo partirà domenica.",
            [("San Giovanni Rotondo", "LOC")],
            [("San Giovanni Rotondo", "LOC")],
            id="no-known-name-before-the-first-name",
        ),
    ],
)
def test_a_person_after_a_body(run_rule: RunRule, text: str, mentions: Labelled, expected: Labelled) -> None:
    assert run_rule(people_after_bodies, text, mentions) == expected


@pytest.mark.parametrize(
    ("text", "mentions", "expected"),
    [
        pytest.param(
            "Un segno di rispetto nei confronti del Santo Padre.",
            [("Santo Padre", "PER")],
            [],
            id="two-words-after-del",
        ),
        pytest.param(
            "Un elicottero della Marina Militare Italiana è stato colpito.",
            [("Marina Militare Italiana", "PER")],
            [],
            id="three-words-after-della",
        ),
        pytest.param(
            "Si ritroveranno al Victoria Park alle nove.",
            [("Victoria Park", "PER")],
            [],
            id="after-al",
        ),
        pytest.param(
            "Il corpo della Murro è stato trovato ieri.",
            [("Murro", "PER")],
            [("Murro", "PER")],
            id="a-surname-after-della-stays",
        ),
        pytest.param(
            "Lo ha detto il ministro Guido Rossi ai giornalisti.",
            [("Guido Rossi", "PER")],
            [("Guido Rossi", "PER")],
            id="a-full-name-after-a-role-stays",
        ),
        pytest.param(
            "La commissione della Regione Lazio si riunisce.",
            [("Regione Lazio", "ORG")],
            [("Regione Lazio", "ORG")],
            id="a-body-after-della-stays",
        ),
    ],
)
def test_no_full_name_of_a_person_after_an_article(
    run_rule: RunRule, text: str, mentions: Labelled, expected: Labelled
) -> None:
    assert run_rule(no_people_after_articles, text, mentions, patterns=False) == expected


@pytest.mark.parametrize(
    ("text", "person"),
    [
        ("La commissaria europea Greta van der Lind ha visitato Pescara.", "Greta van der Lind"),
        ("Il ministro Javier de la Vega ha incontrato i sindacati.", "Javier de la Vega"),
        ("Hanno firmato Giorgio Tanzi de La Stampa e Carla Ferri.", "Giorgio Tanzi"),
    ],
)
def test_the_rules_take_a_surname_after_its_particles(nlp: Language, text: str, person: str) -> None:
    """The person rules alone, before the recognizer: a first name, lower-case particles and a surname are
    one name (`van der`, `de la`), never a first name and a particle; a capitalised article after a
    particle opens a body's name (`de La Stampa`)."""
    doc = nlp.make_doc(text)
    patterns = load_patterns()
    found = find_rule_candidates(doc, make_phrase_matchers(nlp.vocab, patterns), patterns)
    people = {
        doc.text[doc[c.start].idx : doc[c.end - 1].idx + len(doc[c.end - 1])]
        for c in found
        if c.label == "PER"
    }
    assert person in people
    assert not any(p.endswith((" van", " de", " der")) for p in people)
