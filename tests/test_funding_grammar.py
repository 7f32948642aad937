"""Funding rules from Italian grammar: a recipient phrase ends at its verb, prices per unit and statistics
are no funding, parts named inside a larger amount, a cue borrowed from the sentence before, damages."""

from __future__ import annotations

import pytest

from pipeline.extract.amounts import find_amounts
from pipeline.extract.funding import FundingMatch, find_funding
from pipeline.extract.funding_roles import Named


def _facts(text: str, *names: tuple[str, str]) -> dict[str, FundingMatch]:
    named = []
    for surface, label in names:
        at = text.index(surface)
        named.append(Named(at, at + len(surface), label, surface, f"{label}:{surface.lower()}"))
    return {text[f.start : f.end]: f for f in find_funding(text, find_amounts(text), named)}


def _roles(f: FundingMatch) -> tuple[str, str | None, list[str]]:
    return f.kind, f.funder, list(f.recipients)


@pytest.mark.parametrize(
    ("text", "names", "amount", "roles"),
    [
        pytest.param(
            "La Provincia di Pavia ha stanziato un contributo che per le scuole primarie ammonta a "
            "40.000 euro.",
            [("Provincia di Pavia", "ORG")],
            "40.000 euro",
            ("grant", "Provincia di Pavia", ["scuole primarie"]),
            id="a-recipient-phrase-ends-at-its-verb",
        ),
        pytest.param(
            "Il costo del gasolio è salito a 1,9 euro al litro.",
            [],
            "1,9 euro",
            ("other", None, []),
            id="a-price-per-litre",
        ),
        pytest.param(
            "Secondo lo studio la bonifica dell'area verrebbe a costare 120 euro per abitante.",
            [],
            "120 euro",
            ("other", None, []),
            id="a-cost-per-head",
        ),
        pytest.param(
            "In chiusura di seduta il valore di ogni azione è sceso a 14 euro.",
            [],
            "14 euro",
            ("other", None, []),
            id="a-price-per-share",
        ),
        pytest.param(
            "La Regione Marche assegna ai Comuni un contributo di 5 euro per abitante.",
            [("Regione Marche", "ORG")],
            "5 euro",
            ("grant", "Regione Marche", ["comuni"]),
            id="a-rate-per-head-that-a-funding-cue-governs",
        ),
        pytest.param(
            "La Provincia di Como spende ogni anno 30 milioni di euro per il personale e le sedi.",
            [("Provincia di Como", "ORG")],
            "30 milioni di euro",
            ("other", None, []),
            id="a-body-s-spending-is-a-figure",
        ),
        pytest.param(
            "Un terzo dei pensionati dichiara un reddito inferiore a 9.000 euro.",
            [],
            "9.000 euro",
            ("other", None, []),
            id="a-declared-income-is-a-statistic",
        ),
        pytest.param(
            "Le famiglie che dichiarano un ISEE inferiore a 15.000 euro possono accedere al bonus.",
            [],
            "15.000 euro",
            ("threshold", None, []),
            id="a-declared-income-that-grants-access-is-a-threshold",
        ),
        pytest.param(
            "Il Ministero dell'Istruzione ha fissato un tetto di spesa che per i licei va da 200 a 300 euro.",
            [("Ministero dell'Istruzione", "ORG")],
            "300 euro",
            ("cap", "Ministero dell'Istruzione", []),
            id="a-ceiling-set-by-a-body",
        ),
        pytest.param(
            "La fusione crea un gruppo di 120 società quotate, pari a un valore di 2 miliardi di euro, "
            "con una quota di mercato del 30%.",
            [],
            "2 miliardi di euro",
            ("other", None, []),
            id="a-market-value-is-no-cost",
        ),
    ],
)
def test_kind_funder_and_recipients(
    text: str, names: list[tuple[str, str]], amount: str, roles: tuple[str, str | None, list[str]]
) -> None:
    f = _facts(text, *names)[amount]
    assert _roles(f) == roles
    assert not f.counts_in_total or roles[0] in ("allocation", "grant")


def test_a_grant_verb_whose_object_is_no_money_lends_no_kind_to_the_next_sentence():
    text = (
        "Il giudice ha concesso l'affidamento dei figli alla madre. "
        "Il padre dovrà versare un assegno di 800 euro."
    )
    f = _facts(text)["800 euro"]
    assert f.kind == "other" and not f.counts_in_total


def test_a_funding_word_before_lends_its_kind():
    text = (
        "La Giunta ha approvato il finanziamento della nuova palestra comunale. "
        "Per completarla serviranno 2 milioni di euro."
    )
    assert _facts(text)["2 milioni di euro"].kind == "grant"


@pytest.mark.parametrize(
    ("text", "whole", "parts"),
    [
        pytest.param(
            "La squadra è stata ceduta per 40 milioni di euro, in cui sono compresi i debiti (12 milioni) "
            "e 5 milioni di euro di liquidità.",
            "40 milioni di euro",
            ("12 milioni", "5 milioni di euro"),
            id="in-cui-sono-compresi",
        ),
        pytest.param(
            "L'appalto vale 3 milioni di euro, comprensivi degli oneri per la sicurezza pari a "
            "200 mila euro.",
            "3 milioni di euro",
            ("200 mila euro",),
            id="comprensivi-di",
        ),
        pytest.param(
            "Il Comune ha stanziato 900 mila euro, di cui una prima tranche di 300 mila euro a febbraio.",
            "900 mila euro",
            ("300 mila euro",),
            id="di-cui-far-from-the-part",
        ),
    ],
)
def test_parts_named_inside_a_larger_amount(text: str, whole: str, parts: tuple[str, ...]) -> None:
    facts = _facts(text)
    for part in parts:
        assert facts[part].kind == "part_of"
        assert facts[part].part_of_start == facts[whole].start
        assert not facts[part].counts_in_total


def test_a_range_introduced_by_compreso_tra_is_no_part():
    text = "Il bando vale 10 milioni di euro, con contributi compresi tra 50 mila e 200 mila euro."
    assert _facts(text)["200 mila euro"].kind != "part_of"


def test_whom_help_is_asked_of_gets_nothing():
    text = (
        "Il Comune non ha potuto coprire il costo della festa (9.000 euro) e ha chiesto aiuto ai "
        "commercianti della zona."
    )
    assert _facts(text)["9.000 euro"].recipients == ()


def test_damages_go_to_the_object_of_risarcire_in_the_sentence_before():
    text = (
        "Il tribunale ha condannato la ditta a risarcire 15 lavoratori della sede di Monza. "
        "La somma da risarcire ammonta a 300 mila euro."
    )
    assert _roles(_facts(text)["300 mila euro"]) == ("other", None, ["lavoratori"])


def test_a_court_award_goes_to_the_person_named_in_apposition():
    text = (
        "Il giudice ha riconosciuto una provvisionale di 10.000 euro alla madre della vittima, "
        "Anna Bianchi, che la devolverà in beneficenza."
    )
    f = _facts(text, ("Anna Bianchi", "PER"))["10.000 euro"]
    assert _roles(f) == ("other", None, ["Anna Bianchi"])


def test_a_fine_names_no_recipient():
    text = "A Lecco un automobilista ha ricevuto una multa di 400 euro dalla polizia locale."
    f = _facts(text)["400 euro"]
    assert _roles(f) == ("other", None, [])


@pytest.mark.parametrize(
    "text",
    [
        "La Regione ha stanziato 20 milioni di euro per le scuole, secondo i criteri di cui all'articolo 4 "
        "del bando, e 5 milioni di euro per i Comuni.",
        "Il Ministero assegna 8 milioni di euro alle Province e, con le modalità di cui al decreto del 3 "
        "marzo, 2 milioni di euro alle Città metropolitane.",
    ],
)
def test_di_cui_of_a_legal_cross_reference_names_no_part(text: str) -> None:
    facts = _facts(text)
    smaller = min(facts.values(), key=lambda f: f.value)
    assert smaller.kind != "part_of" and smaller.counts_in_total
