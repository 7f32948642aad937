"""A whole run: the lock, the stages in order, and the summary."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING

from pipeline import store
from pipeline.stages.discovery import discover
from pipeline.stages.events import log_event
from pipeline.stages.loading import finish
from pipeline.stages.model import LoadInfo, Outcome, Plan, RunSummary, Settings, count_kinds
from pipeline.stages.processing import process

if TYPE_CHECKING:
    from spacy.language import Language


def summarize(
    plan: Plan, outcomes: Sequence[Outcome], info: LoadInfo, seconds: float, stage_seconds: dict[str, float]
) -> RunSummary:
    """The run's summary, and its one log line."""
    failures = [o.failure for o in outcomes if o.failure is not None] + info.failed
    ok = [o for o in outcomes if o.failure is None]
    pages = sum(o.pages for o in ok)
    counts = count_kinds(r for o in ok for r in o.records[1:])
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


def extract_plan(
    plan: Plan,
    settings: Settings,
    nlp_factory: Callable[[], Language],
    on_outcome: Callable[[Outcome, int, int], None] | None = None,
) -> list[Outcome]:
    """`process` the plan, loading the language pipeline only when there is something to extract."""
    return process(plan, settings, nlp_factory(), on_outcome) if plan.todo else []


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
