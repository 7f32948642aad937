"""The handlers of the `pipeline` subcommands: each takes the parsed arguments and returns the exit code.

The heavy libraries (spaCy, pdfium, pydantic, Arrow) load in the commands that need them, so that
`pipeline sql`, `--help` and `--version` start in the time of Python and DuckDB; the benchmarks load
only in `pipeline bench`.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from pipeline.cli.output import (
    EXIT_DOC_FAILURES,
    EXIT_OK,
    EXIT_USAGE,
    csv_cell,
    extraction_json,
    format_summary,
    format_table,
    json_default,
)
from pipeline.readers.limits import Limits

if TYPE_CHECKING:
    from pipeline import stages
    from pipeline.extract.records import Extraction
    from schemas import Failure

__all__ = [
    "cmd_bench",
    "cmd_export",
    "cmd_extract",
    "cmd_load",
    "cmd_report",
    "cmd_run",
    "cmd_sql",
    "cmd_watch",
]


def _limits(args: argparse.Namespace) -> Limits:
    if not hasattr(args, "max_mb"):  # a command without reading limits (load)
        return Limits()
    return Limits(
        max_bytes=int(args.max_mb * 2**20),
        max_pages=args.max_pages,
        max_seconds=args.max_seconds,
        max_memory=int(args.max_memory_mb * 2**20),
    )


def _settings(args: argparse.Namespace) -> stages.Settings:
    from pipeline import stages

    # `load` has no --raw and no limits: it reads extracted/ only
    return stages.Settings(
        raw_dir=Path(getattr(args, "raw", "raw")),
        out_dir=Path(args.out),
        db_path=Path(args.db),
        limits=_limits(args) if hasattr(args, "max_mb") else Limits(),
        retry_failed=getattr(args, "retry_failed", False),
        allow_removals=getattr(args, "allow_removals", False),
    )


def cmd_run(args: argparse.Namespace) -> int:
    from pipeline import noop

    quick = None if args.retry_failed else noop.summary_if_nothing_to_do(Path(args.raw), Path(args.db))
    if quick is not None:
        print(quick)
        return EXIT_OK
    from pipeline import stages
    from pipeline.progress import RunProgress

    with RunProgress() as progress:
        summary = stages.run(_settings(args), progress)
    print(format_summary(summary))
    return EXIT_DOC_FAILURES if summary.failed else EXIT_OK


def cmd_report(args: argparse.Namespace) -> int:
    from pipeline.report import write_report

    out = write_report(Path(args.db), Path(args.out))
    print(f"report: {out.resolve().as_uri()}")
    return EXIT_OK


def cmd_watch(args: argparse.Namespace) -> int:
    from pipeline import stages, watch
    from pipeline.progress import RunProgress
    from pipeline.report import write_report

    settings = _settings(args)
    report = Path(args.report) if args.report else settings.db_path.with_name("report.html")

    def run_once(changed: Sequence[Path]) -> None:
        print(f"run started: {len(changed)} changed in {settings.raw_dir}", flush=True)
        with RunProgress() as progress:
            summary = stages.run(settings, progress)
        print(format_summary(summary), flush=True)
        if settings.db_path.exists():
            print(f"report: {write_report(settings.db_path, report).resolve().as_uri()}", flush=True)

    run_once([])  # the files already there first
    watch.watch(
        settings.raw_dir, run_once, on_ready=lambda: print(f"watching {settings.raw_dir}", flush=True)
    )
    return EXIT_OK


def cmd_extract(args: argparse.Namespace) -> int:
    from pipeline import stages

    with stages.DocumentWorker(_limits(args)) as worker:
        return _extract_files(args.files, Path(args.raw), worker)


def _extract_files(names: Sequence[str], raw_dir: Path, worker: stages.DocumentWorker) -> int:
    from pipeline import stages
    from schemas import Failure

    failed = 0
    for name in names:
        path = Path(name)
        if not path.is_file():
            detail = f"{name} does not exist or is not a file"
            result: Extraction | Failure = stages.make_failure("", name, "read", "E111", detail=detail)
        else:
            result = stages.extract_file(path, raw_dir, worker=worker)
        failed += isinstance(result, Failure)
        sys.stdout.write(json.dumps(extraction_json(result), ensure_ascii=False) + "\n")
        sys.stdout.flush()
    return EXIT_DOC_FAILURES if failed else EXIT_OK


def cmd_load(args: argparse.Namespace) -> int:
    from pipeline import stages

    settings = _settings(args)
    summary = stages.reload_extracted(settings)
    print(f"{summary.loaded} documents loaded from {settings.out_dir}, {len(summary.failed)} failed")
    for failure in summary.failed:
        print(f"FAILED {failure.path}: {failure.message}")
    return EXIT_DOC_FAILURES if summary.failed else EXIT_OK


def cmd_sql(args: argparse.Namespace) -> int:
    from pipeline import store

    if args.allow_files:
        try:
            store.check_file_query(args.query, Path(args.db))
        except store.QueryRefused as exc:
            print(f"error: {exc}", file=sys.stderr)
            return EXIT_USAGE
    con = store.open_reader(Path(args.db), files=args.allow_files)
    try:
        result = store.query(con, args.query)
    finally:
        con.close()
    rows = [dict(zip(result.columns, row, strict=True)) for row in result.rows]
    if args.format == "json":
        print(json.dumps(rows, ensure_ascii=False, default=json_default, indent=1))
    elif args.format == "nl":
        for row in rows:
            sys.stdout.write(json.dumps(row, ensure_ascii=False, default=json_default) + "\n")
    elif args.format == "csv":
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(result.columns)
        writer.writerows([csv_cell(v) for v in row] for row in result.rows)
    else:
        print(format_table(result))
    return EXIT_OK


def cmd_export(args: argparse.Namespace) -> int:
    from pipeline import store

    written = store.export_parquet(Path(args.db), Path(args.parquet))
    for path in written:
        print(path)
    return EXIT_OK


def cmd_bench(args: argparse.Namespace) -> int:
    from pipeline import bench

    return bench.main_bench(args)
