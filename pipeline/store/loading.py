"""Loading one batch of documents (or failures) into the warehouse in one transaction, and marking
files removed."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, cast

import duckdb

from pipeline import fts
from pipeline.store.schema import FACT_TABLES, model_tables, refresh_commitments

if TYPE_CHECKING:
    from schemas import Entity, Failure, Record

Columns = dict[str, list[Any]]


def _columns(records: Sequence[Record]) -> Columns:
    """The fields of records of one model as columns (`kind` is the table itself)."""
    fields = [f for f in type(records[0]).model_fields if f != "kind"]
    return {f: [getattr(r, f) for r in records] for f in fields}


def _insert(con: duckdb.DuckDBPyConnection, table: str, columns: Columns) -> None:
    # one Arrow table, one INSERT ... SELECT: no per-row round trip
    if not columns or not next(iter(columns.values())):
        return
    import pyarrow as pa

    names = ", ".join(f'"{c}"' for c in columns)
    con.register("_batch_rows", pa.table(columns))
    try:
        con.execute(f'INSERT INTO "{table}" ({names}) SELECT {names} FROM _batch_rows')
    finally:
        con.unregister("_batch_rows")


@contextmanager
def _keys(con: duckdb.DuckDBPyConnection, name: str, values: Sequence[str]) -> Iterator[str]:
    """`values` as a one-column view `name` (column `k`) while the block runs.

    A view costs one bind however many values it holds; a list parameter is bound value by value,
    and DuckDB looks for pandas at each one (a failed import without pandas installed).
    """
    import pyarrow as pa

    con.register(name, pa.table({"k": pa.array(list(values), pa.string())}))
    try:
        yield f"(SELECT k FROM {name})"
    finally:
        con.unregister(name)


def _drop_if_orphan(con: duckdb.DuckDBPyConnection, doc_id: str) -> None:
    # a changed file's old version goes, unless another path still holds the same bytes
    still = con.execute(
        "SELECT count(*) FROM files WHERE doc_id = ? AND status != 'failed'", [doc_id]
    ).fetchone()
    if still is not None and still[0] == 0:
        for table in FACT_TABLES:
            con.execute(f'DELETE FROM "{table}" WHERE doc_id = ?', [doc_id])
        con.execute("DELETE FROM documents WHERE id = ?", [doc_id])
        fts.forget(con, "(?)", [doc_id])


def load_document(con: duckdb.DuckDBPyConnection, path: str, records: Sequence[Record]) -> None:
    """Replace what the warehouse holds for `path` with `records`, in one transaction.

    `records` is one document's output: a Document and its facts, or a single Failure.
    On error the transaction rolls back and the previous version stays.
    """
    load_documents(con, [(path, records)])


def load_documents(con: duckdb.DuckDBPyConnection, items: Sequence[tuple[str, Sequence[Record]]]) -> None:
    """Replace what the warehouse holds for each (path, records) of a batch, in one transaction.

    Either the whole batch is loaded or none of it (a document is never half-loaded); every table
    gets one bulk insert per batch.
    """
    if not items:
        return
    files, by_table, doc_ids = _batch_rows(items)
    paths = files["path"]
    if len(set(paths)) != len(paths):
        raise ValueError("a path appears twice in one batch")
    con.execute("BEGIN TRANSACTION")
    try:
        with _keys(con, "_batch_paths", paths) as batch_paths:
            previous = con.execute(f"SELECT path, doc_id FROM files WHERE path IN {batch_paths}").fetchall()
            con.execute(f"DELETE FROM failures WHERE path IN {batch_paths}")
            con.execute(f"DELETE FROM files WHERE path IN {batch_paths}")
        _insert(con, "files", files)
        new_ids = dict(zip(files["path"], files["doc_id"], strict=True))
        for old_path, old_id in previous:
            if old_id != new_ids[old_path]:
                _drop_if_orphan(con, old_id)
        # only documents already in the warehouse have rows to replace (a new one skips the scans)
        with _keys(con, "_batch_docs", doc_ids) as batch_docs:
            ids = [r[0] for r in con.execute(f"SELECT id FROM documents WHERE id IN {batch_docs}").fetchall()]
        if ids:
            with _keys(con, "_batch_ids", ids) as old:
                for table in FACT_TABLES:
                    con.execute(f'DELETE FROM "{table}" WHERE doc_id IN {old}')
                con.execute(f"DELETE FROM documents WHERE id IN {old}")
                fts.forget(con, old)
        for table, records in by_table.items():
            _insert(con, table, _columns(records))
        _upsert_canonical(con, cast("list[Entity]", by_table.get("entities", [])))
        refresh_commitments(con)
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise


def _batch_rows(
    items: Sequence[tuple[str, Sequence[Record]]],
) -> tuple[Columns, dict[str, list[Record]], list[str]]:
    """The `files` columns of a batch, the records of every other table, and the document ids loaded."""
    from schemas import Document

    files: Columns = {"path": [], "doc_id": [], "status": []}
    by_table: dict[str, list[Record]] = {}
    doc_ids: dict[str, None] = {}
    for path, records in items:
        tables: dict[str, list[Record]] = {}
        for record in records:
            tables.setdefault(model_tables()[type(record)], []).append(record)
        docs, failures = tables.get("documents", []), tables.get("failures", [])
        if len(docs) + len(failures) != 1:
            raise ValueError(
                f"{path}: expected one document or one failure, got {len(docs)} and {len(failures)}"
            )
        first = docs[0] if docs else failures[0]
        doc_id = first.id if isinstance(first, Document) else cast("Failure", first).doc_id
        for column, value in zip(files, (path, doc_id, "loaded" if docs else "failed"), strict=True):
            files[column].append(value)
        if docs and doc_id in doc_ids:
            continue  # the same bytes at a second path: one copy of the records
        if docs:
            doc_ids[doc_id] = None
        for table, rows in tables.items():
            by_table.setdefault(table, []).extend(rows)
    return files, by_table, list(doc_ids)


def _upsert_canonical(con: duckdb.DuckDBPyConnection, entities: Sequence[Entity]) -> None:
    """Add the document's canonical entities; each keeps the name most of its mentions give it.

    The name does not depend on the order documents are loaded in ("UK" or "Uk", "FSE+" or "FSE"):
    the most frequent canonical name among the loaded mentions, ties broken by the text itself.
    """
    seen: dict[str, tuple[str, str, str | None]] = {}
    for e in entities:
        seen.setdefault(e.canonical_id, (e.canonical_name, e.label, e.ipa_code))
    if not seen:
        return
    with _keys(con, "_batch_canonical", list(seen)) as batch_ids:
        existing = {
            r[0] for r in con.execute(f"SELECT id FROM canonical_entities WHERE id IN {batch_ids}").fetchall()
        }
        new = [k for k in seen if k not in existing]
        columns: Columns = {"id": new}
        for i, column in enumerate(("name", "label", "ipa_code")):
            columns[column] = [seen[k][i] for k in new]
        _insert(con, "canonical_entities", columns)
        con.execute(
            f"""
            UPDATE canonical_entities c SET name = best.name
            FROM (
                SELECT canonical_id, arg_max(canonical_name, (n, canonical_name)) AS name
                FROM (SELECT canonical_id, canonical_name, count(*) AS n FROM entities
                      WHERE canonical_id IN {batch_ids} GROUP BY ALL)
                GROUP BY canonical_id
            ) best
            WHERE c.id = best.canonical_id AND c.name != best.name
            """
        )


def mark_removed(con: duckdb.DuckDBPyConnection, path: str) -> None:
    """A file gone from raw/: the row in `files` says 'removed' and its records leave the views.

    The records stay in the tables (nothing loaded is lost); putting the file back restores them.
    """
    con.execute("BEGIN TRANSACTION")
    try:
        con.execute(
            "UPDATE files SET status = 'removed', updated_at = current_timestamp WHERE path = ?", [path]
        )
        con.execute("DELETE FROM failures WHERE path = ?", [path])
        refresh_commitments(con)
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
