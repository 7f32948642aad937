"""The stages of a run, one plain function each: discover, extract, write, load.

Every document is isolated: a bad file or a bug on one file becomes a Failure record and the
others go on. Prefect (flows.py) and the CLI call these functions and nothing deeper.
"""

from __future__ import annotations

import json
import logging
import time
import traceback
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from pipeline import files, store
from pipeline.extract.records import DocumentInfo, Extraction, build_extraction
from pipeline.extract.source import ReadError, SourceText
from pipeline.readers import Limits, read_document
from schemas import SCHEMA_VERSION, Document, Failure, Record, error_message

if TYPE_CHECKING:
    from spacy.language import Language

log = logging.getLogger(__name__)

try:
    PIPELINE_VERSION = version("pipeline")
except PackageNotFoundError:  # running from a source tree that was not installed
    PIPELINE_VERSION = "0+unknown"

BATCH_SIZE = 16


@dataclass(frozen=True)
class Settings:
    """Where a run reads and writes, and its per-document limits."""

    raw_dir: Path = Path("raw")
    out_dir: Path = Path("extracted")
    db_path: Path = store.DEFAULT_DB
    limits: Limits = field(default_factory=Limits)
    batch_size: int = BATCH_SIZE


@dataclass(frozen=True)
class Candidate:
    """A file in raw/ that needs extracting."""

    file: files.RawFile
    doc_id: str
    size: int
    reason: Literal["new", "changed"]


@dataclass(frozen=True)
class Plan:
    """What discovery found: files to extract, unchanged files, and paths gone from raw/."""

    todo: list[Candidate]
    unchanged: list[str]
    removed: list[str]
    stale: list[str] = field(default_factory=list)  # doc ids whose extracted/ files go once loaded

    @property
    def new(self) -> int:
        """Files never seen before."""
        return sum(1 for c in self.todo if c.reason == "new")

    @property
    def changed(self) -> int:
        """Files whose bytes changed since the last load."""
        return sum(1 for c in self.todo if c.reason == "changed")


@dataclass(frozen=True)
class Outcome:
    """One document's result: its records (a Document and facts, or one Failure) and timings."""

    path: str
    doc_id: str
    records: list[Record]
    ms: dict[str, float] = field(default_factory=dict)

    @property
    def failure(self) -> Failure | None:
        """The failure record, if the document failed."""
        first = self.records[0]
        return first if isinstance(first, Failure) else None


@dataclass(frozen=True)
class LoadInfo:
    """What loading did."""

    loaded: int
    removed: int
    failed: list[Failure]


@dataclass(frozen=True)
class RunSummary:
    """The numbers a run reports."""

    new: int
    changed: int
    unchanged: int
    removed: int
    ok: int
    failed: int
    failures: list[Failure]
    seconds: float
    stage_seconds: dict[str, float]
    pages: int
    counts: dict[str, int]


class KeyValues:
    """Log fields rendered as `key=value` when a handler formats the message (None values left out)."""

    def __init__(self, fields: dict[str, object]) -> None:
        self.fields = fields

    def __str__(self) -> str:
        parts = []
        for key, value in self.fields.items():
            if value is not None:
                text = str(value)
                parts.append(f"{key}={json.dumps(text, ensure_ascii=False) if ' ' in text else text}")
        return " ".join(parts)


def log_event(level: int, event: str, **fields: object) -> None:
    """One structured log line: the rendered message for any handler, `record.fields` for tests.

    The "document" event is the canonical line of one document; "run" is the run's summary line.
    """
    prefix = "" if event == "document" else f"{event} "
    log.log(level, "%s%s", prefix, KeyValues(fields), extra={"fields": fields, "event": event})


def _failure(doc_id: str, path: str, stage: str, code: str, **details: object) -> Failure:
    return Failure(
        doc_id=doc_id,
        path=path,
        stage=stage,
        code=code,
        message=error_message(code, **details),
    )


def discover(settings: Settings) -> Plan:
    """Compare raw/ with what the warehouse has loaded, by content hash; nothing is parsed.

    Call it under `run_lock`: it also clears what a killed run left half-written in out_dir.
    """
    files.remove_partial(settings.out_dir)
    known: dict[str, tuple[str, str]] = {}
    if settings.db_path.exists():
        con = store.open_reader(settings.db_path)
        try:
            known = store.known_files(con)
        finally:
            con.close()
    todo: list[Candidate] = []
    unchanged: list[str] = []
    seen: set[str] = set()
    for raw in files.scan_raw(settings.raw_dir):
        seen.add(raw.rel)
        if raw.outside:
            todo.append(Candidate(raw, "", 0, "changed" if raw.rel in known else "new"))
            continue
        data = raw.path.read_bytes()
        doc_id = files.hash_bytes(data)
        previous = known.get(raw.rel)
        if previous is not None and previous[0] == doc_id and previous[1] != "removed":
            unchanged.append(raw.rel)
        else:
            reason: Literal["new", "changed"] = "changed" if previous and previous[1] != "removed" else "new"
            todo.append(Candidate(raw, doc_id, len(data), reason))
    removed = sorted(p for p, (_, status) in known.items() if p not in seen and status != "removed")
    current = {c.doc_id for c in todo} | {known[p][0] for p in unchanged}
    replaced = {known[c.file.rel][0] for c in todo if c.file.rel in known} | {known[p][0] for p in removed}
    return Plan(todo, unchanged, removed, sorted(replaced - current))


def read_candidate(candidate: Candidate, limits: Limits) -> tuple[DocumentInfo, SourceText] | Failure:
    """Read one file into text, or say why it cannot be read."""
    rel = candidate.file.rel
    if candidate.file.outside:
        return _failure("", rel, "read", "E110")
    if candidate.size > limits.max_bytes:
        return _failure(candidate.doc_id, rel, "read", "E108", limit=f"{limits.max_bytes} bytes")
    try:
        data = candidate.file.path.read_bytes()
    except OSError as exc:
        return _failure(candidate.doc_id, rel, "read", "E111", detail=exc.strerror or str(exc))
    result = read_document(data, candidate.file.path.name, limits)
    if isinstance(result, ReadError):
        return Failure(
            doc_id=files.hash_bytes(data), path=rel, stage="read", code=result.code, message=result.message
        )
    info = DocumentInfo(files.hash_bytes(data), rel, len(data), PIPELINE_VERSION)
    return info, result


def _extract_one(
    info: DocumentInfo, source: SourceText, nlp: Language, doc: object | None
) -> Extraction | Failure:
    try:
        return build_extraction(info, source, doc if doc is not None else nlp(source.text))  # type: ignore[arg-type]
    except Exception as exc:  # per-document isolation: a bug on one file must not stop the run
        log.error("extraction failed on %s\n%s", info.path, traceback.format_exc())
        return _failure(info.doc_id, info.path, "extract", "E201", detail=f"{type(exc).__name__}: {exc}")


def extract_batch(
    items: Sequence[tuple[DocumentInfo, SourceText]], nlp: Language
) -> list[Extraction | Failure]:
    """Extract the records of several read documents, with one `nlp.pipe` over their texts."""
    try:
        docs: list[object | None] = list(nlp.pipe(source.text for _, source in items))
    except Exception:  # one bad text spoils the batch: fall back to one at a time to isolate it
        log.warning("batch of %d failed in nlp.pipe; retrying one by one", len(items))
        docs = [None] * len(items)
    return [_extract_one(info, source, nlp, doc) for (info, source), doc in zip(items, docs, strict=True)]


def extract_file(
    path: Path, raw_dir: Path, nlp: Language, limits: Limits | None = None
) -> Extraction | Failure:
    """Read and extract one file; `pipeline extract` and the accuracy bench use this."""
    try:
        rel = path.resolve().relative_to(raw_dir.resolve()).as_posix()
    except ValueError:
        rel = path.as_posix()
    data_size = path.stat().st_size if path.exists() else 0
    raw = files.RawFile(path, rel, outside=False)
    doc_id = files.hash_bytes(path.read_bytes()) if path.exists() else ""
    read = read_candidate(Candidate(raw, doc_id, data_size, "new"), limits or Limits())
    if isinstance(read, Failure):
        return read
    [result] = extract_batch([read], nlp)
    return result


def _reuse(candidate: Candidate, out_dir: Path) -> list[Record] | None:
    # records already written by an earlier run that did not get to load them (a crash, a kill)
    path = files.extracted_path(out_dir, candidate.doc_id)
    if not candidate.doc_id or not path.exists():
        return None
    try:
        records = list(files.read_records(path))
    except (OSError, ValueError):
        return None
    first = records[0] if records else None
    if (
        isinstance(first, Document)
        and first.pipeline_version == PIPELINE_VERSION
        and first.schema_version == SCHEMA_VERSION
        and first.path == candidate.file.rel
    ):
        return records
    return None


def process(
    plan: Plan,
    settings: Settings,
    nlp: Language,
    on_outcome: Callable[[Outcome, int, int], None] | None = None,
) -> list[Outcome]:
    """Read, extract and write every candidate of `plan`, in batches; returns one Outcome each."""
    outcomes: list[Outcome] = []
    total = len(plan.todo)
    for start in range(0, total, settings.batch_size):
        batch = plan.todo[start : start + settings.batch_size]
        ready: list[tuple[Candidate, DocumentInfo, SourceText, float]] = []
        done: list[Outcome] = []
        for cand in batch:
            reused = _reuse(cand, settings.out_dir)
            if reused is not None:
                done.append(Outcome(cand.file.rel, cand.doc_id, reused, {"reused": 1.0}))
                continue
            t0 = time.perf_counter()
            read = read_candidate(cand, settings.limits)
            ms_read = (time.perf_counter() - t0) * 1000
            if isinstance(read, Failure):
                done.append(Outcome(cand.file.rel, read.doc_id, [read], {"read": ms_read}))
            else:
                ready.append((cand, *read, ms_read))
        t0 = time.perf_counter()
        results = extract_batch([(info, src) for _, info, src, _ in ready], nlp) if ready else []
        ms_extract = (time.perf_counter() - t0) * 1000 / max(1, len(ready))
        for (cand, info, _, ms_read), result in zip(ready, results, strict=True):
            records: list[Record] = [result] if isinstance(result, Failure) else list(result.records())
            done.append(
                Outcome(cand.file.rel, info.doc_id, records, {"read": ms_read, "extract": ms_extract})
            )
        for outcome in done:
            t0 = time.perf_counter()
            name = outcome.doc_id or "failed-" + files.hash_bytes(outcome.path.encode())[:16]
            files.write_records(settings.out_dir, name, outcome.records)
            outcome.ms["write"] = (time.perf_counter() - t0) * 1000
            outcomes.append(outcome)
            log_outcome(outcome)
            if on_outcome is not None:
                on_outcome(outcome, len(outcomes), total)
    return outcomes


def log_outcome(outcome: Outcome) -> None:
    """The canonical log line of one document."""
    fields: dict[str, object] = {"doc": outcome.doc_id[:16], "src": outcome.path}
    failure = outcome.failure
    if failure is not None:
        fields |= {"status": "failed", "stage": failure.stage, "code": failure.code}
        log_event(logging.WARNING, "document", **fields)
        return
    doc = outcome.records[0]
    counts: dict[str, int] = {}
    for r in outcome.records[1:]:
        counts[r.kind] = counts.get(r.kind, 0) + 1  # type: ignore[attr-defined]
    pages = doc.pages if isinstance(doc, Document) else None
    fields |= {
        "status": "ok",
        "pages": pages,
        "entities": counts.get("entity", 0),
        "amounts": counts.get("amount", 0),
        "percents": counts.get("percent", 0),
        "dates": counts.get("date", 0),
        "ms": round(sum(outcome.ms.values())),
    }
    log_event(logging.INFO, "document", **fields)


def load(outcomes: Iterable[Outcome], removed: Sequence[str], con: object) -> LoadInfo:
    """Load each outcome in its own transaction, then mark removed paths; a failed load keeps the old one."""
    loaded = 0
    failed: list[Failure] = []
    for outcome in outcomes:
        try:
            store.load_document(con, outcome.path, outcome.records)  # type: ignore[arg-type]
            loaded += 1
        except store.LoadError as exc:
            failure = _failure(outcome.doc_id, outcome.path, "load", "E301", detail=str(exc).splitlines()[0])
            log_event(
                logging.ERROR,
                "document",
                doc=outcome.doc_id[:16],
                src=outcome.path,
                status="failed",
                stage="load",
                code="E301",
            )
            failed.append(failure)
    for path in removed:
        store.mark_removed(con, path)  # type: ignore[arg-type]
    return LoadInfo(loaded, len(removed), failed)


def load_outcomes(outcomes: Sequence[Outcome], removed: Sequence[str], settings: Settings) -> LoadInfo:
    """Open the warehouse for writing (a private copy, swapped in at the end) and load."""
    with store.open_writer(settings.db_path) as con:
        return load(outcomes, removed, con)


def summarize(
    plan: Plan, outcomes: Sequence[Outcome], info: LoadInfo, seconds: float, stage_seconds: dict[str, float]
) -> RunSummary:
    """The run's summary, and its one log line."""
    failures = [o.failure for o in outcomes if o.failure is not None] + info.failed
    counts: dict[str, int] = {}
    pages = 0
    for o in outcomes:
        if o.failure is None:
            doc = o.records[0]
            pages += (doc.pages or 0) if isinstance(doc, Document) else 0
            for r in o.records[1:]:
                counts[r.kind] = counts.get(r.kind, 0) + 1  # type: ignore[attr-defined]
    failed_paths = {f.path for f in failures}
    summary = RunSummary(
        new=plan.new,
        changed=plan.changed,
        unchanged=len(plan.unchanged),
        removed=len(plan.removed),
        ok=sum(1 for o in outcomes if o.path not in failed_paths),
        failed=len(failed_paths),
        failures=failures,
        seconds=seconds,
        stage_seconds=stage_seconds,
        pages=pages,
        counts=counts,
    )
    log_event(
        logging.INFO,
        "run",
        docs=len(outcomes),
        new=summary.new,
        changed=summary.changed,
        unchanged=summary.unchanged,
        removed=summary.removed,
        ok=summary.ok,
        failed=summary.failed,
        s=round(seconds, 2),
    )
    return summary


@contextmanager
def run_lock(settings: Settings) -> Iterator[None]:
    """Hold the warehouse's run lock for a whole run, so that two runs never interleave."""
    with store.run_lock(settings.db_path):
        yield


def extract_plan(
    plan: Plan,
    settings: Settings,
    nlp_factory: Callable[[], Language],
    on_outcome: Callable[[Outcome, int, int], None] | None = None,
) -> list[Outcome]:
    """`process` the plan, loading the language pipeline only when there is something to extract."""
    return process(plan, settings, nlp_factory(), on_outcome) if plan.todo else []


def finish(plan: Plan, outcomes: Sequence[Outcome], settings: Settings) -> LoadInfo:
    """Load outcomes and removals (making the warehouse if missing), then drop stale extracted/ files."""
    needs_load = bool(outcomes or plan.removed) or not settings.db_path.exists()
    info = load_outcomes(outcomes, plan.removed, settings) if needs_load else LoadInfo(0, 0, [])
    for doc_id in plan.stale:  # extracted/ mirrors raw/: old versions go once the new ones are loaded
        files.extracted_path(settings.out_dir, doc_id).unlink(missing_ok=True)
    return info


def run(
    settings: Settings,
    nlp_factory: Callable[[], Language],
    on_outcome: Callable[[Outcome, int, int], None] | None = None,
) -> RunSummary:
    """A whole run without Prefect: discover, extract and write, load, summarise.

    The run holds the warehouse's lock from discovery to the end, so two runs never interleave;
    the model is only loaded when there is something to extract.
    """
    t_start = time.perf_counter()
    stage_seconds: dict[str, float] = {}
    with run_lock(settings):
        t0 = time.perf_counter()
        plan = discover(settings)
        stage_seconds["discover"] = time.perf_counter() - t0
        t0 = time.perf_counter()
        outcomes = extract_plan(plan, settings, nlp_factory, on_outcome)
        stage_seconds["extract"] = time.perf_counter() - t0
        t0 = time.perf_counter()
        info = finish(plan, outcomes, settings)
        stage_seconds["load"] = time.perf_counter() - t0
    return summarize(plan, outcomes, info, time.perf_counter() - t_start, stage_seconds)


def reload_extracted(settings: Settings) -> LoadInfo:
    """(Re)load every document in extracted/ into the warehouse, one transaction each."""
    outcomes: list[Outcome] = []
    failed: list[Failure] = []
    for path in files.list_extracted(settings.out_dir):
        try:
            records = list(files.read_records(path))
        except (OSError, ValueError) as exc:
            failed.append(_failure(path.stem, path.name, "load", "E302", detail=str(exc).splitlines()[0]))
            continue
        if not records:
            continue
        first = records[0]
        if isinstance(first, Document):
            outcomes.append(Outcome(first.path, first.id, records))
        elif isinstance(first, Failure):
            outcomes.append(Outcome(first.path, first.doc_id, records))
    with store.run_lock(settings.db_path):
        info = load_outcomes(outcomes, [], settings)
    return LoadInfo(info.loaded, 0, info.failed + failed)
