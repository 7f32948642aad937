"""The stages of a run: discover, extract (read and extract in a worker process, then write), load.

`run` is a whole run. Prefect (flows.py) calls the stages one by one: `discover` under `run_lock`
(after `prepare`), `extract` for each batch on a Dask worker, `load` for each batch as it comes
back, then `drop_stale` and `summarize`. Every document is isolated: a bad file, a bug on one file
or a file over a limit becomes a Failure record and the others go on.
"""

from pipeline.stages.discovery import RemovalRefused, discover
from pipeline.stages.events import make_failure
from pipeline.stages.isolation import DocumentWorker
from pipeline.stages.loading import drop_stale, finish, load, prepare, reload_extracted
from pipeline.stages.model import (
    BATCH_SIZE,
    PIPELINE_VERSION,
    TASK_SIZE,
    Candidate,
    LoadInfo,
    Outcome,
    Plan,
    RunSummary,
    Settings,
)
from pipeline.stages.processing import extract_file
from pipeline.stages.runs import run, run_lock, summarize
from pipeline.stages.workers import extract

__all__ = [
    "BATCH_SIZE",
    "PIPELINE_VERSION",
    "TASK_SIZE",
    "Candidate",
    "DocumentWorker",
    "LoadInfo",
    "Outcome",
    "Plan",
    "RemovalRefused",
    "RunSummary",
    "Settings",
    "discover",
    "drop_stale",
    "extract",
    "extract_file",
    "finish",
    "load",
    "make_failure",
    "prepare",
    "reload_extracted",
    "run",
    "run_lock",
    "summarize",
]
