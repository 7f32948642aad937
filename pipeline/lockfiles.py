"""The files beside the warehouse that need no DuckDB: the run lock, where a killed run's leftovers
would be, and a snapshot of the warehouse's `files` table.

A rerun with nothing new answers from the snapshot without importing DuckDB. The snapshot is written
after each run's warehouse is in place and names the warehouse file's size and modification time; when
they differ (another tool wrote the warehouse, a run was killed before writing it), it is not used.
"""

from __future__ import annotations

import fcntl
import json
import logging
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

log = logging.getLogger("pipeline.store")

LOCK_WAIT_SECONDS = 600.0
SNAPSHOT_SUFFIX = ".files.json"


class StoreBusy(RuntimeError):
    """Another run holds the warehouse."""


@contextmanager
def run_lock(db_path: Path, wait_seconds: float = LOCK_WAIT_SECONDS) -> Iterator[None]:
    """Hold the warehouse's run lock: a second run waits up to `wait_seconds`, then raises StoreBusy."""
    lock_path = db_path.with_name(db_path.name + ".lock")
    lock_path.parent.mkdir(parents=True, exist_ok=True)
    with lock_path.open("a") as fh:
        deadline = time.monotonic() + wait_seconds
        said = False
        while True:
            try:
                fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if not said:
                    log.warning(
                        "another run holds %s; waiting for it up to %g s (lock: %s)",
                        db_path,
                        wait_seconds,
                        lock_path,
                    )
                    said = True
                if time.monotonic() >= deadline:
                    raise StoreBusy(
                        f"another run is loading {db_path}; wait for it to finish (lock: {lock_path})"
                    ) from None
                time.sleep(0.2)
        try:
            yield
        finally:
            fcntl.flock(fh.fileno(), fcntl.LOCK_UN)


def leftover_paths(db_path: Path) -> list[Path]:
    """Where a killed run's leftovers would be: the staging copy, its WAL and DuckDB's spill folder."""
    return [db_path.with_name(db_path.name + s) for s in (".staging", ".staging.wal", ".staging.tmp")]


def snapshot_path(db_path: Path) -> Path:
    return db_path.with_name(db_path.name + SNAPSHOT_SUFFIX)


def _stamp(db_path: Path) -> list[int]:
    stat = db_path.stat()
    return [stat.st_size, stat.st_mtime_ns]


def write_snapshot(db_path: Path, known: dict[str, tuple[str, str]]) -> None:
    """Record path -> (doc_id, status) of the warehouse just put in place at `db_path`."""
    target = snapshot_path(db_path)
    staging = target.with_name(target.name + ".tmp")
    try:
        staging.write_text(json.dumps({"warehouse": _stamp(db_path), "files": known}), encoding="utf-8")
        os.replace(staging, target)
    except OSError as exc:  # a rerun then asks the warehouse itself
        log.warning("could not write %s: %s", target, exc)
        staging.unlink(missing_ok=True)
        target.unlink(missing_ok=True)


def read_snapshot(db_path: Path) -> dict[str, tuple[str, str]] | None:
    """path -> (doc_id, status) as the warehouse at `db_path` holds them, or None when the snapshot is
    missing, unreadable or not of this warehouse file."""
    try:
        data = json.loads(snapshot_path(db_path).read_text(encoding="utf-8"))
        if data["warehouse"] != _stamp(db_path):
            return None
        return {path: (doc_id, status) for path, (doc_id, status) in data["files"].items()}
    except (OSError, ValueError, KeyError, TypeError):
        return None
