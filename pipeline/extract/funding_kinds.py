"""What an amount is (its funding kind) and whether it applies to each of N, from the cues around it.

The cues are the Italian words of `lang/it/funding_cues.json`. A bound right before the amount ('fino a',
'di cui', 'ISEE inferiore a') decides first; otherwise the nearest cue before the amount in its sentence,
else the first after it; a sentence without a cue reads the lead of its list, or the sentence before it
when it continues that one ('Essi sono di ...', 'Il secondo (...)'). A sale, a ransom or a bounty in the
sentence, money asked for, and a bound on a price are `other`: nobody funds them.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from decimal import Decimal
from typing import Protocol

from pipeline.extract.funding_roles import CUES, compile_cues
from pipeline.extract.funding_text import list_lead, sentence_bounds
from pipeline.extract.numbers import NUMBER_WORDS

UNCUED = "uncued"
# characters before the amount in which a bound or a 'di cui' must sit to decide the kind
TIGHT_WINDOW = 16
KIND_WINDOW_BEFORE = 110
KIND_WINDOW_AFTER = 60
# characters before a sentence without a cue in which a list's lead sentence is looked for
LEAD_WINDOW = 400
# characters before the amount in which 'a ciascuna' may sit
EACH_WINDOW = 70
# characters before a request word in which a modal or a noun makes it no request ('possono richiedere')
REQUEST_BLOCK_WINDOW = 16

_KIND_RES: dict[str, re.Pattern[str]] = {k: compile_cues(v) for k, v in CUES["kinds"].items()}
_KIND_RES["request"] = compile_cues(CUES["request"])
_WEAK_RE = compile_cues(CUES["weak_allocation"])
_EACH_RE = compile_cues(CUES["each"])
_DOMINANT_OTHER_RE = compile_cues(CUES["dominant_other"])
_REQUEST_BLOCKER_RE = compile_cues(CUES["request_blockers"])
_FUNDER_NOUN_RE = compile_cues(CUES["funder_nouns"])
_MONEY_WORD_RE = compile_cues([*CUES["funder_nouns"], *CUES["money_words"]])
_UNIT_PRICE_RE = compile_cues(CUES["unit_price"])
_DECLARED_RE = compile_cues(CUES["declared"])
_ELIGIBILITY_RE = compile_cues(CUES["eligibility"])
_CAP_NOUN_RE = compile_cues(CUES["cap_nouns"])
_THRESHOLD_NOUN_RE = compile_cues(CUES["threshold_nouns"])
_TOTAL_RE = compile_cues([*CUES["total"], "per un totale di", "per complessivi", "un totale di"])
# characters before an amount in which a total cue makes it a sum of its sentence
TOTAL_WINDOW = 30
# at most this many words before an amount that opens its sentence ('Dal Comune di Modena € 200.000')
OPENING_WORDS = 5
_VALUE_WORD_RE = compile_cues(CUES["value_words"])
# characters after the amount in which a unit ('alla tonnellata', 'per abitante') makes it a price
UNIT_WINDOW_AFTER = 30
_ANAPHORIC_OPENER_RE = re.compile(r"[\s\"«“(*_]*" + compile_cues(CUES["anaphoric_openers"]).pattern, re.I)
_ORDINAL_OPENER_RE = re.compile(r"[\s\"«“(*_]*" + compile_cues(CUES["ordinal_openers"]).pattern, re.I)
_TIGHT_KINDS = ("part_of", "threshold", "cap")
_BROAD_KINDS = ("cost", "other", "investment", "transfer", "allocation", "grant")
_CAP_QUALIFIERS = frozenset({"fino a", "fino ad", "massimo", "max", "al massimo", "non oltre"})
_COUNT_WORDS = {w: int(v) for w, v in NUMBER_WORDS.items() if v == v.to_integral_value() and 1 < v <= 1000}
_COUNT_RE = re.compile(
    r"(?<![\w.,])(?P<n>\d{1,4}|"
    + "|".join(sorted(_COUNT_WORDS, key=len, reverse=True))
    + r")\s+(?P<noun>[^\W\d_]{3,})",
    re.IGNORECASE,
)
_N = r"(?P<n>\d{1,3}(?:\.\d{3})+|\d{1,4}|[a-zà-ù]+)"
_EACH_OF_N_RE = re.compile(r"ciascun[oa]?\s+(?:de(?:i|gli|lle)|tra\s+(?:i|gli|le))\s+" + _N, re.IGNORECASE)
# 'each' then whom, with their number: '3.000 euro ciascuno ai 47 esercizi', 'ciascuna le venti idee'
_EACH_THEN_N_RE = re.compile(
    r"(?:ciascun[oa]?|ognun[oa]|cadauno)\s+(?:(?:a|ad|ai|agli|alle|le|i|gli)\s+)+" + _N + r"\s+[^\W\d_]{3,}",
    re.IGNORECASE,
)


class MoneyMention(Protocol):
    """An amount as the money finder or the Amount record gives it."""

    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...
    @property
    def value(self) -> Decimal: ...
    @property
    def currency(self) -> str: ...
    @property
    def qualifier(self) -> str | None: ...


def _cue_before(
    text: str, lo: int, start: int, kinds: Sequence[str], reach: int = KIND_WINDOW_BEFORE
) -> str | None:
    """The kind of the cue ending last in text[max(lo, start - reach):start]."""
    best: tuple[int, str] | None = None
    for kind in kinds:
        for m in _KIND_RES[kind].finditer(text, max(lo, start - reach), start):
            if best is None or m.end() > best[0]:
                best = (m.end(), kind)
    return best[1] if best is not None else None


def _cue_after(
    text: str, end: int, hi: int, kinds: Sequence[str], reach: int = KIND_WINDOW_AFTER
) -> str | None:
    first: tuple[int, str] | None = None
    for kind in kinds:
        hit = _KIND_RES[kind].search(text, end, min(hi, end + reach))
        if hit is not None and (first is None or hit.start() < first[0]):
            first = (hit.start(), kind)
    return first[1] if first is not None else None


def _requested(text: str, lo: int, start: int) -> bool:
    """Money asked for ('chiederà al Congresso 245 miliardi', 'chiedere un aumento dei finanziamenti fino
    a ...'): a request word before the amount, no cue between them but a funding noun (its object), and no
    modal or funding noun right before it ('possono richiedere', 'l'importo richiesto': a call's wording)."""
    asks = list(_KIND_RES["request"].finditer(text, max(lo, start - KIND_WINDOW_BEFORE), start))
    if not asks:
        return False
    last = asks[-1]
    for kind in _BROAD_KINDS:
        for m in _KIND_RES[kind].finditer(text, last.end(), start):
            if not _FUNDER_NOUN_RE.fullmatch(m.group(0)):
                return False
    return (
        _REQUEST_BLOCKER_RE.search(text, max(lo, last.start() - REQUEST_BLOCK_WINDOW), last.start()) is None
    )


def _tight(text: str, a: MoneyMention, lo: int) -> str | None:
    """A bound or a 'di cui' right before the amount, with no number between."""
    tight = text[max(lo, a.start - TIGHT_WINDOW) : a.start]
    for tight_kind in _TIGHT_KINDS:
        for m in _KIND_RES[tight_kind].finditer(tight):
            gap = tight[m.end() :]
            if not re.search(r"\d", gap) and not gap.strip(" :,'\u2019\n").split()[2:]:
                return tight_kind
    if (a.qualifier or "").lower() in _CAP_QUALIFIERS:
        return "cap"
    return None


def previous_start(text: str, lo: int, floor: int) -> int:
    """Where the sentence before the one starting at lo starts, no earlier than floor."""
    return max(floor, sentence_bounds(text, max(floor, lo - 2), max(floor, lo - 1))[0])


def _before_sentence(text: str, lo: int, floor: int) -> str | None:
    """The cue right before a sentence without one; past the earlier items of an enumeration the sentence
    continues ('Il primo asse (...) riguarda ...', 'Il secondo (...) riguarda ...')."""
    kind = _cue_before(text, max(floor, lo - LEAD_WINDOW), lo, _BROAD_KINDS)
    at = lo
    while kind is None and at > floor and _ORDINAL_OPENER_RE.match(text, at):
        prev = previous_start(text, at, floor)
        if prev >= at or not _ORDINAL_OPENER_RE.match(text, prev):
            break
        at = prev
        kind = _cue_before(text, max(floor, at - LEAD_WINDOW), at, _BROAD_KINDS)
    return kind


def classify(text: str, a: MoneyMention, lo: int, hi: int, floor: int = 0) -> str:
    """The kind of an amount from the cues of its sentence text[lo:hi] (or the lead of its list);
    UNCUED when no cue says; floor is where the text proper starts."""
    if _DOMINANT_OTHER_RE.search(text, lo, hi) or _requested(text, lo, a.start):
        return "other"
    before = _cue_before(text, lo, a.start, _BROAD_KINDS)
    tight = _tight(text, a, lo)
    if tight == "threshold" and _declared(text, a, lo, hi):
        return "other"
    if tight is not None:
        return "other" if tight == "cap" and before == "other" else tight
    if before is None and _ANAPHORIC_OPENER_RE.match(text, lo):
        before = _before_sentence(text, lo, floor)
    kind = before or _cue_after(text, a.end, hi, _BROAD_KINDS)
    if kind is None and _whole_sentence(text, a, lo):
        kind = _cue_before(text, lo, a.start, _BROAD_KINDS, a.start - lo) or _cue_after(
            text, a.end, hi, _BROAD_KINDS, hi - a.end
        )
    if kind is None and _WEAK_RE.search(text, max(lo, a.start - KIND_WINDOW_BEFORE), min(hi, a.end + 40)):
        kind = "allocation"
    if kind is None:
        lead = list_lead(text, lo, floor)
        if lead is not None:
            kind = _cue_before(text, lead[0], lead[1], _BROAD_KINDS, lead[1] - lead[0])
            if kind is None and _MONEY_WORD_RE.search(text, *lead) is not None:  # money_lead, cue known
                kind = _before_sentence(text, lead[0], floor)
    if kind in (None, "cost") and _per_unit(text, a, lo, hi):
        return "other"
    if kind == "cost" and _market_value(text, a, lo, hi):
        return "other"
    if kind is None and _CAP_NOUN_RE.search(text, lo, a.start):
        return "cap"
    if kind is None and _THRESHOLD_NOUN_RE.search(text, lo, a.start):
        return "threshold"
    if kind is None and _MONEY_WORD_RE.search(text, max(floor, lo - LEAD_WINDOW), lo) is not None:
        # 'concedere il divorzio' before: a grant verb whose object is no money lends no kind
        kind = _before_sentence(text, lo, floor)
    return kind or UNCUED


def money_lead(text: str, lead: tuple[int, int]) -> bool:
    """Whether a list's lead names money and no cue ('Questi gli importi:'): every item of the list then
    reads the sentence before the lead as the first item does."""
    if _cue_before(text, lead[0], lead[1], _BROAD_KINDS, lead[1] - lead[0]) is not None:
        return False
    return _MONEY_WORD_RE.search(text, lead[0], lead[1]) is not None


def _whole_sentence(text: str, a: MoneyMention, lo: int) -> bool:
    """True when the amount's kind may come from a cue anywhere in its sentence: a total ('per un totale
    di 550.000 euro') sums what the sentence funds; an amount opening its sentence ('Mezzo milione di euro
    per la ricerca: la Provincia finanzia ...') is what the rest of the sentence says."""
    total = _TOTAL_RE.search(text, max(lo, a.start - TOTAL_WINDOW), a.start) is not None
    return total or len(text[lo : a.start].split()) <= OPENING_WORDS


def _declared(text: str, a: MoneyMention, lo: int, hi: int) -> bool:
    """An income someone declares ('dichiarano un reddito inferiore a 6.000 euro'): a statistic, not a
    condition, unless an eligibility word says it is one ('possono accedere', 'requisito')."""
    said = _DECLARED_RE.search(text, max(lo, a.start - KIND_WINDOW_BEFORE), a.start) is not None
    return said and _ELIGIBILITY_RE.search(text, lo, hi) is None


def _market_value(text: str, a: MoneyMention, lo: int, hi: int) -> bool:
    """A value, not a cost: 'società quotate (pari ad un valore di 3.854 miliardi)' next to a market cue;
    every cost cue around the amount is a value word and the sentence carries an 'other' cue."""
    near = _KIND_RES["cost"].finditer(
        text, max(lo, a.start - KIND_WINDOW_BEFORE), min(hi, a.end + KIND_WINDOW_AFTER)
    )
    values = [_VALUE_WORD_RE.fullmatch(m.group(0)) is not None for m in near]
    return bool(values) and all(values) and _KIND_RES["other"].search(text, lo, hi) is not None


def _per_unit(text: str, a: MoneyMention, lo: int, hi: int) -> bool:
    """A price per unit, per head or per share: '400 dollari alla tonnellata', '460 euro per abitante',
    'il valore di una singola azione ... 213 dollari'."""
    return (
        _UNIT_PRICE_RE.search(text, max(lo, a.start - KIND_WINDOW_BEFORE), min(hi, a.end + UNIT_WINDOW_AFTER))
        is not None
    )


def _count(word: str) -> int | None:
    if word.replace(".", "").isdigit():
        n = int(word.replace(".", ""))
        return n if 1 < n <= 10000 else None
    return _COUNT_WORDS.get(word.lower())


def each_of(text: str, a: MoneyMention, lo: int, hi: int) -> tuple[int | None, bool]:
    """(N, said) when the amount applies to each of N: 'per ciascuno dei quattro poli', '500 mila euro
    ciascuno' to 'tre progetti'; N is None when the text says 'each' without how many."""
    near = list(_EACH_RE.finditer(text, max(lo, a.start - EACH_WINDOW), min(hi, a.end + 30)))
    if not near:
        return None, False
    for m in near:
        of = _EACH_OF_N_RE.search(text, m.start(), min(hi, m.end() + 30))
        if of is not None and _count(of.group("n")):
            return _count(of.group("n")), True
    counts = [c for c in _COUNT_RE.finditer(text, lo, a.start) if _count(c.group("n"))]
    counts = [
        c for c in counts if not re.match(r"(?i)euro|mila|milion|miliard|anni|mesi|giorni", c.group("noun"))
    ]
    if counts:
        return _count(counts[-1].group("n")), True
    for m in near:
        then = _EACH_THEN_N_RE.match(text, m.start(), hi)
        if then is not None and _count(then.group("n")):
            return _count(then.group("n")), True
    return None, True
