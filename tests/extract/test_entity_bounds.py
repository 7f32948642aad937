"""Where a mention starts and ends: a person before the body they work at, a department before its
university, a town whose name holds a preposition, streets, and the running text a name never ends on."""

from __future__ import annotations

import pytest
from spacy.language import Language

from pipeline.extract.entities import find_entities
from pipeline.extract.entity_clauses import cut_at_clause
from pipeline.extract.entity_fill import located_places
from pipeline.extract.entity_merge import whole_place_names
from pipeline.extract.entity_model_checks import is_furniture
from pipeline.extract.entity_parts import name_seat
from pipeline.extract.entity_patterns import load_patterns
from pipeline.extract.entity_priorities import PRIORITY
from pipeline.extract.entity_programme_nouns import programmes_after_nouns
from pipeline.extract.entity_spans import (
    company_by_name_words,
    cut_loose_end,
    drop_descriptive_prefix,
)
from pipeline.extract.entity_tokens import RuleSpan, Toks, span_text, view_tokens


def _found(nlp: Language, text: str) -> list[tuple[str, str]]:
    doc = nlp(text)
    return [(text[m.start : m.end], m.label) for m in find_entities(doc)]


def _assert_found(nlp: Language, text: str, *expected: tuple[str, str]) -> None:
    found = _found(nlp, text)
    assert [e for e in expected if e not in found] == [], found


@pytest.mark.parametrize(
    ("text", "first", "second"),
    [
        pytest.param(
            "Lo studio è firmato da Chiara Benedetti dell'Università di Parma e da due dottorandi.",
            ("Chiara Benedetti", "PER"),
            ("Università di Parma", "ORG"),
            id="first-name",
        ),
        pytest.param(
            "Il brevetto è di Sara Oliveri dell'Istituto Nazionale di Ottica e di due colleghi.",
            ("Sara Oliveri", "PER"),
            ("Istituto Nazionale di Ottica", "ORG"),
            id="first-name-that-is-a-stop-word",
        ),
        pytest.param(
            "Il gruppo guidato da R. Falchi del Politecnico di Bari ha brevettato il sensore.",
            ("R. Falchi", "PER"),
            ("Politecnico di Bari", "ORG"),
            id="initial",
        ),
        pytest.param(
            "Ne discuterà Tommaso Ferri della Fondazione Cariplo durante il convegno.",
            ("Tommaso Ferri", "PER"),
            ("Fondazione Cariplo", "ORG"),
            id="fondazione",
        ),
        pytest.param(
            "Il prototipo nasce nel Dipartimento di Chimica e Biotecnologie dell'Università di Siena.",
            ("Dipartimento di Chimica e Biotecnologie", "ORG"),
            ("Università di Siena", "ORG"),
            id="subjects-joined-by-e",
        ),
        pytest.param(
            "Collabora il Dipartimento di Scienze Agrarie, Forestali e Alimentari dell'Università di Torino.",
            ("Dipartimento di Scienze Agrarie, Forestali e Alimentari", "ORG"),
            ("Università di Torino", "ORG"),
            id="subjects-in-a-list",
        ),
        pytest.param(
            "Le misure sono dell'Istituto di Biologia Molecolare del Cnr di Pisa.",
            ("Istituto di Biologia Molecolare", "ORG"),
            ("Cnr", "ORG"),
            id="known-body-of-one-word",
        ),
        pytest.param(
            "I dati arrivano dal Centro di Ricerca Applicata del Politecnico di Torino.",
            ("Centro di Ricerca Applicata", "ORG"),
            ("Politecnico di Torino", "ORG"),
            id="centro",
        ),
        pytest.param(
            "La Procura di Brindisi ha aperto un fascicolo sugli appalti.",
            ("Procura", "ORG"),
            ("Brindisi", "LOC"),
            id="procura",
        ),
        pytest.param(
            "Il ricorso è stato respinto dal Tribunale di Verona la settimana scorsa.",
            ("Tribunale", "ORG"),
            ("Verona", "LOC"),
            id="tribunale",
        ),
        pytest.param(
            "La legge sul turismo è passata al Consiglio regionale dell'Umbria con 15 voti.",
            ("Consiglio regionale", "ORG"),
            ("Umbria", "LOC"),
            id="consiglio-regionale",
        ),
        pytest.param(
            "Il caso è ora alla Procura della Repubblica di Vercelli.",
            ("Procura della Repubblica", "ORG"),
            ("Vercelli", "LOC"),
            id="procura-della-repubblica",
        ),
        pytest.param(
            "La Corte d'Appello di Firenze ha ribaltato la sentenza.",
            ("Corte d'Appello", "ORG"),
            ("Firenze", "LOC"),
            id="corte",
        ),
        pytest.param(
            "Il paziente è stato portato all'ospedale Cardarelli di Campobasso in elicottero.",
            ("Cardarelli", "ORG"),
            ("Campobasso", "LOC"),
            id="ospedale",
        ),
        pytest.param(
            "Ha aderito anche la cooperativa Campi Aperti di Imola con dodici soci.",
            ("Campi Aperti", "ORG"),
            ("Imola", "LOC"),
            id="cooperativa",
        ),
    ],
)
def test_two_names_side_by_side_are_two_mentions(
    nlp: Language, text: str, first: tuple[str, str], second: tuple[str, str]
) -> None:
    """A person and the body they work at (`Chiara Benedetti dell'Università di Parma`), a department
    and its university, a generic body or a body named after a common noun and its seat."""
    _assert_found(nlp, text, first, second)


def test_a_department_named_with_its_seat_splits_from_it(nlp: Language) -> None:
    text = "Il brevetto è del Dipartimento di Ingegneria Mario Boella di Torino, che lo ha depositato."
    _assert_found(nlp, text, ("Dipartimento di Ingegneria Mario Boella", "ORG"), ("Torino", "LOC"))


def test_a_department_and_an_acronym_joined_by_e_stay_two_bodies(nlp: Language) -> None:
    text = "Le linee guida sono scritte dal Dipartimento per la Trasformazione Digitale e AGID."
    _assert_found(nlp, text, ("Dipartimento per la Trasformazione Digitale", "ORG"), ("AGID", "ORG"))


@pytest.mark.parametrize(
    ("text", "place"),
    [
        pytest.param(
            "I lavori alla scuola di Castelnuovo di Porto finiranno a settembre.",
            "Castelnuovo di Porto",
            id="di",
        ),
        pytest.param(
            "Il mercato di San Giovanni in Persiceto riapre sabato.", "San Giovanni in Persiceto", id="in"
        ),
        pytest.param(
            "Un nuovo asilo nido aprirà a Cassano sul Ionio entro l'anno.", "Cassano all'Ionio", id="absent"
        ),
    ],
)
def test_a_town_whose_name_holds_a_preposition_is_one_place(nlp: Language, text: str, place: str) -> None:
    found = _found(nlp, text)
    if place in text:
        assert (place, "LOC") in found
        assert not any(surface != place and surface in place for surface, _ in found)
    else:
        assert not any(place in surface for surface, _ in found)


@pytest.mark.parametrize(
    ("text", "place"),
    [
        pytest.param("A Sondrio il consiglio ha approvato il bilancio.", "Sondrio", id="a-at-start"),
        pytest.param("La fabbrica aprirà a Pordenone il prossimo anno.", "Pordenone", id="a"),
        pytest.param(
            "Beneficiari: Officine Martelli Srl (Cremona), Vetreria Luce (Lucca).", "Cremona", id="bracketed"
        ),
    ],
)
def test_a_known_place_after_a_or_in_brackets_is_a_place(nlp: Language, text: str, place: str) -> None:
    assert (place, "LOC") in _found(nlp, text)


@pytest.mark.parametrize(
    ("text", "street"),
    [
        pytest.param("Il nuovo ufficio apre in via XX Settembre a Genova.", "via XX Settembre", id="via"),
        pytest.param("La festa si terrà in piazza Maggiore domenica.", "piazza Maggiore", id="piazza"),
        pytest.param("Un cantiere chiude da lunedì corso Vercelli.", None, id="no-preposition-before"),
        pytest.param("La domanda si invia via PEC entro il 30 giugno.", None, id="via-pec"),
    ],
)
def test_a_street_in_lower_case_after_a_preposition_is_a_place(
    nlp: Language, text: str, street: str | None
) -> None:
    found = _found(nlp, text)
    if street is None:
        assert not any(surface.startswith(("via ", "corso ")) for surface, _ in found)
    else:
        assert (street, "LOC") in found


def test_a_street_in_lower_case_ends_before_its_town(nlp: Language) -> None:
    text = "Il negozio di via Solferino di Brescia chiude dopo quarant'anni."
    _assert_found(nlp, text, ("via Solferino", "LOC"), ("Brescia", "LOC"))


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("ufficio.stampa@regione.example.it", id="email"),
        pytest.param("www.regione.example.it", id="web-address"),
    ],
)
def test_an_address_is_no_name(nlp: Language, text: str) -> None:
    sentence = f"Per informazioni: Ufficio stampa, {text}"
    assert not any(text in surface or surface in text for surface, _ in _found(nlp, sentence))


def _toks(nlp: Language, text: str) -> Toks:
    return view_tokens(nlp.make_doc(text))


def _span(toks: Toks, words: str, label: str, priority: int) -> RuleSpan:
    """The candidate over the first run of tokens that reads `words`."""
    texts = [t.text for t in toks]
    wanted = words.split()
    for i in range(len(texts) - len(wanted) + 1):
        if texts[i : i + len(wanted)] == wanted:
            return RuleSpan(i, i + len(wanted), label, priority)
    raise AssertionError(f"{words!r} not in {texts}")


def _texts(toks: Toks, spans: list[RuleSpan]) -> list[tuple[str, str]]:
    return [(span_text(toks, s.start, s.end), s.label) for s in spans]


def test_a_town_the_model_read_in_pieces_is_one_place(nlp: Language) -> None:
    toks = _toks(nlp, "Il raduno delle auto storiche si sposta a Greve in Chianti per il weekend.")
    found = [_span(toks, "Greve in Chianti", "LOC", PRIORITY.known_place)]
    model = [_span(toks, "Greve", "PER", PRIORITY.model)]
    assert _texts(toks, whole_place_names(toks, found, model)) == [("Greve in Chianti", "LOC")]


def test_a_longer_mention_holding_a_town_stays(nlp: Language) -> None:
    toks = _toks(nlp, "Il Comune di Casalecchio di Reno ha approvato il piano.")
    found = [_span(toks, "Casalecchio di Reno", "LOC", PRIORITY.known_place)]
    chosen = [_span(toks, "Comune di Casalecchio di Reno", "ORG", PRIORITY.head_with_name)]
    assert whole_place_names(toks, found, chosen) == chosen


def test_a_town_of_one_word_is_left_to_the_model(nlp: Language) -> None:
    toks = _toks(nlp, "Il sindaco di Lodi ha firmato.")
    found = [_span(toks, "Lodi", "LOC", PRIORITY.known_place)]
    chosen = [_span(toks, "Lodi", "PER", PRIORITY.model)]
    assert whole_place_names(toks, found, chosen) == chosen


@pytest.mark.parametrize(
    ("text", "place", "added"),
    [
        pytest.param("A Sondrio il mercato apre alle otto.", "Sondrio", True, id="a"),
        pytest.param("Un nuovo stabilimento in Basilicata.", "Basilicata", True, id="in"),
        pytest.param("Beneficiari: Alfa Srl (Prato), Beta Spa.", "Prato", True, id="brackets"),
        pytest.param("Il premio di Monza è stato rinviato.", "Monza", False, id="di"),
        pytest.param("Il volo arriva a Roma Fiumicino alle 8.", "Roma", False, id="name-goes-on"),
    ],
)
def test_a_known_place_after_a_or_in_or_bracketed_is_added(
    nlp: Language, text: str, place: str, added: bool
) -> None:
    toks = _toks(nlp, text)
    found = [_span(toks, place, "LOC", PRIORITY.known_place)]
    expected = [(place, "LOC")] if added else []
    assert _texts(toks, located_places(toks, found, [])) == expected


def test_a_known_place_the_model_read_as_a_person_stays_a_person(nlp: Language) -> None:
    toks = _toks(nlp, "Il premio alla carriera va a Mango, applaudito dal pubblico.")
    found = [_span(toks, "Mango", "LOC", PRIORITY.known_place)]
    chosen = [_span(toks, "Mango", "PER", PRIORITY.model)]
    assert located_places(toks, found, chosen) == chosen


@pytest.mark.parametrize(
    ("text", "mention", "kept"),
    [
        pytest.param(
            "Il Consiglio nazionale delle ricerche e l'Agenzia spaziale italiana hanno firmato.",
            "Consiglio nazionale delle ricerche e l'",
            "Consiglio nazionale delle ricerche",
            id="and-article",
        ),
        pytest.param(
            "La siccità ha colpito le province di Crotone e Catanzaro.",
            "province di Crotone e",
            "province di Crotone",
            id="and",
        ),
        pytest.param(
            "Chiedono al ministero dell'Università un piano straordinario.",
            "ministero dell' Università un piano straordinario",
            "ministero dell'Università",
            id="article-after-a-name",
        ),
        pytest.param(
            "Il Ministero per i Beni e le Attività Culturali ha risposto.",
            "Ministero per i Beni e le Attività Culturali",
            "Ministero per i Beni e le Attività Culturali",
            id="article-inside-a-name",
        ),
        pytest.param(
            "L'Agenzia per la coesione territoriale ha pubblicato il bando.",
            "Agenzia per la coesione territoriale",
            "Agenzia per la coesione territoriale",
            id="lower-case-name",
        ),
        pytest.param(
            "Al voto: Partito Popolare 9% e Verdi 4%.",
            "Partito Popolare 9",
            "Partito Popolare",
            id="share",
        ),
        pytest.param(
            "Si veda la Comunicazione della Commissione 2014/C 240/01 sugli aiuti.",
            "Commissione 2014",
            "Commissione",
            id="act-number",
        ),
        pytest.param(
            "Strategia europea sui dati, Commissione Europea 19.2.2020 COM(2020) 66 final.",
            "Commissione Europea 19.2.2020 COM(2020",
            "Commissione Europea",
            id="date-and-act-code",
        ),
        pytest.param(
            "Le azioni sono coerenti con il Programma nazionale di formazione - OB.4.2 e i suoi obiettivi.",
            "Programma nazionale di formazione - OB.4.2",
            "Programma nazionale di formazione",
            id="reference-code-after-a-dash",
        ),
        pytest.param(
            "Il Cluster 6 ha presentato il piano a Eurosport 1 ieri.",
            "Cluster 6",
            "Cluster 6",
            id="number-of-a-name",
        ),
    ],
)
def test_a_mention_ends_on_a_name_word(nlp: Language, text: str, mention: str, kept: str) -> None:
    toks = _toks(nlp, text)
    cut = cut_loose_end(toks, _span(toks, mention, "ORG", PRIORITY.model))
    assert cut is not None
    assert span_text(toks, cut.start, cut.end) == kept


@pytest.mark.parametrize(
    ("text", "mention", "label", "kept"),
    [
        pytest.param(
            "Il Comitato tecnico che coordina i lavori si riunisce ogni mese.",
            "Comitato tecnico che coordina i lavori",
            "ORG",
            "Comitato tecnico",
            id="relative",
        ),
        pytest.param(
            "Le domande al Dipartimento della protezione civile dovranno arrivare entro maggio.",
            "Dipartimento della protezione civile dovranno arrivare",
            "ORG",
            "Dipartimento della protezione civile",
            id="modal-verb",
        ),
        pytest.param(
            "Ha sottoscritto con l'Agenzia delle entrate un protocollo d'intesa.",
            "Agenzia delle entrate un protocollo",
            "ORG",
            "Agenzia delle entrate",
            id="indefinite-article",
        ),
        pytest.param(
            "Si è rivolta al Ministero della salute per chiedere nuove verifiche.",
            "Ministero della salute per chiedere nuove verifiche",
            "ORG",
            "Ministero della salute",
            id="per-and-a-verb",
        ),
        pytest.param(
            "È quindi il Rappresentante legale del Comune a definire i parametri.",
            "Comune a definire",
            "ORG",
            "Comune",
            id="a-and-a-verb",
        ),
        pytest.param("Il Garante stesso ha risposto.", "Garante stesso", "ORG", "Garante", id="stesso"),
        pytest.param(
            "Alla Città metropolitana spettano 2.480.000 euro.",
            "Città metropolitana spettano 2.480.000",
            "ORG",
            "Città metropolitana",
            id="verb-of-funding",
        ),
        pytest.param(
            "Il Comitato interministeriale per la programmazione economica ha deciso.",
            "Comitato interministeriale per la programmazione economica",
            "ORG",
            "Comitato interministeriale per la programmazione economica",
            id="per-and-a-noun",
        ),
        pytest.param(
            "Ha aderito l'Associazione Un Ponte Per la Pace.",
            "Associazione Un Ponte Per la Pace",
            "ORG",
            "Associazione Un Ponte Per la Pace",
            id="capitalised-after",
        ),
        pytest.param(
            "Il Centro per la Ricerca applicata che ho l'onore di guidare, le Università e i Comuni.",
            "Centro per la Ricerca applicata che ho l' onore di guidare , le Università",
            "ORG",
            "Centro per la Ricerca applicata",
            id="a-clause-before-a-capitalised-word",
        ),
        pytest.param("Lo ha detto Kim Jong-un ieri.", "Kim Jong - un", "PER", "Kim Jong-un", id="glued"),
        pytest.param(
            "Parte il progetto Scuola: un ponte verso il lavoro.",
            "Scuola : un ponte verso il lavoro",
            "PROGRAMME",
            "Scuola: un ponte verso il lavoro",
            id="programme-title",
        ),
    ],
)
def test_a_name_ends_before_the_clause_after_it(
    nlp: Language, text: str, mention: str, label: str, kept: str
) -> None:
    toks = _toks(nlp, text)
    cut = cut_at_clause(toks, _span(toks, mention, label, PRIORITY.model))
    assert span_text(toks, cut.start, cut.end) == kept


@pytest.mark.parametrize(
    ("text", "body"),
    [
        pytest.param(
            "Le proposte inviate al Dipartimento della funzione pubblica dovranno essere firmate.",
            "Dipartimento della funzione pubblica",
            id="modal-verb",
        ),
        pytest.param(
            "Ha firmato con la Direzione generale dei beni culturali un accordo quadro.",
            "Direzione generale dei beni culturali",
            id="indefinite-article",
        ),
        pytest.param(
            "Si è rivolto al Ministero delle imprese per chiedere aiuto.",
            "Ministero delle imprese",
            id="per-and-a-verb",
        ),
        pytest.param(
            "La Camera di commercio riceve 2 milioni.",
            "Camera di commercio",
            id="verb-and-amount",
        ),
    ],
)
def test_a_model_mention_run_on_into_a_clause_is_cut(nlp: Language, text: str, body: str) -> None:
    found = _found(nlp, text)
    assert (body, "ORG") in found, found
    assert [name for name, _ in found if name.startswith(body) and name != body] == [], found


def test_a_mention_of_loose_words_only_is_none(nlp: Language) -> None:
    toks = _toks(nlp, "Lo ha detto e ripetuto.")
    assert cut_loose_end(toks, _span(toks, "e", "ORG", PRIORITY.model)) is None


@pytest.mark.parametrize(
    ("text", "body"),
    [
        pytest.param("Il Comune di Vicenza ha pubblicato il bando.", "Comune di Vicenza", id="comune"),
        pytest.param(
            "L'Università di Cagliari guida il progetto.", "Università di Cagliari", id="universita"
        ),
        pytest.param("La Provincia di Cuneo ha firmato l'accordo.", "Provincia di Cuneo", id="provincia"),
        pytest.param("La Corte dei Conti ha approvato il rendiconto.", "Corte dei Conti", id="no-seat"),
        pytest.param(
            "All'Azienda ospedaliero-universitaria di Sassari vanno 3 milioni.",
            "Azienda ospedaliero-universitaria di Sassari",
            id="adjectives-after-the-head",
        ),
        pytest.param(
            "L'Azienda sanitaria provinciale di Catanzaro ha assunto venti infermieri.",
            "Azienda sanitaria provinciale di Catanzaro",
            id="two-adjectives-after-the-head",
        ),
    ],
)
def test_a_body_whose_place_is_its_name_stays_whole(nlp: Language, text: str, body: str) -> None:
    assert (body, "ORG") in _found(nlp, text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            "La Corte penale internazionale dell'Aia ha emesso un mandato di arresto.",
            [("Corte penale internazionale", "ORG"), ("Aia", "LOC")],
            id="a-head-whose-seat-splits",
        ),
        pytest.param(
            "Lo ha detto l'inviato dell'Unione europea per i Balcani occidentali.",
            [("Unione europea", "ORG")],
            id="per-opens-no-name-after-adjectives",
        ),
        pytest.param(
            "Alla Fondazione il Comune di Torino ha versato 500mila euro.",
            [("Comune di Torino", "ORG")],
            id="a-bare-article-after-a-head",
        ),
    ],
)
def test_a_body_ends_where_its_name_does(nlp: Language, text: str, expected: list[tuple[str, str]]) -> None:
    found = _found(nlp, text)
    assert [e for e in expected if e not in found] == [], found
    assert [name for name, _ in found if any(name != e and e in name for e, _ in expected)] == [], found


def test_a_mention_ends_before_the_full_stop_of_its_sentence(nlp: Language) -> None:
    toks = _toks(nlp, "I fondi arrivano dal Ministero della Giustizia per la digitalizzazione.")
    mention = _span(toks, "Ministero della Giustizia per la digitalizzazione .", "ORG", PRIORITY.model)
    cut = cut_loose_end(toks, mention)
    assert cut is not None
    assert span_text(toks, cut.start, cut.end) == "Ministero della Giustizia per la digitalizzazione"


@pytest.mark.parametrize(
    ("text", "mention"),
    [
        pytest.param(
            "Scrivere a ufficio.stampa@regione.example.it entro lunedì.",
            "ufficio.stampa@regione.example.it",
            id="email",
        ),
        pytest.param("Il bando è su www.regione.example.it da oggi.", "www.regione.example.it", id="web"),
        pytest.param("ol { list-style-type: lower-alpha; }", "}", id="brace"),
    ],
)
def test_an_address_or_a_mark_is_no_name(nlp: Language, text: str, mention: str) -> None:
    toks = _toks(nlp, text)
    assert is_furniture(toks, _span(toks, mention, "ORG", PRIORITY.model), load_patterns())


def test_a_name_is_no_furniture(nlp: Language) -> None:
    toks = _toks(nlp, "Il bando della Regione Umbria scade domani.")
    assert not is_furniture(toks, _span(toks, "Regione Umbria", "ORG", PRIORITY.model), load_patterns())


def test_a_place_that_ends_the_name_of_a_body_inside_stays_with_it(nlp: Language) -> None:
    toks = _toks(nlp, "La società è nata nell'incubatore I3P del Politecnico di Torino nel 2019.")
    start = _span(toks, "I3P", "ORG", PRIORITY.model).start
    end = _span(toks, "Torino", "LOC", PRIORITY.model).end
    assert name_seat(toks, start, end, load_patterns()) is None


@pytest.mark.parametrize(
    ("text", "company"),
    [
        pytest.param(
            "Il gruppo ha rilevato il 40% di Fratelli Ceccarelli Srl, storica ditta di Prato.",
            "Fratelli Ceccarelli Srl",
            id="dictionary-word-first",
        ),
        pytest.param(
            "Nel round è entrato anche il fondo Porta Nuova SGR con 2 milioni.",
            "Porta Nuova SGR",
            id="sgr",
        ),
        pytest.param(
            "Ca' Foscari e Laguna Capital SGR presentano il programma.", "Laguna Capital SGR", id="after-e"
        ),
        pytest.param(
            "Nasce Ortolab Srl, spin-off dell'Università di Parma.", "Ortolab Srl", id="sentence-start"
        ),
    ],
)
def test_a_company_with_its_legal_form_is_one_organisation(nlp: Language, text: str, company: str) -> None:
    assert (company, "ORG") in _found(nlp, text)


def test_a_mention_ending_with_a_legal_form_is_a_company(nlp: Language) -> None:
    toks = _toks(nlp, "Ha firmato Primo Levi Srl ieri.")
    person = _span(toks, "Primo Levi Srl", "PER", PRIORITY.model)
    assert company_by_name_words(toks, person, load_patterns()).label == "ORG"
    name = _span(toks, "Primo Levi", "PER", PRIORITY.model)
    assert company_by_name_words(toks, name, load_patterns()).label == "PER"


@pytest.mark.parametrize(
    ("mention", "label"),
    [
        pytest.param("Solaria Energy", "ORG", id="energy"),
        pytest.param("Officine Bertolini", "ORG", id="officine"),
        pytest.param("Marta Bertolini", "PER", id="person"),
    ],
)
def test_a_person_of_the_model_with_a_word_of_companies_is_a_company(
    nlp: Language, mention: str, label: str
) -> None:
    toks = _toks(nlp, f"Lo ha annunciato {mention} ieri sera.")
    found = _span(toks, mention, "PER", PRIORITY.model)
    assert company_by_name_words(toks, found, load_patterns()).label == label


@pytest.mark.parametrize(
    ("text", "programme"),
    [
        pytest.param("Il progetto LUMINA, guidato da Padova, parte a marzo.", "LUMINA", id="code"),
        pytest.param(
            "La Regione ha aperto il bando Borghi Vivi: domande entro marzo.", "Borghi Vivi", id="bando"
        ),
        pytest.param(
            "Sono 30 le domande per il bando «Scuole in Rete», chiuso ieri.", "Scuole in Rete", id="quoted"
        ),
        pytest.param(
            "Il consorzio guida il progetto europeo AQUA-NET, finanziato con 4 milioni.",
            "AQUA-NET",
            id="with-adjective",
        ),
        pytest.param("Il progetto SOLARIS dell'Unione europea è partito.", "SOLARIS", id="before-its-body"),
        pytest.param(
            "Gli incentivi del programma Impresa Sud 2.0 ripartono.", "Impresa Sud 2.0", id="edition"
        ),
    ],
)
def test_a_name_after_a_programme_noun_is_a_programme(nlp: Language, text: str, programme: str) -> None:
    assert (programme, "PROGRAMME") in _found(nlp, text)


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("La missione Maria Grazia Conti è durata un anno.", id="person"),
        pytest.param("Il programma L'Eredità torna in televisione.", id="title-with-article"),
    ],
)
def test_a_person_or_a_title_after_a_programme_noun_is_no_programme(nlp: Language, text: str) -> None:
    toks = _toks(nlp, text)
    assert list(programmes_after_nouns(toks, load_patterns())) == []


@pytest.mark.parametrize(
    ("text", "company"),
    [
        pytest.param("Ha vinto la gara Marco Impianti, azienda di Brescia.", "Marco Impianti", id="impianti"),
        pytest.param(
            "Lo stabilimento di Giulia Logistica apre a Novara.", "Giulia Logistica", id="logistica"
        ),
    ],
)
def test_a_first_name_before_a_word_of_companies_names_a_company(
    nlp: Language, text: str, company: str
) -> None:
    found = _found(nlp, text)
    assert (company, "ORG") in found, found


def test_a_first_name_and_a_surname_stay_a_person(nlp: Language) -> None:
    assert ("Marco Rossi", "PER") in _found(nlp, "Lo ha detto Marco Rossi ieri.")


@pytest.mark.parametrize(
    ("text", "body"),
    [
        pytest.param(
            "Nuvolab ha firmato un accordo con il gruppo tedesco Kessler Automation.",
            "Kessler Automation",
            id="gruppo-tedesco",
        ),
    ],
)
def test_a_body_starts_after_the_noun_that_describes_it(nlp: Language, text: str, body: str) -> None:
    found = _found(nlp, text)
    assert (body, "ORG") in found, found
    assert all(not name.startswith("gruppo") for name, _ in found), found


def test_a_lower_case_institution_keeps_its_noun(nlp: Language) -> None:
    toks = _toks(nlp, "Lo ha deciso il ministero della giustizia.")
    cand = _span(toks, "ministero della giustizia", "ORG", PRIORITY.model)
    assert drop_descriptive_prefix(toks, cand) == cand


def test_a_surname_with_a_particle_takes_the_first_name_before_it(nlp: Language) -> None:
    found = _found(nlp, "Il sottosegretario agli Esteri, Manlio Di Stefano, ha confermato.")
    assert ("Manlio Di Stefano", "PER") in found, found


def test_a_role_before_a_surname_with_a_particle_stays_out(nlp: Language) -> None:
    found = _found(nlp, "Lo ha confermato il Sottosegretario Di Stefano in aula.")
    assert ("Di Stefano", "PER") in found, found


@pytest.mark.parametrize(
    "text",
    [
        "Il Dipartimento regionale ha trasferito al Comune 450mila euro per il servizio.",
        "La Regione ha approvato l'accordo: alla Città metropolitana € 3.400.000, per le scuole superiori.",
    ],
)
def test_no_name_holds_the_amount_after_it(nlp: Language, text: str) -> None:
    found = _found(nlp, text)
    assert not any(c.isdigit() or c == "€" for name, _ in found for c in name), found


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            "La notizia è apparsa prima su Il Corriere Adriatico e poi altrove.",
            ("Il Corriere Adriatico", "ORG"),
            id="after-a-preposition",
        ),
        pytest.param(
            "Il progetto è della cooperativa sociale Il Girasole Verde.",
            ("Il Girasole Verde", "ORG"),
            id="after-an-adjective",
        ),
        pytest.param(
            "Secondo La Gazzetta Tirrenica il sindaco si dimetterà.",
            ("La Gazzetta Tirrenica", "ORG"),
            id="after-a-capitalised-word",
        ),
        pytest.param("ROMA - Il Senato ha approvato la legge.", ("Senato", "ORG"), id="after-a-dateline"),
        pytest.param("Ha detto: «Il Senato ha sbagliato».", ("Senato", "ORG"), id="opening-a-quote"),
        pytest.param("IL SENATO APPROVA LA LEGGE DI BILANCIO", ("SENATO", "ORG"), id="in-capitals"),
    ],
)
def test_a_capitalised_article_inside_a_sentence_opens_a_body_s_name(
    nlp: Language, text: str, expected: tuple[str, str]
) -> None:
    assert expected in _found(nlp, text)


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("Al vertice hanno partecipato 38 capi di Stato e di governo.", id="di"),
        pytest.param("La coalizione di governo ha conservato la maggioranza.", id="di-after-a-noun"),
        pytest.param("Ha vinto due gare, per giunta consecutive.", id="per"),
        pytest.param("Serve più capacità di governo della trasformazione digitale.", id="a-verb-noun"),
    ],
)
def test_an_institution_in_lower_case_after_a_bare_preposition_is_no_body(nlp: Language, text: str) -> None:
    assert [m for m in _found(nlp, text) if m[0].islower()] == []


def test_an_institution_in_lower_case_after_an_article_is_the_body(nlp: Language) -> None:
    assert _found(nlp, "Ieri il governo ha approvato il decreto e la polizia indaga.") == [
        ("governo", "ORG"),
        ("polizia", "ORG"),
    ]


@pytest.mark.parametrize(
    ("text", "place"),
    [
        pytest.param("Il Rally di Gran Bretagna 2020 è stato cancellato.", "Gran Bretagna", id="race"),
        pytest.param("Sono stati firmati i trattati di Roma.", "Roma", id="treaty-in-lower-case"),
        pytest.param("Ha vinto due volte il Giro di Spagna.", "Spagna", id="tour"),
        pytest.param("Il film è stato scelto per il Festival di Berlino.", "Berlino", id="festival"),
    ],
)
def test_a_place_inside_an_event_s_name_is_no_mention(nlp: Language, text: str, place: str) -> None:
    assert [name for name, _ in _found(nlp, text) if place in name] == []


def test_a_place_after_a_race_in_lower_case_stays(nlp: Language) -> None:
    assert ("Finlandia", "LOC") in _found(
        nlp, "È arrivata la cancellazione dei rally di Finlandia e Norvegia."
    )
