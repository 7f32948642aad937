"""Italian number, money and date formats for the report ("19.350.900 €", "9 luglio 2021")."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

MONTHS = [
    "gennaio",
    "febbraio",
    "marzo",
    "aprile",
    "maggio",
    "giugno",
    "luglio",
    "agosto",
    "settembre",
    "ottobre",
    "novembre",
    "dicembre",
]
DASH = "\u2013"  # between the two ends of a range


def number(value: Decimal | int | float, decimals: int | None = None) -> str:
    """Thousands with dots, decimals with a comma; whole numbers without decimals.

    >>> number(Decimal("19350900"))
    '19.350.900'
    >>> number(Decimal("28400774.9"))
    '28.400.774,90'
    >>> number(2.5, decimals=1)
    '2,5'
    """
    value = Decimal(str(value)) if not isinstance(value, Decimal) else value
    if decimals is None:
        decimals = 0 if value == value.to_integral_value() else 2
    text = f"{value:,.{decimals}f}"
    return text.replace(",", "_").replace(".", ",").replace("_", ".")


def money(value: Decimal | int | float, currency: str = "EUR") -> str:
    """An amount with its currency sign.

    >>> money(Decimal("4163400"))
    '4.163.400 €'
    >>> money(Decimal("1000"), "USD")
    '1.000 USD'
    """
    return f"{number(value)} {'€' if currency == 'EUR' else currency}"


def long_date(value: date | None) -> str:
    """A date as Italians write it in prose.

    >>> long_date(date(2021, 7, 9))
    '9 luglio 2021'
    >>> long_date(None)
    ''
    """
    if value is None:
        return ""
    return f"{value.day} {MONTHS[value.month - 1]} {value.year}"


def iso_date(text: str | None) -> str:
    """An ISO date string of any precision ('2021-07-09', '2022-06', '2021') in Italian.

    >>> iso_date("2021-07-09"), iso_date("2022-06"), iso_date("2021"), iso_date("2022-02-07/2022-02-08")
    ('9 luglio 2021', 'giugno 2022', '2021', '7 febbraio 2022 \u2013 8 febbraio 2022')
    """
    if not text:
        return ""
    if "/" in text:
        return f" {DASH} ".join(iso_date(part) for part in text.split("/", 1))
    parts = text.split("-")
    try:
        if len(parts) == 3:
            return long_date(date(int(parts[0]), int(parts[1]), int(parts[2])))
        if len(parts) == 2:
            return f"{MONTHS[int(parts[1]) - 1]} {int(parts[0])}"
    except (ValueError, IndexError):
        return text
    return text
