"""Reading in a worker process, so that one hostile file cannot hang the run or exhaust its memory.

The readers check their own time limit between pages, but a single library call (a pdfium page,
an HTML parse, a regex) cannot be interrupted from inside; a worker process can be killed. Every
format is read there. The worker is started once per run and reused; it is replaced after it is
killed or dies, and it dies with the process that started it (a parent-death signal on Linux).
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
import traceback
from collections.abc import Callable
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from types import TracebackType

from pipeline.extract.source import ReadError, SourceText
from pipeline.readers.limits import Limits
from schemas import error_message

log = logging.getLogger(__name__)

# on top of the reader's own limit, for the worker to notice it and answer
GRACE_SECONDS = 5.0
# how often the parent looks at the worker's memory while it waits
POLL_SECONDS = 0.1
# a worker that dies after using this share of its memory limit died of the limit
MEMORY_DEATH_SHARE = 0.8
# the worker imports the readers before its first file; not counted in that file's time limit
STARTUP_SECONDS = 300.0
PR_SET_PDEATHSIG = 1

ReadFunction = Callable[[bytes, str, Limits], SourceText | ReadError]


def read_document(data: bytes, name: str, limits: Limits) -> SourceText | ReadError:
    """`pipeline.readers.read_document`, imported on first use (pdfium, pdfplumber and trafilatura are
    slow to import, and a rerun with nothing new reads nothing)."""
    from pipeline.readers.dispatch import read_document as read

    return read(data, name, limits)


def die_with_parent(parent_pid: int) -> None:
    """Ask the kernel to kill this process when its parent dies (Linux); exit if it already has."""
    if sys.platform.startswith("linux"):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != parent_pid:
        os._exit(1)


def _serve(conn: Connection, parent_pid: int, max_memory: int, read: ReadFunction) -> None:
    """The worker's loop: (bytes, name, limits) in, SourceText or ReadError out, until None."""
    die_with_parent(parent_pid)
    resource.setrlimit(resource.RLIMIT_AS, (max_memory, max_memory))
    conn.send("ready")  # the readers are imported: the clock of the first file starts now
    while True:
        try:
            job = conn.recv()
        except EOFError:
            return
        if job is None:
            return
        data, name, limits = job
        try:
            result: SourceText | ReadError = read(data, name, limits)
        except MemoryError:
            result = ReadError("E112", error_message("E112", limit=f"{max_memory // 2**20} MiB"))
        except Exception as exc:  # a reader bug on one file is that file's failure
            traceback.print_exc()  # the worker's stderr is the run's
            result = ReadError("E113", error_message("E113", detail=f"{type(exc).__name__}: {exc}"))
        conn.send(result)


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


class IsolatedReader:
    """`read_document` in a worker process with a hard wall-time and memory limit."""

    def __init__(self, limits: Limits, read: ReadFunction = read_document) -> None:
        self.limits = limits
        self._read = read
        self._process: BaseProcess | None = None
        self._conn: Connection | None = None

    def __enter__(self) -> IsolatedReader:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    @property
    def worker_pid(self) -> int | None:
        """The worker's process id, while it runs."""
        return self._process.pid if self._process is not None else None

    def _start(self) -> tuple[BaseProcess, Connection]:
        if self._process is None or self._conn is None or not self._process.is_alive():
            self.close(kill=True)
            # spawn, not fork: the parent may run threads (prefect) whose locks a fork would copy
            context = multiprocessing.get_context("spawn")
            ours, theirs = context.Pipe()
            process = context.Process(
                target=_serve,
                args=(theirs, os.getpid(), self.limits.max_memory, self._read),
                name="pipeline-reader",
                daemon=True,
            )
            process.start()
            theirs.close()
            self._process, self._conn = process, ours
            if not ours.poll(STARTUP_SECONDS):
                raise RuntimeError(f"the reader worker did not start in {STARTUP_SECONDS:g} s")
            ours.recv()
        return self._process, self._conn

    def read(self, data: bytes, name: str) -> SourceText | ReadError:
        """Read one file's bytes; a hang, a crash or too much memory becomes a ReadError."""
        try:
            process, conn = self._start()
        except (EOFError, OSError, RuntimeError) as exc:
            self.close(kill=True)
            return ReadError("E113", error_message("E113", detail=str(exc) or type(exc).__name__))
        deadline = time.monotonic() + self.limits.max_seconds + GRACE_SECONDS
        peak = 0
        try:
            conn.send((data, name, self.limits))
            while not conn.poll(POLL_SECONDS):
                peak = max(peak, _peak_memory(process.pid or 0))
                if not process.is_alive():
                    break
                if time.monotonic() > deadline:
                    log.warning("reader worker killed after %.0f s on %s", self.limits.max_seconds, name)
                    self.close(kill=True)
                    return ReadError("E109", error_message("E109", limit=f"{self.limits.max_seconds:g}"))
            result: SourceText | ReadError = conn.recv()
            return result
        except (EOFError, OSError):
            pass
        process.join(1)
        code = process.exitcode
        self.close(kill=True)
        if code == -signal.SIGKILL or peak >= MEMORY_DEATH_SHARE * self.limits.max_memory:
            # killed by the kernel (we kill only on time, above) or died at its memory limit
            return ReadError("E112", error_message("E112", limit=f"{self.limits.max_memory // 2**20} MiB"))
        detail = f"the worker process exited with code {code}"
        return ReadError("E113", error_message("E113", detail=detail))

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
