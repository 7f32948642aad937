"""Reading and extraction in a worker process, so that one hostile file cannot hang the run or
exhaust its memory.

The readers check their own time limit between pages, but a single library call (a pdfium page,
an HTML parse, a regex of a finder, spaCy over a long text) cannot be interrupted from inside; a
worker process can be killed. Every document is read and extracted there, within one time budget
and one memory limit. The worker loads the language pipeline once, before it says it is ready (so
the load counts against no document), and is reused; it is replaced after it is killed or dies, and
it dies with the process that started it (a parent-death signal on Linux).
"""

from __future__ import annotations

import ctypes
import logging
import multiprocessing
import os
import resource
import signal
import sys
import time
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from types import TracebackType
from typing import TYPE_CHECKING, Any

from pipeline.extract.source import ReadError, SourceText
from pipeline.readers.limits import Limits
from pipeline.stages.documents import (
    ExtractFunction,
    Job,
    ReadFunction,
    Result,
    extract_text,
    load_model,
    read_document,
    read_step,
    run_job,
    warm_up,
)
from schemas import Failure, error_message

if TYPE_CHECKING:
    from spacy.language import Language

log = logging.getLogger(__name__)

# on top of the reader's own limit, for the worker to notice it and answer
GRACE_SECONDS = 5.0
# how often the parent looks at the worker's memory while it waits: a reader that grows to its limit
# and aborts does so within a few tenths of a second, and the last look before it dies must see most of it
POLL_SECONDS = 0.02
# a worker that dies after using this share of its memory limit died of the limit
MEMORY_DEATH_SHARE = 0.8
# the worker imports the readers and loads the model before its first file: not counted in its limit
STARTUP_SECONDS = 300.0
PR_SET_PDEATHSIG = 1


def die_with_parent(parent_pid: int) -> None:
    """Ask the kernel to kill this process when its parent dies (Linux); exit if it already has."""
    if sys.platform.startswith("linux"):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != parent_pid:
        os._exit(1)


def _serve(
    conn: Connection, parent_pid: int, limits: Limits, read: ReadFunction, extract: ExtractFunction | None
) -> None:
    """The worker's loop: a Job (or bytes and a name to read only) in, the answer out, until None."""
    die_with_parent(parent_pid)
    resource.setrlimit(resource.RLIMIT_AS, (limits.max_memory, limits.max_memory))
    nlp: Language | None = None
    if extract is not None:
        try:
            nlp = load_model()
            warm_up(nlp)
        except BaseException as exc:  # the parent says why no document could be extracted
            conn.send(("failed", f"the language pipeline did not load: {type(exc).__name__}: {exc}"))
            return
    conn.send(("ready",))  # the clock of the first file starts now
    while True:
        try:
            job = conn.recv()
        except EOFError:
            return
        if job is None:
            return
        if isinstance(job, Job) and extract is not None and nlp is not None:
            answer: Any = run_job(job, limits, read, extract, nlp, lambda: conn.send(("stage", "extract")))
        else:
            data, name = job
            answer = read_step(data, name, limits, read)
        conn.send(("done", answer))


def _peak_memory(pid: int) -> int:
    """The process's peak address space in bytes (VmPeak), or 0 when it cannot be told."""
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmPeak:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    return 0


class Stopped(Exception):
    """The worker did not answer for one file: killed at the time limit, dead, or never started."""

    def __init__(self, code: str, stage: str, message: str) -> None:
        super().__init__(message)
        self.code, self.stage, self.message = code, stage, message


class DocumentWorker:
    """Reading and extraction in a worker process with a hard wall-time and memory limit per document.

    `extract=None` makes a worker that only reads (and loads no language pipeline).
    """

    def __init__(
        self,
        limits: Limits,
        read: ReadFunction = read_document,
        extract: ExtractFunction | None = extract_text,
    ) -> None:
        self.limits = limits
        self._read = read
        self._extract = extract
        self._process: BaseProcess | None = None
        self._conn: Connection | None = None
        self.starts = 0  # worker processes started (each loads the language pipeline once)

    def __enter__(self) -> DocumentWorker:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    @property
    def worker_pid(self) -> int | None:
        """The worker's process id, while it runs."""
        return self._process.pid if self._process is not None else None

    def start(self) -> None:
        """Start the worker process now, if it is not running (the first document starts it otherwise)."""
        self._start()

    def _start(self) -> tuple[BaseProcess, Connection]:
        if self._process is None or self._conn is None or not self._process.is_alive():
            self.close(kill=True)
            # spawn, not fork: the parent may run threads (prefect) whose locks a fork would copy
            context = multiprocessing.get_context("spawn")
            ours, theirs = context.Pipe()
            process = context.Process(
                target=_serve,
                args=(theirs, os.getpid(), self.limits, self._read, self._extract),
                name="pipeline-worker",
                daemon=True,
            )
            process.start()
            self.starts += 1
            theirs.close()
            self._process, self._conn = process, ours
            if not ours.poll(STARTUP_SECONDS):
                raise RuntimeError(f"the worker process did not start in {STARTUP_SECONDS:g} s")
            hello = ours.recv()
            if hello[0] != "ready":
                raise RuntimeError(hello[1])
        return self._process, self._conn

    def read(self, data: bytes, name: str) -> SourceText | ReadError:
        """Read one file's bytes; a hang, a crash or too much memory becomes a ReadError."""
        try:
            answer: SourceText | ReadError = self._call((data, name))
        except Stopped as stop:
            return ReadError(stop.code, stop.message)
        return answer

    def process(self, job: Job) -> Result:
        """Read and extract one document; a hang, a crash or too much memory becomes its Failure."""
        started = time.perf_counter()
        try:
            result: Result = self._call(job)
        except Stopped as stop:
            ms = {stop.stage: (time.perf_counter() - started) * 1000}
            failure = Failure(
                doc_id=job.doc_id, path=job.path, stage=stop.stage, code=stop.code, message=stop.message
            )
            return failure, ms
        return result

    def _call(self, job: Job | tuple[bytes, str]) -> Any:
        """Send one job and wait for its answer within the document's limits; raises Stopped."""
        name = job.name if isinstance(job, Job) else job[1]
        try:
            process, conn = self._start()
        except (EOFError, OSError, RuntimeError) as exc:
            self.close(kill=True)
            raise Stopped(
                "E113", "read", error_message("E113", detail=str(exc) or type(exc).__name__)
            ) from exc
        started = time.monotonic()
        stage, peak = "read", 0
        try:
            conn.send(job)
            while True:
                while not conn.poll(POLL_SECONDS):
                    peak = max(peak, _peak_memory(process.pid or 0))
                    if not process.is_alive():
                        raise EOFError
                    # the reader checks its own limit and answers: it gets a grace period; extraction
                    # has no check of its own and is stopped at the limit
                    grace = GRACE_SECONDS if stage == "read" else 0.0
                    if time.monotonic() - started > self.limits.max_seconds + grace:
                        log.warning("worker killed after %.0f s on %s", self.limits.max_seconds, name)
                        self.close(kill=True)
                        limit = f"{self.limits.max_seconds:g}"
                        raise Stopped("E109", stage, error_message("E109", limit=limit))
                message = conn.recv()
                if message[0] == "stage":
                    stage = message[1]
                    continue
                return message[1]
        except (EOFError, OSError):
            pass
        raise self._died(process, stage, peak)

    def _died(self, process: BaseProcess, stage: str, peak: int) -> Stopped:
        process.join(1)
        code = process.exitcode
        self.close(kill=True)
        if code == -signal.SIGKILL or peak >= MEMORY_DEATH_SHARE * self.limits.max_memory:
            # killed by the kernel (we kill only on time, above) or died at its memory limit
            limit = f"{self.limits.max_memory // 2**20} MiB"
            return Stopped("E112", stage, error_message("E112", limit=limit))
        detail = f"the worker process exited with code {code}"
        return Stopped("E113", stage, error_message("E113", detail=detail))

    def close(self, kill: bool = False) -> None:
        """Stop the worker (killing it if it is stuck)."""
        process, conn = self._process, self._conn
        self._process = self._conn = None
        if process is None or conn is None:
            return
        if not kill and process.is_alive():
            try:
                conn.send(None)
            except OSError:
                kill = True
            process.join(5)
        if process.is_alive():
            process.kill()
        process.join(5)
        conn.close()
