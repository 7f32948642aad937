"""Bounds and checks of the model's mentions, and the mentions a document vouches for itself."""

from __future__ import annotations

from typing import Any

import pytest
import spacy

from pipeline.extract.entities import find_entities
from pipeline.extract.entity_fill import acronyms_after_roles, address_places, spelled_out_acronyms
from pipeline.extract.entity_merge import add_surname_mentions, merge_model_first
from pipeline.extract.entity_model_checks import heading_lines, is_topic_not_person, lower_words
from pipeline.extract.entity_patterns import load_patterns
from pipeline.extract.entity_priorities import PRIORITY
from pipeline.extract.entity_spans import (
    clean_model_mentions,
    cut_at_amount,
    cut_at_date,
    cut_at_paragraph,
    cut_at_sentence_end,
    cut_person_at_role,
    drop_words_before_first_name,
    is_full_person_name,
    join_nicknames,
)
from pipeline.extract.entity_tokens import RuleSpan, Toks, span_text, view_tokens

PATTERNS = load_patterns()
_BLANK = spacy.blank("it")


def _toks(text: str) -> Toks:
    return view_tokens(_BLANK(text))


def _span(toks: Toks, surface: str, label: str, priority: int = PRIORITY.model) -> RuleSpan:
    """The mention of `surface` (the first one), as token offsets."""
    words = [t.text for t in _BLANK(surface)]
    for i in range(len(toks) - len(words) + 1):
        if [t.text for t in toks[i : i + len(words)]] == words:
            return RuleSpan(i, i + len(words), label, priority)
    raise AssertionError(f"{surface!r} not in the tokens")


def _text(toks: Toks, cand: RuleSpan | None) -> str | None:
    return None if cand is None else span_text(toks, cand.start, cand.end)


def test_a_mention_ends_at_a_blank_line() -> None:
    toks = _toks("Giulia Neri\n\nDirettrice Ricerca e Sviluppo")
    assert _text(toks, cut_at_paragraph(toks, _span(toks, "Giulia Neri\n\nDirettrice Ricerca", "PER"))) == (
        "Giulia Neri"
    )
    toks = _toks("Giulia Neri\n\nfirma")
    assert _text(toks, cut_at_paragraph(toks, _span(toks, "Giulia Neri\n\n", "PER"))) == "Giulia Neri"


@pytest.mark.parametrize(
    ("text", "mention", "expected"),
    [
        pytest.param(
            "è nato il Fondo per l'innovazione. La sua dotazione è di 5 milioni",
            "Fondo per l'innovazione. La sua dotazione",
            "Fondo per l'innovazione",
            id="full-stop",
        ),
        pytest.param("Chi paga? Regione Puglia", "paga? Regione Puglia", "paga", id="question-mark"),
        pytest.param("la Polo Strategico S.p.A. Nuova sede", "Polo Strategico S.p.A.", None, id="legal-form"),
        pytest.param("di J. R. Tolkien e altri", "J. R. Tolkien", None, id="initials"),
        pytest.param("il Fondo 2021. 5 milioni", "Fondo 2021. 5", None, id="before-a-number"),
    ],
)
def test_a_mention_ends_at_the_end_of_a_sentence(text: str, mention: str, expected: str | None) -> None:
    toks = _toks(text)
    cand = _span(toks, mention, "ORG")
    assert _text(toks, cut_at_sentence_end(toks, cand)) == (mention if expected is None else expected)


@pytest.mark.parametrize(
    ("text", "mention", "label", "expected"),
    [
        pytest.param(
            "affidato alla Ministra Pisano ieri", "Ministra Pisano", "LOC", ("Pisano", "PER"), id="title"
        ),
        pytest.param(
            "ha detto il Sindaco Anna Maria Neri",
            "Sindaco Anna Maria Neri",
            "ORG",
            ("Anna Maria Neri", "PER"),
        ),
        pytest.param(
            "il Ministro dell'Interno ha",
            "Ministro dell'Interno",
            "ORG",
            ("Ministro dell'Interno", "ORG"),
            id="office",
        ),
        pytest.param(
            "l'esecutivo ha deciso", "esecutivo", "ORG", ("esecutivo", "ORG"), id="only-a-role-word"
        ),
    ],
)
def test_role_words_before_a_name_make_a_person_of_another_mention(
    text: str, mention: str, label: str, expected: tuple[str, str]
) -> None:
    toks = _toks(text)
    cut = cut_person_at_role(toks, _span(toks, mention, label), PATTERNS)
    assert cut is not None
    assert (_text(toks, cut), cut.label) == expected


def test_a_role_word_read_as_a_place_is_no_mention() -> None:
    toks = _toks("dichiara la Sottosegretaria al MiSE")
    assert cut_person_at_role(toks, _span(toks, "Sottosegretaria", "LOC"), PATTERNS) is None
    kept = _span(toks, "Sottosegretaria", "ORG")
    assert cut_person_at_role(toks, kept, PATTERNS) == kept


def test_a_single_line_break_does_not_end_a_mention() -> None:
    toks = _toks("Fondazione Rossi\nper la Ricerca")
    cand = _span(toks, "Fondazione Rossi\nper la Ricerca", "ORG")
    assert cut_at_paragraph(toks, cand) == cand


@pytest.mark.parametrize(
    ("text", "mention", "expected"),
    [
        pytest.param(
            "Giulia Neri Presidente Fondazione Arte", "Giulia Neri Presidente Fondazione", "Giulia Neri"
        ),
        pytest.param("ha parlato Presidente Giulia Neri ieri", "Presidente Giulia Neri", "Giulia Neri"),
        pytest.param(
            "la diva Lucia Cardinale ha", "Lucia Cardinale", "Lucia Cardinale", id="role-word-surname"
        ),
        pytest.param("il Direttore Generale arriva", "Direttore Generale", None, id="only-roles"),
    ],
)
def test_a_person_holds_no_role_word(text: str, mention: str, expected: str | None) -> None:
    toks = _toks(text)
    assert _text(toks, cut_person_at_role(toks, _span(toks, mention, "PER"), PATTERNS)) == expected


def test_capitalised_words_before_a_first_name_are_left_out() -> None:
    toks = _toks("dell'assessora a Cultura e Turismo Giulia Neri in visita")
    cand = _span(toks, "Cultura e Turismo Giulia Neri", "PER")
    assert _text(toks, drop_words_before_first_name(toks, cand, PATTERNS)) == "Giulia Neri"
    # without a known first name nothing is cut
    toks = _toks("secondo Statbox Ferrandini il dato")
    cand = _span(toks, "Statbox Ferrandini", "PER")
    assert drop_words_before_first_name(toks, cand, PATTERNS) == cand


@pytest.mark.parametrize(
    ("text", "mention", "expected"),
    [
        pytest.param("Di Datalab Marzo 12, 2019 alle 9", "Datalab Marzo 12", "Datalab", id="month-day"),
        pytest.param("Il Bollettino 5 Aprile uscirà", "Bollettino 5 Aprile", "Bollettino", id="day-month"),
        pytest.param("La Banca Aprile e Figli", "Banca Aprile e Figli", "Banca Aprile e Figli", id="no-date"),
    ],
)
def test_an_organisation_ends_before_a_date(text: str, mention: str, expected: str) -> None:
    toks = _toks(text)
    assert _text(toks, cut_at_date(toks, _span(toks, mention, "ORG"))) == expected


@pytest.mark.parametrize(
    ("text", "mention", "expected"),
    [
        pytest.param(
            "alla Città metropolitana € 3.400.000, per",
            "Città metropolitana € 3.400.000",
            "Città metropolitana",
            id="sign",
        ),
        pytest.param(
            "alla Fondazione Alfa 2 milioni di euro",
            "Fondazione Alfa 2 milioni",
            "Fondazione Alfa",
            id="scale",
        ),
        pytest.param(
            "dal Gruppo Beta 300 euro a testa", "Gruppo Beta 300 euro", "Gruppo Beta", id="currency"
        ),
        pytest.param("al Comune 450mila euro", "Comune 450mila", "Comune", id="glued"),
        pytest.param("il Municipio 3 di Roma", "Municipio 3", "Municipio 3", id="number-in-a-name"),
        pytest.param(
            "l'Istituto comprensivo 2 ha", "Istituto comprensivo 2", "Istituto comprensivo 2", id="school"
        ),
    ],
)
def test_a_name_ends_before_a_money_amount(text: str, mention: str, expected: str) -> None:
    toks = _toks(text)
    assert _text(toks, cut_at_amount(toks, _span(toks, mention, "ORG"))) == expected


def test_a_heading_line_has_every_word_capitalised() -> None:
    toks = _toks("Energia Pulita, Robotica e Nanotecnologie\nIl centro lavora su Energia Pulita.")
    headings = heading_lines(toks)
    assert headings[_span(toks, "Robotica", "PER").start]
    assert not headings[_span(toks, "centro", "PER").start]


@pytest.mark.parametrize(
    ("text", "mention", "topic"),
    [
        pytest.param("Robotica Avanzata, Nanotecnologie", "Nanotecnologie", True, id="heading-noun-shape"),
        pytest.param("Robotica Avanzata, Nanotecnologie", "Robotica Avanzata", True, id="heading-words"),
        pytest.param("Relatori: Giulia Neri, Paolo Verdi", "Paolo Verdi", False, id="heading-first-name"),
        pytest.param("I temi sono Machine Learning e altro.", "Machine Learning", True, id="prose-two-words"),
        pytest.param("Seguendo la rotta, la nave arriva.", "Seguendo", True, id="prose-verb"),
        pytest.param("Ieri il Cavaliere ha parlato a lungo.", "Cavaliere", False, id="prose-nickname"),
        pytest.param("Il cavaliere e il Cavaliere parlano.", "Cavaliere", True, id="prose-lower-elsewhere"),
        pytest.param("Ha vinto la Della Valle di turno.", "Della Valle", False, id="prose-particle"),
    ],
)
def test_topics_are_told_from_persons(text: str, mention: str, topic: bool) -> None:
    toks = _toks(text)
    cand = _span(toks, mention, "PER")
    heading = heading_lines(toks)[cand.start]
    assert is_topic_not_person(toks, cand, PATTERNS, heading, lower_words(toks)) is topic


def test_model_mentions_are_cleaned_together() -> None:
    toks = _toks("Mario Bianchi\n\nAssessore Bilancio\n\nNanotecnologie")
    model = [_span(toks, "Mario Bianchi\n\nAssessore Bilancio", "PER"), _span(toks, "Nanotecnologie", "PER")]
    assert [_text(toks, c) for c in clean_model_mentions(toks, model, PATTERNS)] == ["Mario Bianchi"]


def test_the_words_that_open_the_parts_of_an_act_are_no_names() -> None:
    toks = _toks(
        "IL CAPO DEL DIPARTIMENTO\nVISTE le norme;\nCONSIDERATO che la Regione Puglia;\nOggetto: avviso"
    )
    model = [
        _span(toks, "VISTE", "LOC"),
        _span(toks, "CONSIDERATO", "PER"),
        _span(toks, "Regione Puglia", "ORG"),
        _span(toks, "Oggetto", "LOC"),
    ]
    assert [_text(toks, c) for c in clean_model_mentions(toks, model, PATTERNS)] == ["Regione Puglia"]


def test_a_unit_of_measure_is_no_name() -> None:
    toks = _toks("La banda arriva a 100 Mbps nelle scuole di Bari.")
    model = [_span(toks, "Mbps", "PER"), _span(toks, "Bari", "LOC")]
    assert [_text(toks, c) for c in clean_model_mentions(toks, model, PATTERNS)] == ["Bari"]


def test_a_nickname_in_quotes_joins_the_name() -> None:
    toks = _toks('Ieri Marco "Lupo" Ferri ha vinto.')
    chosen = [_span(toks, "Marco", "PER"), _span(toks, "Ferri", "PER")]
    assert [_text(toks, c) for c in join_nicknames(toks, chosen)] == ['Marco "Lupo" Ferri']
    # a quoted word between two bodies is left alone
    toks = _toks('Tra Alfa "Beta" Gamma e altri.')
    chosen = [_span(toks, "Alfa", "ORG"), _span(toks, "Beta", "PER")]
    assert join_nicknames(toks, chosen) == chosen


@pytest.mark.parametrize(
    ("name", "full"),
    [
        pytest.param("Giulia Neri", True),
        pytest.param("Anna de Rosa", True),
        pytest.param("Machine Learning", False, id="dictionary-words"),
        pytest.param("Neri Assessore", False, id="role"),
        pytest.param("Paolo Innovazione", False, id="noun-shaped-surname"),
        pytest.param("Neri", False, id="one-word"),
    ],
)
def test_a_full_person_name(name: str, full: bool) -> None:
    assert is_full_person_name(name.split(), PATTERNS) is full


def test_a_surname_comes_only_from_a_full_name() -> None:
    doc = _BLANK("Parla Giulia Neri. Poi Neri firma. Il Deep Learning e il Learning.")
    toks = view_tokens(doc)
    chosen = [_span(toks, "Giulia Neri", "PER"), _span(toks, "Deep Learning", "PER")]
    found = add_surname_mentions(toks, chosen, PATTERNS)
    assert [_text(toks, c) for c in found if c.label == "PER"] == ["Giulia Neri", "Neri", "Deep Learning"]


def test_a_place_after_a_postcode() -> None:
    toks = _toks("Sede: Via Roma 10 - 24121 Bergamo")
    found = [
        _span(toks, "Bergamo", "LOC", PRIORITY.known_place),
        _span(toks, "Roma", "LOC", PRIORITY.known_place),
    ]
    assert [(_text(toks, c), c.priority) for c in address_places(toks, found)] == [
        ("Bergamo", PRIORITY.street)
    ]


def test_an_acronym_of_a_named_body() -> None:
    toks = _toks("La Rete Imprese Venete Unite cresce. RIVU apre e RIVU chiude; XYZ no.")
    name = _span(toks, "Rete Imprese Venete Unite", "ORG")
    found = [RuleSpan(c.start, c.end, "ORG", PRIORITY.acronym) for c in (_span(toks, "RIVU", "ORG"),)]
    found += [_span(toks, "XYZ", "ORG", PRIORITY.acronym)]
    chosen = spelled_out_acronyms(toks, found, [name])
    assert [_text(toks, c) for c in chosen] == ["Rete Imprese Venete Unite", "RIVU"]


@pytest.mark.parametrize(
    ("text", "mention"),
    [
        pytest.param("Sede: Via Dante 3 - 26900 Lodi", ("Lodi", "LOC"), id="address"),
        pytest.param(
            "- dichiara l'assessore all'Istruzione, Ricerca e Semplificazione Marco Bellini - il bando.",
            ("Marco Bellini", "PER"),
            id="portfolio-before-name",
        ),
        pytest.param(
            "La Rete Imprese Venete Unite (RIVU) cresce.\nRIVU apre nuove sedi a Padova.",
            ("RIVU", "ORG"),
            id="acronym-again",
        ),
    ],
)
def test_in_the_pipeline(nlp: Any, text: str, mention: tuple[str, str]) -> None:
    found = [(text[m.start : m.end], m.label) for m in find_entities(nlp(text))]
    assert found.count(mention) == text.count(mention[0])


@pytest.mark.parametrize("model_label", ["ORG", "LOC"])
def test_a_bare_head_keeps_its_mark_whatever_the_model_calls_it(model_label: str) -> None:
    toks = _toks("Regione Lombardia ha firmato. La quota a carico di Regione è pari a 40.000 euro.")
    full = _span(toks, "Regione Lombardia", "ORG", PRIORITY.strong_rule)
    at = [t.text for t in toks].index("Regione", 1)
    bare = RuleSpan(at, at + 1, "ORG", PRIORITY.bare_head, bare_head=True)
    model = [RuleSpan(at, at + 1, model_label, PRIORITY.model)]
    chosen = merge_model_first(toks, [full, bare], model, mode="longest")
    assert [c for c in chosen if c.start == at] == [bare]


@pytest.mark.parametrize(
    ("text", "acronym", "is_org"),
    [
        ("Lo ha annunciato la presidente di ASVIT durante il convegno.", "ASVIT", True),
        ("Ne ha parlato il direttore dell'ENTAB a Torino.", "ENTAB", True),
        ("Lo ha annunciato ieri la presidente insieme a ASVIT durante il convegno.", "ASVIT", False),
        ("Il file di ASVIT era pronto.", "ASVIT", False),
    ],
)
def test_an_acronym_after_an_office_and_di_is_its_body(text: str, acronym: str, is_org: bool) -> None:
    toks = _toks(text)
    cand = _span(toks, acronym, "ORG", PRIORITY.acronym)
    chosen = acronyms_after_roles(toks, [cand], [], PATTERNS.person_titles)
    assert (chosen == [RuleSpan(cand.start, cand.end, "ORG", PRIORITY.model)]) is is_org
    assert chosen in ([], [RuleSpan(cand.start, cand.end, "ORG", PRIORITY.model)])
