"""Fixtures of the extraction tests: candidate mentions over a text's tokens, a rule run over them, and
the entities the whole pipeline reads in a text."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from spacy.language import Language

from pipeline.extract.entities import find_entities
from pipeline.extract.entity_patterns import load_patterns
from pipeline.extract.entity_priorities import PRIORITY
from pipeline.extract.entity_tokens import RuleSpan, Toks, span_text, view_tokens

Candidates = Callable[..., list[RuleSpan]]


def _candidates(toks: Toks, *mentions: tuple[str, str]) -> list[RuleSpan]:
    """A model candidate for each (words, label), in order: over the first run of tokens after the
    previous candidate that reads the words."""
    texts = [t.text for t in toks]
    out: list[RuleSpan] = []
    for words, label in mentions:
        wanted = words.split()
        after = out[-1].end if out else 0
        i = next(i for i in range(after, len(texts)) if texts[i : i + len(wanted)] == wanted)
        out.append(RuleSpan(i, i + len(wanted), label, PRIORITY.model))
    return out


@pytest.fixture
def candidates() -> Candidates:
    """candidates(toks, (words, label), ...): model candidates over the tokens that read the words."""
    return _candidates


Labelled = list[tuple[str, str]]


@pytest.fixture
def run_rule(nlp: Language) -> Callable[..., Labelled]:
    """run_rule(rule, text, mentions, patterns=True): the (words, label) of the mentions a rule over a
    text's tokens returns, given the model candidates `mentions` (and the shipped patterns)."""

    def run(
        rule: Callable[..., list[RuleSpan]], text: str, mentions: Labelled, patterns: bool = True
    ) -> Labelled:
        toks = view_tokens(nlp.make_doc(text))
        chosen = _candidates(toks, *mentions)
        spans = rule(toks, chosen, load_patterns()) if patterns else rule(toks, chosen)
        return [(span_text(toks, s.start, s.end), s.label) for s in spans]

    return run


@pytest.fixture
def entities_of(nlp: Language) -> Callable[[str], Labelled]:
    """entities_of(text): the (words, label) of every entity the whole pipeline finds in a text."""

    def read(text: str) -> Labelled:
        return [(text[m.start : m.end], m.label) for m in find_entities(nlp(text))]

    return read
