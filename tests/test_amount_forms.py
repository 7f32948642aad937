"""Money forms of Italian text beyond a number and its currency: ranges (each bound a mention), numbers in
letters, a compound with 'e', a word and its symbol together, currencies of other countries, a singular
scale word after an article, a money noun after the scale, and a currency left out in a comparison or a
list. Every sentence here was written for this test."""

from __future__ import annotations

from decimal import Decimal

import pytest

from pipeline.extract.amounts import AmountMatch, find_amounts
from pipeline.extract.numbers import parse_number_word


def _found(text: str) -> list[tuple[str, int, Decimal, str]]:
    return [(text[a.start : a.end], a.start, a.value, a.currency) for a in find_amounts(text)]


def _at(
    text: str, quote: str, value: str, currency: str, occurrence: int = 1
) -> tuple[str, int, Decimal, str]:
    start = -1
    for _ in range(occurrence):
        start = text.index(quote, start + 1)
    return quote, start, Decimal(value), currency


@pytest.mark.parametrize(
    ("text", "lower", "upper", "low", "high"),
    [
        pytest.param(
            "Le sanzioni vanno da 300 a 1.200 euro per ogni violazione.",
            "300",
            "1.200 euro",
            "300",
            "1200",
            id="da-a",
        ),
        pytest.param(
            "Il bando finanzia progetti tra 2 e 4 milioni di euro.",
            "2",
            "4 milioni di euro",
            "2000000",
            "4000000",
            id="tra-e-shared-scale",
        ),
        pytest.param(
            "Sono previsti contributi dai 20 ai 40 mila euro per impresa.",
            "20",
            "40 mila euro",
            "20000",
            "40000",
            id="dai-ai-mila",
        ),
        pytest.param(
            "Un fondo da € 5 milioni a € 8 milioni per le startup.",
            "€ 5 milioni",
            "€ 8 milioni",
            "5000000",
            "8000000",
            id="currency-at-each-bound",
        ),
        pytest.param(
            "Il piano vale dai dieci ai quindici milioni di euro.",
            "dieci",
            "quindici milioni di euro",
            "10000000",
            "15000000",
            id="bounds-in-letters",
        ),
    ],
)
def test_each_bound_of_a_range_is_a_mention(text: str, lower: str, upper: str, low: str, high: str) -> None:
    first, second = find_amounts(text)
    assert _found(text) == [_at(text, lower, low, "EUR"), _at(text, upper, high, "EUR")]
    assert first.value_max == Decimal(high) and second.value_max is None
    # the bare lower bound takes the currency written at the upper one
    assert first.explicit_currency == lower.startswith("€")
    assert second.explicit_currency


@pytest.mark.parametrize(
    ("text", "quote", "value", "currency"),
    [
        pytest.param(
            "Il Comune riceverà due milioni di euro.", "due milioni di euro", "2000000", "EUR", id="due"
        ),
        pytest.param(
            "La Regione ha stanziato duecentocinquantamila euro per le biblioteche.",
            "duecentocinquantamila euro",
            "250000",
            "EUR",
            id="compound-thousands",
        ),
        pytest.param("Al vincitore va un premio di mille euro.", "mille euro", "1000", "EUR", id="mille"),
        pytest.param(
            "Il biglietto costa trentacinque dollari.",
            "trentacinque dollari",
            "35",
            "USD",
            id="tens-and-unit",
        ),
        pytest.param(
            "Ogni famiglia spende un dollaro al giorno per l'acqua.", "un dollaro", "1", "USD", id="un"
        ),
        pytest.param(
            "Il governo mette sul piatto mezzo miliardo di euro.",
            "mezzo miliardo di euro",
            "500000000",
            "EUR",
            id="mezzo",
        ),
        pytest.param(
            "Il fondo sale a seicento milioni di euro.",
            "seicento milioni di euro",
            "600000000",
            "EUR",
            id="seicento",
        ),
        pytest.param("La tessera costa ventotto euro.", "ventotto euro", "28", "EUR", id="elided-ten"),
        pytest.param(
            "Ogni socio ha versato centotto euro.", "centotto euro", "108", "EUR", id="elided-hundred"
        ),
    ],
)
def test_numbers_in_letters_before_a_scale_or_a_currency(
    text: str, quote: str, value: str, currency: str
) -> None:
    assert _found(text) == [_at(text, quote, value, currency)]


@pytest.mark.parametrize(
    "text",
    [
        "Il cantiere durerà tra tre e quattro anni.",
        "Sei anni fa la piazza fu chiusa.",
        "Ventimila persone hanno visitato la mostra.",
        "La regione conta due milioni di abitanti.",
        "Il milione di visitatori è stato superato.",
        "La città ha 3 milioni e 200 abitanti.",
    ],
)
def test_numbers_in_letters_and_counts_are_no_money(text: str) -> None:
    assert find_amounts(text) == []


def test_a_compound_with_e_and_no_second_scale_adds_up() -> None:
    text = "La festa è costata 12 mila e 300 euro al comitato."
    assert _found(text) == [_at(text, "12 mila e 300 euro", "12300", "EUR")]


def test_a_currency_word_and_its_symbol_make_one_amount() -> None:
    text = "La villa è in vendita per 12 milioni di euro € da mesi."
    assert _found(text) == [_at(text, "12 milioni di euro €", "12000000", "EUR")]


@pytest.mark.parametrize(
    ("text", "quote", "value", "currency"),
    [
        pytest.param(
            "Il premio vale 30 milioni di corone svedesi.",
            "30 milioni di corone svedesi",
            "30000000",
            "SEK",
            id="sek",
        ),
        pytest.param("La multa arriva a 2.000 rubli.", "2.000 rubli", "2000", "RUB", id="rub"),
        pytest.param(
            "Il governo stanzia 5 milioni di rupie indiane.",
            "5 milioni di rupie indiane",
            "5000000",
            "INR",
            id="inr",
        ),
        pytest.param(
            "Un prestito di CAD 40 milioni alla provincia.", "CAD 40 milioni", "40000000", "CAD", id="cad"
        ),
        pytest.param(
            "L'accordo vale 1,5 miliardi di won.", "1,5 miliardi di won", "1500000000", "KRW", id="krw"
        ),
    ],
)
def test_currencies_of_other_countries(text: str, quote: str, value: str, currency: str) -> None:
    assert _found(text) == [_at(text, quote, value, currency)]


def test_a_singular_scale_word_after_an_article_is_one_of_it() -> None:
    text = "L'imposta tocca i patrimoni oltre il milione di euro."
    [amount] = find_amounts(text)
    assert _found(text) == [_at(text, "milione di euro", "1000000", "EUR")]
    assert amount.qualifier == "oltre"


@pytest.mark.parametrize(
    ("text", "quote", "value"),
    [
        pytest.param(
            "Nasce una banca da 3,2 miliardi di capitalizzazione.",
            "3,2 miliardi",
            "3200000000",
            id="capitalisation",
        ),
        pytest.param(
            "Il piano prevede 20 milioni di aumento di capitale.",
            "20 milioni",
            "20000000",
            id="capital-increase",
        ),
    ],
)
def test_a_money_noun_after_the_scale_makes_a_bare_number_money(text: str, quote: str, value: str) -> None:
    [amount] = find_amounts(text)
    assert _found(text) == [_at(text, quote, value, "EUR")]
    assert not amount.explicit_currency


def test_a_scale_and_a_noun_that_is_no_money_stay_a_count() -> None:
    assert find_amounts("Il servizio ha 3 milioni di abbonati.") == []


def _implied(amounts: list[AmountMatch]) -> list[bool]:
    return [a.explicit_currency for a in amounts]


def test_a_list_of_like_items_shares_the_currency_written_first() -> None:
    text = "Il biglietto costa 12 euro a Torino, 9 a Genova e 7 a Bari."
    amounts = find_amounts(text)
    assert _found(text) == [
        _at(text, "12 euro", "12", "EUR"),
        _at(text, "9", "9", "EUR"),
        _at(text, "7", "7", "EUR"),
    ]
    assert _implied(amounts) == [True, False, False]


def test_a_comparison_shares_the_currency_of_the_amount_before() -> None:
    text = "L'azienda ha chiuso con ricavi per 40 milioni di dollari contro i 35 milioni del 2022."
    assert _found(text) == [
        _at(text, "40 milioni di dollari", "40000000", "USD"),
        _at(text, "35 milioni", "35000000", "USD"),
    ]


@pytest.mark.parametrize(
    "text",
    [
        # a scale is never left out: the '3' would be 3 million only by guessing
        "Sono stati stanziati 5 milioni di euro per Roma e 3 per Milano.",
        # what follows names a count
        "Un abbonamento di 40 euro contro i 12 concorrenti del mercato.",
    ],
)
def test_a_bare_number_after_an_amount_is_not_always_money(text: str) -> None:
    assert len(find_amounts(text)) == 1


@pytest.mark.parametrize(
    ("word", "value"),
    [
        ("ventitré", 23),
        ("trentuno", 31),
        ("centouno", 101),
        ("centoventi", 120),
        ("novecentonovantanove", 999),
        ("milleduecento", 1200),
        ("duemilacinquecento", 2500),
        ("trecentomila", 300000),
    ],
)
def test_parse_number_word_reads_italian_numbers_of_several_parts(word: str, value: int) -> None:
    assert parse_number_word(word) == Decimal(value)


@pytest.mark.parametrize("word", ["centocento", "unmila", "duedue", "ventiventi", "settembre"])
def test_parse_number_word_refuses_what_is_no_number(word: str) -> None:
    assert parse_number_word(word) is None
