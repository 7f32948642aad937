"""Recipients named outside an amount's own cues: the other party of an agreement, the lead partners an
agreement was introduced with, the project a funder's share goes to.

- 'i costi degli interventi previsti dall'Accordo con il Politecnico' -> the Politecnico (the party of the
  agreement that is not the funder);
- 'Il primo accordo è con la società capofila Alfa spa. ... Lo sforzo finanziario della Regione è di X'
  -> Alfa spa: the lead partners named earlier in the same section, for an amount the funder commits with
  no recipient of its own;
- 'Il costo del progetto è di X. La quota a carico della Regione è di Y' -> Y goes where X goes: a
  funder's share takes the recipients of the amount before it in its paragraph;
- 'condannato a risarcire 22 ragazze. Il denaro da risarcire ammonta a X' -> ragazze: who receives
  damages or a court award.

Cues in `lang/it/funding_recipients.json` ('agreement', 'lead_partner', 'share'); pure, over the document
text and its entities.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from pipeline.extract.funding_recipients import (
    RECIPIENTS,
    find_recipients,
    past_type_word,
    recipient_at,
    recipients_at,
)
from pipeline.extract.funding_roles import (
    ARTICLE,
    Named,
    compile_cues,
    cue_pattern,
    entity_after_article,
    entity_at,
    fold,
)
from pipeline.extract.funding_text import sentence_bounds

_AGREEMENT_RE = compile_cues(RECIPIENTS["agreement"])
_LEAD_PARTNER_RE = compile_cues(RECIPIENTS["lead_partner"])
_SHARE_RE = compile_cues(RECIPIENTS["share"])
_AWARD_RE = compile_cues(RECIPIENTS["award"])
_AWARD_VERB_RE = compile_cues(RECIPIENTS["award_verbs"])
_AND_RE = re.compile(r"\s*(?:,|e|ed)\s*" + ARTICLE, re.IGNORECASE)
# a blank line or a heading closes a paragraph; a heading closes a section
_PARAGRAPH_BREAK_RE = re.compile(r"\n[ \t]*\n|\n#")
_SECTION_RE = re.compile(r"^#+[ \t]", re.MULTILINE)
_ORG = ("ORG",)
MAX_PARTNERS = 8


def _bodies_after(text: str, pos: int, entities: Sequence[Named], hi: int) -> list[Named]:
    """The organisation right after pos (past an article and a type word: 'con la società X') and those
    joined to it by ',' or 'e'."""
    first = entity_after_article(text, entities, pos, _ORG) or entity_after_article(
        text, entities, past_type_word(text, pos, hi), _ORG
    )
    out = [first] if first is not None and first.end <= hi else []
    while out and len(out) < MAX_PARTNERS:
        link = _AND_RE.match(text, out[-1].end, hi)
        nxt = entity_at(entities, link.end(), _ORG, 0) if link else None
        if nxt is None or nxt.end > hi:
            break
        out.append(nxt)
    return out


def _names(bodies: Sequence[Named], funder: str | None) -> list[str]:
    out: list[str] = []
    for b in bodies:
        if fold(b.name) not in {fold(n) for n in out} and (funder is None or fold(b.name) != fold(funder)):
            out.append(b.name)
    return out


def agreement_parties(
    text: str, span: tuple[int, int], entities: Sequence[Named], funder: str | None
) -> list[str]:
    """The parties of an agreement named in text[span] ('l'accordo con X', 'l'accordo tra X e Y') that are
    not the funder."""
    lo, hi = span
    bodies: list[Named] = []
    for m in _AGREEMENT_RE.finditer(text, lo, hi):
        bodies.extend(_bodies_after(text, m.end(), entities, hi))
    return _names(bodies, funder)


def _section_start(text: str, pos: int, floor: int) -> int:
    starts = [m.start() for m in _SECTION_RE.finditer(text, floor, pos)]
    return starts[-1] if starts else floor


def lead_partners(
    text: str, lo: int, entities: Sequence[Named], funder: str | None, floor: int = 0
) -> list[str]:
    """The lead partners ('società capofila X') named before lo in the same section of the document."""
    bodies: list[Named] = []
    for m in _LEAD_PARTNER_RE.finditer(text, _section_start(text, lo, floor), lo):
        bodies.extend(_bodies_after(text, m.end(), entities, lo)[:1])
    return _names(bodies, funder)


def is_share(text: str, span: tuple[int, int]) -> bool:
    """True when the sentence text[span] states a funder's share ('la quota a carico della Regione')."""
    return _SHARE_RE.search(text, *span) is not None


def same_paragraph(text: str, start: int, end: int) -> bool:
    """True when no blank line or heading separates text[start:end]."""
    return _PARAGRAPH_BREAK_RE.search(text, start, end) is None


def award_recipients(
    text: str, sentences: tuple[int, int, int], amount: tuple[int, int], entities: Sequence[Named], floor: int
) -> list[str]:
    """Who receives damages or a court award ('condannato a risarcire 22 ragazze'); sentences is (start of
    the sentence before, start, end of the amount's sentence). Empty for any other price or figure."""
    prev_lo, lo, hi = sentences
    if _AWARD_RE.search(text, lo, hi) is None:
        return []
    found = find_recipients(text, (lo, hi), amount, entities, floor)
    if found:
        return found
    for span in ((lo, hi), (prev_lo, lo)):
        for m in _AWARD_VERB_RE.finditer(text, *span):
            name = recipient_at(text, m.end(), span, entities)
            if name is not None:
                return [name]
    return []


_THANKS_RE = re.compile(r"[\s\"«“(*_]*" + cue_pattern(RECIPIENTS["thanks_openers"]), re.IGNORECASE)
_MONEY_ANAPHOR_RE = re.compile(r"[\s\"«“(*_]*" + cue_pattern(RECIPIENTS["money_anaphors"]), re.IGNORECASE)
_GENITIVE_RE = compile_cues(RECIPIENTS["purpose_links"])
_NEXT_RE = re.compile(r"[.!?;]?[ \t]*\n?[ \t]*")


def thanked_subject(
    text: str, span: tuple[int, int], amount: tuple[int, int], entities: Sequence[Named]
) -> list[str]:
    """Who a sentence opening with 'Grazie a' and the amount says is helped: the subject after the comma
    ('Grazie a un contributo di 800mila euro della Fondazione X, l'Università Y acquisterà ...' -> Y)."""
    lo, hi = span
    comma = text.find(",", amount[1], hi)
    if _THANKS_RE.match(text, lo) is None or comma < 0:
        return []
    e = entity_after_article(text, entities, comma + 1, ("ORG", "PER"))
    return [e.name] if e is not None else []


def next_sentence_recipients(
    text: str, span: tuple[int, int], entities: Sequence[Named], others: Sequence[int], floor: int = 0
) -> list[str]:
    """The recipients of the sentence after, when it takes up the money with no amount of its own ('...
    120 milioni per gli ospedali. Le risorse saranno assegnate alle aziende ospedaliere e alle ASL')."""
    hi = span[1]
    step = _NEXT_RE.match(text, hi)
    at = step.end() if step else hi
    if at >= len(text) or not same_paragraph(text, hi, at) or _MONEY_ANAPHOR_RE.match(text, at) is None:
        return []
    nlo, nhi = sentence_bounds(text, at, at)
    if any(nlo <= s < nhi for s in others):
        return []
    return find_recipients(text, (max(nlo, at), nhi), (at, at), entities, floor)


def purpose_owners(
    text: str, span: tuple[int, int], amount: tuple[int, int], entities: Sequence[Named]
) -> list[str]:
    """The body or category a complement after the amount names, whose the funded thing is ('per la
    nuova sede dell'Istituto X', 'per l'adeguamento degli edifici di proprietà dei Comuni e delle
    Province', 'per il tempo pieno nelle scuole primarie')."""
    lo, hi = span
    bodies = [e for e in entities if e.label == "ORG"]
    ends = {e.end for e in entities}
    for m in _GENITIVE_RE.finditer(text, amount[1], hi):
        if len(text[: m.start()].rstrip()) in ends:
            continue  # 'la Fondazione X della Provincia di Y': the rest of a name
        found = recipients_at(text, m.end(), (lo, hi), bodies)
        if found:
            return found
    return []
