"""Fixtures of the extraction tests: candidate mentions over a text's tokens."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from pipeline.extract.entity_priorities import PRIORITY
from pipeline.extract.entity_tokens import RuleSpan, Toks

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
