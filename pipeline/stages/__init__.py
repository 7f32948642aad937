"""The stages of a run, one plain function each: discover, extract, write, load.

Every document is isolated: a bad file or a bug on one file becomes a Failure record and the
others go on. Prefect (flows.py) and the CLI call these functions and nothing deeper.
"""

from pipeline.stages.discovery import RemovalRefused, discover
from pipeline.stages.events import KeyValues, log_event, make_failure
from pipeline.stages.isolation import IsolatedReader
from pipeline.stages.loading import finish, load, load_outcomes, reload_extracted
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
from pipeline.stages.processing import extract_batch, extract_file, log_outcome, process, read_candidate
from pipeline.stages.runs import extract_plan, run, run_lock, summarize

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
    "extract_batch",
    "extract_file",
    "extract_plan",
    "finish",
    "load",
    "load_outcomes",
    "log_event",
    "log_outcome",
    "make_failure",
    "process",
    "read_candidate",
    "reload_extracted",
    "run",
    "run_lock",
    "summarize",
]
