"""Money amounts in Italian text: '13,5 milioni di euro', 'euro 109.300,95 euro', 'da 50.000 a 200.000 euro'.

The span is the number, its scale word and its currency; bounds such as 'circa' or 'fino a' stay
outside and are reported as `qualifier`. A number without a written currency is money only when the
sentence says so ('finanziato con 1,2 milioni,', 'di cui 2.313.750 in Lombardia'), and is then
flagged `explicit_currency=False`. Counts ('13 mila imprese'), phone numbers, postal codes, years and
law numbers give nothing.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Literal, cast

from pipeline.extract.numbers import (
    CASE_SENSITIVE_SCALES,
    MONEY_SCALES,
    NUMBER_PATTERN,
    NUMBER_WORDS,
    SCALE_POWERS,
    WORD_AMOUNTS,
    NormalizedText,
    iter_starts,
    normalize_text,
    parse_number,
    parse_number_word,
    parse_scale,
    tidy_decimal,
    trie_pattern,
    uses_decimal_point,
)
from pipeline.lang import load_json

log = logging.getLogger(__name__)

AmountRole = Literal["cost", "contribution", "allocation", "share", "investment", "revenue"]

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
SENTENCE_WINDOW = 400
# a number without currency or scale word is money only from here up ('di cui 2.313.750')
IMPLIED_MIN_VALUE = 1000

_CURRENCIES: dict[str, Any] = load_json("currencies.json")
_CUES: dict[str, Any] = load_json("amount_cues.json")
BEFORE_CURRENCIES: dict[str, str] = _CURRENCIES["before"]
AFTER_CURRENCIES: dict[str, str] = _CURRENCIES["after"]
SCALED_SYMBOLS: dict[str, int] = _CURRENCIES["scaled_symbols"]
FOLLOW_OK: frozenset[str] = frozenset(_CUES["follow_ok"])
ROLE_CUES: dict[str, list[str]] = _CUES["roles"]

# whitespace inside an expression: spaces and at most one line break (a blank line ends it)
_S = r"[ ]*(?:\n[ ]*)?"
_S1 = r"(?:[ ]+(?:\n[ ]*)?|\n[ ]*)"
_NOT_LETTER_AFTER = r"(?![^\W\d_])"
_NOT_LETTER_BEFORE = r"(?<![^\W\d_])"


def _alternation(words: list[str] | set[str] | frozenset[str]) -> str:
    """A regex matching any of `words`, spaces matching any run of whitespace."""
    return trie_pattern(words).replace(r"\ ", _S1)


def _currency_alternation(words: dict[str, str]) -> str:
    # symbols need no word boundary ('€2'), words do ('euro' is not in 'europei')
    parts = []
    for w in sorted(words, key=len, reverse=True):
        esc = re.escape(w).replace(r"\ ", _S1)
        parts.append(esc + _NOT_LETTER_AFTER if w[-1].isalpha() or w[-1] == "." else esc)
    return "(?:" + "|".join(parts) + ")"


_SCALE_WORDS_CI = {w for w in SCALE_POWERS if w not in CASE_SENSITIVE_SCALES}
_SCALE = (
    "(?:(?i:"
    + _alternation(_SCALE_WORDS_CI)
    + ")|"
    + _alternation(CASE_SENSITIVE_SCALES)
    + ")"
    + _NOT_LETTER_AFTER
    # an abbreviation's dot belongs to the amount only when a currency follows ('2 mln. di euro')
    + r"(?:\.(?=[ ]+(?i:di|d')[ ]|[ ]*[€$£]))?"
)
# '€. 1.500,00' in administrative texts
_PRE_CUR = _NOT_LETTER_BEFORE + _currency_alternation(BEFORE_CURRENCIES) + r"(?:(?<=€)\.)?"
_POST_CUR = _currency_alternation({**AFTER_CURRENCIES, **dict.fromkeys(SCALED_SYMBOLS, "")})
_WORD_NUM = r"(?i:" + _alternation(set(NUMBER_WORDS)) + r")" + _NOT_LETTER_AFTER
_WORD_AMOUNT = r"(?i:" + _alternation(set(WORD_AMOUNTS)) + r")" + _NOT_LETTER_AFTER
_NUM = NUMBER_PATTERN

_FROM = rf"(?:(?P<from>(?i:\b(?:da|dai|dagli|dal|dall'|tra|fra)))(?:{_S1}|(?<='))(?:(?i:i|gli|il|l'){_S})?)?"
# a sign written before the number ('un disavanzo di -80.3 milioni'), not a dash between two numbers
_SIGN = r"(?:(?<![\w.,)/-])(?P<sign>[-+])(?=[0-9]))?"
_FIRST = rf"{_SIGN}(?P<n1>{_NUM}|{_NOT_LETTER_BEFORE}{_WORD_NUM}(?={_S1}{_SCALE}))(?:{_S}(?P<sc1>{_SCALE}))?"
# the amount in words may sit between the number and its currency ('10.000,00 (diecimila/00) euro')
_IN_WORDS = r"(?:[ ]*\([^()\n]{1,60}\))?"
_POST = rf"(?:{_IN_WORDS}(?:{_S}(?i:di|d'|de){_S}|{_S})(?P<post>{_POST_CUR}))?"
_AMOUNT_RE = re.compile(
    rf"""
    {_FROM}
    (?:(?P<pre>{_PRE_CUR}){_S})?
    (?:
        {_FIRST}
        (?(sc1)(?:{_S1}(?:e{_S1})?(?P<n1b>{_NUM}){_S}(?P<sc1b>{_SCALE})|{_S1}e{_S1}(?P<half>(?i:mezzo)){_NOT_LETTER_AFTER})?|)
      | (?P<wa>{_NOT_LETTER_BEFORE}{_WORD_AMOUNT})
    )
    (?:
        (?(from)(?:[ ]*-[ ]*|{_S1}(?i:a|ad|al|ai|agli|e(?:[ ]+(?:i|gli|il))?|fino{_S1}a){_S1})|[ ]*-[ ]*)
        (?:(?P<pre2>{_PRE_CUR}){_S})?
        (?P<n2>{_NUM}|{_NOT_LETTER_BEFORE}{_WORD_NUM}(?={_S1}{_SCALE}))(?:{_S}(?P<sc2>{_SCALE}))?
        (?(sc2)(?:{_S1}(?:e{_S1})?(?P<n2b>{_NUM}){_S}(?P<sc2b>{_SCALE}))?|)
    )?
    {_POST}
    """,
    re.VERBOSE,
)
# the same amount without compound or range, for when those parts do not add up ('1 milione e 2 milioni')
_SIMPLE_AMOUNT_RE = re.compile(
    rf"""
    {_FROM}
    (?:(?P<pre>{_PRE_CUR}){_S})?
    (?:{_FIRST}|(?P<wa>{_NOT_LETTER_BEFORE}{_WORD_AMOUNT}))
    {_POST}
    (?:(?!)(?P<n1b>)(?P<sc1b>)(?P<half>)(?P<pre2>)(?P<n2>)(?P<sc2>)(?P<n2b>)(?P<sc2b>))?
    """,
    re.VERBOSE,
)


def _first_token(phrase: str) -> str:
    m = re.match(r"[0-9]+|[^\W\d_]+|[^\w\s]", phrase)
    return m.group().lower() if m is not None else ""


# where an amount can start, besides a digit: a range word, a currency written first, a number word
_START_WORDS = frozenset(
    {"da", "dai", "dagli", "dal", "dall", "tra", "fra"}
    | {_first_token(c) for c in BEFORE_CURRENCIES}
    | set(NUMBER_WORDS)
    | set(WORD_AMOUNTS)
)
_START_SYMBOLS = "".join(sorted({c[0] for c in BEFORE_CURRENCIES if not c[0].isalnum()} | {"-", "+"}))

_MONEY_CUE_RE = re.compile(
    r"(?i)(?<![^\W\d_])(?:"
    + trie_pattern(_CUES["money_cue_stems"])
    + r"[^\W\d_]*|"
    + _alternation(_CUES["money_cue_words"])
    + r")(?![^\W\d_])"
)
_SHARE_LEAD_RE = re.compile(
    r"(?i)(?<![^\W\d_])(?:di cui|dei quali|delle quali|di questi|di queste|tra cui)"
    + _S
    + r"(?:(?:circa|oltre)"
    + _S1
    + r")?$"
)
_MONEY_FOLLOWER_RE = re.compile(r"(?i)" + _S1 + _alternation(_CUES["money_followers"]) + _NOT_LETTER_AFTER)
_LINKED_CUE_RE = re.compile(
    r"(?i)(?<![^\W\d_])"
    + _alternation(_CUES["linked_cues"])
    + r"(?:[ ]+"
    + _alternation(_CUES["linked_modifiers"])
    + r")?[ ]*(?:di|pari[ ]a|per|da|:|è[ ]di|ammonta[ ]a)?[ ]*"
    + r"(?:(?:circa|oltre|fino[ ]a|un[ ]massimo[ ]di)[ ]+)?$"
)
# between an amount and the 'di cui' that splits it: a comma, a bracket ('(IVA inclusa)'), nothing else
_SHARE_GAP_RE = re.compile(r"[ ]*(?:\([^()\n]{0,40}\))?[ ]*[,;:]?" + _S)
_FOLLOW_RE = re.compile(r" *(?:\n *)?(?P<word>di cui|dei quali|delle quali|[^\W\d_]+(?:'[^\W\d_]*)?)")
_DI_NOUN_RE = re.compile(r"(?i) *(?:\n *)?(?:di|d')" + _S + r"(?P<noun>[^\W\d_]+)")
_QUALIFIER_RE = re.compile(
    r"(?i)(?<![^\W\d_])(?P<q>"
    + _alternation(set(_CUES["qualifiers"]))
    + r")(?: +(?:i|gli|il|le|lo|la)| *l')?"
    + _S
    + "$"
)
_ROLE_PATTERNS: list[tuple[AmountRole, re.Pattern[str]]] = [
    (cast(AmountRole, role), re.compile(r"(?i)(?<![^\W\d_])" + _alternation(set(words)) + _NOT_LETTER_AFTER))
    for role, words in ROLE_CUES.items()
]
# a full stop after an abbreviation or an initial ('n. XII/1234', 'art. 3', 'G. Colombo') ends no sentence
_NOT_ABBREVIATION = "".join(rf"(?<!\b{re.escape(a)}\.)" for a in _CUES["abbreviations"]) + r"(?<!\b[A-Z]\.)"
_SENTENCE_BREAK_RE = re.compile(
    r"(?<=[.!?])"
    + _NOT_ABBREVIATION
    + r"[\"”»)']?\s+(?=[\"“«(']?[A-ZÀ-Ý])|\n *\n|\n(?= *(?:[-•]|[0-9]{1,2}[.)]) )"
)
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


@dataclass(frozen=True)
class _Candidate:
    start: int  # offsets in the normalised view
    end: int
    value: Decimal
    value_max: Decimal | None
    currency: str | None
    scaled: bool  # a money scale word ('milioni') is written
    thousands: bool = False  # 'mila' is written
    grouped: bool = False  # thousands are separated ('50.000', '300 000')


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
    if base is None:
        return None
    multiplier = _scale_of(scale) if scale is not None else Decimal(1)
    if multiplier is None:
        return None
    value = base * multiplier
    if extra is not None:
        extra_base = parse_number(extra)
        extra_mult = _scale_of(extra_scale)
        if extra_base is None or extra_mult is None or extra_mult >= multiplier:
            return None
        value += extra_base * extra_mult
    return value


def _currency_code(surface: str | None) -> str | None:
    if surface is None:
        return None
    key = _SPACES_RE.sub(" ", surface)
    if key in SCALED_SYMBOLS:
        return "EUR"
    for k in (key, key.lower(), key.rstrip(".")):
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


def _candidate(m: re.Match[str], point: bool = False) -> _Candidate | None:
    """Value, range and currency of one regex match, or None when the parts do not make an amount."""
    post = m.group("post")
    post_scale = _scale_of(post) if post in SCALED_SYMBOLS else None
    n1, sc1 = m.group("n1"), m.group("sc1")
    n2, sc2 = m.group("n2"), m.group("sc2")
    if m.group("wa") is not None:
        low: Decimal | None = WORD_AMOUNTS[m.group("wa").lower()]
        if post is None and m.group("pre") is None:
            return None
    else:
        low = _number_value(n1, sc1, m.group("n1b"), m.group("sc1b"), point)
        if low is not None and m.group("half") is not None:
            # 'un milione e mezzo': half of the scale on top
            low += (_scale_of(sc1) or Decimal(0)) / 2
        if low is None and m.group("n1b") is not None and m.group("from") is not None and n2 is None:
            # 'tra 1 milione e 2 milioni': a range, not a compound number
            low = _number_value(n1, sc1, None, None, point)
            n2, sc2 = m.group("n1b"), m.group("sc1b")
        elif _is_currency_word_and_year(m):
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
        if n1 is not None
        else m.start("wa")
    )
    scales = {s.lower() for s in (sc1, sc2, m.group("sc1b")) if s is not None}
    return _Candidate(
        start=start,
        end=m.end(),
        value=tidy_decimal(low),
        value_max=tidy_decimal(high) if high is not None else None,
        currency=currency,
        scaled=bool(scales & MONEY_SCALES) or post_scale is not None,
        thousands="mila" in scales,
        grouped=n1 is not None and _GROUPED_RE.search(n1) is not None,
    )


def _sentence_span(norm: str, start: int, end: int) -> tuple[int, int]:
    """Bounds of the sentence around [start, end), looking at most SENTENCE_WINDOW characters each way."""
    s_start = max(0, start - SENTENCE_WINDOW)
    for m in _SENTENCE_BREAK_RE.finditer(norm, s_start, start):
        s_start = m.end()
    after = _SENTENCE_BREAK_RE.search(norm, end, end + SENTENCE_WINDOW)
    s_end = after.start() if after is not None else min(len(norm), end + SENTENCE_WINDOW)
    return s_start, s_end


def _follower_is_count(norm: str, end: int) -> bool:
    """True when the word after an implied-currency number names what is counted ('13 mila imprese')."""
    if _MONEY_FOLLOWER_RE.match(norm, end):
        return False
    di = _DI_NOUN_RE.match(norm, end)
    if di is not None:
        noun = di.group("noun")
        return not (_MONEY_CUE_RE.fullmatch(noun) is not None or noun.lower() == "cui")
    follow = _FOLLOW_RE.match(norm, end)
    if follow is None:
        return False
    word = follow.group("word").lower()
    return word not in FOLLOW_OK


def _role(norm: str, start: int, end: int, sent_start: int, sent_end: int) -> AmountRole | None:
    before = norm[max(sent_start, start - ROLE_WINDOW_BEFORE) : start]
    best: tuple[int, AmountRole] | None = None
    for role, pattern in _ROLE_PATTERNS:
        for m in pattern.finditer(before):
            if best is None or m.end() > best[0]:
                best = (m.end(), role)
    if best is not None:
        return best[1]
    after = norm[end : min(sent_end, end + ROLE_WINDOW_AFTER)]
    first: tuple[int, AmountRole] | None = None
    for role, pattern in _ROLE_PATTERNS:
        hit = pattern.search(after)
        if hit is not None and (first is None or hit.start() < first[0]):
            first = (hit.start(), role)
    return first[1] if first is not None else None


_QUALIFIER_AFTER_RE = re.compile(
    r"(?i)[ ]+(?P<q>" + _alternation(set(_CUES["qualifiers_after"])) + r")(?![^\W\d_])"
)


def _qualifier(norm: str, start: int, end: int) -> str | None:
    """'circa' before the amount, or after it ('2 milioni di euro circa')."""
    m = _QUALIFIER_RE.search(norm, max(0, start - QUALIFIER_WINDOW), start)
    if m is None:
        m = _QUALIFIER_AFTER_RE.match(norm, end)
    return _SPACES_RE.sub(" ", m.group("q")) if m is not None else None


def find_amounts(text: str) -> list[AmountMatch]:
    """Money amounts in `text`, in order, with exact offsets.

    Args:
        text: document text as a reader produces it.

    Returns:
        One match per amount; a range ('da 50.000 a 200.000 euro') is one match with `value_max`.
    """
    view = normalize_text(text)
    norm = view.text
    candidates = list(_iter_candidates(norm))
    if not candidates:
        return []
    out: list[AmountMatch] = []
    last_currency = DEFAULT_CURRENCY
    last_explicit: _Candidate | None = None  # the latest amount with a written currency
    for c in candidates:
        if c.currency is None and not _may_be_implied(norm, c, last_explicit):
            continue
        s_start, s_end = _sentence_span(norm, c.start, c.end)
        currency = c.currency
        explicit = currency is not None
        if currency is None:
            currency = _implied_currency(norm, c, s_start, last_explicit, last_currency)
            if currency is None:
                continue
        else:
            last_currency = currency
            last_explicit = c
        out.append(_match(view, c, currency, explicit, s_start, s_end))
    return out


def _is_share_of(norm: str, c: _Candidate, whole: _Candidate | None) -> bool:
    """True for the part named right after an amount: '5.317.523 euro di cui 2.313.750'."""
    if whole is None or c.value >= (whole.value_max or whole.value):
        return False
    lead = _SHARE_LEAD_RE.search(norm, max(whole.end, c.start - SHARE_LEAD_WINDOW), c.start)
    return lead is not None and _SHARE_GAP_RE.fullmatch(norm, whole.end, lead.start()) is not None


def _may_be_implied(norm: str, c: _Candidate, last_explicit: _Candidate | None) -> bool:
    """Cheap checks before the sentence is looked at: could this number without currency be money?"""
    if _follower_is_count(norm, c.end):
        return False
    if (c.scaled or c.value >= IMPLIED_MIN_VALUE) and _is_share_of(norm, c, last_explicit):
        return True
    if _is_linked(norm, c):
        return True
    return c.scaled and (
        _MONEY_FOLLOWER_RE.match(norm, c.end) is not None
        or _MONEY_CUE_RE.search(norm, max(0, c.start - MONEY_CUE_WINDOW), c.start) is not None
    )


def _is_linked(norm: str, c: _Candidate) -> bool:
    """True for a number that a money noun leads straight to: 'un contributo massimo di 50.000'."""
    # a plain four-digit number after 'fatturato' is a year ('il fatturato 2021'), so separators or a scale
    big_enough = c.scaled or c.thousands or (c.grouped and c.value >= IMPLIED_MIN_VALUE)
    start = _range_lead_start(norm, c.start)
    return big_enough and _LINKED_CUE_RE.search(norm, max(0, start - LINKED_CUE_WINDOW), start) is not None


def _iter_candidates(norm: str) -> Iterator[_Candidate]:
    """Numbers of the view with their scale, range and written currency, in order."""
    point = uses_decimal_point(norm)
    last = 0
    for pos in iter_starts(norm, _START_WORDS, _START_SYMBOLS):
        if pos < last:
            continue
        m = _AMOUNT_RE.match(norm, pos)
        if m is None or m.end() == pos:
            continue
        c = _candidate(m, point)
        if c is None and (m.group("n2") is not None or m.group("n1b") is not None):
            simple = _SIMPLE_AMOUNT_RE.match(norm, pos)
            if simple is not None and simple.end() > pos:
                m, c = simple, _candidate(simple, point)
        last = m.end()
        if c is not None:
            yield c


def _implied_currency(
    norm: str, c: _Candidate, s_start: int, last_explicit: _Candidate | None, last_currency: str
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
            _MONEY_FOLLOWER_RE.match(norm, c.end)
            or _MONEY_CUE_RE.search(norm, max(s_start, c.start - MONEY_CUE_WINDOW), c.start)
        )
    ):
        if last_explicit is not None and last_explicit.currency is not None and last_explicit.end >= s_start:
            return last_explicit.currency  # the currency written earlier in the same sentence
        return last_currency
    return None


def _match(
    view: NormalizedText, c: _Candidate, currency: str, explicit: bool, s_start: int, s_end: int
) -> AmountMatch:
    norm = view.text
    start, end = view.span(c.start, c.end)
    qualifier = _qualifier(norm, _range_lead_start(norm, c.start), c.end)
    o_start, o_end = view.span(s_start, s_end)
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
        sentence=_SPACES_RE.sub(" ", view.original[o_start:o_end]).strip(),
    )


_RANGE_LEAD_RE = re.compile(
    r"(?i)(?<![^\W\d_])(?:da|dai|dagli|dal|tra|fra)(?: +(?:i|gli|il))? *$|(?i:dall') *$"
)


def _range_lead_start(norm: str, start: int) -> int:
    m = _RANGE_LEAD_RE.search(norm, max(0, start - 12), start)
    return m.start() if m is not None else start
