"""Turn what the readers and finders produce into the schema records of one document."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING

from pipeline.extract.dates import find_publication_date
from pipeline.extract.finders import FinderContext, run_finders
from pipeline.extract.funding import FundingMatch
from pipeline.extract.funding_roles import fold
from pipeline.extract.language import detect_language
from pipeline.extract.source import SourceText
from pipeline.extract.view import TextView
from schemas import Amount, DateMention, Document, Entity, FundingFact, Percent, Table

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
    funding: Sequence[FundingFact] = field(default=())

    def records(self) -> list[Document | Entity | Amount | Percent | DateMention | FundingFact | Table]:
        """All records, the document first, in the order they are written."""
        return [
            self.document,
            *self.entities,
            *self.amounts,
            *self.percents,
            *self.dates,
            *self.funding,
            *self.tables,
        ]

    def counts(self) -> dict[str, int]:
        """How many records of each kind."""
        return {
            "entities": len(self.entities),
            "amounts": len(self.amounts),
            "percents": len(self.percents),
            "dates": len(self.dates),
            "tables": len(self.tables),
            "funding": len(self.funding),
        }


@dataclass(frozen=True)
class DocumentInfo:
    """What the stage knows of a file before extraction."""

    doc_id: str
    path: str
    size_bytes: int
    pipeline_version: str


def build_document(info: DocumentInfo, source: SourceText) -> Document:
    """The document record: the publication date from the reader, else the text's dateline, else the file
    name; the language as detected, else as the file declares it (a template may declare it wrongly)."""
    return Document(
        id=info.doc_id,
        path=info.path,
        format=source.format,
        title=source.title,
        publication_date=source.publication_date or find_publication_date(source.text) or source.name_date,
        modified_date=source.modified_date,
        language=detect_language(source.text) or source.language,
        tags=list(source.tags),
        pages=source.pages,
        page_starts=list(source.page_starts),
        ocr=source.ocr,
        ocr_confidence=source.ocr_confidence,
        size_bytes=info.size_bytes,
        text=source.text,
        pipeline_version=info.pipeline_version,
    )


def build_extraction(info: DocumentInfo, source: SourceText, doc: Doc) -> Extraction:
    """Run every registered finder over `source` (and the spaCy `doc` of its text) and wrap the results
    as records.

    Args:
        info: identity of the file.
        source: the reader's text.
        doc: `nlp(source.text)`, made by the caller in a batch.

    Returns:
        The document record and its facts, each with provenance.
    """
    document = build_document(info, source)
    text = source.text
    view = TextView.of(text)
    context = FinderContext(
        publication_date=document.publication_date,
        tables=source.tables,
        page_starts=source.page_starts,
        doc=doc,
    )
    found = run_finders(view, context)

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
            ipa_code=m.ipa_code,
        )
        for m in found["entities"]
    ]
    amounts = [Amount(**where(m.start, m.end), **_fields(asdict(m))) for m in found["amounts"]]
    percents = [Percent(**where(m.start, m.end), **_fields(asdict(m))) for m in found["percents"]]
    dates = [DateMention(**where(m.start, m.end), **_fields(asdict(m))) for m in found["dates"]]
    funding = [funding_record(f, info.doc_id, where(f.start, f.end), text) for f in found["funding"]]
    tables = [
        Table(doc_id=info.doc_id, page=t.page, index=t.index, rows=[list(r) for r in t.rows])
        for t in source.tables
    ]
    return Extraction(document, entities, amounts, percents, dates, tables, funding)


def commitment_id(f: FundingMatch, doc_id: str) -> str:
    """One id per commitment: the same funder (or programme), amount and currency in any document;
    an amount that names neither is its own commitment."""
    if f.funder is None and f.programme is None:
        key = f"{doc_id}:{f.start}"
    else:
        funder = f.funder_id or fold(f.funder or "")
        key = f"{funder}|{fold(f.programme or '')}|{f.counted_value.normalize():f}|{f.currency}"
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]


def funding_record(f: FundingMatch, doc_id: str, where: dict[str, object], text: str) -> FundingFact:
    """The schema record of one funding fact."""
    return FundingFact(
        **where,
        value=f.value,
        currency=f.currency,
        funding_kind=f.kind,
        funder=f.funder,
        funder_id=f.funder_id,
        recipients=list(f.recipients),
        programme=f.programme,
        purpose=f.purpose,
        date=f.date,
        date_basis=f.date_basis,
        each_count=f.each_count,
        part_of_start=f.part_of_start,
        repeat_of_start=f.repeat_of_start,
        counts_in_total=f.counts_in_total,
        commitment_id=commitment_id(f, doc_id),
        sentence=text[f.sentence_start : f.sentence_end],
        sentence_start=f.sentence_start,
    )


def _fields(match: dict[str, object]) -> dict[str, object]:
    return {k: v for k, v in match.items() if k not in ("start", "end")}
