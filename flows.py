"""Prefect flows: ingest raw/ into extracted/ and the DuckDB warehouse, by hand or on a schedule.

    python flows.py run                      one run now, progress on the terminal, summary at the end
    python flows.py serve --cron "0 * * * *" serve the flow on a schedule (or --interval SECONDS)

Task bodies are one call into pipeline.stages; documents are processed in one task in batches, so a
small file costs no Prefect bookkeeping of its own.
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

from prefect import flow, get_run_logger, task
from prefect.artifacts import create_markdown_artifact
from prefect.cache_policies import NO_CACHE
from prefect.client.schemas.objects import State
from prefect.states import Failed

from pipeline import stages, store
from pipeline.cli import EXIT_ABORTED, EXIT_DOC_FAILURES, EXIT_OK, format_summary
from pipeline.extract.nlp import build_nlp


@task(cache_policy=NO_CACHE)
def discover(settings: stages.Settings) -> stages.Plan:
    """Find new, changed, unchanged and removed files by content hash."""
    return stages.discover(settings)


@task(cache_policy=NO_CACHE)
def extract(plan: stages.Plan, settings: stages.Settings) -> list[stages.Outcome]:
    """Read, extract and write every new or changed document (bad ones become failure records)."""
    logger = get_run_logger()
    failed = 0

    def progress(outcome: stages.Outcome, done: int, total: int) -> None:
        nonlocal failed
        failed += outcome.failure is not None
        logger.info("progress %d/%d failed=%d (%s)", done, total, failed, outcome.path)

    return stages.extract_plan(plan, settings, build_nlp, progress)


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
    """Load each document in its own transaction into a copy of the warehouse, then swap it in."""
    return stages.finish(plan, outcomes, settings)


@flow(name="ingest-raw", log_prints=False)
def ingest(
    raw: str = "raw",
    out: str = "extracted",
    db: str = str(store.DEFAULT_DB),
    retry_failed: bool = False,
    allow_removals: bool = False,
) -> stages.RunSummary | State:
    """Ingest every new or changed file of `raw` into `out` and the warehouse `db`.

    A run the pipeline refuses (a missing or emptied raw folder, a mass removal without
    `allow_removals`) ends as a Failed state whose message says why; nothing is changed.
    """
    # the document lines are INFO; prefect copies its API handler onto this logger but not a level,
    # and (re)configuring its logging resets ours, so set it when the flow runs
    logging.getLogger("pipeline").setLevel(logging.INFO)
    settings = stages.Settings(
        raw_dir=Path(raw),
        out_dir=Path(out),
        db_path=Path(db),
        retry_failed=retry_failed,
        allow_removals=allow_removals,
    )
    started = time.perf_counter()
    with stages.run_lock(settings):
        t0 = time.perf_counter()
        try:
            plan = discover(settings)
        except (stages.RemovalRefused, FileNotFoundError) as exc:
            get_run_logger().error("run refused: %s", exc)
            return Failed(message=f"run refused: {exc}")
        t1 = time.perf_counter()
        outcomes = extract(plan, settings)
        t2 = time.perf_counter()
        info = load(plan, outcomes, settings)
        t3 = time.perf_counter()
    summary = stages.summarize(
        plan,
        outcomes,
        info,
        time.perf_counter() - started,
        {"discover": t1 - t0, "extract": t2 - t1, "load": t3 - t2},
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
    for name in ("run", "serve"):
        p = sub.add_parser(name)
        p.add_argument("--raw", default="raw")
        p.add_argument("--out", default="extracted")
        p.add_argument("--db", default=str(store.DEFAULT_DB))
        if name == "serve":
            when = p.add_mutually_exclusive_group()
            when.add_argument(
                "--cron", default=None, help='cron schedule, e.g. "0 * * * *" (default: hourly)'
            )
            when.add_argument("--interval", type=int, default=None, help="seconds between runs")
        p.add_argument(
            "--retry-failed", action="store_true", help="extract again the files that failed before"
        )
        p.add_argument(
            "--allow-removals", action="store_true", help="let a run mark more than half of the files removed"
        )
    args = parser.parse_args(argv)
    params = {
        "raw": args.raw,
        "out": args.out,
        "db": args.db,
        "retry_failed": args.retry_failed,
        "allow_removals": args.allow_removals,
    }
    if args.command == "serve":
        # prefect reads the api url when it is imported, so the settings context must be refreshed
        from prefect.settings import PREFECT_API_URL, temporary_settings

        with local_server() as url, temporary_settings({PREFECT_API_URL: url}):
            if args.interval:
                ingest.serve(name="ingest-raw-scheduled", interval=args.interval, parameters=params)
            else:
                ingest.serve(name="ingest-raw-scheduled", cron=args.cron or "0 * * * *", parameters=params)
        return EXIT_OK
    state = ingest(**params, return_state=True)
    if not state.is_completed():
        sys.stderr.write(f"error: {state.message}\n")
        return EXIT_ABORTED
    summary = state.result()
    assert isinstance(summary, stages.RunSummary)
    sys.stdout.write(format_summary(summary) + "\n")
    return EXIT_DOC_FAILURES if summary.failed else EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
