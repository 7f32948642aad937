"""Italian full-text search over document title and text: the index, its stopwords and the `search` macro.

The SQL runs on a connection that pipeline.store opens (only store imports duckdb). The index is kept
document by document: a run indexes the documents it loaded and drops those it deleted, so its cost
follows what changed, not the size of the warehouse.

    fts_docs       docid, doc_id, len: every document of `documents` and its number of terms
    fts_terms      docid, term, tf: the terms of each document and how often each occurs there
    fts_stopwords  sw: the stopwords (pipeline/lang/it/stopwords.txt)
    fts_version    version: what the index was made with; another version means a full re-index

A term is a word of the title or the text (accents folded, lower case, split at every character other
than a-z and 0-9), not a stopword, reduced by the Snowball Italian stemmer: `stem` of the DuckDB `fts`
extension, shipped by the `duckdb-extension-fts` package. `search(query)` ranks with BM25 computed at
query time from these tables with the formula and parameters of the extension's `match_bm25` (k = 1.2,
b = 0.75, idf = log10((N - df + 0.5) / (df + 0.5) + 1), lengths in terms), so it scores as an
extension index built over the same documents would.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from functools import cache
from pathlib import Path
from typing import Any

from pipeline.lang import data_path

SNIPPET_BEFORE, SNIPPET_LENGTH = 80, 240
K1, B = 1.2, 0.75
# what the index is made of: change it with the tokenizer, the stemmer or the tables, and the next run
# indexes every document again
INDEX_FORMAT = "1: fts_docs(docid, doc_id, len), fts_terms(docid, term, tf); [^a-z0-9]+ words, stem italian"


@cache
def extension_path() -> Path:
    """The fts extension file inside the duckdb-extension-fts package."""
    import duckdb_extension_fts

    [found] = sorted(Path(duckdb_extension_fts.__file__).parent.glob("extensions/*/fts.duckdb_extension"))
    return found


def load_extension(con: Any) -> None:
    """LOAD fts, installing it from the package's file the first time."""
    try:
        con.execute("LOAD fts")
    except Exception:  # not installed yet in this DuckDB's extension folder
        con.execute(f"INSTALL '{extension_path()}'")
        con.execute("LOAD fts")


def stopwords() -> list[str]:
    """The Italian stopwords, accents folded.

    >>> "della" in stopwords() and "contributo" not in stopwords()
    True
    """
    text = data_path("stopwords.txt").read_text(encoding="utf-8")
    return [w.strip() for w in text.splitlines() if w.strip() and not w.startswith("#")]


def version() -> str:
    """What an index is made with: its format and the stopwords."""
    return hashlib.sha256("\n".join([INDEX_FORMAT, *stopwords()]).encode()).hexdigest()[:16]


def words(text: str) -> str:
    """SQL: the list of words of the SQL string expression `text` ('' among them when it starts or ends
    with a separator)."""
    return f"string_split_regex(lower(strip_accents({text})), '[^a-z0-9]+')"


TABLES_DDL = """
CREATE TABLE IF NOT EXISTS fts_docs (docid INTEGER NOT NULL, doc_id VARCHAR NOT NULL, len BIGINT NOT NULL);
CREATE TABLE IF NOT EXISTS fts_terms (docid INTEGER NOT NULL, term VARCHAR NOT NULL, tf BIGINT NOT NULL);
CREATE TABLE IF NOT EXISTS fts_stopwords (sw VARCHAR);
CREATE TABLE IF NOT EXISTS fts_version (version VARCHAR NOT NULL);
"""

# the documents not indexed yet, numbered after the last docid (?)
NEW_DOCS = """
CREATE OR REPLACE TEMP TABLE _fts_new AS
SELECT CAST(? + row_number() OVER (ORDER BY d.id) AS INTEGER) AS docid, d.id AS doc_id
FROM documents d ANTI JOIN fts_docs f ON f.doc_id = d.id
"""

# Their terms. Folding accents and stemming cost far more than splitting, so the text is first cut at
# spaces (strip_accents and lower map each character on its own, a space to itself), then each distinct
# piece is split into words once and each distinct word stemmed once.
NEW_TERMS = f"""
INSERT INTO fts_terms
WITH pieces AS (
    SELECT n.docid, unnest(string_split(coalesce(d.title, '') || ' ' || d.text, ' ')) AS piece
    FROM _fts_new n JOIN documents d ON d.id = n.doc_id
),
piece_words AS (
    SELECT piece, unnest({words("piece")}) AS w FROM (SELECT DISTINCT piece FROM pieces)
),
stems AS (
    SELECT w, stem(w, 'italian') AS term
    FROM (SELECT DISTINCT w FROM piece_words WHERE w <> '' AND w NOT IN (SELECT sw FROM fts_stopwords))
),
piece_terms AS (
    SELECT pw.piece, s.term FROM piece_words pw JOIN stems s ON s.w = pw.w
)
SELECT p.docid, pt.term, count(*) AS tf
FROM pieces p JOIN piece_terms pt ON pt.piece = p.piece
GROUP BY p.docid, pt.term
"""

# their lengths (0 for a document without terms), from the terms just added (docid > ?)
NEW_LENGTHS = """
INSERT INTO fts_docs
SELECT n.docid, n.doc_id, coalesce(t.len, 0)
FROM _fts_new n
LEFT JOIN (SELECT docid, sum(tf) AS len FROM fts_terms WHERE docid > ? GROUP BY docid) t ON t.docid = n.docid
"""

SEARCH_MACRO = f"""
CREATE OR REPLACE MACRO search(query) AS TABLE
WITH query_words AS (
    SELECT unnest({words("query")}) AS w
),
-- every word of the query is looked up, as match_bm25 does: a stopword's stem may be a term
query_terms AS (
    SELECT DISTINCT stem(w, 'italian') AS term FROM query_words
),
-- the words that place the snippet
snippet_terms AS (
    SELECT DISTINCT stem(w, 'italian') AS t FROM query_words
    WHERE w <> '' AND w NOT IN (SELECT sw FROM fts_stopwords)
),
stats AS (
    SELECT count(*) AS num_docs, sum(len) / count(len) AS avgdl FROM fts_docs
),
matched AS (
    SELECT docid, term, tf FROM fts_terms WHERE term IN (SELECT term FROM query_terms)
),
df AS (
    SELECT term, count(*) AS df FROM matched GROUP BY term
),
hits AS (
    SELECT d.doc_id AS id,
           sum(log(((s.num_docs - df.df) + 0.5) / (df.df + 0.5) + 1)
               * ((m.tf * ({K1} + 1)) / (m.tf + {K1} * ((1 - {B}) + {B} * (d.len / s.avgdl)))))
               AS score
    FROM matched m JOIN df ON df.term = m.term JOIN fts_docs d ON d.docid = m.docid, stats s
    GROUP BY d.doc_id
),
ranked AS (
    SELECT d.raw_path AS path, d.title, d.publication_date AS date, h.score, d.text,
           (SELECT min(nullif(instr(lower(strip_accents(d.text)), t), 0)) FROM snippet_terms) AS hit_at
    FROM hits h JOIN active_documents d ON d.id = h.id
)
SELECT path, title, date, round(score, 4) AS score,
       trim(regexp_replace(
           substr(text, greatest(1, coalesce(hit_at, 1) - {SNIPPET_BEFORE}), {SNIPPET_LENGTH}),
           '\\s+', ' ', 'g'
       )) AS snippet
FROM ranked
ORDER BY score DESC, path
"""


def ensure_tables(con: Any) -> None:
    """The index tables, empty if missing (`update` fills them)."""
    con.execute(TABLES_DDL)


def forget(con: Any, doc_ids: str, params: Sequence[Any] = ()) -> None:
    """Drop from the index the documents of `doc_ids`, an SQL list or subquery (`(?)`, `(SELECT ...)`),
    as they are deleted from `documents`; one loaded again is indexed again by `update`."""
    con.execute(
        f"DELETE FROM fts_terms WHERE docid IN (SELECT docid FROM fts_docs WHERE doc_id IN {doc_ids})",
        list(params),
    )
    con.execute(f"DELETE FROM fts_docs WHERE doc_id IN {doc_ids}", list(params))


def update(con: Any) -> None:
    """Index the documents not indexed yet and (re)make the `search(query)` macro (the loader drops a
    deleted document's terms with `forget`, in the transaction that deletes it).

    Run at the end of each writing run, in one transaction: the index is complete when readers see it.
    An index made with other stopwords or another format (or the extension's index of earlier
    releases) is replaced by a full one.
    """
    con.execute("BEGIN TRANSACTION")
    try:
        ensure_tables(con)
        if con.execute("SELECT max(version) FROM fts_version").fetchone() != (version(),):
            _reset(con)
        [(last,)] = con.execute("SELECT coalesce(max(docid), 0) FROM fts_docs").fetchall()
        con.execute(NEW_DOCS, [last])
        con.execute(NEW_TERMS)
        con.execute(NEW_LENGTHS, [last])
        con.execute("DROP TABLE _fts_new")
        con.execute(SEARCH_MACRO)
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise


def _reset(con: Any) -> None:
    """Empty index tables with the current stopwords and version: every document gets indexed."""
    con.execute("DROP SCHEMA IF EXISTS fts_main_documents CASCADE")  # the extension's index, made before
    for table in ("fts_terms", "fts_docs", "fts_stopwords", "fts_version"):
        con.execute(f"DROP TABLE {table}")
    ensure_tables(con)
    con.execute("INSERT INTO fts_stopwords SELECT unnest(string_split(?, ' '))", [" ".join(stopwords())])
    con.execute("INSERT INTO fts_version VALUES (?)", [version()])
