"""Amounts that go on from the amount before them in their paragraph: an item without a cue after a
funding amount takes its kind and payer (`continued_items`), and an amount that names no payer in the
sentence right after one whose payer is known takes that payer (`chained_funders`). Pure, over the text
and the facts of `pipeline/extract/funding.py`.
"""

from __future__ import annotations

from dataclasses import replace

from pipeline.extract.funding_match import COUNTING_KINDS, PAYER_KINDS, FundingMatch
from pipeline.extract.funding_partners import same_paragraph
from pipeline.extract.funding_parts import SENTENCE_GAP
from pipeline.extract.funding_roles import states_total


def continued_items(text: str, facts: list[FundingMatch]) -> list[FundingMatch]:
    """An amount without a cue whose recipients the rules found, right after a funding amount of its
    paragraph, goes on with it: its kind, and its payer when it names none ('Marta Zorzut (Università di
    Trieste, 210.000 euro); Luca Pahor (SISSA, 198.500 euro)', 'A Roccaraso, il centro più colpito,
    andranno 212.000 euro')."""
    out = list(facts)
    for i in range(1, len(out)):
        f, prev = out[i], out[i - 1]
        if not (f.uncued and f.kind == "other" and f.recipients and prev.kind in COUNTING_KINDS):
            continue
        if 0 <= f.sentence_start - prev.sentence_end <= SENTENCE_GAP and same_paragraph(
            text, prev.start, f.start
        ):
            funder = (f.funder, f.funder_id) if f.funder is not None else (prev.funder, prev.funder_id)
            out[i] = replace(f, kind=prev.kind, funder=funder[0], funder_id=funder[1])
    return out


def chained_funders(text: str, facts: list[FundingMatch]) -> list[FundingMatch]:
    """An amount that names no payer, in the sentence right after an amount whose payer is known, takes that
    payer: a run of sentences on one measure ('Il bando di X ... L'agevolazione non può superare ...; le
    spese minime sono pari a ...'); not for a sentence stating a total."""
    out = list(facts)
    for i in range(1, len(out)):
        f, prev = out[i], out[i - 1]
        if f.funder is not None or f.several_payers or prev.funder is None or f.kind not in PAYER_KINDS:
            continue
        near = 0 <= f.sentence_start - prev.sentence_end <= SENTENCE_GAP
        if (
            near
            and same_paragraph(text, prev.start, f.start)
            and not states_total(text, (f.sentence_start, f.sentence_end))
        ):
            out[i] = replace(f, funder=prev.funder, funder_id=prev.funder_id)
    return out
