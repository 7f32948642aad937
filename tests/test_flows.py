"""The real Prefect flow on the seeds, under one session-wide temporary Prefect API."""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import time
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


def test_flow_forwards_the_pipeline_log_lines_to_prefect(prefect_harness, tmp_path):
    import logging

    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import LogFilter, LogFilterFlowRunId

    import flows

    raw = tmp_path / "raw"
    raw.mkdir()
    shutil.copy(REPO / "raw" / SEED_000, raw / SEED_000)
    state = flows.ingest(
        raw=str(raw), out=str(tmp_path / "x"), db=str(tmp_path / "w.duckdb"), return_state=True
    )
    for handler in logging.getLogger("pipeline").handlers:
        handler.flush()  # prefect ships log lines to its API in the background; send them now
    with get_client(sync_client=True) as client:
        flow_run = LogFilter(flow_run_id=LogFilterFlowRunId(any_=[state.state_details.flow_run_id]))
        logs = client.read_logs(flow_run, limit=200, offset=0)  # explicit: the api rejects null limits
    messages = [entry.message for entry in logs]
    assert any("status=ok" in m and SEED_000 in m for m in messages), messages


def test_a_refused_run_fails_the_flow_with_its_reason(prefect_harness, tmp_path, capsys):
    import flows

    raw = tmp_path / "raw"
    shutil.copytree(REPO / "raw", raw, ignore=shutil.ignore_patterns(".*"))
    args = ["--raw", str(raw), "--out", str(tmp_path / "extracted"), "--db", str(tmp_path / "w.duckdb")]
    assert flows.main(["run", *args]) == 0
    capsys.readouterr()
    loaded = _rows(tmp_path / "w.duckdb", "SELECT path, status FROM files ORDER BY path")

    # a raw folder that is gone: the flow run fails with the reason, nothing is marked removed
    shutil.move(raw, tmp_path / "elsewhere")
    state = flows.ingest(str(raw), str(tmp_path / "extracted"), str(tmp_path / "w.duckdb"), return_state=True)
    assert state.is_failed() and "does not exist" in state.message
    assert flows.main(["run", *args]) == 1
    assert "does not exist" in capsys.readouterr().err
    assert _rows(tmp_path / "w.duckdb", "SELECT path, status FROM files ORDER BY path") == loaded

    # most files gone: refused, then let through by --allow-removals
    raw.mkdir()
    shutil.copy(tmp_path / "elsewhere" / SEED_000, raw / SEED_000)
    assert flows.main(["run", *args]) == 1
    assert "--allow-removals" in capsys.readouterr().err
    assert flows.main(["run", *args, "--allow-removals"]) == 0
    statuses = dict(_rows(tmp_path / "w.duckdb", "SELECT path, status FROM files"))
    assert statuses[SEED_000] == "loaded" and list(statuses.values()).count("removed") == 4


def test_a_run_with_failed_documents_ends_failed_and_writes_the_report(prefect_harness, tmp_path):
    import flows

    raw = tmp_path / "raw"
    raw.mkdir()
    shutil.copy(REPO / "raw" / SEED_000, raw / SEED_000)
    (raw / "empty.txt").write_bytes(b"")
    params = {"raw": str(raw), "out": str(tmp_path / "x"), "db": str(tmp_path / "w.duckdb")}

    state = flows.ingest(**params, return_state=True)
    assert state.is_failed() and "1 of 2 documents failed: empty.txt (E100)" in state.message
    summary = state.result(raise_on_failure=False)
    assert (summary.ok, summary.failed) == (1, 1)  # the good document is loaded all the same
    assert _rows(tmp_path / "w.duckdb", "SELECT count(*) FROM documents") == [(1,)]
    report = tmp_path / "report.html"
    assert "<svg" in report.read_text(encoding="utf-8") and "E100" in report.read_text(encoding="utf-8")
    again = flows.ingest(**params, return_state=True)  # nothing changed, the failed file is skipped
    assert again.is_completed()


def test_serve_runs_one_at_a_time_and_prints_the_api_url_for_deployment_run(monkeypatch, capsys):
    from contextlib import contextmanager

    import flows

    calls = []

    @contextmanager
    def server():
        yield "http://127.0.0.1:4999/api"

    monkeypatch.setattr(flows, "local_server", server)
    # the served flow is `ingest` with its task runner: every Flow's serve is replaced here
    monkeypatch.setattr(type(flows.ingest), "serve", lambda self, **kwargs: calls.append(kwargs))
    assert flows.main(["serve", "--interval", "600"]) == 0
    [kwargs] = calls
    assert kwargs["limit"] == 1 and kwargs["interval"] == 600
    out = capsys.readouterr().out
    # the deployment is named after this folder's raw/ and warehouse
    assert re.search(
        r"PREFECT_API_URL=http://127\.0\.0\.1:4999/api "
        r"prefect deployment run 'ingest-raw/ingest-raw-[0-9a-f]{12}'",
        out,
    )


def test_deployment_name_belongs_to_the_folder(tmp_path, monkeypatch):
    import flows

    here = flows.deployment_name(tmp_path / "raw", tmp_path / "w.duckdb")
    monkeypatch.chdir(tmp_path)
    assert flows.deployment_name("raw", "w.duckdb") == here  # relative or absolute, the same folder
    assert flows.deployment_name(tmp_path / "other" / "raw", tmp_path / "w.duckdb") != here
    assert here.startswith("ingest-raw-")


def test_serve_gets_absolute_paths(tmp_path, monkeypatch):
    import flows

    seen = {}
    monkeypatch.setattr(
        flows, "serve", lambda params, cron, interval, watch_raw=None, flow_=None: seen.update(params) or 0
    )
    monkeypatch.chdir(tmp_path)
    assert flows.main(["serve", "--raw", "r", "--out", "o", "--db", "d.duckdb", "--interval", "60"]) == 0
    assert {k: seen[k] for k in ("raw", "out", "db")} == {
        "raw": str(tmp_path / "r"),
        "out": str(tmp_path / "o"),
        "db": str(tmp_path / "d.duckdb"),
    }


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_serve_stops_cleanly_on_a_signal(tmp_path, signum):
    (tmp_path / "raw").mkdir()
    env = os.environ | {"PREFECT_HOME": str(tmp_path / "prefect")}
    env.pop("PREFECT_API_URL", None)
    args = ["--raw", str(tmp_path / "raw"), "--out", str(tmp_path / "o"), "--db", str(tmp_path / "w.duckdb")]
    proc = subprocess.Popen(
        [sys.executable, str(REPO / "flows.py"), "serve", *args, "--interval", "3600"],
        stderr=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        text=True,
        env=env,
    )
    assert proc.stderr is not None
    for line in proc.stderr:  # served once the local API is up
        if line.startswith("Prefect UI"):
            break
    time.sleep(5)
    started = time.monotonic()
    proc.send_signal(signum)
    try:
        code = proc.wait(timeout=60)
    finally:
        proc.kill()
        proc.stderr.close()
    assert code == 0
    assert time.monotonic() - started < 45


def test_a_missed_scheduled_run_is_skipped(prefect_harness, tmp_path, monkeypatch):
    from datetime import UTC, datetime, timedelta
    from types import SimpleNamespace

    import flows

    raw = tmp_path / "raw"
    shutil.copytree(REPO / "raw", raw, ignore=shutil.ignore_patterns(".*"))
    params = {"raw": str(raw), "out": str(tmp_path / "extracted"), "db": str(tmp_path / "w.duckdb")}
    three_hours_ago = datetime.now(UTC) - timedelta(hours=3)
    monkeypatch.setattr(flows, "deployment", SimpleNamespace(id="d"))
    monkeypatch.setattr(flows, "flow_run", SimpleNamespace(scheduled_start_time=three_hours_ago))
    summary = flows.ingest(**params)
    assert (summary.new, summary.ok) == (0, 0)
    assert not Path(params["db"]).exists()
    # on time, the same deployment's run ingests
    monkeypatch.setattr(flows, "flow_run", SimpleNamespace(scheduled_start_time=datetime.now(UTC)))
    assert flows.ingest(**params).new == 5
