"""Reading, extraction and writing of each document, isolated from the others."""

from __future__ import annotations

import logging
import time
import traceback
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from pipeline import files
from pipeline.extract.source import ReadError, SourceText
from pipeline.readers.limits import Limits
from pipeline.stages.events import log_event, make_failure
from pipeline.stages.isolation import IsolatedReader, read_document
from pipeline.stages.model import PIPELINE_VERSION, Candidate, Outcome, Plan, Settings
from schemas import SCHEMA_VERSION, Document, Failure, Record

if TYPE_CHECKING:
    from spacy.language import Language

    # the finders compile their patterns on import: loaded with the first document, not by a no-op run
    from pipeline.extract.records import DocumentInfo, Extraction

log = logging.getLogger("pipeline.stages")

# documents extracted together between two progress reports
PROGRESS_CHUNK = 4


def read_candidate(
    candidate: Candidate, limits: Limits, reader: IsolatedReader | None = None
) -> tuple[DocumentInfo, SourceText] | Failure:
    """Read one file into text (in `reader`'s worker process when given), or say why it cannot be read."""
    rel = candidate.file.rel
    if candidate.file.outside:
        return make_failure("", rel, "read", "E110")
    if candidate.file.problem is not None:
        code, details = candidate.file.problem
        return make_failure("", rel, "read", code, **details)
    too_big = make_failure(candidate.doc_id, rel, "read", "E108", limit=f"{limits.max_bytes} bytes")
    if candidate.size > limits.max_bytes:
        return too_big
    try:
        read = files.read_regular(candidate.file.path, limits.max_bytes)
    except OSError as exc:
        return make_failure(candidate.doc_id, rel, "read", "E111", detail=exc.strerror or str(exc))
    if read is None:
        return too_big
    data = read
    name = candidate.file.path.name
    doc_id = files.hash_bytes(data)  # of the bytes read now: the file may have changed since discovery
    result = reader.read(data, name) if reader is not None else read_document(data, name, limits)
    if isinstance(result, ReadError):
        return Failure(doc_id=doc_id, path=rel, stage="read", code=result.code, message=result.message)
    from pipeline.extract.records import DocumentInfo

    info = DocumentInfo(doc_id, rel, len(data), PIPELINE_VERSION)
    return info, result


def build_extraction(info: DocumentInfo, source: SourceText, doc: object) -> Extraction:
    """`pipeline.extract.records.build_extraction`, imported with the first document: the finders
    compile their patterns on import, and a rerun with nothing new extracts nothing."""
    from pipeline.extract.records import build_extraction as build

    return build(info, source, doc)  # type: ignore[arg-type]


def _extract_one(
    info: DocumentInfo, source: SourceText, nlp: Language, doc: object | None
) -> Extraction | Failure:
    try:
        return build_extraction(info, source, doc if doc is not None else nlp(source.text))
    except Exception as exc:  # per-document isolation: a bug on one file must not stop the run
        log.error("extraction failed on %s\n%s", info.path, traceback.format_exc())
        return make_failure(info.doc_id, info.path, "extract", "E201", detail=f"{type(exc).__name__}: {exc}")


def extract_batch(
    items: Sequence[tuple[DocumentInfo, SourceText]], nlp: Language
) -> list[Extraction | Failure]:
    """Extract the records of several read documents, with one `nlp.pipe` over their texts."""
    too_long = [len(source.text) > nlp.max_length for _, source in items]
    if any(too_long):
        kept = [item for item, long in zip(items, too_long, strict=True) if not long]
        results = iter(extract_batch(kept, nlp) if kept else [])
        limit = f"{nlp.max_length} characters of text"
        return [
            make_failure(info.doc_id, info.path, "extract", "E108", limit=limit) if long else next(results)
            for (info, _), long in zip(items, too_long, strict=True)
        ]
    try:
        docs: list[object | None] = list(nlp.pipe(source.text for _, source in items))
    except Exception:  # one bad text spoils the batch: fall back to one at a time to isolate it
        log.warning("batch of %d failed in nlp.pipe; retrying one by one", len(items))
        docs = [None] * len(items)
    return [_extract_one(info, source, nlp, doc) for (info, source), doc in zip(items, docs, strict=True)]


def extract_file(
    path: Path,
    raw_dir: Path,
    nlp: Language,
    limits: Limits | None = None,
    reader: IsolatedReader | None = None,
) -> Extraction | Failure:
    """Read and extract one file; `pipeline extract` and the accuracy bench use this."""
    try:
        rel = path.resolve().relative_to(raw_dir.resolve()).as_posix()
    except ValueError:
        rel = path.as_posix()
    _, problem = files.check_entry(path, Path(path.anchor or "/"))
    raw = files.RawFile(path, files.display_name(rel), outside=False, problem=problem)
    read = read_candidate(Candidate(raw, "", 0, "new"), limits or Limits(), reader)
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


OnBatch = Callable[[Sequence[Outcome]], Sequence[Failure]]


def process(
    plan: Plan,
    settings: Settings,
    nlp: Language,
    on_outcome: Callable[[Outcome, int, int], None] | None = None,
    on_batch: OnBatch | None = None,
) -> list[Outcome]:
    """Read, extract and write every candidate of `plan`, in batches; returns one Outcome each.

    With `on_batch` (loading), each written batch is handed over and its outcomes are kept slim
    (no facts, no text), so memory stays flat however many documents the plan has.
    """
    with IsolatedReader(settings.limits) as reader:
        return process_candidates(plan.todo, settings, nlp, reader, on_outcome, on_batch)


def process_candidates(
    todo: Sequence[Candidate],
    settings: Settings,
    nlp: Language,
    reader: IsolatedReader | None,
    on_outcome: Callable[[Outcome, int, int], None] | None = None,
    on_batch: OnBatch | None = None,
) -> list[Outcome]:
    """`process` for a list of candidates with a reader already started (a Dask worker keeps one)."""
    outcomes: list[Outcome] = []
    total = len(todo)

    progressed = 0

    def progress(done: Sequence[Outcome]) -> None:
        nonlocal progressed
        for outcome in done:
            progressed += 1
            if on_outcome is not None:
                on_outcome(outcome, progressed, total)

    def record(done: Sequence[Outcome]) -> None:
        for outcome in done:
            outcomes.append(outcome)
            log_outcome(outcome)

    def report(done: Sequence[Outcome]) -> None:
        record(done)
        progress(done)

    for start in range(0, total, settings.batch_size):
        batch = todo[start : start + settings.batch_size]
        ready: list[tuple[Candidate, DocumentInfo, SourceText, float]] = []
        done: list[Outcome] = []
        for cand in batch:
            reused = _reuse(cand, settings.out_dir)
            if reused is not None:
                done.append(Outcome(cand.file.rel, cand.doc_id, reused, {"reused": 1.0}))
                continue
            t0 = time.perf_counter()
            read = read_candidate(cand, settings.limits, reader)
            ms_read = (time.perf_counter() - t0) * 1000
            if isinstance(read, Failure):
                done.append(Outcome(cand.file.rel, read.doc_id, [read], {"read": ms_read}))
            else:
                ready.append((cand, *read, ms_read))
        written = _write_all(done, settings)
        if on_batch is None:  # unreadable files are reported at once
            report(written)
        else:
            progress(written)
        # extracted a few at a time, so that progress moves while a batch of long documents runs
        for at in range(0, len(ready), PROGRESS_CHUNK):
            chunk = ready[at : at + PROGRESS_CHUNK]
            t0 = time.perf_counter()
            results = extract_batch([(info, src) for _, info, src, _ in chunk], nlp)
            ms_extract = (time.perf_counter() - t0) * 1000 / len(chunk)
            extracted: list[Outcome] = []
            for (cand, info, _, ms_read), result in zip(chunk, results, strict=True):
                records: list[Record] = [result] if isinstance(result, Failure) else list(result.records())
                extracted.append(
                    Outcome(cand.file.rel, info.doc_id, records, {"read": ms_read, "extract": ms_extract})
                )
            chunk_written = _write_all(extracted, settings)
            if on_batch is None:
                report(chunk_written)
            else:  # the bar moves now; the documents are logged once their batch is loaded
                progress(chunk_written)
                written.extend(chunk_written)
        if on_batch is not None:  # loaded as the batch finishes, then reported and kept slim
            failed = {f.path: f for f in on_batch(written)}
            record(
                [
                    Outcome(o.path, o.doc_id, [failed[o.path]], o.ms) if o.path in failed else o.slim()
                    for o in written
                ]
            )
    return outcomes


def _write_all(done: Sequence[Outcome], settings: Settings) -> list[Outcome]:
    out = []
    for outcome in done:
        t0 = time.perf_counter()
        outcome = _write(outcome, settings.out_dir)
        outcome.ms["write"] = (time.perf_counter() - t0) * 1000
        out.append(outcome)
    return out


def _write(outcome: Outcome, out_dir: Path) -> Outcome:
    """Write the outcome's records; a full disk (or any write error) makes it a failure of that file."""
    name = outcome.doc_id or "failed-" + files.hash_bytes(outcome.path.encode())[:16]
    try:
        files.write_records(out_dir, name, outcome.records)
    except OSError as exc:
        failure = make_failure(outcome.doc_id, outcome.path, "write", "E303", detail=exc.strerror or str(exc))
        return Outcome(outcome.path, outcome.doc_id, [failure], outcome.ms)
    return outcome


def log_outcome(outcome: Outcome) -> None:
    """The canonical log line of one document."""
    fields: dict[str, object] = {"doc": outcome.doc_id[:16], "src": outcome.path}
    failure = outcome.failure
    if failure is not None:
        fields |= {"status": "failed", "stage": failure.stage, "code": failure.code}
        log_event(logging.WARNING, "document", **fields)
        return
    counts = outcome.kind_counts
    document = outcome.records[0]
    language = document.language if isinstance(document, Document) else None
    fields |= {
        "status": "ok",
        "lang": language,
        "pages": outcome.pages or None,
        "entities": counts.get("entity", 0),
        "amounts": counts.get("amount", 0),
        "percents": counts.get("percent", 0),
        "dates": counts.get("date", 0),
        "ms": round(sum(outcome.ms.values())),
    }
    log_event(logging.INFO, "document", **fields)
    from pipeline.extract.language import READ_LANGUAGES

    if language is not None and language not in READ_LANGUAGES:
        # extracted all the same, and flagged: the finders read Italian and English only
        log_event(logging.WARNING, "language", doc=outcome.doc_id[:16], src=outcome.path, lang=language)
