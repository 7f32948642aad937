"""Opening the warehouse: the run lock, a writer on a private copy swapped in at the end, read-only
readers, and a file written by a DuckDB whose format this one cannot read."""

from __future__ import annotations

import logging
import os
import shutil
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb

from pipeline import fts
from pipeline.lockfiles import leftover_paths, write_snapshot
from pipeline.store.schema import ensure_schema

log = logging.getLogger("pipeline.store")

DEFAULT_DB = Path("pipeline.duckdb")
READ_RETRY_SECONDS = 10.0
# The writer's copy is private and checkpointed at the end of the run, so checkpoints on the way only
# rewrite what later batches change again: with DuckDB's default (16 MiB of write-ahead log, some 400
# documents like the seeds') a run of 1,000 documents checkpointed 3 times on the way and left a file
# two-thirds larger (52.7 against 31.7 MB); at 64 MiB it checkpoints every 1,600 documents or so, which
# still bounds what memory holds in between (peak RSS of `pipeline load` 444-448 against 462-488 MiB).
WRITER_CHECKPOINT_THRESHOLD = "64MiB"


LoadError = duckdb.Error
Connection = duckdb.DuckDBPyConnection
ENGINE_VERSION = duckdb.__version__
FILES_QUERY = "SELECT path, doc_id, status FROM files"


class UnreadableFormat(RuntimeError):
    """The warehouse file was written in a storage format this DuckDB cannot read (e.g. DuckDB 2.0's)."""


def _connect(path: str, read_only: bool = False, search: bool = True) -> duckdb.DuckDBPyConnection:
    try:
        con = duckdb.connect(path, read_only=read_only)
    except duckdb.IOException as exc:
        if "version number" in str(exc):
            raise UnreadableFormat(
                f"{path} was written by a DuckDB whose file format DuckDB {ENGINE_VERSION} cannot read; "
                "`pipeline run` or `pipeline load` rebuilds it from extracted/"
            ) from exc
        raise
    if search:  # the `search` macro needs the fts extension loaded
        fts.load_extension(con)
    return con


def set_aside_if_unreadable(db_path: Path) -> Path | None:
    """Move a warehouse this DuckDB cannot open to `<name>.v2-backup` (kept, never deleted).

    Returns the backup path, or None when the file is missing or readable. The caller rebuilds the
    warehouse from extracted/, which holds every record.
    """
    if not db_path.exists():
        return None
    try:
        _connect(str(db_path), read_only=True).close()
        return None
    except UnreadableFormat:
        pass
    except duckdb.IOException:  # held by a writer in another process: readable, just busy
        return None
    backup = db_path.with_name(db_path.name + ".v2-backup")
    n = 1
    while backup.exists():
        n += 1
        backup = db_path.with_name(f"{db_path.name}.v2-backup{n}")
    os.replace(db_path, backup)
    return backup


def remove_leftovers(db_path: Path) -> list[Path]:
    """Delete what a killed run left beside the warehouse (its staging copy and that copy's WAL).

    The caller holds `run_lock`, so no run is using them. Returns the paths removed.
    """
    gone = []
    for path in leftover_paths(db_path):
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path, ignore_errors=True)  # duckdb's spill folder
            gone.append(path)
        elif path.exists() or path.is_symlink():
            path.unlink()
            gone.append(path)
    return gone


@contextmanager
def open_writer(db_path: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    """A connection to a private copy of the warehouse that replaces it when the block ends without error.

    The caller holds `run_lock`. Readers keep answering from the previous file meanwhile.
    """
    db_path.parent.mkdir(parents=True, exist_ok=True)
    staging = db_path.with_name(db_path.name + ".staging")
    remove_leftovers(db_path)
    try:
        if db_path.exists():
            shutil.copyfile(db_path, staging)
    except BaseException:
        staging.unlink(missing_ok=True)
        raise
    con = _connect(str(staging))
    try:
        con.execute(f"SET checkpoint_threshold = '{WRITER_CHECKPOINT_THRESHOLD}'")
        ensure_schema(con)
        yield con
        fts.update(con)
        con.execute("CHECKPOINT")
    except BaseException:
        con.close()
        staging.unlink(missing_ok=True)
        raise
    known = {path: (doc_id, status) for path, doc_id, status in con.execute(FILES_QUERY).fetchall()}
    con.close()
    with staging.open("rb") as fh:
        os.fsync(fh.fileno())
    os.replace(staging, db_path)
    write_snapshot(db_path, known)


def open_reader(db_path: Path, *, files: bool = False, search: bool = True) -> duckdb.DuckDBPyConnection:
    """A read-only connection; waits briefly if a writer in another process holds the file.

    Without `files` the connection cannot touch the file system at all (no `COPY … TO`, `read_csv`,
    `glob`, `ATTACH`, extension installs), and its configuration is locked so a query cannot undo that.
    `search=False` skips loading the full-text extension (for bookkeeping queries).
    """
    if not db_path.exists():
        raise FileNotFoundError(f"no warehouse at {db_path}; run `pipeline run` first")
    deadline = time.monotonic() + READ_RETRY_SECONDS
    while True:
        try:
            con = _connect(str(db_path), read_only=True, search=search)
            # once the extension is loaded: no file can be read or written from here on, and no
            # query can change that
            if not files:
                con.execute("SET enable_external_access = false")
            con.execute("SET lock_configuration = true")
            return con
        except duckdb.IOException:
            if time.monotonic() >= deadline:
                raise
            time.sleep(0.1)
