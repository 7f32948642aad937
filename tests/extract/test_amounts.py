"""Money amounts: Italian forms, ranges, implied currency, qualifiers, and numbers that are not money."""

from __future__ import annotations

from decimal import Decimal

import pytest

from pipeline.extract.amounts import find_amounts


@pytest.mark.parametrize(
    ("text", "quote", "value", "currency"),
    [
        pytest.param(
            "stanziati 13,5 milioni di euro per", "13,5 milioni di euro", "13500000", "EUR", id="scale-word"
        ),
        pytest.param(
            "risorse pari a 1.687.500 euro,", "1.687.500 euro", "1687500", "EUR", id="thousands-dots"
        ),
        pytest.param(
            "è pari a euro 109.300,95 euro.", "euro 109.300,95 euro", "109300.95", "EUR", id="doubled-euro"
        ),
        pytest.param(
            "La quota è di 69.412,50 euro.", "69.412,50 euro", "69412.50", "EUR", id="decimal-cents"
        ),
        pytest.param("un bando da € 2 mln per", "€ 2 mln", "2000000", "EUR", id="euro-sign-mln"),
        pytest.param("un fondo di €2,5 Mld.", "€2,5 Mld", "2500000000", "EUR", id="euro-sign-attached"),
        pytest.param("con 300 mila euro di", "300 mila euro", "300000", "EUR", id="mila"),
        pytest.param(
            "vale 1 milione e 500 mila euro.", "1 milione e 500 mila euro", "1500000", "EUR", id="compound"
        ),
        pytest.param("premio di € 100 000 ai", "€ 100 000", "100000", "EUR", id="space-groups"),
        pytest.param("premio di € 100\u00a0000 ai", "€ 100\u00a0000", "100000", "EUR", id="nbsp-groups"),
        pytest.param(
            "costo di 1.546\nmilioni di euro", "1.546\nmilioni di euro", "1546000000", "EUR", id="line-break"
        ),
        pytest.param(
            "costo di 25 mi-\nlioni di euro", "25 mi-\nlioni di euro", "25000000", "EUR", id="hyphenated"
        ),
        pytest.param("un milione di euro per", "un milione di euro", "1000000", "EUR", id="number-word"),
        pytest.param("mezzo miliardo di euro", "mezzo miliardo di euro", "500000000", "EUR", id="half"),
        pytest.param(
            "raccolti 10 milioni di dollari", "10 milioni di dollari", "10000000", "USD", id="dollari"
        ),
        pytest.param("un round da USD 5 mln", "USD 5 mln", "5000000", "USD", id="usd-code"),
        pytest.param("$ 3,2 milioni", "$ 3,2 milioni", "3200000", "USD", id="dollar-sign"),
        pytest.param("£ 300.000 dal governo", "£ 300.000", "300000", "GBP", id="pound-sign"),
        pytest.param("20 milioni di sterline", "20 milioni di sterline", "20000000", "GBP", id="sterline"),
        pytest.param("CHF 2,5 milioni", "CHF 2,5 milioni", "2500000", "CHF", id="chf-code"),
        pytest.param(
            "5 milioni di franchi svizzeri", "5 milioni di franchi svizzeri", "5000000", "CHF", id="franchi"
        ),
        pytest.param("un budget di 500 k€", "500 k€", "500000", "EUR", id="k-euro"),
        pytest.param("un contributo di 2.000 EUR", "2.000 EUR", "2000", "EUR", id="eur-code"),
        pytest.param("Fatturato: 12,3 Mln €", "12,3 Mln €", "12300000", "EUR", id="mln-euro-sign"),
        pytest.param("costo di 2 mln. di euro", "2 mln. di euro", "2000000", "EUR", id="abbreviation-dot"),
        pytest.param("un importo di €. 1.500,00 per", "€. 1.500,00", "1500", "EUR", id="euro-sign-dot"),
        pytest.param(
            "importo di 10.000,00 (diecimila/00) euro",
            "10.000,00 (diecimila/00) euro",
            "10000",
            "EUR",
            id="amount-in-words-between",
        ),
        pytest.param(
            "un milione e mezzo di euro", "un milione e mezzo di euro", "1500000", "EUR", id="e-mezzo"
        ),
        pytest.param(
            "un costo di 1 milione 200 mila euro", "1 milione 200 mila euro", "1200000", "EUR", id="no-e"
        ),
        pytest.param("un premio da 10mila euro", "10mila euro", "10000", "EUR", id="attached-mila"),
    ],
)
def test_find_amounts_reads_italian_forms(text: str, quote: str, value: str, currency: str) -> None:
    [amount] = find_amounts(text)
    assert text[amount.start : amount.end] == quote
    assert amount.value == Decimal(value)
    assert amount.currency == currency
    assert amount.explicit_currency
    assert amount.value_max is None


@pytest.mark.parametrize(
    ("text", "lower", "upper", "low", "high"),
    [
        pytest.param(
            "contributi da 50.000 a 200.000 euro", "50.000", "200.000 euro", "50000", "200000", id="da-a"
        ),
        pytest.param(
            "investimenti per 4-5 miliardi di euro",
            "4",
            "5 miliardi di euro",
            "4e9",
            "5e9",
            id="dash-shared-scale",
        ),
        pytest.param("tra 1 e 2 milioni di euro", "1", "2 milioni di euro", "1000000", "2000000", id="tra-e"),
        pytest.param(
            "dai 3 ai 5 milioni di euro", "3", "5 milioni di euro", "3000000", "5000000", id="dai-ai"
        ),
        pytest.param(
            "€ 10.000 - 20.000 per progetto", "€ 10.000", "20.000", "10000", "20000", id="sign-first-range"
        ),
        pytest.param(
            "da 500 mila a 1 milione di euro",
            "500 mila",
            "1 milione di euro",
            "500000",
            "1000000",
            id="own-scales",
        ),
    ],
)
def test_find_amounts_reads_each_bound_of_a_range(
    text: str, lower: str, upper: str, low: str, high: str
) -> None:
    """Each bound is a mention (tests/gold/FUNDING.md §1); the lower one keeps the upper end as value_max."""
    first, second = find_amounts(text)
    assert (text[first.start : first.end], text[second.start : second.end]) == (lower, upper)
    assert (first.value, first.value_max) == (Decimal(low), Decimal(high))
    assert (second.value, second.value_max) == (Decimal(high), None)
    assert first.currency == second.currency == "EUR"


@pytest.mark.parametrize(
    ("text", "quote", "value"),
    [
        pytest.param(
            "Il progetto, finanziato con 1,2 milioni, la metà dei quali da regione Lombardia",
            "1,2 milioni",
            "1200000",
            id="financed-with",
        ),
        pytest.param(
            "Il costo ammonta a 5.317.523 euro di cui 2.313.750 in Regione Lombardia.",
            "2.313.750",
            "2313750",
            id="di-cui",
        ),
        pytest.param(
            "Lo stanziamento sale a 4,5 miliardi.", "4,5 miliardi", "4500000000", id="allocation-cue"
        ),
        pytest.param(
            "un investimento complessivo di 3 milioni per", "3 milioni", "3000000", id="investment-cue"
        ),
    ],
)
def test_find_amounts_flags_implied_currency(text: str, quote: str, value: str) -> None:
    implied = [a for a in find_amounts(text) if not a.explicit_currency]
    [amount] = implied
    assert text[amount.start : amount.end] == quote
    assert amount.value == Decimal(value)
    assert amount.currency == "EUR"


@pytest.mark.parametrize(
    ("text", "qualifier"),
    [
        pytest.param("circa 5 milioni di euro", "circa", id="circa"),
        pytest.param("oltre 300 mila euro", "oltre", id="oltre"),
        pytest.param("fino a 200.000 euro", "fino a", id="fino-a"),
        pytest.param("fino a un massimo di 200.000 euro", "fino a un massimo di", id="massimo"),
        pytest.param("più di 2 milioni di euro", "più di", id="piu-di"),
        pytest.param("almeno 10.000 euro", "almeno", id="almeno"),
    ],
)
def test_find_amounts_keeps_qualifiers_outside_the_span(text: str, qualifier: str) -> None:
    [amount] = find_amounts(text)
    assert amount.qualifier == qualifier
    assert amount.approximate
    assert not text[amount.start : amount.end].startswith(qualifier)


def test_find_amounts_leaves_exact_amounts_unqualified() -> None:
    [amount] = find_amounts("un contributo di 5 milioni di euro")
    assert amount.qualifier is None
    assert not amount.approximate


@pytest.mark.parametrize(
    ("text", "role"),
    [
        pytest.param("Il costo previsto ammonta a 8.435.865 euro.", "cost", id="cost"),
        pytest.param("La quota a carico di Regione è pari a 39.888,45 euro.", "share", id="share"),
        pytest.param(
            "Lo stanziamento complessivo è stato di 13,5 milioni di euro.", "allocation", id="allocation"
        ),
        pytest.param("un contributo a fondo perduto di 50.000 euro", "contribution", id="contribution"),
        pytest.param("un investimento di 2 milioni di euro", "investment", id="investment"),
        pytest.param("un fatturato di 30 milioni di euro", "revenue", id="revenue"),
        pytest.param("4.163.400 euro è il costo complessivo", "cost", id="cue-after"),
    ],
)
def test_find_amounts_reads_the_role_from_the_sentence(text: str, role: str) -> None:
    [amount] = find_amounts(text)
    assert amount.role == role


def test_find_amounts_keeps_the_sentence() -> None:
    text = "Primo periodo. Il costo è di 5 milioni di euro. Altro periodo."
    [amount] = find_amounts(text)
    assert amount.sentence == "Il costo è di 5 milioni di euro."


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("Tel. 02 67652377", id="phone"),
        pytest.param("tel. 02 2399 2222", id="phone-groups"),
        pytest.param("Piazza Città di Lombardia, 1\n20124 Milano", id="postal-code"),
        pytest.param("Via Pantano, 9 - 20122 Milano", id="street-number"),
        pytest.param("Decreto direttoriale 257/Ric del 30 maggio 2012", id="decree"),
        pytest.param("DGR n. XI/4155 del 30 dicembre 2020", id="dgr"),
        pytest.param("legge 23 agosto 1988, n. 400", id="law-number"),
        pytest.param("Con più di 13 mila imprese e circa 700 mila dipendenti", id="counts-with-mila"),
        pytest.param("finanziato un progetto che conta 23 milioni di spettatori", id="count-with-money-cue"),
        pytest.param("NUMERO ASSOCIATI\n\n144\n\ndi cui\n\n116\nimprese", id="infographic"),
        pytest.param("La sola provincia di Milano, con 2.545 startup", id="startups"),
        pytest.param("nel 2018 la Regione", id="year"),
        pytest.param("Impresa 4.0", id="impresa-4-0"),
        pytest.param("Covid-19", id="covid"),
        pytest.param("Euro 2020", id="championship"),
        pytest.param("motocicli euro 0 fino a 11 Kw e auto Euro 4", id="emission-class"),
        pytest.param("la Lombardia ha 10 milioni di abitanti", id="inhabitants"),
        pytest.param("un diametro massimo di 25 km", id="measure"),
        pytest.param("ore 08:50", id="time"),
        pytest.param("i progetti europei, 1,2 milioni di utenti", id="users"),
        pytest.param("20 milioni europei", id="europei-not-euro"),
        pytest.param("IBAN IT 60 X 05428 11101 000000123456", id="iban"),
        pytest.param("ID 3456789 e Codice Fiscale 97123450155", id="codes"),
        pytest.param("centinaia di migliaia di euro", id="no-number"),
        pytest.param("Web 2.0 e il 5G", id="names-with-numbers"),
    ],
)
def test_find_amounts_ignores_numbers_that_are_not_money(text: str) -> None:
    assert find_amounts(text) == []


def test_find_amounts_offsets_survive_invisible_characters() -> None:
    text = "premio di 1.\u200b000\u00a0euro e 2 mi\u00adlioni di euro"
    amounts = find_amounts(text)
    assert [text[a.start : a.end] for a in amounts] == ["1.\u200b000\u00a0euro", "2 mi\u00adlioni di euro"]
    assert [a.value for a in amounts] == [Decimal(1000), Decimal(2000000)]


def test_find_amounts_reads_each_amount_of_a_sentence() -> None:
    text = "ammonta a 8.435.865 euro di cui 1.329.615 in Lombardia. La quota è pari a 39.888,45 euro."
    assert [(a.value, a.explicit_currency) for a in find_amounts(text)] == [
        (Decimal("8435865"), True),
        (Decimal("1329615"), False),
        (Decimal("39888.45"), True),
    ]


def test_find_amounts_reads_parts_that_do_not_add_up_on_their_own() -> None:
    text = "stanziati 1 milione e 2 milioni di euro"
    assert [(text[a.start : a.end], a.explicit_currency) for a in find_amounts(text)] == [
        ("1 milione", False),
        ("2 milioni di euro", True),
    ]


def test_a_fraction_of_a_scale_is_no_compound_number() -> None:
    # '1 milione e 250.000' is one number; after '1,2 milioni' the next number is an amount of its own
    text = "L'ateneo riceve CHF 1,2 milioni e 250.000 franchi svizzeri dal Cantone."
    assert [(text[a.start : a.end], a.value, a.currency) for a in find_amounts(text)] == [
        ("CHF 1,2 milioni", Decimal("1200000"), "CHF"),
        ("250.000 franchi svizzeri", Decimal("250000"), "CHF"),
    ]
    whole = "L'ateneo riceve 1 milione e 250.000 franchi dal Cantone."
    assert [(whole[a.start : a.end], a.value) for a in find_amounts(whole)] == [
        ("1 milione e 250.000 franchi", Decimal("1250000"))
    ]


def test_find_amounts_reads_di_cui_after_a_count_as_no_share() -> None:
    text = "premi di 5.000 euro per 300 imprese, di cui 1.200 in Lombardia"
    assert [text[a.start : a.end] for a in find_amounts(text)] == ["5.000 euro"]


@pytest.mark.parametrize(
    ("text", "quote"),
    [
        pytest.param("Armi: 18 miliardi spesi in 15 anni", "18 miliardi", id="spent"),
        pytest.param("sono 5 milioni di investimenti", "5 milioni", id="of-investments"),
    ],
)
def test_find_amounts_reads_money_words_after_the_number(text: str, quote: str) -> None:
    [amount] = find_amounts(text)
    assert text[amount.start : amount.end] == quote
    assert not amount.explicit_currency


@pytest.mark.parametrize(
    ("text", "quote"),
    [
        pytest.param("un contributo massimo di 50.000 per progetto", "50.000", id="contribution"),
        pytest.param("con un budget di 300 mila per la ricerca", "300 mila", id="budget-mila"),
        pytest.param("la dotazione finanziaria è di 2.500.000.", "2.500.000", id="allocation"),
    ],
)
def test_find_amounts_reads_a_number_a_money_noun_leads_to(text: str, quote: str) -> None:
    [amount] = find_amounts(text)
    assert text[amount.start : amount.end] == quote
    assert not amount.explicit_currency


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("Il fatturato 2021 è cresciuto", id="year-after-noun"),
        pytest.param("Il costo di 1.500 posti letto", id="count-after-noun"),
        pytest.param("un contributo di 12 per ciascun socio", id="small-number"),
    ],
)
def test_find_amounts_ignores_numbers_a_money_noun_does_not_lead_to(text: str) -> None:
    assert find_amounts(text) == []


# written for these tests, after the forms of English and Swiss (Ticino) releases
@pytest.mark.parametrize(
    ("text", "quote", "value", "currency"),
    [
        ("The Commission grants EUR 40 million to the region.", "EUR 40 million", "40000000", "EUR"),
        ("a budget of EUR 2.5 billion for research", "EUR 2.5 billion", "2500000000", "EUR"),
        ("The fund adds EUR 3bn over five years.", "EUR 3bn", "3000000000", "EUR"),
        ("un disavanzo di -80.3 milioni di franchi", "-80.3 milioni di franchi", "-80300000", "CHF"),
        ("Il risultato d'esercizio: -12,5 milioni di euro.", "-12,5 milioni di euro", "-12500000", "EUR"),
        ("stanziati 1 milione e 500 mila euro per le PMI", "1 milione e 500 mila euro", "1500000", "EUR"),
    ],
)
def test_find_amounts_reads_english_scales_and_signs(text, quote, value, currency):
    [found] = find_amounts(text)
    assert (text[found.start : found.end], found.value, found.currency) == (quote, Decimal(value), currency)


def test_a_document_that_writes_decimal_points_reads_them_so():
    text = (
        "Il preventivo prevede un disavanzo di 80.3 milioni di franchi "
        "e investimenti netti per 1.250 milioni di franchi."
    )
    assert [a.value for a in find_amounts(text)] == [Decimal("80300000"), Decimal("1250000")]
    italian = "Investimenti per 1.250 milioni di euro, di cui 13,5 milioni di euro alle università."
    assert [a.value for a in find_amounts(italian)] == [Decimal("1250000000"), Decimal("13500000")]


def test_circa_after_the_amount_makes_it_approximate():
    [found] = find_amounts("Il Comune ha speso 2 milioni di euro circa per la scuola.")
    assert (found.approximate, found.qualifier, found.value) == (True, "circa", Decimal("2000000"))


def test_a_dash_between_numbers_is_no_sign():
    assert [a.value for a in find_amounts("nel biennio 2020-2021 sono stati spesi 5 milioni di euro")] == [
        Decimal("5000000")
    ]
