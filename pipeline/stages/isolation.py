"""Reading in a worker process, so that one hostile file cannot hang the run or exhaust its memory.

The readers check their own time limit between pages, but a single library call (a pdfium page,
an HTML parse) cannot be interrupted from inside; a worker process can be killed. The worker is
started once per run and reused; it is replaced after it is killed or dies.
"""

from __future__ import annotations

import logging
import multiprocessing
import resource
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures import TimeoutError as FuturesTimeout
from concurrent.futures.process import BrokenProcessPool
from types import TracebackType

from pipeline.extract.source import ReadError, SourceText
from pipeline.readers.limits import Limits
from schemas import error_message

log = logging.getLogger(__name__)

# on top of the reader's own limit, for the worker to notice it and answer
GRACE_SECONDS = 5.0
# what runs in the worker: the formats whose libraries can hang or balloon on a hostile file;
# plain text and markdown are read in-process, so a run of small text files starts no worker
ISOLATED_SUFFIXES = (".pdf", ".html", ".htm", ".xhtml")

ReadFunction = Callable[[bytes, str, Limits], SourceText | ReadError]


def needs_isolation(data: bytes, name: str) -> bool:
    """Whether reading `data` goes to the worker: PDF or HTML by name or by content.

    >>> needs_isolation(b"%PDF-1.7", "scan.txt"), needs_isolation(b"# Titolo", "nota.md")
    (True, False)
    """
    from pipeline.readers.dispatch import sniff_format

    return name.lower().endswith(ISOLATED_SUFFIXES) or sniff_format(data) in ("pdf", "html")


def read_document(data: bytes, name: str, limits: Limits) -> SourceText | ReadError:
    """`pipeline.readers.read_document`, imported on first use (pdfium, pdfplumber and trafilatura are
    slow to import, and a rerun with nothing new reads nothing)."""
    from pipeline.readers.dispatch import read_document as read

    return read(data, name, limits)


def _limit_memory(max_memory: int) -> None:
    resource.setrlimit(resource.RLIMIT_AS, (max_memory, max_memory))


class IsolatedReader:
    """`read_document` in a worker process with a hard wall-time and memory limit."""

    def __init__(self, limits: Limits, read: ReadFunction = read_document) -> None:
        self.limits = limits
        self._read = read
        self._pool: ProcessPoolExecutor | None = None

    def __enter__(self) -> IsolatedReader:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def read(self, data: bytes, name: str) -> SourceText | ReadError:
        """Read one file's bytes; a hang, a crash or too much memory becomes a ReadError."""
        if not needs_isolation(data, name):
            return self._read(data, name, self.limits)
        if self._pool is None:
            # spawn, not fork: the parent may run threads (prefect) whose locks a fork would copy
            self._pool = ProcessPoolExecutor(
                1,
                mp_context=multiprocessing.get_context("spawn"),
                initializer=_limit_memory,
                initargs=(self.limits.max_memory,),
            )
        future = self._pool.submit(self._read, data, name, self.limits)
        try:
            return future.result(timeout=self.limits.max_seconds + GRACE_SECONDS)
        except FuturesTimeout:
            log.warning("reader worker killed after %.0f s on %s", self.limits.max_seconds, name)
            self.close(kill=True)
            return ReadError("E109", error_message("E109", limit=f"{self.limits.max_seconds:g}"))
        except MemoryError:
            return ReadError("E112", error_message("E112", limit=f"{self.limits.max_memory // 2**20} MiB"))
        except BrokenProcessPool as exc:
            self.close(kill=True)
            return ReadError("E113", error_message("E113", detail=str(exc) or "the worker process died"))

    def close(self, kill: bool = False) -> None:
        """Stop the worker (killing it if it is stuck)."""
        pool, self._pool = self._pool, None
        if pool is None:
            return
        if kill:
            # the executor has no public way to stop a busy worker
            for process in list(getattr(pool, "_processes", {}).values()):
                process.kill()
        pool.shutdown(wait=not kill, cancel_futures=True)
