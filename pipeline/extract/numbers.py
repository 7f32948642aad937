"""Italian numbers: parsing written numbers and scale words, and fast places where a match may start.

The matching view of a document text (`normalize_text`, `NormalizedText`) lives in `view`; both names
are importable from here too.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import Any

from pipeline.extract.view import NormalizedText as NormalizedText
from pipeline.extract.view import normalize_text as normalize_text
from pipeline.lang import load_json

# longer digit runs are codes or junk, never amounts, and would overflow decimal precision once scaled
MAX_DIGITS = 18


# a run of digits with thousands separators or a decimal part; parse_number decides what it means.
# a space groups thousands only before exactly three digits ('300 000'), so '2022 300' stays apart;
# bounded repeats keep every attempt short on junk such as '1 000 000 000 ...' over pages
NUMBER_PATTERN = (
    r"(?<![0-9/])(?<![0-9][.,'])(?<![^\W\d_])"
    r"(?:[0-9]{1,3}(?:[ ][0-9]{3}){1,6}(?![0-9])(?:,[0-9]{1,9})?"
    r"|[0-9]{1,18}(?:[.,'][0-9]{1,18}){0,6})"
    r"(?![0-9])(?![.,'][0-9])"
)

_PLAIN_RE = re.compile(r"[0-9]+")
_ITALIAN_GROUPED_RE = re.compile(r"[0-9]{1,3}(?:\.[0-9]{3})+(?:,[0-9]+)?")
_SPACE_GROUPED_RE = re.compile(r"[0-9]{1,3}(?: [0-9]{3})+(?:,[0-9]+)?")
_SWISS_GROUPED_RE = re.compile(r"[0-9]{1,3}(?:'[0-9]{3})+(?:\.[0-9]+)?")
_ITALIAN_DECIMAL_RE = re.compile(r"[0-9]+,[0-9]+")
_ENGLISH_GROUPED_RE = re.compile(r"[0-9]{1,3}(?:,[0-9]{3}){2,}(?:\.[0-9]+)?|[0-9]{1,3},[0-9]{3}\.[0-9]+")
_ENGLISH_DECIMAL_RE = re.compile(r"[0-9]+\.[0-9]{1,2}")
_SPACES_RE = re.compile(r"\s+")
_INVISIBLE_RE = re.compile(r"[\u200b\u200c\u200d\u2060\ufeff\u00ad]+")


_SCALES: dict[str, Any] = load_json("scales.json")
SCALE_POWERS: dict[str, int] = {word: int(power) for word, power in _SCALES["scales"].items()}
CASE_SENSITIVE_SCALES: frozenset[str] = frozenset(_SCALES["case_sensitive"])
MONEY_SCALES: frozenset[str] = frozenset(_SCALES["money_scales"])
NUMBER_WORDS: dict[str, Decimal] = {w: Decimal(str(v)) for w, v in _SCALES["number_words"].items()}
_PARTS: dict[str, Any] = _SCALES["number_word_parts"]
_UNITS: dict[str, int] = _PARTS["units"]
_TEENS: dict[str, int] = _PARTS["teens"]
_TENS: dict[str, int] = _PARTS["tens"]
_ELIDED: list[str] = _PARTS["elided_units"]
_HUNDRED: str = _PARTS["hundred"]
_THOUSAND: str = _PARTS["thousand"]
_THOUSANDS: str = _PARTS["thousands"]
THOUSAND_SCALES: frozenset[str] = frozenset(_SCALES["thousands"])
SINGULAR_SCALES: list[str] = _SCALES["singular_scales"]
PERCENT_WORDS: list[str] = _SCALES["percent_words"]


_POINT_DECIMAL_RE = re.compile(r"[0-9]+\.[0-9]+")
_COMMA_GROUPED_RE = re.compile(r"[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?")
# a number in a money or percent context, with a decimal point or a decimal comma (1 or 2 decimals)
_CONTEXT = (
    r"[ ]?(?:%|(?i:"
    + "|".join(re.escape(w).replace(r"\ ", "[ ]?") for w in _SCALES["decimal_context_stems"])
    + "))"
)
_POINT_USE_RE = re.compile(r"(?<![0-9.,'])[0-9]+\.[0-9]{1,2}(?![0-9.,])" + _CONTEXT)
_COMMA_USE_RE = re.compile(r"(?<![0-9.,'])[0-9]+,[0-9]{1,2}(?![0-9.,])" + _CONTEXT)


def uses_decimal_point(text: str) -> bool:
    """True when a document writes decimals with a point and never with a comma (Swiss, English texts).

    >>> uses_decimal_point("un disavanzo di 80.3 milioni di franchi, il 2.5% in meno")
    True
    >>> uses_decimal_point("13,5 milioni di euro e 2.5 milioni")
    False
    """
    return _POINT_USE_RE.search(text) is not None and _COMMA_USE_RE.search(text) is None


def parse_number(surface: str, decimal_point: bool = False) -> Decimal | None:
    """Read a number written the Italian way ('.' groups thousands, ',' marks decimals).

    Spaces, NBSP and thin spaces may group thousands; a number with several ',' groups is read the
    English way. A leading zero (phone numbers, codes) gives None. In a document that writes its
    decimals with a point (`decimal_point`), '1.250' is 1.25 and '1,250' is 1250.

    Args:
        surface: the digits as written, e.g. '1.687.500' or '13,5'.
        decimal_point: the document's convention, from `uses_decimal_point`.

    Returns:
        The value, or None when the surface is not a well-formed number.

    >>> parse_number("1.687.500")
    Decimal('1687500')
    >>> parse_number("109.300,95")
    Decimal('109300.95')
    >>> parse_number("300\u00a0000")
    Decimal('300000')
    >>> parse_number("02") is None
    True
    >>> parse_number("1.250", decimal_point=True), parse_number("1,250", decimal_point=True)
    (Decimal('1.250'), Decimal('1250'))
    """
    s = _SPACES_RE.sub(" ", _INVISIBLE_RE.sub("", surface).strip())
    if not s or not s[0].isdigit():
        return None
    if len(s) > 1 and s[0] == "0" and s[1] not in ",.":
        return None
    digits: str | None = None
    if decimal_point and _POINT_DECIMAL_RE.fullmatch(s):
        digits = s
    elif decimal_point and _COMMA_GROUPED_RE.fullmatch(s):
        digits = s.replace(",", "")
    elif _PLAIN_RE.fullmatch(s):
        digits = s
    elif _ITALIAN_GROUPED_RE.fullmatch(s):
        digits = s.replace(".", "").replace(",", ".")
    elif _SPACE_GROUPED_RE.fullmatch(s):
        digits = s.replace(" ", "").replace(",", ".")
    elif _SWISS_GROUPED_RE.fullmatch(s):
        digits = s.replace("'", "")
    elif _ITALIAN_DECIMAL_RE.fullmatch(s):
        digits = s.replace(",", ".")
    elif _ENGLISH_GROUPED_RE.fullmatch(s):
        digits = s.replace(",", "")
    elif _ENGLISH_DECIMAL_RE.fullmatch(s):
        digits = s
    if digits is None or len(digits) > MAX_DIGITS:
        return None
    try:
        return Decimal(digits)
    except InvalidOperation:  # pragma: no cover - the patterns above only let digits through
        return None


def parse_scale(word: str) -> Decimal | None:
    """The multiplier of a scale word ('mila', 'milioni', 'mln', 'mld'), or None.

    >>> parse_scale("milioni")
    Decimal('1000000')
    >>> parse_scale("Mld")
    Decimal('1000000000')
    >>> parse_scale("metri") is None
    True
    """
    w = _SPACES_RE.sub("", _INVISIBLE_RE.sub("", word)).rstrip(".")
    power = SCALE_POWERS.get(w) if w in CASE_SENSITIVE_SCALES else SCALE_POWERS.get(w.lower())
    if power is None or (w.lower() in CASE_SENSITIVE_SCALES and w not in CASE_SENSITIVE_SCALES):
        return None
    return Decimal(10) ** power


def parse_number_word(word: str) -> Decimal | None:
    """The value of a number written in letters ('un', 'mezzo', 'dieci', 'duecentocinquantamila').

    >>> parse_number_word("mezzo")
    Decimal('0.5')
    >>> parse_number_word("tre")
    Decimal('3')
    >>> parse_number_word("duemilacinquecento"), parse_number_word("centotto"), parse_number_word("ventuno")
    (Decimal('2500'), Decimal('108'), Decimal('21'))
    >>> parse_number_word("molti") is None, parse_number_word("unmila") is None
    (True, True)
    """
    w = word.strip().lower()
    if w in NUMBER_WORDS:
        return NUMBER_WORDS[w]
    if w.startswith(_THOUSAND):
        thousands: int | None = 1
        rest = w[len(_THOUSAND) :]
    elif _THOUSANDS in w:
        head, _, rest = w.partition(_THOUSANDS)
        thousands = _below_thousand(head) if head not in _UNITS or _UNITS[head] > 1 else None
    else:
        thousands, rest = 0, w
    units = _below_thousand(rest) if rest else 0
    if thousands is None or units is None or (thousands, units) == (0, 0):
        return None
    return Decimal(thousands * 1000 + units)


def _below_thousand(w: str) -> int | None:
    """'duecentotrentotto' -> 238: [unit]cento[o] and a number below a hundred, or that number alone."""
    head, cento, rest = w.partition(_HUNDRED[:-1])
    if not cento:
        return _below_hundred(w)
    times = _UNITS.get(head, 0) if head else 1
    if times < 2 and head:
        return None
    for tail in ([rest[1:]] if rest.startswith(_HUNDRED[-1]) else []) + [rest]:
        if tail == rest and rest and not any(rest.startswith(e) for e in _ELIDED):
            continue
        below = _below_hundred(tail) if tail else 0
        if below is not None:
            return times * 100 + below
    return None


def _below_hundred(w: str) -> int | None:
    """'trentadue' -> 32, 'ventotto' -> 28, 'dodici' -> 12."""
    if w in _UNITS or w in _TEENS:
        return _UNITS.get(w) or _TEENS[w]
    for ten, value in _TENS.items():
        if w.startswith(ten) and (w == ten or w[len(ten) :] in _UNITS):
            return value + _UNITS.get(w[len(ten) :], 0)
        if w.startswith(ten[:-1]) and w[len(ten) - 1 :] in _ELIDED:
            return value + _UNITS[w[len(ten) - 1 :]]
    return None


def _words_alternation(words: Iterable[str]) -> str:
    return trie_pattern(sorted(set(words)))


def number_word_prefixes() -> frozenset[str]:
    """The pieces a number in letters of several parts may begin with ('due' of 'duecento', 'vent')."""
    tens = set(_TENS) | {t[:-1] for t in _TENS}
    return frozenset({*_UNITS, *_TEENS, *tens, _HUNDRED[:-1], _THOUSAND, *NUMBER_WORDS})


def number_word_pattern() -> str:
    """A regex of the Italian numbers in letters that `parse_number_word` reads, 'mezzo' included."""
    units = _words_alternation(_UNITS)
    below_hundred = (
        f"(?:{_words_alternation(_TEENS)}|{_words_alternation(_TENS)}{units}?"
        f"|{_words_alternation(t[:-1] for t in _TENS)}{_words_alternation(_ELIDED)}|{units})"
    )
    times = _words_alternation(u for u, v in _UNITS.items() if v > 1)
    cent, o = re.escape(_HUNDRED[:-1]), re.escape(_HUNDRED[-1])
    hundreds = f"(?:{times}?{cent}(?:{o}{below_hundred}?|{_words_alternation(_ELIDED)})?)"
    below_thousand = f"(?:{hundreds}|{below_hundred})"
    whole = (
        f"(?:(?:{re.escape(_THOUSAND)}|{below_thousand}{re.escape(_THOUSANDS)}){below_thousand}?"
        f"|{below_thousand}|{_words_alternation(NUMBER_WORDS)})"
    )
    return r"(?<![^\W\d_])" + whole + r"(?![^\W\d_])"


def tidy_decimal(value: Decimal) -> Decimal:
    """The value without a spurious exponent or trailing '.0' from scaling.

    >>> tidy_decimal(Decimal("13.5") * Decimal(10) ** 6)
    Decimal('13500000')
    >>> tidy_decimal(Decimal("69412.50"))
    Decimal('69412.50')
    """
    if value == value.to_integral_value():
        return value.quantize(Decimal(1))
    exponent = value.as_tuple().exponent
    if isinstance(exponent, int) and exponent < -2:
        # keep the decimals the text wrote ('69.412,50'), drop zeros made by scaling ('1,2345 mila')
        return value.normalize()
    return value


def trie_pattern(words: list[str] | set[str] | frozenset[str]) -> str:
    """A regex matching exactly `words`, factored by common prefixes (much faster than a flat alternation).

    >>> trie_pattern(["mila", "milioni", "mld"])
    '(?:m(?:il(?:a|ioni)|ld))'
    """
    tree: dict[str, Any] = {}
    for word in words:
        node = tree
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def build(node: dict[str, Any]) -> str:
        branches = [re.escape(char) + build(sub) for char, sub in sorted(node.items()) if char]
        if not branches:
            return ""
        if len(branches) == 1 and "" not in node:
            return branches[0]
        return "(?:" + "|".join(branches) + ")" + ("?" if "" in node else "")

    return "(?:" + build(tree) + ")"


@lru_cache(maxsize=16)
def _trigger_re(words: frozenset[str], symbols: str, prefixes: frozenset[str]) -> re.Pattern[str]:
    parts = ["[0-9]+"]
    if symbols:
        parts.append("[" + re.escape(symbols) + "]")
    # lower, capitalised and upper case spelled out: faster than re.IGNORECASE
    for group, end in ((words, r"(?![^\W\d_])"), (prefixes, "")):
        variants = sorted({v for w in group if w for v in (w.lower(), w.capitalize(), w.upper())})
        if variants:
            parts.append(r"(?<![^\W\d_])" + trie_pattern(variants) + end)
    return re.compile("|".join(parts))


def iter_starts(
    text: str, words: frozenset[str], symbols: str = "", prefixes: frozenset[str] = frozenset()
) -> Iterator[int]:
    """Offsets where a match may start: digit runs, `words` (lower, capitalised or upper case), `symbols`,
    and the words that begin with one of `prefixes` (the same three cases)."""
    for trigger in _trigger_re(words, symbols, prefixes).finditer(text):
        yield trigger.start()


def match_at_tokens(
    pattern: re.Pattern[str], text: str, words: frozenset[str], symbols: str = ""
) -> Iterator[re.Match[str]]:
    """Non-overlapping matches of `pattern`, tried only where a match can start.

    Like `pattern.finditer(text)` for a pattern whose matches start at a digit run, at a word in
    `words` (lower, capitalised or upper case) or at a character in `symbols`; trying only there
    is several times faster than letting the regex engine try every position.
    """
    last = 0
    for start in iter_starts(text, words, symbols):
        if start < last:
            continue
        m = pattern.match(text, start)
        if m is not None and m.end() > start:
            last = m.end()
            yield m
