"""Runs on arrival: a burst of files landing in raw/ starts one run within seconds."""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from pipeline import watch

REPO = Path(__file__).resolve().parent.parent
SEEDS = sorted(p for p in (REPO / "raw").iterdir() if p.is_file() and not p.name.startswith("."))


def test_copying_100_files_starts_one_run_within_10_seconds(tmp_path):
    raw = tmp_path / "raw"
    calls: list[tuple[float, list[Path]]] = []
    ready, stop = threading.Event(), threading.Event()
    thread = threading.Thread(
        target=watch.watch, args=(raw, lambda paths: calls.append((time.monotonic(), paths)), stop, ready.set)
    )
    thread.start()
    try:
        assert ready.wait(30), "the watcher did not start"
        first = time.monotonic()
        for i in range(100):
            shutil.copy(SEEDS[i % len(SEEDS)], raw / f"{i:03d}-{SEEDS[i % len(SEEDS)].name}")
        deadline = first + 10
        while not calls and time.monotonic() < deadline:
            time.sleep(0.05)
        assert calls, "no run within 10 s of the first file"
        time.sleep(watch.STEP_MS / 1000 * 3)  # a second burst would have come by now
        [(at, paths)] = calls
        assert at - first < 10
        assert len(paths) == 100 and {p.name for p in paths} == {p.name for p in raw.iterdir()}
    finally:
        stop.set()
        thread.join(10)
    assert not thread.is_alive()


def _read_until(proc: subprocess.Popen[str], needle: str, seconds: float, seen: list[str]) -> float:
    deadline = time.monotonic() + seconds
    assert proc.stdout is not None
    while time.monotonic() < deadline:
        line = proc.stdout.readline()
        if not line:
            break
        seen.append(line)
        if needle in line:
            return time.monotonic()
    raise AssertionError(f"{needle!r} not printed within {seconds} s: {''.join(seen)}")


@pytest.mark.slow
def test_pipeline_watch_runs_the_files_that_land_then_writes_the_report(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    db = tmp_path / "w.duckdb"
    cmd = [sys.executable, "-m", "pipeline.cli", "watch", "--raw", str(raw), "--out", str(tmp_path / "x")]
    proc = subprocess.Popen(
        [*cmd, "--db", str(db)], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, cwd=tmp_path
    )
    seen: list[str] = []
    try:
        _read_until(proc, "watching", 120, seen)
        landed = time.monotonic()
        for seed in SEEDS[:2]:
            shutil.copy(seed, raw / seed.name)
        started = _read_until(proc, "run started: 2 changed", 10, seen)
        assert started - landed < 10
        _read_until(proc, "2 new, 0 changed", 120, seen)
        _read_until(proc, "report: file://", 60, seen)
        assert (tmp_path / "report.html").read_text(encoding="utf-8").count("<svg") >= 1
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(20)
        except subprocess.TimeoutExpired:
            os.kill(proc.pid, signal.SIGKILL)
            proc.wait()
        assert proc.stdout is not None
        proc.stdout.close()
    assert sum("run started" in line for line in seen) == 2  # the start-up run, then the arrival


class _Output:
    """The lines a process prints, read in the background, each with the time it arrived."""

    def __init__(self, proc: subprocess.Popen[str]) -> None:
        self.lines: list[tuple[float, str]] = []
        self._proc = proc
        self._thread = threading.Thread(target=self._read, daemon=True)
        self._thread.start()

    def _read(self) -> None:
        assert self._proc.stdout is not None
        for line in self._proc.stdout:
            self.lines.append((time.monotonic(), line))

    def text(self) -> str:
        return "".join(line for _, line in self.lines)

    def wait_for(self, needle: str, seconds: float, after: float = 0.0) -> float:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            for at, line in list(self.lines):
                if at >= after and needle in line:
                    return at
            if self._proc.poll() is not None and not self._thread.is_alive():
                break
            time.sleep(0.1)
        raise AssertionError(f"{needle!r} not printed within {seconds} s:\n{self.text()}")

    def close(self) -> None:
        self._thread.join(10)
        if self._proc.stdout is not None:
            self._proc.stdout.close()


def _loaded(db: Path) -> list[str]:
    from pipeline import store

    if not db.exists():
        return []
    con = store.open_reader(db, search=False)
    try:
        rows = con.execute("SELECT path FROM files WHERE status = 'loaded' ORDER BY path").fetchall()
    finally:
        con.close()
    return [path for (path,) in rows]


def _runs_of(api_url: str, deployment: str) -> list[tuple[Any, list[Any]]]:
    """The flow runs of a deployment, each with its states in order, from the Prefect API at `api_url`."""
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.objects import FlowRun
    from prefect.settings import PREFECT_API_URL, temporary_settings

    with temporary_settings({PREFECT_API_URL: api_url}), get_client(sync_client=True) as client:
        # only the filter that is meant: the client would send nulls for the others, which the API refuses
        body = {"deployments": {"name": {"any_": [deployment]}}, "limit": 10, "offset": 0}
        response = client.request("POST", "/flow_runs/filter", json=body)  # type: ignore[arg-type]
        runs = FlowRun.model_validate_list(response.json())
        return [(run, sorted(client.read_flow_run_states(run.id), key=lambda s: s.timestamp)) for run in runs]


@pytest.mark.slow
def test_serve_watch_runs_the_files_that_land_and_stops_on_sigint(tmp_path):
    import flows

    raw, db = tmp_path / "raw", tmp_path / "w.duckdb"
    raw.mkdir()
    # as `make serve` runs it: no PREFECT_API_URL, serve starts the local Prefect server itself
    env = os.environ | {"PREFECT_HOME": str(tmp_path / "prefect"), "PYTHONUNBUFFERED": "1"}
    env.pop("PREFECT_API_URL", None)
    paths = ["--raw", str(raw), "--out", str(tmp_path / "x"), "--db", str(db), "--workers", "1"]
    proc = subprocess.Popen(
        # a schedule that does not tick during the test: every run here is started by an arrival
        [sys.executable, str(REPO / "flows.py"), "serve", "--watch", *paths, "--cron", "0 0 1 1 *"],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=env,
        cwd=tmp_path,
    )
    out = _Output(proc)
    copied = sorted(seed.name for seed in SEEDS[:2])
    try:
        out.wait_for("polling for scheduled runs", 240)  # the server is up, the deployment registered
        [api_url] = re.findall(r"^Prefect API: (\S+)$", out.text(), re.M)
        landed, landed_at = time.monotonic(), datetime.now(UTC)
        for seed in SEEDS[:2]:
            shutil.copy(seed, raw / seed.name)
        out.wait_for(f"2 changed in {raw}: starting a run", 10, after=landed)
        # loading a language model on a busy machine takes long: the bound is for the whole run
        deadline = time.monotonic() + 300
        while _loaded(db) != copied and time.monotonic() < deadline and proc.poll() is None:
            time.sleep(1)
        assert _loaded(db) == copied, out.text()
        # the run ends (writes its report and artifacts) before serve stops its server
        deadline = time.monotonic() + 60
        while True:
            runs = _runs_of(api_url, flows.deployment_name(raw, db))
            ran = [r for r, _ in runs if not r.auto_scheduled]
            if time.monotonic() > deadline or (ran and all(r.state_type.value == "COMPLETED" for r in ran)):
                break
            time.sleep(1)
    finally:
        stopping = time.monotonic()
        proc.send_signal(signal.SIGINT)
        try:
            code = proc.wait(60)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
            code = None
        out.close()
    text = out.text()
    assert code == 0, text
    assert time.monotonic() - stopping < 60
    assert "Traceback" not in text, text
    assert "daemonic" not in text, text  # the served run's Dask workers may start the reader process

    # the two files made one burst and one run, which the served runner took within 10 s of the copy
    assert text.count("starting a run") == 1, text
    # besides the next tick of the schedule, which has not come: one run, the arrival's
    ticks = [r for r, _ in runs if r.auto_scheduled]
    assert all(
        r.state_type.value == "SCHEDULED" and r.expected_start_time.year > landed_at.year for r in ticks
    )
    [(run, states)] = [(r, s) for r, s in runs if not r.auto_scheduled]
    assert (run.created - landed_at).total_seconds() < 10
    pending = next(s.timestamp for s in states if s.type.value == "PENDING")
    assert (pending - landed_at).total_seconds() < 10, states
    assert states[-1].type.value == "COMPLETED", states
