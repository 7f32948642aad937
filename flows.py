"""Prefect flows: ingest raw/ into extracted/ and the DuckDB warehouse, by hand or on a schedule.

    python flows.py run                      one run now, progress on the terminal, summary at the end
    python flows.py serve --cron "0 * * * *" serve the flow on a schedule (or --interval SECONDS)
    python flows.py serve --watch            ... and start a run within seconds of files landing in raw/

A run in which some documents failed ends Failed (red, counted in the dashboard's failed runs, and
what automations and notifications react to), with the summary as its result: the other documents
are loaded all the same, and the next run skips the failed files unless they change.

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
import contextvars
import hashlib
import logging
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from types import FrameType
from typing import Any

# forward the pipeline's own log lines to Prefect's handlers (and the UI); must precede the import
os.environ.setdefault("PREFECT_LOGGING_EXTRA_LOGGERS", "pipeline")
# the temporary API server of a one-off run can take longer than prefect's 20 s on a busy 2-core machine
os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "120")
# the pipeline logs outside flow runs too (the CLI, tests): prefect's API handler then has nothing to do
os.environ.setdefault("PREFECT_LOGGING_TO_API_WHEN_MISSING_FLOW", "ignore")
# the machines are offline: no telemetry calls from the local server
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
# prefect's state (its database of deployments and scheduled runs) belongs to this checkout, not to
# the user: another checkout's overdue runs must never run against this folder
os.environ.setdefault("PREFECT_HOME", str(Path(__file__).resolve().parent / ".prefect"))

import dask
from prefect import flow, get_run_logger, task
from prefect.artifacts import create_link_artifact, create_markdown_artifact, create_table_artifact
from prefect.cache_policies import NO_CACHE
from prefect.client.schemas.objects import State
from prefect.futures import as_completed
from prefect.runtime import deployment, flow_run
from prefect.states import Failed
from prefect_dask.task_runners import DaskTaskRunner

from pipeline import config, noop, stages, store, watch
from pipeline.cli import EXIT_ABORTED, EXIT_DOC_FAILURES, EXIT_OK, format_summary


@task(cache_policy=NO_CACHE)
def discover(settings: stages.Settings) -> stages.Plan:
    """Find new, changed, unchanged and removed files by content hash."""
    return stages.discover(settings)


@task(cache_policy=NO_CACHE)
def extract(batch: list[stages.Candidate], settings: stages.Settings) -> list[stages.Outcome]:
    """Read, extract and write one batch of documents on a Dask worker (bad ones become failure records)."""
    return stages.extract(batch, settings)


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


# a scheduled run that starts this late was missed (the server was down, or a run took long): it is
# skipped, and the next tick runs, so a backlog never runs as a burst
MISSED_AFTER = timedelta(minutes=5)


def is_missed(scheduled: datetime | None, now: datetime, deployed: bool) -> bool:
    """Whether a flow run started by a schedule is so late that it should not run.

    >>> t = datetime(2026, 1, 1, tzinfo=UTC)
    >>> is_missed(t, t + timedelta(hours=3), True), is_missed(t, t + timedelta(seconds=30), True)
    (True, False)
    >>> is_missed(t, t + timedelta(hours=3), False)
    False
    """
    return deployed and scheduled is not None and now - scheduled > MISSED_AFTER


def deployment_name(raw: str | Path, db: str | Path) -> str:
    """The served deployment's name, from this folder's absolute raw/ and warehouse paths.

    Two checkouts served on one machine get two deployments, each running only its own flow runs.
    """
    key = f"{Path(raw).resolve()}\0{Path(db).resolve()}".encode()
    return "ingest-raw-" + hashlib.sha256(key).hexdigest()[:12]


def _skipped() -> stages.RunSummary:
    return stages.RunSummary(
        new=0,
        changed=0,
        unchanged=0,
        removed=0,
        reextracted=0,
        ok=0,
        failed=0,
        failures=[],
        seconds=0.0,
        stage_seconds={},
        pages=0,
        counts={},
    )


def task_runner(workers: int | None = None, dask_address: str | None = None) -> DaskTaskRunner:
    """Prefect's Dask task runner: an existing cluster at `dask_address`, or a local one of `workers`."""
    if dask_address:
        return DaskTaskRunner(address=dask_address)
    # the workers start the worker process of pipeline.stages.isolation: they must not be daemonic;
    # a served run starts its cluster in a process of its own, which takes the setting from the environment
    os.environ["DASK_DISTRIBUTED__WORKER__DAEMON"] = "False"
    dask.config.set({"distributed.worker.daemon": False})
    n = workers or os.cpu_count() or 1
    return DaskTaskRunner(
        cluster_kwargs={
            "n_workers": n,
            "threads_per_worker": 1,
            "processes": True,
            "host": "127.0.0.1",
            "dashboard_address": None,
            # drops the failed heartbeat a closing worker logs when the run's cluster shuts down
            "preload": ["pipeline.stages.dask_worker"],
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
    retry_failed: bool = False,
    allow_removals: bool = False,
    batch_size: int = stages.TASK_SIZE,
) -> stages.RunSummary | State[stages.RunSummary]:
    """Ingest every new or changed file of `raw` into `out` and the warehouse `db`, then write the report.

    Returns the summary, or a Failed state holding it when some documents failed. A run the pipeline
    refuses (a missing or emptied raw folder, a mass removal without `allow_removals`) ends as a Failed
    state whose message says why; nothing is changed.
    """
    # the document lines are INFO; prefect copies its API handler onto this logger but not a level,
    # and (re)configuring its logging resets ours, so set it when the flow runs
    logging.getLogger("pipeline").setLevel(logging.INFO)
    scheduled = flow_run.scheduled_start_time
    if is_missed(scheduled, datetime.now(UTC), deployment.id is not None):
        get_run_logger().warning(
            "skipped: this run was scheduled for %s and missed; the next one runs", scheduled
        )
        return _skipped()
    settings = stages.Settings(
        raw_dir=Path(raw),
        out_dir=Path(out),
        db_path=Path(db),
        retry_failed=retry_failed,
        allow_removals=allow_removals,
        batch_size=batch_size,
    )
    started = time.perf_counter()
    with stages.run_lock(settings):
        stages.prepare(settings)
        t0 = time.perf_counter()
        try:
            plan = discover(settings)
        except (stages.RemovalRefused, FileNotFoundError) as exc:
            get_run_logger().error("run refused: %s", exc)
            return Failed(message=f"run refused: {exc}")
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
    get_run_logger().info("run summary:\n%s", format_summary(summary))
    report = write_report(settings)
    publish(summary, plan, outcomes, settings, report)
    if summary.failed:
        names = ", ".join(f"{f.path} ({f.code})" for f in summary.failures[:5])
        return Failed(
            message=f"{summary.failed} of {summary.ok + summary.failed} documents failed: {names}",
            data=summary,
        )
    return summary


def write_report(settings: stages.Settings) -> Path | None:
    """The HTML report beside the warehouse; a report that cannot be written fails no run."""
    from pipeline.report import write_report as render

    try:
        return render(settings.db_path, settings.db_path.with_name("report.html"))
    except Exception as exc:  # the run's data is loaded; the report is a view of it
        get_run_logger().error("report not written: %s: %s", type(exc).__name__, exc)
        return None


def publish(
    summary: stages.RunSummary,
    plan: stages.Plan,
    outcomes: Sequence[stages.Outcome],
    settings: stages.Settings,
    report: Path | None,
) -> None:
    """The run's artifacts, under stable keys; a run that changed nothing leaves the keyed ones alone."""
    if not (plan.todo or plan.removed or summary.failures):
        create_markdown_artifact(
            markdown=f"Nothing new: {summary.unchanged} unchanged files. The last run that changed "
            "something is under the keys `ingest-summary`, `ingest-new`, `ingest-changed`, "
            "`ingest-failed`.",
            description="a run that changed nothing",
        )
        return
    create_markdown_artifact(
        key="ingest-summary",
        markdown=summary_markdown(summary),
        description="what the run found, did and what failed",
    )
    reasons = {c.file.rel: c.reason for c in plan.todo}
    failed = {f.path for f in summary.failures}
    for reason in ("new", "changed"):
        rows = [
            {"path": o.path, "status": "failed" if o.path in failed else "ok", **o.kind_counts}
            for o in outcomes
            if reasons.get(o.path) == reason
        ]
        create_table_artifact(
            key=f"ingest-{reason}", table=rows, description=f"the {reason} documents of the run"
        )
    create_table_artifact(
        key="ingest-failed",
        table=[
            {"path": f.path, "stage": f.stage, "code": f.code, "message": f.message} for f in summary.failures
        ],
        description="the documents that failed in the run",
    )
    create_table_artifact(
        key="money-by-funder",
        table=money_by_funder(settings.db_path),
        description="money per funder, in euro",
    )
    if report is not None:
        create_link_artifact(
            key="ingest-report",
            link=report.resolve().as_uri(),
            link_text=str(report.resolve()),
            description="the HTML report: open it in a browser",
        )


def summary_markdown(summary: stages.RunSummary) -> str:
    """The summary as a markdown table, with the failures listed."""
    rows = [
        ("new", summary.new),
        ("changed", summary.changed),
        ("unchanged", summary.unchanged),
        ("removed", summary.removed),
        ("ok", summary.ok),
        ("failed", summary.failed),
        ("seconds", f"{summary.seconds:.1f}"),
        *sorted(summary.counts.items()),
    ]
    lines = ["| | |", "|---|---:|"] + [f"| {k} | {v} |" for k, v in rows]
    if summary.failures:
        lines += ["", "**Failed**", ""] + [f"- `{f.path}`: {f.code} {f.message}" for f in summary.failures]
    return "\n".join(lines)


def money_by_funder(db_path: Path) -> list[dict[str, object]]:
    """Rows of the report's money-by-funder chart, with the source they come from."""
    from pipeline.report import queries

    con = store.open_reader(db_path)
    try:
        series = queries.money_by_funder(con, queries.relations(con))
    finally:
        con.close()
    return [{"funder": b.label, "eur": str(b.value), "source": series.source} for b in series.bars]


SERVER_PORT = 4200
SERVER_WAIT_SECONDS = 180
SERVER_STOP_SECONDS = 10


@contextmanager
def local_server(port: int = SERVER_PORT) -> Iterator[str]:
    """A local Prefect API (and UI) for `serve`, unless PREFECT_API_URL already names one.

    `serve` needs an API that outlives one run; this starts `prefect server start` on loopback,
    offline and with no account, and stops it on exit.
    """
    if os.environ.get("PREFECT_API_URL"):
        yield os.environ["PREFECT_API_URL"]
        return
    port = port if _port_free(port) else _free_port()  # never another checkout's server on 4200
    url = f"http://127.0.0.1:{port}/api"
    prefect_bin = Path(sys.executable).with_name("prefect")
    server = subprocess.Popen(
        [str(prefect_bin), "server", "start", "--host", "127.0.0.1", "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.STDOUT,
        start_new_session=True,  # Ctrl-C reaches serve, which stops the server itself
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
        try:
            server.wait(timeout=SERVER_STOP_SECONDS)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def _port_free(port: int) -> bool:
    with socket.socket() as sock:
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return port


def _interrupt(signum: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt(signal.Signals(signum).name)


def serve(
    params: dict[str, object],
    cron: str | None,
    interval: int | None,
    watch_raw: Path | None = None,
    flow_: Any = None,
) -> int:
    """Serve the flow on a schedule (and on arrival with `watch_raw`) until SIGINT or SIGTERM."""
    # prefect reads the api url when it is imported, so the settings context must be refreshed
    from prefect.settings import PREFECT_API_URL, PREFECT_RUNNER_POLL_FREQUENCY, temporary_settings

    signal.signal(signal.SIGTERM, _interrupt)  # a service manager's stop is Ctrl-C
    name = deployment_name(str(params["raw"]), str(params["db"]))
    sys.stderr.write(f"deployment {name}: raw={params['raw']} db={params['db']}\n")
    stop = threading.Event()
    try:
        with (
            local_server() as url,
            temporary_settings({PREFECT_API_URL: url, PREFECT_RUNNER_POLL_FREQUENCY: 2}),
        ):
            sys.stdout.write(run_hint(url, name))
            sys.stdout.flush()
            if watch_raw is not None:
                start_watching(watch_raw, f"{ingest.name}/{name}", stop)
            when: dict[str, object] = {"interval": interval} if interval else {"cron": cron or "0 * * * *"}
            # limit=1: one run at a time (a tick or an arrival during a run waits for it); a missed
            # run is skipped by the flow itself
            (flow_ or ingest).serve(name=name, parameters=params, limit=1, **when)  # type: ignore[arg-type]
    except KeyboardInterrupt:
        sys.stderr.write("stopped\n")
    finally:
        stop.set()
    return EXIT_OK


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
            "--batch-size",
            type=int,
            default=stages.TASK_SIZE,
            help=f"documents per Dask task (default: {stages.TASK_SIZE})",
        )
        if name == "serve":
            when = p.add_mutually_exclusive_group()
            when.add_argument(
                "--cron", default=None, help='cron schedule, e.g. "0 * * * *" (default: hourly)'
            )
            when.add_argument("--interval", type=int, default=None, help="seconds between runs")
            p.add_argument(
                "--watch",
                action="store_true",
                help="also start a run within seconds of files landing in raw/",
            )
        p.add_argument(
            "--retry-failed", action="store_true", help="extract again the files that failed before"
        )
        p.add_argument(
            "--allow-removals", action="store_true", help="let a run mark more than half of the files removed"
        )
    args = parser.parse_args(argv)
    # absolute: a served run may start in another working directory
    params: dict[str, object] = {
        name: str(Path(getattr(args, name)).resolve()) for name in ("raw", "out", "db")
    }
    params.update(
        retry_failed=args.retry_failed, allow_removals=args.allow_removals, batch_size=args.batch_size
    )
    runner = task_runner(args.workers, args.dask_address)
    # prefect types task_runner with its own future type; DaskTaskRunner's differs only in its generic
    flow_ = ingest.with_options(task_runner=runner)  # type: ignore[arg-type]
    if args.command == "serve":
        return serve(
            params, args.cron, args.interval, watch_raw=Path(args.raw) if args.watch else None, flow_=flow_
        )
    quick = (
        None
        if os.environ.get("PREFECT_API_URL") or args.retry_failed
        else noop.summary_if_nothing_to_do(Path(args.raw), Path(args.db))
    )
    if quick is not None:
        # no flow run worth recording: skip the temporary Prefect API (15 to 30 s) and the cluster
        sys.stdout.write(quick + "\n")
        return EXIT_OK
    state = flow_(**params, return_state=True)
    summary = state.result(raise_on_failure=False)
    if not isinstance(summary, stages.RunSummary):  # refused, or the flow itself broke (not a document)
        sys.stderr.write(f"error: {state.message}\n")
        return EXIT_ABORTED
    sys.stdout.write(format_summary(summary) + "\n")
    return EXIT_DOC_FAILURES if summary.failed else EXIT_OK


def run_hint(url: str, deployment: str) -> str:
    """How to start a run of the served flow from another shell: the CLI needs this API url."""
    return (
        f"Prefect API: {url}\n"
        f"start a run now from another shell with:\n"
        f"  PREFECT_API_URL={url} prefect deployment run '{ingest.name}/{deployment}'\n"
    )


def start_watching(raw: Path, deployment: str, stop: threading.Event) -> threading.Thread:
    """Start a run of the served `deployment` for each burst of files landing in `raw` (serve --watch)."""
    from prefect.deployments import run_deployment

    def on_change(paths: list[Path]) -> None:
        sys.stdout.write(f"{len(paths)} changed in {raw}: starting a run\n")
        sys.stdout.flush()
        try:
            run_deployment(name=deployment, timeout=0)
        except Exception as exc:  # the deployment may not be registered yet; the next burst tries again
            sys.stderr.write(f"could not start a run: {type(exc).__name__}: {exc}\n")

    # in the serve's settings context: without it the thread would not know the served API's url
    context = contextvars.copy_context()
    thread = threading.Thread(
        target=context.run, args=(watch.watch, raw, on_change, stop), daemon=True, name="watch-raw"
    )
    thread.start()
    return thread


if __name__ == "__main__":
    sys.exit(main())
