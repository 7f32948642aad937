"""Score extracted mentions against the hand-checked gold in tests/gold (ANNOTATION.md section 9)."""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from pipeline.bench.gold import (
    ENTITY_FAMILY,
    ENTITY_LABELS,
    Gold,
    GoldItem,
    Span,
    load_gold,
    locate,
    normalize_surface,
    normalize_with_offsets,
    read_sources,
)
from pipeline.stages import extract_file
from schemas.records import Amount, DateMention, Document, Entity, Fact, Failure, Percent, Record

if TYPE_CHECKING:
    from spacy.language import Language

__all__ = [
    "Discrepancy",
    "DocumentScore",
    "Mention",
    "Report",
    "Tally",
    "evaluate_gold",
    "mentions_from_records",
    "score_document",
    "score_records",
]

log = logging.getLogger(__name__)

MentionKind = Literal["money", "percent", "date", "PER", "ORG", "LOC", "PROGRAMME"]
VALUE_KINDS = ("money", "percent", "date")
SCORED_KINDS = (*ENTITY_LABELS, *VALUE_KINDS, "relative")


@dataclass(frozen=True)
class Mention:
    """A system mention reduced to what scoring needs; offsets index the text the system saw.

    `context_value` is set only for a date whose year the system inferred from the document.
    """

    kind: MentionKind
    start: int
    end: int
    text: str
    value: str | None = None
    context_value: str | None = None
    relative: bool = False
    currency: str | None = None


@dataclass(frozen=True)
class Discrepancy:
    """A gold item the system missed, or a system mention the gold does not have."""

    kind: str
    surface: str
    value: str | None
    count: int


@dataclass(frozen=True)
class Tally:
    """True positives, false positives and false negatives of one kind."""

    tp: int = 0
    fp: int = 0
    fn: int = 0
    distractor_hits: int = 0

    def __add__(self, other: Tally) -> Tally:
        return Tally(
            self.tp + other.tp,
            self.fp + other.fp,
            self.fn + other.fn,
            self.distractor_hits + other.distractor_hits,
        )

    @property
    def precision(self) -> float:
        """Share of system mentions that are right (1.0 when there are none)."""
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        """Share of gold mentions found (1.0 when there are none)."""
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        """Harmonic mean of precision and recall, from the counts."""
        denominator = 2 * self.tp + self.fp + self.fn
        return 2 * self.tp / denominator if denominator else 1.0


@dataclass(frozen=True)
class DocumentScore:
    """How one document's mentions compare with its gold."""

    stem: str
    tallies: Mapping[str, Tally]
    misses: tuple[Discrepancy, ...] = ()
    extras: tuple[Discrepancy, ...] = ()
    distractor_hits: tuple[Discrepancy, ...] = ()
    unlocated: tuple[Discrepancy, ...] = ()


@dataclass(frozen=True)
class Report:
    """Scores of every gold document, plus the documents the pipeline failed on."""

    documents: tuple[DocumentScore, ...]
    failures: tuple[tuple[str, str], ...] = field(default=())

    def tally(self, kind: str) -> Tally:
        """Micro-averaged tally of one kind, or of all entity labels for `kind="entities"`."""
        kinds = ENTITY_LABELS if kind == "entities" else (kind,)
        total = Tally()
        for document in self.documents:
            for name in kinds:
                total += document.tallies.get(name, Tally())
        return total


def mentions_from_records(records: Iterable[Fact]) -> list[Mention]:
    """Turn extracted records into mentions; other record kinds are skipped."""
    mentions: list[Mention] = []
    for record in records:
        where = (record.start, record.end, record.text)
        if isinstance(record, Entity):
            mentions.append(Mention(record.label, *where))
        elif isinstance(record, Amount):
            mentions.append(Mention("money", *where, str(record.value), currency=record.currency))
        elif isinstance(record, Percent):
            mentions.append(Mention("percent", *where, str(record.value)))
        elif isinstance(record, DateMention):
            context = record.context_value if record.year_inferred else None
            mentions.append(Mention("date", *where, record.value, context, record.relative))
    return mentions


def _inside(span: Span, spans: Iterable[Span]) -> bool:
    return any(a <= span[0] and span[1] <= b for a, b in spans)


def _overlaps(span: Span, spans: Iterable[Span]) -> bool:
    return any(span[0] < b and a < span[1] for a, b in spans)


def _decimal(value: str | None) -> Decimal | None:
    try:
        return None if value is None else Decimal(value)
    except InvalidOperation:
        return None


def _agrees(item: GoldItem, mention: Mention) -> bool:
    """Whether a mention carries the value of a gold item with the same surface."""
    if item.kind == "money":
        value = _decimal(mention.value)
        return value is not None and value == _decimal(item.value) and mention.currency == item.currency
    if item.kind == "percent":
        value = _decimal(mention.value)
        return value is not None and value == _decimal(item.value)
    if item.kind == "date":
        # the literal value matches the gold value; a year the system inferred may match the context
        inferred = mention.context_value is not None and mention.context_value in (
            item.value,
            item.context_value,
        )
        return mention.value == item.value or inferred
    return True


def _score_kind(
    kind: str, gold: Sequence[GoldItem], mentions: Sequence[Mention]
) -> tuple[Tally, list[Discrepancy], list[Discrepancy]]:
    """Match gold units to system mentions of one kind, surface by surface."""
    tp = 0
    misses: Counter[tuple[str, str | None]] = Counter()
    extras: Counter[tuple[str, str | None]] = Counter()
    surfaces = {item.surface for item in gold} | {normalize_surface(m.text) for m in mentions}
    for surface in sorted(surfaces):
        units = [item for item in gold if item.surface == surface for _ in range(item.count)]
        candidates = [m for m in mentions if normalize_surface(m.text) == surface]
        pairs = _max_matching(units, candidates)
        tp += len(pairs)
        matched_units = {u for u, _ in pairs}
        matched_mentions = {m for _, m in pairs}
        for index, item in enumerate(units):
            if index not in matched_units:
                misses[surface, _show(item.kind, item.value, item.context_value, item.currency)] += 1
        for index, mention in enumerate(candidates):
            if index not in matched_mentions:
                extras[surface, _show(kind, mention.value, mention.context_value, mention.currency)] += 1
    tally = Tally(tp=tp, fp=sum(extras.values()), fn=sum(misses.values()))
    return tally, _discrepancies(kind, misses), _discrepancies(kind, extras)


def _max_matching(units: Sequence[GoldItem], mentions: Sequence[Mention]) -> list[tuple[int, int]]:
    """Largest set of (unit, mention) index pairs that agree, by augmenting paths; groups are small."""
    edges = [[u for u, unit in enumerate(units) if _agrees(unit, mention)] for mention in mentions]
    owner: dict[int, int] = {}

    def augment(m: int, seen: set[int]) -> bool:
        for u in edges[m]:
            if u not in seen:
                seen.add(u)
                if u not in owner or augment(owner[u], seen):
                    owner[u] = m
                    return True
        return False

    for m in range(len(mentions)):
        augment(m, set())
    return sorted(owner.items())


def _show(kind: str, value: str | None, context_value: str | None, currency: str | None) -> str | None:
    if kind == "money":
        return f"{value} {currency}"
    return f"{value} ({context_value})" if kind == "date" and context_value else value


def _discrepancies(kind: str, counts: Counter[tuple[str, str | None]]) -> list[Discrepancy]:
    return [Discrepancy(kind, surface, value, n) for (surface, value), n in sorted(counts.items(), key=str)]


def _mention_kind(mention: Mention) -> str:
    return "relative" if mention.kind == "date" and mention.relative else mention.kind


def _unlocated(located: Sequence[tuple[GoldItem, list[Span]]]) -> list[Discrepancy]:
    """Gold surfaces whose occurrences in the text differ from the gold count."""
    # items of one family with the same surface share its occurrences, so their counts add up
    expected: Counter[tuple[str, str]] = Counter()
    found: dict[tuple[str, str], tuple[str, int]] = {}
    for item, spans in located:
        key = ("entity" if item.kind in ENTITY_FAMILY else "numeric", item.surface)
        expected[key] += item.count
        found.setdefault(key, (item.kind, len(spans)))
    return [
        Discrepancy(found[key][0], key[1], None, n - found[key][1])
        for key, n in expected.items()
        if n != found[key][1]
    ]


def _keep_mentions(
    located: Sequence[tuple[GoldItem, list[Span]]], mentions: Sequence[tuple[Mention, Span]]
) -> tuple[list[Mention], Counter[tuple[str, str, str | None]]]:
    """The mentions that are scored, and the value mentions that overlap a distractor.

    Mentions inside optional gold items are ignored, as are entities inside programme names;
    `mentions` pairs each mention with its span in the normalised text.
    """
    ignored = [span for item, spans in located if item.optional for span in spans]
    programmes = [span for item, spans in located if item.kind == "programme" for span in spans]
    distractors = [
        span for item, spans in located if item.kind == "distractor" and not item.optional for span in spans
    ]
    kept: list[Mention] = []
    hits: Counter[tuple[str, str, str | None]] = Counter()
    for mention, span in mentions:
        if mention.kind == "PROGRAMME" or _inside(span, ignored):
            continue
        if mention.kind in ENTITY_LABELS and _inside(span, programmes):
            continue
        if mention.kind in VALUE_KINDS and _overlaps(span, distractors):
            shown = _show(mention.kind, mention.value, mention.context_value, mention.currency)
            hits[_mention_kind(mention), normalize_surface(mention.text), shown] += 1
        kept.append(mention)
    return kept, hits


def score_document(gold: Gold, text: str, mentions: Sequence[Mention]) -> DocumentScore:
    """Compare one document's mentions with its gold (ANNOTATION.md section 9).

    Args:
        gold: the gold file of the document.
        text: the text the system read, which every mention offset indexes.
        mentions: everything the system found in `text`.

    Returns:
        Tallies per kind (PER, ORG, LOC, money, percent, date, relative) with the misses, the
        extras, the value mentions that overlap a distractor, and the gold surfaces whose
        occurrences in `text` differ from the gold count.
    """
    normalized, offsets = normalize_with_offsets(text)
    located = locate(gold, normalized)
    kept, hits = _keep_mentions(located, [(m, (offsets[m.start], offsets[m.end])) for m in mentions])

    tallies: dict[str, Tally] = {}
    misses: list[Discrepancy] = []
    extras: list[Discrepancy] = []
    for kind in SCORED_KINDS:
        gold_items = [i for i in gold.items if i.kind == kind and not i.optional]
        tally, missed, extra = _score_kind(kind, gold_items, [m for m in kept if _mention_kind(m) == kind])
        n_hits = sum(n for (hit_kind, _, _), n in hits.items() if hit_kind == kind)
        tallies[kind] = Tally(tally.tp, tally.fp, tally.fn, n_hits)
        misses += missed
        extras += extra
    return DocumentScore(
        stem=gold.stem,
        tallies=tallies,
        misses=tuple(misses),
        extras=tuple(extras),
        distractor_hits=tuple(Discrepancy(k, s, v, n) for (k, s, v), n in sorted(hits.items(), key=str)),
        unlocated=tuple(_unlocated(located)),
    )


def evaluate_gold(gold_dir: Path, raw_dir: Path, nlp: Language) -> Report:
    """Extract every seed named in `gold_dir/sources.json` with the real pipeline and score it.

    Args:
        gold_dir: folder of gold files and `sources.json` (gold stem -> file name in `raw_dir`).
        raw_dir: folder of the seed documents.
        nlp: the pipeline's spaCy language, from `build_nlp()`.

    Returns:
        One score per gold file; see `score_records`.
    """
    sources = read_sources(gold_dir)
    records: dict[str, Sequence[Record]] = {}
    for name in sources.values():
        result = extract_file(raw_dir / name, raw_dir, nlp)
        records[name] = [result] if isinstance(result, Failure) else result.records()
    return score_records(gold_dir, records)


def score_records(gold_dir: Path, records: Mapping[str, Sequence[Record]]) -> Report:
    """Score the records extracted from each seed named in `gold_dir/sources.json`.

    Args:
        gold_dir: folder of gold files and `sources.json` (gold stem -> file name in raw/).
        records: the records of each file, keyed by its path relative to raw/; a document's
            list holds its `Document` record, or a `Failure`.

    Returns:
        One score per gold file. A document that failed or is missing is listed in `failures`
        and scored as if nothing had been found.
    """
    sources = read_sources(gold_dir)
    documents: list[DocumentScore] = []
    failures: list[tuple[str, str]] = []
    for stem, name in sorted(sources.items()):
        gold = load_gold(gold_dir / f"{stem}.json")
        found = records.get(name, ())
        texts = [r.text for r in found if isinstance(r, Document)]
        if not texts:
            failure = next((r for r in found if isinstance(r, Failure)), None)
            message = f"{failure.code}: {failure.message}" if failure else "no records"
            log.warning("gold document not extracted", extra={"fields": {"doc": stem, "problem": message}})
            failures.append((stem, message))
            # every gold item is a miss; that none occurs in the missing text says nothing more
            documents.append(replace(score_document(gold, "", []), unlocated=()))
            continue
        facts = [r for r in found if isinstance(r, Fact)]
        documents.append(score_document(gold, texts[0], mentions_from_records(facts)))
    return Report(tuple(documents), tuple(failures))
