"""The DuckDB warehouse: the only package that imports duckdb.

Writes go to a copy of the database file that replaces the original in one rename once the run has
loaded everything, so readers in other processes always see a complete snapshot and a run killed at
any point leaves the previous database untouched.

    schema      tables, views, macros and the columns added since the first release
    connection  the writer on a private copy, read-only readers (the run lock: pipeline.lockfiles)
    loading     one batch of documents in one transaction; files marked removed
    queries     what the warehouse holds, SQL queries and the Parquet export
"""

from __future__ import annotations

from typing import Any

from pipeline.lockfiles import LOCK_WAIT_SECONDS, StoreBusy, leftover_paths, run_lock
from pipeline.store.connection import (
    DEFAULT_DB,
    ENGINE_VERSION,
    Connection,
    LoadError,
    UnreadableFormat,
    open_reader,
    open_writer,
    remove_leftovers,
    set_aside_if_unreadable,
)
from pipeline.store.loading import load_document, load_documents, mark_removed
from pipeline.store.queries import (
    QueryRefused,
    QueryResult,
    check_file_query,
    document_versions,
    export_parquet,
    known_files,
    query,
)
from pipeline.store.schema import BOOKKEEPING, FACT_TABLES, ensure_schema, model_tables, table_columns


def __getattr__(name: str) -> Any:
    # MODEL_TABLES (record model -> table) is built on first use, so queries never import pydantic
    if name == "MODEL_TABLES":
        return model_tables()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "BOOKKEEPING",
    "DEFAULT_DB",
    "ENGINE_VERSION",
    "FACT_TABLES",
    "LOCK_WAIT_SECONDS",
    "Connection",
    "LoadError",
    "QueryRefused",
    "QueryResult",
    "StoreBusy",
    "UnreadableFormat",
    "check_file_query",
    "document_versions",
    "ensure_schema",
    "export_parquet",
    "known_files",
    "leftover_paths",
    "load_document",
    "load_documents",
    "mark_removed",
    "open_reader",
    "open_writer",
    "query",
    "remove_leftovers",
    "run_lock",
    "set_aside_if_unreadable",
    "table_columns",
]
