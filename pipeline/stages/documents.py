"""One document from bytes to records: read, then extract, each failure a record of that document.

The same steps run in the worker process of `pipeline.stages.isolation` (under the per-document
limits) and, where no worker process can be started, in the calling process (`InProcess`).
"""

from __future__ import annotations

import logging
import threading
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from pipeline.extract.source import ReadError, SourceText
from pipeline.readers.limits import Limits
from pipeline.stages.events import make_failure
from pipeline.stages.model import PIPELINE_VERSION
from schemas import Failure, error_message

if TYPE_CHECKING:
    from spacy.language import Language

    # the finders compile their patterns on import: loaded with the first document, not by a no-op run
    from pipeline.extract.records import DocumentInfo, Extraction

log = logging.getLogger("pipeline.stages")

ReadFunction = Callable[[bytes, str, Limits], SourceText | ReadError]
ExtractFunction = Callable[["DocumentInfo", SourceText, "Language"], "Extraction | Failure"]
Result = tuple["Extraction | Failure", dict[str, float]]

_lock = threading.Lock()
_nlp: Language | None = None
WORK = {"model_loads": 0, "documents": 0}  # what this process did (tests and benchmarks ask workers)


@dataclass(frozen=True)
class Job:
    """One file's bytes and identity, as the reading and extraction steps need them."""

    data: bytes
    name: str  # the file name: its suffix picks the reader
    doc_id: str  # SHA-256 of `data`
    path: str  # relative to raw/


def read_document(data: bytes, name: str, limits: Limits) -> SourceText | ReadError:
    """`pipeline.readers.read_document`, imported on first use (pdfium, pdfplumber and trafilatura are
    slow to import, and a rerun with nothing new reads nothing)."""
    from pipeline.readers.dispatch import read_document as read

    return read(data, name, limits)


def load_model() -> Language:
    """The language pipeline of this process, built on first use and kept."""
    global _nlp
    with _lock:
        if _nlp is None:
            from pipeline.extract.nlp import build_nlp

            _nlp = build_nlp()
            WORK["model_loads"] += 1
        return _nlp


def warm_up(nlp: Language) -> None:
    """Extract a short text once, so that what the finders build on first use (compiled patterns,
    language data) is built before the first document's time budget starts."""
    from pipeline.extract.records import DocumentInfo

    text = "Il 9 luglio 2021 Regione Lombardia ha stanziato 4 milioni di euro (il 20%).\n"
    info = DocumentInfo("0" * 64, "warm-up.txt", len(text), PIPELINE_VERSION)
    extract_text(info, SourceText(text, "text"), nlp)


def extract_text(info: DocumentInfo, source: SourceText, nlp: Language) -> Extraction | Failure:
    """The records of one read document: spaCy over its text, then every finder."""
    if len(source.text) > nlp.max_length:
        limit = f"{nlp.max_length} characters of text"
        return make_failure(info.doc_id, info.path, "extract", "E108", limit=limit)
    from pipeline.extract.records import build_extraction

    return build_extraction(info, source, nlp(source.text))


def run_job(
    job: Job,
    limits: Limits,
    read: ReadFunction,
    extract: ExtractFunction,
    nlp: Language,
    on_extract: Callable[[], None] = lambda: None,
) -> Result:
    """Read and extract one document; a reader or finder bug becomes this document's failure.

    `on_extract` is called when reading is done, before extraction starts.
    """
    t0 = time.perf_counter()
    source = read_step(job.data, job.name, limits, read)
    ms = {"read": (time.perf_counter() - t0) * 1000}
    if isinstance(source, ReadError):
        return Failure(
            doc_id=job.doc_id, path=job.path, stage="read", code=source.code, message=source.message
        ), ms
    on_extract()
    from pipeline.extract.records import DocumentInfo

    info = DocumentInfo(job.doc_id, job.path, len(job.data), PIPELINE_VERSION)
    t0 = time.perf_counter()
    try:
        result = extract(info, source, nlp)
    except MemoryError:
        limit = f"{limits.max_memory // 2**20} MiB"
        result = make_failure(job.doc_id, job.path, "extract", "E112", limit=limit)
    except Exception as exc:  # per-document isolation: a bug on one file must not stop the run
        log.error("extraction failed on %s\n%s", job.path, traceback.format_exc())
        detail = f"{type(exc).__name__}: {exc}"
        result = make_failure(job.doc_id, job.path, "extract", "E201", detail=detail)
    ms["extract"] = (time.perf_counter() - t0) * 1000
    WORK["documents"] += 1
    return result, ms


def read_step(data: bytes, name: str, limits: Limits, read: ReadFunction) -> SourceText | ReadError:
    """`read`, with a reader bug or exhausted memory as a ReadError of the file."""
    try:
        return read(data, name, limits)
    except MemoryError:
        return ReadError("E112", error_message("E112", limit=f"{limits.max_memory // 2**20} MiB"))
    except Exception as exc:  # a reader bug on one file is that file's failure
        traceback.print_exc()  # a worker's stderr is the run's
        return ReadError("E113", error_message("E113", detail=f"{type(exc).__name__}: {exc}"))


class InProcess:
    """Reading and extraction in this process, with `nlp`: for callers that cannot start a worker
    process (a daemonic Dask worker) or that extract trusted files (the accuracy bench). The readers
    keep their own checks of the limits between pages; nothing here can stop a single slow call."""

    def __init__(
        self,
        limits: Limits,
        nlp: Language | None = None,
        read: ReadFunction = read_document,
        extract: ExtractFunction = extract_text,
    ) -> None:
        self.limits = limits
        self._nlp = nlp
        self._read = read
        self._extract = extract

    def process(self, job: Job) -> Result:
        """Read and extract one document."""
        nlp = self._nlp if self._nlp is not None else load_model()
        return run_job(job, self.limits, self._read, self._extract, nlp)
