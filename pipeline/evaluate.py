"""Score extracted mentions against the hand-checked gold in tests/gold (ANNOTATION.md section 9)."""

from __future__ import annotations

import json
import logging
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field, replace
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from pipeline.stages import extract_file
from schemas.records import Amount, DateMention, Document, Entity, Fact, Failure, Percent, Record

if TYPE_CHECKING:
    from spacy.language import Language

log = logging.getLogger(__name__)

MentionKind = Literal["money", "percent", "date", "PER", "ORG", "LOC", "PROGRAMME"]
ENTITY_LABELS = ("PER", "ORG", "LOC")
VALUE_KINDS = ("money", "percent", "date")
SCORED_KINDS = (*ENTITY_LABELS, *VALUE_KINDS, "relative")
# rows of the accuracy table; "entities" is the micro average of the three labels
REPORTED_KINDS = (*ENTITY_LABELS, "entities", *VALUE_KINDS, "relative")
# gold section -> kind used in scores; the two families own their occurrences separately (ANNOTATION.md 1)
NUMERIC_SECTIONS = {
    "money": "money",
    "percentages": "percent",
    "dates": "date",
    "relative_dates": "relative",
    "distractors": "distractor",
}
ENTITY_FAMILY = (*ENTITY_LABELS, "programme")
# a digit next to one of these and another digit continues the number: '2020' is not in '2014-2020'
NUMBER_JOINERS = ".,/-:"
WORD_DIGITS = "0123456789"
SOURCES_FILE = "sources.json"

Span = tuple[int, int]


@dataclass(frozen=True)
class GoldItem:
    """One item of a gold file, its surface normalised."""

    kind: str
    surface: str
    count: int
    optional: bool = False
    value: str | None = None
    context_value: str | None = None
    currency: str | None = None
    not_within: tuple[str, ...] = ()


@dataclass(frozen=True)
class Gold:
    """A gold file: the expected mentions of one seed document."""

    stem: str
    publication_date: str | None
    items: tuple[GoldItem, ...]


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


def normalize_surface(text: str) -> str:
    """Collapse whitespace and remove `**` markers, as the gold counts do.

    >>> normalize_surface("Regione\\n**Lombardia**")
    'Regione Lombardia'
    """
    return re.sub(r"\s+", " ", text.replace("**", "")).strip()


def load_gold(path: Path) -> Gold:
    """Read one gold file; its stem names the seed document."""
    data = json.loads(path.read_text(encoding="utf-8"))
    items: list[GoldItem] = []
    for section, kind in NUMERIC_SECTIONS.items():
        items += [_read_item(kind, raw) for raw in data[section]]
    for label in ENTITY_LABELS:
        items += [_read_item(label, raw) for raw in data["entities"][label]]
    items += [_read_item("programme", raw) for raw in data["not_scored_programmes"]]
    return Gold(stem=path.stem, publication_date=data["publication_date"], items=tuple(items))


def _read_item(kind: str, raw: Mapping[str, Any]) -> GoldItem:
    surface = raw.get("normalized_surface") or normalize_surface(raw["surface"])
    value = raw.get("value")
    return GoldItem(
        kind=kind,
        surface=surface,
        count=raw["count"],
        optional=raw.get("optional", False),
        value=None if value is None else str(value),
        context_value=raw.get("context_value"),
        currency=raw.get("currency"),
        not_within=tuple(raw.get("not_within", ())),
    )


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


def _normalize_with_offsets(text: str) -> tuple[str, list[int]]:
    """Normalised text and, for each original offset 0..len(text), the matching normalised offset."""
    # '**' goes first, then whitespace runs collapse, exactly as the gold counts were made
    without_stars: list[str] = []
    first_map: list[int] = []
    i = 0
    while i < len(text):
        if text.startswith("**", i):
            first_map += [len(without_stars)] * 2
            i += 2
            continue
        first_map.append(len(without_stars))
        without_stars.append(text[i])
        i += 1
    first_map.append(len(without_stars))
    collapsed: list[str] = []
    second_map: list[int] = []
    for char in without_stars:
        # a whitespace character after an output space continues the same run
        if char.isspace() and collapsed and collapsed[-1] == " ":
            second_map.append(len(collapsed))
            continue
        second_map.append(len(collapsed))
        collapsed.append(" " if char.isspace() else char)
    second_map.append(len(collapsed))
    return "".join(collapsed), [second_map[j] for j in first_map]


def _is_word(char: str) -> bool:
    return char.isalpha() or char in WORD_DIGITS


def _whole_token(text: str, start: int, end: int) -> bool:
    first, last = text[start], text[end - 1]
    if _is_word(first) and start > 0:
        before = text[start - 1]
        if _is_word(before):
            return False
        if first.isdigit() and before in NUMBER_JOINERS and start > 1 and text[start - 2].isdigit():
            return False
    if _is_word(last) and end < len(text):
        after = text[end]
        if _is_word(after):
            return False
        if last.isdigit() and after in NUMBER_JOINERS and end + 1 < len(text) and text[end + 1].isdigit():
            return False
    return True


def _find_all(text: str, surface: str, whole_tokens: bool = True) -> list[Span]:
    spans: list[Span] = []
    i = text.find(surface)
    while i >= 0 and surface:
        if not whole_tokens or _whole_token(text, i, i + len(surface)):
            spans.append((i, i + len(surface)))
        i = text.find(surface, i + 1)
    return spans


def find_occurrences(text: str, items: Sequence[GoldItem]) -> dict[str, list[Span]]:
    """Spans of each normalised surface of one family in normalised `text`.

    Only whole tokens count, `not_within` strings hide occurrences, and an occurrence inside a
    longer surface of the same family belongs to the longer one (ANNOTATION.md section 1).

    >>> items = [GoldItem("LOC", "Milano", 1), GoldItem("ORG", "Politecnico di Milano", 1)]
    >>> find_occurrences("Politecnico di Milano, Milano, Milanese", items)["Milano"]
    [(23, 29)]
    """
    found: dict[str, list[Span]] = {}
    for item in items:
        spans = found[item.surface] if item.surface in found else _find_all(text, item.surface)
        for outer in item.not_within:
            hidden = _find_all(text, outer, whole_tokens=False)
            spans = [s for s in spans if not any(a <= s[0] and s[1] <= b for a, b in hidden)]
        found[item.surface] = spans
    return {
        surface: [
            s
            for s in spans
            if not any(
                a <= s[0] and s[1] <= b and b - a > s[1] - s[0]
                for other, others in found.items()
                if other != surface
                for a, b in others
            )
        ]
        for surface, spans in found.items()
    }


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


def _locate(gold: Gold, text: str) -> list[tuple[GoldItem, list[Span]]]:
    """Each gold item with the spans of its surface in normalised `text`, family by family."""
    located: list[tuple[GoldItem, list[Span]]] = []
    for family in (NUMERIC_SECTIONS.values(), ENTITY_FAMILY):
        items = [item for item in gold.items if item.kind in family]
        spans = find_occurrences(text, items)
        located += [(item, spans[item.surface]) for item in items]
    return located


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
    normalized, offsets = _normalize_with_offsets(text)
    located = _locate(gold, normalized)
    ignored = [span for item, spans in located if item.optional for span in spans]
    programmes = [span for item, spans in located if item.kind == "programme" for span in spans]
    distractors = [
        span for item, spans in located if item.kind == "distractor" and not item.optional for span in spans
    ]
    # items of one family with the same surface share its occurrences, so their counts add up
    expected: Counter[tuple[str, str]] = Counter()
    found: dict[tuple[str, str], tuple[str, int]] = {}
    for item, spans in located:
        key = ("entity" if item.kind in ENTITY_FAMILY else "numeric", item.surface)
        expected[key] += item.count
        found.setdefault(key, (item.kind, len(spans)))
    unlocated = [
        Discrepancy(found[key][0], key[1], None, n - found[key][1])
        for key, n in expected.items()
        if n != found[key][1]
    ]

    kept: list[Mention] = []
    hits: Counter[tuple[str, str, str | None]] = Counter()
    for mention in mentions:
        span = (offsets[mention.start], offsets[mention.end])
        if mention.kind == "PROGRAMME" or _inside(span, ignored):
            continue
        if mention.kind in ENTITY_LABELS and _inside(span, programmes):
            continue
        if mention.kind in VALUE_KINDS and _overlaps(span, distractors):
            shown = _show(mention.kind, mention.value, mention.context_value, mention.currency)
            hits[_mention_kind(mention), normalize_surface(mention.text), shown] += 1
        kept.append(mention)

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
        unlocated=tuple(unlocated),
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
    sources: dict[str, str] = json.loads((gold_dir / SOURCES_FILE).read_text(encoding="utf-8"))
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
    sources: dict[str, str] = json.loads((gold_dir / SOURCES_FILE).read_text(encoding="utf-8"))
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


def format_accuracy(report: Report) -> str:
    """The accuracy table of `pipeline bench accuracy`: figures per kind, then each document's errors."""
    lines = [f"{'kind':<10}{'P':>7}{'R':>7}{'F1':>7}{'tp':>6}{'fp':>6}{'fn':>6}{'distractor hits':>17}"]
    for kind in REPORTED_KINDS:
        t = report.tally(kind)
        lines.append(
            f"{kind:<10}{t.precision:>7.3f}{t.recall:>7.3f}{t.f1:>7.3f}"
            f"{t.tp:>6}{t.fp:>6}{t.fn:>6}{t.distractor_hits:>17}"
        )
    lines += [f"FAILED {stem}: {message}" for stem, message in report.failures]
    for document in report.documents:
        rows = [
            *(("miss", d) for d in document.misses),
            *(("extra", d) for d in document.extras),
            *(("distractor", d) for d in document.distractor_hits),
            *(("unlocated", d) for d in document.unlocated),
        ]
        lines += ["", document.stem] if rows else []
        for what, d in rows:
            value = "" if d.value is None else f" = {d.value}"
            times = f"  x{d.count}" if d.count != 1 else ""
            lines.append(f"  {what:<11}{d.kind:<9}{d.surface!r}{value}{times}")
    return "\n".join(lines)


def report_dict(report: Report) -> dict[str, Any]:
    """The report as plain JSON-able data, for `pipeline bench accuracy --json`."""
    kinds = {
        kind: {
            "precision": round(t.precision, 4),
            "recall": round(t.recall, 4),
            "f1": round(t.f1, 4),
            "tp": t.tp,
            "fp": t.fp,
            "fn": t.fn,
            "distractor_hits": t.distractor_hits,
        }
        for kind in REPORTED_KINDS
        for t in [report.tally(kind)]
    }
    documents = {
        d.stem: {
            section: [asdict(x) for x in getattr(d, section)]
            for section in ("misses", "extras", "distractor_hits", "unlocated")
        }
        for d in report.documents
    }
    return {"kinds": kinds, "failures": dict(report.failures), "documents": documents}
