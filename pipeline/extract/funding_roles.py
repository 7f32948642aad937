"""Who pays for an amount: the funder and programme of a sentence (recipients: funding_recipients.py).

Driven by the cue words of `lang/it/funding_cues.json`; pure, over the document text and its entities.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from pipeline.lang import load_json

CUES: dict[str, Any] = load_json("funding_cues.json")
# how far (characters) an entity may sit after the cue that introduces it ('a favore della  Regione')
ENTITY_GAP = 4
# how far (characters) a subject may sit before its verb ('Regione Lombardia, con la delibera, ha stanziato')
SUBJECT_WINDOW = 60
ARTICLE = r"(?:(?:il|lo|la|i|gli|le)\s+|l['\u2019]\s*)?"


def cue_pattern(words: Sequence[str]) -> str:
    """A regex alternation of cue words: "*" is any word ending, a space any whitespace, either apostrophe."""
    parts = []
    for w in sorted(words, key=len, reverse=True):
        p = re.escape(w).replace(r"\*", r"[^\W\d_]*").replace(r"\ ", r"\s+").replace("'", "['\u2019]")
        if w[-1].isalnum() or w.endswith("*"):
            p += r"(?![^\W\d_])"
        parts.append(p)
    return r"(?<![^\W\d_])(?:" + "|".join(parts) + ")"


def compile_cues(words: Sequence[str]) -> re.Pattern[str]:
    return re.compile(cue_pattern(words), re.IGNORECASE)


# 'di' and its forms with an article ('della', 'dell''), the link between a body and what it belongs to
DI_FORMS = cue_pattern(CUES["di_forms"])


@dataclass(frozen=True)
class Named:
    """An entity mention the finder can point at: offsets, label and canonical name."""

    start: int
    end: int
    label: str
    name: str
    id: str | None


def fold(name: str) -> str:
    """Case- and accent-insensitive form of a name."""
    decomposed = unicodedata.normalize("NFKD", name)
    return " ".join("".join(c for c in decomposed if not unicodedata.combining(c)).lower().split())


_AGENT_RE = compile_cues(CUES["agent"])
_SUBJECT_VERB_RE = compile_cues(CUES["subject_verbs"])
_FUNDER_NOUN_RE = re.compile(
    cue_pattern(CUES["funder_nouns"])
    + r"(?:\s+[^\W\d_]+){0,2}?\s+"
    + cue_pattern(CUES["funder_nouns_link"])
    + r"\s*",
    re.IGNORECASE,
)
_HEADS_RE = re.compile(r"\b(?:" + "|".join(re.escape(h) for h in CUES["heads"]) + r")\b")


def bare_heads(text: str, entities: Sequence[Named]) -> list[Named]:
    """'la Regione' standing for the one Regione the document names: pseudo-mentions of that entity."""
    by_head: dict[str, set[tuple[str, str | None]]] = {}
    for e in entities:
        if e.label == "ORG":
            head = _HEADS_RE.match(e.name)
            if head is not None and len(e.name) > head.end():
                by_head.setdefault(head.group(0), set()).add((e.name, e.id))
    if not by_head:
        return []
    covered = sorted((e.start, e.end) for e in entities)
    out = []
    for m in _HEADS_RE.finditer(text):
        owners = by_head.get(m.group(0), set())
        if len(owners) != 1 or any(s <= m.start() < e for s, e in covered):
            continue
        nxt = text[m.end() : m.end() + 2]
        if nxt[:1] == " " and nxt[1:2].isupper():
            continue  # the start of a name the entity model did not take: not a stand-in
        name, ident = next(iter(owners))
        out.append(Named(m.start(), m.end(), "ORG", name, ident))
    return out


def entity_at(
    entities: Sequence[Named], pos: int, labels: tuple[str, ...], gap: int = ENTITY_GAP
) -> Named | None:
    for e in entities:
        if e.label in labels and pos <= e.start <= pos + gap:
            return e
    return None


# a lower-case noun that only describes the name after it, with up to two adjectives: 'il fondo Vertis',
# 'la società padovana Enerbit' (`funding_recipients.json`, 'name_slots')
_DESCRIBED_RE = re.compile(
    r"\s*(?i:"
    + ARTICLE
    + r")"
    + cue_pattern(load_json("funding_recipients.json")["name_slots"]["descriptive_types"])
    + r"(?:\s+[a-zà-ù]+){0,2}?\s+(?=[A-ZÀ-Ý])"
)


# any lower-case word between an article and an organisation's name: 'al mobilificio X', 'alla padovana X'
_NOUN_BEFORE_NAME_RE = re.compile(
    r"\s*(?i:" + ARTICLE + r")(?!" + DI_FORMS + r")[a-zà-ù][\w-]{2,}\s+(?=[A-ZÀ-Ý])"
)


def entity_after_article(
    text: str, entities: Sequence[Named], pos: int, labels: tuple[str, ...], past_noun: bool = False
) -> Named | None:
    """The entity right after pos, past an article ('dal Ministero') or a noun that describes it ('dal fondo
    Vertis', 'alla società padovana Enerbit'); with `past_noun`, an organisation past any lower-case word
    ('al mobilificio X')."""
    m = re.compile(r"\s*" + ARTICLE, re.IGNORECASE).match(text, pos)
    e = entity_at(entities, m.end() if m else pos, labels)
    described = _DESCRIBED_RE.match(text, pos) if e is None else None
    e = entity_at(entities, described.end(), labels, 0) if described else e
    noun = _NOUN_BEFORE_NAME_RE.match(text, pos) if e is None and past_noun and "ORG" in labels else None
    # 'al mobilificio X', 'alla ricercatrice Chiara Ferri'
    return entity_at(entities, noun.end(), ("ORG", "PER"), 0) if noun else e


def find_funder(
    text: str, span: tuple[int, int], amount_start: int, entities: Sequence[Named], exclude: set[str]
) -> Named | None:
    """The payer named in text[span]: an agent ('da parte di X'), a funding noun's owner ('lo
    stanziamento di X') or the subject of a funding verb ('X ha stanziato'); the nearest to the amount."""
    lo, hi = span
    inside = [
        e for e in entities if lo <= e.start and e.end <= hi and e.label == "ORG" and e.name not in exclude
    ]
    if not inside:
        return None
    hits: list[tuple[int, Named]] = []
    for regex in (_AGENT_RE, _FUNDER_NOUN_RE):
        for m in regex.finditer(text, lo, hi):
            e = entity_after_article(text, inside, m.end(), ("ORG",))
            if e is not None:
                hits.append((abs(m.end() - amount_start), e))
    for m in _SUBJECT_VERB_RE.finditer(text, lo, hi):
        before = [e for e in inside if m.start() - SUBJECT_WINDOW <= e.end <= m.start()]
        if before:
            hits.append((abs(m.start() - amount_start), before[-1]))
    return min(hits, key=lambda h: h[0])[1] if hits else None


_TOTAL_RE = compile_cues(CUES["total"])


def states_total(text: str, span: tuple[int, int]) -> bool:
    """True when text[span] states a sum ('il totale', 'complessivamente')."""
    return _TOTAL_RE.search(text, *span) is not None


def find_programme(span: tuple[int, int], amount_start: int, entities: Sequence[Named]) -> str | None:
    """The programme, fund or call named nearest the amount in the span."""
    lo, hi = span
    progs = [e for e in entities if e.label == "PROGRAMME" and lo <= e.start and e.end <= hi]
    if not progs:
        return None
    return min(progs, key=lambda e: abs(e.start - amount_start)).name


_PURPOSE_RE = re.compile(
    r"\s*(?:(?:di|d'|d\u2019)\s*euro\s*)?(?:,\s*)?(?:per|finalizzat[oaie]\s+a(?:l|lla|i|lle|gli)?|destinat[oaie]\s+a(?:l|lla|i|lle|gli)?)\s+"
    r"(?P<p>[^.;:\n<()]{3,90}?)(?=[.;:\n<(]|,|$)",
    re.IGNORECASE,
)


def find_purpose(text: str, end: int, hi: int) -> str | None:
    """A short phrase after the amount saying what it is for ('per la ricerca sulle malattie rare')."""
    m = _PURPOSE_RE.match(text, end, hi)
    return " ".join(m.group("p").split()) if m else None
