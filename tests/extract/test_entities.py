"""Entity mentions and their canonical entities, on Italian press-release sentences."""

from __future__ import annotations

import pytest
from spacy.language import Language

from pipeline.extract.entities import EntityMatch, find_entities, match_key, normalize_name, slugify


def _found(nlp: Language, text: str) -> list[tuple[str, str]]:
    doc = nlp(text)
    return [(text[m.start : m.end], m.label) for m in find_entities(doc)]


@pytest.mark.parametrize(
    ("text", "surface"),
    [
        pytest.param("L'intesa firmata con Regione Lombardia.", "Regione Lombardia", id="regione"),
        pytest.param("L'accordo con la regione Lombardia.", "regione Lombardia", id="regione-lower-case"),
        pytest.param("Il bando del Comune di Bergamo scade.", "Comune di Bergamo", id="comune-di"),
        pytest.param(
            "Lo studio della Camera di Commercio di Brescia.", "Camera di Commercio di Brescia", id="camera"
        ),
        pytest.param(
            "Un contributo del Ministero dello Sviluppo economico.",
            "Ministero dello Sviluppo economico",
            id="ministero-with-adjective",
        ),
        pytest.param(
            "Ne fa parte l'Università degli Studi di Padova.",
            "Università degli Studi di Padova",
            id="universita-degli-studi",
        ),
        pytest.param("Lo ha detto Confindustria Lombardia.", "Confindustria Lombardia", id="confindustria"),
        pytest.param(
            "Il Cluster Lombardo della Mobilità ha aderito.", "Cluster Lombardo della Mobilità", id="cluster"
        ),
        pytest.param(
            "Partecipa la World Manufacturing Foundation.",
            "World Manufacturing Foundation",
            id="english-keyword-at-end",
        ),
        pytest.param("Il premio a Bracco spa.", "Bracco spa", id="company-spa"),
        pytest.param(
            "I partner: Lariana Depur S.p.A., e altri.", "Lariana Depur S.p.A.", id="company-spa-dotted"
        ),
        pytest.param("Il capofila è Astir Srl.", "Astir Srl", id="company-srl"),
        pytest.param(
            "Il progetto dell'Associazione Fabbrica Intelligente Lombardia (AFIL) parte ora.",
            "AFIL",
            id="acronym-after-its-name",
        ),
        pytest.param(
            "Ne fa parte il Lombardy Energy Cleantech Cluster (LE2C).", "LE2C", id="acronym-with-digit"
        ),
        pytest.param("Lo ha detto il presidente di AFIL, Mario Rossi.", "AFIL", id="acronym"),
        pytest.param("Lo riferisce il Mise.", "Mise", id="known-short-form"),
    ],
)
def test_find_entities_finds_organisations(nlp: Language, text: str, surface: str) -> None:
    assert (surface, "ORG") in _found(nlp, text)


@pytest.mark.parametrize(
    ("text", "surface"),
    [
        pytest.param(
            "Ha parlato l'assessore Alessandro Mattinzoli.", "Alessandro Mattinzoli", id="title-and-name"
        ),
        pytest.param(
            "Secondo il rettore Ferruccio Resta, è un passo avanti.", "Ferruccio Resta", id="rettore"
        ),
        pytest.param("Come diceva M. Porter nel suo libro.", "M. Porter", id="initial"),
        pytest.param("Lo ha annunciato il ministro Giorgetti.", "Giorgetti", id="title-and-surname"),
        pytest.param("Mauro Parolini ha aperto i lavori.", "Mauro Parolini", id="first-name"),
        pytest.param("Lo ha scelto Angelo Bagnasco.", "Angelo Bagnasco", id="surname-spelled-like-a-town"),
        pytest.param("Ha parlato l'onorevole von Wogau.", "von Wogau", id="title-and-particle"),
        pytest.param("Parla l'amministratore delegato Carlo Rossi.", "Carlo Rossi", id="title-with-modifier"),
    ],
)
def test_find_entities_finds_people(nlp: Language, text: str, surface: str) -> None:
    assert (surface, "PER") in _found(nlp, text)


@pytest.mark.parametrize(
    ("text", "surface"),
    [
        pytest.param("La sede è a Bergamo.", "Bergamo", id="municipality"),
        pytest.param("Accordi con i Paesi Bassi.", "Paesi Bassi", id="country-two-words"),
        pytest.param("In Emilia-Romagna e altrove.", "Emilia-Romagna", id="region"),
        pytest.param("Missione a Londra.", "Londra", id="foreign-city"),
    ],
)
def test_find_entities_finds_places(nlp: Language, text: str, surface: str) -> None:
    assert (surface, "LOC") in _found(nlp, text)


@pytest.mark.parametrize(
    ("text", "surface"),
    [
        pytest.param(
            "Fondi del POR FESR 2014-2020 per le imprese.", "POR FESR 2014-2020", id="por-fesr-period"
        ),
        pytest.param("Le risorse del PNRR arriveranno.", "PNRR", id="pnrr"),
        pytest.param("Un progetto finanziato da Horizon 2020.", "Horizon 2020", id="horizon"),
        pytest.param(
            "Il Piano Nazionale di Ripresa e Resilienza prevede.",
            "Piano Nazionale di Ripresa e Resilienza",
            id="plan-long-name",
        ),
    ],
)
def test_find_entities_labels_programmes_apart_from_organisations(
    nlp: Language, text: str, surface: str
) -> None:
    found = _found(nlp, text)
    assert (surface, "PROGRAMME") in found
    assert all(label != "ORG" for _, label in found)


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("PROGETTI IN CORSO 2022", id="upper-case-heading"),
        pytest.param("Il presidente ha detto che il progetto parte.", id="title-without-name"),
        pytest.param("Le PMI del territorio crescono.", id="common-acronym"),
        pytest.param("tel. 02 2399 2222, fax 02 2399 2223", id="phone-numbers"),
        pytest.param("Il 26,7% delle startup italiane.", id="numbers-only"),
        pytest.param(
            "Ricerca e Innovazione\n\nSmart Mobility\n\nEconomia Circolare", id="capitalised-topics"
        ),
        pytest.param("INFORMAZIONI GENERALI\n\nSEDE\n\nSITO WEB", id="upper-case-labels"),
    ],
)
def test_find_entities_ignores_text_without_names(nlp: Language, text: str) -> None:
    assert _found(nlp, text) == []


def test_find_entities_keeps_the_outermost_name_only(nlp: Language) -> None:
    assert _found(nlp, "Lo conferma la Fondazione Politecnico di Milano.") == [
        ("Fondazione Politecnico di Milano", "ORG")
    ]


def test_find_entities_keeps_places_inside_programme_names_out(nlp: Language) -> None:
    assert ("Lombardia", "LOC") not in _found(nlp, "Il Piano Lombardia finanzia le opere.")


def test_find_entities_crosses_a_line_break_with_exact_offsets(nlp: Language) -> None:
    text = "Logo\nRegione\nLombardia\n\nTesto."
    [match] = find_entities(nlp(text))
    assert (match.start, match.end, match.label) == (5, 22, "ORG")
    assert text[match.start : match.end] == "Regione\nLombardia"
    assert match.canonical_name == "Regione Lombardia"


def test_find_entities_gives_variants_of_one_organisation_one_id(nlp: Language) -> None:
    text = (
        "Il Politecnico di Milano e Regione Lombardia firmano. Per Polimi è un passo avanti. "
        "POLITECNICO DI MILANO\nUn accordo con il Politecnico."
    )
    ids = {text[m.start : m.end]: m.canonical_id for m in find_entities(nlp(text)) if m.label == "ORG"}
    assert ids["Polimi"] == ids["Politecnico di Milano"] == ids["POLITECNICO DI MILANO"] == ids["Politecnico"]
    assert ids["Politecnico di Milano"] == "ORG:politecnico-di-milano"
    assert ids["Regione Lombardia"] != ids["Politecnico di Milano"]


def test_find_entities_points_a_bare_regione_to_the_regione_of_the_document(nlp: Language) -> None:
    text = "Regione Lombardia ha approvato il bando. Grazie all'accordo con Regione, le imprese crescono."
    bare = [m for m in find_entities(nlp(text)) if text[m.start : m.end] == "Regione"]
    assert bare == [EntityMatch(64, 71, "ORG", "ORG:regione-lombardia", "Regione Lombardia", "r_lombar")]


def test_find_entities_drops_a_bare_head_without_a_named_body(nlp: Language) -> None:
    assert _found(nlp, "La Regione ha approvato il bando.") == []


def test_find_entities_links_a_surname_to_the_full_name(nlp: Language) -> None:
    text = "Lo ha detto Fabrizio Sala, assessore. Secondo Sala il bando è un successo."
    people = [(text[m.start : m.end], m.canonical_id) for m in find_entities(nlp(text)) if m.label == "PER"]
    assert people == [("Fabrizio Sala", "PER:fabrizio-sala"), ("Sala", "PER:fabrizio-sala")]


def test_find_entities_links_an_acronym_to_the_name_before_it(nlp: Language) -> None:
    text = "La Fondazione Regionale per la Ricerca Biomedica (FRRB) sostiene il progetto. FRRB lo finanzia."
    ids = [(text[m.start : m.end], m.canonical_id) for m in find_entities(nlp(text))]
    assert ids == [
        (
            "Fondazione Regionale per la Ricerca Biomedica",
            "ORG:fondazione-regionale-per-la-ricerca-biomedica",
        ),
        ("FRRB", "ORG:fondazione-regionale-per-la-ricerca-biomedica"),
        ("FRRB", "ORG:fondazione-regionale-per-la-ricerca-biomedica"),
    ]


def test_find_entities_ids_are_stable_across_documents(nlp: Language) -> None:
    first, second = nlp.pipe(["Il POLITECNICO DI MILANO apre.", "Polimi apre le iscrizioni."])
    [a] = find_entities(first)
    [b] = find_entities(second)
    assert a.canonical_id == b.canonical_id == "ORG:politecnico-di-milano"


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        pytest.param("Università di Milano-Bicocca", "universita-di-milano-bicocca", id="accent-and-hyphen"),
        pytest.param("Banca d'Italia", "banca-d-italia", id="apostrophe"),
        pytest.param("A2A", "a2a", id="digits"),
    ],
)
def test_slugify_makes_ascii_ids(name: str, slug: str) -> None:
    assert slugify(name) == slug


@pytest.mark.parametrize(
    ("left", "right"),
    [
        pytest.param("POLITECNICO MILANO 1863", "Politecnico di Milano", id="logo-with-year"),
        pytest.param("Bracco S.p.A.", "Bracco spa", id="legal-form"),
        pytest.param("UNIVERSITÀ DI MILANO", "Università di Milano", id="case"),
    ],
)
def test_match_key_joins_variants(left: str, right: str) -> None:
    assert match_key(left) == match_key(right)


def test_match_key_keeps_different_bodies_apart() -> None:
    assert match_key("Regione Lombardia") != match_key("Regione Lazio")


def test_normalize_name_title_cases_upper_case_names() -> None:
    assert normalize_name("FONDAZIONE POLITECNICO DI MILANO") == "Fondazione Politecnico di Milano"


def test_find_entities_ends_an_organisation_where_a_person_starts(nlp: Language) -> None:
    found = _found(nlp, "Lo ha detto il presidente dell'Authority Corrado Calabrò.")
    assert ("Corrado Calabrò", "PER") in found
    assert all("Calabrò" not in surface for surface, label in found if label == "ORG")


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("Selezioneremo i progetti migliori entro giugno.", id="future-tense"),
        pytest.param("Considerando il contesto, la domanda va inviata.", id="gerund"),
        pytest.param("Visto il DPR 445/2000, gli esperti API presentano domanda.", id="legal-act-acronyms"),
    ],
)
def test_find_entities_ignores_verbs_and_legal_acronyms(nlp, text):
    assert find_entities(nlp(text)) == []


@pytest.mark.parametrize(
    ("text", "surface"),
    [
        pytest.param("Il governo ha approvato il decreto.", "governo", id="governo"),
        pytest.param("La regione ha stanziato nuovi fondi per le imprese.", "regione", id="regione"),
        pytest.param("Il Senato ha approvato la legge e la Camera lo voterà.", "Camera", id="camera"),
    ],
)
def test_find_entities_takes_an_institution_meaning_the_body_as_an_organisation(
    nlp: Language, text: str, surface: str
) -> None:
    # training/GUIDELINE.md §2: institutions are ORG also in lower case when they mean the body
    assert (surface, "ORG") in _found(nlp, text)


@pytest.mark.parametrize(
    ("surface", "key"),
    [
        pytest.param("Rossi Mario s.a.s.", "rossi mario", id="dotted-form-at-the-end"),
        pytest.param("Alfa s. r. l.", "alfa", id="spaced-form-at-the-end"),
        pytest.param("Alfa srl Milano", "alfa milano", id="form-word-inside"),
        pytest.param("SAS Institute", "sas institute", id="form-only-at-the-end"),
        pytest.param("Siemens AG", "siemens ag", id="form-kept-in-the-key"),
    ],
)
def test_match_key_leaves_legal_forms_out(surface: str, key: str) -> None:
    assert match_key(surface) == key


def test_a_line_in_capitals_is_one_where_most_words_are(nlp: Language) -> None:
    from pipeline.extract.entity_tokens import capital_lines, view_tokens

    text = (
        "REGIONE LOMBARDIA: 13,5 MILIONI PER LE UNIVERSITÀ\n"
        "La Regione Lombardia ha stanziato 13,5 milioni.\n"
        "PNRR M1C1 PA\n"
        "Il PNRR e la PA\n"
        "BANDO SMART CITY: 5 MILIONI AI\n"
        "COMUNI LOMBARDI\n\n"
        "IL PNRR"
    )
    doc = nlp.make_doc(text)
    lines = [doc[lo:hi].text for lo, hi in capital_lines(view_tokens(doc))]
    # a run of acronyms, or capitals with fewer than two long words, is no line in capitals; a title
    # wrapped over two lines is one range, and a blank line ends it
    assert lines == [
        "REGIONE LOMBARDIA: 13,5 MILIONI PER LE UNIVERSITÀ",
        "BANDO SMART CITY: 5 MILIONI AI\nCOMUNI LOMBARDI",
    ]


def test_in_a_line_in_capitals_names_do_not_run_on_over_the_words_after_them(nlp: Language) -> None:
    text = (
        "IL GARANTE PER LA PROTEZIONE DEI DATI PERSONALI HA SANZIONATO UN'AZIENDA SANITARIA PER 50MILA EURO "
        "PER AVER PUBBLICATO ONLINE DATI SANITARI DEI PAZIENTI"
    )
    found = _found(nlp, text)
    assert ("GARANTE PER LA PROTEZIONE DEI DATI PERSONALI", "ORG") in found
    longest = max(len(surface.split()) for surface, _ in found)
    assert longest == 7  # the Garante's name, nothing longer
    assert not any("EURO" in surface for surface, _ in found)
    # the gazetteers' exact names are read in capitals too
    assert ("REGIONE LOMBARDIA", "ORG") in _found(
        nlp, "REGIONE LOMBARDIA E COMUNE DI MILANO FIRMANO L'ACCORDO"
    )


def test_a_title_in_title_case_is_read_as_a_line_in_capitals(nlp: Language) -> None:
    from pipeline.extract.entity_tokens import capital_lines, view_tokens

    text = (
        "Il Politecnico Di Torino Vince Il Bando Europeo Per La Ricerca\n"
        "Cluster Lombardo della Mobilità, Fondazione Politecnico di Milano\n"
        "Il Politecnico di Torino ha vinto il bando."
    )
    doc = nlp.make_doc(text)
    lines = [doc[lo:hi].text for lo, hi in capital_lines(view_tokens(doc))]
    # a list of names keeps its articles and prepositions in lower case; running text has few capitals
    assert lines == ["Il Politecnico Di Torino Vince Il Bando Europeo Per La Ricerca"]
    found = _found(nlp, "Il Politecnico Di Torino Vince Il Bando Europeo Per La Ricerca Sul Clima")
    assert ("Politecnico Di Torino", "ORG") in found
    assert not any("Vince" in surface for surface, _ in found)
