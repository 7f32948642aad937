"""Italian numbers: parsing written numbers and scale words, and a matching view of document text.

The finders in `amounts`, `percents` and `dates` match on a normalised copy of the document text
(`normalize_text`): typographic spaces become plain spaces, dashes become `-`, apostrophes become `'`,
and zero-width characters, soft hyphens and hyphenated line breaks are removed. The copy keeps a map
back to the original offsets, so every match is reported on the text as the reader produced it.
"""

from __future__ import annotations

import logging
import re
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import Any

from pipeline.lang import load_json

log = logging.getLogger(__name__)

NORMALIZE_CACHE_SIZE = 8
# longer digit runs are codes or junk, never amounts, and would overflow decimal precision once scaled
MAX_DIGITS = 18

# one-to-one replacements: offsets do not move
_SPACE_LIKE = (
    "\u00a0\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000\t\r\f\v"
)
_DASH_LIKE = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212"
_APOSTROPHE_LIKE = "\u2019\u2018\u02bc\u00b4`"
_REPLACEMENTS: tuple[tuple[str, str], ...] = (
    *((c, " ") for c in _SPACE_LIKE),
    *((c, "-") for c in _DASH_LIKE),
    *((c, "'") for c in _APOSTROPHE_LIKE),
    # single markdown emphasis markers left by some readers sit inside datelines ('*Milano, 9 luglio 2021*')
    ("*", " "),
)
# characters removed from the matching view: zero-width marks, soft hyphens, and a hyphen that breaks
# a word across lines ('mi-\nlioni')
_DELETED_RE = re.compile(r"[\u200b\u200c\u200d\u2060\ufeff\u00ad]+|(?<=[^\W\d_])- *\n *(?=[a-zà-ÿ])")

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
WORD_AMOUNTS: dict[str, Decimal] = {w: Decimal(str(v)) for w, v in _SCALES["word_amounts"].items()}


_POINT_DECIMAL_RE = re.compile(r"[0-9]+\.[0-9]+")
_COMMA_GROUPED_RE = re.compile(r"[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?")
# a number in a money or percent context, with a decimal point or a decimal comma (1 or 2 decimals)
_CONTEXT = (
    r"[ ]?(?:%|(?i:per[ ]?cento|percent|mi(?:l|ll)ion|miliard|billion|bn|mln|mio|mrd|mld"
    r"|euro|eur|chf|franc|usd|dollar))"
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
    """The value of a number written in letters before a scale word ('un', 'mezzo', 'dieci').

    >>> parse_number_word("mezzo")
    Decimal('0.5')
    >>> parse_number_word("tre")
    Decimal('3')
    >>> parse_number_word("molti") is None
    True
    """
    return NUMBER_WORDS.get(word.strip().lower())


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
def _trigger_re(words: frozenset[str], symbols: str) -> re.Pattern[str]:
    parts = ["[0-9]+"]
    if symbols:
        parts.append("[" + re.escape(symbols) + "]")
    if words:
        # lower, capitalised and upper case spelled out: faster than re.IGNORECASE
        variants = sorted({v for w in words if w for v in (w.lower(), w.capitalize(), w.upper())})
        parts.append(r"(?<![^\W\d_])" + trie_pattern(variants) + r"(?![^\W\d_])")
    return re.compile("|".join(parts))


def iter_starts(text: str, words: frozenset[str], symbols: str = "") -> Iterator[int]:
    """Offsets where a match may start: digit runs, `words` (lower, capitalised or upper case), `symbols`."""
    for trigger in _trigger_re(words, symbols).finditer(text):
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


@dataclass(frozen=True)
class NormalizedText:
    """A matching view of a text and the map from its offsets back to the original."""

    text: str
    original: str
    _norm_starts: tuple[int, ...] = (0,)
    _shifts: tuple[int, ...] = (0,)

    def to_original(self, index: int) -> int:
        """Offset in the original text of the character at `index` in the view."""
        i = bisect_right(self._norm_starts, index) - 1
        return index + self._shifts[i]

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Original (start, end) of the view's [start, end) span."""
        if end <= start:
            o = self.to_original(start)
            return o, o
        return self.to_original(start), self.to_original(end - 1) + 1


@lru_cache(maxsize=NORMALIZE_CACHE_SIZE)
def normalize_text(text: str) -> NormalizedText:
    """The matching view of `text`: plain spaces, dashes and apostrophes, invisible marks removed.

    >>> view = normalize_text("1.546\u200b.000 euro")
    >>> view.text
    '1.546.000 euro'
    >>> view.span(0, 9)
    (0, 10)
    """
    translated = text
    for old, new in _REPLACEMENTS:
        if old in translated:
            translated = translated.replace(old, new)
    if not _DELETED_RE.search(translated):
        return NormalizedText(translated, text)
    pieces: list[str] = []
    norm_starts = [0]
    shifts = [0]
    last = 0
    removed = 0
    norm_len = 0
    for m in _DELETED_RE.finditer(translated):
        pieces.append(translated[last : m.start()])
        norm_len += m.start() - last
        removed += m.end() - m.start()
        norm_starts.append(norm_len)
        shifts.append(removed)
        last = m.end()
    pieces.append(translated[last:])
    return NormalizedText("".join(pieces), text, tuple(norm_starts), tuple(shifts))
