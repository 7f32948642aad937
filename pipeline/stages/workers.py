"""Extraction on a worker process (a Dask worker): the model and the reader process, once per worker.

A worker runs many batches; loading the language pipeline for each would cost seconds a batch, so
it is built on the first batch and kept for the life of the process, as is the reader process.
"""

from __future__ import annotations

import atexit
import logging
import multiprocessing
import threading
from collections.abc import Sequence
from typing import TYPE_CHECKING

from pipeline.readers import Limits
from pipeline.stages.isolation import IsolatedReader
from pipeline.stages.model import Candidate, Outcome, Settings
from pipeline.stages.processing import process_candidates

if TYPE_CHECKING:
    from spacy.language import Language

log = logging.getLogger("pipeline.stages")

_lock = threading.Lock()
_nlp: Language | None = None
_readers: dict[Limits, IsolatedReader] = {}
_warned_daemon = False
WORK = {"model_loads": 0, "batches": 0}  # what this process did (tests and benchmarks ask workers)


def worker_nlp() -> Language:
    """The language pipeline of this process, built on first use."""
    global _nlp
    with _lock:
        if _nlp is None:
            from pipeline.extract.nlp import build_nlp

            _nlp = build_nlp()
            WORK["model_loads"] += 1
        return _nlp


def _worker_reader(limits: Limits) -> IsolatedReader | None:
    # a daemonic process (a Dask worker under a nanny) may not start the reader process: read in-process
    global _warned_daemon
    if multiprocessing.current_process().daemon:
        if not _warned_daemon:
            log.warning(
                "this worker is a daemonic process: PDF and HTML are read without the reader process's "
                "hard limits (start workers with DASK_DISTRIBUTED__WORKER__DAEMON=False)"
            )
            _warned_daemon = True
        return None
    with _lock:
        if limits not in _readers:
            reader = IsolatedReader(limits)
            _readers[limits] = reader
            atexit.register(reader.close)
        return _readers[limits]


def extract_on_worker(todo: Sequence[Candidate], settings: Settings) -> list[Outcome]:
    """Read, extract and write `todo` with this process's model and reader; returns full outcomes."""
    WORK["batches"] += 1
    return process_candidates(todo, settings, worker_nlp(), _worker_reader(settings.limits))
