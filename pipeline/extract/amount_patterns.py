"""The patterns of the amount finder, built once from the Italian words of `lang/it`.

`AMOUNT_RE` reads one amount at a place where one may start (`START_WORDS`, `START_SYMBOLS`, a digit):
a range lead, a currency written first, the number with its scale word, a compound or range, and the
currency written after. The other patterns read the words around an amount: money cues, qualifiers,
roles, the leads of a part ('di cui') and the words that make a number a count.
"""

from __future__ import annotations

import re
from typing import Any, Literal, cast

from pipeline.extract.numbers import (
    CASE_SENSITIVE_SCALES,
    NUMBER_PATTERN,
    NUMBER_WORDS,
    SCALE_POWERS,
    SINGULAR_SCALES,
    number_word_pattern,
    number_word_prefixes,
    trie_pattern,
)
from pipeline.lang import load_json

AmountRole = Literal["cost", "contribution", "allocation", "share", "investment", "revenue"]

_CURRENCIES: dict[str, Any] = load_json("currencies.json")
_CUES: dict[str, Any] = load_json("amount_cues.json")
BEFORE_CURRENCIES: dict[str, str] = _CURRENCIES["before"]
AFTER_CURRENCIES: dict[str, str] = _CURRENCIES["after"]
SCALED_SYMBOLS: dict[str, int] = _CURRENCIES["scaled_symbols"]
FOLLOW_OK: frozenset[str] = frozenset(_CUES["follow_ok"])
ROLE_CUES: dict[str, list[str]] = _CUES["roles"]
RELATIVE_PRONOUN: str = _CUES["relative_pronoun"]

# whitespace inside an expression: spaces and at most one line break (a blank line ends it)
S = r"[ ]*(?:\n[ ]*)?"
S1 = r"(?:[ ]+(?:\n[ ]*)?|\n[ ]*)"
NOT_LETTER_AFTER = r"(?![^\W\d_])"
NOT_LETTER_BEFORE = r"(?<![^\W\d_])"


def _words(words: list[str], space: str = "[ ]") -> str:
    """The alternation of `words` in their order, a space inside a word matching `space`."""
    return "|".join(re.escape(w).replace(r"\ ", space) for w in words)


def alternation(words: list[str] | set[str] | frozenset[str]) -> str:
    """A regex matching any of `words`, spaces matching any run of whitespace."""
    return trie_pattern(words).replace(r"\ ", S1)


def _currency_alternation(words: dict[str, str], doubled: dict[str, str] | None = None) -> str:
    """The currency markers of `words`; with `doubled`, a word may be followed by the symbol of the same
    currency, both one marker ('5 milioni di euro €')."""
    # symbols need no word boundary ('€2'), words do ('euro' is not in 'europei')
    parts = []
    for w in sorted(words, key=len, reverse=True):
        esc = re.escape(w).replace(r"\ ", S1)
        esc = esc + NOT_LETTER_AFTER if w[-1].isalpha() or w[-1] == "." else esc
        symbols = [s for s, code in (doubled or {}).items() if code == words[w] and not s[0].isalnum()]
        if w[0].isalpha() and symbols:
            esc += "(?:[ ]*(?:" + "|".join(re.escape(s) for s in symbols) + "))?"
        parts.append(esc)
    return "(?:" + "|".join(parts) + ")"


_RANGE_FROM: list[str] = _CUES["range_from"]
_FROM_ARTICLES: list[str] = _CUES["range_from_articles"]
_AND: str = re.escape(_CUES["and"])
_SCALE_OF = _words(_CUES["scale_of"])

_SCALE_WORDS_CI = {w for w in SCALE_POWERS if w not in CASE_SENSITIVE_SCALES}
_SCALE = (
    "(?:(?i:"
    + alternation(_SCALE_WORDS_CI)
    + ")|"
    + alternation(CASE_SENSITIVE_SCALES)
    + ")"
    + NOT_LETTER_AFTER
    # an abbreviation's dot belongs to the amount only when a currency follows ('2 mln. di euro')
    + rf"(?:\.(?=[ ]+(?i:{_SCALE_OF})[ ]|[ ]*[€$£]))?"
)
# '€. 1.500,00' in administrative texts
_PRE_CUR = NOT_LETTER_BEFORE + _currency_alternation(BEFORE_CURRENCIES) + r"(?:(?<=€)\.)?"
_POST_CUR = _currency_alternation(
    {**AFTER_CURRENCIES, **dict.fromkeys(SCALED_SYMBOLS, "")}, doubled=AFTER_CURRENCIES
)
# a number in letters ('due', 'duecentocinquanta', 'mille'), money only before a scale word or a currency
_WORD_NUM = r"(?i:" + number_word_pattern() + r")"
_NUM = NUMBER_PATTERN

_FROM = (
    rf"(?:(?P<from>(?i:\b(?:{_words(_RANGE_FROM)})))(?:{S1}|(?<='))"
    rf"(?:(?i:{_words(_FROM_ARTICLES)}){S})?)?"
)
# a sign written before the number ('un disavanzo di -80.3 milioni'), not a dash between two numbers
_SIGN = r"(?:(?<![\w.,)/-])(?P<sign>[-+])(?=[0-9]))?"
_HALF = re.escape(_CUES["half"])
_RANGE_TO = (
    rf"(?i:{_words(_CUES['range_to'])}|{_AND}(?:[ ]+(?:{_words(_CUES['and_articles'])}))?"
    rf"|{_words(_CUES['up_to'], S1)})"
)
_CURRENCY_OF = rf"(?i:{_words(_CUES['currency_of'])})"
_CURRENCY_AFTER = rf"{S1}(?:{_CURRENCY_OF}{S})?{_POST_CUR}"
# a singular scale word standing for one of it after an article: 'eccede il milione di euro'
_ONE_SCALE = (
    "(?:"
    + "|".join(rf"(?<=\b{re.escape(a)}[ ])" for a in _CUES["scale_articles"])
    + rf")(?i:{_words(SINGULAR_SCALES)}){NOT_LETTER_AFTER}(?={_CURRENCY_AFTER})"
)
_FIRST = (
    rf"{_SIGN}(?P<n1>{_NUM}|{_WORD_NUM}(?={S1}{_SCALE}|{_CURRENCY_AFTER}"
    rf"|(?(from){S1}{_RANGE_TO}{S1}|(?!)))|{_ONE_SCALE})"
    rf"(?:{S}(?P<sc1>{_SCALE}))?"
)
# the amount in words may sit between the number and its currency ('10.000,00 (diecimila/00) euro')
_IN_WORDS = r"(?:[ ]*\([^()\n]{1,60}\))?"
_POST = rf"(?:{_IN_WORDS}(?:{S}{_CURRENCY_OF}{S}|{S})(?P<post>{_POST_CUR}))?"
# the second part of a compound: '1 milione (e) 500 mila', or with 'e' and no scale: '11 mila e 500 euro'
_SECOND = (
    rf"{S1}(?:(?P<and1>{_AND}){S1})?(?P<n1b>{_NUM})"
    rf"(?:{S}(?P<sc1b>{_SCALE})|(?(and1)(?={S}(?:{_CURRENCY_OF}{S})?{_POST_CUR})|(?!)))"
)
AMOUNT_RE = re.compile(
    rf"""
    {_FROM}
    (?:(?P<pre>{_PRE_CUR}){S})?
    (?:
        {_FIRST}
        (?(sc1)(?:{_SECOND}|{S1}{_AND}{S1}(?P<half>(?i:{_HALF})){NOT_LETTER_AFTER})?|)
    )
    (?:
        (?(from)(?:[ ]*-[ ]*|{S1}{_RANGE_TO}{S1})|[ ]*-[ ]*)
        (?:(?P<pre2>{_PRE_CUR}){S})?
        (?P<n2>{_NUM}|{_WORD_NUM}(?={S1}{_SCALE}|{S1}(?:{_CURRENCY_OF}{S})?{_POST_CUR}))(?:{S}(?P<sc2>{_SCALE}))?
        (?(sc2)(?:{S1}(?:{_AND}{S1})?(?P<n2b>{_NUM}){S}(?P<sc2b>{_SCALE}))?|)
    )?
    {_POST}
    """,
    re.VERBOSE,
)
# the same amount without compound or range, for when those parts do not add up ('1 milione e 2 milioni')
SIMPLE_AMOUNT_RE = re.compile(
    rf"""
    {_FROM}
    (?:(?P<pre>{_PRE_CUR}){S})?
    {_FIRST}
    {_POST}
    (?:(?!)(?P<and1>)(?P<n1b>)(?P<sc1b>)(?P<half>)(?P<pre2>)(?P<n2>)(?P<sc2>)(?P<n2b>)(?P<sc2b>))?
    """,
    re.VERBOSE,
)


def _first_token(phrase: str) -> str:
    m = re.match(r"[0-9]+|[^\W\d_]+|[^\w\s]", phrase)
    return m.group().lower() if m is not None else ""


# where an amount can start, besides a digit: a range word, a currency written first, a number word
START_WORDS = frozenset(
    {_first_token(w) for w in _RANGE_FROM}
    | {_first_token(c) for c in BEFORE_CURRENCIES}
    | set(NUMBER_WORDS)
    | set(SINGULAR_SCALES)
)
# and a number in letters of several parts ('duecentocinquanta'), by the piece it begins with
START_PREFIXES = number_word_prefixes()
START_SYMBOLS = "".join(sorted({c[0] for c in BEFORE_CURRENCIES if not c[0].isalnum()} | {"-", "+"}))

MONEY_CUE_RE = re.compile(
    r"(?i)(?<![^\W\d_])(?:"
    + trie_pattern(_CUES["money_cue_stems"])
    + r"[^\W\d_]*|"
    + alternation(_CUES["money_cue_words"])
    + r")(?![^\W\d_])"
)
SHARE_LEAD_RE = re.compile(
    r"(?i)(?<![^\W\d_])(?:"
    + _words(_CUES["share_leads"], " ")
    + ")"
    + S
    + r"(?:(?:"
    + _words(_CUES["share_lead_bounds"], " ")
    + ")"
    + S1
    + r")?$"
)
MONEY_FOLLOWER_RE = re.compile(r"(?i)" + S1 + alternation(_CUES["money_followers"]) + NOT_LETTER_AFTER)
LINKED_CUE_RE = re.compile(
    r"(?i)(?<![^\W\d_])"
    + alternation(_CUES["linked_cues"])
    + r"(?:[ ]+"
    + alternation(_CUES["linked_modifiers"])
    + rf")?[ ]*(?:{_words(_CUES['link_words'])})?[ ]*"
    + rf"(?:(?:{_words(_CUES['link_bounds'])})[ ]+)?$"
)
# between an amount and the 'di cui' that splits it: a comma, a bracket ('(IVA inclusa)'), nothing else
SHARE_GAP_RE = re.compile(r"[ ]*(?:\([^()\n]{0,40}\))?[ ]*[,;:]?" + S)
FOLLOW_RE = re.compile(
    r" *(?:\n *)?(?P<word>" + _words(_CUES["follow_shares"], " ") + r"|[^\W\d_]+(?:'[^\W\d_]*)?)"
)
DI_NOUN_RE = re.compile(r"(?i) *(?:\n *)?(?:" + _SCALE_OF + ")" + S + r"(?P<noun>[^\W\d_]+)")
QUALIFIER_RE = re.compile(
    r"(?i)(?<![^\W\d_])(?P<q>"
    + alternation(set(_CUES["qualifiers"]))
    + r")(?: +(?:"
    + _words(_CUES["qualifier_articles"])
    + r")| *"
    + re.escape(_CUES["elided_article"])
    + ")?"
    + S
    + "$"
)
QUALIFIER_AFTER_RE = re.compile(
    r"(?i)[ ]+(?P<q>" + alternation(set(_CUES["qualifiers_after"])) + r")(?![^\W\d_])"
)
ROLE_PATTERNS: list[tuple[AmountRole, re.Pattern[str]]] = [
    (cast(AmountRole, role), re.compile(r"(?i)(?<![^\W\d_])" + alternation(set(words)) + NOT_LETTER_AFTER))
    for role, words in ROLE_CUES.items()
]
_LEAD_WORDS = [w for w in _RANGE_FROM if not w.endswith("'")]
_ELIDED_LEADS = [w for w in _RANGE_FROM if w.endswith("'")]
_LEAD_ARTICLES = [a for a in _FROM_ARTICLES if not a.endswith("'")]
# the range word before an amount ('da 50.000'), which belongs to the amount's qualifier window
RANGE_LEAD_RE = re.compile(
    rf"(?i)(?<![^\W\d_])(?:{_words(_LEAD_WORDS)})(?: +(?:{_words(_LEAD_ARTICLES)}))? *$"
    + (rf"|(?i:{_words(_ELIDED_LEADS)}) *$" if _ELIDED_LEADS else "")
)

_ELLIPSIS: dict[str, list[str]] = _CUES["ellipsis"]
_ELLIPSIS_ARTICLES = _words(_ELLIPSIS["articles"])
# between an amount and a bare number that shares its currency: a comparison ('contro i') ...
COMPARE_GAP_RE = re.compile(
    rf"(?i)[^\d.;:!?]{{0,30}}(?<![^\W\d_])(?:{_words(_ELLIPSIS['compare_leads'])})"
    rf"(?:[ ]+(?:{_ELLIPSIS_ARTICLES}))?[ ]+"
)
COMPARE_FOLLOWERS: frozenset[str] = frozenset(_ELLIPSIS["compare_followers"])
_LIST_MARKS = [w for w in _ELLIPSIS["list_joins"] if not w[0].isalpha()]
_LIST_WORDS = [w for w in _ELLIPSIS["list_joins"] if w[0].isalpha()]
# ... or the rest of a phrase and the next item of a list ('di Milano, i')
LIST_GAP_RE = re.compile(
    rf"(?i)[ ]+(?P<prep>{_words(_ELLIPSIS['list_prepositions'])})[ ]+[^\W\d_][^\d.;:!?,()]{{0,30}}?"
    rf"[ ]*(?:{_words(_LIST_MARKS)}|(?<![^\W\d_])(?:{_words(_LIST_WORDS)}))[ ]+"
    rf"(?:(?:{_ELLIPSIS_ARTICLES})[ ]+)?"
)
