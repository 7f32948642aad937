"""Amounts a funding text states without a currency word: 'il primo asse (6,71 miliardi) riguarda ...'.

Thousands written 'mila' are money only in a list after an amount with its currency in the same sentence
('18mila euro all'X, 15mila al Y'), and only before punctuation, a preposition or 'e'.

A number with a money scale (milioni, miliardi, mln, mld) and no currency is money when its sentence, or
the sentence before it, speaks of funding (the counting kinds' cues of `lang/it/funding_cues.json`), or
when the sentence before states such an amount too ('Il secondo (6,74 miliardi) ...'). A scale followed
by 'di' and a noun is a count ('13 milioni di clienti'), never money here. The currency is the one of the
nearest amount written before it, else the euro.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from decimal import Decimal, InvalidOperation

from pipeline.extract.amounts import AmountMatch, implied_amount
from pipeline.extract.funding_roles import CUES, compile_cues
from pipeline.extract.funding_text import sentence_bounds

DEFAULT_CURRENCY = "EUR"
_SCALES = {"milione": 6, "milioni": 6, "mln": 6, "miliardo": 9, "miliardi": 9, "mld": 9, "mila": 3}
_BARE_RE = re.compile(
    r"(?<![\w.,])(?P<n>\d{1,3}(?:\.\d{3})*(?:,\d+)?|\d+(?:\.\d{1,2})?)\s+(?P<scale>"
    + "|".join(_SCALES)
    + r")(?![\w'\u2019])",
    re.IGNORECASE,
)
# thousands in a list after an amount with its currency: '18mila euro all'X, 15mila al Y e 12mila alla Z';
# only before punctuation, a preposition or 'e' ('15mila visitatori' counts people)
_THOUSANDS_RE = re.compile(
    r"(?<![\w.,])(?P<n>\d{1,3}(?:,\d+)?)\s*(?P<scale>mila)(?![\w'\u2019])"
    r"(?=\s*(?:[,;.:)]|$|(?:a|ad|al|alla|allo|ai|agli|alle|all['\u2019]|per|e|ed)(?![\w'\u2019])))",
    re.IGNORECASE,
)
# 'di'/'d'' and a word after the scale: what is counted ('di persone'), or a currency already found
# ('96 milioni di Roma': a capitalised name after 'di' says whose, not what is counted)
_COUNTED_RE = re.compile(r"\s+(?:[dD]i|[dD]['\u2019])\s*[a-zà-ù]")
# a part of an amount of its sentence: 'un piano da 9 milioni di euro, di cui 3,5 milioni'
_PART_BEFORE_RE = re.compile(r"(?:di\s+cui|dei\s+quali|delle\s+quali)\s*$", re.IGNORECASE)
_FUNDING_CUE_RE = compile_cues(
    [w for kind in ("allocation", "grant", "transfer", "investment") for w in CUES["kinds"][kind]]
)


def _value(number: str, scale: str) -> Decimal | None:
    if "," in number:
        digits = number.replace(".", "").replace(",", ".")
    elif re.fullmatch(r"\d+\.\d{1,2}", number):
        digits = number
    else:
        digits = number.replace(".", "")
    try:
        return Decimal(digits).scaleb(_SCALES[scale.lower()]).normalize()
    except InvalidOperation:
        return None


def _previous_sentence(text: str, lo: int) -> tuple[int, int] | None:
    if lo < 2:
        return None
    return sentence_bounds(text, lo - 2, lo - 1)[0], lo


def _restates(text: str, start: int, value: Decimal, found: Sequence[AmountMatch], lo: int) -> bool:
    """True when a number is money by what the document says of it: the value of an amount it states
    with a currency (a headline '9 milioni' over '9 milioni di euro'), or a part after 'di cui' of an
    amount of its sentence."""
    if any(a.value == value for a in found):
        return True
    return _PART_BEFORE_RE.search(text, max(lo, start - 20), start) is not None and any(
        lo <= a.start < start for a in found
    )


def implied_funding_amounts(text: str, found: Sequence[AmountMatch]) -> list[AmountMatch]:
    """The scaled numbers without currency that a funding sentence makes money, not already in `found`."""
    out: list[AmountMatch] = []
    spans = sorted((a.start, a.end) for a in found)
    matches = sorted([*_BARE_RE.finditer(text), *_THOUSANDS_RE.finditer(text)], key=lambda m: m.start())
    for m in matches:
        if any(s < m.end() and m.start() < e for s, e in spans) or _COUNTED_RE.match(text, m.end()):
            continue
        value = _value(m.group("n"), m.group("scale"))
        if value is None:
            continue
        lo, hi = sentence_bounds(text, m.start(), m.end())
        if m.group("scale").lower() == "mila" and not any(lo <= a.start < m.start() for a in found):
            continue
        prev = _previous_sentence(text, lo)
        cued = _FUNDING_CUE_RE.search(text, lo, hi) is not None or (
            prev is not None and _FUNDING_CUE_RE.search(text, *prev) is not None
        )
        chained = prev is not None and any(prev[0] <= a.start < prev[1] for a in out)
        if not (cued or chained or _restates(text, m.start(), value, found, lo)):
            continue
        before = [a for a in found if a.end <= m.start()]
        currency = before[-1].currency if before else DEFAULT_CURRENCY
        out.append(implied_amount(text, m.start(), m.end(), value, currency, (lo, hi)))
    return out
