"""The `pipeline` command: run, extract, load, sql, export, report, watch, bench.

`parser` builds the arguments, `commands` holds a handler per subcommand, `output` what they print
and the exit codes, `main` the entry point.
"""

from pipeline.cli.main import main
from pipeline.cli.output import EXIT_ABORTED, EXIT_DOC_FAILURES, EXIT_OK, EXIT_USAGE, format_summary
from pipeline.cli.parser import build_parser

__all__ = [
    "EXIT_ABORTED",
    "EXIT_DOC_FAILURES",
    "EXIT_OK",
    "EXIT_USAGE",
    "build_parser",
    "format_summary",
    "main",
]
