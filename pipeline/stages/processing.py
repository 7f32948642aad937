"""Reading, extraction and writing of each document, isolated from the others."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from pipeline import files
from pipeline.readers.limits import Limits
from pipeline.stages.documents import InProcess, Job, Result
from pipeline.stages.events import log_event, make_failure
from pipeline.stages.model import PIPELINE_VERSION, Candidate, Outcome, Settings
from schemas import SCHEMA_VERSION, Document, Failure, Record

if TYPE_CHECKING:
    from spacy.language import Language

    from pipeline.extract.records import Extraction


OnOutcome = Callable[[Outcome, int, int], None]
OnBatch = Callable[[Sequence[Outcome]], Sequence[Failure]]


class Worker(Protocol):
    """Where documents are read and extracted: a DocumentWorker, or InProcess."""

    limits: Limits

    def process(self, job: Job) -> Result: ...


def _job(candidate: Candidate, limits: Limits) -> Job | Failure:
    """The bytes of one file, from discovery or read now, or why it cannot be read.

    Discovery hands over the bytes it hashed: the records are then those of exactly the bytes whose
    hash is their id. A file whose bytes discovery did not keep is read again here and its id is the
    hash of what is read now, so a file changed since discovery is loaded under its new id (and the
    next run sees it unchanged).
    """
    rel = candidate.file.rel
    if candidate.file.outside:
        return make_failure("", rel, "read", "E110")
    if candidate.file.problem is not None:
        code, details = candidate.file.problem
        return make_failure("", rel, "read", code, **details)
    too_big = make_failure(candidate.doc_id, rel, "read", "E108", limit=f"{limits.max_bytes} bytes")
    if candidate.size > limits.max_bytes:
        return too_big
    name = candidate.file.path.name
    if candidate.data is not None:
        return Job(candidate.data, name, candidate.doc_id, rel)
    try:
        data = files.read_regular(candidate.file.path, limits.max_bytes)
    except OSError as exc:
        return make_failure(candidate.doc_id, rel, "read", "E111", detail=exc.strerror or str(exc))
    if data is None:
        return too_big
    return Job(data, name, files.hash_bytes(data), rel)


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


def _outcome(candidate: Candidate, settings: Settings, worker: Worker) -> Outcome:
    """One candidate read, extracted (or its earlier records reused) and written."""
    reused = _reuse(candidate, settings.out_dir)
    if reused is not None:
        outcome = Outcome(candidate.file.rel, candidate.doc_id, reused, {"reused": 1.0})
    else:
        t0 = time.perf_counter()
        job = _job(candidate, settings.limits)
        if isinstance(job, Failure):
            outcome = Outcome(candidate.file.rel, job.doc_id, [job], {"read": _ms(t0)})
        else:
            result, ms = worker.process(job)
            records: list[Record] = [result] if isinstance(result, Failure) else list(result.records())
            outcome = Outcome(candidate.file.rel, job.doc_id, records, ms)
    t0 = time.perf_counter()
    outcome = _write(outcome, settings.out_dir)
    outcome.ms["write"] = _ms(t0)
    return outcome


def _ms(since: float) -> float:
    return (time.perf_counter() - since) * 1000


def process_candidates(
    todo: Sequence[Candidate],
    settings: Settings,
    worker: Worker,
    on_outcome: OnOutcome | None = None,
    on_batch: OnBatch | None = None,
) -> list[Outcome]:
    """Read, extract and write every candidate with `worker`, in batches; returns one Outcome each.

    With `on_batch` (loading), each written batch is handed over and its outcomes are kept slim
    (no facts, no text), so memory stays flat however many documents there are.
    """
    outcomes: list[Outcome] = []
    total = len(todo)
    for start in range(0, total, settings.batch_size):
        written: list[Outcome] = []
        for at, candidate in enumerate(todo[start : start + settings.batch_size], start + 1):
            outcome = _outcome(candidate, settings, worker)
            if on_batch is None:
                outcomes.append(outcome)
                log_outcome(outcome)
            else:  # logged once its batch is loaded
                written.append(outcome)
            if on_outcome is not None:
                on_outcome(outcome, at, total)
        if on_batch is not None:  # loaded as the batch finishes, then reported and kept slim
            failed = {f.path: f for f in on_batch(written)}
            for o in written:
                kept = Outcome(o.path, o.doc_id, [failed[o.path]], o.ms) if o.path in failed else o.slim()
                outcomes.append(kept)
                log_outcome(kept)
    return outcomes


def _write(outcome: Outcome, out_dir: Path) -> Outcome:
    """Write the outcome's records; a full disk (or any write error) makes it a failure of that file."""
    if "reused" in outcome.ms:
        return outcome
    name = outcome.doc_id or "failed-" + files.hash_bytes(outcome.path.encode())[:16]
    try:
        files.write_records(out_dir, name, outcome.records)
    except OSError as exc:
        failure = make_failure(outcome.doc_id, outcome.path, "write", "E303", detail=exc.strerror or str(exc))
        return Outcome(outcome.path, outcome.doc_id, [failure], outcome.ms)
    return outcome


def extract_file(
    path: Path,
    raw_dir: Path,
    nlp: Language | None = None,
    limits: Limits | None = None,
    worker: Worker | None = None,
) -> Extraction | Failure:
    """Read and extract one file, writing nothing: in `worker` when given (`pipeline extract` passes a
    DocumentWorker, under its limits), else in this process with `nlp` (the accuracy bench)."""
    try:
        rel = path.resolve().relative_to(raw_dir.resolve()).as_posix()
    except ValueError:
        rel = path.as_posix()
    _, problem = files.check_entry(path, Path(path.anchor or "/"))
    raw = files.RawFile(path, files.display_name(rel), outside=False, problem=problem)
    runner = worker or InProcess(limits or Limits(), nlp)
    job = _job(Candidate(raw, "", 0, "new"), runner.limits)
    if isinstance(job, Failure):
        return job
    result, _ = runner.process(job)
    return result


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
