"""Funding rules read from Italian grammar: list leads, requests, sales and bounties, bounds on prices,
sentences that continue the one before, agreements, lead partners, a funder's share, totals; a recipient
phrase ends at its verb, prices per unit and statistics are no funding, parts named inside a larger
amount (not a legal cross-reference), a cue borrowed from the sentence before, damages."""

from __future__ import annotations

import pytest

from pipeline.extract.amounts import find_amounts
from pipeline.extract.funding import FundingMatch, find_funding
from pipeline.extract.funding_amounts import implied_funding_amounts
from pipeline.extract.funding_roles import Named


def _facts(text: str, *names: tuple[str, str]) -> dict[str, FundingMatch]:
    named = []
    for surface, label in names:
        at = text.index(surface)
        named.append(Named(at, at + len(surface), label, surface, f"{label}:{surface.lower()}"))
    return {text[f.start : f.end]: f for f in find_funding(text, find_amounts(text), named)}


def _roles(f: FundingMatch) -> tuple[str, str | None, list[str]]:
    return f.kind, f.funder, list(f.recipients)


def test_every_item_of_a_long_list_takes_the_kind_and_rate_of_its_lead():
    text = (
        "Il contributo riconosciuto alle scuole statali è così determinato, "
        "in base al numero degli iscritti:\n"
        "- con meno di duecento alunni iscritti nell'anno scolastico in corso e una sola sede: 3.000 euro;\n"
        "- con un numero di alunni iscritti compreso tra duecento e cinquecento, "
        "anche su più sedi: 4.500 euro;\n"
        "- con più di cinquecento alunni iscritti e almeno due sedi staccate in comuni diversi: 6.200 euro;\n"
        "- con più di mille alunni iscritti, sedi staccate in più comuni e corsi serali attivi: 7.900 euro."
    )
    facts = _facts(text)
    assert len(facts) == 4
    for f in facts.values():
        assert _roles(f) == ("grant", None, ["scuole statali"])
        assert f.rate and not f.counts_in_total  # a rate per school, no count of schools


@pytest.mark.parametrize(
    ("text", "names", "amount", "kind", "funder", "recipients"),
    [
        pytest.param(
            "Il sindaco ha chiesto al Governo 40 milioni di euro per la ricostruzione.",
            [("Governo", "ORG")],
            "40 milioni di euro",
            "other",
            None,
            [],
            id="money-asked-for",
        ),
        pytest.param(
            "Il presidente chiederà al Parlamento nuovi finanziamenti fino a 8 miliardi di euro.",
            [("Parlamento", "ORG")],
            "8 miliardi di euro",
            "other",
            None,
            [],
            id="request-with-a-funding-noun-as-object",
        ),
        pytest.param(
            "Le imprese possono richiedere un contributo fino a 20.000 euro.",
            [],
            "20.000 euro",
            "cap",
            None,
            [],
            id="a-call-that-may-be-applied-to-is-no-request",
        ),
        pytest.param(
            "Il prezzo del gasolio agricolo è salito fino a 2 euro al litro.",
            [],
            "2 euro",
            "other",
            None,
            [],
            id="a-bound-on-a-price",
        ),
        pytest.param(
            "I rapitori hanno chiesto alla famiglia un riscatto di 3 milioni di euro.",
            [],
            "3 milioni di euro",
            "other",
            None,
            [],
            id="ransom",
        ),
        pytest.param(
            "Il Ministero ha messo a disposizione una ricompensa di 50.000 euro "
            "per chi fornisca informazioni utili.",
            [("Ministero", "ORG")],
            "50.000 euro",
            "other",
            None,
            [],
            id="reward",
        ),
        pytest.param(
            "L'appartamento, messo in vendita dalla società, è stato sbloccato a 400.000 euro.",
            [],
            "400.000 euro",
            "other",
            None,
            [],
            id="sale",
        ),
        pytest.param(
            "Nel 2023 sono cresciuti i trasferimenti dalla Regione Umbria. "
            "Essi ammontano a 12 milioni di euro, un terzo delle entrate correnti.",
            [("Regione Umbria", "ORG")],
            "12 milioni di euro",
            "transfer",
            "Regione Umbria",
            [],
            id="a-pronoun-continues-the-sentence-before",
        ),
        pytest.param(
            "Le scuole hanno ricevuto 3 milioni di euro dallo Stato.",
            [("Stato", "ORG")],
            "3 milioni di euro",
            "grant",
            "Stato",
            ["scuole"],
            id="agent-dallo",
        ),
        pytest.param(
            "Il costo complessivo degli interventi previsti dall'accordo con l'Università di Pavia "
            "è di 2 milioni di euro.",
            [("Università di Pavia", "ORG")],
            "2 milioni di euro",
            "cost",
            None,
            ["Università di Pavia"],
            id="the-other-party-of-an-agreement",
        ),
        pytest.param(
            "Alle cinque province sono stati assegnati 300.000 euro ciascuna dalla Regione Lazio.",
            [("Regione Lazio", "ORG")],
            "300.000 euro",
            "grant",
            "Regione Lazio",
            ["province"],
            id="passive-each",
        ),
    ],
)
def test_kind_funder_and_recipients(text, names, amount, kind, funder, recipients):
    assert _roles(_facts(text, *names)[amount]) == (kind, funder, recipients)


def test_an_enumeration_continues_the_cue_before_its_first_item():
    text = (
        "Il programma ripartisce le risorse su due linee. La prima linea (4 milioni di euro) riguarda le "
        "biblioteche civiche. La seconda (3 milioni di euro) riguarda gli archivi storici."
    )
    facts = _facts(text)
    # what each line is for is read by the recipients' model (funding_choice.py), not by this cue
    assert [(f.kind, f.funder) for f in facts.values()] == [("allocation", None), ("allocation", None)]
    assert all(f.counts_in_total for f in facts.values())


def test_the_lead_partners_of_a_section_get_what_the_funder_commits():
    text = (
        "## Nuovi accordi\n\nIl primo accordo è con la società capofila Gamma srl.\n\n"
        "Il secondo accordo è con la società capofila Delta spa.\n\n"
        "Lo sforzo finanziario di Regione Veneto è pari a 250.000 euro."
    )
    f = _facts(text, ("Gamma srl", "ORG"), ("Delta spa", "ORG"), ("Regione Veneto", "ORG"))["250.000 euro"]
    assert _roles(f) == ("grant", "Regione Veneto", ["Gamma srl", "Delta spa"])
    other_section = (
        "## Altro\n\nLa società capofila Gamma srl.\n\n## Bilancio\n\nRegione Veneto stanzia 9.000 euro."
    )
    g = _facts(other_section, ("Gamma srl", "ORG"), ("Regione Veneto", "ORG"))["9.000 euro"]
    assert _roles(g) == ("allocation", "Regione Veneto", [])


def test_a_funders_share_goes_where_the_amount_before_it_goes():
    text = (
        "Il progetto di Omega spa sviluppa nuovi sensori. Il costo del progetto ammonta a 900.000 euro. "
        "La quota a carico di Regione Abruzzo è pari a 45.000 euro."
    )
    facts = _facts(text, ("Omega spa", "ORG"), ("Regione Abruzzo", "ORG"))
    assert _roles(facts["900.000 euro"]) == ("cost", None, ["Omega spa"])
    assert _roles(facts["45.000 euro"]) == ("cost", "Regione Abruzzo", ["Omega spa"])


def test_a_total_takes_no_funder_from_the_amount_before_it():
    text = (
        "Lo Stato ha stanziato 2 miliardi di euro con un fondo nazionale. "
        "Il totale delle risorse è pertanto di 9 miliardi di euro."
    )
    facts = _facts(text, ("Stato", "ORG"))
    assert _roles(facts["2 miliardi di euro"]) == ("allocation", "Stato", [])
    assert _roles(facts["9 miliardi di euro"]) == ("allocation", None, [])
    carried = _facts(
        "La Regione Molise ha approvato il bando. In totale la dotazione è di 5 milioni di euro.",
        ("Regione Molise", "ORG"),
    )
    assert carried["5 milioni di euro"].funder == "Regione Molise"


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
            ("threshold", None, ["famiglie"]),  # whom the limit is on (cases.jsonl case-c-041)
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
def test_kind_funder_and_recipients_by_grammar(
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
    # the category with the complement that says which ones (FUNDING.md §3)
    assert _roles(_facts(text)["300 mila euro"]) == ("other", None, ["lavoratori della sede di Monza"])


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


def test_an_amount_without_a_cue_whose_sentence_says_who_pays_whom_is_an_allocation():
    """A headline names payer and payee with no verb; counted once when the body restates it."""
    alone = "Dalla Regione Lazio 20 milioni di euro alle Pmi per la transizione digitale."
    fact = _facts(alone, ("Regione Lazio", "ORG"))["20 milioni di euro"]
    assert (fact.kind, fact.funder, list(fact.recipients)) == ("allocation", "Regione Lazio", ["pmi"])
    assert fact.counts_in_total and fact.repeat_of_start is None
    # who pays, but not whom: still no kind
    only_payer = _facts("Dalla Regione Lazio 20 milioni di euro.", ("Regione Lazio", "ORG"))
    assert only_payer["20 milioni di euro"].kind == "other"
    both = (
        "Dalla Regione Lazio 20 milioni di euro alle Pmi per la transizione digitale\n\n"
        "La Regione Lazio ha stanziato 20 milioni di euro per la transizione digitale delle Pmi."
    )
    headline, body = sorted(find_funding(both, find_amounts(both), _named(both)), key=lambda f: f.start)
    assert body.counts_in_total and not headline.counts_in_total
    assert headline.repeat_of_start == body.start


def _named(text: str) -> list[Named]:
    out, at = [], text.find("Regione Lazio")
    while at >= 0:
        out.append(Named(at, at + len("Regione Lazio"), "ORG", "Regione Lazio", "ORG:regione lazio"))
        at = text.find("Regione Lazio", at + 1)
    return out


def test_each_item_of_a_labelled_list_goes_to_its_label_and_reads_the_sentence_before_the_lead():
    names = [
        "Provincia di Rovigo",
        "Comune di Adria",
        "Comune di Ariano",
        "Comune di Porto Tolle",
        "Taglio di Po",
    ]
    text = (
        "La Provincia di Rovigo ha trasferito le risorse per la manutenzione degli argini ai Comuni del "
        "Delta. Questi gli importi:\n"
        "- Comune di Adria: 410.000 euro\n"
        "- Comune di Ariano: 275.000 euro\n"
        "- Comune di Porto Tolle: 198.000 euro\n"
        "- Taglio di Po: 120.000 euro"
    )
    # a place labels its item as the text names it
    facts = _facts(text, *[(n, "LOC" if n == "Taglio di Po" else "ORG") for n in names])
    assert [(f.funder, list(f.recipients)) for f in facts.values()] == [
        ("Provincia di Rovigo", ["Comune di Adria"]),
        ("Provincia di Rovigo", ["Comune di Ariano"]),
        ("Provincia di Rovigo", ["Comune di Porto Tolle"]),
        ("Provincia di Rovigo", ["Taglio di Po"]),
    ]
    assert len({f.kind for f in facts.values()}) == 1


def test_a_headline_labelled_by_a_body_names_no_recipient():
    text = (
        "Fondazione Alfa Beta: 1,5 milioni di euro nel nuovo piano\n"
        "La Fondazione Alfa Beta ha deliberato ieri un nuovo piano per la lettura."
    )
    f = _facts(text, ("Fondazione Alfa Beta", "ORG"))["1,5 milioni di euro"]
    assert "Fondazione Alfa Beta" not in f.recipients


def test_a_list_without_bullets_is_read_by_its_labelled_lines():
    text = (
        "Bando «Piazze vive»: i contributi assegnati dalla Regione Umbria\n"
        "Comune di Bevagna: 120.000 euro\n"
        "Comune di Montefalco: 95.500 euro\n"
        "I lavori dovranno partire entro un anno."
    )
    names = [("Regione Umbria", "ORG"), ("Comune di Bevagna", "ORG"), ("Comune di Montefalco", "ORG")]
    facts = _facts(text, *names)
    assert [list(f.recipients) for f in facts.values()] == [["Comune di Bevagna"], ["Comune di Montefalco"]]


def test_a_person_after_a_role_noun_gets_the_prize_not_the_body_the_person_belongs_to():
    text = (
        "Il premio, da 200.000 euro, è stato assegnato dalla Fondazione Gamma alla biologa Livia Sardi, "
        "dell'Università di Urbino, per gli studi sulle api."
    )
    names = [("Fondazione Gamma", "ORG"), ("Livia Sardi", "PER"), ("Università di Urbino", "ORG")]
    f = _facts(text, *names)["200.000 euro"]
    assert (f.funder, list(f.recipients)) == ("Fondazione Gamma", ["Livia Sardi"])


def test_each_body_of_a_ranking_gets_the_amount_after_its_comma_and_con():
    text = (
        "La Regione Marche ha pubblicato la graduatoria: in testa la Pro Loco di Cingoli, con 48.000 euro, "
        "seguita dall'Associazione Musicale Recanati, che ottiene 41.500 euro; terzo il Comune di "
        "Urbisaglia, con 39.000 euro."
    )
    names = [
        ("Regione Marche", "ORG"),
        ("Pro Loco di Cingoli", "ORG"),
        ("Associazione Musicale Recanati", "ORG"),
        ("Comune di Urbisaglia", "ORG"),
    ]
    facts = _facts(text, *names)
    assert [list(f.recipients) for f in facts.values()] == [
        ["Pro Loco di Cingoli"],
        ["Associazione Musicale Recanati"],
        ["Comune di Urbisaglia"],
    ]
    # 'seguita dall'' ranks, it does not pay
    assert facts["48.000 euro"].funder == "Regione Marche"


def test_a_town_before_its_amount_in_brackets_gets_it_unless_it_says_where():
    text = (
        "In provincia di Salerno ottengono il contributo Nocera Inferiore (310.000 euro), Sarno "
        "(205.000 euro) e Pagani (190.500 euro). Il polo scolastico di Scafati (1,2 milioni di euro) e la "
        "palestra a Angri (400.000 euro) sono finanziati dal Ministero dell'Interno."
    )
    places = ["Salerno", "Nocera Inferiore", "Sarno", "Pagani", "Scafati", "Angri"]
    facts = _facts(text, *[(p, "LOC") for p in places], ("Ministero dell'Interno", "ORG"))
    got = [list(facts[a].recipients) for a in ("310.000 euro", "205.000 euro", "190.500 euro")]
    assert got == [["Nocera Inferiore"], ["Sarno"], ["Pagani"]]
    assert "Scafati" not in facts["1,2 milioni di euro"].recipients
    assert "Angri" not in facts["400.000 euro"].recipients


def test_a_subject_after_an_amount_with_another_amount_after_it_goes_with_that_one():
    text = (
        "Tra i progetti finanziati, il contributo più alto, 210 mila euro, va a Vigne del Tirso, "
        "cooperativa agricola sarda, per un frantoio solare, mentre la startup cagliaritana Granum "
        "ottiene 185 mila euro."
    )
    facts = _facts(text, ("Vigne del Tirso", "ORG"), ("Granum", "ORG"))
    assert list(facts["210 mila euro"].recipients) == ["Vigne del Tirso"]
    assert list(facts["185 mila euro"].recipients) == ["Granum"]


def test_items_without_a_cue_after_a_funding_amount_go_on_with_it():
    text = (
        "Il bando «Talenti di ritorno» della Regione Marche ha finanziato tre ricercatrici: Anna Brizi "
        "(Università di Camerino, 180.000 euro); Sara Ottaviani (Università di Macerata, 165.000 euro); "
        "Giulia Renzi (Politecnica delle Marche, 172.500 euro)."
    )
    names = [
        ("Regione Marche", "ORG"),
        ("Anna Brizi", "PER"),
        ("Sara Ottaviani", "PER"),
        ("Giulia Renzi", "PER"),
    ]
    facts = _facts(text, *names)
    assert [(f.funder, f.counts_in_total) for f in facts.values()] == [("Regione Marche", True)] * 3
    assert len({f.kind for f in facts.values()}) == 1


def test_a_known_programme_after_an_agent_pays_nothing():
    text = "Il centro Marenostrum, finanziato dal PNRR con 12 milioni di euro, sorge nel porto di Cagliari."
    f = _facts(text, ("Marenostrum", "ORG"), ("PNRR", "PROGRAMME"))["12 milioni di euro"]
    assert f.funder is None
    # a name the entity stage took for a programme but no list knows still pays ('guidato da ...')
    text = "La startup Ondaluce ha chiuso un round da 2 milioni di euro guidato da Brezza Capitale Ventures."
    g = _facts(text, ("Ondaluce", "ORG"), ("Brezza Capitale Ventures", "PROGRAMME"))["2 milioni di euro"]
    assert g.funder == "Brezza Capitale Ventures"


def test_a_part_without_a_payer_is_paid_by_its_whole():
    text = (
        "Con la delibera n. 31 il CIPESS ha assegnato alla Regione Basilicata 60 milioni di euro a valere "
        "sul Fondo sviluppo e coesione 2021-2027 per la messa in sicurezza della diga del Pertusillo. "
        "L'erogazione avverrà in tre tranche: un anticipo di 6 milioni alla firma della convenzione, "
        "42 milioni sugli stati di avanzamento dei lavori e il saldo di 12 milioni al collaudo."
    )
    names = [
        ("CIPESS", "ORG"),
        ("Regione Basilicata", "ORG"),
        ("Fondo sviluppo e coesione 2021-2027", "PROGRAMME"),
    ]
    found = find_amounts(text)
    amounts = sorted([*found, *implied_funding_amounts(text, found)], key=lambda a: a.start)
    named = [
        Named(text.index(n), text.index(n) + len(n), label, n, f"{label}:{n.lower()}") for n, label in names
    ]
    facts = {text[f.start : f.end]: f for f in find_funding(text, amounts, named)}
    assert facts["60 milioni di euro"].funder == "CIPESS"
    # the last tranche: its sentence names no payer and the tranche before it is no funding fact
    assert facts["12 milioni"].kind == "part_of"
    assert facts["12 milioni"].funder == "CIPESS"
