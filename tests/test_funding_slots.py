"""Funding roles filled by the proper-name phrase the text writes, whatever the entity stage made of it:
a name it missed after a type noun, with a legal form, before an acronym, in a role slot or as the subject
of a receiving verb; a name it cut short or ran on into a purpose; a company it took for a person; an
acronym standing for the name it follows. Every sentence is invented for these tests."""

from __future__ import annotations

import pytest

from pipeline.extract.amounts import find_amounts
from pipeline.extract.funding import FundingMatch, find_funding
from pipeline.extract.funding_name_phrases import name_end
from pipeline.extract.funding_roles import Named
from pipeline.extract.funding_slots import slot_names


def _named(text: str, names: list[tuple[str, str]]) -> list[Named]:
    out = []
    for surface, label in names:
        at = text.index(surface)
        out.append(Named(at, at + len(surface), label, surface, f"{label}:{surface.lower()}"))
    return out


def _facts(text: str, names: list[tuple[str, str]]) -> dict[str, FundingMatch]:
    return {text[f.start : f.end]: f for f in find_funding(text, find_amounts(text), _named(text, names))}


def _names(text: str, names: list[tuple[str, str]]) -> list[tuple[str, str]]:
    return [(e.name, e.label) for e in slot_names(text, _named(text, names))]


@pytest.mark.parametrize(
    ("text", "names", "amount", "funder", "recipients"),
    [
        pytest.param(
            "La cooperativa trentina Solvia otterrà 80.000 euro dalla Provincia autonoma di Trento.",
            [("Provincia autonoma di Trento", "ORG")],
            "80.000 euro",
            "Provincia autonoma di Trento",
            ["Solvia"],
            id="name-after-type-noun-and-adjective",
        ),
        pytest.param(
            "Quarzolab ha raccolto 1,4 milioni di euro in un round guidato dal fondo Aurora Seed Capital.",
            [],
            "1,4 milioni di euro",
            "Aurora Seed Capital",
            ["Quarzolab"],
            id="subject-name-and-fund-after-type-noun",
        ),
        pytest.param(
            "Nubelio, la piccola azienda torinese che produce droni per l'agricoltura, ha ottenuto "
            "un finanziamento di 600mila euro.",
            [],
            "600mila euro",
            None,
            ["Nubelio"],
            id="subject-before-an-apposition",
        ),
        pytest.param(
            "Verdemare chiude un round di investimento da 5 milioni di euro.",
            [],
            "5 milioni di euro",
            None,
            ["Verdemare"],
            id="subject-closing-a-round",
        ),
        pytest.param(
            "Il Ministero dell'Università ha assegnato 2 milioni di euro a Ferrotek Srl e Lumina Data SpA.",
            [("Ministero dell'Università", "ORG"), ("Ferrotek Srl e Lumina Data", "PER")],
            "2 milioni di euro",
            "Ministero dell'Università",
            ["Ferrotek Srl", "Lumina Data SpA"],
            id="companies-with-legal-forms-the-stage-took-for-one-person",
        ),
        pytest.param(
            "La biotech Genelia riceverà dall'Agenzia spaziale per la ricerca orbitale (ASRO) "
            "un contributo di 900.000 euro.",
            [("Agenzia spaziale", "ORG")],
            "900.000 euro",
            "Agenzia spaziale per la ricerca orbitale",
            ["Genelia"],
            id="name-cut-short-before-its-acronym",
        ),
        pytest.param(
            "Sono stati stanziati 300.000 euro a favore di Officine Rinaldi per il nuovo impianto.",
            [],
            "300.000 euro",
            None,
            ["Officine Rinaldi"],
            id="name-in-a-favore-di-slot",
        ),
        pytest.param(
            "Un premio di 40.000 euro all'associazione Musica Viva per la stagione concertistica.",
            [("Musica Viva", "LOC")],
            "40.000 euro",
            None,
            ["associazione Musica Viva"],
            id="naming-type-noun-is-part-of-the-name",
        ),
    ],
)
def test_a_role_slot_takes_the_name_the_text_writes(
    text: str, names: list[tuple[str, str]], amount: str, funder: str | None, recipients: list[str]
) -> None:
    f = _facts(text, names)[amount]
    assert (f.funder, list(f.recipients)) == (funder, recipients)


def test_a_mention_run_on_into_a_purpose_is_cut() -> None:
    text = "La Fondazione Orvel per lo sviluppo delle aree interne ha stanziato 150.000 euro per i borghi."
    names = [("Fondazione Orvel per lo sviluppo delle aree interne", "ORG")]
    assert _facts(text, names)["150.000 euro"].funder == "Fondazione Orvel"


def test_a_purpose_in_a_body_s_own_name_stays() -> None:
    text = "L'Agenzia per la coesione territoriale ha stanziato 150.000 euro per i borghi."
    names = [("Agenzia per la coesione territoriale", "ORG")]
    assert _facts(text, names)["150.000 euro"].funder == "Agenzia per la coesione territoriale"


def test_an_acronym_stands_for_the_name_it_follows() -> None:
    text = (
        "L'Istituto Nazionale Pagamenti (INP) gestisce il fondo. "
        "Nel 2025 INP ha stanziato 4 milioni di euro per i comuni."
    )
    names = [("Istituto Nazionale Pagamenti", "ORG"), ("INP ha", "ORG")]
    names = [("Istituto Nazionale Pagamenti", "ORG")]
    named = _named(text, names)
    at = text.index("INP ha")
    named.append(Named(at, at + 3, "ORG", "INP", "ORG:inp"))
    facts = {text[f.start : f.end]: f for f in find_funding(text, find_amounts(text), named)}
    assert facts["4 milioni di euro"].funder == "Istituto Nazionale Pagamenti"


@pytest.mark.parametrize(
    ("text", "names", "expected"),
    [
        pytest.param("Ognuno riceverà 10.000 euro.", [], [], id="a-pronoun-opening-the-sentence-is-no-name"),
        pytest.param(
            "Le risorse vanno ai Comuni della valle.", [], [], id="a-capitalised-category-is-no-name"
        ),
        pytest.param("Il contributo va alla Regione.", [], [], id="a-head-word-alone-is-the-document-s-body"),
        pytest.param("I lavori andranno alla Sp 12 della valle.", [], [], id="a-code-is-no-name"),
        pytest.param(
            "Le risorse arrivano dal Fondo Montagna Viva.",
            [("Fondo Montagna Viva", "PROGRAMME")],
            [("Fondo Montagna Viva", "PROGRAMME")],
            id="a-programme-is-no-funder-name",
        ),
        pytest.param(
            "Lo ha detto l'assessore allo Sviluppo Rurale Marco Pini.",
            [("Marco Pini", "PER")],
            [("Marco Pini", "PER")],
            id="an-office-s-portfolio-is-no-slot",
        ),
        pytest.param(
            "Il bando è gestito dalla Direzione Cultura di Regione Umbria.",
            [("Regione Umbria", "ORG")],
            [("Direzione Cultura", "ORG"), ("Regione Umbria", "ORG")],
            id="a-slot-phrase-does-not-swallow-a-name-of-its-own",
        ),
        pytest.param(
            "Contributo alla cooperativa Fiori Blu di Sondalo per il centro estivo.",
            [("Sondalo", "LOC")],
            [("Fiori Blu", "ORG"), ("Sondalo", "LOC")],
            id="di-and-a-place-after-a-name-says-where",
        ),
    ],
)
def test_what_is_no_slot_name(
    text: str, names: list[tuple[str, str]], expected: list[tuple[str, str]]
) -> None:
    assert _names(text, names) == expected


def test_di_and_a_place_after_a_head_word_is_part_of_the_name() -> None:
    text = "Contributo all'Università di Sondalo per il centro estivo."
    at = text.index("Università")
    assert text[at : name_end(text, at, len(text), frozenset({text.index("Sondalo")}))] == (
        "Università di Sondalo"
    )


def test_a_found_name_is_stretched_to_its_capitalised_words() -> None:
    text = "Il finanziamento arriva da Banca Ovest Credito Cooperativo, con sede a Lodi."
    assert _names(text, [("Banca Ovest", "ORG"), ("Lodi", "LOC")]) == [
        ("Banca Ovest Credito Cooperativo", "ORG"),
        ("Lodi", "LOC"),
    ]


@pytest.mark.parametrize(
    ("text", "names", "amount", "funder", "recipients"),
    [
        pytest.param(
            "La cagliaritana Marivento ha ottenuto 350.000 euro dalla Regione Sardegna.",
            [("Regione Sardegna", "ORG")],
            "350.000 euro",
            "Regione Sardegna",
            ["Marivento"],
            id="name-after-an-adjective-of-origin",
        ),
        pytest.param(
            "La medtech lombarda Cardiolux, nata da un laboratorio del Politecnico, ha raccolto 3 milioni "
            "di euro.",
            [("Politecnico", "ORG")],
            "3 milioni di euro",
            None,
            ["Cardiolux"],
            id="subject-after-its-descriptors-and-before-an-apposition-without-article",
        ),
        pytest.param(
            "Il laboratorio sarà aperto grazie alla Tessiture Bassi Spa, che verserà 75.000 euro "
            "all'Istituto Tecnico Volta.",
            [("Istituto Tecnico Volta", "ORG")],
            "75.000 euro",
            "Tessiture Bassi Spa",
            ["Istituto Tecnico Volta"],
            id="giver-before-a-relative-clause",
        ),
        pytest.param(
            "La Fondazione Marco Selvi aggiunge 120.000 euro per le borse di studio.",
            [("Fondazione Marco Selvi", "ORG")],
            "120.000 euro",
            "Fondazione Marco Selvi",
            [],
            id="a-giving-verb-names-its-subject-the-funder",
        ),
    ],
)
def test_more_ways_a_text_names_who_gives_and_gets(
    text: str, names: list[tuple[str, str]], amount: str, funder: str | None, recipients: list[str]
) -> None:
    f = _facts(text, names)[amount]
    assert (f.funder, list(f.recipients)) == (funder, recipients)


def test_a_type_noun_s_name_ends_before_the_body_it_belongs_to() -> None:
    text = "Il premio va alla startup Sensilab dell'Università di Pavia."
    assert _names(text, [("Università di Pavia", "ORG")]) == [
        ("Sensilab", "ORG"),
        ("Università di Pavia", "ORG"),
    ]


def test_a_head_word_after_a_head_word_stays_in_the_name() -> None:
    text = "Lo ha deciso il Ministero dell'Università e della Ricerca."
    at = text.index("Ministero")
    assert text[at : name_end(text, at, len(text))] == "Ministero dell'Università"


def test_an_amount_in_brackets_goes_to_the_name_before_them() -> None:
    text = (
        "La Provincia ha ripartito 900.000 euro tra tre enti: la Fondazione Lago Blu (400.000 euro), "
        "Anna Ferri (Università di Pavia, 300.000 euro) e il Comune di Brenno (200.000 euro per il molo)."
    )
    names = [
        ("Provincia", "ORG"),
        ("Fondazione Lago Blu", "ORG"),
        ("Anna Ferri", "PER"),
        ("Università di Pavia", "ORG"),
        ("Comune di Brenno", "ORG"),
    ]
    facts = _facts(text, names)
    assert [list(facts[a].recipients) for a in ("400.000 euro", "300.000 euro", "200.000 euro")] == [
        ["Fondazione Lago Blu"],
        ["Anna Ferri"],
        ["Comune di Brenno"],
    ]


def test_an_amount_in_brackets_after_a_place_is_where_it_goes() -> None:
    text = (
        "L'Azienda sanitaria Valle Verde aprirà due ambulatori con 2 milioni di euro: "
        "a Lerno (1,2 milioni di euro) e a Bosa."
    )
    names = [("Azienda sanitaria Valle Verde", "ORG"), ("Lerno", "LOC"), ("Bosa", "LOC")]
    assert "Lerno" not in _facts(text, names)["1,2 milioni di euro"].recipients


@pytest.mark.parametrize(
    ("text", "amount", "recipients"),
    [
        pytest.param(
            "Il Comune ha stanziato 90.000 euro destinati ai pescatori professionali del lago.",
            "90.000 euro",
            ["pescatori professionali del lago"],
            id="agent-noun-after-a-strong-cue",
        ),
        pytest.param(
            "Sono 200.000 euro riservati ai frantoi cooperativi della valle.",
            "200.000 euro",
            ["frantoi cooperativi della valle"],
            id="any-plural-after-a-cue-that-says-to-whom",
        ),
        pytest.param(
            "La Provincia distribuisce 40.000 euro ai restauratori.",
            "40.000 euro",
            ["restauratori"],
            id="agent-noun-after-a-weak-cue",
        ),
        pytest.param(
            "I viticoltori hanno ottenuto 2 milioni di euro di rimborsi.",
            "2 milioni di euro",
            ["viticoltori"],
            id="agent-noun-subject-of-a-receiving-verb",
        ),
        pytest.param(
            "La Regione ha stanziato 3 milioni di euro destinati alla manutenzione delle strade.",
            "3 milioni di euro",
            [],
            id="a-singular-noun-is-no-category",
        ),
        pytest.param(
            "Il Comune ha stanziato 500.000 euro destinati agli impianti sportivi.",
            "500.000 euro",
            [],
            id="a-thing-is-no-category",
        ),
        pytest.param(
            "La Fondazione finanzia con 70.000 euro tre dottorati di ricerca.",
            "70.000 euro",
            [],
            id="a-funding-verb-s-object-is-no-category-unless-listed",
        ),
        pytest.param(
            "Il bando da 50.000 euro è aperto ai comuni con meno di 1.000 abitanti.",
            "50.000 euro",
            ["comuni"],
            id="inhabitants-measure-size",
        ),
    ],
)
def test_a_plural_noun_in_a_slot_names_a_category(text: str, amount: str, recipients: list[str]) -> None:
    assert list(_facts(text, [])[amount].recipients) == recipients


@pytest.mark.parametrize(
    ("text", "names", "amount", "funder"),
    [
        pytest.param(
            "Il consorzio Ortofrutta incassa da Crescita Molise un anticipo di 300.000 euro.",
            [("Crescita Molise", "PER")],
            "300.000 euro",
            "Crescita Molise",
            id="an-agency-taken-for-a-person-after-da",
        ),
        pytest.param(
            "Il film prodotto da Jonah Walters ha incassato 80 milioni di dollari.",
            [("Jonah Walters", "PER")],
            "80 milioni di dollari",
            None,
            id="a-person-after-da-stays-a-person",
        ),
        pytest.param(
            "Il Ministero della Cultura ha firmato il decreto del bando: 12 milioni di euro per i musei.",
            [("Ministero della Cultura", "ORG")],
            "12 milioni di euro",
            "Ministero della Cultura",
            id="who-signs-the-decree-pays",
        ),
        pytest.param(
            "La Giunta comunale di Orvieto ha approvato il riparto di 45mila euro tra le associazioni.",
            [("Giunta comunale", "ORG"), ("Orvieto", "ORG")],
            "45mila euro",
            "Comune di Orvieto",
            id="an-organ-and-its-place-taken-for-an-organisation",
        ),
        pytest.param(
            "Il progetto, finanziato con 800.000 euro, persegue fini di utilità pubblica.",
            [],
            "800.000 euro",
            None,
            id="an-adjective-is-no-verb",
        ),
    ],
)
def test_who_pays(text: str, names: list[tuple[str, str]], amount: str, funder: str | None) -> None:
    assert _facts(text, names)[amount].funder == funder


def test_a_proper_name_run_on_into_the_body_it_belongs_to_is_cut() -> None:
    text = "Il premio va a Ortolab Sensori dell'Università di Siena."
    assert _names(text, [("Ortolab Sensori dell'Università di Siena", "ORG")])[0][0] == "Ortolab Sensori"
    text = "Il premio va all'Ordine dei Medici della Provincia di Siena."
    assert _names(text, [("Ordine dei Medici della Provincia di Siena", "ORG")])[0][0] == (
        "Ordine dei Medici della Provincia di Siena"
    )


def test_a_type_noun_s_adjectives_hold_no_preposition() -> None:
    text = "I lavori del polo tecnologico di Santa Rita costano 3 milioni di euro."
    assert _names(text, []) == []


@pytest.mark.parametrize(
    ("text", "names", "amount", "funder", "recipients"),
    [
        pytest.param(
            "Le startup entreranno nel programma di incubazione StartLab della Fondazione Rivalta: ognuna "
            "riceverà 10.000 euro.",
            [("StartLab della Fondazione Rivalta", "ORG")],
            "10.000 euro",
            "Fondazione Rivalta",
            [],
            id="a-programme-after-its-noun-is-no-recipient",
        ),
        pytest.param(
            "Il cantiere sarà seguito dall'Azienda ospedaliera Valdora, che ha ottenuto 3 milioni di euro.",
            [("Azienda ospedaliera Valdora", "ORG")],
            "3 milioni di euro",
            None,
            ["Azienda ospedaliera Valdora"],
            id="a-relative-clause-makes-a-governed-name-the-subject",
        ),
        pytest.param(
            "Sono 40 le micro e piccole imprese liguri che riceveranno 5.000 euro ciascuna.",
            [],
            "5.000 euro",
            None,
            ["micro e piccole imprese liguri"],
            id="the-whole-category-before-the-verb",
        ),
        pytest.param(
            "La quota maggiore, 400.000 euro, è andata al pastificio Fratelli Orsetti.",
            [("Fratelli Orsetti", "ORG")],
            "400.000 euro",
            None,
            ["Fratelli Orsetti"],
            id="a-name-past-a-noun-after-a-cue",
        ),
        pytest.param(
            "Il progetto SMART-PA del Politecnico di Bari, che ottiene 90.000 euro, partirà a marzo.",
            [("Politecnico di Bari", "ORG")],
            "90.000 euro",
            None,
            ["Politecnico di Bari"],
            id="a-capitalised-word-after-a-hyphen-is-no-category",
        ),
    ],
)
def test_programmes_owners_and_subjects(
    text: str, names: list[tuple[str, str]], amount: str, funder: str | None, recipients: list[str]
) -> None:
    f = _facts(text, names)[amount]
    assert (f.funder, list(f.recipients)) == (funder, recipients)


def test_a_name_run_on_into_its_body_is_two_and_stays_two() -> None:
    text = "Il premio va a Ortolab Sensori dell'Università di Siena: 5.000 euro."
    f = _facts(text, [("Ortolab Sensori dell'Università di Siena", "ORG")])["5.000 euro"]
    assert list(f.recipients) == ["Ortolab Sensori"]


def test_names_joined_by_commas_that_open_like_e_or_del() -> None:
    text = "Il Ministero ha concesso 2 milioni di euro a Orto Verde Srl, Elios Spa e Delfina Srl."
    f = _facts(text, [("Ministero", "ORG")])["2 milioni di euro"]
    assert list(f.recipients) == ["Orto Verde Srl", "Elios Spa", "Delfina Srl"]


@pytest.mark.parametrize(
    ("text", "names", "amount", "recipients"),
    [
        pytest.param(
            "Chimica, a Sara Ventola 1,5 milioni di euro dall'ERC",
            [("Sara Ventola", "PER"), ("ERC", "ORG")],
            "1,5 milioni di euro",
            ["Sara Ventola"],
            id="headline-with-the-recipient-first",
        ),
        pytest.param(
            "Frana, a Bormio 3 milioni di euro per le strade\nLa somma arriva dalla Regione e andrà al "
            "Comune di Bormio.",
            [("Bormio", "LOC"), ("Regione", "ORG"), ("Comune di Bormio", "ORG")],
            "3 milioni di euro",
            ["Comune di Bormio"],
            id="a-place-stands-for-the-body-the-document-names",
        ),
        pytest.param(
            "Sono stati ripartiti i fondi. A Pievetta, il borgo più colpito, andranno 90.000 euro.",
            [("Pievetta", "LOC")],
            "90.000 euro",
            ["Pievetta"],
            id="recipient-first-past-an-apposition-and-a-verb",
        ),
        pytest.param(
            "Il commissario ha liquidato a Fossano 2 milioni di euro di contributi.",
            [("Fossano", "LOC")],
            "2 milioni di euro",
            [],
            id="a-place-after-a-verb-is-where",
        ),
    ],
)
def test_the_recipient_written_before_the_amount(
    text: str, names: list[tuple[str, str]], amount: str, recipients: list[str]
) -> None:
    assert list(_facts(text, names)[amount].recipients) == recipients


def test_projects_admitted_to_funding_go_to_whoever_presented_them() -> None:
    text = (
        "La Fondazione Valmarina ha ammesso a contributo sei progetti presentati dall'Università di Lecco "
        "e dall'Istituto Tecnico Galvani, per un importo di 240.000 euro."
    )
    names = [
        ("Fondazione Valmarina", "ORG"),
        ("Università di Lecco", "ORG"),
        ("Istituto Tecnico Galvani", "ORG"),
    ]
    f = _facts(text, names)["240.000 euro"]
    assert (f.funder, list(f.recipients)) == (
        "Fondazione Valmarina",
        ["Università di Lecco", "Istituto Tecnico Galvani"],
    )


def test_who_presents_or_leads_a_project_does_not_pay_for_it() -> None:
    text = "Il progetto, coordinato da Vetrerie Lunari Srl, riceverà 700.000 euro."
    f = _facts(text, [])["700.000 euro"]
    assert f.funder is None


def test_the_body_an_act_belongs_to_pays() -> None:
    text = "Via libera del Comitato Grandi Opere al piano: per la diga vengono assegnati 12 milioni di euro."
    f = _facts(text, [("Comitato Grandi Opere", "ORG")])["12 milioni di euro"]
    assert f.funder == "Comitato Grandi Opere"


def test_names_listed_between_dashes_are_all_the_subject() -> None:
    text = (
        "Quattro cooperative della valle – Terre Alte, Lanificio Borsi, Apicoltura Neri e Caseificio Monti – "
        "riceveranno 20.000 euro ciascuna."
    )
    f = _facts(text, [("Lanificio Borsi", "PER"), ("Caseificio Monti", "LOC")])["20.000 euro"]
    assert list(f.recipients) == ["Terre Alte", "Lanificio Borsi", "Apicoltura Neri", "Caseificio Monti"]


def test_names_joined_before_a_receiving_verb_are_all_its_subject() -> None:
    text = "Il Comune di Orta, la Pro Loco e il Museo Civico riceveranno 15.000 euro."
    names = [("Comune di Orta", "ORG"), ("Pro Loco", "ORG"), ("Museo Civico", "ORG")]
    assert list(_facts(text, names)["15.000 euro"].recipients) == [
        "Comune di Orta",
        "Pro Loco",
        "Museo Civico",
    ]


def test_a_person_listed_in_brackets_stays_a_person() -> None:
    text = "Tre vincitori (Anna Riva, Luca Sarti e Bruno Oddi) avranno una borsa."
    names = [("Anna Riva", "PER"), ("Luca Sarti", "PER"), ("Bruno Oddi", "PER")]
    assert [label for _, label in _names(text, names)] == ["PER", "PER", "PER"]


def test_a_name_before_a_comma_and_a_new_subject_is_no_list() -> None:
    text = "Grazie al bando di Fondazione Lario, il Comune di Erba riceverà 300.000 euro."
    names = [("Fondazione Lario", "ORG"), ("Comune di Erba", "ORG")]
    f = _facts(text, names)["300.000 euro"]
    assert (f.funder, list(f.recipients)) == ("Fondazione Lario", ["Comune di Erba"])


def test_a_name_the_text_marked_once_is_a_name_wherever_it_comes_again() -> None:
    text = (
        "Seed da 800mila euro per Lumetra\n"
        "La startup milanese Lumetra ha raccolto 800mila euro da un gruppo di business angel."
    )
    facts = [f for f in find_funding(text, find_amounts(text), []) if f.start < text.index("\n")]
    assert [list(f.recipients) for f in facts] == [["Lumetra"]]


def test_a_common_word_marked_once_is_not_a_name_everywhere() -> None:
    text = "La cooperativa Sole riceverà 5.000 euro. Il Sole splende."
    assert [n for n, _ in _names(text, [])] == ["Sole"]


def test_the_project_admitted_to_funding_goes_to_its_owner() -> None:
    text = (
        "La Regione ha ammesso a finanziamento il progetto del Comune di Varzi per la nuova biblioteca: "
        "650.000 euro dal fondo regionale."
    )
    names = [("Regione", "ORG"), ("Comune di Varzi", "ORG")]
    f = _facts(text, names)["650.000 euro"]
    assert (f.funder, list(f.recipients)) == ("Regione", ["Comune di Varzi"])
