"""Money amounts in Italian text: '13,5 milioni di euro', 'euro 109.300,95 euro', 'due milioni di euro'.

The span is the number, its scale word and its currency; bounds such as 'circa' or 'fino a' stay
outside and are reported as `qualifier`. A number without a written currency is money only when the
sentence says so ('finanziato con 1,2 milioni,', 'di cui 2.313.750 in Lombardia'), and is then
flagged `explicit_currency=False`; so is the bound of a range that takes the currency written at the
other ('da 500 a 2.000 euro': '500' and '2.000 euro', two mentions), and a number that leaves out the
currency of the amount just before it ('i 325 euro di Milano, i 278 di Roma'). Counts ('13 mila
imprese'), phone numbers, postal codes, years and law numbers give nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from pipeline.extract.amount_parse import ParsedAmount, iter_parsed_amounts
from pipeline.extract.amount_patterns import (
    AFTER_CURRENCIES,
    BEFORE_CURRENCIES,
    COMPARE_FOLLOWERS,
    COMPARE_GAP_RE,
    DI_NOUN_RE,
    FOLLOW_OK,
    FOLLOW_RE,
    LINKED_CUE_RE,
    LIST_GAP_RE,
    MONEY_CUE_RE,
    MONEY_FOLLOWER_RE,
    QUALIFIER_AFTER_RE,
    QUALIFIER_RE,
    RANGE_LEAD_RE,
    RELATIVE_PRONOUN,
    ROLE_PATTERNS,
    SCALED_SYMBOLS,
    SHARE_GAP_RE,
    SHARE_LEAD_RE,
    AmountRole,
)
from pipeline.extract.view import TextView

__all__ = [
    "AFTER_CURRENCIES",
    "BEFORE_CURRENCIES",
    "SCALED_SYMBOLS",
    "AmountMatch",
    "AmountRole",
    "amounts_in",
    "find_amounts",
    "sentence_fields",
]

DEFAULT_CURRENCY = "EUR"
# how far back (characters, same sentence) a money cue may sit before an amount with an implied currency
MONEY_CUE_WINDOW = 120
# how far (characters) a role cue may sit before or after the amount it describes
ROLE_WINDOW_BEFORE = 90
ROLE_WINDOW_AFTER = 45
QUALIFIER_WINDOW = 40
SHARE_LEAD_WINDOW = 40
# how far back (characters) a money noun leading straight to a number may sit ('un contributo massimo di')
LINKED_CUE_WINDOW = 60
# an amount's sentence reaches at most this many characters each way from it
SENTENCE_WINDOW = 400
# how far (characters) a bare number may sit from the amount whose currency it leaves out ('contro i')
ELLIPSIS_WINDOW = 60
# a number without currency or scale word is money only from here up ('di cui 2.313.750')
IMPLIED_MIN_VALUE = 1000

_SPACES_RE = re.compile(r"\s+")


@dataclass(frozen=True)
class AmountMatch:
    """A money amount found in a text, with offsets into that text."""

    start: int
    end: int
    value: Decimal
    value_max: Decimal | None
    currency: str
    explicit_currency: bool
    approximate: bool
    qualifier: str | None
    role: AmountRole | None
    sentence: str
    sentence_start: int  # where `sentence` starts in the text
    sentence_end: int  # where it ends


def _money_follows(norm: str, end: int) -> bool:
    """True when a money word follows a number: '18 miliardi spesi', '4 miliardi di capitalizzazione'."""
    if MONEY_FOLLOWER_RE.match(norm, end):
        return True
    di = DI_NOUN_RE.match(norm, end)
    return di is not None and MONEY_CUE_RE.match(norm, di.start("noun")) is not None


def _follower_is_count(norm: str, end: int) -> bool:
    """True when the word after an implied-currency number names what is counted ('13 mila imprese')."""
    if _money_follows(norm, end):
        return False
    di = DI_NOUN_RE.match(norm, end)
    if di is not None:
        return di.group("noun").lower() != RELATIVE_PRONOUN
    follow = FOLLOW_RE.match(norm, end)
    if follow is None:
        return False
    word = follow.group("word").lower()
    return word not in FOLLOW_OK


def _role(norm: str, start: int, end: int, sent_start: int, sent_end: int) -> AmountRole | None:
    before = norm[max(sent_start, start - ROLE_WINDOW_BEFORE) : start]
    best: tuple[int, AmountRole] | None = None
    for role, pattern in ROLE_PATTERNS:
        for m in pattern.finditer(before):
            if best is None or m.end() > best[0]:
                best = (m.end(), role)
    if best is not None:
        return best[1]
    after = norm[end : min(sent_end, end + ROLE_WINDOW_AFTER)]
    first: tuple[int, AmountRole] | None = None
    for role, pattern in ROLE_PATTERNS:
        hit = pattern.search(after)
        if hit is not None and (first is None or hit.start() < first[0]):
            first = (hit.start(), role)
    return first[1] if first is not None else None


def _qualifier(norm: str, start: int, end: int) -> str | None:
    """'circa' before the amount, or after it ('2 milioni di euro circa')."""
    m = QUALIFIER_RE.search(norm, max(0, start - QUALIFIER_WINDOW), start)
    if m is None:
        m = QUALIFIER_AFTER_RE.match(norm, end)
    return _SPACES_RE.sub(" ", m.group("q")) if m is not None else None


def find_amounts(text: str) -> list[AmountMatch]:
    """Money amounts in `text`, in order, with exact offsets.

    Args:
        text: document text as a reader produces it.

    Returns:
        One match per amount; each bound of a range is a match ('da 50.000 a 200.000 euro' gives '50.000'
        and '200.000 euro'), the lower one with the upper end as `value_max`.

    >>> [(a.start, a.value, a.sentence_start) for a in find_amounts("Il bando.  Costa 5 milioni di euro.")]
    [(17, Decimal('5000000'), 11)]
    """
    return amounts_in(TextView.of(text))


def amounts_in(view: TextView) -> list[AmountMatch]:
    """Money amounts of a document's view, in order, with offsets into the document text."""
    norm = view.norm
    candidates = list(iter_parsed_amounts(norm))
    if not candidates:
        return []
    out: list[AmountMatch] = []
    last_currency = DEFAULT_CURRENCY
    last_explicit: ParsedAmount | None = None  # the latest amount with a written currency
    last: tuple[ParsedAmount, str] | None = None  # the latest amount found, and its currency
    for c in candidates:
        shared = c.range_currency or _elided_currency(norm, c, last)
        if c.currency is None and shared is None and not _may_be_implied(norm, c, last_explicit):
            continue
        s_start, s_end = view.sentence_around(c.start, c.end, SENTENCE_WINDOW)
        currency = c.currency
        explicit = currency is not None
        if currency is None:
            currency = shared or _implied_currency(norm, c, s_start, last_explicit, last_currency)
            if currency is None:
                continue
        else:
            last_currency = currency
            last_explicit = c
        last = (c, currency)
        out.append(_match(view, c, currency, explicit, s_start, s_end))
    return out


def _elided_currency(norm: str, c: ParsedAmount, last: tuple[ParsedAmount, str] | None) -> str | None:
    """The currency of the amount just before, for a bare number that leaves it out as the same phrase
    goes on: a comparison ('328 milioni di dollari contro i 200 mila') or a list of like items ('i 325
    euro di Milano, i 278 di Roma'). A scale is never left out: after '5 milioni', a bare '3' is no amount."""
    if last is None or c.currency is not None or c.start - last[0].end > ELLIPSIS_WINDOW:
        return None
    prev, currency = last
    if (prev.scaled or prev.thousands) and not (c.scaled or c.thousands):
        return None
    if COMPARE_GAP_RE.fullmatch(norm, prev.end, c.start):
        # 'contro i 200 mila dell'anno scorso': an articulated preposition after it, or no counted noun
        follow = FOLLOW_RE.match(norm, c.end)
        word = follow.group("word").lower() if follow is not None else ""
        elided_word = word[: word.index("'") + 1] if "'" in word else word
        return currency if elided_word in COMPARE_FOLLOWERS or not _follower_is_count(norm, c.end) else None
    gap = LIST_GAP_RE.fullmatch(norm, prev.end, c.start)
    if gap is not None and norm.startswith(gap.group("prep").join((" ", " ")), c.end):
        return currency
    return None


def sentence_fields(text: str, start: int, end: int) -> dict[str, Any]:
    """The `sentence`, `sentence_start` and `sentence_end` of an amount whose sentence is text[start:end]:
    its spaces collapsed, and the offsets of its first and last characters that are not whitespace."""
    piece = text[start:end]
    return {
        "sentence": " ".join(piece.split()),
        "sentence_start": end - len(piece.lstrip()),
        "sentence_end": start + len(piece.rstrip()),
    }


def implied_amount(
    text: str, start: int, end: int, value: Decimal, currency: str, sentence: tuple[int, int]
) -> AmountMatch:
    """An amount written without its own currency word (a table cell under a currency column, a bare
    scaled number in a funding sentence): one value, exact, no qualifier or role; `sentence` is the
    span of text[start:end]'s sentence (or line)."""
    return AmountMatch(
        start=start,
        end=end,
        value=value,
        value_max=None,
        currency=currency,
        explicit_currency=False,
        approximate=False,
        qualifier=None,
        role=None,
        **sentence_fields(text, *sentence),
    )


def _is_share_of(norm: str, c: ParsedAmount, whole: ParsedAmount | None) -> bool:
    """True for the part named right after an amount: '5.317.523 euro di cui 2.313.750'."""
    if whole is None or c.value >= (whole.value_max or whole.value):
        return False
    lead = SHARE_LEAD_RE.search(norm, max(whole.end, c.start - SHARE_LEAD_WINDOW), c.start)
    return lead is not None and SHARE_GAP_RE.fullmatch(norm, whole.end, lead.start()) is not None


def _may_be_implied(norm: str, c: ParsedAmount, last_explicit: ParsedAmount | None) -> bool:
    """Cheap checks before the sentence is looked at: could this number without currency be money?"""
    if _follower_is_count(norm, c.end):
        return False
    if (c.scaled or c.value >= IMPLIED_MIN_VALUE) and _is_share_of(norm, c, last_explicit):
        return True
    if _is_linked(norm, c):
        return True
    return c.scaled and (
        _money_follows(norm, c.end)
        or MONEY_CUE_RE.search(norm, max(0, c.start - MONEY_CUE_WINDOW), c.start) is not None
    )


def _is_linked(norm: str, c: ParsedAmount) -> bool:
    """True for a number that a money noun leads straight to: 'un contributo massimo di 50.000'."""
    # a plain four-digit number after 'fatturato' is a year ('il fatturato 2021'), so separators or a scale
    big_enough = c.scaled or c.thousands or (c.grouped and c.value >= IMPLIED_MIN_VALUE)
    start = _range_lead_start(norm, c.start)
    return big_enough and LINKED_CUE_RE.search(norm, max(0, start - LINKED_CUE_WINDOW), start) is not None


def _implied_currency(
    norm: str, c: ParsedAmount, s_start: int, last_explicit: ParsedAmount | None, last_currency: str
) -> str | None:
    """The currency of a number without one, when its sentence makes it money; else None.

    Args:
        norm: the matching view.
        c: the number.
        s_start: where its sentence starts.
        last_explicit: the latest amount with a written currency, if any.
        last_currency: the currency to assume when the text has not written one yet.
    """
    if _follower_is_count(norm, c.end):
        return None
    if (
        last_explicit is not None
        and last_explicit.currency is not None
        and _is_share_of(norm, c, last_explicit)
    ):
        return last_explicit.currency
    if _is_linked(norm, c) or (
        c.scaled
        and (
            _money_follows(norm, c.end)
            or MONEY_CUE_RE.search(norm, max(s_start, c.start - MONEY_CUE_WINDOW), c.start)
        )
    ):
        if last_explicit is not None and last_explicit.currency is not None and last_explicit.end >= s_start:
            return last_explicit.currency  # the currency written earlier in the same sentence
        return last_currency
    return None


def _match(
    view: TextView, c: ParsedAmount, currency: str, explicit: bool, s_start: int, s_end: int
) -> AmountMatch:
    norm = view.norm
    start, end = view.to_document(c.start, c.end)
    qualifier = _qualifier(norm, _range_lead_start(norm, c.start), c.end)
    o_start, o_end = view.to_document(s_start, s_end)
    return AmountMatch(
        start=start,
        end=end,
        value=c.value,
        value_max=c.value_max,
        currency=currency,
        explicit_currency=explicit,
        approximate=qualifier is not None,
        qualifier=qualifier,
        role=_role(norm, c.start, c.end, s_start, s_end),
        **sentence_fields(view.text, o_start, o_end),
    )


def _range_lead_start(norm: str, start: int) -> int:
    m = RANGE_LEAD_RE.search(norm, max(0, start - 12), start)
    return m.start() if m is not None else start
