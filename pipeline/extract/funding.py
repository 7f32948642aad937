"""Funding facts: for every money amount, what it is (kind), who pays, who gets it, and whether it counts.

The finder reads the sentence around each amount (and, for a list item, the lead before it) with the
Italian cue words of `patterns/funding_cues.json`. Document-level rules then mark the parts of a stated
total ('di cui', items that add up to an amount, N shares of it) and the repeats of one commitment, so
that summing the facts with `counts_in_total` counts each commitment once.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
from typing import Literal, Protocol, cast

from pipeline.extract.funding_recipients import find_recipients, project_owner
from pipeline.extract.funding_roles import (
    CUES,
    Named,
    bare_heads,
    compile_cues,
    find_funder,
    find_programme,
    find_purpose,
    fold,
)
from pipeline.extract.funding_text import body_start, list_lead, sentence_bounds
from pipeline.extract.numbers import NUMBER_WORDS

FundingKind = Literal[
    "allocation", "grant", "transfer", "investment", "cost", "cap", "threshold", "part_of", "other"
]
DateBasis = Literal["stated", "publication"]
UNCUED = "uncued"
COUNTING_KINDS = frozenset({"allocation", "grant", "transfer", "investment"})
# characters before the amount in which a bound or a 'di cui' must sit to decide the kind
TIGHT_WINDOW = 16
KIND_WINDOW_BEFORE = 110
KIND_WINDOW_AFTER = 60
# characters before a sentence without a cue in which a list's lead sentence is looked for
LEAD_WINDOW = 400
MAX_PART_COMBINATION = 3
# characters before the amount in which 'a ciascuna' may sit
EACH_WINDOW = 70
MAX_AMOUNTS_FOR_TRIPLES = 30

_KIND_RES: dict[str, re.Pattern[str]] = {k: compile_cues(v) for k, v in CUES["kinds"].items()}
_WEAK_RE = compile_cues(CUES["weak_allocation"])
_RATE_RE = compile_cues(CUES["rate"])
_LEAD_COLON_RE = re.compile(r":\s*(?:<br\s*/?>|\n)\s*\S{0,3}\s*$")
_EACH_RE = compile_cues(CUES["each"])
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
_EACH_OF_N_RE = re.compile(
    r"ciascun[oa]?\s+(?:de(?:i|gli|lle)|tra\s+(?:i|gli|le))\s+(?P<n>\d{1,4}|[a-zà-ù]+)", re.IGNORECASE
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


class DateMention(Protocol):
    @property
    def start(self) -> int: ...
    @property
    def value(self) -> str | None: ...
    @property
    def context_value(self) -> str | None: ...
    @property
    def relative(self) -> bool: ...


@dataclass(frozen=True)
class FundingMatch:
    """One money amount read as a funding fact; offsets into the document text."""

    start: int
    end: int
    value: Decimal
    currency: str
    kind: FundingKind
    funder: str | None = None
    funder_id: str | None = None
    recipients: tuple[str, ...] = ()
    programme: str | None = None
    purpose: str | None = None
    date: str | None = None
    date_basis: DateBasis | None = None
    each_count: int | None = None
    each_unknown: bool = False  # 'ciascuno' without how many
    rate: bool = False  # paid per unit or per beneficiary
    uncued: bool = False  # no cue word: 'other' by default
    part_of_start: int | None = None
    repeat_of_start: int | None = None
    counts_in_total: bool = False
    sentence_start: int = 0
    sentence_end: int = 0

    @property
    def counted_value(self) -> Decimal:
        return self.value * (self.each_count or 1)


def _nearest_cue(text: str, lo: int, start: int, end: int, hi: int, kinds: Sequence[str]) -> str | None:
    best: tuple[int, str] | None = None
    for kind in kinds:
        for m in _KIND_RES[kind].finditer(text, max(lo, start - KIND_WINDOW_BEFORE), start):
            if best is None or m.end() > best[0]:
                best = (m.end(), kind)
    if best is not None:
        return best[1]
    first: tuple[int, str] | None = None
    for kind in kinds:
        hit = _KIND_RES[kind].search(text, end, min(hi, end + KIND_WINDOW_AFTER))
        if hit is not None and (first is None or hit.start() < first[0]):
            first = (hit.start(), kind)
    return first[1] if first is not None else None


def _as_kind(name: str) -> FundingKind:
    return cast(FundingKind, name)


def classify(text: str, a: MoneyMention, lo: int, hi: int, floor: int = 0) -> str:
    """The kind of an amount from the cues of its sentence text[lo:hi] (or the lead of its list);
    UNCUED when no cue says; floor is where the text proper starts."""
    tight = text[max(lo, a.start - TIGHT_WINDOW) : a.start]
    for tight_kind in _TIGHT_KINDS:
        for m in _KIND_RES[tight_kind].finditer(tight):
            gap = tight[m.end() :]
            if not re.search(r"\d", gap) and not gap.strip(" :,'\u2019\n").split()[2:]:
                return tight_kind
    if (a.qualifier or "").lower() in _CAP_QUALIFIERS:
        return "cap"
    kind: str | None = _nearest_cue(text, lo, a.start, a.end, hi, _BROAD_KINDS)
    if kind is None and _WEAK_RE.search(text, max(lo, a.start - KIND_WINDOW_BEFORE), min(hi, a.end + 40)):
        kind = "allocation"
    if kind is None:
        lead_lo = max(floor, lo - LEAD_WINDOW)
        kind = _nearest_cue(text, lead_lo, lo, lo, lo, _BROAD_KINDS)
    return kind or UNCUED


def _count(word: str) -> int | None:
    if word.isdigit():
        n = int(word)
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
    return None, True


def _stated_date(dates: Sequence[DateMention], lo: int, hi: int) -> str | None:
    for d in dates:
        value = d.context_value or d.value
        if lo <= d.start < hi and not d.relative and value and not value.startswith("XXXX"):
            return value
    return None


def find_funding(
    text: str,
    amounts: Sequence[MoneyMention],
    entities: Sequence[Named],
    dates: Sequence[DateMention] = (),
    publication_date: date | None = None,
) -> list[FundingMatch]:
    """One funding fact per amount, in the order of `amounts`.

    Args:
        text: the document text all offsets refer to.
        amounts: the money amounts of the text.
        entities: its entity mentions, with canonical names.
        dates: its date mentions (a date in the amount's sentence is the fact's date).
        publication_date: the fallback date.
    """
    named = sorted([*entities, *bare_heads(text, entities)], key=lambda e: e.start)
    body = body_start(text)
    facts = [_fact(text, a, named, dates, publication_date, body) for a in amounts]
    facts = _mark_parts(text, facts)
    return _mark_counted(text, facts)


def _fact(
    text: str,
    a: MoneyMention,
    named: Sequence[Named],
    dates: Sequence[DateMention],
    publication_date: date | None,
    body: int,
) -> FundingMatch:
    """The funding fact of one amount, read from its sentence (and the sentence or list lead before it)."""
    lo, hi = sentence_bounds(text, a.start, a.end)
    floor = body if a.start >= body else 0
    lo = max(lo, floor)
    cued = classify(text, a, lo, hi, floor)
    kind = _as_kind("other" if cued == UNCUED else cued)
    each, said_each = each_of(text, a, lo, hi)
    prev_lo = max(floor, sentence_bounds(text, max(0, lo - 2), max(0, lo - 1))[0]) if lo > floor else lo
    funder, recipients = _parties(text, a, (lo, hi), prev_lo, floor, named, kind)
    if cued == "other":  # a price, fine or market figure: nobody funds it, nobody is funded
        funder, recipients = None, []
    stated = _stated_date(dates, lo, hi)
    return FundingMatch(
        start=a.start,
        end=a.end,
        value=a.value,
        currency=a.currency,
        kind=kind,
        funder=funder.name if funder else None,
        funder_id=funder.id if funder else None,
        recipients=tuple(recipients),
        programme=find_programme((lo, hi), a.start, named) or find_programme((prev_lo, lo), lo, named),
        purpose=find_purpose(text, a.end, hi),
        date=stated or (publication_date.isoformat() if publication_date else None),
        date_basis="stated" if stated else ("publication" if publication_date else None),
        each_count=each,
        each_unknown=said_each and each is None,
        rate=_is_rate(text, a, lo, hi, floor, kind),
        uncued=cued == UNCUED,
        sentence_start=lo,
        sentence_end=hi,
    )


def _parties(
    text: str,
    a: MoneyMention,
    sentence: tuple[int, int],
    prev_lo: int,
    floor: int,
    named: Sequence[Named],
    kind: FundingKind,
) -> tuple[Named | None, list[str]]:
    """Who pays and who gets the amount: from its sentence, the lead of its list, the sentence before."""
    lo, hi = sentence
    recipients = find_recipients(text, (lo, hi), (a.start, a.end), named, floor)
    lead = list_lead(text, lo, floor) if not recipients else None
    if lead is not None:
        recipients = find_recipients(text, lead, (lead[1], lead[1]), named, floor)
    funder = find_funder(text, (lo, hi), a.start, named, set(recipients))
    if funder is None and kind in COUNTING_KINDS:
        funder = find_funder(text, (prev_lo, lo), lo, named, set(recipients))
    if funder is not None:
        recipients = [r for r in recipients if fold(r) != fold(funder.name)]
    if not recipients:
        recipients = [
            r for r in project_owner(text, (lo, hi), named, floor) if not funder or r != funder.name
        ]
    return funder, recipients


def _is_rate(text: str, a: MoneyMention, lo: int, hi: int, floor: int, kind: FundingKind) -> bool:
    """True for an amount paid per unit or per beneficiary, said in its sentence or in its list's lead."""
    rate = _RATE_RE.search(text, max(lo, a.start - KIND_WINDOW_BEFORE), min(hi, a.end + 40)) is not None
    if not rate and kind in COUNTING_KINDS:
        lead_text = text[max(floor, lo - LEAD_WINDOW) : lo]
        lead = lead_text.rstrip().endswith(":") or _LEAD_COLON_RE.search(lead_text) is not None
        rate = lead and _RATE_RE.search(lead_text) is not None
    return rate


def _mark_parts(text: str, facts: list[FundingMatch]) -> list[FundingMatch]:
    """'di cui' parts, items adding up to a stated amount, and N equal shares of one."""
    out = list(facts)
    for i, f in enumerate(out):
        if f.kind == "part_of" and f.part_of_start is None:
            larger = [g for g in out[:i] if g.currency == f.currency and g.value > f.value]
            if larger:
                out[i] = replace(f, part_of_start=larger[-1].start)
    usable = [i for i, f in enumerate(out) if f.kind not in ("cap", "threshold")]
    for i in sorted(usable, key=lambda k: out[k].value, reverse=True):
        whole = out[i]
        if whole.part_of_start is not None:
            continue
        for j in usable:
            g = out[j]
            if (
                j != i
                and g.each_count
                and g.currency == whole.currency
                and g.value * g.each_count == whole.value
            ):
                out[j] = replace(g, kind="part_of", part_of_start=whole.start)
        pool = [
            j
            for j in usable
            if j != i
            and out[j].currency == whole.currency
            and out[j].value < whole.value
            and out[j].part_of_start is None
        ]
        sizes = range(2, MAX_PART_COMBINATION + 1) if len(pool) <= MAX_AMOUNTS_FOR_TRIPLES else range(2, 3)
        for size in sizes:
            combo = next(
                (
                    c
                    for c in itertools.combinations(pool, size)
                    if sum(out[k].value for k in c) == whole.value
                ),
                None,
            )
            if combo is not None:
                for k in combo:
                    out[k] = replace(out[k], kind="part_of", part_of_start=whole.start)
                break
    return out


def _title_end(text: str) -> int:
    """End of the first line: a title restating the body should not be the mention that counts."""
    stripped = text.lstrip()
    nl = stripped.find("\n")
    return len(text) - len(stripped) + (nl if nl >= 0 else 0)


def _mark_counted(text: str, facts: list[FundingMatch]) -> list[FundingMatch]:
    out = [
        replace(
            f,
            counts_in_total=f.kind in COUNTING_KINDS
            and not f.each_unknown
            and not (f.rate and not f.each_count),
        )
        for f in facts
    ]
    title_end = _title_end(text)
    groups: dict[tuple[str, Decimal], list[int]] = {}
    for i, f in enumerate(out):
        if f.counts_in_total:
            groups.setdefault((f.currency, f.counted_value), []).append(i)
    for members in groups.values():
        while len(members) > 1:
            best = max(
                members,
                key=lambda k: (
                    (out[k].funder is not None) + bool(out[k].recipients),
                    out[k].start >= title_end,
                    -out[k].start,
                ),
            )
            same = [k for k in members if k == best or _compatible(out[k], out[best])]
            for k in same:
                if k != best:
                    out[k] = replace(out[k], counts_in_total=False, repeat_of_start=out[best].start)
            members = [k for k in members if k not in same]
    # an amount without a cue that restates a counted one (a headline) is a repeat of it
    counted = {(f.currency, f.value): f for f in out if f.counts_in_total}
    for i, f in enumerate(out):
        kept = counted.get((f.currency, f.value))
        if f.uncued and kept is not None:
            out[i] = replace(f, kind=kept.kind, funder=f.funder or kept.funder, repeat_of_start=kept.start)
    return out


def _compatible(a: FundingMatch, b: FundingMatch) -> bool:
    def agree(x: str | None, y: str | None) -> bool:
        return x is None or y is None or fold(x) == fold(y)

    return agree(a.funder, b.funder) and agree(a.programme, b.programme)
