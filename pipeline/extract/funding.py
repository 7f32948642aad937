"""Funding facts: for every money amount, what it is (kind), who pays, who gets it, and whether it counts.

The finder reads the sentence around each amount (and, for a list item, the lead before it) with the
Italian cue words of `pipeline/lang/it/funding_cues.json`. Document-level rules then mark the parts of
a stated total ('di cui', items that add up to an amount, N shares of it) and the repeats of one
commitment, so that summing the facts with `counts_in_total` counts each commitment once.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import date
from decimal import Decimal
from typing import Protocol, cast

from pipeline.extract.funding_choice import choose_recipients
from pipeline.extract.funding_fronted import item_label
from pipeline.extract.funding_funder import SEVERAL_PAYERS, find_funder
from pipeline.extract.funding_kinds import (
    KIND_WINDOW_BEFORE,
    LEAD_WINDOW,
    UNCUED,
    MoneyMention,
    classify,
    each_of,
    money_lead,
    previous_start,
)
from pipeline.extract.funding_match import COUNTING_KINDS, PAYER_KINDS, FundingKind, FundingMatch
from pipeline.extract.funding_names import display_names
from pipeline.extract.funding_partners import (
    agreement_parties,
    award_recipients,
    is_share,
    lead_partners,
    next_sentence_recipients,
    purpose_owners,
    same_paragraph,
    thanked_subject,
)
from pipeline.extract.funding_parts import mark_parts
from pipeline.extract.funding_recipients import find_recipients, project_owner
from pipeline.extract.funding_roles import (
    CUES,
    Named,
    bare_heads,
    compile_cues,
    find_programme,
    find_purpose,
    fold,
    states_total,
)
from pipeline.extract.funding_runs import chained_funders, continued_items
from pipeline.extract.funding_slots import slot_names
from pipeline.extract.funding_text import body_start, list_lead, sentence_bounds

__all__ = ["COUNTING_KINDS", "FundingKind", "FundingMatch", "find_funding"]
_RATE_RE = compile_cues(CUES["rate"])
_LEAD_COLON_RE = re.compile(r":\s*(?:<br\s*/?>|\n)\s*\S{0,3}\s*$")


class DateMention(Protocol):
    @property
    def start(self) -> int: ...
    @property
    def value(self) -> str | None: ...
    @property
    def context_value(self) -> str | None: ...
    @property
    def relative(self) -> bool: ...


def _as_kind(name: str) -> FundingKind:
    return cast(FundingKind, name)


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
    """One funding fact per amount, in the order of `amounts`: read by the cue rules (`rule_facts`), with
    recipients chosen by the model of `funding_choice.py` where the rules find none, then the repeats
    and parts that do not count marked.

    Args:
        text: the document text all offsets refer to.
        amounts: the money amounts of the text.
        entities: its entity mentions, with canonical names.
        dates: its date mentions (a date in the amount's sentence is the fact's date).
        publication_date: the fallback date.
    """
    facts, named = rule_facts(text, amounts, entities, dates, publication_date)
    return _mark_counted(text, choose_recipients(text, facts, named))


def rule_facts(
    text: str,
    amounts: Sequence[MoneyMention],
    entities: Sequence[Named],
    dates: Sequence[DateMention] = (),
    publication_date: date | None = None,
) -> tuple[list[FundingMatch], list[Named]]:
    """The facts as the cue rules read them, before the model chooses recipients and repeats are marked,
    with the names the rules point at (find_funding's arguments)."""
    shown = display_names(text, slot_names(text, entities))
    named = sorted([*shown, *bare_heads(text, shown)], key=lambda e: e.start)
    body = body_start(text)
    spans = [(a.start, a.end) for a in amounts]
    facts = [_fact(text, a, named, dates, publication_date, (body, spans)) for a in amounts]
    facts = chained_funders(text, continued_items(text, facts))
    return _whole_and_parts(_share_recipients(text, mark_parts(text, facts))), named


def _fact(
    text: str,
    a: MoneyMention,
    named: Sequence[Named],
    dates: Sequence[DateMention],
    publication_date: date | None,
    layout: tuple[int, Sequence[tuple[int, int]]],
) -> FundingMatch:
    """The funding fact of one amount, read from its sentence (and the sentence or list lead before it);
    layout is where the body starts and where every amount of the document is."""
    body, spans = layout
    lo, hi = sentence_bounds(text, a.start, a.end)
    floor = body if a.start >= body else 0
    lo = max(lo, floor)
    cued = classify(text, a, lo, hi, floor)
    kind = _as_kind("other" if cued == UNCUED else cued)
    each, said_each = each_of(text, a, lo, hi)
    prev_lo = max(floor, sentence_bounds(text, max(0, lo - 2), max(0, lo - 1))[0]) if lo > floor else lo
    # a total takes no funder from a sentence before that states an amount of its own
    own = states_total(text, (lo, hi)) and any(prev_lo <= s < lo for s, _ in spans)
    funder, recipients = _parties(text, a, (lo, hi), lo if own else prev_lo, (floor, spans), named, kind)
    several = funder is SEVERAL_PAYERS
    if cued == "other" or several:  # a price, fine or market figure: nobody funds it
        funder = None
    if cued == UNCUED and funder is not None and recipients:
        # no cue word, but the sentence says who pays whom: 'Dalla Regione Lazio 20 milioni alle Pmi'
        kind = "allocation"
    if cued == "other":  # only damages go to someone
        recipients = award_recipients(text, (prev_lo, lo, hi), (a.start, a.end), named, floor)
    stated = _stated_date(dates, lo, hi)
    return FundingMatch(
        start=a.start,
        end=a.end,
        value=a.value,
        currency=a.currency,
        kind=kind,
        funder=funder.name if funder else None,
        funder_id=funder.id if funder else None,
        several_payers=several,
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
    layout: tuple[int, Sequence[tuple[int, int]]],
    named: Sequence[Named],
    kind: FundingKind,
) -> tuple[Named | None, list[str]]:
    """Who pays and who gets the amount: from its sentence, the lead of its list, the sentence before
    (SEVERAL_PAYERS for several bodies paying together); layout is where the body starts and where every
    amount of the document is."""
    lo, hi = sentence
    floor, spans = layout
    recipients = find_recipients(text, (lo, hi), (a.start, a.end), named, floor, spans)
    label = item_label(text, lo, (a.start, a.end), named) if not recipients else None
    recipients = [label] if label is not None else recipients
    lead = list_lead(text, lo, floor) if not recipients else None
    if lead is not None:
        recipients = find_recipients(text, lead, (lead[1], lead[1]), named, floor)
    funder = find_funder(text, (lo, hi), (a.start, a.end), named, set(recipients), [s for s, _ in spans])
    items_lead = list_lead(text, lo, floor)
    if funder is None and items_lead is not None:
        funder = find_funder(text, items_lead, (items_lead[1], items_lead[1]), named, set(recipients))
    if funder is None and items_lead is not None and kind in PAYER_KINDS and money_lead(text, items_lead):
        before = previous_start(text, items_lead[0], floor)
        funder = find_funder(
            text, (before, items_lead[0]), (items_lead[0], items_lead[0]), named, set(recipients)
        )
    if funder is None and kind in PAYER_KINDS:
        funder = find_funder(text, (prev_lo, lo), (lo, lo), named, set(recipients))
    payer = funder.name if funder is not None and funder is not SEVERAL_PAYERS else None
    if payer is not None:
        recipients = [r for r in recipients if fold(r) != fold(payer)]
    if not recipients:
        recipients = _elsewhere(text, a, (prev_lo, lo, hi), layout, named, kind, payer)
    return funder, recipients


def _elsewhere(
    text: str,
    a: MoneyMention,
    sentences: tuple[int, int, int],
    layout: tuple[int, Sequence[tuple[int, int]]],
    named: Sequence[Named],
    kind: FundingKind,
    payer: str | None,
) -> list[str]:
    """The recipients of an amount whose own cues name none, in this order: the owner of the project its
    sentence refers to, the parties of an agreement in it, who a 'Grazie a' opening helps, the sentence
    after that takes up the money, the body or category a complement after the amount names, the parties
    of an agreement in the sentence before, the lead partners of its section."""
    prev_lo, lo, hi = sentences
    floor, spans = layout
    amount = (a.start, a.end)
    counting = kind in COUNTING_KINDS
    tries: list[Callable[[], list[str]]] = [
        lambda: project_owner(text, (lo, hi), named, floor),
        lambda: agreement_parties(text, (lo, hi), named, payer),
        lambda: thanked_subject(text, (lo, hi), amount, named),
        lambda: (
            next_sentence_recipients(text, (lo, hi), named, [s for s, _ in spans], floor) if counting else []
        ),
        lambda: (
            purpose_owners(text, (lo, _next_start(spans, a.end, hi)), amount, named)
            if kind in PAYER_KINDS
            else []
        ),
        lambda: agreement_parties(text, (prev_lo, lo), named, payer) if counting else [],
        lambda: lead_partners(text, lo, named, payer, floor) if counting else [],
    ]
    for find in tries:
        found = [r for r in find() if payer is None or fold(r) != fold(payer)]
        if found:
            return found
    return []


def _next_start(spans: Sequence[tuple[int, int]], end: int, hi: int) -> int:
    """Where the next amount after `end` starts, or hi."""
    return min([s for s, _ in spans if end <= s < hi], default=hi)


def _whole_and_parts(facts: list[FundingMatch]) -> list[FundingMatch]:
    """A part with no recipient goes where its whole goes, when that is one body or group ('11,5 milioni a
    X, di cui 7 a fondo perduto'), and a part with no payer is paid by its whole's ('15mila euro ciascuna,
    per un totale di 3,18 milioni stanziati dalla Regione Piemonte');
    a whole goes where its parts go, when they say more ('220.000 euro a X, 180.000 a Y, per un totale
    di ...')."""
    out = list(facts)
    for i, f in enumerate(out):
        parts = [p for p in facts if p.part_of_start == f.start]
        names = dict.fromkeys(r for p in parts for r in p.recipients)
        if len(parts) > 1 and all(p.recipients for p in parts) and set(f.recipients) < set(names):
            out[i] = replace(f, recipients=tuple(names))
    wholes = {f.start: f for f in out}
    for i, f in enumerate(out):
        whole = wholes.get(f.part_of_start) if f.part_of_start is not None else None
        if not f.recipients and whole is not None and len(whole.recipients) == 1:
            out[i] = f = replace(f, recipients=whole.recipients)
        if f.funder is None and not f.several_payers and whole is not None and whole.funder is not None:
            out[i] = replace(f, funder=whole.funder, funder_id=whole.funder_id)
    return out


def _share_recipients(text: str, facts: list[FundingMatch]) -> list[FundingMatch]:
    """A funder's share with no recipient ('la quota a carico della Regione') goes where the amount before
    it in its paragraph goes."""
    out = list(facts)
    for i in range(1, len(out)):
        f, prev = out[i], out[i - 1]
        if f.recipients or not prev.recipients or not same_paragraph(text, prev.start, f.start):
            continue
        if is_share(text, (f.sentence_start, f.sentence_end)):
            kept = tuple(r for r in prev.recipients if f.funder is None or fold(r) != fold(f.funder))
            out[i] = replace(f, recipients=kept)
    return out


def _is_rate(text: str, a: MoneyMention, lo: int, hi: int, floor: int, kind: FundingKind) -> bool:
    """True for an amount paid per unit or per beneficiary, said in its sentence or in its list's lead."""
    rate = _RATE_RE.search(text, max(lo, a.start - KIND_WINDOW_BEFORE), min(hi, a.end + 40)) is not None
    if not rate and kind in COUNTING_KINDS:
        lead_text = text[max(floor, lo - LEAD_WINDOW) : lo]
        lead = lead_text.rstrip().endswith(":") or _LEAD_COLON_RE.search(lead_text) is not None
        rate = lead and _RATE_RE.search(lead_text) is not None
        items_lead = list_lead(text, lo, floor)
        rate = rate or (items_lead is not None and _RATE_RE.search(text, *items_lead) is not None)
    return rate


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
        if f.uncued and kept is not None and kept.start != f.start:
            out[i] = replace(f, kind=kept.kind, repeat_of_start=kept.start)
    return out


def _compatible(a: FundingMatch, b: FundingMatch) -> bool:
    def agree(x: str | None, y: str | None) -> bool:
        return x is None or y is None or fold(x) == fold(y)

    return agree(a.funder, b.funder) and agree(a.programme, b.programme)
