"""Safe reruns: a mistyped or emptied raw folder, mass removals, returning files, retries, new versions."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from pipeline import cli, files, stages, store
from schemas import SCHEMA_VERSION

SEED_000 = "2021-07-09-polimi-poliqu-accordo-regione.md"
UPGRADE_FIXTURE = Path(__file__).resolve().parent / "fixtures" / "warehouse-v0.1.0"


def _query(db_path, sql, params=()):
    con = store.open_reader(db_path)
    try:
        return con.execute(sql, list(params)).fetchall()
    finally:
        con.close()


def _statuses(settings):
    return dict(_query(settings.db_path, "SELECT path, status FROM files"))


def test_a_mistyped_raw_folder_is_an_error_and_removes_nothing(capsys, settings, monkeypatch):
    stages.run(settings)
    before = _statuses(settings)
    typo = settings.raw_dir.with_name("rwa")
    args = ["--out", str(settings.out_dir), "--db", str(settings.db_path)]
    assert cli.main(["run", "--raw", str(typo), *args]) == cli.EXIT_ABORTED
    err = capsys.readouterr().err
    assert "does not exist" in err and "nothing was marked removed" in err
    assert _statuses(settings) == before
    assert set(before.values()) == {"loaded"}


def test_an_empty_raw_folder_is_refused_unless_removals_are_allowed(settings):
    stages.run(settings)
    empty = settings.raw_dir.with_name("empty")
    empty.mkdir()
    moved = stages.Settings(raw_dir=empty, out_dir=settings.out_dir, db_path=settings.db_path)
    with pytest.raises(stages.RemovalRefused, match="is empty"):
        stages.run(moved)
    assert set(_statuses(settings).values()) == {"loaded"}
    allowed = stages.Settings(
        raw_dir=empty, out_dir=settings.out_dir, db_path=settings.db_path, allow_removals=True
    )
    assert stages.run(allowed).removed == 5


def test_more_than_half_of_the_files_gone_is_refused_without_allow_removals(settings):
    stages.run(settings)
    gone = sorted(settings.raw_dir.iterdir())[:3]
    for path in gone:
        path.unlink()
    with pytest.raises(stages.RemovalRefused, match="3 of the 5 files"):
        stages.run(settings)
    assert set(_statuses(settings).values()) == {"loaded"}
    allowed = stages.Settings(settings.raw_dir, settings.out_dir, settings.db_path, allow_removals=True)
    stages.run(allowed)
    assert sorted(p for p, s in _statuses(settings).items() if s == "removed") == [p.name for p in gone]


def test_a_file_that_comes_back_reuses_its_records(settings):
    stages.run(settings)
    kept = settings.raw_dir.parent / "kept.md"
    shutil.move(settings.raw_dir / SEED_000, kept)
    assert stages.run(settings).removed == 1
    # its records stay in extracted/ while it is away
    assert len(files.list_extracted(settings.out_dir)) == 5
    shutil.move(kept, settings.raw_dir / SEED_000)
    outcomes: list[stages.Outcome] = []
    summary = stages.run(settings, lambda o, done, total: outcomes.append(o))
    assert (summary.new, summary.ok) == (1, 1)
    assert [o.ms for o in outcomes] == [{"reused": 1.0, "write": outcomes[0].ms["write"]}]
    assert _statuses(settings)[SEED_000] == "loaded"


def test_failed_files_are_retried_on_request(settings):
    bad = settings.raw_dir / "broken.html"
    bad.write_bytes(b"<html><script>x()</script></html>")
    assert stages.run(settings).failed == 1
    with stages.DocumentWorker(settings.limits) as worker:
        again = stages.run(settings, worker=worker)
    assert worker.starts == 0, "failed files are not retried by default"
    assert (again.unchanged, again.reextracted) == (6, 0)
    retry = stages.Settings(settings.raw_dir, settings.out_dir, settings.db_path, retry_failed=True)
    summary = stages.run(retry)
    assert (summary.reextracted, summary.failed) == (1, 1)
    assert [f.code for f in summary.failures] == ["E107"]


def test_documents_of_another_pipeline_version_are_extracted_again(settings):
    stages.run(settings)
    with store.run_lock(settings.db_path), store.open_writer(settings.db_path) as writer:
        writer.execute("UPDATE documents SET pipeline_version = '0.0.1' WHERE path = ?", [SEED_000])
    summary = stages.run(settings)
    assert (summary.reextracted, summary.unchanged, summary.ok) == (1, 4, 1)
    [(version,)] = _query(
        settings.db_path, "SELECT pipeline_version FROM documents WHERE path = ?", [SEED_000]
    )
    assert version == stages.PIPELINE_VERSION


def test_pipeline_load_and_verbose_after_the_subcommand(capsys, seed_run, tmp_path):
    settings, _ = seed_run
    db = tmp_path / "again.duckdb"
    assert cli.main(["load", "-v", "--out", str(settings.out_dir), "--db", str(db)]) == cli.EXIT_OK
    assert "5 documents loaded" in capsys.readouterr().out
    assert _query(db, "SELECT count(*) FROM documents") == [(5,)]


def test_a_warehouse_made_by_release_0_1_0_is_upgraded_in_place(tmp_path):
    work = tmp_path / "old"
    shutil.copytree(UPGRADE_FIXTURE, work)
    settings = stages.Settings(work / "raw", work / "extracted", work / "pipeline.duckdb")
    old_ids = {p.stem for p in files.list_extracted(settings.out_dir)}
    # release 0.1.0 wrote DuckDB 2.0's format, which this DuckDB cannot open: the run sets the file
    # aside and rebuilds the warehouse from extracted/, whose records say which release made them
    with pytest.raises(store.UnreadableFormat):
        store.open_reader(settings.db_path)
    versions = {
        json.loads(p.read_text(encoding="utf-8").splitlines()[0])["pipeline_version"]
        for p in files.list_extracted(settings.out_dir)
    }
    assert versions == {"0.1.0"}
    summary = stages.run(settings)
    assert settings.db_path.with_name("pipeline.duckdb.v2-backup").exists()
    assert (summary.reextracted, summary.ok, summary.failed, summary.removed) == (2, 2, 0, 0)
    rows = _query(
        settings.db_path,
        "SELECT path, language, pipeline_version, schema_version, publication_date"
        " FROM documents ORDER BY path",
    )
    assert [(r[1], r[2], r[3]) for r in rows] == [("it", stages.PIPELINE_VERSION, SCHEMA_VERSION)] * 2
    assert str(rows[1][4]) == "2021-07-09"
    assert _query(settings.db_path, "SELECT count(*) FROM active_documents") == [(2,)]
    assert _query(settings.db_path, "SELECT count(*) FROM amounts_by_document") == [(4,)]
    # extracted/ holds the new records under the same ids, none of the old version left
    assert {p.stem for p in files.list_extracted(settings.out_dir)} == old_ids
    for path in files.list_extracted(settings.out_dir):
        first = json.loads(path.read_text(encoding="utf-8").splitlines()[0])
        assert (first["pipeline_version"], first["schema_version"]) == (
            stages.PIPELINE_VERSION,
            SCHEMA_VERSION,
        )
    # and the next run has nothing left to do
    with stages.DocumentWorker(settings.limits) as worker:
        again = stages.run(settings, worker=worker)
    assert worker.starts == 0, "nothing is left to extract"
    assert (again.unchanged, again.reextracted) == (2, 0)


def test_pipeline_load_upgrades_an_old_warehouse_from_old_records(tmp_path):
    work = tmp_path / "old"
    shutil.copytree(UPGRADE_FIXTURE, work)
    assert cli.main(["load", "--out", str(work / "extracted"), "--db", str(work / "pipeline.duckdb")]) == 0
    con = store.open_reader(work / "pipeline.duckdb")
    try:
        assert {"language", "modified_date", "tags"} <= set(store.table_columns(con, "documents"))
        assert con.execute("SELECT count(*) FROM active_documents").fetchone() == (2,)
    finally:
        con.close()
