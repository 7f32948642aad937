"""Names after a noun of their kind: a name that a lower-case noun naming a kind of body introduces is
that body (GUIDELINE.md §2, §8: `il quotidiano [Haaretz]`, `la banca scozzese [Caledonian Trust]`, `il
clan [Vastarella]`, `l'ospedale pediatrico [Bambino Gesù]`), however the recognizer read the name.

The noun comes with an article or an articulated preposition before it (`il`, `la`, `dal`, `della`)
and at most three adjectives between it and the name (`il gruppo paneuropeo`, `la società nigeriana`);
a preposition or any other word between them breaks the link (`l'ospedale di [Grenoble]` is the seat,
`un gruppo di fisici guidato da [Riccardo Lo Presti]` a person). A person whose name opens with a
first name stays a person (`il comitato regionale lombardo [Massimo Bugada]`, its president), and a
place of the gazetteers stays a place.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from spacy.lang.it.stop_words import STOP_WORDS

from pipeline.extract.entity_model_checks import is_dictionary_word
from pipeline.extract.entity_names import extend_name, next_word, previous_word
from pipeline.extract.entity_patterns import (
    BODY_KIND_NOUNS,
    DEFINITE_ARTICLES,
    NAME_CONNECTORS,
    PHRASE_ARTICLES,
    EntityPatterns,
)
from pipeline.extract.entity_priorities import PRIORITY
from pipeline.extract.entity_tokens import RuleSpan, Toks, in_capital_lines, plain_lower, span_text
from pipeline.lang import load_json

_SLOTS = load_json("funding_recipients.json")["name_slots"]
# products and places to use, not bodies (GUIDELINE.md §4: platforms and products are no entities)
NOT_BODY_KINDS = frozenset({"piattaforma", "marchio", "brand"})
NOT_BODY_PHRASES = frozenset({("banca", "dati")})
KIND_NOUNS = (
    BODY_KIND_NOUNS
    | {noun for noun in (*_SLOTS["descriptive_types"], *_SLOTS["naming_types"]) if " " not in noun}
) - NOT_BODY_KINDS
# the plural articulated prepositions too (`dai sindacati Fabi`)
ARTICLES = (
    DEFINITE_ARTICLES
    | PHRASE_ARTICLES
    | {"dai", "dagli", "dalle", "nei", "negli", "nelle", "sui", "sugli", "sulle"}
)
# the most adjectives between the noun and the name
MAX_ADJECTIVES = 3
RELABELLED = frozenset({"PER", "LOC"})
# kinds of body often named after a person: a first name after them opens the body's name
NAMED_AFTER_PEOPLE = frozenset(
    {
        "liceo",
        "istituto",
        "scuola",
        "ospedale",
        "policlinico",
        "conservatorio",
        "museo",
        "teatro",
        "fondazione",
    }
)
# a name in quotes after the noun of its kind: the quotes that open it, each with those that close it
OPENING_QUOTES = {'"': frozenset({'"'}), "\u00ab": frozenset({"\u00bb"}), "\u201c": frozenset({"\u201d"})}
MAX_QUOTED = 10
SENTENCE_STOPS = frozenset({".", "!", "?", ";"})
# the links of a complement between the noun and the name (`l'agenzia di rating Nordrating`)
COMPLEMENT_LINKS = frozenset({"di", "del", "della", "dei", "degli", "delle"})


def _word(toks: Toks, k: int) -> str:
    return plain_lower(toks[k].lower_)


def _is_adjective(toks: Toks, k: int, patterns: EntityPatterns) -> bool:
    word = _word(toks, k)
    return (
        toks[k].is_lower
        and (toks[k].is_alpha or "-" in toks[k].text)
        and word not in STOP_WORDS
        and word not in NAME_CONNECTORS
        and word not in ARTICLES
        and word not in patterns.person_titles
    )


def _kind_at(toks: Toks, k: int) -> str | None:
    """The noun of a kind of body that ends at token k, with an article before it (`la banca`, `la
    start-up`, written as one word or three tokens), or None."""
    first, word = k, _word(toks, k)
    if k >= 2 and toks[k - 1].text == "-" and not toks[k - 2].whitespace_ and not toks[k - 1].whitespace_:
        first, word = k - 2, f"{_word(toks, k - 2)}-{word}"
    if not (toks[k].is_lower and word in KIND_NOUNS):
        return None
    following = next_word(toks, k + 1, allow_newline=False)
    if following is not None and (word, _word(toks, following)) in NOT_BODY_PHRASES:
        return None
    article = previous_word(toks, first)
    return word if article is not None and _word(toks, article) in ARTICLES else None


def introduced_by_kind(toks: Toks, start: int, patterns: EntityPatterns) -> str | None:
    """The noun of a kind of body that introduces the name at token `start` (with an article before it
    and at most three adjectives or complements in lower case between: `la catena di supermercati
    Ortensia`), or None."""
    k = previous_word(toks, start)
    after_word = False  # a word in lower case was passed: a `di` before it opens a complement
    for _ in range(2 * MAX_ADJECTIVES + 1):
        if k is None:
            return None
        kind = _kind_at(toks, k)
        if kind is not None:
            return kind
        if after_word and _word(toks, k) in COMPLEMENT_LINKS:
            after_word = False
        elif _is_adjective(toks, k, patterns):
            after_word = True
        else:
            return None
        k = previous_word(toks, k)
    return None


def _keeps_person(toks: Toks, start: int, kind: str, patterns: EntityPatterns) -> bool:
    """A name that opens with a first name stays a person, unless its kind is one named after people
    (`il liceo scientifico Galileo Ferraris`, `l'ospedale Antonio Cardarelli`)."""
    return toks[start].text in patterns.first_names and kind not in NAMED_AFTER_PEOPLE


def _unfound_name_after(toks: Toks, k: int, taken: set[int], patterns: EntityPatterns) -> RuleSpan | None:
    """The capitalised name right after the noun of a kind at token k (past its adjectives), when no
    mention was found over it."""
    start = next_word(toks, k + 1, allow_newline=False)
    for _ in range(2 * MAX_ADJECTIVES):
        if start is None or not (
            _is_adjective(toks, start, patterns) or _word(toks, start) in COMPLEMENT_LINKS
        ):
            break
        start = next_word(toks, start + 1, allow_newline=False)
    if (
        start is None
        or not toks[start].is_name_word
        or len(toks[start].text) < 2
        or toks[start].text in patterns.first_names
    ):
        return None
    end = extend_name(toks, start, patterns, allow_newline=False)
    if end <= start or taken.intersection(range(start, end)) or not introduced_by_kind(toks, start, patterns):
        return None
    name = span_text(toks, start, end)
    word = toks[start]
    if name in patterns.places or (
        end - start == 1 and not word.text.isupper() and is_dictionary_word(word, patterns)
    ):
        return None
    return RuleSpan(start, end, "ORG", PRIORITY.model)


def _quoted_name(toks: Toks, k: int, patterns: EntityPatterns) -> RuleSpan | None:
    """The name in quotes right after the noun of a kind at token k and its adjectives (`il quotidiano
    " Folha de São Paulo "`, `il movimento « Comunione e liberazione »`): the words between the
    quotes, opening with a capital, at most `MAX_QUOTED` tokens."""
    start = next_word(toks, k + 1, allow_newline=False)
    for _ in range(MAX_ADJECTIVES):
        if start is None or not _is_adjective(toks, start, patterns):
            break
        start = next_word(toks, start + 1, allow_newline=False)
    if start is None or toks[start].text not in OPENING_QUOTES:
        return None
    first = next_word(toks, start + 1, allow_newline=False)
    if first is None or not toks[first].is_cap:
        return None
    close = OPENING_QUOTES[toks[start].text]
    for end in range(first + 1, min(len(toks), first + MAX_QUOTED + 1)):
        if toks[end].text in close:
            return RuleSpan(first, end, "ORG", PRIORITY.model) if not toks[end - 1].is_punct else None
        if toks[end].is_space or toks[end].text in SENTENCE_STOPS:
            return None
    return None


def quoted_bodies(toks: Toks, chosen: list[RuleSpan], patterns: EntityPatterns) -> list[RuleSpan]:
    """The mentions with the name in quotes after a noun of its kind made one body, over whatever was
    found inside the quotes (in the corpus's train, dev and reserve sentences 12 such names are bodies
    and 2 are not: after `portale` and `marchio`, which are no kinds of body)."""
    quoted = [
        span
        for k in range(len(toks))
        if _kind_at(toks, k) is not None and (span := _quoted_name(toks, k, patterns)) is not None
    ]
    if not quoted:
        return chosen
    kept = [c for c in chosen if not any(c.start < q.end and q.start < c.end for q in quoted)]
    return sorted([*kept, *quoted], key=lambda c: c.start)


def bodies_after_kind_nouns(
    toks: Toks,
    chosen: list[RuleSpan],
    patterns: EntityPatterns,
    capitals: Sequence[tuple[int, int]] | None = None,
) -> list[RuleSpan]:
    """The mentions with every person or place that a noun of its kind introduces made a body, the name
    in quotes after such a noun one body (`quoted_bodies`), and the name such a noun introduces added as
    a body where nothing was found (`l'emittente NOS`)."""
    chosen = quoted_bodies(toks, chosen, patterns)
    taken = {i for c in chosen for i in range(c.start, c.end)}
    # in lines in capitals or title case every word looks like a name
    taken |= in_capital_lines(toks, capitals)
    added = [
        span
        for k in range(len(toks))
        if _kind_at(toks, k) is not None
        and (span := _unfound_name_after(toks, k, taken, patterns)) is not None
    ]
    out = list(added)
    for cand in chosen:
        kind = introduced_by_kind(toks, cand.start, patterns) if cand.label in RELABELLED else None
        if (
            kind is not None
            and not (cand.label == "PER" and _keeps_person(toks, cand.start, kind, patterns))
            and not (cand.label == "LOC" and span_text(toks, cand.start, cand.end) in patterns.places)
        ):
            cand = replace(cand, label="ORG")
        out.append(cand)
    return sorted(out, key=lambda c: c.start) if added else out
