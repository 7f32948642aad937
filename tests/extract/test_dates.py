"""Dates: days, months, years, intervals, seasons, relative expressions, and the publication date."""

from __future__ import annotations

from datetime import date

import pytest

from pipeline.extract.date_grammar import DATE_RE, FORMS
from pipeline.extract.dates import find_dates, find_publication_date, parse_date
from pipeline.extract.numbers import normalize_text


@pytest.mark.parametrize(
    ("text", "quote", "value", "granularity"),
    [
        pytest.param(
            "Milano, 9 luglio 2021 - Una rete", "9 luglio 2021", "2021-07-09", "day", id="day-month-year"
        ),
        pytest.param("il 1° gennaio 2022", "1° gennaio 2022", "2022-01-01", "day", id="first-of-month"),
        pytest.param(
            "uccisa il 27 dicembre del 2007.", "27 dicembre del 2007", "2007-12-27", "day", id="del-year"
        ),
        pytest.param(
            "By Federdat Ottobre 3, 2017 08:50", "Ottobre 3, 2017", "2017-10-03", "day", id="month-first"
        ),
        pytest.param("Delibera del 15/12/2021", "15/12/2021", "2021-12-15", "day", id="slashes"),
        pytest.param("scade il 05.03.2023.", "05.03.2023", "2023-03-05", "day", id="dots"),
        pytest.param("pubblicato il 2021-07-09", "2021-07-09", "2021-07-09", "day", id="iso"),
        pytest.param("entro il 3 set. 2021", "3 set. 2021", "2021-09-03", "day", id="abbreviation"),
        pytest.param(
            "DGR n. XI/4155 del 30 dicembre 2020¹ e s.m.i.",
            "30 dicembre 2020",
            "2020-12-30",
            "day",
            id="footnote",
        ),
        pytest.param(
            "pubblicato nel settembre 2020 dal", "settembre 2020", "2020-09", "month", id="month-year"
        ),
        pytest.param("entro fine aprile 2023", "aprile 2023", "2023-04", "month", id="modifier-outside"),
        pytest.param("nel 2018 la Regione", "2018", "2018", "year", id="nel-year"),
        pytest.param("All'inizio del 2018, LE2C", "2018", "2018", "year", id="inizio-del"),
        pytest.param("entro il 2025 saranno", "2025", "2025", "year", id="entro-il"),
        pytest.param("per l'anno 2020 sono", "2020", "2020", "year", id="anno"),
        pytest.param("PROGETTI IN CORSO 2022\n", "2022", "2022", "year", id="heading"),
        pytest.param("(GdL-MIE) – 2018, ongoing", "2018", "2018", "year", id="detached"),
        pytest.param("Tappe:\n- 2018: avvio del progetto", "2018", "2018", "year", id="bullet"),
        pytest.param("in primavera 2013 il", "primavera 2013", "2013-SP", "season", id="season"),
        pytest.param("nell'estate del 2022", "estate del 2022", "2022-SU", "season", id="season-del"),
        pytest.param("il Politecnico, fondato nel 1863", "1863", "1863", "year", id="old-year-after-cue"),
        pytest.param("in data 01/02/2022", "01/02/2022", "2022-02-01", "day", id="zero-padded"),
    ],
)
def test_find_dates_reads_written_dates(text: str, quote: str, value: str, granularity: str) -> None:
    [found] = find_dates(text)
    assert text[found.start : found.end] == quote
    assert found.value == value
    assert found.granularity == granularity
    assert not found.relative
    assert not found.year_inferred


@pytest.mark.parametrize(
    ("text", "quote", "value"),
    [
        pytest.param(
            "programmazione europea 2014 – 2020 e", "2014 – 2020", "2014/2020", id="programming-period"
        ),
        pytest.param(
            "nell'attuale programmazione (2021-2027)", "2021-2027", "2021/2027", id="bracketed-period"
        ),
        pytest.param("nel periodo 2021-27 la", "2021-27", "2021/2027", id="two-digit-end"),
        pytest.param("fin dal 2013/2014, previsto", "2013/2014", "2013/2014", id="slash-years"),
        pytest.param("FANGHI (2020 - 2022) è", "2020 - 2022", "2020/2022", id="spaced-dash"),
        pytest.param("dal 2014 al 2020 la", "2014 al 2020", "2014/2020", id="dal-al-years"),
        pytest.param("nel primo trimestre 2022", "primo trimestre 2022", "2022-01/2022-03", id="quarter"),
        pytest.param("nel II trimestre 2025 la", "II trimestre 2025", "2025-04/2025-06", id="roman-quarter"),
        pytest.param("del I semestre 2025 è", "I semestre 2025", "2025-01/2025-06", id="roman-half"),
        pytest.param(
            "il 1° trimestre 2025 chiude", "1° trimestre 2025", "2025-01/2025-03", id="ordinal-quarter"
        ),
        pytest.param("nel 2º semestre 2025 la", "2º semestre 2025", "2025-07/2025-12", id="ordinal-half"),
    ],
)
def test_find_dates_reads_intervals(text: str, quote: str, value: str) -> None:
    [found] = find_dates(text)
    assert text[found.start : found.end] == quote
    assert found.value == value
    assert found.granularity == "interval"


@pytest.mark.parametrize(
    ("text", "quote", "value"),
    [
        pytest.param("dal 3 maggio al 5 giugno 2022", "3 maggio al 5 giugno 2022", "2022-05-03/2022-06-05"),
        pytest.param("da gennaio a marzo 2022", "gennaio a marzo 2022", "2022-01/2022-03"),
        pytest.param("dal 10 al 12 maggio 2022;", "10 al 12 maggio 2022", "2022-05-10/2022-05-12"),
        # written for these tests: a shared month and year on one end only
        pytest.param("il 3 e il 5 maggio 2015", "3 e il 5 maggio 2015", "2015-05-03/2015-05-05"),
        pytest.param("l'11 e 12 marzo 2020", "11 e 12 marzo 2020", "2020-03-11/2020-03-12"),
    ],
)
def test_find_dates_carries_a_shared_year_to_both_ends(text: str, quote: str, value: str) -> None:
    [found] = find_dates(text)
    assert text[found.start : found.end] == quote
    assert (found.value, found.context_value, found.year_inferred) == (value, None, False)


def test_find_dates_does_not_carry_the_year_back_across_new_year() -> None:
    text = "dal 29 novembre all'11 gennaio 2023."
    [found] = find_dates(text)
    assert (found.value, found.context_value, found.year_inferred) == (
        "XXXX-11-29/2023-01-11",
        "2022-11-29/2023-01-11",
        True,
    )


@pytest.mark.parametrize(
    ("text", "quote", "value"),
    [
        # written for these tests
        (
            "Il messaggio della vigilia di Capodanno 2016 fu trasmesso",
            "vigilia di Capodanno 2016",
            "2015-12-31",
        ),
        ("chiusura degli uffici a Ferragosto del 2021.", "Ferragosto del 2021", "2021-08-15"),
        ("Entro Natale 2019 saranno erogati i fondi.", "Natale 2019", "2019-12-25"),
    ],
)
def test_find_dates_reads_holidays_with_their_year(text: str, quote: str, value: str) -> None:
    [found] = find_dates(text)
    assert (text[found.start : found.end], found.value, found.granularity) == (quote, value, "day")


def test_a_holiday_name_without_a_year_is_no_date() -> None:
    assert find_dates("Natale Rossi, assessore, ha detto che ogni anno a Natale la sede chiude.") == []


def test_find_dates_fills_a_missing_year_from_the_text() -> None:
    text = (
        "In particolare, nel 2022 si prevede di prendere parte alle seguenti iniziative:\n"
        "- fiera (Svizzera) dal 7 all'8 febbraio;\n"
        "- missione, ipotesi inizio ottobre;\n"
        "- fiera B2B (Francia) dal 29 novembre all'11 gennaio 2023."
    )
    found = [(text[d.start : d.end], d.value, d.context_value, d.year_inferred) for d in find_dates(text)]
    assert found == [
        ("2022", "2022", None, False),
        ("7 all'8 febbraio", "XXXX-02-07/XXXX-02-08", "2022-02-07/2022-02-08", True),
        ("ottobre", "XXXX-10", "2022-10", True),
        ("29 novembre all'11 gennaio 2023", "XXXX-11-29/2023-01-11", "2022-11-29/2023-01-11", True),
    ]


def test_find_dates_fills_a_missing_year_from_the_publication_date() -> None:
    [found] = find_dates("L'evento si terrà il 20 gennaio a Milano.", publication_date=date(2021, 12, 20))
    assert found.value == "XXXX-01-20"
    assert found.context_value == "2022-01-20"
    assert found.year_inferred
    assert found.start_date == found.end_date == date(2022, 1, 20)


@pytest.mark.parametrize(
    ("text", "context_value"),
    [
        pytest.param("Con nota del 5 aprile u.s. il Ministero", "2024-04-05", id="u.s."),
        pytest.param("nella seduta del 27 novembre scorso la Giunta", "2024-11-27", id="scorso-after"),
        pytest.param("come annunciato lo scorso 20 marzo, il bando", "2024-03-20", id="lo-scorso"),
        pytest.param("Il bando chiude il 30 gennaio p.v. alle 12.", "2026-01-30", id="p.v."),
        pytest.param("Il bando chiude il prossimo 15 febbraio.", "2026-02-15", id="il-prossimo"),
        pytest.param("Il bando chiude il 15 febbraio.", "2025-02-15", id="nearest-without-words"),
        pytest.param("L'incontro del 12 marzo, prossimo passo del piano", "2025-03-12", id="not-after-comma"),
    ],
)
def test_words_around_a_date_without_a_year_put_it_before_or_after_publication(
    text: str, context_value: str
) -> None:
    [found] = find_dates(text, publication_date=date(2025, 3, 10))
    assert found.context_value == context_value


def test_find_dates_leaves_an_unknown_year_unknown() -> None:
    [found] = find_dates("L'evento si terrà il 20 gennaio a Milano.")
    assert found.value == "XXXX-01-20"
    assert found.context_value is None
    assert not found.year_inferred
    assert found.start_date is None


def test_find_dates_gives_the_days_an_interval_covers() -> None:
    [found] = find_dates("nel periodo 2021-2027")
    assert (found.start_date, found.end_date) == (date(2021, 1, 1), date(2027, 12, 31))


@pytest.mark.parametrize(
    ("text", "quote", "context"),
    [
        pytest.param("si avverte oggi la necessità", "oggi", "2022-03-10", id="oggi"),
        pytest.param("dal 2014 ad oggi anche", "oggi", "2022-03-10", id="ad-oggi"),
        pytest.param("Ieri la Giunta ha approvato", "Ieri", "2022-03-09", id="ieri"),
        pytest.param("come lo scorso anno", "lo scorso anno", "2021", id="scorso-anno"),
        pytest.param("quest' anno la fiera", "quest' anno", "2022", id="apostrophe-space"),
        pytest.param("entro il mese prossimo", "il mese prossimo", "2022-04", id="mese-prossimo"),
        pytest.param("dovranno confrontarsi nei prossimi anni con", "nei prossimi anni", None, id="vague"),
    ],
)
def test_find_dates_resolves_relative_expressions(text: str, quote: str, context: str | None) -> None:
    found = [d for d in find_dates(text, publication_date=date(2022, 3, 10)) if d.relative]
    [relative] = found
    assert text[relative.start : relative.end] == quote
    assert relative.value is None
    assert relative.granularity is None
    assert relative.context_value == context


def test_find_dates_keeps_relative_expressions_unresolved_without_a_publication_date() -> None:
    [found] = find_dates("Oggi più che mai occorre essere uniti")
    assert found.relative
    assert found.context_value is None


@pytest.mark.parametrize(
    ("text", "quotes"),
    [
        pytest.param("legge 23 agosto 1988, n. 400", ["23 agosto 1988"], id="law"),
        pytest.param("decreto legislativo 30 marzo 2001, n. 165", ["30 marzo 2001"], id="legislative-decree"),
        pytest.param("Decreto direttoriale 257/Ric del 30 maggio 2012", ["30 maggio 2012"], id="decree"),
        pytest.param("Delibera N. XI/5688 del 15/12/2021", ["15/12/2021"], id="delibera"),
    ],
)
def test_find_dates_reads_the_date_of_a_legal_citation_but_not_its_number(
    text: str, quotes: list[str]
) -> None:
    assert [text[d.start : d.end] for d in find_dates(text)] == quotes


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("finanziato dal programma Horizon 2020", id="horizon"),
        pytest.param("AI Regio – H2020, Eur3Ka – H2020", id="h2020"),
        pytest.param("POR FESR 2014-2020 / INNOVAZIONE", id="por-fesr"),
        pytest.param("ReAbility - POR FESR 2014-20)", id="por-fesr-short"),
        pytest.param("gli obiettivi Agenda 2030.", id="agenda"),
        pytest.param("POLITECNICO\nMILANO 1863", id="logo"),
        pytest.param("il piano PA digitale 2026", id="pa-digitale"),
        pytest.param("Progetto Olimpiadi 2026", id="olympics"),
        pytest.param("RICORDO - Tech Fast 2021)", id="call-name"),
        pytest.param("Programme – Cluster 6 – 2022 – Communities – 01 – 02, con", id="call-code"),
        pytest.param("By Federdat 08:50 Updated", id="time"),
        pytest.param("Tel. 02 67652377", id="phone"),
        pytest.param("Via Pantano, 9 – 20122 Milano", id="postal-code"),
        pytest.param("Viale Tonale, 28/30 – 23900 Lecco", id="street-number-slash"),
        pytest.param("in Via 4 Novembre a Roma", id="street-named-after-date"),
        pytest.param("DGR n. XI/4155", id="dgr-number"),
        pytest.param("D.Lgs. 50/2016 e Regolamento (UE) 2021/1060", id="act-numbers"),
        pytest.param("la pandemia Covid-19", id="covid"),
        pytest.param("la cultura 4.0", id="name-number"),
        pytest.param("giovani 18-49 anni", id="age-range"),
        pytest.param("tra i 120 - 150 invitati", id="count-range"),
        pytest.param("con 2022 imprese coinvolte", id="count"),
        pytest.param("un contributo di 2020 euro", id="money"),
        pytest.param("negli anni 2000", id="decade"),
        pytest.param("4° classificato su 78 progetti", id="ordinal"),
        pytest.param("Lombardy Green Chemistry Association\t24", id="page-number"),
        pytest.param("POLITECNICO (1863)", id="old-year-in-brackets"),
        pytest.param("This may be true in march", id="english-month-words"),
        pytest.param("Versione 2.1.2022", id="version-number"),
        pytest.param("secondo Italia Oggi", id="newspaper-title"),
        pytest.param("Expo 2015 e Milano-Cortina 2026", id="events"),
        pytest.param("i fondi FESR 2021-2027", id="fund-period"),
        pytest.param("prot. n. 2022.0012345", id="protocol-number"),
        pytest.param("tel. 02/6765.1234", id="phone-with-slash"),
        pytest.param("ore 9.30-13.30", id="opening-hours"),
        pytest.param("Via XX Settembre 41", id="street-named-after-month"),
        pytest.param("Lombardia 2030 e Milano 2021: la città", id="names-with-years"),
        pytest.param("Serie A: Milan-Inter 3-2", id="score"),
    ],
)
def test_find_dates_ignores_years_and_numbers_that_are_not_dates(text: str) -> None:
    assert find_dates(text) == []


@pytest.mark.parametrize(
    ("text", "published"),
    [
        pytest.param("Titolo\n\n*Milano, 9 luglio 2021* – Una rete", date(2021, 7, 9), id="dateline"),
        pytest.param("Titolo\nBy Federdat Ottobre 3, 2017 08:50 Updated", date(2017, 10, 3), id="byline"),
        pytest.param(
            "Comunicato stampa\nRoma, 12/03/2022 - La Regione", date(2022, 3, 12), id="numeric-dateline"
        ),
        pytest.param("Pubblicato il 5 maggio 2023\n\nTesto", date(2023, 5, 5), id="label"),
        pytest.param("Notizie\n\nlunedì 6 marzo 2023\n\nLa Giunta", date(2023, 3, 6), id="lone-line"),
        pytest.param("Titolo\n12 marzo 2022 - 10:30\nTesto", date(2022, 3, 12), id="lone-line-with-time"),
        pytest.param("(ANSA) - MILANO, 12 marzo 2022 - La Regione", date(2022, 3, 12), id="agency"),
        pytest.param(
            "REGIONE LOMBARDIA\nDECRETO N. 5432 Del 21/04/2022\n", date(2022, 4, 21), id="decree-header"
        ),
        pytest.param("Data pubblicazione: 12/03/2022\nTesto", date(2022, 3, 12), id="publication-label"),
    ],
)
def test_find_publication_date_reads_datelines_and_bylines(text: str, published: date) -> None:
    assert find_publication_date(text) == published


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("Il bando scade il 30 maggio 2012.", id="date-in-a-sentence"),
        pytest.param("Impresa e innovazione\n\nNel 2018 la Regione", id="year-only"),
        pytest.param("", id="empty"),
    ],
)
def test_find_publication_date_ignores_dates_in_the_body(text: str) -> None:
    assert find_publication_date(text) is None


def test_find_dates_prefers_the_publication_date_to_a_nearby_year() -> None:
    text = "La rendicontazione è prevista entro fine 2024. La presentazione si terrà giovedì 23 marzo."
    found = find_dates(text, publication_date=date(2023, 3, 14))
    assert [(d.value, d.context_value) for d in found] == [("2024", None), ("XXXX-03-23", "2023-03-23")]


@pytest.mark.parametrize(
    ("text", "quotes"),
    [
        pytest.param("nel 2019 e 2020 la", ["2019", "2020"], id="two-years"),
        pytest.param("nel 2019, 2020 e 2021 la", ["2019", "2020", "2021"], id="three-years"),
        pytest.param("tra il 2019 e il 2021 la", ["2019 e il 2021"], id="between-is-a-period"),
        pytest.param("nei mesi di maggio e giugno", ["maggio", "giugno"], id="two-months"),
    ],
)
def test_find_dates_reads_listed_years_and_months_one_by_one(text: str, quotes: list[str]) -> None:
    assert [text[d.start : d.end] for d in find_dates(text)] == quotes


@pytest.mark.parametrize(
    ("text", "quote", "value"),
    [
        pytest.param(
            "approvata il 30 dicem-\nbre 2020 dalla", "30 dicem-\nbre 2020", "2020-12-30", id="hyphenated"
        ),
        pytest.param("il 9\u00a0luglio\u00a02021", "9\u00a0luglio\u00a02021", "2021-07-09", id="nbsp"),
        pytest.param("il 9\u202fluglio 2021", "9\u202fluglio 2021", "2021-07-09", id="narrow-nbsp"),
        pytest.param("il 9 luglio\n2021", "9 luglio\n2021", "2021-07-09", id="line-break"),
        pytest.param("programmazione 2014 –\n2020", "2014 –\n2020", "2014/2020", id="period-line-break"),
    ],
)
def test_find_dates_survive_pdf_text(text: str, quote: str, value: str) -> None:
    [found] = find_dates(text)
    assert text[found.start : found.end] == quote
    assert found.value == value


@pytest.mark.parametrize(
    ("text", "quote", "value", "context"),
    [
        pytest.param(
            "I lavori si svolgeranno tra l'estate e l'autunno 2021.",
            "estate e l'autunno 2021",
            "2021-SU/2021-FA",
            None,
            id="tra-seasons",
        ),
        pytest.param(
            "La sperimentazione durerà dalla primavera all'estate 2022 nei tre comuni.",
            "primavera all'estate 2022",
            "2022-SP/2022-SU",
            None,
            id="dalla-seasons",
        ),
        pytest.param(
            "dall'autunno 2021 alla primavera 2022",
            "autunno 2021 alla primavera 2022",
            "2021-FA/2022-SP",
            None,
            id="seasons-two-years",
        ),
        pytest.param(
            "tra l'inverno e la primavera 2022",
            "inverno e la primavera 2022",
            "XXXX-WI/2022-SP",
            "2021-WI/2022-SP",
            id="winter-before-spring",
        ),
    ],
)
def test_find_dates_reads_season_intervals(text: str, quote: str, value: str, context: str | None) -> None:
    [found] = find_dates(text, date(2022, 3, 1))
    assert text[found.start : found.end] == quote
    assert (found.value, found.granularity, found.context_value) == (value, "interval", context)
    assert found.year_inferred is (context is not None)
    assert found.start_date is not None and found.end_date is not None
    assert found.start_date < found.end_date


@pytest.mark.parametrize(
    ("text", "quote", "value", "context"),
    [
        ("Le domande vanno presentate entro il 31/12.", "31/12", "XXXX-12-31", "2022-12-31"),
        (
            "Il bando è aperto dal 15/03 al 30/04.",
            "15/03 al 30/04",
            "XXXX-03-15/XXXX-04-30",
            "2023-03-15/2023-04-30",
        ),
        ("a partire dal 05/11 sarà attivo", "05/11", "XXXX-11-05", "2022-11-05"),
        ("dal 15/03 al 30/04/2023", "15/03 al 30/04/2023", "2023-03-15/2023-04-30", None),
    ],
)
def test_find_dates_reads_numeric_days_without_year(
    text: str, quote: str, value: str, context: str | None
) -> None:
    [found] = find_dates(text, date(2022, 12, 1))
    assert text[found.start : found.end] == quote
    assert (found.value, found.context_value, found.year_inferred) == (value, context, context is not None)


@pytest.mark.parametrize(
    "text",
    [
        "By Federdat, 08:50 Updated",
        "La Juventus ha chiuso la partita sul 3/1 nel secondo tempo.",
        "ha vinto 3/1 contro il Milan",
        "il 1/3 dei fondi va alle imprese",
        "crescita dal 12/13 per cento",
        "la legge 12/06 e il decreto 31/12",
        "sul totale, 45/12 sono stati ammessi",
    ],
)
def test_find_dates_leaves_times_scores_and_ratios(text: str) -> None:
    assert find_dates(text, date(2022, 12, 1)) == []


# an example of each form of the date grammar, in the order of the table, and the value it gives alone
FORM_EXAMPLES = {
    "day_month_to_day_month": ("29 novembre all'11 gennaio 2023", "XXXX-11-29/2023-01-11"),
    "day_range_same_month": ("10-12 maggio 2022", "2022-05-10/2022-05-12"),
    "month_day_comma_year": ("Ottobre 3, 2017", "2017-10-03"),
    "day_month_year": ("9 luglio 2021", "2021-07-09"),
    "day_abbreviated_month_year": ("3 set. 2021", "2021-09-03"),
    "agency_dateline": ("04 MAR", "XXXX-03-04"),
    "agency_stamp": ("04-MAR-25", "2025-03-04"),
    "numeric_dmy": ("15/12/2021", "2021-12-15"),
    "iso_ymd": ("2021-12-15", "2021-12-15"),
    "month_range_year": ("gennaio-marzo 2022", "2022-01/2022-03"),
    "month_year": ("giugno del 2022", "2022-06"),
    "season_year": ("primavera 2013", "2013-SP"),
    "year_part": ("primo trimestre 2022", "2022-01/2022-03"),
    "year_range": ("2014-2020", "2014/2020"),
    "bare_month": ("ottobre", "XXXX-10"),
    "bare_year": ("2018", "2018"),
    "relative": ("l'anno scorso", None),
}


@pytest.mark.parametrize(("form", "example", "value"), [(f, *v) for f, v in FORM_EXAMPLES.items()])
def test_each_form_of_the_grammar_reads_its_example(form: str, example: str, value: str | None) -> None:
    m = DATE_RE.fullmatch(example)
    assert m is not None
    assert m.lastgroup == form
    assert parse_date(example) == value


@pytest.mark.parametrize(
    ("text", "quotes"),
    [
        pytest.param("(ANSA) - BARI, 04 MAR - La Regione stanzia", [("04 MAR", "2025-03-04")], id="dateline"),
        pytest.param("ROMA, 30 DIC \u2013 Il governo", [("30 DIC", "2024-12-30")], id="dateline-last-year"),
        pytest.param("la sede di via 4 MAR e il MAR", [], id="capitals-without-a-dash"),
        pytest.param("RED/GIU\n04-MAR-25 12:31 NNNN", [("04-MAR-25", "2025-03-04")], id="stamp"),
    ],
)
def test_a_news_agency_writes_the_month_in_capitals(text: str, quotes: list[tuple[str, str]]) -> None:
    found = find_dates(text, date(2025, 3, 5))
    assert [(text[d.start : d.end], d.context_value or d.value) for d in found] == quotes


def test_a_news_agency_dispatch_is_dated_by_its_time_stamp() -> None:
    text = "(ANSA) - BARI, 04 MAR - La Regione stanzia 5 milioni.\n     RED/GIU\n04-MAR-25 12:31 NNNN\n"
    assert find_publication_date(text) == date(2025, 3, 4)
    assert find_publication_date("Il 04-MAR-25 alle 12:31 si vota.") is None


def test_the_examples_cover_the_grammar_in_its_order() -> None:
    assert [form.name for form in FORMS] == list(FORM_EXAMPLES)


@pytest.mark.parametrize(
    ("text", "quotes"),
    [
        pytest.param(
            "Dal 7\u00a0all\u20198 febbraio 2022 e nel\u200b 2023, poi l\u2019anno scorso.",
            ["7\u00a0all\u20198 febbraio 2022", "2023", "l\u2019anno scorso"],
            id="typographic",
        ),
        pytest.param(
            "Milano, 9 luglio 2021 - entro il 31/12 e tra l'estate e l'autunno 2021", None, id="plain"
        ),
    ],
)
def test_find_dates_reads_the_same_through_a_given_view(text: str, quotes: list[str] | None) -> None:
    published = date(2022, 3, 10)
    found = find_dates(text, published)
    assert found
    assert find_dates(text, published, view=normalize_text(text)) == found
    if quotes is not None:
        assert [text[d.start : d.end] for d in found] == quotes


def test_find_dates_refuses_the_view_of_another_text() -> None:
    with pytest.raises(ValueError, match="matching view"):
        find_dates("il 9 luglio 2021", view=normalize_text("il 10 luglio 2021"))


@pytest.mark.parametrize(
    ("text", "published", "context"),
    [
        # Wikinews, March 2013: the last 29 February before it is 2012
        ("È del 29 febbraio scorso.", date(2013, 3, 5), "2012-02-29"),
        ("Si vota il 29 febbraio.", date(2014, 6, 5), "2016-02-29"),
        ("Si vota il 29 febbraio.", date(2012, 2, 1), "2012-02-29"),
    ],
)
def test_29_february_without_a_year_takes_the_nearest_leap_year(
    text: str, published: date, context: str
) -> None:
    (found,) = find_dates(text, published)
    assert (found.value, found.context_value, found.start_date) == (
        "XXXX-02-29",
        context,
        date.fromisoformat(context),
    )


@pytest.mark.parametrize(
    "text",
    ["Nel 2013, il 29 febbraio, si vota.", "dal 29 febbraio al 3 marzo 2013", "dal 28 al 29 febbraio 2013"],
)
def test_29_february_of_a_common_year_gives_no_day_bounds_and_no_error(text: str) -> None:
    found = find_dates(text, None)
    days = [m for m in found if m.granularity in ("day", "interval")]
    assert found and all(m.start_date is None or m.start_date.year != 2013 for m in days)


def test_the_article_i_before_a_plural_part_of_the_year_is_no_roman_numeral() -> None:
    text = "Tutti i trimestri del 2024 sono stati positivi."
    assert [(text[d.start : d.end], d.value) for d in find_dates(text)] == [("2024", "2024")]
