"""The worker process of the calling process, started once and kept across runs and Dask tasks.

A Dask worker runs many batches and `pipeline watch` many runs; starting a worker process and
loading the language pipeline for each would cost seconds, so each process keeps one worker process
per set of limits (replaced only after it is killed or dies) and stops it when it exits.
"""

from __future__ import annotations

import atexit
import logging
import multiprocessing
import threading
from collections.abc import Sequence

from pipeline.readers import Limits
from pipeline.stages.documents import WORK as PROCESS_WORK
from pipeline.stages.documents import InProcess
from pipeline.stages.isolation import DocumentWorker
from pipeline.stages.model import Candidate, Outcome, Settings
from pipeline.stages.processing import Worker, process_candidates

log = logging.getLogger("pipeline.stages")

_lock = threading.Lock()
_workers: dict[Limits, DocumentWorker] = {}
_in_process: dict[Limits, InProcess] = {}
# what this process did (tests and benchmarks ask Dask workers): batches extracted, and worker
# processes started, each of which loaded the model once
WORK = {"model_loads": 0, "batches": 0}


def shared_worker(limits: Limits) -> Worker:
    """This process's worker for `limits`: a DocumentWorker, or reading and extraction in this
    process when it is daemonic (a Dask worker under a nanny may not start processes)."""
    with _lock:
        if multiprocessing.current_process().daemon:
            if limits not in _in_process:
                log.warning(
                    "this worker is a daemonic process: documents are read and extracted without the "
                    "worker process's hard limits (start workers with DASK_DISTRIBUTED__WORKER__DAEMON=False)"
                )
                _in_process[limits] = InProcess(limits)
            return _in_process[limits]
        if limits not in _workers:
            worker = DocumentWorker(limits)
            _workers[limits] = worker
            atexit.register(worker.close)
        return _workers[limits]


def close_workers() -> None:
    """Stop this process's worker processes now (they stop at exit otherwise)."""
    with _lock:
        for worker in _workers.values():
            worker.close()
        _workers.clear()


def start_worker(limits: Limits) -> None:
    """Start this process's worker for `limits` now (its model loaded), before the first document."""
    worker = shared_worker(limits)
    if isinstance(worker, DocumentWorker):
        worker.start()
        _count_starts()


def extract(todo: Sequence[Candidate], settings: Settings) -> list[Outcome]:
    """Read, extract and write `todo` with this process's worker; returns full outcomes (a Dask task)."""
    WORK["batches"] += 1
    try:
        return process_candidates(todo, settings, shared_worker(settings.limits))
    finally:
        _count_starts()


def _count_starts() -> None:
    WORK["model_loads"] = sum(w.starts for w in _workers.values()) + PROCESS_WORK["model_loads"]
