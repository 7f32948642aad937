"""Turn what the readers and finders produce into the schema records of one document."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING

from pipeline.extract.amounts import find_amounts
from pipeline.extract.dates import find_dates, find_publication_date
from pipeline.extract.percents import find_percents
from pipeline.extract.source import SourceText
from schemas import Amount, DateMention, Document, Entity, Percent, Table

if TYPE_CHECKING:
    from spacy.tokens import Doc


@dataclass(frozen=True)
class Extraction:
    """Every record extracted from one document."""

    document: Document
    entities: Sequence[Entity] = field(default=())
    amounts: Sequence[Amount] = field(default=())
    percents: Sequence[Percent] = field(default=())
    dates: Sequence[DateMention] = field(default=())
    tables: Sequence[Table] = field(default=())

    def records(self) -> list[Document | Entity | Amount | Percent | DateMention | Table]:
        """All records, the document first, in the order they are written."""
        return [self.document, *self.entities, *self.amounts, *self.percents, *self.dates, *self.tables]

    def counts(self) -> dict[str, int]:
        """How many records of each kind."""
        return {
            "entities": len(self.entities),
            "amounts": len(self.amounts),
            "percents": len(self.percents),
            "dates": len(self.dates),
            "tables": len(self.tables),
        }


@dataclass(frozen=True)
class DocumentInfo:
    """What the stage knows of a file before extraction."""

    doc_id: str
    path: str
    size_bytes: int
    pipeline_version: str


def build_document(info: DocumentInfo, source: SourceText) -> Document:
    """The document record, with the publication date from the reader or else from the text."""
    return Document(
        id=info.doc_id,
        path=info.path,
        format=source.format,
        title=source.title,
        publication_date=source.publication_date or find_publication_date(source.text),
        pages=source.pages,
        page_starts=list(source.page_starts),
        ocr=source.ocr,
        ocr_confidence=source.ocr_confidence,
        size_bytes=info.size_bytes,
        text=source.text,
        pipeline_version=info.pipeline_version,
    )


def build_extraction(info: DocumentInfo, source: SourceText, doc: Doc) -> Extraction:
    """Run every finder over `source` (and the spaCy `doc` of its text) and wrap the results as records.

    Args:
        info: identity of the file.
        source: the reader's text.
        doc: `nlp(source.text)`, made by the caller in a batch.

    Returns:
        The document record and its facts, each with provenance.
    """
    # spaCy loads with the first extraction, not with the run: a rerun with nothing new never needs it
    from pipeline.extract.entities import find_entities

    document = build_document(info, source)
    text = source.text

    def where(start: int, end: int) -> dict[str, object]:
        return {
            "doc_id": info.doc_id,
            "page": source.page_of(start),
            "start": start,
            "end": end,
            "text": text[start:end],
        }

    entities = [
        Entity(
            **where(m.start, m.end),
            label=m.label,
            canonical_id=m.canonical_id,
            canonical_name=m.canonical_name,
        )
        for m in find_entities(doc)
    ]
    amounts = [Amount(**where(m.start, m.end), **_fields(asdict(m))) for m in find_amounts(text)]
    percents = [Percent(**where(m.start, m.end), **_fields(asdict(m))) for m in find_percents(text)]
    dates = [
        DateMention(**where(m.start, m.end), **_fields(asdict(m)))
        for m in find_dates(text, document.publication_date)
    ]
    tables = [
        Table(doc_id=info.doc_id, page=t.page, index=t.index, rows=[list(r) for r in t.rows])
        for t in source.tables
    ]
    return Extraction(document, entities, amounts, percents, dates, tables)


def _fields(match: dict[str, object]) -> dict[str, object]:
    return {k: v for k, v in match.items() if k not in ("start", "end")}
