"""Mentions the document itself vouches for: a gazetteer place after a postcode, an acronym whose body
the document names or whose office holder it names (`il presidente di AFIL`)."""

from __future__ import annotations

import re

from pipeline.extract.entity_names import next_word
from pipeline.extract.entity_patterns import ACRONYM_SKIP_WORDS, NAME_CONNECTORS, OFFICE_LINKS
from pipeline.extract.entity_priorities import PRIORITY
from pipeline.extract.entity_tokens import RuleSpan, Toks, is_upper_word

POSTCODE_RE = re.compile(r"\d{5}")
# the prepositions that put a place after them: `a Melfi`, `in Italia`
LOCATIVES = frozenset({"a", "ad", "in"})


def _previous_word(toks: Toks, i: int) -> int | None:
    k = i - 1
    while k >= 0 and toks[k].is_space:
        k -= 1
    return k if k >= 0 else None


def address_places(toks: Toks, found: list[RuleSpan]) -> list[RuleSpan]:
    """A gazetteer place right after a postcode is a place: `20133 Milano`, `23900 Lecco`."""
    out = []
    for cand in found:
        if cand.priority != PRIORITY.known_place:
            continue
        k = _previous_word(toks, cand.start)
        if k is not None and POSTCODE_RE.fullmatch(toks[k].text):
            out.append(RuleSpan(cand.start, cand.end, "LOC", PRIORITY.street))
    return out


def located_places(toks: Toks, found: list[RuleSpan], chosen: list[RuleSpan]) -> list[RuleSpan]:
    """A gazetteer place nothing else was found on is a place after `a`, `ad` or `in` (`A Ragusa un
    uomo`, `a Melfi`) and alone in brackets (`Idrotech Sistemi Srl (Prato)`). One the model read as a
    person stays one: many towns are surnames too (`addio a Mango`, `vicini ad Alfano`)."""
    taken = {i for c in chosen for i in range(c.start, c.end)}
    extra = []
    for cand in found:
        if cand.priority != PRIORITY.known_place or taken.intersection(range(cand.start, cand.end)):
            continue
        before, after = _previous_word(toks, cand.start), next_word(toks, cand.end, allow_newline=True)
        if before is None:
            continue
        bracketed = toks[before].text == "(" and after is not None and toks[after].text == ")"
        name_goes_on = after is not None and toks[after].is_cap and toks[after].is_alpha
        if bracketed or (toks[before].lower_ in LOCATIVES and not name_goes_on):
            extra.append(RuleSpan(cand.start, cand.end, "LOC", PRIORITY.model))
            taken.update(range(cand.start, cand.end))
    return sorted(chosen + extra, key=lambda c: c.start) if extra else chosen


def _initials(toks: Toks, cand: RuleSpan) -> str:
    words = [
        t.text
        for t in toks[cand.start : cand.end]
        if t.is_alpha and t.lower_ not in NAME_CONNECTORS and t.lower_ not in ACRONYM_SKIP_WORDS
    ]
    return "".join(w[0] for w in words).upper() if len(words) >= 2 else ""


def spelled_out_acronyms(toks: Toks, found: list[RuleSpan], chosen: list[RuleSpan]) -> list[RuleSpan]:
    """An acronym is an organisation where the document names the body it stands for, or takes the
    same acronym for one elsewhere: `AFIL` after `Associazione Fabbrica Intelligente Lombardia`."""
    orgs = [c for c in chosen if c.label == "ORG"]
    known = {_initials(toks, c) for c in orgs} | {
        toks[c.start].text for c in orgs if c.end - c.start == 1 and is_upper_word(toks[c.start])
    }
    taken = {i for c in chosen for i in range(c.start, c.end)}
    extra = [
        RuleSpan(c.start, c.end, "ORG", PRIORITY.model)
        for c in found
        if c.priority == PRIORITY.acronym
        and toks[c.start].text in known
        and not taken.intersection(range(c.start, c.end))
    ]
    return sorted(chosen + extra, key=lambda c: c.start) if extra else chosen


def acronyms_after_roles(
    toks: Toks, found: list[RuleSpan], chosen: list[RuleSpan], titles: frozenset[str]
) -> list[RuleSpan]:
    """An acronym after an office and `di` is the body that office belongs to: `il presidente di AFIL`,
    `il direttore dell'ENEA` (the titles of `entity_person_titles.txt`)."""
    taken = {i for c in chosen for i in range(c.start, c.end)}
    extra = []
    for c in found:
        if c.priority != PRIORITY.acronym or taken.intersection(range(c.start, c.end)):
            continue
        k = _previous_word(toks, c.start)
        link = toks[k].lower_.replace("\u2019", "'") if k is not None else ""
        j = _previous_word(toks, k) if k is not None and link in OFFICE_LINKS else None
        if j is not None and toks[j].lower_ in titles:
            extra.append(RuleSpan(c.start, c.end, "ORG", PRIORITY.model))
    return sorted(chosen + extra, key=lambda c: c.start) if extra else chosen
