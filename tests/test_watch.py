"""Runs on arrival: a burst of files landing in raw/ starts one run within seconds."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

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
