"""Well-known bodies and foreign places of the gazetteers, matched as the press writes them; a known
name gives way to the longer name the model reads around it."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from spacy.language import Language

from pipeline.extract.entity_merge import merge_model_first
from pipeline.extract.entity_priorities import PRIORITY
from pipeline.extract.entity_tokens import RuleSpan, span_text, view_tokens

Labelled = list[tuple[str, str]]
EntitiesOf = Callable[[str], Labelled]  # the entities_of fixture


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            "Il Consiglio superiore della magistratura ha avviato un procedimento.",
            ("Consiglio superiore della magistratura", "ORG"),
            id="registry-name-in-sentence-case",
        ),
        pytest.param(
            "L'Ispettorato nazionale del lavoro ha effettuato 300 controlli.",
            ("Ispettorato nazionale del lavoro", "ORG"),
            id="registry-name-in-lower-case-words",
        ),
        pytest.param(
            "Frontex ha chiesto agli Stati membri più personale.", ("Frontex", "ORG"), id="eu-agency"
        ),
        pytest.param(
            "Medici senza frontiere ha denunciato il bombardamento.",
            ("Medici senza frontiere", "ORG"),
            id="ngo-with-lower-case-words",
        ),
        pytest.param("A Ottawa la leader ha chiesto un voto.", ("Ottawa", "LOC"), id="foreign-capital"),
        pytest.param(
            "Il bando è finanziato dal PR FESR Lombardia 2021-2027 con 20 milioni.",
            ("PR FESR Lombardia 2021-2027", "PROGRAMME"),
            id="regional-programme",
        ),
    ],
)
def test_a_well_known_name_is_found_whole(
    entities_of: EntitiesOf, text: str, expected: tuple[str, str]
) -> None:
    assert expected in entities_of(text)


def test_a_municipality_is_matched_only_as_written(entities_of: EntitiesOf) -> None:
    # the registry's `Comune di Bella`: `bella` in lower case is the adjective
    assert ("Comune di bella", "ORG") not in entities_of("Il Comune di bella presenza ha votato.")


def test_a_regional_council_s_presidency_is_not_the_government_s(entities_of: EntitiesOf) -> None:
    found = entities_of("L'ufficio di Presidenza del Consiglio regionale ha approvato il bilancio.")
    assert ("Presidenza del Consiglio", "ORG") not in found


def test_a_body_inside_an_official_name_stays_a_body_of_its_own(entities_of: EntitiesOf) -> None:
    found = entities_of("Il Consiglio di sicurezza dell'Onu si riunisce oggi.")
    assert ("Onu", "ORG") in found
    assert ("Consiglio di sicurezza dell'Onu", "ORG") not in found


def _merge(nlp: Language, text: str, known: str, model: str) -> Labelled:
    """The merge of one known body's name and one model mention (ORG) over the words given."""
    toks = view_tokens(nlp.make_doc(text))
    words = [t.text for t in toks]

    def span(phrase: str, priority: int) -> RuleSpan:
        wanted = phrase.split()
        i = next(i for i in range(len(words)) if words[i : i + len(wanted)] == wanted)
        return RuleSpan(i, i + len(wanted), "ORG", priority)

    chosen = merge_model_first(
        toks, [span(known, PRIORITY.known_org)], [span(model, PRIORITY.model)], mode="longest"
    )
    return [(span_text(toks, c.start, c.end), c.label) for c in chosen]


@pytest.mark.parametrize(
    ("text", "known", "model", "expected"),
    [
        pytest.param(
            "Lo ha scritto BBC News ieri.", "BBC", "BBC News", [("BBC News", "ORG")], id="name-goes-on"
        ),
        pytest.param(
            "Il MoVimento 5 Stelle vota contro.",
            "5 Stelle",
            "MoVimento 5 Stelle",
            [("MoVimento 5 Stelle", "ORG")],
            id="name-starts-before",
        ),
        pytest.param(
            "L'Agenzia delle Entrate - Riscossione scrive.",
            "Agenzia delle Entrate",
            "Agenzia delle Entrate - Riscossione",
            [("Agenzia delle Entrate - Riscossione", "ORG")],
            id="dash-inside-the-name",
        ),
        pytest.param(
            "Il bando Horizon Europe \u2013 Cluster parte.",
            "Horizon Europe",
            "Horizon Europe \u2013 Cluster",
            [("Horizon Europe", "ORG")],
            id="a-dash-parts-a-heading",
        ),
        pytest.param(
            "Il Dipartimento di Stato americano conferma.",
            "Dipartimento di Stato",
            "Dipartimento di Stato americano",
            [("Dipartimento di Stato", "ORG")],
            id="lower-case-adjective-is-not-the-name",
        ),
        pytest.param(
            "Il progetto SOLARIS dell'Unione europea parte.",
            "Unione europea",
            "SOLARIS dell' Unione europea",
            [("Unione europea", "ORG")],
            id="nested-body-after-del",
        ),
    ],
)
def test_a_known_name_gives_way_only_to_a_longer_name_around_it(
    nlp: Language, text: str, known: str, model: str, expected: Labelled
) -> None:
    assert _merge(nlp, text, known, model) == expected


def test_a_company_outside_italy_is_a_body(entities_of: EntitiesOf) -> None:
    assert {("Tencent", "ORG"), ("Baidu", "ORG")} <= set(
        entities_of("Secondo Tencent e Baidu il mercato cresce.")
    )
    found = entities_of("Il titolo di Nvidia è salito, quello di Broadcom è sceso.")
    assert ("Broadcom", "ORG") in found


def test_a_known_name_after_an_indefinite_article_is_a_thing_of_its_make(entities_of: EntitiesOf) -> None:
    assert ("Fiat", "ORG") in entities_of("La Fiat ha annunciato nuovi investimenti.")
    assert ("Fiat", "ORG") not in entities_of("I rapinatori sono fuggiti a bordo di una Fiat Punto bianca.")


def test_a_known_programme_after_an_indefinite_article_stays(entities_of: EntitiesOf) -> None:
    found = entities_of("Il progetto rientra in una Missione 4 rinnovata dal governo.")
    assert ("Missione 4", "PROGRAMME") in found
