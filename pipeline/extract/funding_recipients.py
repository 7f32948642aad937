"""Who gets an amount: the recipients of a funding fact, from the cues of its sentence.

A recipient is a named body (its canonical name) or a category written in the plural, lower case
(`tests/gold/FUNDING.md` §3). Cues and word lists are in `lang/it/funding_recipients.json`; pure, over
the document text and its entities.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from pipeline.extract.funding_categories import category_at, plural_at
from pipeline.extract.funding_fronted import bracket_owner, fronted, with_owner
from pipeline.extract.funding_roles import (
    ARTICLE,
    CUES,
    Named,
    compile_cues,
    cue_pattern,
    entity_after_article,
    entity_at,
    fold,
)
from pipeline.extract.funding_subjects import (
    DEFINITE_END_RE,
    Found,
    anaphor_at,
    antecedents,
    paragraph_start,
    subject_recipients,
)
from pipeline.lang import load_json

RECIPIENTS: dict[str, Any] = load_json("funding_recipients.json")
# characters after the amount within which a weak cue ('per le', 'ai') may introduce recipients
WEAK_RECIPIENT_WINDOW = 70
# at most this many bodies joined by commas and 'e' are read as one list of recipients
MAX_JOINED = 8
_LABELS = ("ORG", "LOC", "PER")

_RECIPIENT_RE = compile_cues(RECIPIENTS["recipient"])
_WEAK_RECIPIENT = frozenset(RECIPIENTS["weak_recipient"])
# a request verb right before a weak cue, or its object between ('ha chiesto aiuto agli esercenti'):
# 'chiederà al Congresso' names who is asked, not who gets
_REQUEST_BEFORE_RE = re.compile(
    cue_pattern(RECIPIENTS["request_verbs"]) + r"(?:\s+[^\W\d_]+){0,2}?\s*$", re.IGNORECASE
)
REQUEST_LOOKBACK = 30
# a funding verb or noun between a weak cue and a later amount ties them: 'per le 8 università, a ciascuna
# sono destinate risorse pari a ...'
_FUNDING_CUE_RE = compile_cues(
    [w for kind in ("allocation", "grant", "transfer", "investment") for w in CUES["kinds"][kind]]
)
# the last word of a cue that says to whom ('destinati ai', 'a favore di'), not what ('finanzia')
_TO_WHOM = frozenset(RECIPIENTS["plural_categories"]["to_whom_links"])
_THANKS_RE = compile_cues(RECIPIENTS["thanks_openers"])
_DISTRIBUTIVE_RE = compile_cues(RECIPIENTS["distributive"])
_DISTRIBUTED_RE = re.compile(r"\s*(?:,\s*)?" + cue_pattern(RECIPIENTS["distributive"]), re.IGNORECASE)
_NUMBER_WORD = "(?:" + "|".join(sorted(RECIPIENTS["number_morphemes"], key=len, reverse=True)) + ")+"
# 'a' before a number introduces whom: 'a ventidue imprese artigiane', 'a 312 comuni lombardi'
_COUNTED_RE = re.compile(
    r"(?<![^\W\d_])(?:a|ad)(?=\s+(?:\d{1,3}(?:\.\d{3})+|\d+|" + _NUMBER_WORD + r")\s)", re.IGNORECASE
)
_BREAK_RE = re.compile(r"[,;:]|\s(?:e|ed)\s", re.IGNORECASE)
# a purpose clause: 'per' and an infinitive ('per potenziare', 'per sviluppare')
_PURPOSE_CLAUSE_RE = re.compile(r"(?<![^\W\d_])per\s+[a-zà-ù]+(?:are|ere|ire)(?![^\W\d_])", re.IGNORECASE)
_SINGULAR: dict[str, str] = {fold(k): v for k, v in RECIPIENTS["singular"].items()}
_SINGULAR_RE = re.compile(r"\s*(?P<cat>" + cue_pattern(list(RECIPIENTS["singular"])) + ")", re.IGNORECASE)
# ', ' or ' e ' and an optional preposition before the next of several recipients
_JOIN_RE = re.compile(
    r"\s*(?:,\s*(?:(?:e|ed)(?![^\W\d_]))?|(?:e|ed)(?![^\W\d_]))\s*"
    r"(?:(?:a|ad|per|in\s+favore\s+di|a\s+favore\s+di)\s+)?"
    r"(?:(?:ai|agli|alle|al|alla|dei|degli|delle|del|della|dal|dalla|dai|dagli|dalle|da)\s+"
    r"|(?:all|dell|dall)['\u2019]\s*)?" + ARTICLE,
    re.IGNORECASE,
)
_AND_ARTICLE_RE = re.compile(r"\s*(?:e|ed)\s+" + ARTICLE, re.IGNORECASE)
_TYPE_WORD_RE = re.compile(
    r"\s*" + ARTICLE + cue_pattern(RECIPIENTS["type_words"]) + r"(?:\s+(?-i:[a-zà-ù]+))?\s+", re.IGNORECASE
)
_PROJECT_HEAD_RE = re.compile(
    r"\s*" + ARTICLE + r"(?:\S+\s+)??" + cue_pattern(RECIPIENTS["project_heads"]), re.IGNORECASE
)
_OWNER_LINK_RE = re.compile(
    r"(?:"
    + cue_pattern(RECIPIENTS["project_owner_verbs"])
    + r"\s+)?"
    + cue_pattern(
        ["da", "dal", "dalla", "dallo", "dai", "dagli", "dalle", "dall'", *RECIPIENTS["purpose_links"]]
    ),
    re.IGNORECASE,
)
_CLAUSE_END_RE = re.compile(r"[,;:.]\s")
# 'a' right after the amount before a name: '180.000 euro a Fotonica Srl'
_TO_RE = re.compile(r"\s+(?:a|ad)(?=\s)", re.IGNORECASE)
_FOR_RE = re.compile(r"\s+per\s+", re.IGNORECASE)
# a place after the amount and 'di' ('ai 96 milioni di Roma') is where that money goes
_OWNED_BY_RE = re.compile(r"\s+(?:di|del|della)\s+")
# a short description in lower case before a comma: 'l'ex fidanzato di Hina, ' (then a person's name)
_APPOSITION_RE = re.compile(r"\s*" + ARTICLE + r"[a-zà-ù][^,.;:()\d]{0,40}?,\s*")


def _singular(text: str, pos: int, hi: int, lower: bool = False) -> tuple[str, int] | None:
    """A category in the singular after 'a ciascun', 'per ogni': its plural ('Comune' -> 'comuni'); in
    lower case only when `lower` ('per impresa', not 'per Regione Lombardia')."""
    m = _SINGULAR_RE.match(text, pos, hi)
    if m is None or (lower and not m.group("cat").islower()):
        return None
    return _SINGULAR[fold(m.group("cat"))], m.end()


def _apposition(text: str, pos: int, hi: int, inside: Sequence[Named]) -> tuple[str, int, int] | None:
    """A person named after a short description and a comma: 'all'ex fidanzato di lei, Mario Rossi'."""
    m = _APPOSITION_RE.match(text, pos, hi)
    e = entity_at(inside, m.end(), ("PER",), 0) if m else None
    return (e.name, e.start, e.end) if e is not None else None


def _one(
    text: str, pos: int, hi: int, inside: Sequence[Named], after_cue: bool, plural: bool | None = None
) -> tuple[str, int, int, bool] | None:
    """(name, start, end, is a category) of the body or category at pos (after a cue, or after a join):
    a name after a type word ('alla startup X'); the owner of projects ('progetti presentati da X'); with
    `plural` set, a plural noun that is no listed category (funding_categories.plural_at: any that names no
    thing after a strong cue, True; one that ends like a person or group after a weak one, False)."""
    e = (
        entity_after_article(text, inside, pos, _LABELS, True)
        if after_cue
        else entity_at(inside, pos, _LABELS, 1)
    )
    typed = _TYPE_WORD_RE.match(text, pos, hi) if e is None else None
    e = entity_at(inside, typed.end(), _LABELS, 0) if typed else e
    if e is not None:
        return e.name, e.start, e.end, False
    if _PROJECT_HEAD_RE.match(text, pos, hi) and category_at(text, pos, hi) is None:
        return _project_owner(text, pos, hi, inside)  # 'il progetto del Comune di X'
    cat = category_at(text, pos, hi)
    if cat is None and plural is not None:
        cat = plural_at(text, pos, hi, plural)
    if cat is not None and _PROJECT_HEAD_RE.match(text, pos, hi):
        return _project_owner(text, pos, hi, inside)
    if cat is not None:
        return cat[0], pos, cat[1], True
    found = _apposition(text, pos, hi, inside) if after_cue else None
    return (*found, False) if found is not None else None


def _project_owner(
    text: str, pos: int, hi: int, inside: Sequence[Named]
) -> tuple[str, int, int, bool] | None:
    """Who owns the projects at pos: the body or category after 'di' or after 'presentati da' in the same
    clause ('progetti di ricerca presentati da imprese lombarde' -> 'imprese lombarde')."""
    stop = _CLAUSE_END_RE.search(text, pos, hi)
    for m in _OWNER_LINK_RE.finditer(text, pos, stop.start() if stop else hi):
        owner = _one(text, m.end(), hi, inside, True)
        if owner is not None:
            return owner
    return None


# a comma and 'di' with an article, no 'e': after a person, the body the person belongs to
_AFFILIATION_RE = re.compile(r"\s*,\s*(?:dei|degli|delle|del|della|dello|dell['\u2019]\s*)")


def _is_person(entities: Sequence[Named], at: int) -> bool:
    return any(e.start == at and e.label == "PER" for e in entities)


def _joined(
    text: str, first: tuple[str, int, int, bool], hi: int, inside: Sequence[Named], plural: bool | None = None
) -> list[Found]:
    """The first recipient and those joined to it: 'a favore di X e Y', 'ai comuni e alle scuole'; two
    categories joined by 'e' and an article only are one ('le Regioni e le Province autonome')."""
    out = [Found(first[1], first[0], first[3])]
    at = first[2]
    for _ in range(MAX_JOINED):
        link = _JOIN_RE.match(text, at, hi)
        nxt = (
            _one(text, link.end(), hi, inside, False, False if plural is not None else None) if link else None
        )
        if link is None or nxt is None:
            break
        if _AFFILIATION_RE.fullmatch(text, at, link.end()) and _is_person(inside, out[-1].at):
            break  # 'a Chiara Ferri, dell'Università di Pavia': where the person works
        if out[-1].category and nxt[3] and _AND_ARTICLE_RE.fullmatch(text, at, link.end()):
            out[-1] = Found(out[-1].at, f"{out[-1].name} e {nxt[0]}", True)
        else:
            out.append(Found(nxt[1], nxt[0], nxt[3]))
        at = nxt[2]
    return out


def _cue_applies(text: str, m: re.Match[str], span: tuple[int, int], amount: tuple[int, int]) -> bool:
    """False for a cue inside the amount, and for a weak cue ('ai', 'per le') far from it, after a request
    verb ('ha chiesto aiuto ai'), or far before it with no funding word between."""
    lo = span[0]
    if amount[0] <= m.start() < amount[1]:
        return False
    if " ".join(m.group(0).lower().split()) not in _WEAK_RECIPIENT:
        return True
    if any(t.end() == m.end() for t in _THANKS_RE.finditer(text, max(lo, m.start() - 8), m.end())):
        return False  # 'grazie alla X': who pays, not who gets
    if m.start() >= amount[1] + WEAK_RECIPIENT_WINDOW:
        return False
    far = m.end() < amount[0] - WEAK_RECIPIENT_WINDOW
    if far and _FUNDING_CUE_RE.search(text, m.end(), amount[0]) is None:
        return False
    return not _REQUEST_BEFORE_RE.search(text[max(lo, m.start() - REQUEST_LOOKBACK) : m.start()])


def _cued(
    text: str, span: tuple[int, int], amount: tuple[int, int], entities: Sequence[Named], floor: int
) -> list[tuple[int, list[Found]]]:
    """(cue start, recipients) for each recipient cue of text[span] that applies to the amount."""
    lo, hi = span
    inside = [e for e in entities if lo <= e.start and e.end <= hi]
    out: list[tuple[int, list[Found]]] = []
    cues = sorted([*_RECIPIENT_RE.finditer(text, lo, hi), *_COUNTED_RE.finditer(text, lo, hi)], key=_start)
    for m in cues:
        if not _cue_applies(text, m, span, amount):
            continue
        anaphor = anaphor_at(text, m.end(), hi, bool(DEFINITE_END_RE.search(m.group(0))))
        back = antecedents(text, anaphor, lo, entities, floor) if anaphor else []
        if back:
            out.append((m.start(), [Found(m.end(), name, False) for name in back]))
            continue
        bare = fold(m.group(0)) == "per"  # 'per giovani ricercatori': only before a category
        cue = " ".join(m.group(0).lower().split())
        strong = cue not in _WEAK_RECIPIENT and cue.split()[-1] in _TO_WHOM and m.re is _RECIPIENT_RE
        first = _one(text, m.end(), hi, [] if bare else inside, not bare, strong)
        if first is not None and (first[3] or not bare):
            out.append((m.start(), _joined(text, first, hi, inside, strong)))
    for m in _DISTRIBUTIVE_RE.finditer(text, lo, hi):
        bare = fold(m.group(0)) == "per"
        cat = _singular(text, m.end(), hi, bare) if not amount[0] <= m.start() < amount[1] else None
        if cat is not None:
            out.append((m.start(), [Found(m.end(), cat[0], True)]))
    return out


def _start(m: re.Match[str]) -> int:
    return m.start()


def _last_break(text: str, start: int, end: int) -> tuple[int, int] | None:
    """(start, end) of the last ',', ';', ':' or 'e' in text[start:end], where one item of a list ends."""
    breaks = list(_BREAK_RE.finditer(text, start, end))
    return (breaks[-1].start(), breaks[-1].end()) if breaks else None


def _stretch(
    text: str, span: tuple[int, int], amount: tuple[int, int], others: Sequence[tuple[int, int]]
) -> tuple[int, int]:
    """The amount's own stretch of its sentence, in a list of amounts and whom they go to ('4 milioni alla
    Sapienza, 2,5 milioni a Tor Vergata' as 'alla Sapienza 4 milioni, a Tor Vergata 2,5 milioni'): from
    the last break after the amount before it (and the category that one is counted per) to the last
    break before the amount after it, and no further than a purpose clause ('per potenziare i servizi
    rivolti agli anziani')."""
    lo, hi = span
    before = [e for s, e in others if lo <= s and e <= amount[0]]
    after = [s for s, _ in others if amount[1] <= s < hi]
    start = max(before) if before else lo
    each = _DISTRIBUTED_RE.match(text, start, hi) if before else None
    if each is not None and _singular(text, each.end(), hi) is not None:
        start = each.end()
    cut = _last_break(text, start, amount[0]) if before else None
    end = after[0] if after else hi
    stop = _last_break(text, amount[1], end) if after else None
    purpose = _PURPOSE_CLAUSE_RE.search(text, amount[1], hi)
    ends = [stop[0] if stop else end, *([purpose.start()] if purpose else [])]
    return (cut[1] if cut else start), min(ends)


def find_recipients(
    text: str,
    span: tuple[int, int],
    amount: tuple[int, int],
    entities: Sequence[Named],
    floor: int = 0,
    others: Sequence[tuple[int, int]] = (),
) -> list[str]:
    """Who gets the money, from the cues of text[span]: named bodies or categories.

    Args:
        text: the document text.
        span: the sentence (or list lead) the cues are read in.
        amount: the amount's offsets (a weak cue such as 'ai' counts only near it).
        entities: the document's entity mentions.
        floor: where the document's body starts (an anaphor looks back no further).
        others: where the document's amounts are (a cue between another amount and this one is that
            amount's, unless this one has none of its own).
    """
    lo, hi = span
    each = _DISTRIBUTED_RE.match(text, amount[1], hi) if amount[1] > amount[0] else None
    cat = _singular(text, each.end(), hi, fold(each.group(0).strip(" ,")) == "per") if each else None
    if cat is not None:
        return [cat[0]]  # '5.000 euro per impresa': whom the amount is counted per
    bracketed = bracket_owner(text, lo, amount, entities) or with_owner(text, lo, amount, entities)
    if bracketed is not None:
        return [bracketed]  # 'il Comune di X (700.000 euro per la piscina)': the amount of the body before
    owned = _OWNED_BY_RE.match(text, amount[1], hi) if amount[1] > amount[0] else None
    place = entity_at(entities, owned.end(), ("LOC",), 0) if owned else None
    if place is not None:
        return [place.name]
    hits = _cued(text, span, amount, entities, floor)
    written_first = fronted(text, lo, amount, entities)
    if written_first is not None:
        hits.append(written_first)
    after_amount = _TO_RE.match(text, amount[1], hi) if amount[1] > amount[0] else None
    direct = _one(text, after_amount.end(), hi, entities, True) if after_amount else None
    if direct is not None and not direct[3]:
        hits.append((amount[1], _joined(text, direct, hi, [e for e in entities if lo <= e.start < hi])))
    for_body = _FOR_RE.match(text, amount[1], hi) if amount[1] > amount[0] and direct is None else None
    body = entity_at(entities, for_body.end(), ("ORG",), 0) if for_body else None
    if body is not None:  # '4,5 milioni per X': an organisation named right after the amount and 'per'
        hits.append((amount[1], [Found(body.start, body.name, False)]))
    first, last = _stretch(text, span, amount, [o for o in others if o[0] != amount[0]])
    own = [found for at, found in hits if first <= at < last]
    inside = [e for e in entities if lo <= e.start and e.end <= hi]
    subjects = _own_subjects(text, (lo, hi), amount, (inside, entities), floor, others)
    before = [g for at, g in hits if at < amount[0]]
    found = [f for group in (own if any(own) or subjects else before) for f in group]
    found.extend(subjects)
    if any(not f.category for f in found):
        found = [f for f in found if not f.category]  # named bodies over a category describing them
    out: list[str] = []
    for f in sorted(found):
        if fold(f.name) not in {fold(o) for o in out}:
            out.append(f.name)
    return out


def _own_subjects(
    text: str,
    span: tuple[int, int],
    amount: tuple[int, int],
    names: tuple[Sequence[Named], Sequence[Named]],
    floor: int,
    others: Sequence[tuple[int, int]],
) -> list[Found]:
    """The subjects of the receiving verbs of the sentence (names: the entities inside it, and all), but
    one after this amount with another amount after it, which is that amount's ('198 mila euro va a X,
    mentre la startup Y ottiene 176 mila euro')."""
    inside, entities = names
    return [
        f
        for f in subject_recipients(text, span, inside, entities, floor)
        if not (f.at >= amount[1] and any(f.at < s < span[1] for s, _ in others if s != amount[0]))
    ]


_PROJECT_REF_RE = compile_cues(RECIPIENTS["project_reference"])
_PROJECT_OWNER_RE = compile_cues(RECIPIENTS["project_owner"])


def project_owner(text: str, span: tuple[int, int], entities: Sequence[Named], floor: int = 0) -> list[str]:
    """The owner of the project a sentence refers back to ('il costo del progetto'), when an earlier
    sentence of the paragraph names it ('il progetto di Bracco spa', 'il progetto presentato da X')."""
    lo, hi = span
    if _PROJECT_REF_RE.search(text, lo, hi) is None:
        return []
    owners = []
    for m in _PROJECT_OWNER_RE.finditer(text, paragraph_start(text, lo, floor), lo):
        e = entity_after_article(text, entities, m.end(), ("ORG", "PER"))
        if e is not None:
            owners.append(e.name)
    return owners[-1:]


def recipient_at(text: str, pos: int, span: tuple[int, int], entities: Sequence[Named]) -> str | None:
    """The body or category right after pos (past an article) in text[span], e.g. a verb's object."""
    inside = [e for e in entities if span[0] <= e.start and e.end <= span[1]]
    found = _one(text, pos, span[1], inside, True)
    return found[0] if found is not None else None


def recipients_at(text: str, pos: int, span: tuple[int, int], entities: Sequence[Named]) -> list[str]:
    """The body or category right after pos (past an article) in text[span] and those joined to it."""
    inside = [e for e in entities if span[0] <= e.start and e.end <= span[1]]
    found = _one(text, pos, span[1], inside, True)
    return [f.name for f in _joined(text, found, span[1], inside)] if found is not None else []


def past_type_word(text: str, pos: int, hi: int) -> int:
    """Where a name starts after a type word at pos ('con la società X' -> X), else pos."""
    typed = _TYPE_WORD_RE.match(text, pos, hi)
    return typed.end() if typed else pos
