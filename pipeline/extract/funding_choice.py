"""Who gets an amount, decided by a model over the candidates around it.

The cue rules (`funding_recipients.py` and the tries of `funding.py`) read recipients from the words
that introduce them, and find none when the text names them in a way their cues do not know (`Dieci
startup ... ciascuna riceverà 20mila euro`, a cap whose recipients the sentence before names). For a
fact of funding (not a price, fine or other figure) whose rules name no recipient, a logistic model
looks at every candidate near the amount and keeps those it judges to be recipients (probability above
one half). Where the rules name recipients they stand: on passages no rule was written for, the model
chose better than the rules only where the rules had found none (`training/funding/README.md`).

- candidates: the bodies, places and people of the fact's sentence, the sentence before and the sentence
  after; the categories there (`category_at`, and any plural noun `plural_at` reads after a strong cue);
  and the recipients the rules found for the facts before and after it;
- features: whether the rules chose the candidate (and how many they chose), whether they chose it for
  the fact before or after (and how near that fact is), its type, its sentence and
  side of the amount, how many words lie between, the two words before it and the word after it, the
  lower-case words between it and the amount, another amount between, whether it is the fact's funder,
  the fact's kind, whether it lies inside a category or holds a body.

It is trained on the written passages of `training/funding/` (`python -m training.funding_choice`, run by
`make model`), never on the funding gold that `pipeline bench accuracy` scores. The weights are
`funding_choice.json` beside this module; without that file the rules' recipients stand.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path

from pipeline.extract.funding_categories import category_at, plural_at
from pipeline.extract.funding_match import FundingMatch
from pipeline.extract.funding_roles import Named, fold
from pipeline.extract.funding_text import sentence_bounds

WEIGHTS = Path(__file__).parent / "funding_choice.json"

_LABELS = frozenset({"ORG", "LOC", "PER"})
_WORD_RE = re.compile(r"[^\W\d_]+(?:['\u2019])?|\d+(?:[.,]\d+)*", re.UNICODE)
_WORD_START_RE = re.compile(r"(?<![\w'\u2019])[^\W\d_]")
# how many words between a candidate and its amount are read as features, at most
BETWEEN = 12
_DISTANCES = (0, 1, 2, 5, 10, 20)
# a candidate is kept as a recipient above this probability
KEEP = 0.5


@dataclass(frozen=True)
class Candidate:
    """A possible recipient: its name as a recipient, where it is (None when only the rules name it) and
    its type (ORG, LOC, PER, 'category' for a listed category, 'plural' for another plural noun)."""

    name: str
    start: int | None
    end: int | None
    kind: str


def _window(text: str, fact: FundingMatch) -> tuple[int, int, int, int]:
    """The start of the sentence before the fact's, the fact's sentence, and the end of the one after."""
    lo, hi = fact.sentence_start, fact.sentence_end
    before = sentence_bounds(text, lo - 2, lo - 1)[0] if lo >= 2 else lo
    after = sentence_bounds(text, hi + 1, hi + 2)[1] if hi + 2 <= len(text) else hi
    return max(0, before), lo, hi, max(hi, after)


def _categories(text: str, lo: int, hi: int) -> list[Candidate]:
    """Every category in text[lo:hi], each once, from the word where its article ends."""
    found: dict[tuple[str, int], Candidate] = {}
    for m in _WORD_START_RE.finditer(text, lo, hi):
        end_of_sentence = sentence_bounds(text, m.start(), m.start() + 1)[1]
        for kind, got in (
            ("category", category_at(text, m.start(), end_of_sentence)),
            ("plural", plural_at(text, m.start(), end_of_sentence, True)),
        ):
            if got is not None:
                key = (got[0], got[1])
                if key not in found or kind == "category":
                    found[key] = Candidate(got[0], m.start(), got[1], kind)
    # the same category read from its article and from its noun: keep the later start
    best: dict[tuple[str, int], Candidate] = {}
    for c in found.values():
        key = (fold(c.name), c.end or 0)
        if key not in best or (c.start or 0) > (best[key].start or 0):
            best[key] = c
    return list(best.values())


def candidates(
    text: str, fact: FundingMatch, named: Sequence[Named], around: Sequence[FundingMatch | None] = ()
) -> list[Candidate]:
    """The candidates of a fact: nearest occurrence of each name, then the rules' recipients not seen,
    then those of the facts `around` it (the one before and the one after)."""
    before, _, _, after = _window(text, fact)
    found = [
        Candidate(e.name, e.start, e.end, e.label)
        for e in named
        if e.label in _LABELS and before <= e.start < after
    ]
    found += _categories(text, before, after)
    nearest: dict[str, Candidate] = {}
    for c in found:
        key = fold(c.name)
        if key not in nearest or _distance(fact, c) < _distance(fact, nearest[key]):
            nearest[key] = c
    for r in fact.recipients:
        nearest.setdefault(fold(r), Candidate(r, None, None, "rules"))
    for other in around:
        for r in other.recipients if other is not None else ():
            nearest.setdefault(fold(r), Candidate(r, None, None, "carried"))
    return sorted(nearest.values(), key=lambda c: (c.start is None, c.start or 0))


def _distance(fact: FundingMatch, c: Candidate) -> int:
    if c.start is None or c.end is None:
        return 10**9
    return max(0, c.start - fact.end, fact.start - c.end)


def _words(text: str, lo: int, hi: int) -> list[str]:
    return [w.lower() for w in _WORD_RE.findall(text, lo, hi)]


def _bucket(n: int) -> str:
    return next((f"<={d}" for d in _DISTANCES if n <= d), ">20")


def _around(fact: FundingMatch, c: Candidate, around: Sequence[FundingMatch | None]) -> list[str]:
    """Whether the fact before or after names the candidate among its recipients, and how near it is."""
    out = []
    for side, other in zip(("prev", "next"), around, strict=False):
        if other is None or fold(c.name) not in {fold(r) for r in other.recipients}:
            continue
        near = "same" if other.sentence_start == fact.sentence_start else "other"
        out += [f"{side}_names", f"{side}_names_{near}", f"{side}_names_kind={fact.kind}_{other.kind}"]
        out.append(f"{side}_names_rules={bool(fact.recipients)}")
    return out


def features(
    text: str,
    fact: FundingMatch,
    c: Candidate,
    others: Sequence[Candidate],
    amounts: Sequence[int],
    around: Sequence[FundingMatch | None] = (),
) -> list[str]:
    """The features of candidate `c` of `fact`; `others` are all its candidates, `amounts` the starts of
    every amount of the text, `around` the facts before and after it."""
    rules = {fold(r) for r in fact.recipients}
    chosen = fold(c.name) in rules
    out = [
        *_around(fact, c, around),
        "bias",
        f"rule={chosen}",
        f"rules_n={min(len(rules), 3)}",
        f"type={c.kind}",
        f"kind={fact.kind}",
        f"type_rule={c.kind}_{chosen}",
        f"kind_type={fact.kind}_{c.kind}",
        f"funder={fact.funder is not None and fold(fact.funder) == fold(c.name)}",
    ]
    if c.start is None or c.end is None:
        return [*out, "where=none"]
    _, lo, hi, _ = _window(text, fact)
    sentence = "same" if lo <= c.start < hi else ("prev" if c.start < lo else "next")
    side = "before" if c.end <= fact.start else "after"
    between = _words(text, c.end, fact.start) if side == "before" else _words(text, fact.end, c.start)
    left = _words(text, sentence_bounds(text, c.start, c.start + 1)[0], c.start)[-2:]
    right = _words(text, c.end, min(len(text), c.end + 40))[:1]
    l1 = left[-1] if left else "<s>"
    l2 = "_".join(left) if len(left) == 2 else "<s>_" + l1
    out += [
        f"sent={sentence}",
        f"side={sentence}_{side}",
        f"dist={sentence}_{_bucket(len(between))}",
        f"L1={l1}",
        f"L2={l2}",
        f"R1={right[0] if right else '</s>'}",
        f"L1_side={l1}_{side}",
        f"L1_type={l1}_{c.kind}",
        f"L1_rule={l1}_{chosen}",
        f"inside={any(_holds(o, c) for o in others if o.kind in ('category', 'plural'))}",
        f"holds={any(_holds(c, o) for o in others if o.kind in _LABELS)}",
    ]
    lo_, hi_ = (c.end, fact.start) if side == "before" else (fact.end, c.start)
    out.append(f"amount_between={any(lo_ <= a < hi_ for a in amounts)}")
    if sentence == "same" and len(between) <= BETWEEN:
        out += [f"btw={w}_{side}" for w in between if w.isalpha() and w.islower()]
    return out


def _holds(outer: Candidate, inner: Candidate) -> bool:
    return (
        outer is not inner
        and None not in (outer.start, outer.end, inner.start, inner.end)
        and outer.start <= inner.start  # type: ignore[operator]
        and inner.end <= outer.end  # type: ignore[operator]
    )


def probability(weights: dict[str, float], feats: Iterable[str]) -> float:
    """The probability that a candidate with these (distinct) features is a recipient."""
    total = sum(weights.get(f, 0.0) for f in feats)
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, total))))


def load_weights() -> dict[str, float]:
    """The shipped weights (`WEIGHTS`), or none (the rules' recipients stand) when the file is missing."""
    return _read_weights(WEIGHTS)


@cache
def _read_weights(path: Path) -> dict[str, float]:
    if not path.exists():
        return {}
    return dict(json.loads(path.read_text(encoding="utf-8"))["weights"])


def choose_recipients(
    text: str, facts: Sequence[FundingMatch], named: Sequence[Named], weights: dict[str, float] | None = None
) -> list[FundingMatch]:
    """Each funding fact (no price, fine or other figure) whose rules name no recipient, with the
    candidates the model keeps, in text order; the other facts as they are."""
    weights = load_weights() if weights is None else weights
    if not weights:
        return list(facts)
    amounts = [f.start for f in facts]
    out = []
    for i, fact in enumerate(facts):
        if not model_decides(fact):
            out.append(fact)
            continue
        around = neighbours(facts, i)
        cands = candidates(text, fact, named, around)
        kept = tuple(
            c.name
            for c in cands
            if probability(weights, set(features(text, fact, c, cands, amounts, around))) > KEEP
        )
        out.append(replace(fact, recipients=kept))
    return out


def model_decides(fact: FundingMatch) -> bool:
    """Whether the model chooses the recipients of a fact: one of funding whose rules name none."""
    return not fact.recipients and fact.kind != "other"


def neighbours(facts: Sequence[FundingMatch], i: int) -> tuple[FundingMatch | None, FundingMatch | None]:
    """The facts before and after fact i, as the rules read them."""
    return (facts[i - 1] if i > 0 else None, facts[i + 1] if i + 1 < len(facts) else None)
