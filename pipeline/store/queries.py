"""Reading the warehouse: what files and versions it holds, SQL queries and the Parquet export."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb

from pipeline.store.connection import open_reader


def known_files(con: duckdb.DuckDBPyConnection) -> dict[str, tuple[str, str]]:
    """Path -> (doc_id, status) for every file the warehouse has seen."""
    rows = con.execute("SELECT path, doc_id, status FROM files").fetchall()
    return {path: (doc_id, status) for path, doc_id, status in rows}


def document_versions(con: duckdb.DuckDBPyConnection) -> dict[str, tuple[str, int]]:
    """Document id -> (pipeline_version, schema_version) of the records loaded for it."""
    rows = con.execute("SELECT id, pipeline_version, schema_version FROM documents").fetchall()
    return {doc_id: (pipeline, schema) for doc_id, pipeline, schema in rows}


def export_parquet(db_path: Path, folder: Path) -> list[Path]:
    """Every table and view of the warehouse as `<folder>/<name>.parquet`; returns the files written."""
    folder.mkdir(parents=True, exist_ok=True)
    con = open_reader(db_path, files=True)  # it writes the files; the queries are its own
    try:
        names = con.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main' "
            "AND table_catalog = current_database() AND NOT starts_with(table_name, 'fts_') "
            "ORDER BY table_type, table_name"
        ).fetchall()
        written = []
        for (name,) in names:
            target = folder / f"{name}.parquet"
            escaped = str(target).replace("'", "''")
            con.execute(f"COPY (SELECT * FROM \"{name}\") TO '{escaped}' (FORMAT parquet)")
            written.append(target)
        return written
    finally:
        con.close()


@dataclass(frozen=True)
class QueryResult:
    """Columns and rows of a query."""

    columns: list[str]
    rows: list[tuple[Any, ...]]


class QueryRefused(ValueError):
    """A query that would write over the warehouse's own files."""


def check_file_query(sql: str, db_path: Path) -> None:
    """Refuse SQL run with file access that names the warehouse's files or overwrites a folder.

    `COPY … TO 'pipeline.duckdb'` would replace the warehouse, and `OVERWRITE` empties a folder.
    """
    lowered = sql.casefold()
    if db_path.name.casefold() in lowered:
        raise QueryRefused(f"the query names the warehouse file {db_path.name}; it is never written by sql")
    if "overwrite" in lowered:
        raise QueryRefused("COPY … (OVERWRITE) is refused: it deletes the files of a folder")


def query(con: duckdb.DuckDBPyConnection, sql: str, params: Sequence[Any] = ()) -> QueryResult:
    """Run one SQL statement with `?` parameters."""
    cur = con.execute(sql, list(params))
    columns = [d[0] for d in cur.description] if cur.description else []
    return QueryResult(columns, cur.fetchall() if columns else [])
