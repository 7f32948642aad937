"""Pydantic records: everything written to extracted/ or loaded into DuckDB."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, model_validator

# 2: language, dates and tags on Document; ipa_code on Entity; FundingFact
# 3: sentence_start and sentence_end on Amount
SCHEMA_VERSION = 3

Format = Literal["pdf", "html", "markdown", "text"]
Stage = Literal["discover", "read", "extract", "write", "load"]
EntityLabel = Literal["PER", "ORG", "LOC", "PROGRAMME"]
Granularity = Literal["day", "month", "year", "interval", "season"]
AmountRole = Literal["cost", "contribution", "allocation", "share", "investment", "revenue"]
FundingKind = Literal[
    "allocation", "grant", "transfer", "investment", "cost", "cap", "threshold", "part_of", "other"
]
DateBasis = Literal["stated", "publication"]


class Record(BaseModel):
    """Base of every record: immutable, and an unknown field is an error."""

    model_config = ConfigDict(frozen=True, extra="forbid")


class Fact(Record):
    """A fact found in a document, with its provenance."""

    doc_id: str = Field(description="SHA-256 of the raw bytes of the source file")
    page: int | None = Field(default=None, description="1-based page of the fact (PDF only)")
    start: int = Field(ge=0, description="character offset of the quote in the document text")
    end: int = Field(ge=0, description="offset one past the last character of the quote")
    text: str = Field(description="the exact quote, document.text[start:end]")

    @model_validator(mode="after")
    def _quote_matches_offsets(self) -> Fact:
        if self.end - self.start != len(self.text):
            raise ValueError(
                f"end - start = {self.end - self.start} but the quote has {len(self.text)} characters"
            )
        return self


class Document(Record):
    """One source file that was read."""

    kind: Literal["document"] = "document"
    id: str = Field(description="SHA-256 of the raw bytes")
    path: str = Field(description="path relative to raw/, with forward slashes")
    format: Format = Field(description="how the file was read")
    title: str | None = Field(default=None, description="title from the file's metadata or first heading")
    publication_date: date | None = Field(
        default=None,
        description="the date the document states it was published: the date shown under the title, "
        "else the front matter or meta tags, else the dateline, else a date in the file name",
    )
    modified_date: date | None = Field(
        default=None, description="the date the page says it was last modified (meta tags, front matter)"
    )
    language: str | None = Field(
        default=None,
        description="ISO 639-1 code of the text's language (detected, or declared in front matter); "
        "the finders read Italian and English, other languages are flagged in the log",
    )
    tags: list[str] = Field(default_factory=list, description="tags or categories from the front matter")
    pages: int | None = Field(default=None, description="page count (PDF only)")
    page_starts: list[int] = Field(
        default_factory=list, description="offset in text where each page begins (PDF only)"
    )
    ocr: bool = Field(default=False, description="true when some of the text comes from OCR")
    ocr_confidence: float | None = Field(default=None, description="mean OCR word confidence, 0-100")
    size_bytes: int = Field(ge=0, description="size of the raw file")
    text: str = Field(description="the plain text that every offset refers to")
    pipeline_version: str = Field(description="version of the pipeline that extracted the records")
    schema_version: int = Field(default=SCHEMA_VERSION, description="version of these record models")


class Entity(Fact):
    """A mention of a named person, organisation, place or programme."""

    kind: Literal["entity"] = "entity"
    label: EntityLabel = Field(description="PER, ORG, LOC or PROGRAMME (programmes, funds, projects)")
    canonical_id: str = Field(
        description="stable id of the real-world entity, e.g. 'ORG:politecnico-di-milano'"
    )
    canonical_name: str = Field(description="the name the canonical entity goes by")
    ipa_code: str | None = Field(
        default=None,
        description="code of the public body in the IPA registry (indice delle PA), when it is one",
    )


class Amount(Fact):
    """A money amount."""

    kind: Literal["amount"] = "amount"
    value: Decimal = Field(description="amount in its currency; '13,5 milioni di euro' -> 13500000")
    value_max: Decimal | None = Field(
        default=None, description="upper end of a range ('da 50.000 a 200.000 euro')"
    )
    currency: str = Field(pattern=r"^[A-Z]{3}$", description="ISO 4217 code")
    explicit_currency: bool = Field(description="false when the currency is only implied by the context")
    approximate: bool = Field(default=False, description="a qualifier such as 'circa' or 'oltre' precedes it")
    qualifier: str | None = Field(
        default=None, description="the qualifier word as written ('circa', 'oltre', 'fino a')"
    )
    role: AmountRole | None = Field(default=None, description="what the amount is, when the sentence says it")
    sentence: str = Field(default="", description="the sentence the amount is in")
    sentence_start: int | None = Field(
        default=None, ge=0, description="offset in the document text of the sentence's first character"
    )
    sentence_end: int | None = Field(
        default=None, ge=0, description="offset in the document text just after the sentence's last character"
    )


class Percent(Fact):
    """A percentage."""

    kind: Literal["percent"] = "percent"
    value: Decimal = Field(description="'26,7%' -> 26.7")


class DateMention(Fact):
    """A date, month, year, period or relative time expression."""

    kind: Literal["date"] = "date"
    value: str | None = Field(
        description="ISO 8601 at the written precision ('2021-07-09', '2022-06', '2021', 'start/end'); "
        "XXXX for a year the text does not give; null for an unresolved relative expression"
    )
    granularity: Granularity | None = Field(description="precision of value; null for relative expressions")
    context_value: str | None = Field(
        default=None,
        description="value with missing years filled in from the document (publication date, context)",
    )
    year_inferred: bool = Field(
        default=False, description="true when context_value fills a year the text omits"
    )
    relative: bool = Field(default=False, description="a relative expression ('oggi', 'lo scorso anno')")
    start_date: date | None = Field(default=None, description="first day covered, when known")
    end_date: date | None = Field(default=None, description="last day covered, when known")


class FundingFact(Fact):
    """What one money amount is: who pays it, who gets it, through what, and whether it counts."""

    kind: Literal["funding"] = "funding"
    value: Decimal = Field(
        description="the amount in its currency (for one recipient when each_count is set)"
    )
    currency: str = Field(pattern=r"^[A-Z]{3}$", description="ISO 4217 code")
    funding_kind: FundingKind = Field(
        description="allocation, grant, transfer, investment (money committed); cost, cap, threshold, "
        "part_of (a part of a larger amount), other (prices, deficits, revenues, salaries)"
    )
    funder: str | None = Field(default=None, description="canonical name of who pays, grants or allocates it")
    funder_id: str | None = Field(default=None, description="canonical id of the funder entity")
    recipients: list[str] = Field(
        default_factory=list, description="who gets it: canonical names or a category ('comuni', 'imprese')"
    )
    programme: str | None = Field(default=None, description="the fund, programme, call or measure")
    purpose: str | None = Field(default=None, description="what it is for, a short phrase from the text")
    date: str | None = Field(default=None, description="ISO date at its precision: stated, else publication")
    date_basis: DateBasis | None = Field(default=None, description="where the date comes from")
    each_count: int | None = Field(default=None, description="N when the amount applies to each of N")
    part_of_start: int | None = Field(
        default=None, description="offset of the larger amount this one is a part of (kind part_of)"
    )
    repeat_of_start: int | None = Field(
        default=None, description="offset of the mention that counts when this one restates it"
    )
    counts_in_total: bool = Field(
        description="true for money committed, once per commitment in the document (value x each_count)"
    )
    commitment_id: str = Field(description="same funder, amount and programme across documents: same id")
    sentence: str = Field(default="", description="the sentence the amount is in")
    sentence_start: int = Field(default=0, ge=0, description="offset of the sentence in the document text")


class Table(Record):
    """A table found on a PDF page."""

    kind: Literal["table"] = "table"
    doc_id: str = Field(description="SHA-256 of the raw bytes")
    page: int = Field(ge=1, description="1-based page")
    index: int = Field(ge=0, description="position of the table on its page")
    rows: list[list[str | None]] = Field(description="cell text, row by row")


class Failure(Record):
    """A document that could not be processed, and why."""

    kind: Literal["failure"] = "failure"
    doc_id: str = Field(description="SHA-256 of the raw bytes ('' when the file could not be read at all)")
    path: str = Field(description="path relative to raw/")
    stage: Stage = Field(description="the stage that failed")
    code: str = Field(pattern=r"^E\d{3}$", description="stable error code, see schemas.errors")
    message: str = Field(description="what went wrong and what to do")


AnyRecord = Annotated[
    Document | Entity | Amount | Percent | DateMention | FundingFact | Table | Failure,
    Field(discriminator="kind"),
]
RECORD_ADAPTER: TypeAdapter[
    Document | Entity | Amount | Percent | DateMention | FundingFact | Table | Failure
] = TypeAdapter(AnyRecord)
