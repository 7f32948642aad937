"""Prefect flows: ingest raw/ into extracted/ and the DuckDB warehouse, by hand or on a schedule.

    python flows.py run                      one run now, progress on the terminal, summary at the end
    python flows.py serve --cron "0 * * * *" serve the flow on a schedule (or --interval SECONDS)

    python flows.py run --workers 4          extraction on a local Dask cluster of 4 worker processes
    python flows.py run --dask-address tcp://host:8786   ... on an existing Dask cluster

Task bodies are one call into pipeline.stages. Documents go to Prefect's Dask task runner in batches
(one task a batch, so a small file costs no Prefect bookkeeping of its own); each Dask worker loads
the model once and keeps it. The flow loads each batch into the warehouse as soon as it comes back,
so memory stays flat. On a remote cluster, raw/ and extracted/ must be on storage the workers share.
With nothing new in raw/ (and no PREFECT_API_URL), `run` answers without starting Prefect's API.
"""

from __future__ import annotations

import argparse
import logging
import os
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

# forward the pipeline's own log lines to Prefect's handlers (and the UI); must precede the import
os.environ.setdefault("PREFECT_LOGGING_EXTRA_LOGGERS", "pipeline")
# the temporary API server of a one-off run can take longer than prefect's 20 s on a busy 2-core machine
os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "120")
# the pipeline logs outside flow runs too (the CLI, tests): prefect's API handler then has nothing to do
os.environ.setdefault("PREFECT_LOGGING_TO_API_WHEN_MISSING_FLOW", "ignore")
# the machines are offline: no telemetry calls from the local server
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")

import dask
from prefect import flow, get_run_logger, task
from prefect.artifacts import create_markdown_artifact
from prefect.cache_policies import NO_CACHE
from prefect.futures import as_completed
from prefect_dask.task_runners import DaskTaskRunner

from pipeline import config, noop, stages, store
from pipeline.cli import EXIT_DOC_FAILURES, EXIT_OK, format_summary


@task(cache_policy=NO_CACHE)
def discover(settings: stages.Settings) -> stages.Plan:
    """Find new, changed, unchanged and removed files by content hash."""
    return stages.discover(settings)


@task(cache_policy=NO_CACHE)
def extract(batch: list[stages.Candidate], settings: stages.Settings) -> list[stages.Outcome]:
    """Read, extract and write one batch of documents on a Dask worker (bad ones become failure records)."""
    return stages.extract_on_worker(batch, settings)


def _transient(task: object, task_run: object, state: object) -> bool:
    # only a database that is briefly unavailable is worth another try; bad input never is
    try:
        state.result()  # type: ignore[attr-defined]
    except store.LoadError as exc:
        return "lock" in str(exc).lower()
    except Exception:
        return False
    return False


@task(cache_policy=NO_CACHE, retries=2, retry_delay_seconds=5, retry_condition_fn=_transient)
def load(plan: stages.Plan, outcomes: Sequence[stages.Outcome], settings: stages.Settings) -> stages.LoadInfo:
    """Load documents in bulk into a copy of the warehouse, then swap it in (used with nothing to extract)."""
    return stages.finish(plan, outcomes, settings)


def task_runner(workers: int | None = None, dask_address: str | None = None) -> DaskTaskRunner:
    """Prefect's Dask task runner: an existing cluster at `dask_address`, or a local one of `workers`."""
    if dask_address:
        return DaskTaskRunner(address=dask_address)
    # the workers start the reader process of pipeline.stages.isolation: they must not be daemonic
    dask.config.set({"distributed.worker.daemon": False})
    n = workers or os.cpu_count() or 1
    return DaskTaskRunner(
        cluster_kwargs={
            "n_workers": n,
            "threads_per_worker": 1,
            "processes": True,
            "host": "127.0.0.1",
            "dashboard_address": None,
        }
    )


def _extract_and_load(
    plan: stages.Plan, settings: stages.Settings
) -> tuple[list[stages.Outcome], stages.LoadInfo, float]:
    """Submit the batches to the task runner and load each as it completes; returns slim outcomes."""
    logger = get_run_logger()
    batches = [plan.todo[i : i + settings.batch_size] for i in range(0, len(plan.todo), settings.batch_size)]
    outcomes: list[stages.Outcome] = []
    failed = 0
    loaded = 0
    load_seconds = 0.0
    with store.open_writer(settings.db_path) as con:
        futures = [extract.submit(batch, settings) for batch in batches]
        for future in as_completed(futures):
            done = future.result()
            t0 = time.perf_counter()
            info = stages.load(done, [], con)
            load_seconds += time.perf_counter() - t0
            bad = {f.path: f for f in info.failed}
            loaded += info.loaded
            for outcome in done:
                slim = (
                    stages.Outcome(outcome.path, outcome.doc_id, [bad[outcome.path]], outcome.ms)
                    if outcome.path in bad
                    else outcome.slim()
                )
                outcomes.append(slim)
                failed += slim.failure is not None
            logger.info("progress %d/%d failed=%d", len(outcomes), len(plan.todo), failed)
        t0 = time.perf_counter()
        removed = stages.load([], plan.removed, con).removed
    load_seconds += time.perf_counter() - t0
    stages.drop_stale(plan, settings)
    return outcomes, stages.LoadInfo(loaded, removed, []), load_seconds


@flow(name="ingest-raw", log_prints=False)
def ingest(
    raw: str = "raw",
    out: str = "extracted",
    db: str = str(store.DEFAULT_DB),
    batch_size: int = stages.BATCH_SIZE,
) -> stages.RunSummary:
    """Ingest every new or changed file of `raw` into `out` and the warehouse `db`."""
    # the document lines are INFO; prefect copies its API handler onto this logger but not a level,
    # and (re)configuring its logging resets ours, so set it when the flow runs
    logging.getLogger("pipeline").setLevel(logging.INFO)
    settings = stages.Settings(raw_dir=Path(raw), out_dir=Path(out), db_path=Path(db), batch_size=batch_size)
    started = time.perf_counter()
    with stages.run_lock(settings):
        stages.prepare(settings)
        t0 = time.perf_counter()
        plan = discover(settings)
        t1 = time.perf_counter()
        if plan.todo:
            outcomes, info, load_seconds = _extract_and_load(plan, settings)
        else:
            outcomes, info = [], load(plan, [], settings)
            load_seconds = time.perf_counter() - t1
        t2 = time.perf_counter()
    summary = stages.summarize(
        plan,
        outcomes,
        info,
        time.perf_counter() - started,
        {"discover": t1 - t0, "extract": t2 - t1 - load_seconds, "load": load_seconds},
    )
    create_markdown_artifact(
        key="ingest-summary",
        markdown="```\n" + format_summary(summary) + "\n```",
        description="what the run found, did and what failed",
    )
    get_run_logger().info("run summary:\n%s", format_summary(summary))
    return summary


SERVER_PORT = 4200
SERVER_WAIT_SECONDS = 180


@contextmanager
def local_server(port: int = SERVER_PORT) -> Iterator[str]:
    """A local Prefect API (and UI) for `serve`, unless PREFECT_API_URL already names one.

    `serve` needs an API that outlives one run; this starts `prefect server start` on loopback,
    offline and with no account, and stops it on exit.
    """
    if os.environ.get("PREFECT_API_URL"):
        yield os.environ["PREFECT_API_URL"]
        return
    url = f"http://127.0.0.1:{port}/api"
    prefect_bin = Path(sys.executable).with_name("prefect")
    server = subprocess.Popen(
        [str(prefect_bin), "server", "start", "--host", "127.0.0.1", "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + SERVER_WAIT_SECONDS
        while True:
            try:
                with urllib.request.urlopen(f"{url}/health", timeout=2):
                    break
            except (urllib.error.URLError, OSError):
                if server.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"the local Prefect server did not start on port {port}") from None
                time.sleep(1)
        os.environ["PREFECT_API_URL"] = url
        sys.stderr.write(f"Prefect UI: http://127.0.0.1:{port}\n")
        yield url
    finally:
        server.terminate()
        server.wait(timeout=30)


def main(argv: list[str] | None = None) -> int:
    """`python flows.py run|serve`."""
    parser = argparse.ArgumentParser(
        prog="flows.py", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    sub = parser.add_subparsers(dest="command", required=True)
    conf = config.defaults()
    for name in ("run", "serve"):
        p = sub.add_parser(name)
        p.add_argument("--raw", default=conf["raw"])
        p.add_argument("--out", default=conf["out"])
        p.add_argument("--db", default=conf["db"])
        p.add_argument(
            "--workers",
            type=int,
            default=conf["workers"],
            help="Dask worker processes of the local cluster (default: the number of cores)",
        )
        p.add_argument(
            "--dask-address",
            default=conf["dask_address"],
            help="an existing Dask scheduler, e.g. tcp://host:8786 (default: a local cluster)",
        )
        p.add_argument(
            "--batch-size", type=int, default=stages.BATCH_SIZE, help="documents per Dask task (default: 16)"
        )
        if name == "serve":
            when = p.add_mutually_exclusive_group()
            when.add_argument(
                "--cron", default=None, help='cron schedule, e.g. "0 * * * *" (default: hourly)'
            )
            when.add_argument("--interval", type=int, default=None, help="seconds between runs")
    args = parser.parse_args(argv)
    params = {"raw": args.raw, "out": args.out, "db": args.db, "batch_size": args.batch_size}
    runner = task_runner(args.workers, args.dask_address)
    # prefect types task_runner with its own future type; DaskTaskRunner's differs only in its generic
    flow_ = ingest.with_options(task_runner=runner)  # type: ignore[arg-type]
    if args.command == "serve":
        # prefect reads the api url when it is imported, so the settings context must be refreshed
        from prefect.settings import PREFECT_API_URL, temporary_settings

        with local_server() as url, temporary_settings({PREFECT_API_URL: url}):
            if args.interval:
                flow_.serve(name="ingest-raw-scheduled", interval=args.interval, parameters=params)
            else:
                flow_.serve(name="ingest-raw-scheduled", cron=args.cron or "0 * * * *", parameters=params)
        return EXIT_OK
    settings = stages.Settings(raw_dir=Path(args.raw), out_dir=Path(args.out), db_path=Path(args.db))
    quick = (
        None
        if os.environ.get("PREFECT_API_URL")
        else noop.summary_if_nothing_to_do(settings.raw_dir, settings.db_path)
    )
    if quick is not None:
        # no flow run worth recording: skip the temporary Prefect API (15 to 30 s) and the cluster
        sys.stdout.write(quick + "\n")
        return EXIT_OK
    summary = flow_(**params)
    sys.stdout.write(format_summary(summary) + "\n")
    return EXIT_DOC_FAILURES if summary.failed else EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
