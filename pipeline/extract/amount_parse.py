"""Reading one amount expression: its value, the upper end of a range, its scale and written currency.

`iter_parsed_amounts` walks the matching view where an amount may start and reads each expression
with `AMOUNT_RE`; whether a number without a written currency is money is for `amounts` to decide.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from decimal import Decimal

from pipeline.extract.amount_patterns import (
    AFTER_CURRENCIES,
    AMOUNT_RE,
    BEFORE_CURRENCIES,
    SCALED_SYMBOLS,
    SIMPLE_AMOUNT_RE,
    START_PREFIXES,
    START_SYMBOLS,
    START_WORDS,
)
from pipeline.extract.numbers import (
    MONEY_SCALES,
    THOUSAND_SCALES,
    iter_starts,
    parse_number,
    parse_number_word,
    parse_scale,
    tidy_decimal,
    uses_decimal_point,
)

_SPACES_RE = re.compile(r"\s+")
_DOUBLED_SYMBOL_RE = re.compile(r"(?<=[^\W\d_])[ ]*[^\w\s.]+$")


@dataclass(frozen=True)
class ParsedAmount:
    """One amount expression read off the matching view, before its sentence decides it is money."""

    start: int  # offsets in the normalised view
    end: int
    value: Decimal
    value_max: Decimal | None
    currency: str | None
    scaled: bool  # a money scale word ('milioni') is written
    thousands: bool = False  # 'mila' is written
    grouped: bool = False  # thousands are separated ('50.000', '300 000')
    # the currency written at the other bound of a range ('da 500 a 2.000 euro' gives '500' the euro)
    range_currency: str | None = None


def _scale_of(word: str | None) -> Decimal | None:
    if word is None:
        return None
    if word in SCALED_SYMBOLS:
        return Decimal(10) ** SCALED_SYMBOLS[word]
    return parse_scale(word)


def _number_value(
    number: str, scale: str | None, extra: str | None, extra_scale: str | None, point: bool = False
) -> Decimal | None:
    base = parse_number(number, point)
    if base is None:
        base = parse_number_word(number)
    if base is None and scale is None and extra is None:
        return _scale_of(number)  # 'il milione di euro': one of the scale
    if base is None:
        return None
    multiplier = _scale_of(scale) if scale is not None else Decimal(1)
    if multiplier is None:
        return None
    value = base * multiplier
    if extra is not None:
        # what follows the scale is less than one of it: '1 milione e 500 mila', '11 mila e 500'; and the
        # scale is counted whole ('1,2 milioni e 250.000 franchi' are two amounts)
        extra_base = parse_number(extra)
        extra_mult = _scale_of(extra_scale) if extra_scale is not None else Decimal(1)
        if (
            extra_base is None
            or extra_mult is None
            or extra_base * extra_mult >= multiplier
            or base != base.to_integral_value()
        ):
            return None
        value += extra_base * extra_mult
    return value


def _currency_code(surface: str | None) -> str | None:
    if surface is None:
        return None
    key = _SPACES_RE.sub(" ", surface)
    if key in SCALED_SYMBOLS:
        return "EUR"
    # a word and its symbol written both ('euro €') name the currency of the word
    word = _DOUBLED_SYMBOL_RE.sub("", key)
    for k in (key, key.lower(), key.rstrip("."), word, word.lower()):
        code = AFTER_CURRENCIES.get(k) or BEFORE_CURRENCIES.get(k)
        if code is not None:
            return code
    return None


_YEAR_RE = re.compile(r"(?:19|20)[0-9]{2}")
_GROUPED_RE = re.compile(r"[0-9][. '][0-9]{3}")
_SMALL_INTEGER_RE = re.compile(r"[0-9]")


def _is_currency_word_and_year(m: re.Match[str]) -> bool:
    """'Euro 2020' is a championship and 'Euro 4' an emission class, not 2020 or 4 euro."""
    pre, n1 = m.group("pre"), m.group("n1")
    return (
        pre is not None
        and pre[-1].isalpha()
        and n1 is not None
        and (_YEAR_RE.fullmatch(n1) is not None or _SMALL_INTEGER_RE.fullmatch(n1) is not None)
        and m.group("sc1") is None
        and m.group("post") is None
        and m.group("n2") is None
    )


def _is_bare_word(m: re.Match[str], n2: str | None) -> bool:
    """A number in letters with neither scale, currency nor upper bound: 'tra tre e quattro anni'."""
    groups = ("sc1", "pre", "post")
    return not m.group("n1")[0].isdigit() and n2 is None and all(m.group(g) is None for g in groups)


def parse_amount(m: re.Match[str], point: bool = False) -> ParsedAmount | None:
    """Value, range and currency of one regex match, or None when the parts do not make an amount."""
    post = m.group("post")
    post_scale = _scale_of(post) if post in SCALED_SYMBOLS else None
    n1, sc1 = m.group("n1"), m.group("sc1")
    n2, sc2 = m.group("n2"), m.group("sc2")
    low = _number_value(n1, sc1, m.group("n1b"), m.group("sc1b"), point)
    if low is not None and m.group("half") is not None:
        # 'un milione e mezzo': half of the scale on top
        low += (_scale_of(sc1) or Decimal(0)) / 2
    if low is None and m.group("n1b") is not None and m.group("from") is not None and n2 is None:
        # 'tra 1 milione e 2 milioni': a range, not a compound number
        low = _number_value(n1, sc1, None, None, point)
        n2, sc2 = m.group("n1b"), m.group("sc1b")
    elif _is_currency_word_and_year(m) or _is_bare_word(m, n2):
        return None
    if low is None:
        return None
    high: Decimal | None = None
    if n2 is not None:
        high = _number_value(n2, sc2, m.group("n2b"), m.group("sc2b"), point)
        if high is None:
            return None
        if sc1 is None and sc2 is not None and m.group("n1b") is None:
            # '4-5 miliardi': the scale of the upper end applies to both
            low *= _scale_of(sc2) or Decimal(1)
        if post_scale is not None:
            high *= post_scale
    if post_scale is not None and sc1 is None and (sc2 is None or n2 is None):
        low *= post_scale
    if high is not None and high <= low:
        return None
    if m.group("sign") == "-":
        low = -low
    currency = _currency_code(m.group("pre")) or _currency_code(m.group("pre2")) or _currency_code(post)
    start = (
        m.start("pre")
        if m.group("pre") is not None
        else m.start("sign")
        if m.group("sign") is not None
        else m.start("n1")
    )
    one_scale = n1 if n1[0].isalpha() and parse_scale(n1) is not None else None
    scales = {s.lower() for s in (sc1, sc2, m.group("sc1b"), one_scale) if s is not None}
    return ParsedAmount(
        start=start,
        end=m.end(),
        value=tidy_decimal(low),
        value_max=tidy_decimal(high) if high is not None else None,
        currency=currency,
        scaled=bool(scales & MONEY_SCALES) or post_scale is not None,
        thousands=bool(scales & THOUSAND_SCALES),
        grouped=n1 is not None and _GROUPED_RE.search(n1) is not None,
    )


def iter_parsed_amounts(norm: str) -> Iterator[ParsedAmount]:
    """Numbers of the view with their scale and written currency, in order, each bound of a range apart."""
    point = uses_decimal_point(norm)
    last = 0
    for pos in iter_starts(norm, START_WORDS, START_SYMBOLS, START_PREFIXES):
        if pos < last:
            continue
        m = AMOUNT_RE.match(norm, pos)
        if m is None or m.end() == pos:
            continue
        c = parse_amount(m, point)
        if c is None and (m.group("n2") is not None or m.group("n1b") is not None):
            simple = SIMPLE_AMOUNT_RE.match(norm, pos)
            if simple is not None and simple.end() > pos:
                m, c = simple, parse_amount(simple, point)
        last = m.end()
        if c is not None:
            yield from range_bounds(m, c)


def range_bounds(m: re.Match[str], c: ParsedAmount) -> tuple[ParsedAmount, ...]:
    """The amount, or the two bounds of a range, each a mention of its own ('da 500 a 2.000 euro' gives
    '500' and '2.000 euro'): a bound without a currency or scale of its own takes those of the other.
    The lower bound keeps the upper end as `value_max`."""
    if c.value_max is None:
        return (c,)
    joined = m.group("n2") is None  # 'tra 1 milione e 2 milioni', read as a range by parse_amount
    lower_parts = ("n1", "sc1") if joined else ("n1", "sc1", "n1b", "sc1b", "half")
    lower_end = max(m.end(g) for g in lower_parts if m.group(g) is not None)
    upper_number = m.group("n1b") if joined else m.group("n2")
    upper_start = m.start("n1b") if joined else m.start("pre2") if m.group("pre2") else m.start("n2")
    own_low = _currency_code(m.group("pre"))
    own_high = _currency_code(m.group("pre2")) or _currency_code(m.group("post"))
    lower = replace(c, end=lower_end, currency=own_low, range_currency=None if own_low else c.currency)
    upper = replace(
        c,
        start=upper_start,
        value=c.value_max,
        value_max=None,
        currency=own_high,
        range_currency=None if own_high else c.currency,
        grouped=_GROUPED_RE.search(upper_number) is not None,
    )
    return lower, upper
