"""The `pipeline` command: run, extract, load, sql, export, report, watch, bench."""

from __future__ import annotations

import argparse
import csv
import json
import logging
import sys
import time
from collections.abc import Sequence
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pipeline import config
from pipeline.readers.limits import Limits

# the heavy libraries (spaCy, pdfium, pydantic, Arrow) load in the commands that need them, so that
# `pipeline sql`, `--help` and `--version` start in the time of Python and DuckDB
if TYPE_CHECKING:
    from pipeline import stages, store
    from pipeline.extract.records import Extraction
    from schemas import Failure, FundingFact

log = logging.getLogger(__name__)

EXIT_OK, EXIT_ABORTED, EXIT_USAGE, EXIT_DOC_FAILURES = 0, 1, 2, 3
MAX_CELL = 60


class _StderrHandler(logging.StreamHandler):  # type: ignore[type-arg]
    """Writes to whatever sys.stderr is at the time of each record (it may be replaced)."""

    @property
    def stream(self) -> Any:
        return sys.stderr

    @stream.setter
    def stream(self, value: Any) -> None:
        pass


def configure_logging(verbose: bool = False) -> None:
    """Logs go to stderr, one line each; -v adds levels, logger names and debug detail."""
    handler = _StderrHandler()
    handler.setFormatter(
        logging.Formatter("%(levelname)s %(name)s: %(message)s" if verbose else "%(message)s")
    )
    logger = logging.getLogger("pipeline")
    # replace our own handler only: another edge (prefect) may have added its own
    logger.handlers[:] = [h for h in logger.handlers if not isinstance(h, _StderrHandler)] + [handler]
    logger.setLevel(logging.DEBUG if verbose else logging.INFO)
    logger.propagate = False


def format_summary(summary: stages.RunSummary) -> str:
    """One screen: what the run found, did, and what failed."""
    lines = [
        f"{summary.new} new, {summary.changed} changed, {summary.unchanged} unchanged, "
        f"{summary.removed} removed"
        + (f", {summary.reextracted} extracted again" if summary.reextracted else ""),
        f"{summary.ok} ok, {summary.failed} failed in {summary.seconds:.1f} s "
        + "("
        + ", ".join(f"{k} {v:.1f} s" for k, v in summary.stage_seconds.items())
        + ")",
    ]
    if summary.counts:
        lines.append("records: " + ", ".join(f"{k} {v}" for k, v in sorted(summary.counts.items())))
    for failure in summary.failures:
        lines.append(f"FAILED {failure.path}: {failure.message}")
    return "\n".join(lines)


def extraction_json(result: Extraction | Failure) -> dict[str, Any]:
    """The extraction contract: one object per input file."""
    from schemas import Failure

    if isinstance(result, Failure):
        return {
            "path": result.path,
            "id": result.doc_id or None,
            "error": {"code": result.code, "stage": result.stage, "message": result.message},
        }

    def dump(records: Sequence[Any]) -> list[dict[str, Any]]:
        return [r.model_dump(mode="json", exclude={"kind", "doc_id"}) for r in records]

    return {
        "document": result.document.model_dump(mode="json", exclude={"kind"}),
        "entities": dump(result.entities),
        "amounts": dump(result.amounts),
        "percentages": dump(result.percents),
        "dates": dump(result.dates),
        "tables": dump(result.tables),
        "funding": [funding_json(f) for f in result.funding],
    }


def funding_json(fact: FundingFact) -> dict[str, Any]:
    """A funding fact in the extraction contract: `kind` is the funding kind, value a decimal string."""
    row = fact.model_dump(mode="json", exclude={"kind", "doc_id", "funding_kind"})
    return {"value": row.pop("value"), "currency": row.pop("currency"), "kind": fact.funding_kind, **row}


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        # integers without decimals, other amounts with at least two ("27.200.774,90")
        value = value.quantize(Decimal(1)) if value == value.to_integral() else value.normalize()
        if value.as_tuple().exponent == -1:
            value = value.quantize(Decimal("0.01"))
        return f"{value:,f}".replace(",", "_").replace(".", ",").replace("_", ".")
    text = str(value).replace("\n", " ")
    return text if len(text) <= MAX_CELL else text[: MAX_CELL - 1] + "…"


def format_table(result: store.QueryResult) -> str:
    """A plain text table; numbers right-aligned, amounts with Italian separators."""
    cells = [[_cell(v) for v in row] for row in result.rows]
    widths = [max([len(c)] + [len(r[i]) for r in cells]) for i, c in enumerate(result.columns)]
    numeric = [
        all(isinstance(row[i], int | float | Decimal) or row[i] is None for row in result.rows)
        for i in range(len(result.columns))
    ]

    def line(values: Sequence[str]) -> str:
        return "  ".join(
            v.rjust(w) if n else v.ljust(w) for v, w, n in zip(values, widths, numeric, strict=True)
        )

    out = [line(result.columns), "  ".join("-" * w for w in widths)]
    out += [line(r) for r in cells]
    out.append(f"({len(cells)} row{'s' if len(cells) != 1 else ''})")
    return "\n".join(s.rstrip() for s in out)


def _json_default(value: Any) -> Any:
    if isinstance(value, Decimal):  # a JSON number: integers exact, others as the nearest double
        return int(value) if value == value.to_integral() else float(value)
    if isinstance(value, date | datetime):
        return value.isoformat()
    return str(value)


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


def _build_nlp() -> Any:
    from pipeline.extract.nlp import build_nlp

    return build_nlp()


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
        print(json.dumps(rows, ensure_ascii=False, default=_json_default, indent=1))
    elif args.format == "nl":
        for row in rows:
            sys.stdout.write(json.dumps(row, ensure_ascii=False, default=_json_default) + "\n")
    elif args.format == "csv":
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(result.columns)
        writer.writerows([_csv_cell(v) for v in row] for row in result.rows)
    else:
        print(format_table(result))
    return EXIT_OK


def _csv_cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False, default=_json_default)
    return value


def cmd_export(args: argparse.Namespace) -> int:
    from pipeline import store

    written = store.export_parquet(Path(args.db), Path(args.parquet))
    for path in written:
        print(path)
    return EXIT_OK


def cmd_bench(args: argparse.Namespace) -> int:
    from pipeline import bench

    return bench.main_bench(args)


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of every subcommand."""
    parser = argparse.ArgumentParser(prog="pipeline", description=__doc__)
    parser.add_argument("-v", "--verbose", action="store_true", help="debug logs and tracebacks")
    parser.add_argument("--version", action="version", version=f"pipeline {_version()}")
    # -v also after the subcommand ('pipeline load -v'); SUPPRESS keeps a -v given before it
    verbose = argparse.ArgumentParser(add_help=False)
    verbose.add_argument(
        "-v", "--verbose", action="store_true", default=argparse.SUPPRESS, help="debug logs and tracebacks"
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def command(name: str, help: str) -> argparse.ArgumentParser:
        return sub.add_parser(name, help=help, parents=[verbose])

    conf = config.defaults()

    def paths(p: argparse.ArgumentParser, raw: bool = True, out: bool = True, db: bool = True) -> None:
        # flags first, then PIPELINE_RAW / PIPELINE_OUT / PIPELINE_DB, then pipeline.toml
        if raw:
            p.add_argument("--raw", default=conf["raw"], help=f"folder of source documents ({conf['raw']})")
        if out:
            p.add_argument("--out", default=conf["out"], help=f"folder of JSON Lines records ({conf['out']})")
        if db:
            p.add_argument("--db", default=conf["db"], help=f"DuckDB file ({conf['db']})")

    def limits(p: argparse.ArgumentParser) -> None:
        default = Limits()
        p.add_argument(
            "--max-mb",
            type=float,
            default=default.max_bytes / 2**20,
            help=f"largest file read, in MB (default: {default.max_bytes // 2**20})",
        )
        p.add_argument(
            "--max-pages",
            type=int,
            default=default.max_pages,
            help=f"most PDF pages read (default: {default.max_pages})",
        )
        p.add_argument(
            "--max-seconds",
            type=float,
            default=default.max_seconds,
            help=f"longest time to read one file (default: {default.max_seconds:g})",
        )
        p.add_argument(
            "--max-memory-mb",
            type=float,
            default=default.max_memory / 2**20,
            help=f"memory for reading one PDF or HTML file, in MB (default: {default.max_memory // 2**20})",
        )

    p = command("run", help="process new or changed files in raw/: extract, write, load")
    paths(p)
    limits(p)
    p.add_argument(
        "--retry-failed", action="store_true", help="extract again the files that failed in earlier runs"
    )
    p.add_argument(
        "--allow-removals",
        action="store_true",
        help="let this run mark more than half of the loaded files removed (or all, for an empty raw/)",
    )
    p.set_defaults(handler=cmd_run)
    p = command("extract", help="print the records of FILEs as JSON Lines on stdout; writes nothing")
    p.add_argument("files", nargs="+", metavar="FILE", help="documents to extract")
    paths(p, out=False, db=False)
    limits(p)
    p.set_defaults(handler=cmd_extract)
    p = command("load", help="(re)load extracted/*.jsonl into DuckDB")
    paths(p, raw=False)
    p.set_defaults(handler=cmd_load)
    p = command("sql", help="run a read-only SQL query on the warehouse and print a table")
    p.add_argument("query", help='SQL, e.g. "SELECT * FROM totals_by_year"')
    shape = p.add_mutually_exclusive_group()
    for flag, what in (
        ("json", "a JSON array of row objects"),
        ("nl", "JSON lines, one row object a line"),
        ("csv", "CSV with a header row"),
    ):
        shape.add_argument(f"--{flag}", dest="format", action="store_const", const=flag, help=f"print {what}")
    p.set_defaults(format="table")
    p.add_argument(
        "--allow-files",
        action="store_true",
        help="let the query read and write files (COPY ... TO, read_csv, glob); never the warehouse",
    )
    paths(p, raw=False, out=False)
    p.set_defaults(handler=cmd_sql)
    p = command("export", help="write every table and view of the warehouse as Parquet files")
    p.add_argument("--parquet", required=True, metavar="DIR", help="folder for <table>.parquet files")
    paths(p, raw=False, out=False)
    p.set_defaults(handler=cmd_export)
    p = command("report", help="write the warehouse as one HTML file to open in a browser")
    p.add_argument("--out", default="report.html", help="HTML file to write (default: report.html)")
    paths(p, raw=False, out=False)
    p.set_defaults(handler=cmd_report)
    p = command("watch", help="run now, then again within seconds of each file landing in raw/")
    paths(p)
    limits(p)
    p.add_argument("--report", default=None, help="HTML report written after each run (default: beside --db)")
    p.set_defaults(handler=cmd_watch)
    p = command("bench", help="accuracy on the gold, or speed on a corpus")
    p.add_argument("what", choices=["accuracy", "speed"], help="which benchmark")
    p.add_argument(
        "--corpus", default=None, help="folder of documents for speed (default: raw, copied to --docs files)"
    )
    p.add_argument("--repeat", type=int, default=3, help="timed runs for speed (default: 3)")
    p.add_argument(
        "--docs", type=int, default=1000, help="documents in the speed corpus, copies of raw/ (default: 1000)"
    )
    p.add_argument("--json", action="store_true", help="print the report as JSON")
    p.set_defaults(handler=cmd_bench)
    return parser


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("pipeline")
    except PackageNotFoundError:
        return "0+unknown"


def main(argv: list[str] | None = None) -> int:
    """Entry point of the `pipeline` command; returns the exit code."""
    try:
        parser = build_parser()
        args = parser.parse_args(argv)
    except SystemExit as exc:
        return int(exc.code or 0)
    except config.ConfigError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    configure_logging(args.verbose)
    from pipeline import store

    started = time.perf_counter()
    try:
        code: int = args.handler(args)
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return EXIT_ABORTED
    except (store.StoreBusy, store.UnreadableFormat, FileNotFoundError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_ABORTED
    except store.LoadError as exc:
        print(f"error: {str(exc).splitlines()[0]}", file=sys.stderr)
        if args.verbose:
            raise
        return EXIT_ABORTED if args.command != "sql" else EXIT_USAGE
    except Exception as exc:
        # a refused run (missing or emptied raw/, mass removal) is an answer, not a crash; the class is
        # looked up where it lives, so that commands that never discover do not import the stages
        refused = getattr(sys.modules.get("pipeline.stages.discovery"), "RemovalRefused", None)
        if refused is not None and isinstance(exc, refused):
            print(f"error: {exc}", file=sys.stderr)
            return EXIT_ABORTED
        if args.verbose:
            raise
        print(f"error: {type(exc).__name__}: {exc} (run with -v for the traceback)", file=sys.stderr)
        return EXIT_ABORTED
    log.debug("command took %.2f s", time.perf_counter() - started)
    return code


if __name__ == "__main__":
    sys.exit(main())
