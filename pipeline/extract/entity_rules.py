"""Rule and gazetteer candidates for entity mentions over a tokenized Italian document.

The rules cover what a small statistical model misses most: names of Italian institutions built on
a head word (`Regione Lombardia`, `Fondazione Politecnico di Milano`), companies with a legal form
(`Bracco spa`), people introduced by a title or a first name, places from the ISTAT and country
gazetteers, programmes and funds, and acronyms (ANNOTATION.md decision 4). Each rule gives its
mentions a named priority of `entity_priorities`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from spacy.lang.it.stop_words import STOP_WORDS
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc

from pipeline.extract.entity_codes import body_codes
from pipeline.extract.entity_names import (
    YEAR_RE,
    company_suffix_end,
    cut_after_place,
    cut_before_person,
    extend_name,
    extend_year,
    head_at,
    holds_company_word,
    is_adjective_before_name,
    is_keyword,
    is_unmarked_legal_form,
    past_particles,
    place_end,
)
from pipeline.extract.entity_parts import (
    INITIAL_RE,
    MAX_PERSON_TOKENS,
    after_last_and,
    first_name_opens,
    is_first_name,
    name_after_head,
    name_seat,
    seat_start,
    start_after_person,
    unit_name_end,
)
from pipeline.extract.entity_patterns import (
    AND_WORDS,
    FOREIGN_PARTICLES,
    LOWER_HEADS_IN_NAME,
    NAME_CONNECTORS,
    NO_PERSON_HEADS,
    NOT_SURNAME_PLACE_KINDS,
    PERSON_PARTICLES,
    PLACE_PREFIXES,
    REGION_KINDS,
    STREET_LEADS,
    TITLE_MODIFIERS,
    UNIT_HEADS,
    EntityPatterns,
    known_org_spans,
)
from pipeline.extract.entity_priorities import PRIORITY
from pipeline.extract.entity_programme_nouns import programmes_after_nouns
from pipeline.extract.entity_tokens import RuleSpan, Toks, span_text, view_tokens

MAX_ACRONYM_LETTERS = 6
MAX_ACRONYM_CHARS = 9
ACRONYM_RE = re.compile(r"^[A-ZÀ-Ý][A-ZÀ-Ý0-9&]*(-[A-ZÀ-Ý0-9]+)*$")
MIXED_CASE_RE = re.compile(r"[A-Z][a-z]*[A-Z][A-Za-z]*(-[A-Z][A-Za-z]*)?")
# an upper-case word with a plural "s" (`PMIs`) is not a mixed-case code
PLURAL_ACRONYM_RE = re.compile(r"[A-Z0-9&-]+s")
# the letters an acronym or a mixed-case code starts with (ACRONYM_RE, MIXED_CASE_RE)
CODE_FIRST_LETTERS = frozenset(map(chr, [*range(ord("A"), ord("Z") + 1), *range(ord("À"), ord("Ý") + 1)]))
# a lower-case surname after a title is a common noun when it is longer than this and ends like one
MIN_NOUN_LENGTH = 6


def _heads(doc: Toks, patterns: EntityPatterns) -> Iterable[RuleSpan]:
    firsts = patterns.org_heads_by_first
    for i in [k for k, t in enumerate(doc) if t.lower_ in firsts]:
        token = doc[i]
        n = head_at(doc, i, patterns)
        if not n or (i > 0 and head_at(doc, i - 1, patterns) and not doc[i - 1].is_space):
            continue
        after = i + n
        if after >= len(doc):
            continue
        if token.is_cap:
            yield from _capitalised_head(doc, i, after, patterns)
        elif doc[after].is_name_word and doc[after].lower_ not in STOP_WORDS:
            # "regione Lombardia" is a name, "la provincia di Milano" is not
            end = cut_after_place(
                doc, after, extend_name(doc, after, patterns, allow_newline=False), patterns
            )
            if token.lower_ in LOWER_HEADS_IN_NAME:
                yield RuleSpan(i, end, "ORG", PRIORITY.head_with_name)
                continue
            # `l'ospedale Manzoni` di `Lecco`: the seat after the name is a place (GUIDELINE.md §7)
            seat = name_seat(doc, after, end, patterns)
            if seat is None:
                yield RuleSpan(after, end, "ORG", PRIORITY.name_after_common_head)
                continue
            yield RuleSpan(after, seat, "ORG", PRIORITY.name_after_common_head)
            yield RuleSpan(seat + 1, end, "LOC", PRIORITY.name_after_common_head)


def _capitalised_head(doc: Toks, i: int, after: int, patterns: EntityPatterns) -> Iterable[RuleSpan]:
    """The name a capitalised head word at i (ending at `after`) starts, or the head word alone."""
    end = name_after_head(doc, i, after, patterns)
    if doc[i].lower_ in NO_PERSON_HEADS:
        end = cut_before_person(doc, after, end, patterns)
    if doc[i].lower_ in UNIT_HEADS:
        end = unit_name_end(doc, after, end, patterns)
    if end > after:
        end = cut_after_place(doc, after, end, patterns)
        seat = seat_start(doc, i, after, end, patterns)
        if seat is None:
            yield RuleSpan(i, end, "ORG", PRIORITY.head_with_name)
            return
        yield RuleSpan(i, seat, "ORG", PRIORITY.head_with_name)
        while doc[seat].lower_ in NAME_CONNECTORS:
            seat += 1
        yield RuleSpan(seat, end, "LOC", PRIORITY.head_with_name)
        return
    head_text = span_text(doc, i, after)
    if head_text in patterns.bare_heads and not doc[after].text.startswith("-"):
        yield RuleSpan(i, after, "ORG", PRIORITY.bare_head, bare_head=True)
    elif head_text in patterns.org_aliases:
        yield RuleSpan(i, after, "ORG", PRIORITY.known_head)


def _chunks(doc: Toks, patterns: EntityPatterns) -> Iterable[tuple[int, int]]:
    """Maximal capitalised names, leading stop words dropped."""
    starts = [i for i, t in enumerate(doc) if t.is_name_word and t.text != "&" and t.lower_ not in STOP_WORDS]
    end = 0
    for i in starts:
        if i >= end:
            end = extend_name(doc, i, patterns, allow_newline=False)
            yield i, end


def _keyword_orgs(doc: Toks, patterns: EntityPatterns) -> Iterable[RuleSpan]:
    for chunk_start, end in _chunks(doc, patterns):
        start = chunk_start
        # capitalised common words opening a sentence are not part of the name
        while (
            start < end
            and not is_keyword(doc[start], patterns)
            and (
                doc[start].lower_ in patterns.common_words
                or doc[start].lower_ in NAME_CONNECTORS
                or doc[start].lower_ in AND_WORDS
            )
        ):
            start += 1
        keyword_at = next((k for k in range(start, end) if is_keyword(doc[k], patterns)), None)
        if keyword_at is not None:
            # "la Ricerca e l'Innovazione e dei Cluster Tecnologici": the name starts after the last "e"
            start = after_last_and(doc, start, keyword_at)
            # the person may open with a first name that is also a word (`Chiara`, `Serena`), or one
            # that is a stop word and so stands before the run (`Sara`)
            person = (
                chunk_start - 1
                if chunk_start and doc[chunk_start - 1].text in patterns.first_names
                else chunk_start
            )
            if start_after_person(doc, person, keyword_at, patterns) == keyword_at:
                start = keyword_at
            end = cut_before_person(doc, keyword_at + 1, end, patterns)
            if doc[start].lower_ in UNIT_HEADS:
                end = unit_name_end(doc, start + 1, end, patterns)
            if any(
                not is_keyword(t, patterns) and t.is_alpha and t.lower_ not in patterns.common_words
                for t in doc[start:end]
            ):
                yield RuleSpan(start, end, "ORG", PRIORITY.keyword_org)
        yield from _legal_form_company(doc, _company_start(doc, chunk_start, start, end), end, patterns)


def _company_start(doc: Toks, chunk_start: int, start: int, end: int) -> int:
    """Where a company's name starts in a capitalised run (`start`: past the dictionary words that open
    it). In running text, after a lower-case word, its dictionary words stay (di `Fratelli Guarnieri
    Srl`, il fondo `Pietra Angolare SGR`) and the names before its last `e` go (`Ca' Foscari` e `Vela
    Capital SGR`); at a sentence's start or in capitals they go (`Nasce Quantira Srl`)."""
    before = doc[chunk_start - 1] if chunk_start > 0 else None
    running = before is not None and before.text.isalpha() and before.text.islower()
    first = chunk_start if running and not doc[chunk_start].text.isupper() else start
    return after_last_and(doc, first, end)


def _legal_form_company(doc: Toks, start: int, end: int, patterns: EntityPatterns) -> Iterable[RuleSpan]:
    """The name start..end with the legal form after it (`Bracco spa`), or ending in one."""
    suffix_end = company_suffix_end(doc, end, patterns) if end < len(doc) else end
    if suffix_end > end and start < end:
        yield RuleSpan(start, suffix_end, "ORG", PRIORITY.company_with_legal_form)
    elif end - start >= 2 and is_unmarked_legal_form(doc[end - 1].text.replace(".", "").lower(), patterns):
        yield RuleSpan(start, end, "ORG", PRIORITY.company_with_legal_form)


def _person_name_end(doc: Toks, i: int, patterns: EntityPatterns) -> int:
    """End of a person name (capitalised words, particles such as `de`) starting at i."""
    end = i
    k = i
    while k < len(doc) and k - i < MAX_PERSON_TOKENS:
        token = doc[k]
        if (
            (token.is_cap and token.is_alpha)
            or (token.is_cap and "-" in token.text)
            or (token.text.endswith("'") and token.is_cap)
        ):
            if token.lower_ in STOP_WORDS or head_at(doc, k, patterns):
                break
            end = k + 1
            k += 1
        elif token.text in PERSON_PARTICLES and end > i and past_particles(doc, k + 1) < len(doc):
            k = past_particles(doc, k + 1)
            if not doc[k].is_cap:
                break
        else:
            break
    return end


def _persons(doc: Toks, patterns: EntityPatterns) -> Iterable[RuleSpan]:
    # a person starts at a title or at a capitalised word (a first name or an initial)
    titles = patterns.person_titles
    for i in [k for k, t in enumerate(doc) if t.is_cap or t.lower_ in titles]:
        token = doc[i]
        if token.lower_ in patterns.person_titles and i + 1 < len(doc):
            yield from _titled_person(doc, i, patterns)
        elif (
            is_first_name(token, patterns)
            and token.is_cap
            and i + 1 < len(doc)
            # "San Marino", "Villa Ada": a first name inside a place name is not a person's
            and not (i > 0 and doc[i - 1].text in PLACE_PREFIXES)
        ):
            # past the particles before a surname (`Katrin van der Berg`)
            surname = i + 1 if doc[i + 1].text not in PERSON_PARTICLES else past_particles(doc, i + 2)
            end = _person_name_end(doc, surname, patterns) if surname < len(doc) else surname
            end = end if end > surname else i + 1
            # a surname may be a town's name too (Angelo Bagnasco), not a region's or a country's
            if (
                end > i + 1
                and patterns.places.get(span_text(doc, i + 1, end)) not in NOT_SURNAME_PLACE_KINDS
                and first_name_opens(doc, i, end, patterns)
            ):
                # a word of companies' names after the first name makes a company (`Elettra Cavi`,
                # `Aurora Capital Partners`), as for the model's people (entity_spans.company_by_name_words)
                company = holds_company_word(doc, i + 1, end)
                yield RuleSpan(i, end, "ORG" if company else "PER", PRIORITY.first_name_person)
        elif INITIAL_RE.fullmatch(token.text) and i + 1 < len(doc) and doc[i + 1].is_cap:
            end = _person_name_end(doc, i + 1, patterns)
            if end > i + 1 and doc[i + 1].lower_ not in patterns.common_words:
                yield RuleSpan(i, end, "PER", PRIORITY.initial_person)


def _titled_person(doc: Toks, i: int, patterns: EntityPatterns) -> Iterable[RuleSpan]:
    """The person a title at token i introduces: `l'assessore Fabrizio Sala`."""
    start = i + 1
    while start < len(doc) and (
        doc[start].lower_ in patterns.person_titles or doc[start].lower_ in TITLE_MODIFIERS
    ):
        start += 1
    if start >= len(doc):
        return
    if is_adjective_before_name(doc, start):
        start += 1  # `il presidente nigeriano Ibrahim Okafor`, `l'opposto polacco Bartosz Wierzchowski`
    name_start = start
    if doc[start].text in FOREIGN_PARTICLES and start + 1 < len(doc) and doc[start + 1].is_cap:
        name_start = start + 1
    end = _person_name_end(doc, name_start, patterns)
    first = doc[name_start]
    if (
        end > name_start
        and first.is_cap
        and patterns.places.get(first.text) not in NOT_SURNAME_PLACE_KINDS
        and not (len(first.lower_) > MIN_NOUN_LENGTH and first.lower_.endswith(patterns.noun_endings))
    ):
        yield RuleSpan(start, end, "PER", PRIORITY.titled_person)


def _streets(doc: Toks, patterns: EntityPatterns) -> Iterable[RuleSpan]:
    heads = patterns.street_heads
    for i in [k for k, t in enumerate(doc) if t.text in heads]:
        lower = doc[i].text.islower()
        if lower and (i == 0 or doc[i - 1].lower_ not in STREET_LEADS):
            continue
        if i + 1 < len(doc):
            end = extend_name(doc, i + 1, patterns, allow_newline=False)
            if lower:
                # `via Padova` di `Milano`, `via Vernavola` a `Pavia`: the place after a connector is apart
                end = next((k for k in range(i + 1, end) if doc[k].lower_ in NAME_CONNECTORS), end)
            if end > i + 1:
                yield RuleSpan(i, end, "LOC", PRIORITY.street)


def _programme_heads(doc: Toks, patterns: EntityPatterns) -> Iterable[RuleSpan]:
    heads = patterns.programme_heads
    for i in [k for k, t in enumerate(doc) if t.text in heads]:
        if i + 1 < len(doc):
            end = extend_name(doc, i + 1, patterns, allow_newline=False)
            if end > i + 1 and not head_at(doc, i + 1, patterns):
                yield RuleSpan(i, extend_year(doc, end), "PROGRAMME", PRIORITY.programme_head)


def _is_acronym(text: str, patterns: EntityPatterns) -> bool:
    """An upper-case acronym or code (`AFIL`, `LE2C`, `H2020`) that is not a stop-listed term or a year."""
    if not 2 <= len(text) <= MAX_ACRONYM_CHARS or ACRONYM_RE.match(text) is None:
        return False
    letters = sum(c.isalpha() for c in text)
    return (
        letters >= 2
        and (letters <= MAX_ACRONYM_LETTERS or any(c.isdigit() for c in text))
        and text not in patterns.acronym_stoplist
        and text.lower() not in patterns.common_words
        and not YEAR_RE.match(text)
    )


def _is_mixed_case_code(text: str, patterns: EntityPatterns) -> bool:
    """One word with inner capitals (`PoliHub`), not a plural acronym or a stop-listed term."""
    return (
        MIXED_CASE_RE.fullmatch(text) is not None
        and any(c.islower() for c in text)
        and not PLURAL_ACRONYM_RE.fullmatch(text)
        and sum(c.isupper() for c in text) >= 2
        and len(text) <= MAX_ACRONYM_CHARS
        and text not in patterns.acronym_stoplist
    )


def _acronyms(doc: Toks, patterns: EntityPatterns) -> Iterable[RuleSpan]:
    # a code has a capital or a digit after its first letter: a capitalised word (`Regione`) is none
    codes = [k for k, t in enumerate(doc) if t.text[:1] in CODE_FIRST_LETTERS and not t.text[1:].islower()]
    for i in codes:
        token = doc[i]
        if _is_acronym(token.text, patterns):
            region_end = (
                place_end(doc, i + 1, patterns, REGION_KINDS)
                if i + 1 < len(doc) and token.whitespace_ == " "
                else i + 1
            )
            if region_end > i + 1:
                yield RuleSpan(i, region_end, "ORG", PRIORITY.acronym_with_region)
            else:
                yield RuleSpan(i, i + 1, "ORG", PRIORITY.acronym)
        elif _is_mixed_case_code(token.text, patterns):
            yield RuleSpan(i, i + 1, "ORG", PRIORITY.mixed_case_code)


def _matches(
    doc: Doc, toks: Toks, matchers: dict[str, PhraseMatcher], patterns: EntityPatterns
) -> Iterable[RuleSpan]:
    for start, end in ((s, e) for _, s, e in matchers["LOC"](doc)):
        words = [t for t in toks[start:end] if t.text[:1].isalpha() and t.lower_ not in NAME_CONNECTORS]
        if words and all(t.is_cap for t in words) and not any(t.is_space for t in toks[start:end]):
            yield RuleSpan(start, end, "LOC", PRIORITY.known_place)
    for _, start, end in matchers["PROGRAMME"](doc):
        yield RuleSpan(start, extend_year(toks, end), "PROGRAMME", PRIORITY.known_programme)
    for start, end in known_org_spans(doc, matchers):
        yield RuleSpan(start, end, "ORG", PRIORITY.known_org)


def find_rule_candidates(
    doc: Doc, matchers: dict[str, PhraseMatcher], patterns: EntityPatterns, toks: Toks | None = None
) -> list[RuleSpan]:
    """Every rule and gazetteer candidate in the document, overlapping ones included.

    Args:
        doc: the tokenized document.
        matchers: from `make_phrase_matchers`.
        patterns: from `load_patterns`.
        toks: `view_tokens(doc)`, when the caller has it already.
    """
    toks = toks if toks is not None else view_tokens(doc)
    found: list[RuleSpan] = []
    for finder in (
        _heads,
        _keyword_orgs,
        _persons,
        _streets,
        _programme_heads,
        programmes_after_nouns,
        _acronyms,
        body_codes,
    ):
        found.extend(finder(toks, patterns))
    found.extend(_matches(doc, toks, matchers, patterns))
    return [c for c in found if c.end > c.start and not toks[c.end - 1].is_space]
