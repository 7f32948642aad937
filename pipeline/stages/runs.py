"""A whole run: the lock, the stages in order, and the summary."""

from __future__ import annotations

import logging
import time
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager

from pipeline import files, store
from pipeline.stages.discovery import discover
from pipeline.stages.events import log_event, make_failure
from pipeline.stages.loading import drop_stale, load, prepare
from pipeline.stages.model import LoadInfo, Outcome, Plan, RunSummary, Settings
from pipeline.stages.processing import Worker, process_candidates
from pipeline.stages.workers import shared_worker
from schemas import Failure


def summarize(
    plan: Plan, outcomes: Sequence[Outcome], info: LoadInfo, seconds: float, stage_seconds: dict[str, float]
) -> RunSummary:
    """The run's summary, and its one log line."""
    failures = [o.failure for o in outcomes if o.failure is not None] + info.failed
    ok = [o for o in outcomes if o.failure is None]
    pages = sum(o.pages for o in ok)
    totals: Counter[str] = Counter()
    for o in ok:
        totals.update(o.kind_counts)
    counts = dict(totals)
    failed_paths = {f.path for f in failures}
    summary = RunSummary(
        new=plan.new,
        changed=plan.changed,
        unchanged=len(plan.unchanged),
        removed=len(plan.removed),
        reextracted=plan.reextracted,
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
        reextracted=summary.reextracted,
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


def run(
    settings: Settings,
    on_outcome: Callable[[Outcome, int, int], None] | None = None,
    worker: Worker | None = None,
) -> RunSummary:
    """A whole run without Prefect: discover, then read, extract, write and load batch by batch, summarise.

    The run holds the warehouse's lock from discovery to the end, so two runs never interleave.
    Every document is read and extracted in `worker` (by default this process's DocumentWorker for
    the settings' limits, kept for the next run), under the per-document limits; the worker process
    and its model start only when there is something to extract. Each batch is loaded as soon as it
    is written, into a copy of the warehouse swapped in at the end; a killed run keeps the batches
    it wrote in extracted/, and the next run loads them without extracting them again.
    """
    t_start = time.perf_counter()
    stage_seconds: dict[str, float] = {}
    load_seconds = 0.0
    failed: list[Failure] = []
    with run_lock(settings):
        prepare(settings)
        t0 = time.perf_counter()
        plan = discover(settings)
        stage_seconds["discover"] = time.perf_counter() - t0
        t0 = time.perf_counter()
        outcomes: list[Outcome] = []
        removed = 0
        if plan.todo or plan.removed or not settings.db_path.exists():
            try:
                outcomes, removed, load_seconds = _extract_and_load(
                    plan, settings, worker, on_outcome, failed
                )
            except OSError as exc:  # a full disk: the previous warehouse stays, the run still reports
                outcomes, removed = _load_failed(_unloaded(settings, plan), exc), 0
        drop_stale(plan, settings)
        stage_seconds["extract"] = time.perf_counter() - t0 - load_seconds
        stage_seconds["load"] = load_seconds
    info = LoadInfo(len(outcomes) - len(failed), removed, [])  # load failures are in the outcomes
    return summarize(plan, outcomes, info, time.perf_counter() - t_start, stage_seconds)


def _extract_and_load(
    plan: Plan,
    settings: Settings,
    worker: Worker | None,
    on_outcome: Callable[[Outcome, int, int], None] | None,
    failed: list[Failure],
) -> tuple[list[Outcome], int, float]:
    """Extract and write the plan batch by batch, each loaded as it is written; returns the outcomes,
    the removed count and the seconds spent loading."""
    load_seconds = 0.0
    outcomes: list[Outcome] = []
    with store.open_writer(settings.db_path) as con:

        def load_batch(batch: Sequence[Outcome]) -> list[Failure]:
            nonlocal load_seconds
            t = time.perf_counter()
            info = load(batch, [], con)
            failed.extend(info.failed)
            load_seconds += time.perf_counter() - t
            return info.failed

        if plan.todo:
            runner = worker or shared_worker(settings.limits)
            outcomes = process_candidates(plan.todo, settings, runner, on_outcome, load_batch)
        t = time.perf_counter()
        removed = load([], plan.removed, con).removed
        load_seconds += time.perf_counter() - t  # the index rebuild and swap are counted below
        t_swap = time.perf_counter()
    load_seconds += time.perf_counter() - t_swap
    return outcomes, removed, load_seconds


def _unloaded(settings: Settings, plan: Plan) -> list[Outcome]:
    """Nothing of this run reached the warehouse: its candidates, to be reported as load failures; the
    records it wrote to extracted/ are deleted, since they would only keep the disk full."""
    for c in plan.todo:
        if c.doc_id:
            files.extracted_path(settings.out_dir, c.doc_id).unlink(missing_ok=True)
    return [Outcome(c.file.rel, c.doc_id, [], {}) for c in plan.todo]


def _load_failed(outcomes: Sequence[Outcome], exc: OSError) -> list[Outcome]:
    """Every document of the run fails with E301: the warehouse could not be written."""
    detail = exc.strerror or str(exc)
    log_event(logging.ERROR, "load", status="failed", code="E301", detail=detail)
    return [
        Outcome(o.path, o.doc_id, [make_failure(o.doc_id, o.path, "load", "E301", detail=detail)], o.ms)
        for o in outcomes
    ]
