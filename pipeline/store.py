"""The DuckDB warehouse: the only module that imports duckdb.

Writes go to a copy of the database file that replaces the original in one rename once the run has
loaded everything, so readers in other processes always see a complete snapshot and a run killed at
any point leaves the previous database untouched.
"""

from __future__ import annotations

import fcntl
import logging
import os
import shutil
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import duckdb

from pipeline import fts

if TYPE_CHECKING:  # schemas (pydantic) is imported when loading, not by `pipeline sql`
    from schemas import Record

log = logging.getLogger(__name__)

DEFAULT_DB = Path("pipeline.duckdb")
LOCK_WAIT_SECONDS = 600.0
READ_RETRY_SECONDS = 10.0

# columns that the store adds to the model fields
BOOKKEEPING = {"documents": ("loaded_at",), "failures": ("failed_at",)}

DDL = """
CREATE TABLE IF NOT EXISTS documents (
    id VARCHAR PRIMARY KEY,
    path VARCHAR NOT NULL,
    format VARCHAR NOT NULL,
    title VARCHAR,
    publication_date DATE,
    modified_date DATE,
    language VARCHAR,
    tags VARCHAR[],
    pages INTEGER,
    page_starts INTEGER[],
    ocr BOOLEAN NOT NULL,
    ocr_confidence DOUBLE,
    size_bytes BIGINT NOT NULL,
    text VARCHAR NOT NULL,
    pipeline_version VARCHAR NOT NULL,
    schema_version INTEGER NOT NULL,
    loaded_at TIMESTAMP NOT NULL DEFAULT current_timestamp
);
CREATE TABLE IF NOT EXISTS files (
    path VARCHAR PRIMARY KEY,
    doc_id VARCHAR NOT NULL,
    status VARCHAR NOT NULL CHECK (status IN ('loaded', 'failed', 'removed')),
    updated_at TIMESTAMP NOT NULL DEFAULT current_timestamp
);
CREATE TABLE IF NOT EXISTS entities (
    doc_id VARCHAR NOT NULL, page INTEGER, start INTEGER NOT NULL, "end" INTEGER NOT NULL,
    text VARCHAR NOT NULL, label VARCHAR NOT NULL, canonical_id VARCHAR NOT NULL,
    canonical_name VARCHAR NOT NULL, ipa_code VARCHAR,
    PRIMARY KEY (doc_id, start, "end", label)
);
CREATE TABLE IF NOT EXISTS canonical_entities (
    id VARCHAR PRIMARY KEY, name VARCHAR NOT NULL, label VARCHAR NOT NULL, ipa_code VARCHAR
);
CREATE TABLE IF NOT EXISTS amounts (
    doc_id VARCHAR NOT NULL, page INTEGER, start INTEGER NOT NULL, "end" INTEGER NOT NULL,
    text VARCHAR NOT NULL, value DECIMAL(38, 6) NOT NULL, value_max DECIMAL(38, 6),
    currency VARCHAR NOT NULL, explicit_currency BOOLEAN NOT NULL, approximate BOOLEAN NOT NULL,
    qualifier VARCHAR, role VARCHAR, sentence VARCHAR NOT NULL, sentence_start INTEGER,
    PRIMARY KEY (doc_id, start, "end")
);
CREATE TABLE IF NOT EXISTS percents (
    doc_id VARCHAR NOT NULL, page INTEGER, start INTEGER NOT NULL, "end" INTEGER NOT NULL,
    text VARCHAR NOT NULL, value DECIMAL(38, 6) NOT NULL,
    PRIMARY KEY (doc_id, start, "end")
);
CREATE TABLE IF NOT EXISTS dates (
    doc_id VARCHAR NOT NULL, page INTEGER, start INTEGER NOT NULL, "end" INTEGER NOT NULL,
    text VARCHAR NOT NULL, value VARCHAR, granularity VARCHAR, context_value VARCHAR,
    year_inferred BOOLEAN NOT NULL, relative BOOLEAN NOT NULL, start_date DATE, end_date DATE,
    PRIMARY KEY (doc_id, start, "end")
);
CREATE TABLE IF NOT EXISTS doc_tables (
    doc_id VARCHAR NOT NULL, page INTEGER NOT NULL, index INTEGER NOT NULL, rows VARCHAR[][] NOT NULL,
    PRIMARY KEY (doc_id, page, index)
);
CREATE TABLE IF NOT EXISTS failures (
    doc_id VARCHAR NOT NULL, path VARCHAR PRIMARY KEY, stage VARCHAR NOT NULL, code VARCHAR NOT NULL,
    message VARCHAR NOT NULL, failed_at TIMESTAMP NOT NULL DEFAULT current_timestamp
);
"""
# views are replaced on every open; tables are created above and upgraded by MIGRATIONS
VIEWS_DDL = """
-- the documents currently in raw/, once each even when the same bytes sit at two paths
CREATE OR REPLACE VIEW active_documents AS
SELECT d.*, f.raw_path
FROM documents d
JOIN (SELECT doc_id, min(path) AS raw_path FROM files WHERE status = 'loaded' GROUP BY doc_id) f
  ON f.doc_id = d.id;

-- every amount with its document; year is the publication year
CREATE OR REPLACE VIEW amounts_by_document AS
SELECT a.value, a.value_max, a.currency, a.text, a.role, a.approximate, a.explicit_currency, a.sentence,
       d.raw_path AS path, d.title, d.publication_date, year(d.publication_date) AS year, a.doc_id, a.start
FROM amounts a JOIN active_documents d ON d.id = a.doc_id;

-- each amount beside every organisation named in the same sentence: a co-occurrence, not a payment
-- (who pays whom is in the funding views below)
DROP VIEW IF EXISTS totals_by_organisation;
DROP VIEW IF EXISTS amount_organisations;
CREATE OR REPLACE VIEW amount_cooccurrences AS
SELECT c.name AS organisation, c.id AS organisation_id, a.value, a.currency, a.text AS amount_text,
       a.role, year(d.publication_date) AS year, d.raw_path AS path, a.sentence, a.doc_id, a.start
FROM amounts a
JOIN active_documents d ON d.id = a.doc_id
JOIN (SELECT DISTINCT doc_id, start, "end", canonical_id FROM entities WHERE label = 'ORG') e
  ON e.doc_id = a.doc_id AND a.sentence_start IS NOT NULL
 AND e.start >= a.sentence_start AND e."end" <= a.sentence_start + length(a.sentence)
JOIN canonical_entities c ON c.id = e.canonical_id;

-- every amount of any kind (caps, costs, parts, repeats included) by publication year; money
-- committed is in money_by_year
CREATE OR REPLACE VIEW totals_by_year AS
SELECT year, currency, count(*) AS amounts, sum(value) AS total
FROM amounts_by_document GROUP BY year, currency ORDER BY year NULLS LAST, currency;

-- canonical entities with how many documents mention them
CREATE OR REPLACE VIEW entity_mentions AS
SELECT c.label, c.name, c.id, c.ipa_code, count(*) AS mentions, count(DISTINCT e.doc_id) AS documents
FROM entities e JOIN canonical_entities c ON c.id = e.canonical_id
JOIN active_documents d ON d.id = e.doc_id
GROUP BY c.label, c.name, c.id, c.ipa_code ORDER BY documents DESC, mentions DESC;

-- documents whose text contains a term, case-insensitively: SELECT * FROM documents_mentioning('idrogeno')
CREATE OR REPLACE MACRO documents_mentioning(term) AS TABLE
SELECT raw_path AS path, title, publication_date,
       len(regexp_extract_all(lower(text), regexp_escape(lower(term)))) AS hits
FROM active_documents
WHERE contains(lower(text), lower(term))
ORDER BY hits DESC, path;
"""

# funding facts and the commitments they report (one commitment, several documents)
FUNDING_DDL = """
CREATE TABLE IF NOT EXISTS funding_facts (
    doc_id VARCHAR NOT NULL, page INTEGER, start INTEGER NOT NULL, "end" INTEGER NOT NULL,
    text VARCHAR NOT NULL, value DECIMAL(38, 6) NOT NULL, currency VARCHAR NOT NULL,
    funding_kind VARCHAR NOT NULL, funder VARCHAR, funder_id VARCHAR, recipients VARCHAR[] NOT NULL,
    programme VARCHAR, purpose VARCHAR, date VARCHAR, date_basis VARCHAR, each_count INTEGER,
    part_of_start INTEGER, repeat_of_start INTEGER, counts_in_total BOOLEAN NOT NULL,
    commitment_id VARCHAR NOT NULL, sentence VARCHAR NOT NULL, sentence_start INTEGER NOT NULL,
    PRIMARY KEY (doc_id, start, "end")
);
CREATE TABLE IF NOT EXISTS commitments (
    id VARCHAR PRIMARY KEY, funder VARCHAR, programme VARCHAR, kind VARCHAR NOT NULL,
    recipients VARCHAR[] NOT NULL, amount DECIMAL(38, 6) NOT NULL, currency VARCHAR NOT NULL,
    date VARCHAR, year INTEGER, sources INTEGER NOT NULL, doc_ids VARCHAR[] NOT NULL,
    quote VARCHAR NOT NULL, sentence VARCHAR NOT NULL
);

-- one row per funding fact with its document; amount is value x each_count
CREATE OR REPLACE VIEW funding AS
SELECT f.funding_kind AS kind, f.value, f.each_count, f.value * coalesce(f.each_count, 1) AS amount,
       f.currency, f.funder, f.recipients, f.programme, f.purpose, f.date, f.date_basis,
       TRY_CAST(left(f.date, 4) AS INTEGER) AS year, f.counts_in_total, f.commitment_id, f.text,
       f.sentence, d.raw_path AS path, d.title, f.doc_id, f.start, f."end"
FROM funding_facts f JOIN active_documents d ON d.id = f.doc_id;

-- money committed: each commitment once, only facts that count in a total
CREATE OR REPLACE VIEW money_by_funder AS
SELECT coalesce(funder, '(not stated)') AS funder, currency, count(*) AS commitments, sum(amount) AS total
FROM commitments GROUP BY ALL ORDER BY total DESC;

CREATE OR REPLACE VIEW money_by_recipient AS
SELECT recipient, funder, year, currency, count(*) AS commitments, sum(amount) AS total,
       count(*) FILTER (WHERE shared_by > 1) AS shared
FROM (SELECT unnest(CASE WHEN len(recipients) = 0 THEN ['(not stated)'] ELSE recipients END) AS recipient,
             funder, year, currency, amount, len(recipients) AS shared_by FROM commitments)
GROUP BY ALL ORDER BY total DESC;

CREATE OR REPLACE VIEW money_by_year AS
SELECT year, currency, count(*) AS commitments, sum(amount) AS total
FROM commitments GROUP BY ALL ORDER BY year NULLS LAST, currency;
"""

REFRESH_COMMITMENTS = """
DELETE FROM commitments;
INSERT INTO commitments
SELECT commitment_id, arg_min(funder, k), arg_min(programme, k), arg_min(funding_kind, k),
       arg_min(recipients, k), arg_min(amount, k), arg_min(currency, k), arg_min(date, k),
       TRY_CAST(left(arg_min(date, k), 4) AS INTEGER), count(*), list(DISTINCT doc_id ORDER BY doc_id),
       arg_min(text, k), arg_min(sentence, k)
FROM (SELECT f.*, f.value * coalesce(f.each_count, 1) AS amount,
             -- the source that names the most, then the earliest document
             ((f.funder IS NULL)::INTEGER + (len(f.recipients) = 0)::INTEGER) || ':'
             || coalesce(CAST(d.publication_date AS VARCHAR), '9999') || ':' || f.doc_id || ':'
             || lpad(CAST(f.start AS VARCHAR), 10, '0') AS k
      FROM funding_facts f JOIN active_documents d ON d.id = f.doc_id
      WHERE f.counts_in_total)
GROUP BY commitment_id;
"""


@cache
def _model_tables() -> dict[type[Record], str]:
    from schemas import Amount, DateMention, Document, Entity, Failure, FundingFact, Percent, Table

    return {
        Document: "documents",
        Entity: "entities",
        Amount: "amounts",
        Percent: "percents",
        DateMention: "dates",
        FundingFact: "funding_facts",
        Table: "doc_tables",
        Failure: "failures",
    }


def __getattr__(name: str) -> Any:
    # MODEL_TABLES (record model -> table) is built on first use, so queries never import pydantic
    if name == "MODEL_TABLES":
        return _model_tables()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


FACT_TABLES = ("entities", "amounts", "percents", "dates", "doc_tables", "funding_facts")


LoadError = duckdb.Error
Connection = duckdb.DuckDBPyConnection
ENGINE_VERSION = duckdb.__version__


class StoreBusy(RuntimeError):
    """Another run holds the warehouse."""


# columns added after the first release: (table, column, type); a warehouse made by an older release
# gets them in place (its documents are re-extracted by the next run, see stages.discovery)
MIGRATIONS: tuple[tuple[str, str, str], ...] = (
    ("documents", "modified_date", "DATE"),
    ("documents", "language", "VARCHAR"),
    ("documents", "tags", "VARCHAR[]"),
    ("entities", "ipa_code", "VARCHAR"),
    ("canonical_entities", "ipa_code", "VARCHAR"),
)


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


def ensure_schema(con: duckdb.DuckDBPyConnection) -> None:
    """Create the tables and views if they are missing, and add the columns an older release lacks."""
    con.execute(DDL)
    migrate(con)
    con.execute(VIEWS_DDL)
    con.execute(FUNDING_DDL)


def migrate(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Add the columns of MIGRATIONS that the tables lack; returns the 'table.column' names added."""
    added = []
    for table, column, kind in MIGRATIONS:
        if column not in table_columns(con, table):
            con.execute(f'ALTER TABLE "{table}" ADD COLUMN "{column}" {kind}')
            added.append(f"{table}.{column}")
    if added:
        log.info("warehouse upgraded: added %s", ", ".join(added))
    return added


def refresh_commitments(con: duckdb.DuckDBPyConnection) -> None:
    """Rebuild `commitments` from the counted funding facts of the documents in raw/."""
    con.execute(REFRESH_COMMITMENTS)


def table_columns(con: duckdb.DuckDBPyConnection, table: str) -> list[str]:
    """Column names of `table`, in order."""
    return [row[0] for row in con.execute(f'DESCRIBE "{table}"').fetchall()]


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
        ensure_schema(con)
        yield con
        fts.rebuild(con)
        con.execute("CHECKPOINT")
    except BaseException:
        con.close()
        staging.unlink(missing_ok=True)
        raise
    con.close()
    with staging.open("rb") as fh:
        os.fsync(fh.fileno())
    os.replace(staging, db_path)


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


def known_files(con: duckdb.DuckDBPyConnection) -> dict[str, tuple[str, str]]:
    """Path -> (doc_id, status) for every file the warehouse has seen."""
    rows = con.execute("SELECT path, doc_id, status FROM files").fetchall()
    return {path: (doc_id, status) for path, doc_id, status in rows}


def document_versions(con: duckdb.DuckDBPyConnection) -> dict[str, tuple[str, int]]:
    """Document id -> (pipeline_version, schema_version) of the records loaded for it."""
    rows = con.execute("SELECT id, pipeline_version, schema_version FROM documents").fetchall()
    return {doc_id: (pipeline, schema) for doc_id, pipeline, schema in rows}


def _row(record: Record, table: str) -> dict[str, Any]:
    # an amount carries its sentence's offset, with which SQL pairs it with the entities of the sentence
    return record.model_dump(exclude={"kind"})


def _insert(con: duckdb.DuckDBPyConnection, table: str, rows: Sequence[dict[str, Any]]) -> None:
    # one Arrow table, one INSERT ... SELECT: no per-row round trip
    if not rows:
        return
    import pyarrow as pa

    columns = list(rows[0])
    batch = pa.Table.from_pylist(list(rows))
    names = ", ".join(f'"{c}"' for c in columns)
    con.register("_batch_rows", batch)
    try:
        con.execute(f'INSERT INTO "{table}" ({names}) SELECT {names} FROM _batch_rows')
    finally:
        con.unregister("_batch_rows")


def _drop_if_orphan(con: duckdb.DuckDBPyConnection, doc_id: str) -> None:
    # a changed file's old version goes, unless another path still holds the same bytes
    still = con.execute(
        "SELECT count(*) FROM files WHERE doc_id = ? AND status != 'failed'", [doc_id]
    ).fetchone()
    if still is not None and still[0] == 0:
        for table in FACT_TABLES:
            con.execute(f'DELETE FROM "{table}" WHERE doc_id = ?', [doc_id])
        con.execute("DELETE FROM documents WHERE id = ?", [doc_id])


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
    files_rows: list[dict[str, Any]] = []
    by_table: dict[str, list[dict[str, Any]]] = {}
    doc_ids: dict[str, None] = {}
    for path, records in items:
        tables: dict[str, list[dict[str, Any]]] = {}
        for record in records:
            table = _model_tables()[type(record)]
            tables.setdefault(table, []).append(_row(record, table))
        docs, failures = tables.get("documents", []), tables.get("failures", [])
        if len(docs) + len(failures) != 1:
            raise ValueError(
                f"{path}: expected one document or one failure, got {len(docs)} and {len(failures)}"
            )
        doc_id = docs[0]["id"] if docs else failures[0]["doc_id"]
        files_rows.append({"path": path, "doc_id": doc_id, "status": "loaded" if docs else "failed"})
        if docs and doc_id in doc_ids:
            continue  # the same bytes at a second path: one copy of the records
        if docs:
            doc_ids[doc_id] = None
        for table, rows in tables.items():
            by_table.setdefault(table, []).extend(rows)
    paths = [row["path"] for row in files_rows]
    if len(set(paths)) != len(paths):
        raise ValueError("a path appears twice in one batch")
    con.execute("BEGIN TRANSACTION")
    try:
        previous = con.execute(
            "SELECT path, doc_id FROM files WHERE list_contains(?::VARCHAR[], path)", [paths]
        ).fetchall()
        con.execute("DELETE FROM failures WHERE list_contains(?, path)", [paths])
        con.execute("DELETE FROM files WHERE list_contains(?, path)", [paths])
        _insert(con, "files", files_rows)
        new_ids = {row["path"]: row["doc_id"] for row in files_rows}
        for old_path, old_id in previous:
            if old_id != new_ids[old_path]:
                _drop_if_orphan(con, old_id)
        # only documents already in the warehouse have rows to replace (a new one skips the scans)
        ids = [
            r[0]
            for r in con.execute(
                "SELECT id FROM documents WHERE list_contains(?::VARCHAR[], id)", [list(doc_ids)]
            ).fetchall()
        ]
        if ids:
            for table in FACT_TABLES:
                con.execute(f'DELETE FROM "{table}" WHERE list_contains(?, doc_id)', [ids])
            con.execute("DELETE FROM documents WHERE list_contains(?, id)", [ids])
        for table, rows in by_table.items():
            _insert(con, table, rows)
        _upsert_canonical(con, by_table.get("entities", []))
        refresh_commitments(con)
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise


def _upsert_canonical(con: duckdb.DuckDBPyConnection, entities: Sequence[dict[str, Any]]) -> None:
    """Add the document's canonical entities; each keeps the name most of its mentions give it.

    The name does not depend on the order documents are loaded in ("UK" or "Uk", "FSE+" or "FSE"):
    the most frequent canonical name among the loaded mentions, ties broken by the text itself.
    """
    seen: dict[str, tuple[str, str, str | None]] = {}
    for e in entities:
        seen.setdefault(e["canonical_id"], (e["canonical_name"], e["label"], e.get("ipa_code")))
    if not seen:
        return
    existing = {
        r[0]
        for r in con.execute(
            "SELECT id FROM canonical_entities WHERE list_contains(?, id)", [list(seen)]
        ).fetchall()
    }
    rows = [
        {"id": k, "name": n, "label": lab, "ipa_code": code}
        for k, (n, lab, code) in seen.items()
        if k not in existing
    ]
    _insert(con, "canonical_entities", rows)
    con.execute(
        """
        UPDATE canonical_entities c SET name = best.name
        FROM (
            SELECT canonical_id, arg_max(canonical_name, (n, canonical_name)) AS name
            FROM (SELECT canonical_id, canonical_name, count(*) AS n FROM entities
                  WHERE canonical_id IN (SELECT unnest(?)) GROUP BY ALL)
            GROUP BY canonical_id
        ) best
        WHERE c.id = best.canonical_id AND c.name != best.name
        """,
        [list(seen)],
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
