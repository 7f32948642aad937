"""The argument parser of the `pipeline` command, one function per subcommand."""

from __future__ import annotations

import argparse

from pipeline import config
from pipeline.cli import commands
from pipeline.readers.limits import Limits

__all__ = ["DESCRIPTION", "build_parser"]

DESCRIPTION = "The `pipeline` command: run, extract, load, sql, export, report, watch, bench."
VERBOSE_HELP = "debug logs and tracebacks"


class _Commands:
    """Adds subcommands that share the `-v` flag and the configured default paths."""

    def __init__(self, parser: argparse.ArgumentParser) -> None:
        # -v also after the subcommand ('pipeline load -v'); SUPPRESS keeps a -v given before it
        self.verbose = argparse.ArgumentParser(add_help=False)
        self.verbose.add_argument(
            "-v", "--verbose", action="store_true", default=argparse.SUPPRESS, help=VERBOSE_HELP
        )
        self.sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
        self.conf = config.defaults()

    def add(self, name: str, help: str) -> argparse.ArgumentParser:
        return self.sub.add_parser(name, help=help, parents=[self.verbose])

    def paths(self, p: argparse.ArgumentParser, raw: bool = True, out: bool = True, db: bool = True) -> None:
        # flags first, then PIPELINE_RAW / PIPELINE_OUT / PIPELINE_DB, then pipeline.toml
        conf = self.conf
        if raw:
            p.add_argument("--raw", default=conf["raw"], help=f"folder of source documents ({conf['raw']})")
        if out:
            p.add_argument("--out", default=conf["out"], help=f"folder of JSON Lines records ({conf['out']})")
        if db:
            p.add_argument("--db", default=conf["db"], help=f"DuckDB file ({conf['db']})")


def _limits(p: argparse.ArgumentParser) -> None:
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


def _add_run(cmds: _Commands) -> None:
    p = cmds.add("run", help="process new or changed files in raw/: extract, write, load")
    cmds.paths(p)
    _limits(p)
    p.add_argument(
        "--retry-failed", action="store_true", help="extract again the files that failed in earlier runs"
    )
    p.add_argument(
        "--allow-removals",
        action="store_true",
        help="let this run mark more than half of the loaded files removed (or all, for an empty raw/)",
    )
    p.set_defaults(handler=commands.cmd_run)


def _add_extract(cmds: _Commands) -> None:
    p = cmds.add("extract", help="print the records of FILEs as JSON Lines on stdout; writes nothing")
    p.add_argument("files", nargs="+", metavar="FILE", help="documents to extract")
    cmds.paths(p, out=False, db=False)
    _limits(p)
    p.set_defaults(handler=commands.cmd_extract)


def _add_load(cmds: _Commands) -> None:
    p = cmds.add("load", help="(re)load extracted/*.jsonl into DuckDB")
    cmds.paths(p, raw=False)
    p.set_defaults(handler=commands.cmd_load)


def _add_sql(cmds: _Commands) -> None:
    p = cmds.add("sql", help="run a read-only SQL query on the warehouse and print a table")
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
    cmds.paths(p, raw=False, out=False)
    p.set_defaults(handler=commands.cmd_sql)


def _add_export(cmds: _Commands) -> None:
    p = cmds.add("export", help="write every table and view of the warehouse as Parquet files")
    p.add_argument("--parquet", required=True, metavar="DIR", help="folder for <table>.parquet files")
    cmds.paths(p, raw=False, out=False)
    p.set_defaults(handler=commands.cmd_export)


def _add_report(cmds: _Commands) -> None:
    p = cmds.add("report", help="write the warehouse as one HTML file to open in a browser")
    p.add_argument("--out", default="report.html", help="HTML file to write (default: report.html)")
    cmds.paths(p, raw=False, out=False)
    p.set_defaults(handler=commands.cmd_report)


def _add_watch(cmds: _Commands) -> None:
    p = cmds.add("watch", help="run now, then again within seconds of each file landing in raw/")
    cmds.paths(p)
    _limits(p)
    p.add_argument("--report", default=None, help="HTML report written after each run (default: beside --db)")
    p.set_defaults(handler=commands.cmd_watch)


def _add_bench(cmds: _Commands) -> None:
    p = cmds.add("bench", help="accuracy on the gold, or speed on a corpus")
    p.add_argument("what", choices=["accuracy", "speed"], help="which benchmark")
    p.add_argument(
        "--corpus", default=None, help="folder of documents for speed (default: raw, copied to --docs files)"
    )
    p.add_argument("--repeat", type=int, default=3, help="timed runs for speed (default: 3)")
    p.add_argument(
        "--docs", type=int, default=1000, help="documents in the speed corpus, copies of raw/ (default: 1000)"
    )
    p.add_argument("--json", action="store_true", help="print the report as JSON")
    p.set_defaults(handler=commands.cmd_bench)


SUBCOMMANDS = (_add_run, _add_extract, _add_load, _add_sql, _add_export, _add_report, _add_watch, _add_bench)


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of every subcommand."""
    parser = argparse.ArgumentParser(prog="pipeline", description=DESCRIPTION)
    parser.add_argument("-v", "--verbose", action="store_true", help=VERBOSE_HELP)
    parser.add_argument("--version", action=_Version, nargs=0, help="show the version and exit")
    cmds = _Commands(parser)
    for add in SUBCOMMANDS:
        add(cmds)
    return parser


class _Version(argparse.Action):
    """`--version`: the installed version, looked up only when asked (the lookup costs a run 60 ms)."""

    def __call__(self, parser: argparse.ArgumentParser, *args: object, **kwargs: object) -> None:
        print(f"pipeline {_version()}")
        parser.exit()


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("pipeline")
    except PackageNotFoundError:
        return "0+unknown"
