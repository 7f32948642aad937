"""Runs on arrival: watch raw/ and call back once per burst of changes (copying 100 files makes one call)."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from pathlib import Path

import watchfiles

log = logging.getLogger(__name__)

# a burst ends after STEP_MS without a change, and is cut at DEBOUNCE_MS: a run starts at most
# DEBOUNCE_MS after the first file lands, well within 10 s
STEP_MS = 1000
DEBOUNCE_MS = 5000
POLL_MS = 300


def watch(
    raw_dir: Path,
    on_change: Callable[[list[Path]], None],
    stop: threading.Event | None = None,
    on_ready: Callable[[], None] | None = None,
    step_ms: int = STEP_MS,
    debounce_ms: int = DEBOUNCE_MS,
) -> None:
    """Call `on_change(paths)` for each burst of added, changed or removed files under `raw_dir`.

    Blocks until `stop` is set or the process is interrupted. `on_ready` is called once the watcher
    is in place. Changes that land while `on_change` runs are gathered into the next call.
    """
    raw_dir.mkdir(parents=True, exist_ok=True)
    ready = False
    for changes in watchfiles.watch(
        raw_dir,
        step=step_ms,
        debounce=debounce_ms,
        stop_event=stop,
        rust_timeout=POLL_MS,
        yield_on_timeout=True,
        raise_interrupt=False,
    ):
        if not ready:
            ready = True
            log.info("watching %s for new or changed files", raw_dir)
            if on_ready is not None:
                on_ready()
        if changes:
            paths = sorted({Path(path) for _, path in changes})
            log.info("watch changed=%d in %s", len(paths), raw_dir)
            on_change(paths)
