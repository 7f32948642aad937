"""Progress of a run: a live bar on a terminal (rich), one plain line per document otherwise."""

from __future__ import annotations

import sys
import time
from types import TracebackType
from typing import TextIO

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskID, TextColumn, TimeRemainingColumn

from pipeline.stages import Outcome


class RunProgress:
    """An `on_outcome` callback for `stages.run`: documents done of total, failures so far, rate, time left.

    On a terminal it draws a bar (log lines scroll above it); when the output is a file or a pipe it
    writes `[done/total] failed so far N, R docs/s, T s left: path`, one line per document.
    """

    def __init__(self, stream: TextIO | None = None, live: bool | None = None) -> None:
        self.stream = stream if stream is not None else sys.stderr
        self.live = self.stream.isatty() if live is None else live
        self.failed = 0
        self.started = time.monotonic()
        self._bar: Progress | None = None
        self._task: TaskID | None = None

    def __enter__(self) -> RunProgress:
        self.started = time.monotonic()
        if self.live:
            self._bar = Progress(
                TextColumn("documents"),
                BarColumn(),
                MofNCompleteColumn(),
                TextColumn("failed {task.fields[failed]}"),
                TextColumn("{task.fields[rate]} docs/s"),
                TextColumn("left"),
                TimeRemainingColumn(),
                console=Console(file=self.stream),
                transient=False,
            )
            self._bar.start()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if self._bar is not None:
            self._bar.stop()

    def rate(self, done: int) -> float:
        """Documents per second so far."""
        return done / max(time.monotonic() - self.started, 1e-6)

    def __call__(self, outcome: Outcome, done: int, total: int) -> None:
        self.failed += outcome.failure is not None
        rate = self.rate(done)
        if self._bar is not None:
            if self._task is None:
                self._task = self._bar.add_task("run", total=total, failed=0, rate="0.0")
            self._bar.update(self._task, completed=done, failed=self.failed, rate=f"{rate:.1f}")
            self._bar.refresh()  # every document shows, however fast the next one follows
            return
        left = (total - done) / rate if rate > 0 else 0.0
        mark = f" FAILED {outcome.failure.code}" if outcome.failure else ""
        self.stream.write(
            f"[{done}/{total}] failed so far {self.failed}, {rate:.1f} docs/s, {left:.0f} s left: "
            f"{outcome.path}{mark}\n"
        )
        self.stream.flush()
