"""Property tests: generated Italian numbers, amounts, percentages and dates round-trip; junk never fails."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.extract.amounts import find_amounts
from pipeline.extract.dates import find_dates, find_publication_date
from pipeline.extract.numbers import normalize_text, parse_number
from pipeline.extract.percents import find_percents

MONTHS_IT = [
    "gennaio", "febbraio", "marzo", "aprile", "maggio", "giugno",
    "luglio", "agosto", "settembre", "ottobre", "novembre", "dicembre",
]  # fmt: skip
SCALES = {"": 1, "mila": 10**3, "milioni": 10**6, "mln": 10**6, "miliardi": 10**9, "mld": 10**9}
GROUP_SEPARATORS = [".", " ", "\u00a0", "\u202f", "\u2009"]
CURRENCIES = {"euro": "EUR", "€": "EUR", "dollari": "USD", "sterline": "GBP", "franchi svizzeri": "CHF"}


def _italian(value: Decimal, separator: str = ".", decimals: int = 0) -> str:
    """Format a non-negative value the Italian way: '1.234.567,89'."""
    whole, _, fraction = f"{value:.{decimals}f}".partition(".")
    groups = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    return separator.join(groups) + ("," + fraction if fraction else "")


amounts_in_cents = st.integers(min_value=1, max_value=10**13)


# no deadline: a loaded machine must not turn a slow example into a failure
@settings(deadline=None)
@given(cents=amounts_in_cents, separator=st.sampled_from(GROUP_SEPARATORS), decimals=st.sampled_from([0, 2]))
def test_parse_number_round_trips_italian_numbers(cents: int, separator: str, decimals: int) -> None:
    value = Decimal(cents) / 100 if decimals else Decimal(cents)
    assert parse_number(_italian(value, separator, decimals)) == value


@settings(deadline=None)
@given(
    whole=st.integers(min_value=1, max_value=999),
    tenths=st.integers(min_value=0, max_value=9),
    scale=st.sampled_from(sorted(SCALES)),
    currency=st.sampled_from(sorted(CURRENCIES)),
    lead=st.sampled_from(["Il contributo è di ", "Stanziati ", "con un costo di ", "pari a "]),
    tail=st.sampled_from([".", " per il progetto.", ", di cui parte alla Regione.", "\n"]),
)
def test_find_amounts_round_trips_generated_amounts(
    whole: int, tenths: int, scale: str, currency: str, lead: str, tail: str
) -> None:
    number = f"{whole},{tenths}" if tenths and scale else str(whole)
    expression = f"{number} {scale} di {currency}" if scale else f"{number} {currency}"
    text = lead + expression + tail
    [amount] = find_amounts(text)
    expected = (Decimal(whole) + (Decimal(tenths) / 10 if tenths and scale else 0)) * SCALES[scale]
    assert text[amount.start : amount.end] == expression
    assert amount.value == expected
    assert amount.currency == CURRENCIES[currency]
    assert amount.explicit_currency


@settings(deadline=None)
@given(
    low=st.integers(min_value=1, max_value=999_999),
    extra=st.integers(min_value=1, max_value=999_999),
    form=st.sampled_from(["da {a} a {b} euro", "tra {a} e {b} euro", "{a}-{b} euro", "€ {a} - {b}"]),
)
def test_find_amounts_round_trips_generated_ranges(low: int, extra: int, form: str) -> None:
    high = low + extra
    text = "Contributi " + form.format(a=_italian(Decimal(low)), b=_italian(Decimal(high))) + " per impresa."
    lower, upper = find_amounts(text)
    assert (lower.value, lower.value_max, lower.currency) == (low, high, "EUR")
    assert (upper.value, upper.value_max, upper.currency) == (high, None, "EUR")


@settings(deadline=None)
@given(
    whole=st.integers(min_value=0, max_value=100),
    decimal=st.integers(min_value=0, max_value=9),
    unit=st.sampled_from(["%", " %", " per cento"]),
)
def test_find_percents_round_trips_generated_percentages(whole: int, decimal: int, unit: str) -> None:
    number = f"{whole},{decimal}" if decimal else str(whole)
    text = f"una quota pari al {number}{unit} del totale"
    [percent] = find_percents(text)
    assert text[percent.start : percent.end] == number + unit
    assert percent.value == Decimal(whole) + Decimal(decimal) / 10


@settings(deadline=None)
@given(day=st.dates(min_value=date(1950, 1, 1), max_value=date(2099, 12, 31)), form=st.integers(0, 3))
def test_find_dates_round_trips_generated_days(day: date, form: int) -> None:
    surface = [
        f"{day.day} {MONTHS_IT[day.month - 1]} {day.year}",
        f"{day.day:02d}/{day.month:02d}/{day.year}",
        f"{MONTHS_IT[day.month - 1].capitalize()} {day.day}, {day.year}",
        f"{day.day}.{day.month}.{day.year}",
    ][form]
    text = f"La delibera del {surface} approva il bando."
    [found] = find_dates(text)
    assert text[found.start : found.end] == surface
    assert found.value == day.isoformat()
    assert found.start_date == found.end_date == day


@settings(deadline=None)
@given(year=st.integers(min_value=1950, max_value=2090), span=st.integers(min_value=1, max_value=9))
def test_find_dates_round_trips_generated_periods(year: int, span: int) -> None:
    text = f"nella programmazione {year}-{year + span} la Regione"
    [found] = find_dates(text)
    assert found.value == f"{year}/{year + span}"
    assert found.granularity == "interval"


@settings(deadline=None)
@given(day=st.dates(min_value=date(1950, 1, 1), max_value=date(2099, 12, 1)), length=st.integers(1, 20))
def test_find_dates_round_trips_generated_day_intervals(day: date, length: int) -> None:
    last = day + timedelta(days=length)
    first_part = f"{day.day} {MONTHS_IT[day.month - 1]}" + (f" {day.year}" if day.year != last.year else "")
    text = f"L'evento si terrà dal {first_part} al {last.day} {MONTHS_IT[last.month - 1]} {last.year}."
    [found] = find_dates(text)
    assert found.granularity == "interval"
    resolved = found.context_value if found.year_inferred else found.value
    assert resolved == f"{day.isoformat()}/{last.isoformat()}"
    assert (found.start_date, found.end_date) == (day, last)


JUNK_PIECES = [
    *"0123456789.,;:/-–—'’%€$£ \n\t\u00a0\u202f\u200b\u00ad°¹()",
    *[
        "euro",
        "milioni",
        "mila",
        "del",
        "nel",
        "dal",
        "al",
        "all'",
        "maggio",
        "2020",
        "oggi",
        "per cento",
        "e",
    ],
]
junk = st.lists(st.sampled_from(JUNK_PIECES), max_size=40).map("".join)


@settings(deadline=None)
@given(text=st.one_of(st.text(max_size=200), junk), published=st.none() | st.dates())
def test_finders_never_crash_and_quote_trimmed_spans(text: str, published: date | None) -> None:
    for found in [*find_amounts(text), *find_percents(text), *find_dates(text, published)]:
        assert 0 <= found.start < found.end <= len(text)
        quote = text[found.start : found.end]
        assert quote == quote.strip() and quote
    find_publication_date(text)
    view = normalize_text(text)
    assert view.span(0, len(view.text))[1] <= len(text)
