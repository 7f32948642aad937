"""The flow on a real Dask cluster: a `dask scheduler` and two `dask worker` processes on 127.0.0.1."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from pipeline import store

REPO = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.slow


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def dask_cluster() -> Iterator[str]:
    dask_bin = str(Path(sys.executable).with_name("dask"))
    port = _free_port()
    address = f"tcp://127.0.0.1:{port}"
    env = {**os.environ, "DASK_DISTRIBUTED__WORKER__DAEMON": "False"}
    common = ["--no-dashboard"]
    procs = [
        subprocess.Popen(
            [dask_bin, "scheduler", "--host", "127.0.0.1", "--port", str(port), *common],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
    ]
    try:
        for _ in range(2):
            procs.append(
                subprocess.Popen(
                    [dask_bin, "worker", address, "--nthreads", "1", "--host", "127.0.0.1", *common],
                    env=env,
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                )
            )
        from distributed import Client

        with Client(address, timeout=120) as client:
            client.wait_for_workers(2, timeout=180)
        yield address
    finally:
        for proc in reversed(procs):
            proc.terminate()
        for proc in procs:
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()


def test_the_flow_extracts_on_an_existing_dask_cluster(prefect_harness, dask_cluster, tmp_path):
    from distributed import Client

    import flows

    raw = tmp_path / "raw"
    shutil.copytree(REPO / "raw", raw, ignore=shutil.ignore_patterns(".*"))
    seeds = sorted(p.name for p in raw.iterdir())
    db = tmp_path / "w.duckdb"
    argv = ["run", "--raw", str(raw), "--out", str(tmp_path / "extracted"), "--db", str(db)]
    started = time.perf_counter()
    assert flows.main([*argv, "--dask-address", dask_cluster, "--batch-size", "1"]) == 0
    assert time.perf_counter() - started < 600

    con = store.open_reader(db)
    try:
        loaded = [
            p
            for (p,) in con.execute("SELECT path FROM files WHERE status = 'loaded' ORDER BY path").fetchall()
        ]
        amounts = con.execute("SELECT count(*) FROM amounts").fetchone()
        hits = con.execute("SELECT count(*) FROM search('idrogeno')").fetchone()
    finally:
        con.close()
    assert loaded == seeds
    assert amounts is not None and amounts[0] > 0
    assert hits is not None and hits[0] > 0
    assert len(list((tmp_path / "extracted").glob("*.jsonl"))) == len(seeds)

    def work() -> dict[str, int]:
        from pipeline.stages.workers import WORK

        return dict(WORK)

    with Client(dask_cluster) as client:
        per_worker = list(client.run(work).values())
    # every batch ran on a worker of the cluster, each worker loaded the model once and only once
    assert sum(w["batches"] for w in per_worker) == len(seeds)
    assert all(w["model_loads"] == (1 if w["batches"] else 0) for w in per_worker)
    assert all(w["batches"] > 0 for w in per_worker), per_worker
