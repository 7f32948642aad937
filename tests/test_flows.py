"""The real Prefect flow on the seeds, under one session-wide temporary Prefect API."""

from __future__ import annotations

import shutil
from decimal import Decimal
from pathlib import Path

import pytest

from pipeline import store

REPO = Path(__file__).resolve().parent.parent
SEED_000 = "2021-07-09-polimi-poliqu-accordo-regione.md"

pytestmark = pytest.mark.slow


def _rows(db: Path, sql: str, params=()):
    con = store.open_reader(db)
    try:
        return con.execute(sql, list(params)).fetchall()
    finally:
        con.close()


def test_flow_ingests_the_seeds_then_a_rerun_changes_nothing(prefect_harness, tmp_path):
    import flows

    raw = tmp_path / "raw"
    shutil.copytree(REPO / "raw", raw, ignore=shutil.ignore_patterns(".*"))
    params = {"raw": str(raw), "out": str(tmp_path / "extracted"), "db": str(tmp_path / "w.duckdb")}
    db = Path(params["db"])

    summary = flows.ingest(**params)
    assert (summary.new, summary.ok, summary.failed) == (5, 5, 0)
    [doc_id] = _rows(db, "SELECT id FROM documents WHERE path = ?", [SEED_000])[0]
    amounts = {(v, c) for v, c in _rows(db, "SELECT value, currency FROM amounts WHERE doc_id = ?", [doc_id])}
    assert {(Decimal("1687500"), "EUR"), (Decimal("4163400"), "EUR"), (Decimal("13500000"), "EUR")} <= amounts
    dates = {v for (v,) in _rows(db, "SELECT value FROM dates WHERE doc_id = ?", [doc_id])}
    assert "2021-07-09" in dates
    entities = set(_rows(db, "SELECT label, text FROM entities WHERE doc_id = ?", [doc_id]))
    assert {("ORG", "Politecnico di Milano"), ("PER", "Ferruccio Resta")} <= entities

    snapshot = _rows(db, "SELECT * EXCLUDE (loaded_at) FROM documents ORDER BY id")
    facts = _rows(db, "SELECT count(*), sum(value) FROM amounts")
    again = flows.ingest(**params)
    assert (again.new, again.changed, again.unchanged, again.ok) == (0, 0, 5, 0)
    assert _rows(db, "SELECT * EXCLUDE (loaded_at) FROM documents ORDER BY id") == snapshot
    assert _rows(db, "SELECT count(*), sum(value) FROM amounts") == facts
