"""Rule and gazetteer candidates for entity mentions over a tokenized Italian document.

The rules cover what a small statistical model misses most: names of Italian institutions built on
a head word (`Regione Lombardia`, `Fondazione Politecnico di Milano`), companies with a legal form
(`Bracco spa`), people introduced by a title or a first name, places from the ISTAT and country
gazetteers, programmes and funds, and acronyms (ANNOTATION.md decision 4).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable

from spacy.lang.it.stop_words import STOP_WORDS
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc

from pipeline.extract.entity_patterns import (
    DEFINITE_ARTICLES,
    FOREIGN_PARTICLES,
    NAME_ADJECTIVES,
    NAME_CONNECTORS,
    NO_PERSON_HEADS,
    NOT_SURNAME_PLACE_KINDS,
    PERSON_PARTICLES,
    PLACE_PREFIXES,
    TITLE_MODIFIERS,
    Candidate,
    EntityPatterns,
    Tok,
    Toks,
    span_text,
    view_tokens,
)

log = logging.getLogger(__name__)

MAX_NAME_TOKENS = 12
MAX_PERSON_TOKENS = 4
MAX_ACRONYM_LETTERS = 6
MAX_ACRONYM_CHARS = 9
# "e" joins two parts of one name only before these words ("Ministero dell'Economia e delle Finanze")
AND_WORDS = frozenset({"e", "ed"})
ARTICLE_PREPOSITIONS = frozenset({"del", "della", "dello", "dei", "degli", "delle", "dell'", "per"})
# a bare article joins a name only after one of these ("per le Smart Cities", "for the City")
ARTICLES = frozenset({"la", "il", "lo", "le", "gli", "i", "the"})
# heads that start a new name even in the middle of a capitalised run
STOP_HEADS = frozenset({"regione", "comune", "provincia", "ministero"})
# lower-case heads that belong to the name ("regione Lombardia"); others do not ("la società Alchemia")
LOWER_HEADS_IN_NAME = frozenset({"regione", "comune", "provincia", "ministero", "università", "politecnico"})
# an acronym followed by a region or country is one name: "ANCE Lombardia", "DIH Lombardia"
REGION_KINDS = frozenset({"region", "country"})
ELIDED_ARTICLE_RE = re.compile(r"^(l|un|dell|all|dall|nell|sull)['\u2019]", re.IGNORECASE)
YEAR_RE = re.compile(r"^(19|20)\d\d([-\u2013/](19|20)?\d\d)?$")
ACRONYM_RE = re.compile(r"^[A-ZÀ-Ý][A-ZÀ-Ý0-9&]*(-[A-ZÀ-Ý0-9]+)*$")


def _is_space(token: Tok) -> bool:
    return token.is_space


def _is_cap(token: Tok) -> bool:
    text = token.text
    return bool(text) and text[0].isupper()


def _is_name_word(token: Tok) -> bool:
    """Capitalised word, upper-case code (`LE2C`) or a number glued to a name (`Cluster 6`)."""
    text = token.text
    if not text or token.is_space or token.is_punct:
        return text in {"&"}
    return text[0].isupper() or (text[0].isdigit() and any(c.isalpha() for c in text))


def _is_upper_word(token: Tok) -> bool:
    return token.text.isupper() and any(c.isalpha() for c in token.text)


def _next_word(doc: Toks, i: int, allow_newline: bool) -> int | None:
    """Index of the next non-space token from i, crossing at most one line break."""
    if i < len(doc) and doc[i].is_space:
        # a tab separates table cells; two line breaks separate paragraphs
        if not allow_newline or doc[i].text.count("\n") > 1 or "\t" in doc[i].text:
            return None
        i += 1
    return i if i < len(doc) else None


def extend_name(doc: Toks, start: int, patterns: EntityPatterns, *, allow_newline: bool = True) -> int:
    """End (exclusive) of the capitalised name that goes on from token `start`."""
    end = start
    i = start
    while i < len(doc) and i - start < MAX_NAME_TOKENS:
        j = _next_word(doc, i, allow_newline)
        if j is None:
            break
        token = doc[j]
        low = token.lower_
        if j > start and doc[j - 1].text in patterns.org_end_keywords:
            break
        if j > start and (low in STOP_HEADS or token.text in patterns.programme_heads):
            break
        if j > i and low in STOP_WORDS:
            # a new line that opens with "Un", "Il"... is a new sentence, not the rest of the name
            break
        if j > start and _company_suffix_end(doc, j, patterns) > j:
            break
        if _is_name_word(token):
            end = i = j + 1
            continue
        if end > start and low in NAME_ADJECTIVES and not doc[end - 1].is_space:
            end = i = j + 1
            continue
        # a run of connectors is part of the name only when a capitalised word follows it
        k = j
        run = 0
        while k < len(doc) and run < 3 and (doc[k].lower_ in NAME_CONNECTORS or doc[k].lower_ in AND_WORDS):
            if doc[k].text == "-" and (doc[k - 1].whitespace_ or doc[k].whitespace_):
                return end
            if doc[k].lower_ in ARTICLES and (
                run == 0 or doc[k - 1].lower_ not in {"per", "for", "e", "and"}
            ):
                return end
            if doc[k].lower_ in AND_WORDS and not (
                k + 1 < len(doc)
                and (
                    doc[k + 1].lower_ in ARTICLE_PREPOSITIONS
                    or (
                        _is_cap(doc[k + 1])
                        and doc[k + 1].lower_ in patterns.common_words
                        and doc[k + 1].text not in patterns.org_keywords
                        and not _head_at(doc, k + 1, patterns)
                    )
                )
            ):
                return end
            k += 1
            run += 1
        if run and k < len(doc) and _is_name_word(doc[k]) and end > start and doc[k].lower_ not in STOP_HEADS:
            end = i = k + 1
            continue
        break
    return end


def _head_at(doc: Toks, i: int, patterns: EntityPatterns) -> int:
    """Length in tokens of the organisation head word starting at token i, or 0."""
    for head in patterns.org_heads_by_first.get(doc[i].lower_, ()):
        n = len(head)
        if i + n <= len(doc) and all(doc[i + k].lower_ == head[k] for k in range(1, n)):
            return n
    return 0


def _company_suffix_end(doc: Toks, i: int, patterns: EntityPatterns) -> int:
    """End of a legal form (`S.p.A.`, `spa`, `S.r.l.`) starting at token i, or i when there is none."""
    text = ""
    best = i
    for k in range(i, min(i + 4, len(doc))):
        if k > i and doc[k - 1].whitespace_:
            break
        text += doc[k].text
        key = text.replace(".", "").lower()
        if key in patterns.company_suffixes and (
            key not in {"sa", "ag", "nv", "bv"} or "." in text or text.isupper()
        ):
            # the final dot belongs to an abbreviation ("S.r.l."), not to "spa." at a sentence end
            best = k + 1 if not text.endswith(".") or "." in text[:-1] else k
            if "." in text and k + 1 < len(doc) and doc[k + 1].text == "." and not doc[k].whitespace_:
                best = k + 2
    return best


def _place_end(doc: Toks, i: int, patterns: EntityPatterns, kinds: frozenset[str] | None = None) -> int:
    """End of a gazetteer place name of one to three tokens starting at i (of one of `kinds`), or i."""
    for n in (3, 2, 1):
        if i + n <= len(doc) and _is_cap(doc[i]):
            text = span_text(doc, i, i + n)
            kind = patterns.places.get(text) or (
                patterns.places.get(text.title()) if text.isupper() else None
            )
            if kind is not None and (kinds is None or kind in kinds):
                return i + n
    return i


def _cut_after_place(doc: Toks, start: int, end: int, patterns: EntityPatterns) -> int:
    """A name built on a head ends with its place: `Regione Lombardia` in `Regione Lombardia Call Hub`."""
    for i in range(start, end):
        place_end = _place_end(doc, i, patterns)
        if place_end > i:
            return min(place_end, end)
    return end


def _cut_before_person(doc: Toks, start: int, end: int, patterns: EntityPatterns) -> int:
    """`Presidente del Consiglio Silvio Berlusconi`: the body's name ends where a person's name starts."""
    for k in range(start, end - 1):
        if doc[k].text in patterns.first_names and _is_cap(doc[k + 1]):
            return k
    return end


def _heads(doc: Toks, patterns: EntityPatterns) -> Iterable[Candidate]:
    for i, token in enumerate(doc):
        n = _head_at(doc, i, patterns)
        if not n or (i > 0 and _head_at(doc, i - 1, patterns) and not doc[i - 1].is_space):
            continue
        head_cap = _is_cap(token)
        after = i + n
        if after >= len(doc):
            continue
        if not head_cap:
            # "regione Lombardia" is a name, "la provincia di Milano" is not
            if not _is_name_word(doc[after]) or doc[after].lower_ in STOP_WORDS:
                continue
            end = _cut_after_place(
                doc, after, extend_name(doc, after, patterns, allow_newline=False), patterns
            )
            first = i if token.lower_ in LOWER_HEADS_IN_NAME else after
            yield Candidate(first, end, "ORG", 50 if first == i else 36)
            continue
        end = extend_name(doc, after, patterns)
        if end == after:
            # a connector-led name after the head: "Ministero dello Sviluppo economico"
            k = after
            while k < len(doc) and doc[k].lower_ in NAME_CONNECTORS and k - after < 3:
                k += 1
            if k > after and k < len(doc) and _is_name_word(doc[k]) and doc[k].lower_ not in STOP_WORDS:
                end = extend_name(doc, k, patterns)
        if token.lower_ in NO_PERSON_HEADS:
            end = _cut_before_person(doc, after, end, patterns)
        if end > after:
            yield Candidate(i, _cut_after_place(doc, after, end, patterns), "ORG", 50)
            continue
        head_text = span_text(doc, i, after)
        if head_text in patterns.bare_heads and not doc[after].text.startswith("-"):
            yield Candidate(i, after, "ORG", 10, bare_head=True)
        elif head_text in patterns.org_aliases:
            yield Candidate(i, after, "ORG", 45)


def _chunks(doc: Toks, patterns: EntityPatterns) -> Iterable[tuple[int, int]]:
    """Maximal capitalised names, leading stop words dropped."""
    i = 0
    while i < len(doc):
        token = doc[i]
        if _is_name_word(token) and token.text != "&" and token.lower_ not in STOP_WORDS:
            end = extend_name(doc, i, patterns, allow_newline=False)
            yield i, end
            i = end
        else:
            i += 1


def _is_keyword(token: Tok, patterns: EntityPatterns) -> bool:
    return token.text in patterns.org_keywords or token.text.capitalize() in patterns.org_keywords


def _keyword_orgs(doc: Toks, patterns: EntityPatterns) -> Iterable[Candidate]:
    for chunk_start, end in _chunks(doc, patterns):
        start = chunk_start
        # capitalised common words opening a sentence are not part of the name
        while (
            start < end
            and not _is_keyword(doc[start], patterns)
            and (
                doc[start].lower_ in patterns.common_words
                or doc[start].lower_ in NAME_CONNECTORS
                or doc[start].lower_ in AND_WORDS
            )
        ):
            start += 1
        keyword_at = next((k for k in range(start, end) if _is_keyword(doc[k], patterns)), None)
        if keyword_at is not None:
            # "la Ricerca e l'Innovazione e dei Cluster Tecnologici": the name starts after the last "e"
            ands = [k for k in range(start, keyword_at) if doc[k].lower_ in AND_WORDS]
            if ands:
                start = ands[-1] + 1
                while start < keyword_at and doc[start].lower_ in NAME_CONNECTORS:
                    start += 1
        if keyword_at is not None:
            end = _cut_before_person(doc, keyword_at + 1, end, patterns)
        span = doc[start:end]
        if keyword_at is not None and any(
            not _is_keyword(t, patterns) and t.is_alpha and t.lower_ not in patterns.common_words
            for t in span
        ):
            yield Candidate(start, end, "ORG", 40)
        suffix_end = _company_suffix_end(doc, end, patterns) if end < len(doc) else end
        if suffix_end > end and start < end:
            yield Candidate(start, suffix_end, "ORG", 55)
        elif end - start >= 2:
            last = doc[end - 1].text.replace(".", "").lower()
            if last in patterns.company_suffixes and last not in {"sa", "ag", "nv", "bv"}:
                yield Candidate(start, end, "ORG", 55)


def _person_name_end(doc: Toks, i: int, patterns: EntityPatterns) -> int:
    """End of a person name (capitalised words, particles such as `de`) starting at i."""
    end = i
    k = i
    while k < len(doc) and k - i < MAX_PERSON_TOKENS:
        token = doc[k]
        if (
            (_is_cap(token) and token.is_alpha)
            or (_is_cap(token) and "-" in token.text)
            or (token.text.endswith("'") and _is_cap(token))
        ):
            if token.lower_ in STOP_WORDS or _head_at(doc, k, patterns):
                break
            end = k + 1
            k += 1
        elif token.text in PERSON_PARTICLES and end > i and k + 1 < len(doc) and _is_cap(doc[k + 1]):
            k += 1
        else:
            break
    return end


def _persons(doc: Toks, patterns: EntityPatterns) -> Iterable[Candidate]:
    for i, token in enumerate(doc):
        low = token.lower_
        if low in patterns.person_titles and i + 1 < len(doc):
            start = i + 1
            while start < len(doc) and (
                doc[start].lower_ in patterns.person_titles or doc[start].lower_ in TITLE_MODIFIERS
            ):
                start += 1
            if start >= len(doc):
                continue
            name_start = start
            if doc[start].text in FOREIGN_PARTICLES and start + 1 < len(doc) and _is_cap(doc[start + 1]):
                name_start = start + 1
            end = _person_name_end(doc, name_start, patterns)
            first = doc[name_start]
            if (
                end > name_start
                and _is_cap(first)
                and patterns.places.get(first.text) not in NOT_SURNAME_PLACE_KINDS
                and not (len(first.lower_) > 6 and first.lower_.endswith(patterns.noun_endings))
            ):
                yield Candidate(start, end, "PER", 45)
        elif (
            token.text.title() in patterns.first_names
            and _is_cap(token)
            and i + 1 < len(doc)
            # "San Marino", "Villa Ada": a first name inside a place name is not a person's
            and not (i > 0 and doc[i - 1].text in PLACE_PREFIXES)
        ):
            end = (
                _person_name_end(doc, i + 1, patterns)
                if doc[i + 1].text not in PERSON_PARTICLES
                else _person_name_end(doc, i + 2, patterns)
            )
            # a surname may be a town's name too (Angelo Bagnasco), not a region's or a country's
            if end > i + 1 and patterns.places.get(span_text(doc, i + 1, end)) not in NOT_SURNAME_PLACE_KINDS:
                yield Candidate(i, end, "PER", 35)
        elif re.fullmatch(r"[A-Z]\.", token.text) and i + 1 < len(doc) and _is_cap(doc[i + 1]):
            end = _person_name_end(doc, i + 1, patterns)
            if end > i + 1 and doc[i + 1].lower_ not in patterns.common_words:
                yield Candidate(i, end, "PER", 30)


def _streets(doc: Toks, patterns: EntityPatterns) -> Iterable[Candidate]:
    for i, token in enumerate(doc):
        if token.text in patterns.street_heads and i + 1 < len(doc):
            end = extend_name(doc, i + 1, patterns, allow_newline=False)
            if end > i + 1:
                yield Candidate(i, end, "LOC", 42)


def _programme_heads(doc: Toks, patterns: EntityPatterns) -> Iterable[Candidate]:
    for i, token in enumerate(doc):
        if token.text in patterns.programme_heads and i + 1 < len(doc):
            end = extend_name(doc, i + 1, patterns, allow_newline=False)
            if end > i + 1 and not _head_at(doc, i + 1, patterns):
                yield Candidate(i, _extend_year(doc, end), "PROGRAMME", 38)


def _extend_year(doc: Toks, end: int) -> int:
    """Take in a programming period glued to a programme name (`POR FESR 2014-2020`, `H2020 2014-20`)."""
    if end < len(doc) and YEAR_RE.match(doc[end].text) and not doc[end - 1].is_space:
        end += 1
        # the tokenizer splits "2014-2020" into three tokens
        if (
            end + 1 < len(doc)
            and doc[end].text in {"-", "\u2013", "/"}
            and not doc[end - 1].whitespace_
            and not doc[end].whitespace_
            and YEAR_RE.match(doc[end + 1].text)
        ):
            end += 2
    return end


def _acronyms(doc: Toks, patterns: EntityPatterns) -> Iterable[Candidate]:
    for i, token in enumerate(doc):
        text = token.text
        letters = sum(c.isalpha() for c in text)
        if (
            len(text) >= 2
            and ACRONYM_RE.match(text)
            and letters >= 2
            and (letters <= MAX_ACRONYM_LETTERS or any(c.isdigit() for c in text))
            and len(text) <= MAX_ACRONYM_CHARS
            and text not in patterns.acronym_stoplist
            and text.lower() not in patterns.common_words
            and not YEAR_RE.match(text)
        ):
            place_end = (
                _place_end(doc, i + 1, patterns, REGION_KINDS)
                if i + 1 < len(doc) and token.whitespace_ == " "
                else i + 1
            )
            yield Candidate(
                i, place_end if place_end > i + 1 else i + 1, "ORG", 20 if place_end == i + 1 else 44
            )
        elif (
            re.fullmatch(r"[A-Z][a-z]*[A-Z][A-Za-z]*(-[A-Z][A-Za-z]*)?", text)
            and any(c.islower() for c in text)
            and not re.fullmatch(r"[A-Z0-9&-]+s", text)
            and sum(c.isupper() for c in text) >= 2
            and len(text) <= MAX_ACRONYM_CHARS
            and text not in patterns.acronym_stoplist
        ):
            yield Candidate(i, i + 1, "ORG", 15)


def _matches(
    doc: Doc, toks: Toks, matchers: dict[str, PhraseMatcher], patterns: EntityPatterns
) -> Iterable[Candidate]:
    for start, end in ((s, e) for _, s, e in matchers["LOC"](doc)):
        words = [t for t in toks[start:end] if t.text[:1].isalpha() and t.lower_ not in NAME_CONNECTORS]
        if words and all(_is_cap(t) for t in words) and not any(t.is_space for t in toks[start:end]):
            yield Candidate(start, end, "LOC", 25)
    for _, start, end in matchers["PROGRAMME"](doc):
        yield Candidate(start, _extend_year(toks, end), "PROGRAMME", 48)
    for _, start, end in matchers["ORG"](doc):
        yield Candidate(start, end, "ORG", 46)


def find_rule_candidates(
    doc: Doc, matchers: dict[str, PhraseMatcher], patterns: EntityPatterns, toks: Toks | None = None
) -> list[Candidate]:
    """Every rule and gazetteer candidate in the document, overlapping ones included.

    Args:
        doc: the tokenized document.
        matchers: from `make_phrase_matchers`.
        patterns: from `load_patterns`.
        toks: `view_tokens(doc)`, when the caller has it already.
    """
    toks = toks if toks is not None else view_tokens(doc)
    found: list[Candidate] = []
    for finder in (_heads, _keyword_orgs, _persons, _streets, _programme_heads, _acronyms):
        found.extend(finder(toks, patterns))
    found.extend(_matches(doc, toks, matchers, patterns))
    return [c for c in found if c.end > c.start and not toks[c.end - 1].is_space]


def _is_common(token: Tok, patterns: EntityPatterns, doc_lower: set[str]) -> bool:
    """A dictionary word rather than a name: known lower-case word, written lower-case in this
    document, or shaped like an abstract noun (`Innovazione`, `Sostenibilità`, `Manufacturing`)."""
    low = token.lower_
    return (
        low in patterns.common_words
        or low in patterns.english_words
        or low in doc_lower
        or (len(low) > 6 and low.endswith(patterns.noun_endings))
    )


def lower_words(toks: Toks) -> set[str]:
    """Words written in lower case somewhere in the document."""
    return {t.text for t in toks if t.is_alpha and t.text.islower()}


def is_plausible_model_span(
    toks: Toks, cand: Candidate, patterns: EntityPatterns, doc_lower: set[str]
) -> bool:
    """Whether a mention proposed by the statistical model looks like a name.

    The model, trained on news, reads any capitalised run as a name; brochures capitalise topics
    (`Ricerca e Innovazione`, `Smart Mobility`) and whole headings (`INFORMAZIONI GENERALI`).
    """
    words = [t for t in toks[cand.start : cand.end] if any(c.isalpha() for c in t.text)]
    last = toks[cand.end - 1]
    if not words or not _is_cap(toks[cand.start]) or not (_is_cap(last) or last.lower_ in NAME_ADJECTIVES):
        return False
    if len(words) == 1 and words[0].text in patterns.acronym_stoplist:
        return False
    word = words[0]
    if (
        len(words) == 1
        and len(word.lower_) > 6
        and word.lower_.endswith(patterns.verb_endings)
        and word.text not in patterns.first_names  # Orlando, Armando
    ):
        return False
    if ELIDED_ARTICLE_RE.match(toks[cand.start].text):
        return False
    names = [t for t in words if t.lower_ not in NAME_CONNECTORS and not _is_common(t, patterns, doc_lower)]
    if not names:
        # an institution named by its head word alone: "la Commissione", "il Parlamento europeo"
        before = toks[cand.start - 1].lower_ if cand.start else ""
        return (
            cand.label == "ORG" and before in DEFINITE_ARTICLES and _head_at(toks, cand.start, patterns) > 0
        )
    if cand.label == "PER":
        # a capitalised dictionary word is a person's name only after a known first name
        content = [t for t in words if t.lower_ not in NAME_CONNECTORS]
        if len(names) < len(content) and words[0].text not in patterns.first_names:
            return False
        return all(
            not _is_upper_word(t)
            and not _is_keyword(t, patterns)
            and not (len(t.lower_) > 6 and t.lower_.endswith(patterns.noun_endings))
            for t in words
        )
    return True


def select_outermost(candidates: Iterable[Candidate]) -> list[Candidate]:
    """Keep the longest, then most trusted, candidates that do not overlap (ANNOTATION decision 1)."""
    chosen: list[Candidate] = []
    taken: set[int] = set()
    for cand in sorted(candidates, key=lambda c: (-(c.end - c.start), -c.priority, c.start)):
        if not taken.intersection(range(cand.start, cand.end)):
            chosen.append(cand)
            taken.update(range(cand.start, cand.end))
    return sorted(chosen, key=lambda c: c.start)
