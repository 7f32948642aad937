"""The parts of a stated amount: 'di cui' parts, items adding up to an amount, N equal shares of one,
amounts named inside a larger one ('in cui sono compresi'), and the shares of a total the sentence after
it hands out ('Le quote vanno dai 14 milioni destinati a X ai 96 milioni di Y').

Cues in `lang/it/funding_cues.json` ('inclusion', 'share_of_total'); pure, over the document text and the
facts of `pipeline/extract/funding.py`.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import replace

from pipeline.extract.funding_match import COUNTING_KINDS, FundingMatch
from pipeline.extract.funding_roles import CUES, compile_cues, cue_pattern

MAX_PART_COMBINATION = 3
MAX_AMOUNTS_FOR_TRIPLES = 30
# four items adding up to a whole are looked for only among this many amounts
MAX_AMOUNTS_FOR_FOURS = 12
_INCLUSION_RE = compile_cues(CUES["inclusion"])
# 'di cui all'articolo 3', 'di cui al decreto': the relative pronoun of a legal cross-reference
_CROSS_REF_RE = re.compile(r"\s*" + cue_pattern(CUES["inclusion_cross_reference"]), re.IGNORECASE)
_SHARE_OF_TOTAL_RE = compile_cues(CUES["share_of_total"])
_ADDITIONAL_RE = compile_cues(CUES["additional"])
# at most this many characters between the end of a sentence and the start of the next one
SENTENCE_GAP = 3


def mark_parts(text: str, facts: list[FundingMatch]) -> list[FundingMatch]:
    """'di cui' parts, items adding up to a stated amount, and N equal shares of one."""
    out = _shares_of_total(text, _included(text, facts))
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
        if len(pool) <= MAX_AMOUNTS_FOR_FOURS:
            sizes = range(2, MAX_PART_COMBINATION + 2)
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


def _included(text: str, facts: list[FundingMatch]) -> list[FundingMatch]:
    """The amounts after an inclusion cue that follows a larger amount of their sentence are parts of it:
    'è valutata 591 milioni, in cui sono compresi i debiti (250 milioni), 85 milioni di aumento di
    capitale'."""
    out = list(facts)
    for i, f in enumerate(out):
        if f.kind in ("cap", "threshold") or f.part_of_start is not None:
            continue
        cues = [
            c
            for c in _INCLUSION_RE.finditer(text, f.sentence_start, f.start)
            if not _CROSS_REF_RE.match(text, c.end())
        ]
        if not cues:
            continue
        larger = [
            g
            for g in facts
            if g.currency == f.currency
            and g.value > f.value
            and f.sentence_start <= g.start
            and g.end <= cues[-1].start()
        ]
        if larger:
            out[i] = replace(f, kind="part_of", part_of_start=larger[-1].start)
    return out


def _shares_of_total(text: str, facts: list[FundingMatch]) -> list[FundingMatch]:
    """The amounts of a sentence that hands out shares ('Le quote vanno dai 14 milioni destinati a X ai 96
    milioni di Y', 'Alle scuole della Lombardia spettano 318 milioni') are parts of a larger amount the
    sentence right before commits; not when they come on top of it ('altri 3 milioni vanno ...')."""
    out = list(facts)
    for i, f in enumerate(out):
        lo, hi = f.sentence_start, f.sentence_end
        if (
            f.kind not in COUNTING_KINDS
            or f.part_of_start is not None
            or not _SHARE_OF_TOTAL_RE.search(text, lo, hi)
        ):
            continue
        if _ADDITIONAL_RE.search(text, lo, hi) or "\n\n" in text[max(0, lo - SENTENCE_GAP) : lo]:
            continue
        whole = [
            g
            for g in facts
            if 0 <= lo - g.sentence_end <= SENTENCE_GAP
            and g.kind in COUNTING_KINDS
            and g.currency == f.currency
            and g.value > f.value
        ]
        if whole:
            out[i] = replace(f, kind="part_of", part_of_start=whole[-1].start)
    return out
