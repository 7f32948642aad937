"""The pure core: text in, records out. No I/O beyond the package's own data files.

Every name loads on first use, so that the readers, which import the internal types from here,
stay light, and a rerun with nothing new compiles none of the finders' patterns.
"""

import importlib
import typing

if typing.TYPE_CHECKING:
    from pipeline.extract.amounts import AmountMatch, find_amounts
    from pipeline.extract.dates import DateMatch, find_dates, find_publication_date, parse_date
    from pipeline.extract.numbers import parse_number
    from pipeline.extract.percents import PercentMatch, find_percents, parse_percent
    from pipeline.extract.source import ReadError, SourceText, TableText

_LAZY = {
    "AmountMatch": "pipeline.extract.amounts",
    "find_amounts": "pipeline.extract.amounts",
    "DateMatch": "pipeline.extract.dates",
    "find_dates": "pipeline.extract.dates",
    "find_publication_date": "pipeline.extract.dates",
    "parse_date": "pipeline.extract.dates",
    "parse_number": "pipeline.extract.numbers",
    "PercentMatch": "pipeline.extract.percents",
    "find_percents": "pipeline.extract.percents",
    "parse_percent": "pipeline.extract.percents",
    "ReadError": "pipeline.extract.source",
    "SourceText": "pipeline.extract.source",
    "TableText": "pipeline.extract.source",
    "DocumentInfo": "pipeline.extract.records",
    "EntityMatch": "pipeline.extract.entities",
    "Extraction": "pipeline.extract.records",
    "build_document": "pipeline.extract.records",
    "build_extraction": "pipeline.extract.records",
    "build_nlp": "pipeline.extract.nlp",
    "find_entities": "pipeline.extract.entities",
}

__all__ = [
    "AmountMatch",
    "DateMatch",
    "DocumentInfo",
    "EntityMatch",
    "Extraction",
    "PercentMatch",
    "ReadError",
    "SourceText",
    "TableText",
    "build_document",
    "build_extraction",
    "build_nlp",
    "find_amounts",
    "find_dates",
    "find_entities",
    "find_percents",
    "find_publication_date",
    "parse_date",
    "parse_number",
    "parse_percent",
]


def __getattr__(name: str) -> typing.Any:
    if name in _LAZY:
        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY))
