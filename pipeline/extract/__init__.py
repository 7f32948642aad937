"""The pure core: text in, records out. No I/O beyond the package's own data files.

`build_extraction` is the way in: it builds one `TextView` of the reader's text, runs the registered
finders over it (`registered_finders` lists them with their versions) and wraps their results as
records. Every name loads on first use, so that the readers, which import the internal types from
here, stay light, and a rerun with nothing new compiles none of the finders' patterns.
"""

import importlib
import typing

if typing.TYPE_CHECKING:
    from pipeline.extract.amounts import find_amounts
    from pipeline.extract.dates import find_dates, find_publication_date
    from pipeline.extract.finders import registered_finders
    from pipeline.extract.nlp import build_nlp
    from pipeline.extract.records import DocumentInfo, Extraction, build_document, build_extraction
    from pipeline.extract.registry import FinderContext
    from pipeline.extract.source import ReadError, SourceText, TableText
    from pipeline.extract.view import TextView

_LAZY = {
    "DocumentInfo": "pipeline.extract.records",
    "Extraction": "pipeline.extract.records",
    "build_document": "pipeline.extract.records",
    "build_extraction": "pipeline.extract.records",
    "FinderContext": "pipeline.extract.registry",
    "registered_finders": "pipeline.extract.finders",
    "TextView": "pipeline.extract.view",
    "ReadError": "pipeline.extract.source",
    "SourceText": "pipeline.extract.source",
    "TableText": "pipeline.extract.source",
    "build_nlp": "pipeline.extract.nlp",
    # single finders over a bare text, for the benchmark cases
    "find_amounts": "pipeline.extract.amounts",
    "find_dates": "pipeline.extract.dates",
    "find_publication_date": "pipeline.extract.dates",
}

__all__ = [
    "DocumentInfo",
    "Extraction",
    "FinderContext",
    "ReadError",
    "SourceText",
    "TableText",
    "TextView",
    "build_document",
    "build_extraction",
    "build_nlp",
    "find_amounts",
    "find_dates",
    "find_publication_date",
    "registered_finders",
]


def __getattr__(name: str) -> typing.Any:
    if name in _LAZY:
        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY))
