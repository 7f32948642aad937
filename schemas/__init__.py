"""The record models and the error catalogue: the contract between stages."""

from schemas.errors import ERRORS, error_message
from schemas.records import (
    RECORD_ADAPTER,
    SCHEMA_VERSION,
    Amount,
    AnyRecord,
    DateMention,
    Document,
    Entity,
    Failure,
    FundingFact,
    Percent,
    Record,
    Table,
)

__all__ = [
    "ERRORS",
    "RECORD_ADAPTER",
    "SCHEMA_VERSION",
    "Amount",
    "AnyRecord",
    "DateMention",
    "Document",
    "Entity",
    "Failure",
    "FundingFact",
    "Percent",
    "Record",
    "Table",
    "error_message",
]
