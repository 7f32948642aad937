from __future__ import annotations

import logging
import subprocess
import sys
import time
from decimal import Decimal

import duckdb
import pytest

from pipeline import store
from schemas import Amount, DateMention, Document, Entity, Failure, FundingFact, Percent, Table

DOC_ID = "d" * 64
TEXT = "Regione Lombardia stanzia 13,5 milioni di euro il 9 luglio 2021."


def _document(doc_id=DOC_ID, text=TEXT, path="a.md"):
    return Document(
        id=doc_id, path=path, format="markdown", size_bytes=len(text), text=text, pipeline_version="1"
    )


def _records(doc_id=DOC_ID, path="a.md"):
    return [
        _document(doc_id, path=path),
        Entity(
            doc_id=doc_id,
            start=0,
            end=17,
            text="Regione Lombardia",
            label="ORG",
            canonical_id="ORG:regione-lombardia",
            canonical_name="Regione Lombardia",
        ),
        Amount(
            doc_id=doc_id,
            start=26,
            end=46,
            text="13,5 milioni di euro",
            value=Decimal("13500000"),
            currency="EUR",
            explicit_currency=True,
            sentence=TEXT,
            sentence_start=0,
        ),
        DateMention(
            doc_id=doc_id, start=50, end=63, text="9 luglio 2021", value="2021-07-09", granularity="day"
        ),
        _funding(doc_id),
    ]


def _funding(doc_id=DOC_ID, commitment="c1", counts=True, start=26, text=TEXT, value="13500000"):
    quote = text[start : start + 20]
    return FundingFact(
        doc_id=doc_id,
        start=start,
        end=start + len(quote),
        text=quote,
        value=Decimal(value),
        currency="EUR",
        funding_kind="allocation",
        funder="Regione Lombardia",
        recipients=["università lombarde"],
        date="2021-07-09",
        date_basis="stated",
        counts_in_total=counts,
        commitment_id=commitment,
        sentence=text,
    )


@pytest.mark.parametrize("model", list(store.MODEL_TABLES), ids=lambda m: m.__name__)
def test_table_columns_equal_model_fields(db, model):
    table = store.MODEL_TABLES[model]
    fields = [f for f in model.model_fields if f != "kind"]
    extra = list(store.BOOKKEEPING.get(table, ()))
    assert store.table_columns(db, table) == fields + extra


def test_load_document_inserts_every_record(db):
    store.load_document(db, "a.md", _records())
    assert db.execute("SELECT value, sentence_start FROM amounts").fetchall() == [(Decimal("13500000"), 0)]
    assert db.execute("SELECT path, status FROM files").fetchall() == [("a.md", "loaded")]
    assert db.execute("SELECT id, name, label FROM canonical_entities").fetchall() == [
        ("ORG:regione-lombardia", "Regione Lombardia", "ORG")
    ]


def test_load_document_twice_changes_nothing(db):
    store.load_document(db, "a.md", _records())
    before = db.execute("SELECT * FROM entities ORDER BY start").fetchall()
    store.load_document(db, "a.md", _records())
    assert db.execute("SELECT * FROM entities ORDER BY start").fetchall() == before
    assert db.execute("SELECT count(*) FROM amounts").fetchone() == (1,)


def test_load_changed_file_replaces_the_old_version(db):
    store.load_document(db, "a.md", _records())
    new_id = "e" * 64
    store.load_document(db, "a.md", [_document(new_id)])
    assert db.execute("SELECT id FROM documents").fetchall() == [(new_id,)]
    assert db.execute("SELECT count(*) FROM amounts").fetchone() == (0,)


def test_load_failure_then_fixed_file_clears_the_failure(db):
    failure = Failure(doc_id="f" * 64, path="a.md", stage="read", code="E100", message="E100: empty")
    store.load_document(db, "a.md", [failure])
    assert db.execute("SELECT code FROM failures").fetchall() == [("E100",)]
    store.load_document(db, "a.md", _records())
    assert db.execute("SELECT count(*) FROM failures").fetchone() == (0,)


def test_load_document_rolls_back_on_error_and_keeps_the_previous_version(db):
    store.load_document(db, "a.md", _records())
    broken = [
        *_records(),
        Percent(doc_id=DOC_ID, start=0, end=7, text="Regione", value=Decimal(1)),
        Percent(doc_id=DOC_ID, start=0, end=7, text="Regione", value=Decimal(2)),
    ]  # duplicate key
    with pytest.raises(duckdb.ConstraintException):
        store.load_document(db, "a.md", broken)
    assert db.execute("SELECT count(*) FROM amounts").fetchone() == (1,)
    assert db.execute("SELECT count(*) FROM percents").fetchone() == (0,)


def test_mark_removed_hides_the_document_from_the_views_but_keeps_its_records(db):
    store.load_document(db, "a.md", _records())
    store.mark_removed(db, "a.md")
    assert db.execute("SELECT status FROM files").fetchall() == [("removed",)]
    assert db.execute("SELECT count(*) FROM amounts_by_document").fetchone() == (0,)
    assert db.execute("SELECT count(*) FROM amounts").fetchone() == (1,)


def test_amount_cooccurrences_pair_amounts_with_organisations_in_the_sentence(db):
    store.load_document(db, "a.md", _records())
    rows = db.execute("SELECT organisation, currency, value FROM amount_cooccurrences").fetchall()
    assert rows == [("Regione Lombardia", "EUR", Decimal("13500000"))]
    views = {r[0] for r in db.execute("SELECT view_name FROM duckdb_views()").fetchall()}
    assert "totals_by_organisation" not in views and "amount_organisations" not in views


def test_documents_mentioning_finds_a_term_case_insensitively(db):
    store.load_document(db, "a.md", _records())
    assert db.execute("SELECT path, hits FROM documents_mentioning('lombardia')").fetchall() == [("a.md", 1)]
    assert db.execute("SELECT count(*) FROM documents_mentioning('idrogeno')").fetchone() == (0,)


def test_table_rows_keep_empty_cells(db):
    store.load_document(db, "a.md", [_document(), Table(doc_id=DOC_ID, page=1, index=0, rows=[["a", None]])])
    assert db.execute("SELECT rows FROM doc_tables").fetchone() == ([["a", None]],)


def test_open_writer_swaps_in_a_new_file_and_readers_keep_their_snapshot(tmp_path):
    path = tmp_path / "w.duckdb"
    with store.open_writer(path) as con:
        store.load_document(con, "a.md", _records())
    reader = store.open_reader(path)
    with store.open_writer(path) as con:
        store.mark_removed(con, "a.md")
    assert reader.execute("SELECT count(*) FROM active_documents").fetchone() == (1,)
    reader.close()
    fresh = store.open_reader(path)
    assert fresh.execute("SELECT count(*) FROM active_documents").fetchone() == (0,)
    fresh.close()


def test_open_writer_leaves_the_warehouse_untouched_when_the_block_fails(tmp_path):
    path = tmp_path / "w.duckdb"
    with store.open_writer(path) as con:
        store.load_document(con, "a.md", _records())
    with pytest.raises(RuntimeError), store.open_writer(path) as con:
        store.mark_removed(con, "a.md")
        raise RuntimeError("killed")
    reader = store.open_reader(path)
    assert reader.execute("SELECT status FROM files").fetchall() == [("loaded",)]
    reader.close()
    assert not path.with_name("w.duckdb.staging").exists()


def test_run_lock_refuses_a_second_holder_from_another_process(tmp_path):
    path = tmp_path / "w.duckdb"
    code = (
        f"import pathlib, sys\nfrom pipeline import store\n"
        f"try:\n    with store.run_lock(pathlib.Path({str(path)!r}), wait_seconds=0): pass\n"
        f"except store.StoreBusy as e:\n    print(e); sys.exit(7)\n"
    )
    with store.run_lock(path):
        proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert proc.returncode == 7
    assert "another run is loading" in proc.stdout
    free = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert free.returncode == 0


def test_reader_in_another_process_answers_while_a_writer_is_loading(tmp_path):
    path = tmp_path / "w.duckdb"
    with store.open_writer(path) as con:
        store.load_document(con, "a.md", _records())
    code = (
        f"import pathlib\nfrom pipeline import store\n"
        f"con = store.open_reader(pathlib.Path({str(path)!r}))\n"
        f"print(con.execute('SELECT count(*) FROM amounts').fetchone()[0])\n"
    )
    with store.open_writer(path) as con:
        store.mark_removed(con, "a.md")
        proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "1"


def test_same_bytes_at_two_paths_count_once(db):
    store.load_document(db, "a.md", _records())
    store.load_document(db, "copia/a.md", _records(path="copia/a.md"))
    assert db.execute("SELECT count(*) FROM active_documents").fetchone() == (1,)
    assert db.execute("SELECT total FROM money_by_funder").fetchone() == (Decimal("13500000"),)
    store.mark_removed(db, "a.md")
    assert db.execute("SELECT raw_path FROM active_documents").fetchall() == [("copia/a.md",)]


def test_one_commitment_reported_by_two_documents_counts_once_with_both_sources(db):
    other = "e" * 64
    store.load_document(db, "a.md", _records())
    store.load_document(db, "b.md", [_document(other, path="b.md"), _funding(other)])
    assert db.execute("SELECT sources, doc_ids FROM commitments").fetchall() == [(2, sorted([DOC_ID, other]))]
    assert db.execute("SELECT count(*) FROM funding").fetchone() == (2,)
    rows = db.execute("SELECT recipient, funder, year, total FROM money_by_recipient").fetchall()
    assert rows == [("università lombarde", "Regione Lombardia", 2021, Decimal("13500000"))]
    assert db.execute("SELECT year, total FROM money_by_year").fetchall() == [(2021, Decimal("13500000"))]


def test_money_views_leave_out_facts_that_do_not_count_and_removed_documents(db):
    text = "Regione Lombardia stanzia 13,5 milioni di euro il 9 luglio 2021. Bis: 13,5 milioni di euro."
    records = [
        _document(text=text),
        _funding(text=text),
        _funding(commitment="c2", counts=False, start=71, text=text),
    ]
    store.load_document(db, "a.md", records)
    assert db.execute("SELECT commitments, total FROM money_by_funder").fetchall() == [
        (1, Decimal("13500000"))
    ]
    store.mark_removed(db, "a.md")
    assert db.execute("SELECT count(*) FROM money_by_funder").fetchone() == (0,)
    assert db.execute("SELECT count(*) FROM funding_facts").fetchone() == (2,)


def test_a_second_run_says_that_it_waits_for_the_lock(tmp_path, caplog):
    db = tmp_path / "w.duckdb"
    logger = logging.getLogger("pipeline.store")
    logger.addHandler(caplog.handler)  # the CLI may have stopped "pipeline" from propagating
    try:
        with store.run_lock(db):
            started = time.monotonic()
            with pytest.raises(store.StoreBusy), store.run_lock(db, wait_seconds=0.5):
                pass
            assert time.monotonic() - started >= 0.5
    finally:
        logger.removeHandler(caplog.handler)
    # one message (caught once or twice, with or without propagation)
    [message] = {r.getMessage() for r in caplog.records if "waiting" in r.getMessage()}
    assert message.startswith(f"another run holds {db}; waiting for it up to 0.5 s")


def _doc_with_names(doc_id: str, names: list[str]) -> list:
    text = " ".join(names)
    records, at = (
        [
            Document(
                id=doc_id,
                path=f"{doc_id}.md",
                format="markdown",
                size_bytes=1,
                text=text,
                pipeline_version="t",
            )
        ],
        0,
    )
    for name in names:
        records.append(
            Entity(
                doc_id=doc_id,
                start=at,
                end=at + len(name),
                text=name,
                label="LOC",
                canonical_id="LOC:uk",
                canonical_name=name,
            )
        )
        at += len(name) + 1
    return records


@pytest.mark.parametrize("order", [("a", "b"), ("b", "a")])
def test_canonical_name_does_not_depend_on_load_order(db, order):
    docs = {"a": _doc_with_names("a", ["Uk"]), "b": _doc_with_names("b", ["UK", "UK"])}
    for key in order:
        store.load_document(db, f"{key}.md", docs[key])
    assert db.execute("SELECT name FROM canonical_entities WHERE id = 'LOC:uk'").fetchall() == [("UK",)]


def test_loading_binds_no_list_value_by_value(db, monkeypatch):
    # DuckDB looks for pandas at each value of a list parameter: a batch of ids would search the path
    # hundreds of times
    searched: list[str] = []

    class Counting:
        def find_spec(self, name, path=None, target=None):
            searched.append(name)
            return None

    monkeypatch.setattr(sys, "meta_path", [*sys.meta_path, Counting()])
    store.load_documents(db, [(f"{i}.md", _records(f"{i:064d}", f"{i}.md")) for i in range(30)])
    assert searched.count("pandas") < 30
