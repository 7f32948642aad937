"""Entity corpora (CoNLL-2002 files and the project's annotated JSONL): reading them, and scoring.

A sentence's tokens are joined with single spaces and run through the pipeline like any document;
a mention counts when its character span and label equal a gold one. MISC is not one of our labels:
gold MISC spans are dropped, and any mention inside one is ignored (neither right nor wrong), as are
PROGRAMME mentions, which the gold of such corpora does not annotate.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import numpy as np
import numpy.typing as npt
from spacy.language import Language

from pipeline.bench.intervals import DRAWS, ratio_difference, ratio_interval
from pipeline.extract.entities import find_entities

SCORED_LABELS = ("PER", "ORG", "LOC")
# the Europarl-it sentences held out from training (training/build.py trains on europarl-it.train.conll02)
EUROPARL_TEST = Path("training/data/europarl-it.test.conll02")
# the test split of the project's annotated corpus (training/GUIDELINE.md): never trained or tuned on
OWN_TEST = Path("tests/gold/entities-test.jsonl")
OWN_LABELS = ("PER", "ORG", "LOC", "PROGRAMME")
IGNORED_GOLD_LABELS = frozenset({"MISC"})
BATCH_SIZE = 64


@dataclass(frozen=True)
class ConllSentence:
    """One sentence: its tokens and their IOB tags (`B-ORG`, `I-ORG`, `O`)."""

    tokens: tuple[str, ...]
    tags: tuple[str, ...]

    @property
    def text(self) -> str:
        """The tokens joined by single spaces."""
        return " ".join(self.tokens)

    def spans(self) -> list[tuple[int, int, str]]:
        """Gold mentions as (start, end, label) character spans into `text`."""
        return list(_iob_spans(self.tokens, self.tags))


@dataclass(frozen=True)
class AnnotatedSentence:
    """One sentence of the project's corpus: text, source and gold (start, end, label) spans."""

    id: str
    source: str
    text: str
    gold: tuple[tuple[int, int, str], ...]

    def spans(self) -> list[tuple[int, int, str]]:
        return list(self.gold)


class Sentence(Protocol):
    @property
    def text(self) -> str: ...

    def spans(self) -> list[tuple[int, int, str]]: ...


def read_annotated(path: Path) -> list[AnnotatedSentence]:
    """Sentences of a corpus JSONL file (`{"id", "source", "text", "spans": [[start, end, label]]}`)."""
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        item = json.loads(line)
        spans = tuple((int(s), int(e), str(label)) for s, e, label in item["spans"])
        out.append(AnnotatedSentence(item["id"], item["source"], item["text"], spans))
    return out


def _iob_spans(tokens: tuple[str, ...], tags: tuple[str, ...]) -> Iterator[tuple[int, int, str]]:
    offset = 0
    current: tuple[int, int, str] | None = None
    for token, tag in zip(tokens, tags, strict=True):
        start, end = offset, offset + len(token)
        offset = end + 1
        prefix, _, label = tag.partition("-")
        if current is not None and (prefix != "I" or label != current[2]):
            yield current
            current = None
        if prefix in {"B", "I"}:
            current = (current[0], end, label) if current is not None else (start, end, label)
    if current is not None:
        yield current


def parse_conll(text: str) -> list[ConllSentence]:
    """Sentences of a CoNLL-2002 text: one `token<TAB or space>tag` per line, blank lines between.

    >>> [s.spans() for s in parse_conll("Regione\\tB-ORG\\nLombardia\\tI-ORG\\ne\\tO\\nMilano\\tB-LOC\\n")]
    [[(0, 17, 'ORG'), (20, 26, 'LOC')]]
    >>> parse_conll("-DOCSTART- O\\n\\nRoma B-LOC\\n")[0].tokens
    ('Roma',)
    """
    sentences: list[ConllSentence] = []
    tokens: list[str] = []
    tags: list[str] = []
    for line in [*text.splitlines(), ""]:
        parts = line.split()
        if len(parts) >= 2 and parts[0] != "-DOCSTART-":
            tokens.append(parts[0])
            tags.append(parts[-1])
        elif not parts and tokens:
            sentences.append(ConllSentence(tuple(tokens), tuple(tags)))
            tokens, tags = [], []
    return sentences


def read_conll(path: Path) -> list[ConllSentence]:
    """Sentences of a CoNLL-2002 file (UTF-8)."""
    return parse_conll(path.read_text(encoding="utf-8"))


def _prf(counts: Counter[str]) -> dict[str, float]:
    tp, fp, fn = counts["tp"], counts["fp"], counts["fn"]
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1, "tp": tp, "fp": fp, "fn": fn}


def score_sentences(
    nlp: Language, sentences: Iterable[Sentence], labels: tuple[str, ...] = SCORED_LABELS
) -> dict[str, dict[str, float]]:
    """P/R/F1 per label, and micro-averaged over PER, ORG and LOC, comparing exact spans and labels;
    the micro F1 with its 95% interval over resamplings of the sentences (`f1_low`, `f1_high`)."""
    counts, per_sentence = sentence_counts(nlp, sentences, labels)
    scores = {label: _prf(c) for label, c in counts.items()}
    scores["micro"] = _prf(sum((c for k, c in counts.items() if k in SCORED_LABELS), Counter()))
    if len(per_sentence):
        scores["micro"]["f1_low"], scores["micro"]["f1_high"] = f1_interval(per_sentence)
    return scores


def sentence_counts(
    nlp: Language, sentences: Iterable[Sentence], labels: tuple[str, ...] = SCORED_LABELS
) -> tuple[dict[str, Counter[str]], npt.NDArray[np.int64]]:
    """tp/fp/fn per label over all sentences, and each sentence's tp, fp, fn over PER, ORG and LOC
    (one row per sentence, in order)."""
    sentences = list(sentences)
    counts: dict[str, Counter[str]] = {label: Counter() for label in labels}
    per_sentence = np.zeros((len(sentences), 3), dtype=np.int64)
    docs = nlp.pipe((s.text for s in sentences), batch_size=BATCH_SIZE)
    for i, (sentence, doc) in enumerate(zip(sentences, docs, strict=True)):
        gold_all = sentence.spans()
        ignored = [(s, e) for s, e, label in gold_all if label in IGNORED_GOLD_LABELS]
        gold = {(s, e, label) for s, e, label in gold_all if label in labels}
        found = {
            (m.start, m.end, m.label)
            for m in find_entities(doc)
            if m.label in labels and not any(s <= m.start and m.end <= e for s, e in ignored)
        }
        for label in labels:
            g = {x for x in gold if x[2] == label}
            f = {x for x in found if x[2] == label}
            counts[label].update(tp=len(g & f), fp=len(f - g), fn=len(g - f))
            if label in SCORED_LABELS:
                per_sentence[i] += (len(g & f), len(f - g), len(g - f))
    return counts, per_sentence


def f1_units(per_sentence: npt.NDArray[np.int64]) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    """Micro F1 as a ratio of per-sentence sums (rows of tp, fp, fn): 2tp over 2tp + fp + fn."""
    tp, fp, fn = per_sentence[:, 0], per_sentence[:, 1], per_sentence[:, 2]
    return 2 * tp, 2 * tp + fp + fn


def f1_interval(per_sentence: npt.NDArray[np.int64]) -> tuple[float, float]:
    """The 95% interval of the micro F1 over resamplings of the sentences (rows of tp, fp, fn), so that
    a figure is read with the spread its few hundred sentences give it.

    >>> rows = np.array([[1, 0, 0]] * 80 + [[0, 1, 1]] * 20)  # F1 0.8 on 100 sentences
    >>> f1_interval(rows)
    (0.72, 0.88)
    """
    return ratio_interval(*f1_units(per_sentence))


def f1_difference(first: npt.NDArray[np.int64], second: npt.NDArray[np.int64]) -> dict[str, float]:
    """Paired comparison of the micro F1 of two systems on the same sentences (rows of tp, fp, fn for
    each): see `pipeline.bench.intervals.ratio_difference`.

    >>> a = np.array([[1, 1, 1]] * 50 + [[1, 0, 0]] * 50)
    >>> b = np.array([[1, 0, 0]] * 100)
    >>> d = f1_difference(a, b)
    >>> round(d["first"], 3), d["second"], d["low"] > 0, d["not_better"] < 0.05
    (0.667, 1.0, True, True)
    """
    return ratio_difference(f1_units(first), f1_units(second))


def score_conll(nlp: Language, path: Path) -> dict[str, dict[str, float]]:
    """Score the entity stage on a CoNLL-2002 file.

    Args:
        nlp: the pipeline from `pipeline.extract.nlp.build_nlp`.
        path: a CoNLL-2002 file with PER/ORG/LOC (and MISC, which is ignored) tags.

    Returns:
        For each of PER, ORG, LOC and "micro": precision, recall, f1 and the tp/fp/fn counts.
    """
    return score_sentences(nlp, read_conll(path))


def format_conll_scores(scores: dict[str, dict[str, float]], title: str = "Europarl-it (held out)") -> str:
    """A small table of the scores from `score_conll`.

    >>> micro = {"precision": 0.5, "recall": 1.0, "f1": 0.667, "tp": 1, "fp": 1, "fn": 0}
    >>> print(format_conll_scores({"micro": micro}))
    Europarl-it (held out)
    label          P      R     F1    tp    fp    fn
    micro      0.500  1.000  0.667     1     1     0
    """
    lines = [title, f"{'label':<9} {'P':>6} {'R':>6} {'F1':>6} {'tp':>5} {'fp':>5} {'fn':>5}"]
    for label, s in scores.items():
        lines.append(
            f"{label:<9} {s['precision']:>6.3f} {s['recall']:>6.3f} {s['f1']:>6.3f}"
            f" {int(s['tp']):>5} {int(s['fp']):>5} {int(s['fn']):>5}"
        )
    micro = scores.get("micro", {})
    if "f1_low" in micro:
        lines.append(
            f"micro F1 {micro['f1']:.3f}, 95% interval {micro['f1_low']:.3f}-{micro['f1_high']:.3f}"
            f" ({DRAWS} resamplings of the sentences)"
        )
    return "\n".join(lines)


def title_case(text: str) -> str:
    """`text` as a title in title case: every word after a space opens with a capital, the rest of it
    unchanged (`PNRR` stays; the same length, so the gold's offsets hold)."""
    return " ".join(word[:1].upper() + word[1:] for word in text.split(" "))


def wrap_lines(text: str, width: int = 45) -> str:
    """`text` with its lines broken as a PDF's are: the first space `width` characters or more after
    the previous break becomes a line break (the same length, so the gold's offsets hold)."""
    out = list(text)
    last = 0
    for i, ch in enumerate(text):
        if ch == " " and i - last >= width:
            out[i] = "\n"
            last = i
    return "".join(out)
