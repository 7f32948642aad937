"""Proper-name phrases in the role slots of a funding fact, where the entity stage found no name, a shorter
one or a longer one (`tests/gold/FUNDING.md` §3).

The funding rules read funders and recipients from the entity mentions; this module gives them the names
the text writes whatever the entity stage made of them:

- a name is a capitalised word and the capitalised words joined to it by spaces or connectors ('Fondazione
  del Monte di Bologna', 'Vertis Venture 4 Scaleup'), with a company's legal form ('Electra Celle Srl');
  lower-case words join it only right before its acronym in brackets ('Consiglio europeo per
  l'innovazione (EIC)');
- a name is taken where the text itself says it is one: after a type noun ('la società padovana Enerbit',
  'l'associazione Euritmica'), with a legal form, before an acronym in brackets; or where a role slot
  needs one: after a slot cue ('a favore di', 'dal', 'grazie a', 'andranno a') and as the subject of a
  receiving verb at the start of a sentence ('Agrisense chiude un round', 'Medilens, la startup pisana
  ..., ha raccolto');
- a found name is stretched to the whole phrase the text writes, and cut before a purpose it ran on into
  ('Fondazione CRC per la digitalizzazione dei servizi') or before the body it belongs to ('X
  dell'Università di Y' is X and the Università di Y);
- names listed between dashes or brackets after a noun are names; a name marked once is a mention
  wherever the document writes it again (a headline); an acronym in brackets stands for the name before
  it; a name right after a programme noun ('il bando «X»', 'il progetto X') is a programme.

Never a programme (a PROGRAMME mention, or a name opened by 'Fondo', 'Bando' ...), a category ('ai
Comuni'), a place the entity stage found as a place after a bare preposition, a date or an amount.
Words in `lang/it/funding_recipients.json` ('name_slots'); pure, over the document text and its entities.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from pipeline.extract.funding_categories import category_at
from pipeline.extract.funding_name_phrases import (
    ACRONYM_RE,
    ACRONYM_STOPLIST,
    CLOSING,
    CODE_AFTER_RE,
    COMMON_WORDS,
    FIRST_NAMES,
    HEADS,
    LEGAL_END_RE,
    LIST_CLOSE_RE,
    LIST_RE,
    LIST_SEP_RE,
    LIST_WINDOW,
    OFFICES,
    ORIGIN_BEFORE_RE,
    OWNER_LINK_RE,
    PROGRAMME_NOUN_RE,
    PURPOSE_CUT_RE,
    SENTENCE_START_RE,
    SLOT_BEFORE_RE,
    SLOT_LOOKBACK,
    SUBJECT_AFTER_RE,
    SUBJECT_LOOKBACK,
    TRAILING_LINK_RE,
    TYPED_RE,
    WORD_START_RE,
    last_word,
    name_end,
    stretch,
    surface,
)
from pipeline.extract.funding_names import is_organ
from pipeline.extract.funding_roles import Named


def _is_programme(start: int, end: int, entities: Sequence[Named]) -> bool:
    return any(e.label == "PROGRAMME" and e.start < end and start < e.end for e in entities)


def _typed(text: str, entities: Sequence[Named], places: frozenset[int]) -> list[tuple[Named, bool]]:
    """Names after a type noun: (mention, strong); the mention holds a naming noun ('associazione X')."""
    out = []
    for m in TYPED_RE.finditer(text):
        end = name_end(text, m.end(), len(text), places)
        if end is None or _is_programme(m.end(), end, entities):
            continue
        start = m.start() if m.group("naming") else m.end()
        out.append((Named(start, end, "ORG", surface(text, start, end), None), True))
    return out


def _in_slot(text: str, pos: int) -> bool:
    """True when a slot cue comes right before pos, not after an office ('l'assessore allo Sviluppo')."""
    m = SLOT_BEFORE_RE.search(text[max(0, pos - SLOT_LOOKBACK) : pos])
    if m is None:
        return False
    before = max(0, pos - SLOT_LOOKBACK) + m.start()
    return last_word(text, before).lower() not in OFFICES


def _is_subject(text: str, pos: int, end: int) -> bool:
    before = ("\n" if pos <= SUBJECT_LOOKBACK else "") + text[max(0, pos - SUBJECT_LOOKBACK) : pos]
    return SENTENCE_START_RE.search(before) is not None and bool(SUBJECT_AFTER_RE.match(text, end))


def _common(text: str, pos: int, end: int) -> bool:
    """True for a one-word phrase that is a common word or no organisation's acronym ('Ognuno', 'ISEE')."""
    word = surface(text, pos, end)
    return " " not in word and (word.lower() in COMMON_WORDS or word.upper() in ACRONYM_STOPLIST)


def _phrases(text: str, entities: Sequence[Named], places: frozenset[int]) -> list[tuple[Named, bool]]:
    """Every name phrase the text marks as one (legal form, acronym) or a role slot asks for; never a head
    word alone ('la Regione': the document's one Regione), a programme, a category, a common word, nor a
    code ('la Sp 4')."""
    out: list[tuple[Named, bool]] = []
    taken = 0
    for w in WORD_START_RE.finditer(text):
        pos = w.start()
        if pos < taken:
            continue
        end = name_end(text, pos, len(text), places)
        if end is None:
            continue
        taken = end
        alone = surface(text, pos, end).lower() in HEADS
        if alone or _is_programme(pos, end, entities) or category_at(text, pos, end) is not None:
            continue
        strong = bool(LEGAL_END_RE.search(text, pos, end)) or bool(ACRONYM_RE.match(text, end))
        weak = not strong and not CODE_AFTER_RE.match(text, end) and not _common(text, pos, end)
        slot = _in_slot(text, pos) or ORIGIN_BEFORE_RE.search(text, max(0, pos - SLOT_LOOKBACK), pos)
        if strong or (weak and (slot or _is_subject(text, pos, end))):
            out.append((Named(pos, end, "ORG", surface(text, pos, end), None), strong))
    return out


def _listed(text: str, entities: Sequence[Named], places: frozenset[int]) -> list[tuple[Named, bool]]:
    """The names listed between dashes or brackets after a noun ('Tre startup del Politecnico (X, Y e
    Z)', or the same between dashes): a person's name stays a person's."""
    out: list[tuple[Named, bool]] = []
    for m in LIST_RE.finditer(text):
        pos, hi = m.end(), m.end() + LIST_WINDOW
        items: list[tuple[int, int]] = []
        while True:
            end = name_end(text, pos, hi, places)
            if end is None:
                break
            items.append((pos, end))
            sep = LIST_SEP_RE.match(text, end, hi)
            if sep is None:
                break
            pos = sep.end()
        close = LIST_CLOSE_RE.match(text, items[-1][1], hi) if len(items) > 1 else None
        if close is None or close.group(0).strip()[:1] != CLOSING[m.group("open")]:
            continue
        for start, end in items:
            person = any(e.label == "PER" and e.start == start and e.end == end for e in entities)
            if not person:
                out.append((Named(start, end, "ORG", surface(text, start, end), None), True))
    return out


def _cut_purpose(text: str, e: Named) -> Named:
    """An organisation's mention cut before a purpose it ran on into ('Fondazione CRC per la ...')."""
    if e.label != "ORG" or ACRONYM_RE.match(text, e.end):
        return e
    m = PURPOSE_CUT_RE.search(text, e.start, e.end)
    if m is None:
        return e
    last = text[e.start : m.start()].split()[-1]
    if not last[:1].isupper() or last.lower() in HEADS:
        return e
    return Named(e.start, m.start(), e.label, surface(text, e.start, m.start()), e.id)


def _cut_owner(text: str, e: Named) -> list[Named]:
    """An organisation's or programme's mention cut in two before the body it belongs to, when the entity
    stage ran a proper name on into it ('Geomatica Sabina dell'Università della Tuscia' -> 'Geomatica
    Sabina' and 'Università della Tuscia'): the words before the link are capitalised words only, none of
    them a head word ('Ordine degli Ingegneri della Provincia di X' stays whole)."""
    if e.label not in ("ORG", "PROGRAMME"):
        return [e]
    for m in OWNER_LINK_RE.finditer(text, e.start, e.end):
        before = text[e.start : m.start()].split()
        after = text[m.end() : e.end].split()
        head = re.split(r"['\u2019]", after[0])[-1] if after else ""
        if head.lower() not in HEADS or not before:
            continue
        if not all(w[:1].isupper() and w.lower() not in HEADS for w in before):
            return [e]
        owner = m.end() + len(after[0]) - len(head)
        return [
            Named(e.start, m.start(), e.label, surface(text, e.start, m.start()), None),
            Named(owner, e.end, "ORG", surface(text, owner, e.end), None),
        ]
    return [e]


def _stretched(text: str, e: Named, entities: Sequence[Named], places: frozenset[int]) -> Named:
    """An organisation's mention stretched to the whole name the text writes (not an organ's: 'la Giunta
    comunale di Udine' is read by organ_bodies)."""
    if e.label != "ORG" or is_organ(text, e.start, e.end):
        return e
    end = stretch(text, e.end, len(text), places)
    if end == e.end or _is_programme(e.end, end, entities):
        return e
    if any(o.start >= e.end and o.start < end and o.label in ("ORG", "LOC") for o in entities if o is not e):
        return e  # a name of its own follows: not one name
    return Named(e.start, end, e.label, surface(text, e.start, end), e.id)


def _acronyms(text: str, out: Sequence[Named]) -> list[Named]:
    """A name's acronym in brackets after it stands for the name wherever the document writes it ('Rete
    Ferroviaria Italiana (RFI)': 'RFI' is the Rete Ferroviaria Italiana)."""
    full: dict[str, Named] = {}
    for e in out:
        m = ACRONYM_RE.match(text, e.end) if e.label == "ORG" else None
        if m is not None:
            full.setdefault(m.group(0).strip(" \t()"), e)
    if not full:
        return list(out)
    named = []
    for e in out:
        body = full.get(surface(text, e.start, e.end)) if e.label in ("ORG", "PER", "LOC") else None
        named.append(Named(e.start, e.end, "ORG", body.name, body.id) if body is not None else e)
    return named


def _programmes(text: str, entities: Sequence[Named]) -> list[Named]:
    """The mentions right after a programme noun relabelled as programmes ('il programma di accelerazione
    X', 'il bando «X»', 'il progetto X'): a call or a project is no body."""
    starts = {m.end() for m in PROGRAMME_NOUN_RE.finditer(text)}
    return [Named(e.start, e.end, "PROGRAMME", e.name, e.id) if e.start in starts else e for e in entities]


def slot_names(text: str, entities: Sequence[Named]) -> list[Named]:
    """The entity mentions with the names of role slots added or made whole.

    A phrase the text marks as a name (type noun, legal form, acronym) replaces the mentions it overlaps
    (but a programme) and keeps the identity of the one it covers most; a phrase a slot asks for is added
    where no mention is, and replaces a shorter mention inside it or a person's name (an organisation the
    entity stage took for a person); a mention the entity stage ran on into a purpose is cut, one it cut
    short is stretched; an acronym stands for the name it follows in brackets.
    """
    entities = _programmes(text, entities)
    places = frozenset(e.start for e in entities if e.label == "LOC")
    cut = [c for e in entities for c in _cut_owner(text, _cut_purpose(text, e))]
    out = [_stretched(text, e, cut, places) for e in cut]
    grown = [e for e, o in zip(out, cut, strict=True) if e.end > o.end]
    out = [e for e in out if not any(g is not e and g.start <= e.start and e.end <= g.end for g in grown)]
    found = [
        *_typed(text, entities, places),
        *_listed(text, entities, places),
        *_phrases(text, entities, places),
    ]
    for phrase, strong in found:
        overlap = [e for e in out if e.start < phrase.end and phrase.start < e.end]
        if any(e.label == "PROGRAMME" for e in overlap):
            continue
        if not strong:
            phrase = _before_other(text, phrase, overlap)
            overlap = [e for e in overlap if e.start < phrase.end]
        if strong or all(_weaker(e, phrase) for e in overlap):
            out = [e for e in out if e not in overlap]
            out.append(_identified(phrase, overlap))
    return _acronyms(text, _repeated(text, sorted(out, key=lambda e: (e.start, -e.end)), entities))


def _repeated(text: str, out: list[Named], entities: Sequence[Named]) -> list[Named]:
    """A name the text marked as one somewhere (after a type noun, in a slot) is a mention wherever the
    document writes it again and no mention covers it (a headline: 'Round da 4,5 milioni per X')."""
    given = {(e.start, e.end, e.label) for e in entities}
    added = {e.name for e in out if e.label == "ORG" and (e.start, e.end, e.label) not in given}
    extra: list[Named] = []
    for name in added:
        if " " not in name and name.lower() in COMMON_WORDS:
            continue
        for m in re.finditer(r"(?<![\w'\u2019-])" + re.escape(name) + r"(?![\w-])", text):
            if not any(e.start < m.end() and m.start() < e.end for e in [*out, *extra]):
                extra.append(Named(m.start(), m.end(), "ORG", name, None))
    return sorted([*out, *extra], key=lambda e: (e.start, -e.end)) if extra else out


def _before_other(text: str, phrase: Named, overlap: Sequence[Named]) -> Named:
    """A slot's phrase cut before a name of its own it runs into ('dalla Direzione Cultura di Regione
    Umbria' -> 'Direzione Cultura')."""
    others = [e.start for e in overlap if e.start > phrase.start and e.label == "ORG"]
    if not others:
        return phrase
    link = TRAILING_LINK_RE.search(text, phrase.start, min(others))
    end = link.start() if link else min(others)
    return Named(phrase.start, end, phrase.label, surface(text, phrase.start, end), phrase.id)


def _identified(phrase: Named, overlap: Sequence[Named]) -> Named:
    """The phrase with the identity of the organisation mention it covers most, so that the document's
    other mentions of that body keep its name."""
    orgs = [e for e in overlap if e.label == "ORG" and e.id is not None]
    if not orgs:
        return phrase
    best = max(orgs, key=lambda e: min(e.end, phrase.end) - max(e.start, phrase.start))
    return Named(phrase.start, phrase.end, phrase.label, phrase.name, best.id)


def _weaker(e: Named, phrase: Named) -> bool:
    """True when a mention overlapping a slot's phrase gives way to it: a shorter mention at its start, or
    a person's name inside it; a place found as a place stays, and so does a name of its own the phrase
    runs into ('allo Sviluppo Economico di Regione Lombardia')."""
    inside = phrase.start <= e.start and e.end <= phrase.end
    if e.label == "PER":  # a name taken for a person's that opens with a common word: 'Sviluppo Basilicata'
        first = e.name.split()[0] if e.name.split() else ""
        common = first.lower() in COMMON_WORDS and first not in FIRST_NAMES
        return inside and (e.end - e.start < phrase.end - phrase.start or common)
    return e.label != "LOC" and e.start == phrase.start and e.end < phrase.end
