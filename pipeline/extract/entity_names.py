"""Where a name starts and ends over the token view: capitalised runs with their connectors, head words,
legal forms, gazetteer places and programming periods."""

from __future__ import annotations

import re

from spacy.lang.it.stop_words import STOP_WORDS

from pipeline.extract.entity_patterns import (
    AND_WORDS,
    ARTICLE_OPENERS,
    ARTICLE_PREPOSITIONS,
    BARE_ARTICLES,
    COMPANY_WORDS,
    FOREIGN_PARTICLES,
    NAME_ADJECTIVES,
    NAME_CONNECTORS,
    PERSON_PARTICLES,
    STOP_HEADS,
    EntityPatterns,
)
from pipeline.extract.entity_tokens import Tok, Toks, span_text

MAX_NAME_TOKENS = 12
# an adjective between a title and a name has more letters than this (`nigeriano`, `polacco`)
MIN_ADJECTIVE_LENGTH = 3
# a connector run longer than this ends the name
MAX_CONNECTOR_RUN = 3
YEAR_RE = re.compile(r"^(19|20)\d\d([-\u2013/](19|20)?\d\d)?$")
YEAR_SEPARATORS = frozenset({"-", "\u2013", "/"})


def next_word(doc: Toks, i: int, allow_newline: bool) -> int | None:
    """Index of the next non-space token from i, crossing at most one line break."""
    if i < len(doc) and doc[i].is_space:
        # a tab separates table cells; two line breaks separate paragraphs
        if not allow_newline or doc[i].text.count("\n") > 1 or "\t" in doc[i].text:
            return None
        i += 1
    return i if i < len(doc) else None


def previous_word(doc: Toks, i: int) -> int | None:
    """Index of the last non-space token before i, or None at the start."""
    k = i - 1
    while k >= 0 and doc[k].is_space:
        k -= 1
    return k if k >= 0 else None


def is_adjective_before_name(doc: Toks, k: int) -> bool:
    """A word in lower case at k, no stop word, with a capitalised word right after it."""
    return (
        k + 1 < len(doc)
        and doc[k].is_lower
        and doc[k].is_alpha
        and len(doc[k].text) > MIN_ADJECTIVE_LENGTH
        and doc[k].lower_ not in STOP_WORDS
        and doc[k + 1].is_cap
    )


def extend_name(doc: Toks, start: int, patterns: EntityPatterns, *, allow_newline: bool = True) -> int:
    """End (exclusive) of the capitalised name that goes on from token `start`."""
    end = start
    i = start
    while i < len(doc) and i - start < MAX_NAME_TOKENS:
        j = next_word(doc, i, allow_newline)
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
        if j > start and company_suffix_end(doc, j, patterns) > j:
            break
        if token.is_name_word:
            end = i = j + 1
            continue
        if end > start and low in NAME_ADJECTIVES and not doc[end - 1].is_space:
            end = i = j + 1
            continue
        if low not in NAME_CONNECTORS and low not in AND_WORDS:
            break
        # a run of connectors is part of the name only when a capitalised word follows it
        run = _connector_run(doc, j, patterns)
        if run is None:
            return end
        k, length = run
        if (
            length
            and k < len(doc)
            and doc[k].is_name_word
            and end > start
            and doc[k].lower_ not in STOP_HEADS
        ):
            end = i = k + 1
            continue
        break
    return end


def _connector_run(doc: Toks, j: int, patterns: EntityPatterns) -> tuple[int, int] | None:
    """End and length of the run of connectors at token j, or None when the run ends the name."""
    k = j
    run = 0
    while (
        k < len(doc)
        and run < MAX_CONNECTOR_RUN
        and (doc[k].lower_ in NAME_CONNECTORS or doc[k].lower_ in AND_WORDS)
    ):
        if doc[k].text == "-" and (doc[k - 1].whitespace_ or doc[k].whitespace_):
            return None
        if doc[k].lower_ in BARE_ARTICLES and (run == 0 or doc[k - 1].lower_ not in ARTICLE_OPENERS):
            return None
        if doc[k].lower_ in AND_WORDS and not _and_joins(doc, k, patterns):
            return None
        k += 1
        run += 1
    return k, run


def _and_joins(doc: Toks, k: int, patterns: EntityPatterns) -> bool:
    """The "e" at token k joins two parts of one name: an article with a preposition or a capitalised
    dictionary word (not an organisation word or head) follows it."""
    if k + 1 >= len(doc):
        return False
    after = doc[k + 1]
    return after.lower_ in ARTICLE_PREPOSITIONS or (
        after.is_cap
        and after.lower_ in patterns.common_words
        and after.text not in patterns.org_keywords
        and not head_at(doc, k + 1, patterns)
    )


def head_at(doc: Toks, i: int, patterns: EntityPatterns) -> int:
    """Length in tokens of the organisation head word starting at token i, or 0."""
    return phrase_at(doc, i, patterns.org_heads_by_first)


def phrase_at(
    doc: Toks, i: int, phrases: dict[str, tuple[tuple[str, ...], ...]], *, lower_case_only: bool = False
) -> int:
    """Length in tokens of the longest of `phrases` (`index_phrases`: lower-case words by the first)
    starting at token i, or 0; with `lower_case_only`, written in lower case (`il progetto`, not
    `Progetto`)."""
    word = doc[i].text if lower_case_only else doc[i].lower_
    for phrase in phrases.get(word, ()):
        n = len(phrase)
        if i + n <= len(doc) and all(
            (doc[i + k].text if lower_case_only else doc[i + k].lower_) == phrase[k] for k in range(1, n)
        ):
            return n
    return 0


def is_keyword(token: Tok, patterns: EntityPatterns) -> bool:
    """The token is a word that makes a capitalised name an organisation (`Associazione`, `Cluster`)."""
    return token.text in patterns.org_keywords or token.text.capitalize() in patterns.org_keywords


def is_unmarked_legal_form(word: str, patterns: EntityPatterns) -> bool:
    """`word`, dots removed and in lower case, is a legal form that needs no dots or capitals to count."""
    forms = patterns.legal_forms
    return word in forms.forms and word not in forms.marked


def holds_company_word(toks: Toks, start: int, end: int) -> bool:
    """Whether a capitalised word of toks[start:end] is a word of companies' names that no person's name
    holds (`company_words`: `Energy`, `Cavi`, `Officine`)."""
    return any(t.is_cap and t.lower_ in COMPANY_WORDS for t in toks[start:end])


def company_suffix_end(doc: Toks, i: int, patterns: EntityPatterns) -> int:
    """End of a legal form (`S.p.A.`, `spa`, `S.r.l.`) starting at token i, or i when there is none."""
    if doc[i].text.replace(".", "").lower() not in patterns.legal_forms.beginnings:
        return i
    text = ""
    best = i
    for k in range(i, min(i + 4, len(doc))):
        if k > i and doc[k - 1].whitespace_:
            break
        text += doc[k].text
        key = text.replace(".", "").lower()
        if key in patterns.legal_forms.forms and (
            key not in patterns.legal_forms.marked or "." in text or text.isupper()
        ):
            # the final dot belongs to an abbreviation ("S.r.l."), not to "spa." at a sentence end
            best = k + 1 if not text.endswith(".") or "." in text[:-1] else k
            if "." in text and k + 1 < len(doc) and doc[k + 1].text == "." and not doc[k].whitespace_:
                best = k + 2
    return best


def place_end(doc: Toks, i: int, patterns: EntityPatterns, kinds: frozenset[str] | None = None) -> int:
    """End of a gazetteer place name of one to three tokens starting at i (of one of `kinds`), or i."""
    if i >= len(doc) or not doc[i].is_cap:
        return i
    for n in (3, 2, 1):
        if i + n <= len(doc):
            text = span_text(doc, i, i + n)
            kind = patterns.places.get(text) or (
                patterns.places.get(text.title()) if text.isupper() else None
            )
            if kind is not None and (kinds is None or kind in kinds):
                return i + n
    return i


def cut_after_place(doc: Toks, start: int, end: int, patterns: EntityPatterns) -> int:
    """A name built on a head ends with its place: `Regione Lombardia` in `Regione Lombardia Call Hub`."""
    for i in range(start, end):
        found = place_end(doc, i, patterns)
        if found > i:
            return min(found, end)
    return end


def cut_before_person(doc: Toks, start: int, end: int, patterns: EntityPatterns) -> int:
    """`Presidente del Consiglio Silvio Berlusconi`: the body's name ends where a person's name starts."""
    for k in range(start, end - 1):
        if doc[k].text in patterns.first_names and doc[k + 1].is_cap:
            return k
    return end


def extend_year(doc: Toks, end: int) -> int:
    """Take in a programming period glued to a programme name (`POR FESR 2014-2020`, `H2020 2014-20`)."""
    if end < len(doc) and YEAR_RE.match(doc[end].text) and not doc[end - 1].is_space:
        end += 1
        # the tokenizer splits "2014-2020" into three tokens
        if (
            end + 1 < len(doc)
            and doc[end].text in YEAR_SEPARATORS
            and not doc[end - 1].whitespace_
            and not doc[end].whitespace_
            and YEAR_RE.match(doc[end + 1].text)
        ):
            end += 2
    return end


def past_particles(doc: Toks, k: int) -> int:
    """The index after the lower-case particles starting at k that go on a particle before them (`van
    der`, `de la`); a capitalised one is a name's article (`de La Stampa`)."""
    while (
        k < len(doc)
        and doc[k].is_lower
        and (doc[k].text in PERSON_PARTICLES or doc[k].text in FOREIGN_PARTICLES)
    ):
        k += 1
    return k
