"""People as news writes them: by their age, or by a nickname in quotes.

A name followed by a comma and an age (`Sgarbossa, 58 anni, eletto con una lista
civica`, `M. R., 34 anni, originario di Foggia`, `Bartosz Wierzchowski, 31 anni`) is a person, as
news writes people and only people; every such name of the corpus's train and dev splits is a PER.
A capitalised phrase in quotes after a nickname's cue is a person too (GUIDELINE.md §1, nicknames:
`detto «il Cobra»`, `per tutti «Totò»`, `conosciuto come «Mister Rendimento»`), without the article
the quotes open with, when every word of it is capitalised; `chiamato` is no cue (`il programma,
chiamato «Cellula Viva»`), nor `detto` after an auxiliary (`ha detto «Siamo pronti»`).

The name is the run of capitalised words, initials and surname particles right before the comma, less
the dictionary words that open it (`Secondo`). It is not taken when a span of time follows the age (`10
anni fa`, `dopo`, `prima`), when it is a place of the gazetteers, in lines in capitals or title case
(where every word looks like a name), or when a rule as sure as a known name found it as something
else.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from pipeline.extract.entity_kinds import NAMED_AFTER_PEOPLE
from pipeline.extract.entity_model_checks import is_dictionary_word
from pipeline.extract.entity_names import previous_word
from pipeline.extract.entity_parts import are_name_words, is_first_name
from pipeline.extract.entity_patterns import (
    DEFINITE_ARTICLES,
    NAME_CONNECTORS,
    NICKNAME_CUES,
    PERSON_PARTICLES,
    PHRASE_ARTICLES,
    EntityPatterns,
)
from pipeline.extract.entity_priorities import PRIORITY
from pipeline.extract.entity_tokens import (
    RuleSpan,
    Toks,
    in_capital_lines,
    in_place_of_overlapped,
    plain_lower,
    skip_spaces,
    span_text,
)

AGE_RE = re.compile(r"\d{1,3}")
YEARS = frozenset({"anni", "anno"})
# words after `N anni` that make it a span of time, not an age
TIME_AFTER = frozenset({"fa", "dopo", "prima", "addietro"})
INITIAL_RE = re.compile(r"[A-ZÀ-Ý]\.(?:[A-ZÀ-Ý]\.)?")
MAX_NAME_WORDS = 5
OPENING_QUOTES = frozenset({"\u00ab", '"', "\u201c"})
CLOSING_QUOTES = frozenset({"\u00bb", '"', "\u201d"})
# before a participle they make it a verb (`ha detto`), not a nickname's cue (`detto`)
AUXILIARIES = frozenset(
    {"ho", "hai", "ha", "abbiamo", "avete", "hanno", "aveva", "avevano", "avrebbe", "abbia", "è"}
)
# `noto` or `conosciuto` a few words before `come` makes a nickname's cue too
KNOWN_AS = frozenset({"noto", "nota", "noti", "conosciuto", "conosciuta", "conosciuti"})
KNOWN_AS_REACH = 6
# the most words of a nickname
MAX_NICKNAME_WORDS = 4


def _aged(toks: Toks, comma: int) -> bool:
    """True when `, N anni` (or `, di N anni`) starts at the comma and is no span of time."""
    k = skip_spaces(toks, comma + 1)
    if k < len(toks) and toks[k].lower_ == "di":
        k = skip_spaces(toks, k + 1)
    if k >= len(toks) or not AGE_RE.fullmatch(toks[k].text):
        return False
    k = skip_spaces(toks, k + 1)
    if k >= len(toks) or toks[k].lower_ not in YEARS:
        return False
    k = skip_spaces(toks, k + 1)
    return k >= len(toks) or toks[k].lower_ not in TIME_AFTER


def _is_name_word(text: str, capitalised: bool) -> bool:
    return (capitalised and (text.replace("-", "").isalpha())) or INITIAL_RE.fullmatch(text) is not None


def name_before(toks: Toks, comma: int, patterns: EntityPatterns) -> int | None:
    """The start of the name that ends right before the comma, or None."""
    start = comma
    k = comma - 1
    while k >= 0 and comma - k <= MAX_NAME_WORDS:
        tok = toks[k]
        if _is_name_word(tok.text, tok.is_cap):
            start = k
        elif tok.text != "-" and tok.text not in PERSON_PARTICLES and tok.lower_ not in PERSON_PARTICLES:
            break
        k -= 1
    while (
        start < comma
        and toks[start].text not in patterns.first_names
        and is_dictionary_word(toks[start], patterns)
    ):
        start += 1
    if start == comma or not _is_name_word(toks[start].text, toks[start].is_cap):
        return None
    return start


def people_by_age(
    toks: Toks,
    chosen: list[RuleSpan],
    patterns: EntityPatterns,
    capitals: Sequence[tuple[int, int]] | None = None,
) -> list[RuleSpan]:
    """The mentions with every name before `, N anni` a person, in place of a weaker mention over it."""
    people = []
    shouted = in_capital_lines(toks, capitals)
    for comma, tok in enumerate(toks):
        if tok.text != "," or comma in shouted or not _aged(toks, comma):
            continue
        start = name_before(toks, comma, patterns)
        if start is None or span_text(toks, start, comma) in patterns.places:
            continue
        over = [c for c in chosen if c.start < comma and start < c.end]
        if any(c.priority >= PRIORITY.strong_rule and c.label != "PER" for c in over):
            continue
        if any(c.label == "PER" and c.start <= start and c.end == comma for c in over):
            continue
        people.append(RuleSpan(start, comma, "PER", PRIORITY.model))
    return in_place_of_overlapped(chosen, people)


def _cue_ends_at(toks: Toks, k: int) -> bool:
    """True when a nickname's cue ends at token k (spaces and a comma before the quotes allowed)."""
    words = [t.lower_ for t in toks[max(0, k - KNOWN_AS_REACH) : k + 1] if not t.is_space]
    if len(words) > 1 and words[-2] in AUXILIARIES:  # `ha detto «...»` quotes what was said
        return False
    if words[-1:] == ["come"] and KNOWN_AS & set(words):  # `noto tra i clienti come «Mister Rendimento»`
        return True
    return any(tuple(words[-len(cue) :]) == cue for cue in NICKNAME_CUES)


def nickname_at(toks: Toks, quote: int) -> tuple[int, int] | None:
    """The nickname inside the quotes opening at token `quote`, after a cue, or None."""
    k = previous_word(toks, quote)
    if k is not None and toks[k].text == ",":
        k = previous_word(toks, k)
    if k is None or not _cue_ends_at(toks, k):
        return None
    start = quote + 1
    if start < len(toks) and plain_lower(toks[start].lower_) in PHRASE_ARTICLES:
        start += 1
    end = start
    while end < len(toks) and toks[end].text not in CLOSING_QUOTES and end - start < MAX_NICKNAME_WORDS:
        end += 1
    if end >= len(toks) or toks[end].text not in CLOSING_QUOTES or end == start:
        return None
    # a name: every word capitalised but its connectors (`Siamo pronti` is a quote)
    words = [t for t in toks[start:end] if not t.is_space]
    if not words[0].is_cap or not all(t.is_cap or t.lower_ in NAME_CONNECTORS for t in words):
        return None
    return start, end


def nicknames(toks: Toks, chosen: list[RuleSpan]) -> list[RuleSpan]:
    """The mentions with every nickname after its cue a person, in place of what overlapped it."""
    found = [span for k, t in enumerate(toks) if t.text in OPENING_QUOTES and (span := nickname_at(toks, k))]
    return in_place_of_overlapped(
        chosen, [RuleSpan(start, end, "PER", PRIORITY.model) for start, end in found]
    )


# words between a role and the body it is a role of: `il presidente della`, `presidente di turno dell'`
_ROLE_LINKS = frozenset(
    {"di", "del", "della", "dello", "dei", "degli", "delle", "dell'", "dell\u2019", "turno"}
)
# how many words may stand between a role and the body
_ROLE_REACH = 3
# nouns of bodies named after a person: the name right after them is theirs (`la Fondazione Bruno
# Kessler`, `l'Università Carlo Cattaneo`), not a person's beside the body
_NAMED_AFTER = NAMED_AFTER_PEOPLE | {"università", "associazione", "aeroporto", "stadio", "premio", "centro"}


def people_after_bodies(toks: Toks, chosen: Sequence[RuleSpan], patterns: EntityPatterns) -> list[RuleSpan]:
    """A body's mention after a role that ends in a person's full name is the body and the person
    (GUIDELINE.md §0): `il segretario del` `Partito Democratico` `Matteo Renzi`, `la portavoce della`
    `Commissione` `Pia Hansen`; so is a lower-case noun before a full name (`pubblico ministero` `Paola
    Conti`, no body). The name is a first name and the words after it to the mention's end, all names
    (`entity_parts.are_name_words`); without a role before it, a name at a body's end is the body's own
    (`Università di Napoli Federico II`, `Dipartimento di Ingegneria Enzo Ferrari`), unless what comes
    before the name is a whole name the gazetteers know and the mention is not (`Likud` `Benjamin
    Netanyahu`). A mention of any label that runs from a known place or body into a full name is split
    the same way (`Gran Bretagna` `Gordon Brown`, `Sardegna` `Ugo Cappellacci`)."""
    out: list[RuleSpan] = []
    for c in chosen:
        cut = _person_at_end(toks, c, patterns)
        if cut is None:
            out.append(c)
            continue
        known = _known_label(span_text(toks, c.start, cut), patterns)
        if known and _known_label(span_text(toks, c.start, c.end), patterns):
            known = None
        body = any(t.is_cap and t.is_alpha for t in toks[c.start : cut])
        if c.label == "ORG" and (known or not body or _after_role(toks, c.start, patterns)):
            if body:
                out.append(RuleSpan(c.start, cut, "ORG", c.priority))
        elif c.label != "ORG" and known:
            out.append(RuleSpan(c.start, cut, c.label if c.label == "LOC" else known, c.priority))
        else:
            out.append(c)
            continue
        out.append(RuleSpan(cut, c.end, "PER", c.priority))
    return out


def _known_label(text: str, patterns: EntityPatterns) -> str | None:
    """ORG for a body the gazetteers know by this form, LOC for a known place, else None."""
    if text in patterns.org_aliases:
        return "ORG"
    return "LOC" if text in patterns.places else None


def _after_role(toks: Toks, start: int, patterns: EntityPatterns) -> bool:
    """Whether a role stands before `start`, with only the links of a complement between."""
    k = start - 1
    while k >= 0 and start - k <= _ROLE_REACH and toks[k].lower_ in _ROLE_LINKS:
        k -= 1
    return k >= 0 and toks[k].lower_ in patterns.person_titles


def _person_at_end(toks: Toks, c: RuleSpan, patterns: EntityPatterns) -> int | None:
    """Where the person's name that ends body mention c starts: its first first name, after a word that
    is no kind of body named after people and before names only."""
    for k in range(c.start + 1, c.end - 1):
        t = toks[k]
        if not (t.is_cap and t.is_alpha and is_first_name(t, patterns)):
            continue
        names, before = toks[k + 1 : c.end], toks[k - 1]
        if (
            before.text[:1].isalpha()
            and before.lower_ not in _NAMED_AFTER
            and all(w.is_cap for w in names)
            and are_name_words(names, patterns)
        ):
            return k
        return None
    return None


# the definite articles with a preposition: Italian writes no person's full name after one
_ARTICLED_PREPOSITIONS = DEFINITE_ARTICLES - PHRASE_ARTICLES - {"col"}


def no_people_after_articles(toks: Toks, chosen: list[RuleSpan]) -> list[RuleSpan]:
    """The mentions without the persons of two or more words right after a definite article with a
    preposition (`del Santo Padre`, `della Marina Militare Italiana`, `al Victoria Park`, `del Rubin
    Kazan`): a person's surname takes one after it (`della Schiffer`, `del Cavaliere`), a full name
    none. Of the corpus's train, dev and reserve sentences, one person's name of two words follows one
    (`il costume del Crociato Incappucciato`), against 21 of one word."""
    return [
        c for c in chosen if not (c.label == "PER" and c.end - c.start >= 2 and _after_article(toks, c.start))
    ]


def _after_article(toks: Toks, start: int) -> bool:
    k = previous_word(toks, start)
    return k is not None and plain_lower(toks[k].lower_) in _ARTICLED_PREPOSITIONS
