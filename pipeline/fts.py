"""Italian full-text search over document text: the index, its stopwords and the `search` macro.

The SQL runs on a connection that pipeline.store opens (only store imports duckdb). The index uses
the DuckDB `fts` extension shipped by the `duckdb-extension-fts` package (BM25, Snowball Italian
stemmer, accents folded, lower case, our stopword list in pipeline/lang/it/stopwords.txt).
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from pipeline.lang import data_path

SNIPPET_BEFORE, SNIPPET_LENGTH = 80, 240


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


SEARCH_MACRO = f"""
CREATE OR REPLACE MACRO search(query) AS TABLE
WITH terms AS (
    SELECT DISTINCT stem(w, 'italian') AS t
    FROM (SELECT unnest(string_split_regex(lower(strip_accents(query)), '[^a-z0-9]+')) AS w)
    WHERE w <> '' AND w NOT IN (SELECT sw FROM fts_stopwords)
),
hits AS (
    SELECT id, fts_main_documents.match_bm25(id, query) AS score FROM documents
),
ranked AS (
    SELECT d.raw_path AS path, d.title, d.publication_date AS date, h.score, d.text,
           (SELECT min(nullif(instr(lower(strip_accents(d.text)), t), 0)) FROM terms) AS hit_at
    FROM hits h JOIN active_documents d ON d.id = h.id
    WHERE h.score IS NOT NULL
)
SELECT path, title, date, round(score, 4) AS score,
       trim(regexp_replace(
           substr(text, greatest(1, coalesce(hit_at, 1) - {SNIPPET_BEFORE}), {SNIPPET_LENGTH}),
           '\\s+', ' ', 'g'
       )) AS snippet
FROM ranked
ORDER BY score DESC, path
"""


def rebuild(con: Any) -> None:
    """(Re)build the index over `documents` and the `search(query)` macro; run after each load."""
    con.execute("CREATE OR REPLACE TABLE fts_stopwords (sw VARCHAR)")
    con.executemany("INSERT INTO fts_stopwords VALUES (?)", [[w] for w in stopwords()])
    con.execute(
        "PRAGMA create_fts_index('documents', 'id', 'title', 'text', stemmer = 'italian', "
        "stopwords = 'fts_stopwords', ignore = '(\\.|[^a-z0-9])+', strip_accents = 1, lower = 1, "
        "overwrite = 1)"
    )
    con.execute(SEARCH_MACRO)
