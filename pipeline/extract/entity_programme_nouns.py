"""Programmes, calls and projects named after a lower-case noun: `il progetto QUASAR`, `il bando
«Montagna Connessa»`, `il programma NextAppennino`, `il partenariato esteso FAIR` (GUIDELINE.md §4: the
noun stays out of the name)."""

from __future__ import annotations

import re
from collections.abc import Iterable

from pipeline.extract.entity_names import extend_name, extend_year, head_at, phrase_at
from pipeline.extract.entity_parts import another_body_at
from pipeline.extract.entity_patterns import (
    ELIDED_ARTICLE_RE,
    PROGRAMME_NOUN_MODIFIERS,
    PROGRAMME_NOUNS,
    EntityPatterns,
)
from pipeline.extract.entity_priorities import PRIORITY
from pipeline.extract.entity_tokens import RuleSpan, Toks

QUOTE_PAIRS = {'"': '"', "\u201c": "\u201d", "\u00ab": "\u00bb"}
# the longest name in quotes, in tokens
MAX_QUOTED = 12
# an edition's number after a name (`Resto al Sud 2.0`, `FIS 3`), not an amount (`3 milioni`)
EDITION_RE = re.compile(r"\d{1,2}(\.\d)?")
AMOUNT_WORDS = frozenset({"milioni", "milione", "mila", "miliardi", "miliardo", "euro", "%", "per"})


def _is_name_start(doc: Toks, k: int, patterns: EntityPatterns) -> bool:
    token = doc[k]
    return (
        token.is_name_word
        and (token.is_cap or any(c.isdigit() for c in token.text))
        and token.text not in patterns.first_names  # `la missione Anna Lisa Caputo`: a person
        and not ELIDED_ARTICLE_RE.match(token.text)  # `il programma L'Eredità`: a title
        and not head_at(doc, k, patterns)
    )


def _quoted_end(doc: Toks, k: int, closing: str) -> int | None:
    """The end of a name in quotes that starts at k (the token after the opening quote), or None."""
    for j in range(k + 1, min(k + MAX_QUOTED, len(doc))):
        if doc[j].text == closing:
            end = j
            while end > k and doc[end - 1].is_space:
                end -= 1
            return end
    return None


def _name_end(doc: Toks, k: int, patterns: EntityPatterns) -> int:
    """The end of a name without quotes: before the body it belongs to (`LIFE` dell'`Unione europea`,
    `Sentinel-2` dell'`ASE`), with its edition's number (`Resto al Sud 2.0`)."""
    end = extend_name(doc, k, patterns, allow_newline=False)
    body = another_body_at(doc, k + 1, end, patterns, acronyms=True)
    if body is not None:
        return body
    end = extend_year(doc, end)
    if (
        end < len(doc)
        and EDITION_RE.fullmatch(doc[end].text)
        and (end + 1 >= len(doc) or doc[end + 1].lower_ not in AMOUNT_WORDS)
    ):
        end += 1
    return end


def programmes_after_nouns(doc: Toks, patterns: EntityPatterns) -> Iterable[RuleSpan]:
    """The name after a lower-case programme noun and its modifiers, or the name in quotes after them
    (`il bando «Sport in Comune»`). A name that opens with a programme's head word is left to the rule
    of heads (`l'avviso Misura 1.4.1`)."""
    for i in range(len(doc)):
        n = phrase_at(doc, i, PROGRAMME_NOUNS, lower_case_only=True)
        if not n:
            continue
        k = i + n
        while k < len(doc) and (m := phrase_at(doc, k, PROGRAMME_NOUN_MODIFIERS, lower_case_only=True)):
            k += m
        closing = QUOTE_PAIRS.get(doc[k].text) if k < len(doc) else None
        if closing is not None:
            k += 1
            while k < len(doc) and doc[k].is_space:
                k += 1
        if k >= len(doc) or not _is_name_start(doc, k, patterns) or doc[k].text in patterns.programme_heads:
            continue
        end = _quoted_end(doc, k, closing) if closing is not None else _name_end(doc, k, patterns)
        if end is not None and end > k:
            yield RuleSpan(k, end, "PROGRAMME", PRIORITY.programme_head)
