"""Who pays for an amount: the funder named in a sentence (`tests/gold/FUNDING.md` §3).

The funder is the nearest to the amount of:
- an agent ('da parte di X', 'finanziato da X', 'per conto della Regione'); a bare preposition ('dalla X',
  'da X') only before an organisation and not after a word of origin ('la startup nata dalla Scuola X');
- the owner of a funding noun ('lo stanziamento della Regione', 'un contributo di 800mila euro della
  Fondazione X') or of a call ('il bando «Y» di Regione Lombardia', 'Piano scuole 2025 del Comune di X');
- the subject of a funding verb before it ('X ha stanziato', 'La Fondazione destinerà'), or after it
  ('lo ha approvato ieri la Giunta comunale').
An agent after the amount that follows another amount belongs to that one ('3 milioni: 1,8 milioni da
Regione Lombardia e 1,2 milioni dalla Fondazione X'). Cues in `lang/it/funding_cues.json`; pure, over the
document text and its entities.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from pipeline.extract.entity_patterns import load_patterns
from pipeline.extract.funding_name_phrases import COMMON_WORDS
from pipeline.extract.funding_roles import (
    ARTICLE,
    CUES,
    SUBJECT_WINDOW,
    Named,
    compile_cues,
    cue_pattern,
    entity_after_article,
    fold,
)

_NAMED = ("ORG", "PER", "LOC")
# what find_funder gives for several bodies paying together with none leading: no funder, and none to look
# for in the sentence before
SEVERAL_PAYERS = Named(-1, -1, "ORG", "", None)
_ORG = ("ORG",)
_AGENT_RE = compile_cues(CUES["agent"])
_AGENT_TAIL_RE = re.compile(r"\s*" + cue_pattern(CUES["agent_tail"]), re.IGNORECASE)
_WEAK_AGENT = frozenset(fold(w) for w in CUES["weak_agent"])
# 'la startup nata dalla Scuola X', 'come riportato da Wired': no agent of a payment
_NO_AGENT_BEFORE_RE = re.compile(cue_pattern(CUES["no_agent_before"]) + r"\s*$", re.IGNORECASE)
# 'garantita da un consorzio guidato da X', 'gestito da X': who guarantees or manages does not pay
_NOT_PAYER_RE = compile_cues(CUES["not_payer_words"])
_PART_RE = compile_cues(CUES["part_words"])
# a name the entity stage did not take, right after an agent: 'guidato da 360 Capital'
_NAME_RE = re.compile(r"(?:\d+\s+)?[A-ZÀ-Ý][\w&'\u2019.-]*(?:\s+[A-ZÀ-Ý0-9][\w&'\u2019.-]*)*")
_CAPITALISED_RE = re.compile(r"(?:\s+[A-ZÀ-Ý][\w&'\u2019-]*)+")
_AND_RE = re.compile(r"\s+(?:e|ed)\s+" + ARTICLE + "$", re.IGNORECASE)
# an incidental phrase closed by a comma right before the verb: 'X, con una delibera della Giunta, ha ...'
_INCIDENTAL_END_RE = re.compile(r"[^,]*,\s*$")
_ARTICLE_RE = re.compile(r"\s*" + ARTICLE, re.IGNORECASE)
NOT_PAYER_WINDOW = 40
_SUBJECT_VERB_RE = compile_cues(CUES["subject_verbs"])
_LINK_WORDS = cue_pattern(CUES["funder_nouns_link"])
_LINK = r"\s*" + _LINK_WORDS + r"\s*"
_FUNDER_NOUN_RE = re.compile(
    cue_pattern(CUES["funder_nouns"]) + r"(?:\s+[^\W\d_]+){0,2}?\s+" + _LINK_WORDS + r"\s*", re.IGNORECASE
)
# a call and its title: 'il bando «Ricerca 2025» della Fondazione', 'il premio "X" di Y'
_OWNER_NOUN_RE = re.compile(
    cue_pattern(CUES["owner_nouns"]) + r"(?:\s*[«\"“][^»\"”\n]{1,80}[»\"”])?" + _LINK, re.IGNORECASE
)
# a funding noun and its amount before the owner: 'un contributo di' [800mila euro] 'della Fondazione'
_NOUN_BEFORE_AMOUNT_RE = re.compile(
    cue_pattern(CUES["funder_nouns"]) + r"\s+(?:di|da|pari\s+a)\s*$", re.IGNORECASE
)
_LINK_RE = re.compile(_LINK, re.IGNORECASE)
# a subject after its verb: 'lo ha approvato ieri la Giunta', 'li hanno stanziati'
_POSTVERBAL_RE = re.compile(
    r"(?<![^\W\d_])(?:lo|la|li|le|l['\u2019])\s*(?:ha|hanno|avrà|avranno)\s+"
    + cue_pattern([w.split(maxsplit=1)[1][:-1] + "*" for w in CUES["subject_verbs"] if w.startswith("ha ")]),
    re.IGNORECASE,
)
# words (an adverb, an article) between such a verb and its subject: 'ieri la', 'nella seduta di oggi la'
_TO_SUBJECT_RE = re.compile(r"(?:\s+[a-zà-ù'\u2019]+){0,4}?\s+" + ARTICLE, re.IGNORECASE)
_HEADLINE_BREAK_RE = re.compile(r"\s*[,:]\s")
_SENTENCE_OPEN_RE = re.compile(r"[\s\"«“(*_]*" + ARTICLE + r"$", re.IGNORECASE)


def _completed(text: str, e: Named) -> Named:
    """A place or person name the entity stage cut short of the capitalised words after it: 'Puglia'
    in 'promosso da Puglia Sviluppo' is the company 'Puglia Sviluppo'."""
    more = _CAPITALISED_RE.match(text, e.end) if e.label != "ORG" else None
    if more is None:
        return e
    return Named(e.start, more.end(), "ORG", " ".join(text[e.start : more.end()].split()), None)


def _name_at(text: str, pos: int, hi: int) -> Named | None:
    """A capitalised name right at pos (past an article) that the entity stage did not take; not one
    common word ('dal Programma regionale')."""
    article = _ARTICLE_RE.match(text, pos)
    m = _NAME_RE.match(text, article.end() if article else pos, hi)
    name = m.group(0).rstrip(".") if m else ""
    if m is None or not name or (" " not in name and name.lower() in COMMON_WORDS):
        return None
    return Named(m.start(), m.start() + len(name), "ORG", name, None)


def _known_programme(e: Named) -> bool:
    """A programme the lists know, or a name opened by a programme's head word ('Fondo', 'Programma')."""
    patterns = load_patterns()
    return e.name in patterns.programmes or e.name.split()[0] in patterns.programme_heads


def _agents(
    text: str, span: tuple[int, int], inside: Sequence[Named], programmes: Sequence[Named] = ()
) -> list[tuple[int, Named]]:
    """(cue end, body) of the agents of text[span]: a bare preposition ('dalla', 'da') only before an
    organisation and not after a word of origin or report; no agent after a guarantee or management
    word; a name the entity stage missed after an agent that is not a bare preposition, and is no known
    programme (`finanziato dal PNRR`: a programme pays nothing, FUNDING.md §3)."""
    lo, hi = span
    out = []
    for m in _AGENT_RE.finditer(text, lo, hi):
        weak = fold(m.group(0)) in _WEAK_AGENT
        if weak and _NO_AGENT_BEFORE_RE.search(text, max(lo, m.start() - 30), m.start()):
            continue
        if _NOT_PAYER_RE.search(text, max(lo, m.start() - NOT_PAYER_WINDOW), m.start()):
            continue
        tail = _AGENT_TAIL_RE.match(text, m.end())
        end = tail.end() if tail else m.end()
        e = entity_after_article(text, inside, end, _ORG if weak else _NAMED)
        if e is None and not weak:
            e = _name_at(text, end, hi)
            e = (
                None
                if e is not None
                and any(_known_programme(p) and p.start <= e.start < p.end for p in programmes)
                else e
            )
        if e is not None:
            out.append((end, _completed(text, e)))
    return out


def _owners(
    text: str, span: tuple[int, int], amount: tuple[int, int], entities: Sequence[Named]
) -> list[tuple[int, Named]]:
    """(cue end, body) of the owners of funding nouns, calls and programmes of text[span]."""
    out = []
    for regex in (_FUNDER_NOUN_RE, _OWNER_NOUN_RE):
        for m in regex.finditer(text, *span):
            e = entity_after_article(text, entities, m.end(), _ORG)
            if e is not None:
                out.append((m.end(), e))
    for p in entities:
        link = _LINK_RE.match(text, p.end) if p.label == "PROGRAMME" and span[0] <= p.start else None
        e = entity_after_article(text, entities, link.end(), _ORG) if link else None
        if link is not None and e is not None:
            out.append((link.end(), e))
    if _NOUN_BEFORE_AMOUNT_RE.search(text, max(span[0], amount[0] - 40), amount[0]):
        link = _LINK_RE.match(text, amount[1], span[1])
        e = entity_after_article(text, entities, link.end(), _ORG) if link else None
        if link is not None and e is not None:
            out.append((amount[1], e))
    return out


def _subjects(text: str, span: tuple[int, int], inside: Sequence[Named]) -> list[tuple[int, Named | None]]:
    """(verb start, body) of the subjects of the funding verbs of text[span], before or after the verb;
    a name the entity stage did not call an organisation only when it opens the sentence; None for
    several bodies joined ('X e Y investiranno': several payers, none named as the one)."""
    lo, hi = span
    out: list[tuple[int, Named | None]] = []
    for m in _SUBJECT_VERB_RE.finditer(text, lo, hi):
        before = [e for e in inside if m.start() - SUBJECT_WINDOW <= e.end <= m.start()]
        before = [e for e in before if e.label == "ORG" or _SENTENCE_OPEN_RE.match(text, lo, e.start)]
        if before and _INCIDENTAL_END_RE.fullmatch(text, before[-1].end, m.start()):
            opening = text.rfind(",", lo, before[-1].start)
            outer = [e for e in inside if e.label == "ORG" and e.end <= opening]
            before = outer[-1:] if outer and not text[outer[-1].end : opening].strip() else before
        if before:
            several = any(
                _AND_RE.search(text, o.end, before[-1].start) for o in inside if o.end < before[-1].start
            )
            out.append((m.start(), None if several else before[-1]))
    for m in _POSTVERBAL_RE.finditer(text, lo, hi):
        after = [
            e
            for e in inside
            if e.label == "ORG" and m.end() < e.start and _TO_SUBJECT_RE.fullmatch(text, m.end(), e.start)
        ]
        if after:
            out.append((m.start(), after[0]))
    return out


def find_funder(
    text: str,
    span: tuple[int, int],
    amount: tuple[int, int],
    entities: Sequence[Named],
    exclude: set[str],
    others: Sequence[int] = (),
) -> Named | None:
    """The payer named in text[span] for the amount at text[amount[0]:amount[1]] (or for the sentence
    after span, when amount is where it starts): the nearest agent, owner or subject; SEVERAL_PAYERS when
    that is several bodies joined. others are where the other amounts of the document start."""
    lo, hi = span
    inside = [e for e in entities if lo <= e.start and e.end <= hi and e.name not in exclude]
    named = [e for e in inside if e.label in _NAMED]
    hits: list[tuple[int, Named | None]] = [
        (at, e)
        for at, e in [
            *_agents(text, span, named, [e for e in inside if e.label == "PROGRAMME"]),
            *_owners(text, span, amount, inside),
        ]
        if not (at > amount[1] and _belongs_after(text, amount[1], at, others))
    ]
    hits.extend(_subjects(text, span, named))
    if not hits:
        return _headline_body(text, span, named)
    return min(hits, key=lambda h: abs(h[0] - amount[0]))[1] or SEVERAL_PAYERS


def _headline_body(text: str, span: tuple[int, int], named: Sequence[Named]) -> Named | None:
    """The organisation a headline (a line of its own with no full stop) opens with before a comma or
    colon: 'Fondazione X, 3 milioni per la ricerca', 'Città metropolitana di Y: 27 milioni per le scuole'."""
    lo, hi = span
    line = (lo == 0 or text[lo - 1] == "\n") and (hi == len(text) or text[hi] == "\n")
    if not line or text[lo:hi].rstrip().endswith("."):
        return None
    first = next((e for e in named if e.label == "ORG" and _SENTENCE_OPEN_RE.match(text, lo, e.start)), None)
    if first is None or _HEADLINE_BREAK_RE.match(text, first.end, hi) is None:
        return None
    return first


def _belongs_after(text: str, end: int, at: int, others: Sequence[int]) -> bool:
    """True when a cue at `at`, after an amount ending at `end`, belongs to what comes between: another
    amount ('1,8 milioni da X e 1,2 milioni dalla Y') or a part of this one ('la metà dei quali da X')."""
    return any(end <= s < at for s in others) or _PART_RE.search(text, end, at) is not None
