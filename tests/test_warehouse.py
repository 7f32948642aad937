"""The warehouse's file format, bulk loading and Italian full-text search."""

from __future__ import annotations

import logging
import shutil
from decimal import Decimal
from pathlib import Path

import pytest

from pipeline import stages, store
from schemas import Document, Entity

OLD = Path(__file__).resolve().parent / "fixtures" / "warehouse-v0.1.0"


def _doc(doc_id: str, text: str, path: str, title: str | None = None) -> Document:
    return Document(
        id=doc_id,
        path=path,
        format="text",
        size_bytes=len(text),
        text=text,
        title=title,
        pipeline_version="1",
    )


def _entity(doc_id: str, start: int = 0) -> Entity:
    return Entity(
        doc_id=doc_id,
        start=start,
        end=start + 7,
        text="Regione",
        label="ORG",
        canonical_id="ORG:regione",
        canonical_name="Regione",
    )


def test_a_warehouse_in_duckdb_2_format_is_set_aside_and_rebuilt(tmp_path, caplog):
    shutil.copytree(OLD, tmp_path / "old")
    settings = stages.Settings(
        raw_dir=tmp_path / "old" / "raw",
        out_dir=tmp_path / "old" / "extracted",
        db_path=tmp_path / "old" / "pipeline.duckdb",
    )
    with pytest.raises(store.UnreadableFormat, match="cannot read"):
        store.open_reader(settings.db_path)
    with caplog.at_level(logging.INFO, logger="pipeline"):
        summary = stages.run(settings)
    backup = settings.db_path.with_name("pipeline.duckdb.v2-backup")
    assert backup.read_bytes() == (OLD / "pipeline.duckdb").read_bytes()
    assert any(
        "unreadable-format" in r.getMessage() and "v2-backup" in r.getMessage() for r in caplog.records
    )
    # the JSONL records are the source of truth: the warehouse is rebuilt from them, nothing is lost;
    # they were made by the older release, so the documents are then extracted again
    assert (summary.new, summary.reextracted, summary.ok, summary.failed) == (0, 2, 2, 0)
    con = store.open_reader(settings.db_path)
    try:
        paths = store.query(con, "SELECT path FROM files WHERE status = 'loaded' ORDER BY path").rows
        amounts = store.query(con, "SELECT count(*) FROM amounts").rows[0][0]
        version = store.query(con, "SELECT library_version FROM pragma_version()").rows[0][0]
    finally:
        con.close()
    assert [p for (p,) in paths] == sorted(p.name for p in (OLD / "raw").iterdir())
    assert amounts > 0
    assert version.startswith("v1.5")


def test_a_batch_is_loaded_whole_or_not_at_all(db):
    good = [_doc("a" * 64, "Regione Lombardia", "a.txt"), _entity("a" * 64)]
    bad = [_doc("b" * 64, "Regione Veneto", "b.txt"), _entity("b" * 64), _entity("b" * 64)]  # same key twice
    with pytest.raises(store.LoadError):
        store.load_documents(db, [("a.txt", good), ("b.txt", bad)])
    assert db.execute("SELECT count(*) FROM documents").fetchone() == (0,)
    info = stages.load(
        [stages.Outcome("a.txt", "a" * 64, good), stages.Outcome("b.txt", "b" * 64, bad)], [], db
    )
    assert info.loaded == 1
    assert [(f.path, f.code) for f in info.failed] == [("b.txt", "E301")]
    assert db.execute("SELECT id FROM documents").fetchall() == [("a" * 64,)]
    assert db.execute("SELECT count(*) FROM entities").fetchone() == (1,)


def test_bulk_load_keeps_types_and_one_copy_of_shared_bytes(db):
    doc = _doc("c" * 64, "Regione Lombardia 2021", "c.txt")
    store.load_documents(db, [("c.txt", [doc, _entity("c" * 64)]), ("copy/c.txt", [doc, _entity("c" * 64)])])
    assert db.execute("SELECT count(*) FROM documents").fetchone() == (1,)
    assert db.execute("SELECT count(*) FROM files WHERE status = 'loaded'").fetchone() == (2,)
    assert db.execute("SELECT count(*) FROM entities").fetchone() == (1,)
    assert db.execute("SELECT typeof(size_bytes), ocr FROM documents").fetchone() == ("BIGINT", False)
    assert Decimal(22) == db.execute("SELECT sum(size_bytes) FROM documents").fetchone()[0]


@pytest.fixture
def searchable(tmp_path: Path) -> Path:
    db_path = tmp_path / "w.duckdb"
    texts = {
        "contributi.txt": "La Regione eroga contributi alle imprese della città di Milano per l'idrogeno.",
        "contributo.txt": "Il contributo a fondo perduto copre il 50% delle spese.",
        "altro.txt": "Un accordo tra università e imprese sul trasferimento tecnologico.",
    }
    with store.open_writer(db_path) as con:
        store.load_documents(
            con, [(p, [_doc(str(i) * 64, t, p, title=p.upper())]) for i, (p, t) in enumerate(texts.items())]
        )
    return db_path


def _search(db_path: Path, query: str) -> list[tuple[object, ...]]:
    con = store.open_reader(db_path)
    try:
        return store.query(con, "SELECT * FROM search(?)", [query]).rows
    finally:
        con.close()


def test_search_stems_italian_words(searchable):
    rows = _search(searchable, "contributo")
    assert sorted(r[0] for r in rows) == ["contributi.txt", "contributo.txt"]
    assert all(isinstance(r[3], float) and r[3] > 0 for r in rows)
    assert rows[0][1] in {"CONTRIBUTI.TXT", "CONTRIBUTO.TXT"}


def test_search_folds_accents_and_ignores_stopwords(searchable):
    assert [r[0] for r in _search(searchable, "citta")] == ["contributi.txt"]
    assert [r[0] for r in _search(searchable, "Università")] == ["altro.txt"]
    assert _search(searchable, "della") == []


def test_search_snippet_shows_the_match(searchable):
    [row] = _search(searchable, "idrogeno")
    assert row[2] is None and "idrogeno" in row[4]
