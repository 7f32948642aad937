"""Throughput per worker count on a local Dask cluster, beside what this machine gives any two
processes (its ceiling).

A 2-core virtual machine seldom gives two busy processes twice the work of one: the cores may be
shared with other machines or slowed by the heat of both running. So the workers are measured in
alternating rounds (1 worker, 2 workers, 1 worker, ...) on equal slices of the corpus, each count's
figure being its best round, and the report prints beside it the speed-up of two plain busy loops
over one, measured the same way.
"""

from __future__ import annotations

import multiprocessing
import time
from collections.abc import Sequence
from contextlib import ExitStack
from pathlib import Path
from typing import Any

from pipeline import stages
from pipeline.stages.workers import start_worker

BUSY_LOOP_STEPS = 15_000_000  # about a second of one core


def busy_loop(steps: int) -> int:
    """Pure-Python work with no memory traffic to speak of: what one core gives one process."""
    total = 0
    for i in range(steps):
        total += i * i % 7
    return total


def _busy_seconds(processes: int, steps: int) -> float:
    ctx = multiprocessing.get_context("spawn")
    with ctx.Pool(processes) as pool:
        pool.map(busy_loop, [steps // 10] * processes)  # the pool started and warm
        t0 = time.perf_counter()
        pool.map(busy_loop, [steps] * processes)
        return time.perf_counter() - t0


def machine_ceiling(rounds: int = 3, steps: int = BUSY_LOOP_STEPS) -> dict[str, float]:
    """Work per second of 2 busy processes over 1 (the same work each), best of alternating rounds."""
    one = two = float("inf")
    for _ in range(max(1, rounds)):
        one = min(one, _busy_seconds(1, steps))
        two = min(two, _busy_seconds(2, steps))
    # the times to the microsecond: a short loop rounded to milliseconds would not give back its ratio
    return {"one_s": round(one, 6), "two_s": round(two, 6), "speedup_2": round(2 * one / two, 2)}


def workers_throughput(corpus: Path, tmp: Path, counts: Sequence[int], rounds: int = 3) -> dict[str, Any]:
    """Documents per second of the flow's extraction task on local Dask clusters of each size in
    `counts`, all started (each worker's model loaded) before timing, then fed equal slices of the
    corpus in alternating rounds; each count's figure is its best round, and every round is kept."""
    import dask
    from distributed import Client, LocalCluster, wait

    dask.config.set({"distributed.worker.daemon": False})
    per_round: dict[str, list[float]] = {str(n): [] for n in counts}
    with ExitStack() as stack:
        clients, plans = {}, {}
        for n in counts:
            settings = stages.Settings(
                raw_dir=corpus, out_dir=tmp / f"out-w{n}", db_path=tmp / f"w{n}.duckdb"
            )
            cluster = stack.enter_context(
                LocalCluster(  # type: ignore[no-untyped-call]
                    n_workers=n,
                    threads_per_worker=1,
                    processes=True,
                    host="127.0.0.1",
                    dashboard_address=None,
                )
            )
            client = stack.enter_context(Client(cluster))  # type: ignore[no-untyped-call]
            client.run(start_worker, settings.limits)
            clients[n], plans[n] = client, (settings, stages.discover(settings).todo)
        for r in range(max(1, rounds)):
            for n in counts:
                settings, todo = plans[n]
                part = todo[r * len(todo) // rounds : (r + 1) * len(todo) // rounds]
                tasks = [part[i : i + stages.TASK_SIZE] for i in range(0, len(part), stages.TASK_SIZE)]
                t0 = time.perf_counter()
                futures = [clients[n].submit(stages.extract, b, settings, pure=False) for b in tasks]
                wait(futures)  # type: ignore[no-untyped-call]
                per_round[str(n)].append(round(len(part) / (time.perf_counter() - t0), 2))
                del futures
    result: dict[str, Any] = {key: max(values) for key, values in per_round.items()}
    result["rounds"] = per_round
    if "1" in result and "2" in result:
        result["speedup_2_workers"] = round(result["2"] / result["1"], 2)
    return result
