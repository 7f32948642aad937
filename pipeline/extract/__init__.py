"""The pure core: text in, records out. No I/O beyond the package's own data files."""

from pipeline.extract.amounts import AmountMatch, find_amounts
from pipeline.extract.dates import DateMatch, find_dates, find_publication_date, parse_date
from pipeline.extract.entities import EntityMatch, find_entities
from pipeline.extract.nlp import build_nlp
from pipeline.extract.numbers import parse_number
from pipeline.extract.percents import PercentMatch, find_percents, parse_percent
from pipeline.extract.records import DocumentInfo, Extraction, build_document, build_extraction
from pipeline.extract.source import ReadError, SourceText, TableText

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
