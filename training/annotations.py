"""The entity corpus's annotations: checking them, measuring agreement, and turning them into spans.

An annotation file (`training/ner/annotations/<batch>.json`) is a JSON list with one object per
sentence of its batch: `{"id": ..., "entities": [{"text": ..., "label": ...}, ...]}`, entities in
the order they occur. `locate` finds each one in the sentence after the previous one, on word
boundaries; anything that does not fit is an error, never guessed.

    python -m training.annotations check BATCH.jsonl ANNOTATIONS.json
    python -m training.annotations agree FIRST.json SECOND.json BATCH.jsonl
    python -m training.annotations build

`build` joins the sentences (`training/ner/sentences.jsonl`), the first reading of every batch
(`training/ner/annotations/`) and, for the double-annotated batches, the adjudicated choice between the
two readings (`training/ner/adjudication.json`), and writes the corpus with character spans:
`training/ner/corpus/train.jsonl` and `dev.jsonl`, and the test split, which no training step reads,
to `tests/gold/entities-test.jsonl`. Sentences of the `reserve` split are annotated and checked like the
others and go to `training/ner/corpus/reserve.jsonl`, which no training step reads: a second set on
which to judge rules (`python -m training.compare --reserve`), with as many news sentences again as the
dev split.
"""

from __future__ import annotations

import json
import re
import sys
from dataclasses import dataclass
from pathlib import Path

LABELS = ("PER", "ORG", "LOC", "PROGRAMME")
ROOT = Path(__file__).resolve().parent.parent
NER = ROOT / "training" / "ner"
TEST_OUT = ROOT / "tests" / "gold" / "entities-test.jsonl"
# the funding gold's news passages: those of its held-out half never reach the entity model's training
FUNDING_PASSAGES = ROOT / "tests" / "gold" / "funding-passages" / "passages.jsonl"


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    label: str


def _boundary(text: str, start: int, end: int) -> bool:
    before = text[start - 1] if start > 0 else " "
    after = text[end] if end < len(text) else " "
    return not (before.isalnum() or after.isalnum())


def locate(text: str, entities: list[dict[str, str]]) -> tuple[list[Span], list[str]]:
    """Character spans of the listed entities, in order, and the errors found."""
    spans: list[Span] = []
    errors: list[str] = []
    pos = 0
    for ent in entities:
        surface, label = ent.get("text", ""), ent.get("label", "")
        if label not in LABELS:
            errors.append(f"label {label!r} of {surface!r} is not one of {LABELS}")
            continue
        if not surface or surface != surface.strip():
            errors.append(f"{surface!r}: empty or with outer spaces")
            continue
        start = text.find(surface, pos)
        while start >= 0 and not _boundary(text, start, start + len(surface)):
            start = text.find(surface, start + 1)
        if start < 0:
            where = "earlier in the sentence (order?)" if text.find(surface) >= 0 else "in the sentence"
            errors.append(f"{surface!r} not found on word boundaries after offset {pos}, {where}")
            continue
        spans.append(Span(start, start + len(surface), label))
        pos = start + len(surface)
    return spans, errors


def read_batch(path: Path) -> list[dict[str, str]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def read_annotations(path: Path) -> dict[str, list[dict[str, str]]]:
    data = json.loads(path.read_text(encoding="utf-8"))
    return {item["id"]: item["entities"] for item in data}


def check(batch: Path, annotations: Path) -> list[str]:
    """Every problem of an annotation file against its batch (empty when it is sound)."""
    sentences = read_batch(batch)
    try:
        ann = read_annotations(annotations)
    except (ValueError, KeyError, TypeError) as exc:
        return [f"{annotations}: not a list of {{id, entities}} objects: {exc}"]
    errors = []
    ids = [s["id"] for s in sentences]
    for missing in [i for i in ids if i not in ann]:
        errors.append(f"{missing}: no annotation")
    for extra in [i for i in ann if i not in set(ids)]:
        errors.append(f"{extra}: not in the batch")
    for s in sentences:
        if s["id"] in ann:
            errors.extend(f"{s['id']}: {e}" for e in locate(s["text"], ann[s["id"]])[1])
    return errors


def agreement(first: dict[str, set[Span]], second: dict[str, set[Span]]) -> dict[str, tuple[int, int, int]]:
    """Per label (and `all`): spans in both, only in the first, only in the second."""
    counts: dict[str, list[int]] = {}
    for sid in first.keys() & second.keys():
        a, b = first[sid], second[sid]
        for label in (*LABELS, "all"):
            aa = {s for s in a if label in ("all", s.label)}
            bb = {s for s in b if label in ("all", s.label)}
            c = counts.setdefault(label, [0, 0, 0])
            c[0] += len(aa & bb)
            c[1] += len(aa - bb)
            c[2] += len(bb - aa)
    return {k: (v[0], v[1], v[2]) for k, v in counts.items()}


def f1(both: int, only_a: int, only_b: int) -> float:
    return 2 * both / (2 * both + only_a + only_b) if both else 0.0


def spans_of(batch: Path, annotations: Path) -> dict[str, set[Span]]:
    texts = {s["id"]: s["text"] for s in read_batch(batch)}
    return {sid: set(locate(texts[sid], ents)[0]) for sid, ents in read_annotations(annotations).items()}


def squeeze(text: str) -> str:
    """A sentence without its whitespace and case: how splits are compared (the Wikinews file is
    tokenized; a heading or an FAQ question can stand on two pages, once capitalised otherwise)."""
    return re.sub(r"\s+", "", text).casefold()


def _holds_test_text(text: str, test_keys: list[str]) -> bool:
    """Whether a sentence contains a test sentence (`test_keys`: over 30 characters, no whitespace) word
    for word: the same passage can sit on two pages, one in each split, glued to its neighbour on one."""
    key = squeeze(text)
    return any(t in key for t in test_keys)


def funding_test_passages() -> list[str]:
    """The held-out funding passages (`part` test), without whitespace."""
    return [squeeze(p["text"]) for p in read_batch(FUNDING_PASSAGES) if p["part"] == "test"]


def in_funding_test(text: str, passages: list[str]) -> bool:
    """Whether a sentence is part of a held-out funding passage (the same Wikinews sentence can be both)."""
    key = squeeze(text)
    return len(key) > 20 and any(key in p for p in passages)


def build() -> dict[str, int]:
    """Write the corpus splits; every annotation must pass `check` first."""
    rows = read_batch(NER / "sentences.jsonl")
    chosen: dict[str, list[dict[str, str]]] = {}
    adjudication = json.loads((NER / "adjudication.json").read_text(encoding="utf-8"))
    for ann_path in sorted((NER / "annotations").glob("*.json")):
        batch = NER / "batches" / f"{ann_path.stem}.jsonl"
        errors = check(batch, ann_path)
        if errors:
            raise SystemExit(f"{ann_path}: {len(errors)} problems, first: {errors[0]}")
        first = read_annotations(ann_path)
        decided = adjudication.get(ann_path.stem, {})
        second_path = NER / "annotations-second" / ann_path.name
        second = read_annotations(second_path) if decided else {}
        for sid, ents in first.items():
            chosen[sid] = second[sid] if decided.get(sid) == "second" else ents
    texts = {r["id"]: r for r in rows}
    out: dict[str, list[str]] = {"train": [], "dev": [], "test": [], "reserve": []}
    for sid, ents in chosen.items():
        row = texts[sid]
        spans, _ = locate(row["text"], ents)
        item = {
            "id": sid,
            "source": row["source"],
            "text": row["text"],
            "spans": [[sp.start, sp.end, sp.label] for sp in spans],
        }
        out[row["split"]].append(json.dumps(item, ensure_ascii=False))
    test_keys = [k for k in (squeeze(json.loads(line)["text"]) for line in out["test"]) if len(k) > 30]
    funding_test = funding_test_passages()
    for split in ("train", "dev", "reserve"):
        texts = [json.loads(line)["text"] for line in out[split]]
        out[split] = [
            line
            for line, text in zip(out[split], texts, strict=True)
            if not _holds_test_text(text, test_keys) and not in_funding_test(text, funding_test)
        ]
    (NER / "corpus").mkdir(exist_ok=True)
    for split, lines in out.items():
        target = TEST_OUT if split == "test" else NER / "corpus" / f"{split}.jsonl"
        target.write_text("".join(line + "\n" for line in sorted(lines)), encoding="utf-8")
    return {k: len(v) for k, v in out.items()}


def main(argv: list[str]) -> int:
    if argv == ["build"]:
        print(build())
        return 0
    if len(argv) >= 3 and argv[0] == "check":
        errors = check(Path(argv[1]), Path(argv[2]))
        for e in errors:
            print(e)
        n = len(read_batch(Path(argv[1])))
        print(f"{len(errors)} problems in {n} sentences")
        return 1 if errors else 0
    if len(argv) == 4 and argv[0] == "agree":
        batch = Path(argv[3])
        table = agreement(spans_of(batch, Path(argv[1])), spans_of(batch, Path(argv[2])))
        for label, (both, a, b) in table.items():
            print(f"{label:10} F1 {f1(both, a, b):.3f}  both {both:5}  first only {a:4}  second only {b:4}")
        return 0
    print(__doc__)
    return 2


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
