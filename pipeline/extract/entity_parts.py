"""A body's part and the body it belongs to (`Dipartimento di Fisica e Astronomia` of `Università di
Bologna`), and a person named right before the body they work at (`Chiara Benedetti dell'Università
di Parma`): where each name starts and ends."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from spacy.lang.it.stop_words import STOP_WORDS

from pipeline.extract.entity_names import MAX_CONNECTOR_RUN, extend_name, head_at, is_keyword, place_end
from pipeline.extract.entity_patterns import (
    AND_WORDS,
    BARE_ARTICLES,
    FOREIGN_PARTICLES,
    HEAD_ADJECTIVES,
    NAME_CONNECTORS,
    PERSON_PARTICLES,
    SEAT_HEADS,
    EntityPatterns,
)
from pipeline.extract.entity_tokens import Tok, Toks, is_upper_word, span_text

MAX_PERSON_TOKENS = 4
INITIAL_RE = re.compile(r"[A-Z]\.")
# the links after a head's adjectives that open the rest of its name (`Azienda sanitaria provinciale di
# Catanzaro`); not `per` (`Unione europea` per i `Balcani`)
GENITIVE_LINKS = frozenset({"di", "d'", "del", "della", "dello", "dei", "degli", "delle", "dell'"})


def start_after_person(doc: Toks, start: int, keyword_at: int, patterns: EntityPatterns) -> int:
    """`Chiara Benedetti dell'Università di Parma`, `R. Falchi del Politecnico di Bari`: a body named
    right after a person and a connector starts at its organisation word, two mentions (GUIDELINE.md §0)."""
    first = doc[start]
    if first.text not in patterns.first_names and not INITIAL_RE.fullmatch(first.text):
        return start
    k = start + 1
    while k < keyword_at and doc[k].is_cap and k - start < MAX_PERSON_TOKENS:
        k += 1
    connectors = k
    while connectors < keyword_at and doc[connectors].lower_ in NAME_CONNECTORS:
        connectors += 1
    return keyword_at if k > start + 1 and connectors == keyword_at > k else start


def after_last_and(doc: Toks, start: int, stop: int) -> int:
    """Where a name starts in start..stop: after the last `e` and the connectors after it, or at start."""
    ands = [k for k in range(start, stop) if doc[k].lower_ in AND_WORDS]
    if not ands:
        return start
    first = ands[-1] + 1
    while first < stop and doc[first].lower_ in NAME_CONNECTORS:
        first += 1
    return first


def is_first_name(token: Tok, patterns: EntityPatterns) -> bool:
    """An Italian first name or one of people from outside Italy (`entity_patterns.world_first_names`)."""
    name = token.text.title()
    return name in patterns.first_names or name in patterns.world_first_names


def first_name_opens(doc: Toks, start: int, end: int, patterns: EntityPatterns) -> bool:
    """Whether the first name at `start` opens a person's name `doc[start:end]`. An Italian first name
    always does; one of people from outside Italy only where no capitalised word runs into it from
    before (`New York Andrew Cuomo`) and every other word is a name: a word of a person's name in the
    training text, or no dictionary word (`Adam Lanza`, `Condoleezza Rice`; not `London Stock Exchange`,
    `Emmy Awards`); and never where the name or its first word is a known body's (`Morgan Stanley`,
    `Aston Villa`)."""
    if doc[start].text.title() in patterns.first_names:
        return True
    aliases = patterns.org_aliases
    if doc[start].text in aliases or span_text(doc, start, end) in aliases:
        return False
    if start > 1 and doc[start - 1].is_cap and not (doc[start - 2].is_punct or doc[start - 2].is_space):
        return False
    return are_name_words(doc[start + 1 : end], patterns)


def are_name_words(tokens: Iterable[Tok], patterns: EntityPatterns) -> bool:
    """Every word is a name: a word of a person's name in the training text, or no dictionary word
    (`Lanza`, `Rice`; not `Stock`, `Manufacturing`); the particles before a surname aside (`van der`)."""
    return all(
        is_name_word(t.text, patterns)
        for t in tokens
        if t.is_alpha and t.text not in PERSON_PARTICLES and t.text not in FOREIGN_PARTICLES
    )


def is_name_word(word: str, patterns: EntityPatterns) -> bool:
    """A word of a person's name in the training text, or no dictionary word (`Lanza`; not `Cavi`)."""
    low = word.lower()
    return word in patterns.person_words or not (
        low in patterns.common_words or low in patterns.english_words
    )


def is_subject_word(token: Tok, patterns: EntityPatterns) -> bool:
    """A capitalised word that may name a department's subject (`Astronomia`), not a body, a place, an
    acronym or a person."""
    return (
        token.is_cap
        and token.is_alpha
        and not token.text.isupper()
        and not is_keyword(token, patterns)
        and token.text not in patterns.org_aliases
        and token.text not in patterns.first_names
        and token.text not in patterns.places
    )


def unit_name_end(doc: Toks, after: int, end: int, patterns: EntityPatterns) -> int:
    """The name of a body's part (head before `after`) goes on over its subjects listed with commas and
    `e` (`Dipartimento di Fisica e Astronomia`, `di Scienze Agrarie, Forestali e Alimentari`) and ends
    before the body it belongs to: a run of connectors followed by another head or organisation word
    (`dell'Università di Bologna`). Its seat is apart too (`Dipartimento di Ingegneria Enzo Ferrari`
    di `Modena`)."""
    k, listed = end, end
    while (
        k + 1 < len(doc)
        and (doc[k].lower_ in AND_WORDS or doc[k].text == ",")
        and is_subject_word(doc[k + 1], patterns)
        and not head_at(doc, k + 1, patterns)
    ):
        joined_by_and = doc[k].lower_ in AND_WORDS
        k += 1
        while k < len(doc) and is_subject_word(doc[k], patterns) and not head_at(doc, k, patterns):
            k += 1
        if joined_by_and:
            listed = k  # a list of subjects ends with its item after `e`
    k = listed
    body = another_body_at(doc, after + 1, k, patterns)
    if body is not None:
        return body
    return next(
        (
            j
            for j, nxt in connector_runs(doc, after + 1, k)
            if place_end(doc, nxt, patterns) == k and nxt - 1 > after
        ),
        k,
    )


def connector_runs(doc: Toks, start: int, end: int) -> Iterator[tuple[int, int]]:
    """The runs of connectors that start in start..end (`di`, `della`, `per la`): where each starts and
    where the word after it is (at most `end`)."""
    for j in range(start, end):
        if doc[j].lower_ in NAME_CONNECTORS and doc[j - 1].lower_ not in NAME_CONNECTORS:
            nxt = j
            while nxt < end and doc[nxt].lower_ in NAME_CONNECTORS:
                nxt += 1
            yield j, nxt


def another_body_at(
    doc: Toks, start: int, end: int, patterns: EntityPatterns, *, acronyms: bool = False
) -> int | None:
    """The first connector in start..end after which another body's name begins: a head or an
    organisation word (`dell'Università`), a known body of one word (`del Cnr`, `dell'ENEA`), or with
    `acronyms` any upper-case word (`dell'ASE`)."""
    for j, nxt in connector_runs(doc, start, end):
        if nxt < end and (
            head_at(doc, nxt, patterns)
            or is_keyword(doc[nxt], patterns)
            or doc[nxt].text in patterns.org_aliases
            or (acronyms and is_upper_word(doc[nxt]))
        ):
            return j
    return None


def seat_start(doc: Toks, i: int, after: int, end: int, patterns: EntityPatterns) -> int | None:
    """Where the seat of a generic body (head at i..after, name to `end`) starts: the first connector of
    the run before a gazetteer place that ends the name (`Procura della Repubblica` di `Lagonegro`,
    `Corte d'Appello` di `Milano`); None for a body with no such seat or another head."""
    if span_text(doc, i, after).lower() not in SEAT_HEADS:
        return None
    # the head before `after` is no connector, so a run that opens the name starts one
    return next(
        (
            j
            for j, place in connector_runs(doc, after, end)
            if place < end and place_end(doc, place, patterns) == end
        ),
        None,
    )


# the prepositions that put a seat after a body's proper name
SEAT_LINKS = frozenset({"di", "d'"})


def name_seat(doc: Toks, start: int, end: int, patterns: EntityPatterns) -> int | None:
    """The `di` before the seat that ends the proper name start..end after a common head noun
    (`Manzoni` di `Lecco`, `Terre di Murgia` di `Altamura`), or None; none where the place ends the name
    of another body inside it (`I3P del Politecnico di Torino`)."""
    for j in range(end - 2, start, -1):
        if doc[j].lower_ in SEAT_LINKS:
            inner_body = any(
                head_at(doc, k, patterns) or is_keyword(doc[k], patterns) for k in range(start, j)
            )
            return j if place_end(doc, j + 1, patterns) == end and not inner_body else None
    return None


def name_after_head(doc: Toks, i: int, after: int, patterns: EntityPatterns) -> int:
    """End of the name a capitalised head word at i..after starts: its capitalised words (`Regione
    Lombardia`), or else a connector-led name after the head and its lower-case adjectives (`Ministero
    dello Sviluppo economico`, `Azienda ospedaliero-universitaria di Sassari`); `after` when none follows
    (`Fondazione il Comune di Torino`: a bare article opens none)."""
    end = extend_name(doc, after, patterns)
    if end > after:
        return end
    k = named = head_adjectives_end(doc, i, after)
    while k < len(doc) and doc[k].lower_ in NAME_CONNECTORS and k - named < MAX_CONNECTOR_RUN:
        k += 1
    if (
        k > named
        and k < len(doc)
        and doc[named].lower_ not in BARE_ARTICLES
        and (named == after or doc[named].lower_ in GENITIVE_LINKS)
        and doc[k].is_name_word
        and doc[k].lower_ not in STOP_WORDS
    ):
        return extend_name(doc, k, patterns)
    return after


def head_adjectives_end(doc: Toks, i: int, after: int) -> int:
    """End of the lower-case adjectives of `HEAD_ADJECTIVES` right after the head word at i..after,
    joined by hyphens too (`ospedaliero-universitaria`); `after` when there are none or the head is one
    whose seat splits (`Corte penale internazionale` dell'`Aia`)."""
    if span_text(doc, i, after).lower() in SEAT_HEADS:
        return after
    k = after
    while k < len(doc) and doc[k].text.islower() and doc[k].lower_ in HEAD_ADJECTIVES:
        k += 1
        glued = (
            k + 1 < len(doc) and doc[k].text == "-" and not doc[k - 1].whitespace_ and not doc[k].whitespace_
        )
        if glued and doc[k + 1].text.islower() and doc[k + 1].lower_ in HEAD_ADJECTIVES:
            k += 1
    return k
