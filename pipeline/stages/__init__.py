"""The stages of a run, one plain function each: discover, extract, write, load.

Every document is isolated: a bad file or a bug on one file becomes a Failure record and the
others go on. Prefect (flows.py) and the CLI call these functions and nothing deeper.
"""

from pipeline.stages.discovery import RemovalRefused, discover
from pipeline.stages.events import KeyValues, log_event, make_failure
from pipeline.stages.isolation import IsolatedReader
from pipeline.stages.loading import drop_stale, finish, load, load_outcomes, prepare, reload_extracted
from pipeline.stages.model import (
    BATCH_SIZE,
    PIPELINE_VERSION,
    Candidate,
    LoadInfo,
    Outcome,
    Plan,
    RunSummary,
    Settings,
)
from pipeline.stages.processing import (
    extract_batch,
    extract_file,
    log_outcome,
    process,
    process_candidates,
    read_candidate,
)
from pipeline.stages.runs import extract_plan, run, run_lock, summarize
from pipeline.stages.workers import extract_on_worker, worker_nlp

__all__ = [
    "BATCH_SIZE",
    "PIPELINE_VERSION",
    "Candidate",
    "IsolatedReader",
    "KeyValues",
    "LoadInfo",
    "Outcome",
    "Plan",
    "RemovalRefused",
    "RunSummary",
    "Settings",
    "discover",
    "drop_stale",
    "extract_batch",
    "extract_file",
    "extract_on_worker",
    "extract_plan",
    "finish",
    "load",
    "load_outcomes",
    "log_event",
    "log_outcome",
    "make_failure",
    "prepare",
    "process",
    "process_candidates",
    "read_candidate",
    "reload_extracted",
    "run",
    "run_lock",
    "summarize",
    "worker_nlp",
]
