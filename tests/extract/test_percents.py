"""Percentages: '%' and 'per cento', signs, ranges, and numbers that are not percentages."""

from __future__ import annotations

from decimal import Decimal

import pytest

from pipeline.extract.percents import find_percents


@pytest.mark.parametrize(
    ("text", "quote", "value"),
    [
        pytest.param("a copertura massima del 50% del costo", "50%", "50", id="plain"),
        pytest.param("di tutte le startup italiane (26,7%).", "26,7%", "26.7", id="decimal-comma"),
        pytest.param("una quota del 10 per cento", "10 per cento", "10", id="per-cento"),
        pytest.param("una quota del 10 percento", "10 percento", "10", id="percento"),
        pytest.param("in crescita del + 11 % sul 2021", "+ 11 %", "11", id="plus-spaced"),
        pytest.param("fatturato (+3,5%)", "+3,5%", "3.5", id="plus-attached"),
        pytest.param("un calo del -5% rispetto", "-5%", "-5", id="minus"),
        pytest.param("ridurre di almeno il 10% il consumo", "10%", "10", id="bound-outside"),
        pytest.param("il 100\u00a0% dei fondi", "100\u00a0%", "100", id="nbsp"),
        pytest.param("al 18,7\n% del totale", "18,7\n%", "18.7", id="line-break"),
        pytest.param("una riduzione del trenta per cento", "trenta per cento", "30", id="number-word"),
        pytest.param("al cento per cento", "cento per cento", "100", id="hundred-word"),
    ],
)
def test_find_percents_reads_italian_forms(text: str, quote: str, value: str) -> None:
    [percent] = find_percents(text)
    assert text[percent.start : percent.end] == quote
    assert percent.value == Decimal(value)


def test_find_percents_splits_a_range_into_its_ends() -> None:
    text = "un aumento del 10-20% annuo"
    assert [(text[p.start : p.end], p.value) for p in find_percents(text)] == [
        ("10", Decimal(10)),
        ("20%", Decimal(20)),
    ]


def test_find_percents_reads_a_bullet_dash_as_no_sign() -> None:
    text = "Quote:\n- 50% dei fondi alle PMI"
    [percent] = find_percents(text)
    assert text[percent.start : percent.end] == "50%"
    assert percent.value == Decimal(50)


@pytest.mark.parametrize(
    "text",
    [
        pytest.param('la serie "3%" su Netflix', id="quoted-title"),
        pytest.param("giovani 18-49 anni", id="age-range"),
        pytest.param("un aumento di 3 punti percentuali", id="percentage-points"),
        pytest.param("13,5 milioni di euro", id="money"),
        pytest.param("nel 2020", id="year"),
        pytest.param("Impresa 4.0", id="name-number"),
    ],
)
def test_find_percents_ignores_what_is_not_a_percentage(text: str) -> None:
    assert find_percents(text) == []
