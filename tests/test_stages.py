from __future__ import annotations

import shutil
from decimal import Decimal
from pathlib import Path

from pipeline import files, stages, store
from pipeline.stages.documents import extract_text
from schemas import Document, Failure

SEED_000 = "2021-07-09-polimi-poliqu-accordo-regione.md"
RAW = Path(__file__).resolve().parent.parent / "raw"


def _query(settings, sql, params=()):
    con = store.open_reader(settings.db_path)
    try:
        return con.execute(sql, list(params)).fetchall()
    finally:
        con.close()


def test_run_loads_every_seed(seed_run):
    settings, summary = seed_run
    assert (summary.new, summary.ok, summary.failed) == (5, 5, 0)
    assert _query(settings, "SELECT count(*) FROM active_documents") == [(5,)]
    assert len(files.list_extracted(settings.out_dir)) == 5


def test_run_extracts_the_amounts_of_seed_000(seed_run):
    settings, _ = seed_run
    rows = _query(
        settings, "SELECT value, currency FROM amounts_by_document WHERE path = ? ORDER BY value", [SEED_000]
    )
    assert rows == [(Decimal("1687500"), "EUR"), (Decimal("4163400"), "EUR"), (Decimal("13500000"), "EUR")]


def test_run_records_the_publication_date_and_facts_with_provenance(seed_run):
    settings, _ = seed_run
    [(doc_id, pub, text)] = _query(
        settings, "SELECT id, publication_date, text FROM documents WHERE path = ?", [SEED_000]
    )
    assert str(pub) == "2021-07-09"
    for start, end, quote in _query(
        settings, 'SELECT start, "end", text FROM entities WHERE doc_id = ?', [doc_id]
    ):
        assert text[start:end] == quote


def test_second_run_over_the_same_raw_changes_nothing(seed_run):
    settings, _ = seed_run
    before = _query(settings, "SELECT count(*), sum(value) FROM amounts")
    with stages.DocumentWorker(settings.limits) as worker:
        again = stages.run(settings, worker=worker)
    assert worker.starts == 0, "the model must not load when nothing changed"
    assert (again.new, again.changed, again.unchanged, again.ok) == (0, 0, 5, 0)
    assert _query(settings, "SELECT count(*), sum(value) FROM amounts") == before


def test_changed_file_replaces_its_records(settings):
    stages.run(settings)
    path = settings.raw_dir / "note.md"
    path.write_text("Il bando vale 2 milioni di euro.\n", encoding="utf-8")
    stages.run(settings)
    path.write_text("Il bando vale 3 milioni di euro.\n", encoding="utf-8")
    summary = stages.run(settings)
    assert (summary.changed, summary.unchanged) == (1, 5)
    rows = _query(settings, "SELECT value FROM amounts_by_document WHERE path = 'note.md'")
    assert rows == [(Decimal("3000000"),)]
    # extracted/ mirrors raw/: the old version's file is gone
    assert len(files.list_extracted(settings.out_dir)) == 6


def test_removed_file_is_marked_removed_and_leaves_the_views(settings):
    stages.run(settings)
    (settings.raw_dir / SEED_000).unlink()
    summary = stages.run(settings)
    assert summary.removed == 1
    assert _query(settings, "SELECT status FROM files WHERE path = ?", [SEED_000]) == [("removed",)]
    assert _query(settings, "SELECT count(*) FROM amounts_by_document WHERE path = ?", [SEED_000]) == [(0,)]


def test_bad_files_become_failures_and_the_others_go_on(settings):
    (settings.raw_dir / "empty.pdf").write_bytes(b"")
    (settings.raw_dir / "photo.pdf").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(200))
    (settings.raw_dir / "notes.docx").write_bytes(b"PK\x03\x04" + bytes(50))
    summary = stages.run(settings)
    assert (summary.ok, summary.failed) == (5, 3)
    codes = dict(_query(settings, "SELECT path, code FROM failures"))
    assert set(codes) == {"empty.pdf", "photo.pdf", "notes.docx"}
    assert codes["empty.pdf"] == "E100"
    with stages.DocumentWorker(settings.limits) as worker:
        again = stages.run(settings, worker=worker)
    assert worker.starts == 0, "bad input is never retried"
    assert again.unchanged == 8


def test_symlink_outside_raw_is_refused(settings, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("Un milione di euro segreto.", encoding="utf-8")
    (settings.raw_dir / "link.txt").symlink_to(secret)
    stages.run(settings)
    assert _query(settings, "SELECT code FROM failures WHERE path = 'link.txt'") == [("E110",)]


def test_records_written_before_a_crash_are_loaded_without_parsing_again(settings):
    plan = stages.discover(settings)
    stages.extract(plan.todo, settings)  # extracted/ written, then the run "dies" before loading
    summary = stages.run(settings)
    assert summary.ok == 5
    assert _query(settings, "SELECT count(*) FROM active_documents") == [(5,)]


def _flaky(info, source, nlp):
    if info.path == SEED_000:
        raise ZeroDivisionError("boom")
    return extract_text(info, source, nlp)


def test_a_bug_on_one_document_becomes_an_e201_failure(settings):
    # the extraction of the worker process, with a bug on one document
    with stages.DocumentWorker(settings.limits, extract=_flaky) as worker:
        summary = stages.run(settings, worker=worker)
    assert (summary.ok, summary.failed) == (4, 1)
    [failure] = summary.failures
    assert (failure.code, failure.stage, failure.path) == ("E201", "extract", SEED_000)
    assert "ZeroDivisionError" in failure.message


def test_extract_file_reads_one_document(nlp):
    result = stages.extract_file(RAW / SEED_000, RAW, nlp)
    assert isinstance(result.document, Document)
    assert result.document.path == SEED_000
    assert result.document.id == files.hash_bytes((RAW / SEED_000).read_bytes())


def test_a_site_generators_post_gives_no_markup_for_names(nlp):
    cases = Path(__file__).resolve().parent / "cases"
    result = stages.extract_file(cases / "post-jekyll.md", cases, nlp)
    assert isinstance(result.document, Document)
    names = {(e.text, e.label) for e in result.entities}
    assert not [text for text, _ in names if set(text) & set("{}<>&%")]
    assert {("Carla Neri", "PER"), ("Unsplash", "ORG")} <= names
    assert [f.value for f in result.funding if f.counts_in_total] == [Decimal("30000000")]


def test_a_news_agency_dispatch_is_dated_and_its_month_is_no_name(nlp):
    cases = Path(__file__).resolve().parent / "cases"
    result = stages.extract_file(cases / "dispaccio-agenzia.txt", cases, nlp)
    assert isinstance(result.document, Document)
    assert str(result.document.publication_date) == "2025-03-04"
    assert "MAR" not in {e.text for e in result.entities}
    [fact] = result.funding
    assert (fact.funder, fact.date) == ("Regione Puglia", "2025-03-04")
    assert fact.programme != "MAR"


def test_extract_file_on_a_corrupt_pdf_returns_a_failure(tmp_path, nlp):
    bad = tmp_path / "broken.pdf"
    shutil.copy(RAW / SEED_000, bad)  # markdown bytes under a .pdf name
    result = stages.extract_file(bad, tmp_path, nlp)
    assert isinstance(result, Failure)
    assert result.stage == "read"


def test_reload_extracted_rebuilds_the_warehouse(seed_run, tmp_path):
    settings, _ = seed_run
    fresh = stages.Settings(
        raw_dir=settings.raw_dir, out_dir=settings.out_dir, db_path=tmp_path / "new.duckdb"
    )
    info = stages.reload_extracted(fresh)
    assert (info.loaded, info.failed) == (5, [])
    assert _query(fresh, "SELECT count(*) FROM amounts") == _query(settings, "SELECT count(*) FROM amounts")


def test_each_document_gets_one_canonical_log_line(settings, caplog):
    (settings.raw_dir / "empty.md").write_bytes(b"")
    with caplog.at_level("INFO", logger="pipeline"):
        stages.run(settings)
    lines = [r.fields for r in caplog.records if getattr(r, "event", None) == "document"]
    assert sorted(f["src"] for f in lines) == sorted(p.name for p in settings.raw_dir.iterdir())
    failed = [f for f in lines if f["status"] == "failed"]
    assert failed == [
        {"doc": failed[0]["doc"], "src": "empty.md", "status": "failed", "stage": "read", "code": "E100"}
    ]
    [run] = [r for r in caplog.records if getattr(r, "event", None) == "run"]
    assert (run.fields["ok"], run.fields["failed"]) == (5, 1)
    assert "status=ok" in caplog.text
