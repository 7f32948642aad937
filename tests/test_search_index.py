"""The full-text index kept document by document: its scores are those of the DuckDB `fts` extension's
index over the same documents, a run indexes only what it loaded, and what leaves `documents` leaves
the index."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import duckdb
import pytest

from pipeline import fts, store
from schemas import Document

CASES = Path(__file__).resolve().parent / "gold" / "funding-cases" / "cases.jsonl"
# the extension's index as releases before this one made it (the reference the scores must equal)
EXTENSION_INDEX = (
    "PRAGMA create_fts_index('documents', 'id', 'title', 'text', stemmer = 'italian', "
    "stopwords = 'fts_stopwords', ignore = '(\\.|[^a-z0-9])+', strip_accents = 1, lower = 1, overwrite = 1)"
)
# what folding, lower case and splitting must treat alike whether the text is cut at spaces first or not
HARD_TEXTS = [
    "L’Università di Bari — città «più» bella!  café\u0301 E\u0300 perché\u00a0così\tbene\nDELL'IDROGENO",
    "ﬁne Straße İstanbul ΣΊΣΥΦΟΣ 1.000.000 € 2021-2027 <\u0338 x\u0301\u0301y  …  l'11,5%",
    "della il la di",  # stopwords only: a document without terms
    "",
]
QUERIES = [
    "contributo",
    "contributi regionali",
    "citta",
    "Università",
    "della",  # a stopword, whose stem is also the stem of "dell'"
    "dell'idrogeno",
    "milioni di euro",
    "2021",
    "fine",
    "istanbul strasse",
    "cafe",
    "x y",
    "PNRR M4C2",
    "",
]


def _doc(n: int, text: str, title: str | None = None) -> Document:
    return Document(
        id=f"{n:064d}",
        path=f"d{n:03d}.txt",
        format="text",
        size_bytes=len(text),
        text=text,
        title=title,
        pipeline_version="1",
    )


def _texts() -> list[str]:
    lines = CASES.read_text(encoding="utf-8").splitlines()
    return [json.loads(line)["text"] for line in lines[:60]] + HARD_TEXTS


def _queries(texts: list[str]) -> list[str]:
    words = [w for t in texts[:20] for w in re.findall(r"\w+", t)]
    return QUERIES + [" ".join(words[i : i + 1 + i % 3]) for i in range(0, len(words), 37)]


def _load(db_path: Path, docs: dict[str, Document]) -> None:
    with store.open_writer(db_path) as con:
        store.load_documents(con, [(p, [d]) for p, d in docs.items()])


def _search(con: duckdb.DuckDBPyConnection, query: str) -> list[tuple[object, ...]]:
    return con.execute("SELECT path, score FROM search(?)", [query]).fetchall()


def _reference(db_path: Path, tmp_path: Path, queries: list[str]) -> dict[str, list[tuple[object, ...]]]:
    """path and score of each query's hits, ranked, by the extension's index over the same documents."""
    copy = tmp_path / "reference.duckdb"
    shutil.copyfile(db_path, copy)
    con = duckdb.connect(str(copy))
    try:
        fts.load_extension(con)
        con.execute(EXTENSION_INDEX)
        sql = """
            SELECT raw_path, round(score, 4) AS s FROM (
                SELECT raw_path, fts_main_documents.match_bm25(id, ?) AS score FROM active_documents
            ) WHERE score IS NOT NULL ORDER BY s DESC, raw_path
        """
        return {q: con.execute(sql, [q]).fetchall() for q in queries}
    finally:
        con.close()


def _index(db_path: Path) -> tuple[set[tuple[object, ...]], set[tuple[object, ...]]]:
    con = store.open_reader(db_path)
    try:
        docs = set(con.execute("SELECT doc_id, len FROM fts_docs").fetchall())
        terms = set(
            con.execute("SELECT doc_id, term, tf FROM fts_terms JOIN fts_docs USING (docid)").fetchall()
        )
        return docs, terms
    finally:
        con.close()


@pytest.fixture
def loaded(tmp_path: Path) -> tuple[Path, list[str]]:
    """A warehouse loaded in two runs; the second replaces one file's bytes and removes another file."""
    texts = _texts()
    docs = {f"d{n:03d}.txt": _doc(n, t, title=t[:40] if n % 3 else None) for n, t in enumerate(texts)}
    db_path = tmp_path / "w.duckdb"
    paths = list(docs)
    _load(db_path, {p: docs[p] for p in paths[:30]})
    with store.open_writer(db_path) as con:
        store.load_documents(con, [(p, [docs[p]]) for p in paths[30:]])
        replaced = _doc(999, "Un testo nuovo: il contributo regionale all'idrovolantistica verde.")
        store.load_documents(con, [("d001.txt", [replaced])])
        store.mark_removed(con, "d002.txt")
    return db_path, texts


def test_scores_equal_the_extension_index_over_the_same_documents(loaded, tmp_path):
    db_path, texts = loaded
    queries = _queries(texts)
    expected = _reference(db_path, tmp_path, queries)
    con = store.open_reader(db_path)
    try:
        got = {q: _search(con, q) for q in queries}
    finally:
        con.close()
    assert sum(len(rows) for rows in expected.values()) > 200  # the queries find something
    assert got == expected


def test_a_run_indexes_what_it_loaded_and_equals_a_full_index(loaded):
    db_path, _ = loaded
    docs, terms = _index(db_path)
    con = store.open_reader(db_path)
    try:
        ids = {doc_id for (doc_id,) in con.execute("SELECT id FROM documents").fetchall()}
        # the old bytes of d001.txt left `documents`, and the index; the removed file's document stays
        assert f"{1:064d}" not in ids and f"{999:064d}" in ids and f"{2:064d}" in ids
        assert [p for p, _ in _search(con, "idrovolantistica")] == ["d001.txt"]
    finally:
        con.close()
    assert {doc_id for doc_id, _ in docs} == ids
    assert f"{1:064d}" not in {doc_id for doc_id, _, _ in terms}
    # the same documents indexed from scratch, in one run
    with store.open_writer(db_path) as con:
        con.execute("DELETE FROM fts_version")
    assert _index(db_path) == (docs, terms)


def test_a_run_without_changes_leaves_the_index_as_it_is(loaded):
    db_path, _ = loaded
    before = _index(db_path)
    con = store.open_reader(db_path)
    docids = con.execute("SELECT doc_id, docid FROM fts_docs ORDER BY docid").fetchall()
    con.close()
    with store.open_writer(db_path):
        pass
    con = store.open_reader(db_path)
    try:
        assert con.execute("SELECT doc_id, docid FROM fts_docs ORDER BY docid").fetchall() == docids
    finally:
        con.close()
    assert _index(db_path) == before


def test_a_document_without_terms_counts_in_the_lengths(loaded):
    db_path, _ = loaded
    con = store.open_reader(db_path)
    try:
        lengths = dict(con.execute("SELECT doc_id, len FROM fts_docs").fetchall())
    finally:
        con.close()
    n = len(_texts())
    assert lengths[f"{n - 1:064d}"] == 0 and lengths[f"{n - 2:064d}"] == 0  # empty; only stopwords


def test_a_warehouse_with_the_extension_index_gets_the_new_one(tmp_path):
    db_path = tmp_path / "w.duckdb"
    _load(db_path, {"a.txt": _doc(1, "Il contributo della Regione"), "b.txt": _doc(2, "Altro testo")})
    con = duckdb.connect(str(db_path))  # as an earlier release left it
    fts.load_extension(con)
    con.execute("DROP TABLE fts_docs; DROP TABLE fts_terms; DROP TABLE fts_version")
    con.execute(EXTENSION_INDEX)
    con.close()
    _load(db_path, {"c.txt": _doc(3, "Contributi regionali")})
    con = store.open_reader(db_path)
    try:
        schemas = con.execute("SELECT schema_name FROM duckdb_schemas() WHERE schema_name LIKE 'fts%'")
        assert schemas.fetchall() == []
        assert [p for p, _ in _search(con, "contributo")] == ["a.txt", "c.txt"]
        assert con.execute("SELECT count(*) FROM fts_docs").fetchone() == (3,)
    finally:
        con.close()


def test_other_stopwords_index_everything_again(tmp_path, monkeypatch):
    db_path = tmp_path / "w.duckdb"
    _load(
        db_path, {"a.txt": _doc(1, "Il contributo della Regione"), "b.txt": _doc(2, "Regione e contributi")}
    )
    con = store.open_reader(db_path)
    assert [p for p, _ in _search(con, "regione")] == ["a.txt", "b.txt"]
    con.close()
    monkeypatch.setattr(fts, "stopwords", lambda: ["regione"])
    with store.open_writer(db_path):
        pass
    con = store.open_reader(db_path)
    try:
        assert _search(con, "regione") == []
        assert _search(con, "della")[0][0] == "a.txt"
        assert con.execute("SELECT version FROM fts_version").fetchall() == [(fts.version(),)]
    finally:
        con.close()


def test_a_document_extracted_again_is_indexed_again(tmp_path):
    # the same bytes (same id) with a new text, as a newer release's reader gives it
    db_path = tmp_path / "w.duckdb"
    _load(db_path, {"a.txt": _doc(1, "Il vecchio testo parla di ferrovie"), "b.txt": _doc(2, "Altro")})
    _load(db_path, {"a.txt": _doc(1, "Il nuovo testo parla di idrogeno")})
    con = store.open_reader(db_path)
    try:
        assert _search(con, "ferrovie") == []
        assert [p for p, _ in _search(con, "idrogeno")] == ["a.txt"]
        assert con.execute("SELECT count(*) FROM fts_docs").fetchone() == (2,)
    finally:
        con.close()
