"""Funder, recipients and kinds read from Italian grammar (`tests/gold/FUNDING.md` §2–§4): names as the
document writes them, a body's organ for the body, agents, owners of calls and funding nouns, subjects
before and after their verb, managers and guarantors, several payers; verb forms, rounds, averages and
valuations, bounds, totals, 'each' of N, shares of a total, headline numbers."""

from __future__ import annotations

from decimal import Decimal

import pytest

from pipeline.extract.amounts import find_amounts
from pipeline.extract.funding import FundingMatch, find_funding
from pipeline.extract.funding_amounts import implied_funding_amounts
from pipeline.extract.funding_categories import category_at
from pipeline.extract.funding_roles import Named


def _named(text: str, names: list[tuple[str, str]] | list[tuple[str, str, str]]) -> list[Named]:
    out = []
    for row in names:
        surface, label = row[0], row[1]
        canonical = row[2] if len(row) > 2 else surface  # type: ignore[misc]
        at = text.index(surface)
        out.append(Named(at, at + len(surface), label, canonical, f"{label}:{canonical.lower()}"))
    return out


def _facts(text: str, *names: tuple[str, str] | tuple[str, str, str]) -> dict[str, FundingMatch]:
    named = _named(text, list(names))  # type: ignore[arg-type]
    return {text[f.start : f.end]: f for f in find_funding(text, find_amounts(text), named)}


def test_a_body_is_named_as_the_document_writes_it_not_as_the_registry_does():
    text = "L'Università di Pavia riceverà 300.000 euro dalla Regione Lombardia."
    f = _facts(
        text,
        ("Università di Pavia", "ORG", "Università degli Studi di Pavia"),
        ("Regione Lombardia", "ORG"),
    )["300.000 euro"]
    assert (f.funder, f.recipients) == ("Regione Lombardia", ("Università di Pavia",))


def test_a_head_word_alone_stands_for_the_one_body_named_in_full():
    text = (
        "Il Ministero della Cultura ha firmato l'accordo con il Comune di Lucca. "
        "Le risorse assegnate dal Ministero ammontano a 2 milioni di euro."
    )
    f = _facts(text, ("Ministero della Cultura", "ORG"), ("Comune di Lucca", "ORG"), ("Ministero", "ORG"))
    assert f["2 milioni di euro"].funder == "Ministero della Cultura"


@pytest.mark.parametrize(
    ("text", "names", "funder"),
    [
        pytest.param(
            "La Giunta comunale di Lecco ha stanziato 40.000 euro per i centri estivi.",
            [("Giunta comunale", "ORG"), ("Lecco", "LOC")],
            "Comune di Lecco",
            id="town-council-with-its-place",
        ),
        pytest.param(
            "La giunta regionale dell'Umbria ha destinato 3 milioni di euro ai borghi.",
            [("giunta regionale", "ORG"), ("Umbria", "LOC")],
            "Regione Umbria",
            id="regional-council-with-its-region",
        ),
        pytest.param(
            "La Giunta regionale marchigiana ha destinato 2 milioni di euro ai teatri storici.",
            [("Giunta regionale marchigiana", "ORG")],
            "Regione Marche",
            id="regional-council-with-the-adjective-of-its-region",
        ),
        pytest.param(
            "Il Ministro dell'Agricoltura e della Sovranità Alimentare ha firmato il decreto che assegna "
            "12 milioni di euro ai consorzi di bonifica.",
            [("Sovranità Alimentare", "ORG")],
            "Ministero dell'Agricoltura e della Sovranità Alimentare",
            id="a-minister-stands-for-the-ministry",
        ),
        pytest.param(
            "La ministra della Cultura Livia Mancini ha stanziato 4 milioni di euro per i teatri storici.",
            [("Livia Mancini", "PER")],
            "Ministero della Cultura",
            id="a-ministers-name-after-the-domain-is-no-part-of-it",
        ),
        pytest.param(
            "La Regione Autonoma della Sardegna rinnova il bando. Il Consiglio regionale sardo ha stanziato "
            "5 milioni di euro per i musei civici.",
            [("Regione Autonoma della Sardegna", "ORG"), ("Consiglio regionale sardo", "ORG")],
            "Regione Autonoma della Sardegna",
            id="the-region-the-document-names-in-full",
        ),
        pytest.param(
            "Il consiglio di amministrazione della Fondazione Alfa ha deliberato 500.000 euro per i musei.",
            [("Fondazione Alfa", "ORG")],
            "Fondazione Alfa",
            id="board-of-a-foundation",
        ),
        pytest.param(
            "Il Comitato di gestione della Fondazione Beta ha assegnato 70.000 euro alle scuole.",
            [("Comitato di gestione della Fondazione Beta", "ORG")],
            "Fondazione Beta",
            id="organ-and-body-taken-as-one-name",
        ),
        pytest.param(
            "Il Consiglio di Stato ha confermato la sanzione di 1 milione di euro.",
            [("Consiglio di Stato", "ORG")],
            None,
            id="a-council-that-is-a-body-of-its-own",
        ),
        pytest.param(
            "Parchi, il Comune di Ardesio rifà le altalene. La giunta ha stanziato 40.000 euro.",
            [("Comune di Ardesio", "ORG"), ("giunta", "ORG")],
            "Comune di Ardesio",
            id="a-bare-giunta-of-the-one-public-body-named",
        ),
        pytest.param(
            "Il Comune di Ardesio e la Regione Lombardia firmano. La giunta ha stanziato 40.000 euro.",
            [("Comune di Ardesio", "ORG"), ("Regione Lombardia", "ORG"), ("giunta", "ORG")],
            "giunta",
            id="a-bare-giunta-among-two-public-bodies",
        ),
    ],
)
def test_an_organ_stands_for_its_body(text, names, funder):
    (f,) = _facts(text, *names).values()
    assert f.funder == funder


@pytest.mark.parametrize(
    ("text", "names", "amount", "funder"),
    [
        pytest.param(
            "Con un contributo di 250mila euro della Fondazione Gamma il museo rinnova le sale.",
            [("Fondazione Gamma", "ORG")],
            "250mila euro",
            "Fondazione Gamma",
            id="funding-noun-amount-owner",
        ),
        pytest.param(
            "Grazie al bando «Cultura viva» della Fondazione Delta, la biblioteca riceverà 60.000 euro.",
            [("Fondazione Delta", "ORG")],
            "60.000 euro",
            "Fondazione Delta",
            id="owner-of-a-titled-call",
        ),
        pytest.param(
            "Piano strade 2026 della Provincia di Rieti: 9 milioni di euro di investimenti.",
            [("Piano strade 2026", "PROGRAMME"), ("Provincia di Rieti", "ORG")],
            "9 milioni di euro",
            "Provincia di Rieti",
            id="owner-of-a-programme",
        ),
        pytest.param(
            "Un premio di 10.000 euro alla cooperativa Iris: lo ha deliberato la Giunta comunale di Asti.",
            [("Iris", "ORG"), ("Giunta comunale", "ORG"), ("Asti", "LOC")],
            "10.000 euro",
            "Comune di Asti",
            id="subject-after-its-verb",
        ),
        pytest.param(
            "Sono stati concessi da parte di Finsarda 3 milioni di euro di prestiti alle imprese.",
            [("Finsarda", "PER")],
            "3 milioni di euro",
            "Finsarda",
            id="agent-of-any-label",
        ),
        pytest.param(
            "Omega Bio ha chiuso un round da 4 milioni di euro guidato da Orsa Capital.",
            [],
            "4 milioni di euro",
            "Orsa Capital",
            id="lead-investor-the-entity-stage-missed",
        ),
        pytest.param(
            "Sidera, la startup nata dalla Università di Pisa, ha raccolto 1 milione di euro.",
            [("Università di Pisa", "ORG")],
            "1 milione di euro",
            None,
            id="origin-is-no-agent",
        ),
        pytest.param(
            "L'emissione da 2 miliardi di euro è garantita da un consorzio guidato da Banca Alfa.",
            [("Banca Alfa", "ORG")],
            "2 miliardi di euro",
            None,
            id="a-guarantor-does-not-pay",
        ),
        pytest.param(
            "Finmarche gestirà per conto della Regione Marche un fondo con una dotazione di 20 milioni.",
            [("Regione Marche", "ORG")],
            "20 milioni",
            "Regione Marche",
            id="manager-for-a-body",
        ),
        pytest.param(
            "L'Ateneo di Siena e la Banca Sigma investiranno 6 milioni di euro nel nuovo centro.",
            [("Ateneo di Siena", "ORG"), ("Banca Sigma", "ORG")],
            "6 milioni di euro",
            None,
            id="several-payers-none-leading",
        ),
        pytest.param(
            "La Fondazione Kappa apre il bando per le scuole: 800.000 euro per i laboratori.",
            [("Fondazione Kappa", "ORG")],
            "800.000 euro",
            "Fondazione Kappa",
            id="who-opens-a-call",
        ),
    ],
)
def test_the_funder_of_a_sentence(text, names, amount, funder):
    assert _facts(text, *names)[amount].funder == funder


def test_each_amount_takes_the_agent_right_after_it():
    text = (
        "Per il parco sono stati stanziati 5 milioni di euro: 3 milioni da Regione Liguria "
        "e 2 milioni dalla Fondazione Zeta."
    )
    f = _facts(text, ("Regione Liguria", "ORG"), ("Fondazione Zeta", "ORG"))
    assert f["5 milioni di euro"].funder is None
    assert f["3 milioni"].funder == "Regione Liguria"
    assert f["2 milioni"].funder == "Fondazione Zeta"


def test_an_agent_of_a_part_is_not_the_funder_of_the_whole():
    text = "L'intervento, finanziato con 800.000 euro, la metà dei quali da Regione Toscana, parte a maggio."
    assert _facts(text, ("Regione Toscana", "ORG"))["800.000 euro"].funder is None


def _all(text: str, *names: tuple[str, str]) -> list[FundingMatch]:
    amounts = sorted(
        [*find_amounts(text), *implied_funding_amounts(text, find_amounts(text))], key=lambda a: a.start
    )
    return find_funding(text, amounts, _named(text, list(names)))


@pytest.mark.parametrize(
    ("text", "amount", "kind", "counts"),
    [
        pytest.param(
            "La Provincia erogherà 40.000 euro alle biblioteche civiche.",
            "40.000 euro",
            "grant",
            True,
            id="future-of-a-verb-in-care",
        ),
        pytest.param(
            "La Fondazione destinerà 300.000 euro ai giovani musicisti.",
            "300.000 euro",
            "allocation",
            True,
            id="future-of-destinare",
        ),
        pytest.param(
            "Lumina ha raccolto 3 milioni di euro in un round guidato da Beta Ventures.",
            "3 milioni di euro",
            "investment",
            True,
            id="funding-round",
        ),
        pytest.param(
            "Il fondo ha sostenuto 40 imprese, per un importo medio di 20.000 euro.",
            "20.000 euro",
            "other",
            False,
            id="an-average-is-no-commitment",
        ),
        pytest.param(
            "La valutazione della società è di 15 milioni di euro.",
            "15 milioni di euro",
            "other",
            False,
            id="a-valuation",
        ),
        pytest.param(
            "Il contributo non può superare 80.000 euro.",
            "80.000 euro",
            "cap",
            False,
            id="cannot-exceed",
        ),
        pytest.param(
            "Il bando finanzia progetti di ricerca; le spese minime ammissibili sono pari a 30.000 euro.",
            "30.000 euro",
            "threshold",
            False,
            id="a-minimum-spend",
        ),
        pytest.param(
            "Mezzo milione di euro per la biblioteca di Rho: la Fondazione Ypsilon finanzia il restauro "
            "e l'ampliamento delle sale di lettura.",
            "Mezzo milione di euro",
            "grant",
            True,
            id="an-amount-opening-its-sentence",
        ),
    ],
)
def test_kinds_from_the_cues_of_the_sentence(text, amount, kind, counts):
    f = _facts(text)[amount]
    assert (f.kind, f.counts_in_total) == (kind, counts)


def test_a_grant_per_project_is_a_rate():
    facts = _facts("Il bando concede contributi compresi tra 10.000 e 50.000 euro per progetto.")
    assert not any(f.counts_in_total for f in facts.values())


def test_a_total_takes_the_cue_of_its_sentence_and_its_items_are_parts():
    text = (
        "Sono stati finanziati da Orione due progetti di ricerca: 100.000 euro all'Istituto Vega "
        "e 50.000 euro al Centro Altair, per un totale di 150.000 euro."
    )
    facts = _facts(text, ("Orione", "ORG"), ("Istituto Vega", "ORG"), ("Centro Altair", "ORG"))
    total = facts["150.000 euro"]
    assert (total.kind, total.counts_in_total, total.funder) == ("grant", True, "Orione")
    assert facts["100.000 euro"].kind == facts["50.000 euro"].kind == "part_of"


@pytest.mark.parametrize(
    ("text", "amount", "each"),
    [
        ("Il Comune ha erogato 2.000 euro ciascuno ai 30 negozi della piazza.", "2.000 euro", 30),
        ("La Regione premierà con 8.000 euro ciascuna le dodici migliori tesi.", "8.000 euro", 12),
        ("L'ente verserà 1.500 euro a ciascuno dei 1.200 studenti idonei.", "1.500 euro", 1200),
    ],
)
def test_each_of_n_named_after_each(text, amount, each):
    f = _facts(text)[amount]
    assert (f.each_count, f.counts_in_total) == (each, True)


def test_the_shares_of_a_total_handed_out_in_the_next_sentence_are_parts():
    text = (
        "Il Ministero assegna 200 milioni di euro alle Province. "
        "Le quote vanno dai 5 milioni di Rieti ai 20 milioni di Torino."
    )
    facts = {text[f.start : f.end]: f for f in _all(text, ("Ministero", "ORG"))}
    assert facts["200 milioni di euro"].counts_in_total
    assert facts["5 milioni"].kind == facts["20 milioni"].kind == "part_of"
    more = "La Regione stanzia 10 milioni di euro per le scuole. Altri 2 milioni vanno ai comuni."
    assert all(f.counts_in_total for f in _all(more, ("Regione", "ORG")))


def test_a_headline_number_is_the_money_the_body_states():
    text = "Fondazione Rho, 4 milioni per la ricerca\nLa Fondazione Rho ha stanziato 4 milioni di euro."
    found = implied_funding_amounts(text, find_amounts(text))
    assert [(text[a.start : a.end], a.value) for a in found] == [("4 milioni", Decimal("4000000"))]


def test_thousands_listed_after_an_amount_with_its_currency_are_money_and_four_add_up_to_the_whole():
    text = (
        "La Giunta di Cecina ha ripartito 50mila euro tra le associazioni culturali: 20mila euro alla "
        "Filarmonica Cecinese, 12mila al Teatro De Filippo, 10mila alla Pro Loco e 8mila al Coro Arcobaleno. "
        "Alla rassegna estiva sono attese 15mila persone."
    )
    facts = {text[f.start : f.end]: f for f in _all(text, ("Giunta", "ORG"))}
    assert list(facts) == ["50mila euro", "20mila euro", "12mila", "10mila", "8mila"]
    assert [facts[a].kind for a in ("20mila euro", "12mila", "10mila", "8mila")] == ["part_of"] * 4
    assert [f.value for f in facts.values() if f.counts_in_total] == [Decimal("50000")]


def test_a_part_after_di_cui_is_money_and_a_name_after_di_is_no_count():
    text = (
        "Il consiglio ha approvato un programma da 6 milioni di euro, di cui 2,5 milioni riservati ai musei."
    )
    found = implied_funding_amounts(text, find_amounts(text))
    assert [text[a.start : a.end] for a in found] == ["2,5 milioni"]
    text = "Il riparto è pronto: 7 milioni di euro in tutto, dai 2 milioni di Pavia ai 5 milioni di Lodi."
    found = implied_funding_amounts(text, find_amounts(text))
    assert [text[a.start : a.end] for a in found] == ["2 milioni", "5 milioni"]


@pytest.mark.parametrize(
    ("text", "names", "amount", "recipients"),
    [
        pytest.param(
            "La Regione ha assegnato 2 milioni di euro ai Comuni della valle di Susa.",
            [("Regione", "ORG")],
            "2 milioni di euro",
            ["comuni della valle di Susa"],
            id="complements-that-say-which",
        ),
        pytest.param(
            "Il bando mette a disposizione 900.000 euro per le micro e piccole imprese del turismo.",
            [],
            "900.000 euro",
            ["micro e piccole imprese del turismo"],
            id="adjectives-before-the-noun",
        ),
        pytest.param(
            "Sono stati erogati 600.000 euro ai 25 negozi del borgo antico danneggiati dall'alluvione.",
            [],
            "600.000 euro",
            ["negozi del borgo antico"],
            id="no-number-no-participle-clause",
        ),
        pytest.param(
            "La Regione ha stanziato 3 milioni di euro per le aziende agricole colpite dalla grandine.",
            [("Regione", "ORG")],
            "3 milioni di euro",
            ["aziende agricole"],
            id="a-participle-of-the-third-conjugation-ends-it",
        ),
        pytest.param(
            "Il bando assegna 400.000 euro alle nuove imprese nate nel 2025 in provincia.",
            [],
            "400.000 euro",
            ["nuove imprese"],
            id="an-irregular-participle-ends-it",
        ),
        pytest.param(
            "Il Comune ha stanziato 80.000 euro per gli artigiani orafi e argentieri iscritti all'albo.",
            [("Comune", "ORG")],
            "80.000 euro",
            ["artigiani orafi e argentieri"],
            id="adjectives-joined-by-e",
        ),
        pytest.param(
            "La Provincia assegna 150.000 euro alle scuole dell'infanzia e della primaria di montagna.",
            [("Provincia", "ORG")],
            "150.000 euro",
            ["scuole dell'infanzia e della primaria di montagna"],
            id="complements-joined-by-e",
        ),
        pytest.param(
            "La Regione destina 1,1 milioni di euro ai distretti del vino e dell'olio "
            "e alle cooperative agricole.",
            [("Regione", "ORG")],
            "1,1 milioni di euro",
            ["distretti del vino e dell'olio", "cooperative agricole"],
            id="a-category-after-e-and-an-article-is-another",
        ),
        pytest.param(
            "La Fondazione dona 60.000 euro alle parrocchie di Bormio, Livigno e Sondalo.",
            [("Fondazione", "ORG"), ("Bormio", "LOC"), ("Livigno", "LOC"), ("Sondalo", "LOC")],
            "60.000 euro",
            ["parrocchie di Bormio, Livigno e Sondalo"],
            id="places-listed-with-commas",
        ),
        pytest.param(
            "La Camera di commercio ha concesso 300.000 euro a diciotto imprese artigiane.",
            [("Camera di commercio", "ORG")],
            "300.000 euro",
            ["imprese artigiane"],
            id="a-before-a-number-word",
        ),
        pytest.param(
            "La Regione ha destinato 4 milioni di euro a borse per giovani ricercatrici under 30.",
            [("Regione", "ORG")],
            "4 milioni di euro",
            ["giovani ricercatrici"],
            id="per-before-a-category-without-article",
        ),
        pytest.param(
            "Lo sforzo finanziario per Regione Umbria è pari a 80.000 euro.",
            [("Regione Umbria", "ORG")],
            "80.000 euro",
            [],
            id="per-before-a-name-is-no-category",
        ),
        pytest.param(
            "La Provincia trasferisce 50.000 euro a ciascuno dei sei Comuni capofila della valle, "
            "per potenziare i servizi rivolti agli anziani.",
            [("Provincia", "ORG")],
            "50.000 euro",
            ["comuni capofila della valle"],
            id="each-of-n-before-a-purpose-clause",
        ),
        pytest.param(
            "Il fondo concede fino a 20.000 euro per impresa, ed è riservato alle aziende giovani.",
            [],
            "20.000 euro",
            ["imprese"],
            id="the-category-an-amount-is-per",
        ),
        pytest.param(
            "Invitalia ha concesso a Delta Srl un prestito di 500.000 euro con la misura rivolta ai giovani.",
            [("Invitalia", "ORG"), ("Delta Srl", "ORG")],
            "500.000 euro",
            ["Delta Srl"],
            id="a-named-body-over-a-category-describing-it",
        ),
        pytest.param(
            "Dodici comuni della provincia di Ascoli beneficeranno dei 3 milioni stanziati dalla Regione.",
            [("provincia di Ascoli", "LOC"), ("Regione", "ORG")],
            "3 milioni",
            ["comuni della provincia di Ascoli"],
            id="a-subject-category-holding-a-place",
        ),
        pytest.param(
            "Il Comune di Valbruna ha stanziato 200.000 euro: ne beneficeranno le famiglie numerose.",
            [("Comune di Valbruna", "ORG")],
            "200.000 euro",
            ["famiglie numerose"],
            id="the-subject-after-ne-and-a-receiving-verb",
        ),
        pytest.param(
            "La Provincia di Arezzo ha sbloccato 90.000 euro e ne beneficia il Consorzio Valdarno Servizi.",
            [("Provincia di Arezzo", "ORG"), ("Consorzio Valdarno Servizi", "ORG")],
            "90.000 euro",
            ["Consorzio Valdarno Servizi"],
            id="a-named-subject-after-ne-and-a-receiving-verb",
        ),
    ],
)
def test_the_recipients_and_their_extent(text, names, amount, recipients):
    assert list(_facts(text, *names)[amount].recipients) == recipients


@pytest.mark.parametrize(
    ("text", "extent"),
    [
        ("alle imprese innovative e startup del territorio", "imprese innovative"),
        ("alle imprese innovative e alle scuole", "imprese innovative"),
        ("ai consorzi di bonifica e imprese agricole", "consorzi di bonifica"),
        ("ai comuni di Cuneo, Asti e Alba", "comuni di Cuneo, Asti e Alba"),
        ("ai poli di ricerca e innovazione lucani", "poli di ricerca e innovazione lucani"),
    ],
)
def test_what_e_joins_to_a_category(text: str, extent: str) -> None:
    """A word joined by 'e' that opens a category of its own, or an article, ends the category."""
    found = category_at(text, text.index(" "), len(text))
    assert found is not None and found[0] == extent


def test_each_amount_of_a_list_takes_its_own_recipient():
    text = (
        "La Regione ha ripartito 9 milioni di euro tra le università della regione: 5 milioni "
        "all'Università Alfa, 3 milioni all'Università Beta e 1 milione all'Università Gamma."
    )
    names = [
        ("Regione", "ORG"),
        ("Università Alfa", "ORG"),
        ("Università Beta", "ORG"),
        ("Università Gamma", "ORG"),
    ]
    facts = {text[f.start : f.end]: f for f in _all(text, *names)}
    assert facts["9 milioni di euro"].recipients == ("università della regione",)
    assert facts["5 milioni"].recipients == ("Università Alfa",)
    assert facts["3 milioni"].recipients == ("Università Beta",)
    assert facts["1 milione"].recipients == ("Università Gamma",)


@pytest.mark.parametrize(
    ("text", "names", "amount", "recipients"),
    [
        pytest.param(
            "La Fondazione Lambda finanzia tre progetti dell'Istituto Sigma e della Scuola Tau "
            "con 900.000 euro.",
            [("Fondazione Lambda", "ORG"), ("Istituto Sigma", "ORG"), ("Scuola Tau", "ORG")],
            "900.000 euro",
            ["Istituto Sigma", "Scuola Tau"],
            id="projects-stand-for-their-owners",
        ),
        pytest.param(
            "Sono stati assegnati 1,2 milioni di euro a quindici progetti presentati da cooperative sociali.",
            [],
            "1,2 milioni di euro",
            ["cooperative sociali"],
            id="projects-presented-by",
        ),
        pytest.param(
            "Il bando assegna 2 milioni di euro a progetti di ricerca sulla fusione.",
            [],
            "2 milioni di euro",
            [],
            id="projects-with-no-owner-are-no-recipient",
        ),
        pytest.param(
            "Il Ministero ha ripartito 80 milioni di euro tra le Regioni e le Province autonome.",
            [("Ministero", "ORG")],
            "80 milioni di euro",
            ["regioni e province autonome"],
            id="two-categories-joined-by-an-article-only",
        ),
        pytest.param(
            "La Regione ha finanziato 120 Comuni della Carnia con 6 milioni di euro.",
            [("Regione", "ORG")],
            "6 milioni di euro",
            ["comuni della Carnia"],
            id="the-object-of-finanziare",
        ),
        pytest.param(
            "Ottocentomila euro vanno alla cooperativa Aurora, che gestirà il centro diurno.",
            [("Aurora", "ORG")],
            "Ottocentomila euro",
            ["Aurora"],
            id="a-type-word-before-a-name",
        ),
        pytest.param(
            "Grazie a una donazione di 300.000 euro della Banca Rho, l'Ospedale San Luca "
            "rinnova la pediatria.",
            [("Banca Rho", "ORG"), ("Ospedale San Luca", "ORG")],
            "300.000 euro",
            ["Ospedale San Luca"],
            id="who-a-grazie-a-opening-helps",
        ),
        pytest.param(
            "La Regione ha stanziato 50 milioni di euro per l'ammodernamento degli impianti sportivi. "
            "Le risorse saranno assegnate ai Comuni e alle unioni montane con un bando.",
            [("Regione", "ORG")],
            "50 milioni di euro",
            ["comuni", "unioni montane"],
            id="the-sentence-after-takes-up-the-money",
        ),
        pytest.param(
            "La Provincia ha destinato 3 milioni di euro alla messa in sicurezza degli edifici "
            "di proprietà dei Comuni montani.",
            [("Provincia", "ORG")],
            "3 milioni di euro",
            ["comuni montani"],
            id="whose-the-funded-thing-is",
        ),
        pytest.param(
            "La Fondazione Kappa ha deliberato 1 milione di euro per il nuovo laboratorio "
            "dell'Università di Udine.",
            [("Fondazione Kappa", "ORG"), ("Università di Udine", "ORG")],
            "1 milione di euro",
            ["Università di Udine"],
            id="a-body-in-a-complement-of-the-purpose",
        ),
    ],
)
def test_recipients_named_outside_the_cues(text, names, amount, recipients):
    assert list(_facts(text, *names)[amount].recipients) == recipients


def test_a_whole_and_its_parts_share_their_recipients():
    text = (
        "Il Ministero ha firmato un contratto di sviluppo con la società Orbis. "
        "Le agevolazioni concesse dal Ministero ammontano a 8 milioni di euro, "
        "di cui 3 milioni a fondo perduto."
    )
    facts = {text[f.start : f.end]: f for f in _all(text, ("Ministero", "ORG"), ("Orbis", "ORG"))}
    assert facts["8 milioni di euro"].recipients == ("Orbis",)
    assert facts["3 milioni"].recipients == ("Orbis",)
    text = (
        "Sono stati finanziati 300.000 euro a Beta Srl e 200.000 euro a Gamma Spa, "
        "per un totale di 500.000 euro."
    )
    facts = {text[f.start : f.end]: f for f in _all(text, ("Beta Srl", "ORG"), ("Gamma Spa", "ORG"))}
    assert facts["500.000 euro"].recipients == ("Beta Srl", "Gamma Spa")
    assert facts["200.000 euro"].recipients == ("Gamma Spa",)


def test_a_place_after_the_amount_and_di_is_where_the_money_goes():
    text = (
        "Il riparto assegna 40 milioni di euro alle città: si va dai 2 milioni di Lecce ai 9 milioni di Bari."
    )
    facts = {text[f.start : f.end]: f for f in _all(text, ("Lecce", "LOC"), ("Bari", "LOC"))}
    assert facts["9 milioni"].recipients == ("Bari",)


@pytest.mark.parametrize(
    ("text", "names", "funder"),
    [
        pytest.param(
            "La Compagnia di San Giorgio ha stanziato 2 milioni di euro per i musei.",
            [("Compagnia", "ORG"), ("San Giorgio", "LOC")],
            "Compagnia di San Giorgio",
            id="a-name-cut-before-its-link",
        ),
        pytest.param(
            "Il Fondo Orsa Rossi ha investito 5 milioni di euro nella società.",
            [("Fondo", "ORG"), ("Orsa Rossi", "PER")],
            "Fondo Orsa Rossi",
            id="a-name-cut-before-what-looked-like-a-person",
        ),
        pytest.param(
            "La Giunta comunale di Lecco ha stanziato 40.000 euro per i centri estivi.",
            [("Giunta comunale", "ORG"), ("Lecco", "PER")],
            "Comune di Lecco",
            id="an-organ-and-its-place-are-no-cut-name",
        ),
        pytest.param(
            "Fondazione Omega, 3 milioni di euro per la ricerca sul clima",
            [("Fondazione Omega", "ORG")],
            "Fondazione Omega",
            id="the-body-a-headline-opens-with",
        ),
    ],
)
def test_names_cut_by_the_entity_stage_and_headlines(text, names, funder):
    (f,) = _all(text, *names)
    assert f.funder == funder


def test_a_run_of_sentences_on_one_measure_keeps_its_payer():
    text = (
        "Il bando «Impresa 2030» di Regione Marche sostiene progetti di innovazione con 10 milioni di euro. "
        "Il contributo non può superare 200.000 euro per progetto; le spese minime ammissibili sono pari a "
        "40.000 euro."
    )
    facts = _facts(text, ("Regione Marche", "ORG"))
    assert [f.funder for f in facts.values()] == ["Regione Marche"] * 3


def test_receiving_subjects():
    text = "Le imprese potranno ottenere prestiti a tasso zero fino a 2 milioni di euro."
    assert _facts(text)["2 milioni di euro"].recipients == ("imprese",)
    text = "Nexa, la startup nata dal Politecnico di Bari che produce sensori, ha raccolto 4 milioni di euro."
    # the name the sentence opens with, past its apposition (funding_slots.py), never the Politecnico
    assert _facts(text, ("Politecnico di Bari", "ORG"))["4 milioni di euro"].recipients == ("Nexa",)


def test_several_payers_borrow_no_payer_from_the_sentence_before():
    text = (
        "Il Comune di Lodi ha stanziato 1 milione di euro per le strade. "
        "La Regione Lombardia e la Fondazione Cariplo hanno stanziato 10 milioni di euro per i parchi."
    )
    names = [("Comune di Lodi", "ORG"), ("Regione Lombardia", "ORG"), ("Fondazione Cariplo", "ORG")]
    assert _facts(text, *names)["10 milioni di euro"].funder is None


@pytest.mark.parametrize(
    ("text", "names", "funder"),
    [
        pytest.param(
            "La Regione Liguria, con una delibera della Giunta, ha stanziato 2 milioni di euro.",
            [("Regione Liguria", "ORG"), ("Giunta", "ORG")],
            "Regione Liguria",
            id="the-subject-before-an-incidental-phrase",
        ),
        pytest.param(
            "Come riferito dal Corriere, la Banca Zeta ha erogato 3 milioni di euro alle famiglie.",
            [("Corriere", "ORG"), ("Banca Zeta", "ORG")],
            "Banca Zeta",
            id="a-comma-joins-no-payers",
        ),
    ],
)
def test_the_subject_of_a_funding_verb(text, names, funder):
    (f,) = _facts(text, *names).values()
    assert f.funder == funder
