"""Italian number parsing and the offset-keeping matching view."""

from __future__ import annotations

from decimal import Decimal

import pytest

from pipeline.extract.numbers import (
    normalize_text,
    parse_number,
    parse_number_word,
    parse_scale,
    tidy_decimal,
)


@pytest.mark.parametrize(
    ("surface", "value"),
    [
        pytest.param("1.687.500", Decimal("1687500"), id="thousands-dots"),
        pytest.param("109.300,95", Decimal("109300.95"), id="dots-and-decimal-comma"),
        pytest.param("13,5", Decimal("13.5"), id="decimal-comma"),
        pytest.param("300 000", Decimal("300000"), id="space-groups"),
        pytest.param("300\u00a0000", Decimal("300000"), id="nbsp-groups"),
        pytest.param("1\u202f250\u202f000", Decimal("1250000"), id="narrow-nbsp-groups"),
        pytest.param("300\u2009000", Decimal("300000"), id="thin-space-groups"),
        pytest.param("1.546\u200b.000", Decimal("1546000"), id="zero-width-space"),
        pytest.param("1'250'000", Decimal("1250000"), id="swiss-apostrophes"),
        pytest.param("1,250,000.50", Decimal("1250000.50"), id="english-groups"),
        pytest.param("2.5", Decimal("2.5"), id="english-decimal-point"),
        pytest.param("2018", Decimal("2018"), id="plain"),
        pytest.param("0,5", Decimal("0.5"), id="zero-point-five"),
    ],
)
def test_parse_number_reads_italian_formats(surface: str, value: Decimal) -> None:
    assert parse_number(surface) == value


@pytest.mark.parametrize(
    "surface",
    [
        pytest.param("02", id="leading-zero"),
        pytest.param("0267652377", id="phone-number"),
        pytest.param("1.2.3", id="version"),
        pytest.param("12.34.5", id="bad-groups"),
        pytest.param("", id="empty"),
        pytest.param("euro", id="word"),
        pytest.param("1 23", id="short-space-group"),
    ],
)
def test_parse_number_rejects_malformed_numbers(surface: str) -> None:
    assert parse_number(surface) is None


@pytest.mark.parametrize(
    ("word", "multiplier"),
    [
        pytest.param("mila", Decimal(10) ** 3, id="mila"),
        pytest.param("milioni", Decimal(10) ** 6, id="milioni"),
        pytest.param("Mln", Decimal(10) ** 6, id="mln-capital"),
        pytest.param("mld", Decimal(10) ** 9, id="mld"),
        pytest.param("miliardo", Decimal(10) ** 9, id="miliardo"),
        pytest.param("k", Decimal(10) ** 3, id="k"),
    ],
)
def test_parse_scale_reads_scale_words(word: str, multiplier: Decimal) -> None:
    assert parse_scale(word) == multiplier


@pytest.mark.parametrize("word", ["metri", "km", "K", "Milano", "bN"])
def test_parse_scale_rejects_other_words(word: str) -> None:
    assert parse_scale(word) is None


def test_parse_number_word_reads_half() -> None:
    assert parse_number_word("Mezzo") == Decimal("0.5")


def test_tidy_decimal_drops_scaling_zeros() -> None:
    assert str(tidy_decimal(Decimal("1.2") * Decimal(10) ** 6)) == "1200000"


@pytest.mark.parametrize(
    ("text", "view"),
    [
        pytest.param("300\u00a0000 euro", "300 000 euro", id="nbsp"),
        pytest.param("2014 \u2013 2020", "2014 - 2020", id="en-dash"),
        pytest.param("all\u201911 gennaio", "all'11 gennaio", id="apostrophe"),
        pytest.param("1.546\u200b.000", "1.546.000", id="zero-width"),
        pytest.param("mi-\nlioni", "milioni", id="hyphenated-line-break"),
        pytest.param("Emilia-Romagna", "Emilia-Romagna", id="real-hyphen"),
    ],
)
def test_normalize_text_builds_matching_view(text: str, view: str) -> None:
    assert normalize_text(text).text == view


def test_normalize_text_maps_offsets_back_over_removed_characters() -> None:
    text = "a \u200b1.5\u00ad46 mi-\nlioni b"
    view = normalize_text(text)
    start = view.text.index("1")
    end = view.text.index(" b")
    o_start, o_end = view.span(start, end)
    assert text[o_start:o_end] == "1.5\u00ad46 mi-\nlioni"
