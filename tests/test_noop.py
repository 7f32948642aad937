"""A rerun with nothing new is answered from the files and the warehouse, without the heavy stages."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline import cli, noop

OLD = Path(__file__).resolve().parent / "fixtures" / "warehouse-v0.1.0"


@pytest.fixture
def loaded(tmp_path: Path) -> tuple[Path, Path]:
    raw, out, db = tmp_path / "raw", tmp_path / "extracted", tmp_path / "w.duckdb"
    shutil.copytree(OLD / "raw", raw)
    shutil.copytree(OLD / "extracted", out)
    assert cli.main(["load", "--out", str(out), "--db", str(db)]) == 0
    return raw, db


def test_nothing_new_is_answered_without_pydantic_or_the_readers(loaded):
    raw, db = loaded
    assert noop.unchanged(raw, db) == 2
    code = (
        "import sys; from pipeline.cli import main;"
        "code = main(['run', '--raw', sys.argv[1], '--db', sys.argv[2]]);"
        "heavy = ('duckdb', 'pydantic', 'spacy', 'pypdfium2', 'trafilatura', 'prefect');"
        "print(sorted(m for m in heavy if m in sys.modules)); sys.exit(code)"
    )
    done = subprocess.run([sys.executable, "-c", code, str(raw), str(db)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0] == "0 new, 0 changed, 2 unchanged, 0 removed"
    assert lines[-1] == "[]"


def test_a_changed_new_or_removed_file_goes_to_the_full_run(loaded):
    raw, db = loaded
    first = sorted(raw.iterdir())[0]
    original = first.read_bytes()
    first.write_bytes(original + b"\nUna riga in piu.\n")
    assert noop.unchanged(raw, db) is None
    first.write_bytes(original)
    (raw / "nuovo.txt").write_text("Un comunicato nuovo.", encoding="utf-8")
    assert noop.unchanged(raw, db) is None
    (raw / "nuovo.txt").unlink()
    first.unlink()
    assert noop.unchanged(raw, db) is None
    first.write_bytes(original)
    assert noop.unchanged(raw, db) == 2


def test_a_warehouse_to_rebuild_goes_to_the_full_run(tmp_path):
    shutil.copytree(OLD, tmp_path / "old")
    assert noop.unchanged(tmp_path / "old" / "raw", tmp_path / "old" / "pipeline.duckdb") is None
    assert noop.unchanged(tmp_path / "old" / "raw", tmp_path / "missing.duckdb") is None


def test_the_snapshot_of_another_warehouse_file_is_not_used(loaded):
    from pipeline import lockfiles

    raw, db = loaded
    assert lockfiles.read_snapshot(db) is not None  # written when the load put the warehouse in place
    # another tool changes the warehouse: the snapshot no longer names this file, DuckDB is asked
    import duckdb

    con = duckdb.connect(str(db))
    con.execute("UPDATE files SET status = 'removed' WHERE path = (SELECT min(path) FROM files)")
    con.close()
    assert lockfiles.read_snapshot(db) is None
    assert noop.unchanged(raw, db) is None  # the warehouse says a file in raw/ was removed: a full run
