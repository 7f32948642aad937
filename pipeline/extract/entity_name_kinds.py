"""What kind of name a mention is, a person's, a body's or a place's, read from its words and the words
around it.

The recognizer reads a person's surname as a place after `a` or `di` (`l'attacco a Obama`, `Medvedev,
che si è recato a votare`), a full name as a body (`Il presidente del consiglio Silvio Berlusconi`), a
quarter or a base as a person (`il quartiere Japigia`, `dalla base di Kourou`), and confuses bodies and
places that no gazetteer knows. Two logistic models (`name_kinds.json` beside this module, fitted by
`python -m training.name_kinds` on the PER, ORG and LOC mentions of the corpus's train split and of the
Europarl sentences the recognizer learns) give the probability that a mention names a person, and that
a mention of a body or place names a body, from the mention's words, their endings, whether it opens
with a first name, and the words before and after it in its sentence. The label changes only where a
model is sure and the name's form allows it:

- never when a word makes the name a body's (`Banca`, `Gruppo`) or a company's (`Costruzioni`,
  `spa`), nor
  for a name in capitals (an acronym, or a line in capitals, where the words say little of the kind);
- to PER, from LOC or ORG, above `PERSON_ABOVE`, when every word is made of letters, none is an
  acronym or a place's first word (`San`, `Val`), and every word is a name (a word of people's names
  in the training text, or no dictionary word); from ORG only a first name and such words (`Silvio
  Berlusconi`; not `Elettra Cavi`, `Orobica Energia`);
- to LOC, from PER, below `PLACE_BELOW`, unless the name opens with a first name or an initial
  (`Abu Omar`, `R. Falchi`);
- then, for a body or a place, to ORG above `BODY_ABOVE` and to LOC below `BODY_BELOW`.

Names that the gazetteers know as places or bodies are left to them and to the model of places that
act (`entity_place_roles.py`), which runs first.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Collection, Sequence
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path

from spacy.tokens import Doc

from pipeline.extract.entity_parts import INITIAL_RE, is_name_word
from pipeline.extract.entity_patterns import COMPANY_WORDS, PLACE_PREFIXES, EntityPatterns, load_patterns
from pipeline.extract.entity_place_roles import NEAR, WIDE, place_names, sentence_words
from pipeline.extract.entity_place_roles import org_probability as probability
from pipeline.extract.entity_tokens import RuleSpan

log = logging.getLogger(__name__)

WEIGHTS = Path(__file__).parent / "name_kinds.json"
# the file a recognizer's directory may hold instead of the shipped weights (a fold's: training/folds.py)
WEIGHTS_NAME = "name_kinds.json"
PERSON_ABOVE = 0.5
PLACE_BELOW = 0.1
BODY_ABOVE = 0.95
BODY_BELOW = 0.05
MAX_WORDS_COUNTED = 4
_LABELS = frozenset({"PER", "ORG", "LOC"})
_JOINERS = frozenset({"'", "\u2019", "-"})


def features(
    mention: str, before: Sequence[str], after: Sequence[str], first_names: Collection[str]
) -> list[str]:
    """The model's features of a mention (as written) from the lower-case words before it (nearest
    first) and after it, and the first names it may open with.

    >>> features("Medvedev", [], [",", "che"], set())[:8]
    ['L12=', 'L1=<s>', 'L2=<s>', 'L3=<s>', 'R12=,_che', 'R1=,', 'R2=che', 'R3=</s>']
    """
    words = mention.split()
    first, last = words[0], words[-1]
    out = {
        "bias",
        "w=" + mention.lower(),
        "first=" + first.lower(),
        "last=" + last.lower(),
        "end3=" + last[-3:].lower(),
        "end2=" + last[-2:].lower(),
        "words=" + str(min(len(words), MAX_WORDS_COUNTED)),
    }
    if first in first_names:
        out.add("first_name")
    if mention.isupper():
        out.add("capitals")
    if any(c.isdigit() for c in mention):
        out.add("digit")
    if any(w.islower() for w in words[1:]):
        out.add("connector")
    for i in range(NEAR):
        out.add(f"L{i + 1}=" + (before[i] if i < len(before) else "<s>"))
        out.add(f"R{i + 1}=" + (after[i] if i < len(after) else "</s>"))
    out.add("L12=" + "_".join(before[1::-1] if len(before) > 1 else before[:1]))
    out.add("R12=" + "_".join(after[:2]))
    out.update("l8=" + w for w in before[:WIDE])
    out.update("r8=" + w for w in after[:WIDE])
    return sorted(out)


def skipped_names(patterns: EntityPatterns) -> frozenset[str]:
    """The names (in lower case) the model leaves alone: the gazetteers' places and the known bodies."""
    return place_names(patterns) | frozenset(a.lower() for a in patterns.org_aliases)


def all_first_names(patterns: EntityPatterns) -> frozenset[str]:
    """The Italian first names and those of people from outside Italy."""
    return patterns.first_names | patterns.world_first_names


@dataclass(frozen=True)
class NameKinds:
    """The two logistic models: a weight per feature; a positive sum means a person's name (`person`), or
    a body's rather than a place's (`body`)."""

    person: dict[str, float]
    body: dict[str, float]
    patterns: EntityPatterns
    skipped: frozenset[str]
    first_names: frozenset[str]

    @classmethod
    def load(cls, path: Path = WEIGHTS, patterns: EntityPatterns | None = None) -> NameKinds:
        patterns = patterns or load_patterns()
        data = json.loads(path.read_text(encoding="utf-8"))
        return cls(
            dict(data["person"]["weights"]),
            dict(data["body"]["weights"]),
            patterns,
            skipped_names(patterns),
            all_first_names(patterns),
        )

    def probabilities(self, doc: Doc, start: int, end: int) -> tuple[float, float]:
        """The probabilities that tokens start..end of `doc` name a person, and a body rather than a place."""
        before, after = sentence_words(doc, start, end)
        feats = features(" ".join(doc[start:end].text.split()), before, after, self.first_names)
        return probability(self.person, feats), probability(self.body, feats)

    def relabel(self, doc: Doc, spans: list[RuleSpan]) -> list[RuleSpan]:
        """The spans, each with the label the models are sure of where the name's form allows it."""
        out = []
        for span in spans:
            label = self._label(doc, span) if span.label in _LABELS else span.label
            out.append(span if label == span.label else replace(span, label=label))
        return out

    def _label(self, doc: Doc, span: RuleSpan) -> str:
        text = doc[span.start : span.end].text
        if text.lower() in self.skipped or text.isupper():
            return span.label
        words = [t.text for t in doc[span.start : span.end] if not t.is_space]
        if any(self._is_body_word(w) for w in words):
            return span.label
        if span.label == "PER" and (words[0] in self.first_names or INITIAL_RE.fullmatch(words[0])):
            return span.label
        person, body = self.probabilities(doc, span.start, span.end)
        label = span.label
        if label == "PER":
            if person < PLACE_BELOW:
                label = "LOC"
        elif person > PERSON_ABOVE and self._may_name_a_person(words, label):
            return "PER"
        if label != "PER" and body > BODY_ABOVE:
            return "ORG"
        if label != "PER" and body < BODY_BELOW:
            return "LOC"
        return label

    def _is_body_word(self, word: str) -> bool:
        """A word that makes a name a body's (`Banca`, `Gruppo`) or a company's (`Costruzioni`, `spa`)."""
        keywords = self.patterns.org_keywords
        low = word.lower()
        return (
            word in keywords
            or word.capitalize() in keywords
            or low in COMPANY_WORDS
            or low.replace(".", "") in self.patterns.legal_forms.forms
        )

    def _may_name_a_person(self, words: list[str], label: str) -> bool:
        p = self.patterns
        for w in words:
            if w in _JOINERS:
                continue
            if not w.isalpha() or (w.isupper() and len(w) > 1):
                return False
        if words[0] in PLACE_PREFIXES:
            return False
        if label == "ORG" and (len(words) < 2 or words[0] not in self.first_names):
            return False
        names = words[1:] if label == "ORG" else words
        return all(is_name_word(w, p) for w in names if w not in _JOINERS)


@cache
def load_name_kinds(path: Path = WEIGHTS) -> NameKinds | None:
    """The models whose weights are at `path` (once per process), or None when they are not there."""
    if not path.exists():
        log.warning("no weights of name kinds in %s; names keep the label they were found with", path)
        return None
    return NameKinds.load(path)
