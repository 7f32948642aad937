"""The warehouse's tables, views and macros, the columns added since the first release, and which
record model goes to which table."""

from __future__ import annotations

import logging
from functools import cache
from typing import TYPE_CHECKING

import duckdb

from pipeline import fts

if TYPE_CHECKING:  # schemas (pydantic) is imported when loading, not by `pipeline sql`
    from schemas import Record

log = logging.getLogger("pipeline.store")

# columns that the store adds to the model fields
BOOKKEEPING = {"documents": ("loaded_at",), "failures": ("failed_at",)}

DDL = """
CREATE TABLE IF NOT EXISTS documents (
    id VARCHAR PRIMARY KEY,
    path VARCHAR NOT NULL,
    format VARCHAR NOT NULL,
    title VARCHAR,
    publication_date DATE,
    modified_date DATE,
    language VARCHAR,
    tags VARCHAR[],
    pages INTEGER,
    page_starts INTEGER[],
    ocr BOOLEAN NOT NULL,
    ocr_confidence DOUBLE,
    size_bytes BIGINT NOT NULL,
    text VARCHAR NOT NULL,
    pipeline_version VARCHAR NOT NULL,
    schema_version INTEGER NOT NULL,
    loaded_at TIMESTAMP NOT NULL DEFAULT current_timestamp
);
CREATE TABLE IF NOT EXISTS files (
    path VARCHAR PRIMARY KEY,
    doc_id VARCHAR NOT NULL,
    status VARCHAR NOT NULL CHECK (status IN ('loaded', 'failed', 'removed')),
    updated_at TIMESTAMP NOT NULL DEFAULT current_timestamp
);
CREATE TABLE IF NOT EXISTS entities (
    doc_id VARCHAR NOT NULL, page INTEGER, start INTEGER NOT NULL, "end" INTEGER NOT NULL,
    text VARCHAR NOT NULL, label VARCHAR NOT NULL, canonical_id VARCHAR NOT NULL,
    canonical_name VARCHAR NOT NULL, ipa_code VARCHAR,
    PRIMARY KEY (doc_id, start, "end", label)
);
CREATE TABLE IF NOT EXISTS canonical_entities (
    id VARCHAR PRIMARY KEY, name VARCHAR NOT NULL, label VARCHAR NOT NULL, ipa_code VARCHAR
);
CREATE TABLE IF NOT EXISTS amounts (
    doc_id VARCHAR NOT NULL, page INTEGER, start INTEGER NOT NULL, "end" INTEGER NOT NULL,
    text VARCHAR NOT NULL, value DECIMAL(38, 6) NOT NULL, value_max DECIMAL(38, 6),
    currency VARCHAR NOT NULL, explicit_currency BOOLEAN NOT NULL, approximate BOOLEAN NOT NULL,
    qualifier VARCHAR, role VARCHAR, sentence VARCHAR NOT NULL, sentence_start INTEGER, sentence_end INTEGER,
    PRIMARY KEY (doc_id, start, "end")
);
CREATE TABLE IF NOT EXISTS percents (
    doc_id VARCHAR NOT NULL, page INTEGER, start INTEGER NOT NULL, "end" INTEGER NOT NULL,
    text VARCHAR NOT NULL, value DECIMAL(38, 6) NOT NULL,
    PRIMARY KEY (doc_id, start, "end")
);
CREATE TABLE IF NOT EXISTS dates (
    doc_id VARCHAR NOT NULL, page INTEGER, start INTEGER NOT NULL, "end" INTEGER NOT NULL,
    text VARCHAR NOT NULL, value VARCHAR, granularity VARCHAR, context_value VARCHAR,
    year_inferred BOOLEAN NOT NULL, relative BOOLEAN NOT NULL, start_date DATE, end_date DATE,
    PRIMARY KEY (doc_id, start, "end")
);
CREATE TABLE IF NOT EXISTS doc_tables (
    doc_id VARCHAR NOT NULL, page INTEGER NOT NULL, index INTEGER NOT NULL, rows VARCHAR[][] NOT NULL,
    PRIMARY KEY (doc_id, page, index)
);
CREATE TABLE IF NOT EXISTS failures (
    doc_id VARCHAR NOT NULL, path VARCHAR PRIMARY KEY, stage VARCHAR NOT NULL, code VARCHAR NOT NULL,
    message VARCHAR NOT NULL, failed_at TIMESTAMP NOT NULL DEFAULT current_timestamp
);
"""
# views are replaced on every open; tables are created above and upgraded by MIGRATIONS
VIEWS_DDL = """
-- the documents currently in raw/, once each even when the same bytes sit at two paths
CREATE OR REPLACE VIEW active_documents AS
SELECT d.*, f.raw_path
FROM documents d
JOIN (SELECT doc_id, min(path) AS raw_path FROM files WHERE status = 'loaded' GROUP BY doc_id) f
  ON f.doc_id = d.id;

-- every amount with its document; year is the publication year
CREATE OR REPLACE VIEW amounts_by_document AS
SELECT a.value, a.value_max, a.currency, a.text, a.role, a.approximate, a.explicit_currency, a.sentence,
       d.raw_path AS path, d.title, d.publication_date, year(d.publication_date) AS year, a.doc_id, a.start
FROM amounts a JOIN active_documents d ON d.id = a.doc_id;

-- each amount beside every organisation named in the same sentence: a co-occurrence, not a payment
-- (who pays whom is in the funding views below)
DROP VIEW IF EXISTS totals_by_organisation;
DROP VIEW IF EXISTS amount_organisations;
CREATE OR REPLACE VIEW amount_cooccurrences AS
SELECT c.name AS organisation, c.id AS organisation_id, a.value, a.currency, a.text AS amount_text,
       a.role, year(d.publication_date) AS year, d.raw_path AS path, a.sentence, a.doc_id, a.start
FROM amounts a
JOIN active_documents d ON d.id = a.doc_id
JOIN (SELECT DISTINCT doc_id, start, "end", canonical_id FROM entities WHERE label = 'ORG') e
  ON e.doc_id = a.doc_id AND a.sentence_start IS NOT NULL
 AND e.start >= a.sentence_start
 AND e."end" <= coalesce(a.sentence_end, a.sentence_start + length(a.sentence))
JOIN canonical_entities c ON c.id = e.canonical_id;

-- every amount of any kind (caps, costs, parts, repeats included) by publication year; money
-- committed is in money_by_year
CREATE OR REPLACE VIEW totals_by_year AS
SELECT year, currency, count(*) AS amounts, sum(value) AS total
FROM amounts_by_document GROUP BY year, currency ORDER BY year NULLS LAST, currency;

-- canonical entities with how many documents mention them
CREATE OR REPLACE VIEW entity_mentions AS
SELECT c.label, c.name, c.id, c.ipa_code, count(*) AS mentions, count(DISTINCT e.doc_id) AS documents
FROM entities e JOIN canonical_entities c ON c.id = e.canonical_id
JOIN active_documents d ON d.id = e.doc_id
GROUP BY c.label, c.name, c.id, c.ipa_code ORDER BY documents DESC, mentions DESC;

-- documents whose text contains a term, case-insensitively: SELECT * FROM documents_mentioning('idrogeno')
CREATE OR REPLACE MACRO documents_mentioning(term) AS TABLE
SELECT raw_path AS path, title, publication_date,
       len(regexp_extract_all(lower(text), regexp_escape(lower(term)))) AS hits
FROM active_documents
WHERE contains(lower(text), lower(term))
ORDER BY hits DESC, path;
"""

# funding facts and the commitments they report (one commitment, several documents)
FUNDING_DDL = """
CREATE TABLE IF NOT EXISTS funding_facts (
    doc_id VARCHAR NOT NULL, page INTEGER, start INTEGER NOT NULL, "end" INTEGER NOT NULL,
    text VARCHAR NOT NULL, value DECIMAL(38, 6) NOT NULL, currency VARCHAR NOT NULL,
    funding_kind VARCHAR NOT NULL, funder VARCHAR, funder_id VARCHAR, recipients VARCHAR[] NOT NULL,
    programme VARCHAR, purpose VARCHAR, date VARCHAR, date_basis VARCHAR, each_count INTEGER,
    part_of_start INTEGER, repeat_of_start INTEGER, counts_in_total BOOLEAN NOT NULL,
    commitment_id VARCHAR NOT NULL, sentence VARCHAR NOT NULL, sentence_start INTEGER NOT NULL,
    PRIMARY KEY (doc_id, start, "end")
);
CREATE TABLE IF NOT EXISTS commitments (
    id VARCHAR PRIMARY KEY, funder VARCHAR, programme VARCHAR, kind VARCHAR NOT NULL,
    recipients VARCHAR[] NOT NULL, amount DECIMAL(38, 6) NOT NULL, currency VARCHAR NOT NULL,
    date VARCHAR, year INTEGER, sources INTEGER NOT NULL, doc_ids VARCHAR[] NOT NULL,
    quote VARCHAR NOT NULL, sentence VARCHAR NOT NULL
);

-- one row per funding fact with its document; amount is value x each_count
CREATE OR REPLACE VIEW funding AS
SELECT f.funding_kind AS kind, f.value, f.each_count, f.value * coalesce(f.each_count, 1) AS amount,
       f.currency, f.funder, f.recipients, f.programme, f.purpose, f.date, f.date_basis,
       TRY_CAST(left(f.date, 4) AS INTEGER) AS year, f.counts_in_total, f.commitment_id, f.text,
       f.sentence, d.raw_path AS path, d.title, f.doc_id, f.start, f."end"
FROM funding_facts f JOIN active_documents d ON d.id = f.doc_id;

-- money committed: each commitment once, only facts that count in a total
CREATE OR REPLACE VIEW money_by_funder AS
SELECT coalesce(funder, '(not stated)') AS funder, currency, count(*) AS commitments, sum(amount) AS total
FROM commitments GROUP BY ALL ORDER BY total DESC;

CREATE OR REPLACE VIEW money_by_recipient AS
SELECT recipient, funder, year, currency, count(*) AS commitments, sum(amount) AS total,
       count(*) FILTER (WHERE shared_by > 1) AS shared
FROM (SELECT unnest(CASE WHEN len(recipients) = 0 THEN ['(not stated)'] ELSE recipients END) AS recipient,
             funder, year, currency, amount, len(recipients) AS shared_by FROM commitments)
GROUP BY ALL ORDER BY total DESC;

CREATE OR REPLACE VIEW money_by_year AS
SELECT year, currency, count(*) AS commitments, sum(amount) AS total
FROM commitments GROUP BY ALL ORDER BY year NULLS LAST, currency;
"""

REFRESH_COMMITMENTS = """
DELETE FROM commitments;
INSERT INTO commitments
SELECT commitment_id, arg_min(funder, k), arg_min(programme, k), arg_min(funding_kind, k),
       arg_min(recipients, k), arg_min(amount, k), arg_min(currency, k), arg_min(date, k),
       TRY_CAST(left(arg_min(date, k), 4) AS INTEGER), count(*), list(DISTINCT doc_id ORDER BY doc_id),
       arg_min(text, k), arg_min(sentence, k)
FROM (SELECT f.*, f.value * coalesce(f.each_count, 1) AS amount,
             -- the source that names the most, then the earliest document
             ((f.funder IS NULL)::INTEGER + (len(f.recipients) = 0)::INTEGER) || ':'
             || coalesce(CAST(d.publication_date AS VARCHAR), '9999') || ':' || f.doc_id || ':'
             || lpad(CAST(f.start AS VARCHAR), 10, '0') AS k
      FROM funding_facts f JOIN active_documents d ON d.id = f.doc_id
      WHERE f.counts_in_total)
GROUP BY commitment_id;
"""


@cache
def model_tables() -> dict[type[Record], str]:
    """Record model -> the table its records go to."""
    from schemas import Amount, DateMention, Document, Entity, Failure, FundingFact, Percent, Table

    return {
        Document: "documents",
        Entity: "entities",
        Amount: "amounts",
        Percent: "percents",
        DateMention: "dates",
        FundingFact: "funding_facts",
        Table: "doc_tables",
        Failure: "failures",
    }


FACT_TABLES = ("entities", "amounts", "percents", "dates", "doc_tables", "funding_facts")


# columns added after the first release: (table, column, type); a warehouse made by an older release
# gets them in place (its documents are re-extracted by the next run, see stages.discovery)
MIGRATIONS: tuple[tuple[str, str, str], ...] = (
    ("documents", "modified_date", "DATE"),
    ("documents", "language", "VARCHAR"),
    ("documents", "tags", "VARCHAR[]"),
    ("entities", "ipa_code", "VARCHAR"),
    ("canonical_entities", "ipa_code", "VARCHAR"),
    ("amounts", "sentence_end", "INTEGER"),
)


def ensure_schema(con: duckdb.DuckDBPyConnection) -> None:
    """Create the tables and views if they are missing, and add the columns an older release lacks."""
    con.execute(DDL)
    migrate(con)
    con.execute(VIEWS_DDL)
    con.execute(FUNDING_DDL)
    fts.ensure_tables(con)


def migrate(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Add the columns of MIGRATIONS that the tables lack; returns the 'table.column' names added."""
    added = []
    for table, column, kind in MIGRATIONS:
        if column not in table_columns(con, table):
            con.execute(f'ALTER TABLE "{table}" ADD COLUMN "{column}" {kind}')
            added.append(f"{table}.{column}")
    if added:
        log.info("warehouse upgraded: added %s", ", ".join(added))
    return added


def refresh_commitments(con: duckdb.DuckDBPyConnection) -> None:
    """Rebuild `commitments` from the counted funding facts of the documents in raw/."""
    con.execute(REFRESH_COMMITMENTS)


def table_columns(con: duckdb.DuckDBPyConnection, table: str) -> list[str]:
    """Column names of `table`, in order."""
    return [row[0] for row in con.execute(f'DESCRIBE "{table}"').fetchall()]
