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

from dataclasses import replace

from spacy.lang.it.stop_words import STOP_WORDS

from pipeline.extract.entity_patterns import (
    BODY_KIND_NOUNS,
    DEFINITE_ARTICLES,
    NAME_CONNECTORS,
    PHRASE_ARTICLES,
    EntityPatterns,
)
from pipeline.extract.entity_tokens import RuleSpan, Toks, span_text
from pipeline.lang import load_json

_SLOTS = load_json("funding_recipients.json")["name_slots"]
KIND_NOUNS = BODY_KIND_NOUNS | {
    noun for noun in (*_SLOTS["descriptive_types"], *_SLOTS["naming_types"]) if " " not in noun
}
# the plural articulated prepositions too (`dai sindacati Fabi`)
ARTICLES = (
    DEFINITE_ARTICLES
    | PHRASE_ARTICLES
    | {"dai", "dagli", "dalle", "nei", "negli", "nelle", "sui", "sugli", "sulle"}
)
# the most adjectives between the noun and the name
MAX_ADJECTIVES = 3
RELABELLED = frozenset({"PER", "LOC"})


def _word(toks: Toks, k: int) -> str:
    return toks[k].lower_.replace("\u2019", "'")


def _previous(toks: Toks, k: int) -> int:
    """The word before token k, past spaces (-1 at the start)."""
    k -= 1
    while k >= 0 and toks[k].is_space:
        k -= 1
    return k


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


def introduced_by_kind(toks: Toks, start: int, patterns: EntityPatterns) -> bool:
    """True when the name at token `start` comes right after an article, a noun of a kind of body and
    at most three adjectives."""
    k = _previous(toks, start)
    for _ in range(MAX_ADJECTIVES + 1):
        if k < 0:
            return False
        if toks[k].is_lower and _word(toks, k) in KIND_NOUNS:
            article = _previous(toks, k)
            return article >= 0 and _word(toks, article) in ARTICLES
        if not _is_adjective(toks, k, patterns):
            return False
        k = _previous(toks, k)
    return False


def bodies_after_kind_nouns(toks: Toks, chosen: list[RuleSpan], patterns: EntityPatterns) -> list[RuleSpan]:
    """The mentions with every person or place that a noun of its kind introduces made a body."""
    out = []
    for cand in chosen:
        if (
            cand.label in RELABELLED
            and not (cand.label == "PER" and toks[cand.start].text in patterns.first_names)
            and not (cand.label == "LOC" and span_text(toks, cand.start, cand.end) in patterns.places)
            and introduced_by_kind(toks, cand.start, patterns)
        ):
            cand = replace(cand, label="ORG")
        out.append(cand)
    return out
