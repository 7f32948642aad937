"""A name after a noun of its kind is a body; a body's one-word name written again is that body again."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from pipeline.extract.entity_kinds import bodies_after_kind_nouns
from pipeline.extract.entity_merge import add_repeated_body_names

Labelled = list[tuple[str, str]]
RunRule = Callable[..., Labelled]  # the run_rule fixture
EntitiesOf = Callable[[str], Labelled]  # the entities_of fixture


@pytest.mark.parametrize(
    ("text", "mentions", "expected"),
    [
        pytest.param(
            "Lo ha scritto il quotidiano Haaretz.",
            [("Haaretz", "PER")],
            [("Haaretz", "ORG")],
            id="newspaper",
        ),
        pytest.param(
            "La banca scozzese Caledonian Trust chiude 60 filiali.",
            [("Caledonian Trust", "LOC")],
            [("Caledonian Trust", "ORG")],
            id="with-an-adjective",
        ),
        pytest.param(
            "I contratti sono firmati dai sindacati Fabi e Fisac.",
            [("Fabi", "PER")],
            [("Fabi", "ORG")],
            id="plural-articulated-preposition",
        ),
        pytest.param(
            "Il paziente è all'ospedale di Grenoble.",
            [("Grenoble", "PER")],
            [("Grenoble", "PER")],
            id="a-preposition-breaks-the-link",
        ),
        pytest.param(
            "Un gruppo di fisici guidato da Riccardo Lo Presti.",
            [("Riccardo Lo Presti", "PER")],
            [("Riccardo Lo Presti", "PER")],
            id="a-verb-breaks-the-link",
        ),
        pytest.param(
            "Parla il presidente del comitato regionale lombardo Massimo Bugada.",
            [("Massimo Bugada", "PER")],
            [("Massimo Bugada", "PER")],
            id="a-person-with-a-first-name",
        ),
        pytest.param(
            "Il sito del gruppo Milano sarà chiuso.",
            [("Milano", "LOC")],
            [("Milano", "LOC")],
            id="a-place-of-the-gazetteer",
        ),
        pytest.param(
            "Lo ha riferito l'emittente NOS.",
            [],
            [("NOS", "ORG")],
            id="an-acronym-nobody-found",
        ),
        pytest.param(
            "Secondo il produttore di semiconduttori Arcadia Chips, la fabbrica aprirà.",
            [],
            [("Arcadia Chips", "ORG")],
            id="after-a-complement",
        ),
        pytest.param(
            "Per la squadra di mister Pedretti è la quinta vittoria.",
            [("Pedretti", "PER")],
            [("Pedretti", "PER")],
            id="a-title-is-no-complement",
        ),
        pytest.param(
            "Il sistema precarica i dati della banca dati IPA.",
            [],
            [],
            id="a-database-is-no-bank",
        ),
        pytest.param(
            "Accedi con la piattaforma SPID o con il marchio Dolce Murgia.",
            [],
            [],
            id="platforms-and-brands-are-no-bodies",
        ),
        pytest.param(
            "Pertanto, Ho Indicato L'Iban Associato Al Conto Dell'ente Nella Domanda Di Erogazione.",
            [],
            [],
            id="not-in-title-case",
        ),
        pytest.param(
            "La start-up milanese Verdefarm ha debuttato in Borsa.",
            [("Verdefarm", "PER")],
            [("Verdefarm", "ORG")],
            id="a-hyphenated-kind",
        ),
        pytest.param(
            "Gli studenti del liceo scientifico Galileo Ferraris hanno vinto.",
            [("Galileo Ferraris", "PER")],
            [("Galileo Ferraris", "ORG")],
            id="a-school-named-after-a-person",
        ),
        pytest.param(
            "Quotidiano Haaretz",
            [("Haaretz", "PER")],
            [("Haaretz", "PER")],
            id="no-article",
        ),
        pytest.param(
            'Lo ha scritto il quotidiano " Folha de Lisboa ", che cita fonti vicine.',
            [("Folha", "PER"), ("Lisboa", "LOC")],
            [("Folha de Lisboa", "ORG")],
            id="a-name-in-quotes",
        ),
        pytest.param(
            "Lo ha detto il direttore della società «Tunnel della Manica», ieri.",
            [("Manica", "LOC")],
            [("Tunnel della Manica", "ORG")],
            id="a-name-in-quotes-with-lower-case-words",
        ),
        pytest.param(
            "Sono nel portale «Sistema Tessere» da ieri.",
            [("Sistema Tessere", "PROGRAMME")],
            [("Sistema Tessere", "PROGRAMME")],
            id="quotes-after-no-kind-of-body",
        ),
        pytest.param(
            'La società " Eurostar. Poi è partito.',
            [("Eurostar", "ORG")],
            [("Eurostar", "ORG")],
            id="quotes-that-do-not-close-in-the-sentence",
        ),
    ],
)
def test_a_name_after_a_noun_of_its_kind_is_a_body(
    run_rule: RunRule, text: str, mentions: Labelled, expected: Labelled
) -> None:
    assert run_rule(bodies_after_kind_nouns, text, mentions) == expected


@pytest.mark.parametrize(
    ("text", "mentions", "expected"),
    [
        pytest.param(
            "Round per Nerovolt\nLa startup Nerovolt chiude un round.",
            [("Nerovolt", "ORG")],
            [("Nerovolt", "ORG"), ("Nerovolt", "ORG")],
            id="headline",
        ),
        pytest.param(
            "Parla Sala. La Sala del consiglio è piena.",
            [("Sala", "ORG")],
            [("Sala", "ORG")],
            id="a-dictionary-word",
        ),
        pytest.param(
            "La AZIENDA NEROVOLT SRL\nLa startup Nerovolt chiude.",
            [("Nerovolt", "ORG")],
            [("Nerovolt", "ORG")],
            id="other-case",
        ),
        pytest.param(
            "Nerovolt e Voltara\nLa società Nerovolt chiude, Nerovolt riapre.",
            [("Nerovolt", "PER"), ("Nerovolt", "ORG")],
            [("Nerovolt", "PER"), ("Nerovolt", "ORG"), ("Nerovolt", "ORG")],
            id="found-as-something-else-stays",
        ),
    ],
)
def test_a_body_named_again_is_that_body(
    run_rule: RunRule, text: str, mentions: Labelled, expected: Labelled
) -> None:
    assert run_rule(add_repeated_body_names, text, mentions) == expected


def test_the_pipeline_reads_the_body_a_kind_noun_introduces(entities_of: EntitiesOf) -> None:
    text = "Secondo il quotidiano tedesco Handelsblatt, l'azienda riceverà 400 milioni di euro."
    assert ("Handelsblatt", "ORG") in entities_of(text)


def test_a_known_acronym_written_with_one_capital_is_the_body(entities_of: EntitiesOf) -> None:
    from pipeline.extract.entity_patterns import load_patterns, title_case_acronyms

    found = entities_of("L'Enac ha concesso la licenza e l'Infn ha firmato l'accordo.")
    assert ("Enac", "ORG") in found and ("Infn", "ORG") in found, found
    # a title-case form that is a word, a first name or a place is left out: the registry writes towns'
    # short forms in capitals (`MILANO`), and `Milano` stays the place
    assert title_case_acronyms({"OLAF": "OLAF", "ENAC": "ENAC"}, {"olaf"}) == {"Enac": "ENAC"}
    assert load_patterns().org_aliases.get("MILANO") is not None
    assert load_patterns().org_aliases.get("Milano") is None
