"""Places that act: whether a mention naming a place is the place (LOC) or stands for a body (ORG).

The guideline (`training/GUIDELINE.md` §2 and §10) labels a country, region or city ORG when it acts
(`la [Germania] si ritira`, a state asked to act, a national team, `tensione tra [Pechino] e
[Washington]`) and LOC otherwise. The recognizer sees two tokens either side and gets these wrong in
both directions; the corpus labels the same strings both ways by context (`Italia` 131 LOC, 45 ORG in
the train split).

`PlaceRoles` is a logistic model over the mention's words and its sentence: the words one to three
tokens either side, the pairs next to it, the words up to eight tokens either side, every word of the
sentence, and whether the sentence holds a score (`2-1`). It is trained on every mention of the corpus's
train split that names a place of the gazetteers and is labelled LOC or ORG (`python -m
training.place_roles`, run by `make model`); it decides the label of every LOC or ORG mention whose
words are such a place name. The weights are `place_roles.json` beside this module. A place that is the
subject of a verb of acting (`Mosca ha convocato`, `Bruxelles chiede`: `acts_as_subject`) is a body
whatever the model says.
"""

from __future__ import annotations

import json
import logging
import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path

from spacy.tokens import Doc

from pipeline.extract.entity_patterns import (
    ACTING_ADVERBS,
    ACTING_AUXILIARIES,
    ACTING_VERBS,
    EntityPatterns,
    load_patterns,
)
from pipeline.extract.entity_tokens import RuleSpan, Toks, plain_lower

log = logging.getLogger(__name__)

WEIGHTS = Path(__file__).parent / "place_roles.json"
ROLE_LABELS = ("LOC", "ORG")
# how far the context reaches either side of a mention, at most (a sentence ends it before)
REACH = 40
NEAR = 3
WIDE = 8
_SENTENCE_END = frozenset({".", "!", "?"})
# prepositions before a place that make it a complement, not a subject (`della Toscana`, `a Roma`)
NOT_SUBJECT_AFTER = frozenset(
    {
        "di",
        "del",
        "della",
        "dello",
        "dell'",
        "dei",
        "degli",
        "delle",
        "d'",
        "da",
        "dal",
        "dalla",
        "dallo",
        "dall'",
        "a",
        "al",
        "alla",
        "all'",
        "in",
        "nel",
        "nella",
        "nell'",
        "su",
        "sul",
        "sulla",
        "con",
        "per",
        "tra",
        "fra",
        "ad",
        "ai",
        "agli",
        "alle",
        "allo",
        "dai",
        "dagli",
        "dalle",
        "nei",
        "negli",
        "nelle",
        "nello",
        "sui",
        "sugli",
        "sulle",
        "sullo",
    }
)
# what joins the names of a coordination (`Parigi e Berlino`, `il Mali, il Burkina Faso e il Niger`)
_LIST_JOINERS = frozenset({",", "e", "ed"})
# the articles a coordinated name may open with (`il Mali, il Burkina Faso e il Niger`)
_LIST_ARTICLES = frozenset({"il", "lo", "la", "l'", "i", "gli", "le"})
# how many tokens a coordination of names after a place may take, at most
LIST_REACH = 12
_SCORE = re.compile(r"\d{1,3}\s*[-\u2013]\s*\d{1,3}")  # a hyphen or an en dash


def place_names(patterns: EntityPatterns) -> frozenset[str]:
    """The place names of the gazetteers (places and the other-language forms), in lower case."""
    forms = set(patterns.places)
    forms.update(form for (label, form) in patterns.other_aliases if label == "LOC")
    return frozenset(form.lower() for form in forms)


def sentence_words(doc: Doc, start: int, end: int) -> tuple[list[str], list[str]]:
    """The lower-case words before (nearest last) and after a mention, up to the sentence's end or a
    line break (a break inside a sentence is a space in the tokenizer's view of the text)."""

    def walk(indices: Iterable[int], stop_before: bool) -> list[str]:
        words: list[str] = []
        for i in indices:
            token = doc[i]
            if token.is_space:
                if "\n" in token.text:
                    break
                continue
            if stop_before and token.text in _SENTENCE_END:
                break
            words.append(token.lower_)
            if not stop_before and token.text in _SENTENCE_END:
                break
            if len(words) == REACH:
                break
        return words

    before = walk(range(start - 1, -1, -1), stop_before=True)
    after = walk(range(end, len(doc)), stop_before=False)
    return before, after


def features(mention: str, before: Sequence[str], after: Sequence[str]) -> list[str]:
    """The model's features of a mention (`mention` as written) from the words before it (nearest
    first) and after it, in lower case.

    >>> features("Germania", ["la"], ["si", "ritira", "."])[:5]
    ['bias', 'w=germania', 'L1=la', 'R1=si', 'L2=<s>']
    """
    out = ["bias", "w=" + mention.lower()]
    for i in range(NEAR):
        out.append(f"L{i + 1}=" + (before[i] if i < len(before) else "<s>"))
        out.append(f"R{i + 1}=" + (after[i] if i < len(after) else "</s>"))
    out.append("L12=" + "_".join(before[1::-1] if len(before) > 1 else before[:1]))
    out.append("R12=" + "_".join(after[:2]))
    out.extend(sorted({"l8=" + w for w in before[:WIDE]}))
    out.extend(sorted({"r8=" + w for w in after[:WIDE]}))
    sentence = [*before, *mention.lower().split(), *after]
    out.extend(sorted({"bow=" + w for w in sentence}))
    if _SCORE.search(" ".join(sentence)):
        out.append("score")
    return out


def org_probability(weights: dict[str, float], feats: Iterable[str]) -> float:
    """The probability that a mention with these (distinct) features stands for a body (ORG)."""
    total = sum(weights.get(f, 0.0) for f in feats)
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, total))))


@dataclass(frozen=True)
class PlaceRoles:
    """The logistic model: a weight per feature; a positive sum means ORG."""

    weights: dict[str, float]
    places: frozenset[str]

    @classmethod
    def load(cls, path: Path = WEIGHTS, patterns: EntityPatterns | None = None) -> PlaceRoles:
        data = json.loads(path.read_text(encoding="utf-8"))
        return cls(dict(data["weights"]), place_names(patterns or load_patterns()))

    def label(self, doc: Doc, start: int, end: int) -> str:
        """LOC or ORG for the mention of tokens start..end of `doc`."""
        before, after = sentence_words(doc, start, end)
        feats = set(features(doc[start:end].text, before, after))
        return "ORG" if org_probability(self.weights, feats) > 0.5 else "LOC"

    def relabel(self, doc: Doc, spans: list[RuleSpan]) -> list[RuleSpan]:
        """The spans with the label of every LOC or ORG mention of a place name decided by the model, or
        ORG where the place is the subject of a verb of acting (`acts_as_subject`)."""
        out = []
        for span in spans:
            if span.label in ROLE_LABELS and doc[span.start : span.end].text.lower() in self.places:
                label = (
                    "ORG"
                    if acts_as_subject(doc, span.start, span.end)
                    else self.label(doc, span.start, span.end)
                )
                if label != span.label:
                    span = replace(span, label=label)
            out.append(span)
        return out


def _word_at(doc: Doc | Toks, i: int, step: int) -> int | None:
    """The first token from i on (step 1) or back (step -1) that is no space, on the same line."""
    while 0 <= i < len(doc) and doc[i].is_space:
        if "\n" in doc[i].text:
            return None
        i += step
    return i if 0 <= i < len(doc) else None


def acts_as_subject(doc: Doc | Toks, start: int, end: int) -> bool:
    """True when the place of tokens start..end is the subject of a verb of acting (`Mosca ha convocato
    l'ambasciatore`, `la Lombardia chiede al governo`): in the train, dev and reserve sentences a place
    of the gazetteers so written is a body 73 times of 74. So is a place first in a coordination of
    names before the verb (`Parigi e Berlino hanno proposto`, `il Mali, il Burkina Faso e il Niger hanno
    annunciato`). Not after a preposition, where the place belongs to the body before it (`il Consiglio
    regionale della Toscana ha approvato`, `ad Atene, ha detto`)."""
    before = _word_at(doc, start - 1, -1)
    if before is not None and plain_lower(doc[before].lower_) in NOT_SUBJECT_AFTER:
        return False
    k = _after_coordination(doc, end)
    for optional in (ACTING_AUXILIARIES, ACTING_ADVERBS):
        if k is not None and doc[k].lower_ in optional:
            k = _word_at(doc, k + 1, 1)
    return k is not None and doc[k].lower_ in ACTING_VERBS


def _after_coordination(doc: Doc | Toks, end: int) -> int | None:
    """The first word after the mention ending at `end`, or after the names coordinated with it (`,` or
    `e` and a capitalised name, maybe after an article, the last one after `e`); None at the line's end."""
    k = _word_at(doc, end, 1)
    i = k
    while i is not None and i - end < LIST_REACH and doc[i].lower_ in _LIST_JOINERS:
        joiner = doc[i].lower_
        i = _word_at(doc, i + 1, 1)
        while i is not None and doc[i].lower_ in _LIST_ARTICLES:
            i = _word_at(doc, i + 1, 1)
        if i is None or not doc[i].is_title:
            return k
        while i is not None and doc[i].is_title:
            i = _word_at(doc, i + 1, 1)
        if joiner != ",":
            return i
    return k


@cache
def load_place_roles() -> PlaceRoles | None:
    """The shipped model (once per process), or None when its weights are not there."""
    if not WEIGHTS.exists():
        log.warning(
            "no weights of places that act in %s; place names keep the label they were found with", WEIGHTS
        )
        return None
    return PlaceRoles.load()
