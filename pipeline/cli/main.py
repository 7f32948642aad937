"""Entry point of the `pipeline` command: parse, set up logging, run the subcommand, map errors to exit
codes."""

from __future__ import annotations

import logging
import sys
import time
from typing import Any

from pipeline import config, lockfiles
from pipeline.cli.output import EXIT_ABORTED, EXIT_USAGE
from pipeline.cli.parser import build_parser

__all__ = ["configure_logging", "main"]

log = logging.getLogger(__name__)


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
    busy: tuple[type[BaseException], ...] = (lockfiles.StoreBusy, FileNotFoundError)
    started = time.perf_counter()
    try:
        code: int = args.handler(args)
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return EXIT_ABORTED
    except busy as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_ABORTED
    except Exception as exc:
        # the warehouse's errors are looked up where they live: a rerun with nothing new never imports
        # DuckDB, and an error of a module never imported cannot have been raised
        store = sys.modules.get("pipeline.store.connection")
        if store is not None and isinstance(exc, store.UnreadableFormat):
            print(f"error: {exc}", file=sys.stderr)
            return EXIT_ABORTED
        if store is not None and isinstance(exc, store.LoadError):
            print(f"error: {str(exc).splitlines()[0]}", file=sys.stderr)
            if args.verbose:
                raise
            return EXIT_ABORTED if args.command != "sql" else EXIT_USAGE
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
