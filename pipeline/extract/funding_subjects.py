"""The subjects of receiving verbs and the anaphors that point back to named bodies, for the
recipients of a funding fact (`pipeline/extract/funding_recipients.py`).

- 'X riceve', 'le scuole beneficiano', 'Ventisette comuni della provincia di Cuneo beneficeranno': the
  subject of a receiving verb is the recipient; a category whose complement holds a place is the subject,
  not the place; a clause with a subject of its own between a name and the verb cuts them apart.
- 'le due imprese', 'tali enti', 'entrambe le società': the bodies named earlier in the paragraph.

Cues in `lang/it/funding_recipients.json`; pure, over the document text and its entities.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import NamedTuple

from pipeline.extract.funding_categories import RECIPIENTS, category_at, plural_at
from pipeline.extract.funding_roles import (
    ARTICLE,
    CUES,
    DI_FORMS,
    SUBJECT_WINDOW,
    Named,
    compile_cues,
    cue_pattern,
    fold,
)

_RECIPIENT_SUBJECT_RE = compile_cues(RECIPIENTS["recipient_subject"])
_NUMBER_WORDS = r"\d{1,3}|due|tre|quattro|cinque|sei|sette|otto|nove|dieci|undici|dodici"
_ANAPHOR_RE = re.compile(
    r"(?<![^\W\d_])(?P<art>(?:i|gli|le)\s+)?(?:(?P<det>"
    + "|".join(RECIPIENTS["anaphora"])
    + r")(?:\s+(?:i|gli|le))?|(?P<n>"
    + _NUMBER_WORDS
    + r"))\s+(?P<head>"
    + cue_pattern(RECIPIENTS["anaphora_heads"])
    + ")",
    re.IGNORECASE,
)
# a cue ending in a definite article makes 'due imprese' after it definite: 'alle due imprese'
DEFINITE_END_RE = re.compile(r"(?i)(?<![^\W\d_])(?:i|gli|le|ai|agli|alle|dei|degli|delle)$")
_NUMBERS = {w: i for i, w in enumerate(_NUMBER_WORDS.split("|")[1:], start=2)}
# bodies that are not companies: a company anaphor ('le due imprese') does not point back to them
_PUBLIC_HEADS_RE = re.compile(r"(?i)(?:" + "|".join(re.escape(h) for h in CUES["heads"]) + r")\b")
_COMPANY_HEADS = frozenset({"imprese", "aziende", "società", "capofila"})
_PARAGRAPH_RE = re.compile(r"\n\s*\n|\n#")
_WORD_START_RE = re.compile(r"(?<![\w'\u2019-])(?=[^\W\d_])")
# a clause with a subject of its own between a name and a verb: 'della Fondazione X, la biblioteca riceverà'
# ('la società riceverà' after a company's name: the noun stands for it)
_NEW_SUBJECT_RE = re.compile(
    r"[,;:]\s*(?:il|lo|la|i|gli|le|l['\u2019])\s*(?!(?:"
    + "|".join(re.escape(w) for w in RECIPIENTS["generic_subjects"])
    + r")(?![\w-]))[a-zà-ù]",
    re.IGNORECASE,
)
# 'ne' right before a verb: its subject comes after it ('ne beneficeranno le famiglie')
_NE_RE = re.compile(r"(?<![^\W\d_])ne\s+$", re.IGNORECASE)
_ARTICLE_RE = re.compile(ARTICLE, re.IGNORECASE)
# a name right after a preposition is no subject ('la startup nata dalla Scuola X ..., ha raccolto')
_GOVERNED_RE = re.compile(
    r"(?<![^\W\d_])(?:di|da|in|con|su|per|tra|fra|a|del|della|dello|dei|degli|delle|dal|dalla|dallo|dai"
    r"|dagli|dalle|al|alla|allo|ai|agli|alle|nel|nella|nei|negli|nelle|sul|sulla|col)\s+$"
    r"|(?<![^\W\d_])(?:dell|dall|all|nell|sull)['\u2019]\s*$",
    re.IGNORECASE,
)
# at most this many characters between a category and the verb it is the subject of
SUBJECT_GAP = 25
# an apposition between a sentence's first name and its verb: 'X, la startup pisana che ..., ha raccolto'
APPOSITION_MAX = 200
_APPOSITION_RE = re.compile(
    r"\s*,\s*(?:(?:il|lo|la|i|gli|le|un|uno|una|l['\u2019])\s*)?[a-zà-ù][^.;:\n]{0,"
    + str(APPOSITION_MAX)
    + r"}?,\s*",
    re.IGNORECASE,
)
# what may open a sentence before its subject's name: an article and lower-case words ('La deeptech torinese')
# a relative clause right after a name makes it the subject, whatever governs it ('realizzato dall'Azienda
# X, che ha ottenuto')
_RELATIVE_RE = re.compile(r"\s*,\s*che\s+(?:[a-zà-ù]+\s+)?", re.IGNORECASE)
_COORDINATION_RE = re.compile(
    r"\s*(?:,\s*(?:(?:e|ed)\s+)?|(?:e|ed)\s+)(?:(?:il|lo|la|i|gli|le)\s+|l['\u2019]\s*)?", re.IGNORECASE
)
_AND_RE = re.compile(r"(?<![^\W\d_])(?:e|ed)(?![^\W\d_])", re.IGNORECASE)
_OPENING_RE = re.compile(
    r"[\s\"«“*_#]*(?:(?:il|lo|la|i|gli|le|l['\u2019])\s*(?:[a-zà-ù-]+\s+){0,3})?", re.IGNORECASE
)


_LINK_BEFORE_RE = re.compile(r"\s" + DI_FORMS, re.IGNORECASE)


class Found(NamedTuple):
    """A recipient read at `at`: a named body, or a category."""

    at: int
    name: str
    category: bool


def _subject_category(text: str, lo: int, verb: int) -> tuple[int, str, int] | None:
    """The category that is the subject of a verb ('le scuole beneficiano', 'i Comuni, inoltre, riceveranno'):
    the last one ending at most SUBJECT_GAP characters before the verb, with no sentence break between, and
    not an anaphor."""
    last = None
    for w in _WORD_START_RE.finditer(text, lo, verb):
        cat = category_at(text, w.start(), verb) or plural_at(text, w.start(), verb, False, True)
        if cat is not None and cat[1] <= verb and not (last is not None and last[2] == cat[1]):
            last = (w.start(), cat[0], cat[1])  # the longest ending there: 'piccole imprese'
    if last is None or verb - last[2] > SUBJECT_GAP or re.search(r"[.;:!?]", text[last[2] : verb]):
        return None
    anaphors = [a for a in _ANAPHOR_RE.finditer(text, lo, last[2]) if a.group("art") or a.group("det")]
    if any(a.end() > last[0] for a in anaphors):
        return None  # 'le due imprese', 'tali enti': bodies named before, not a category
    return last


def paragraph_start(text: str, pos: int, floor: int) -> int:
    starts = [m.end() for m in _PARAGRAPH_RE.finditer(text, floor, pos)]
    return starts[-1] if starts else floor


def antecedents(
    text: str, anaphor: re.Match[str], sentence_lo: int, entities: Sequence[Named], floor: int = 0
) -> list[str]:
    """The bodies an anaphor ('le due imprese', 'tali enti') points back to: the last N organisations
    named earlier in its paragraph, or those of the last earlier sentence that names any."""
    lo = paragraph_start(text, sentence_lo, floor)
    companies = fold(anaphor.group("head")) in _COMPANY_HEADS
    before = [
        e
        for e in entities
        if e.label == "ORG"
        and lo <= e.start
        and e.end <= sentence_lo
        and not (companies and _PUBLIC_HEADS_RE.match(e.name))
    ]
    names: list[str] = []
    for e in reversed(before):
        if fold(e.name) not in {fold(n) for n in names}:
            names.append(e.name)
    n = anaphor.group("n")
    if n:
        count = int(n) if n.isdigit() else _NUMBERS.get(n.lower(), 0)
        return list(reversed(names[:count])) if len(names) >= count else []
    if not before:
        return []
    last = before[-1].start
    cut = max((m.end() for m in re.finditer(r"[.!?]\s", text[lo:last])), default=0) + lo
    return [n for n in reversed(names) if any(e.name == n and e.start >= cut for e in before)]


def anaphor_at(text: str, pos: int, hi: int, definite: bool) -> re.Match[str] | None:
    """An anaphoric phrase right at pos; a bare number ('due imprese') only when definite."""
    m = _ANAPHOR_RE.match(text, pos + len(text[pos:hi]) - len(text[pos:hi].lstrip()), hi)
    if m is None or (m.group("n") and not (m.group("art") or definite)):
        return None
    return m


def _complement_holds(text: str, category: tuple[int, str, int], e: Named) -> bool:
    """True when the name sits in a complement of the category ('comuni della provincia di Cuneo')."""
    return (
        category[0] < e.start < category[2] and _LINK_BEFORE_RE.search(text, category[0], e.start) is not None
    )


def _apposed_subject(text: str, lo: int, verb: int, inside: Sequence[Named]) -> list[Named]:
    """The name opening the sentence when only an apposition stands between it and the verb ('Medilens, la
    startup pisana nata dalla Scuola X che sviluppa lenti, ha raccolto')."""
    opening = _OPENING_RE.match(text, lo)
    first = [
        e
        for e in inside
        if opening is not None
        and e.start == opening.end()
        and not _GOVERNED_RE.search(text, max(lo, e.start - 12), e.start)
    ]
    if first and _APPOSITION_RE.fullmatch(text, first[0].end, verb):
        return first[:1]
    return []


def _coordinated(text: str, last: Named, inside: Sequence[Named]) -> list[Named]:
    """A subject and the names joined to it before it by commas and 'e' ('X, Y e Z riceveranno')."""
    chain = [last]
    ordered = sorted((e for e in inside if e.label != "PROGRAMME"), key=lambda e: e.start)
    for e in reversed([e for e in ordered if e.end <= last.start]):
        link = _COORDINATION_RE.fullmatch(text, e.end, chain[0].start)
        if link is None or _GOVERNED_RE.search(text, max(0, e.start - 12), e.start):
            break
        if len(chain) == 1 and not _AND_RE.search(link.group(0)):
            break  # the last of a list comes after 'e': 'X, Y e Z'; 'di X, il Comune riceverà' is no list
        chain.insert(0, e)
    return chain


def _inverted_subject(text: str, verb: tuple[int, int, int], inside: Sequence[Named]) -> Found | None:
    """The subject written after a receiving verb that 'ne' opens ('ne beneficeranno le famiglie', 'ne
    beneficia il Comune di X'): a name or a category right after the verb."""
    start, end, hi = verb
    if _NE_RE.search(text, max(0, start - 4), start) is None:
        return None
    at = end + len(text[end:hi]) - len(text[end:hi].lstrip())
    opening = _ARTICLE_RE.match(text, at, hi)  # optional: matches, empty, where there is none
    pos = opening.end() if opening else at
    named = [e for e in inside if e.start == pos and e.label != "PROGRAMME"]
    if named:
        return Found(named[0].start, named[0].name, False)
    cat = category_at(text, at, hi) or plural_at(text, at, hi, False, True)
    return Found(at, cat[0], True) if cat is not None else None


def subject_recipients(
    text: str, span: tuple[int, int], inside: Sequence[Named], entities: Sequence[Named], floor: int
) -> list[Found]:
    """The subjects of the receiving verbs of text[span] ('X riceve', 'le scuole beneficiano'); a category
    whose complement holds a name is the subject, not the name ('Ventisette comuni della provincia di
    Cuneo beneficeranno')."""
    lo, hi = span
    out: list[Found] = []
    for m in _RECIPIENT_SUBJECT_RE.finditer(text, lo, hi):
        inverted = _inverted_subject(text, (m.start(), m.end(), hi), inside)
        if inverted is not None:
            out.append(inverted)
            continue
        subject = [
            a
            for a in _ANAPHOR_RE.finditer(text, max(lo, m.start() - SUBJECT_WINDOW), m.start())
            if a.group("art") or a.group("det")
        ]
        back = antecedents(text, subject[-1], lo, entities, floor) if subject else []
        if back:
            out.extend(Found(subject[-1].start(), name, False) for name in back)
            continue
        category = _subject_category(text, max(lo, m.start() - SUBJECT_WINDOW), m.start())
        before = [
            e
            for e in inside
            if e.label != "PROGRAMME"
            and m.start() - SUBJECT_WINDOW <= e.end <= m.start()
            and not _NEW_SUBJECT_RE.search(text, e.end, m.start())
            and (
                not _GOVERNED_RE.search(text, max(lo, e.start - 12), e.start)
                or _RELATIVE_RE.fullmatch(text, e.end, m.start()) is not None
            )
        ]
        if not before and category is None:
            before = _apposed_subject(text, lo, m.start(), inside)
        if before and not (category and _complement_holds(text, category, before[-1])):
            out.extend(Found(e.start, e.name, False) for e in _coordinated(text, before[-1], inside))
        elif category is not None:
            out.append(Found(category[0], category[1], True))
    return out
