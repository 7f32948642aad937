"""No step of reading or extraction is quadratic: long runs of any punctuation go through fast."""

from __future__ import annotations

import string
import time
from typing import Any

import pytest

from pipeline.extract.nlp import MAX_WORD_CHARS, tokenizer_view
from pipeline.extract.records import DocumentInfo, build_extraction
from pipeline.extract.source import SourceText
from pipeline.readers.text import read_text, strip_markdown

RUN = 60_000
# a run of 60,000 took minutes before (quadratic); linear, it takes well under a second
SECONDS = 8.0
CONTROL = "Regione Lombardia stanzia 4.163.400 euro il 9 luglio 2021."


@pytest.mark.parametrize("char", list(string.punctuation))
@pytest.mark.parametrize("markdown", [False, True], ids=["text", "markdown"])
def test_long_run_of_punctuation_reads_and_extracts_fast(char: str, markdown: bool, nlp: Any) -> None:
    data = f"{CONTROL}\n{char * RUN}\n{CONTROL}\n".encode()
    started = time.perf_counter()
    source = read_text(data, markdown=markdown)
    assert isinstance(source, SourceText)
    result = build_extraction(DocumentInfo("d" * 64, "x.txt", len(data), "t"), source, nlp(source.text))
    elapsed = time.perf_counter() - started
    assert elapsed < SECONDS, f"{char!r} * {RUN} took {elapsed:.1f} s"
    # the text around the run is still found, with quotes that match the document text
    assert [a.text for a in result.amounts] == ["4.163.400 euro", "4.163.400 euro"]
    assert {e.canonical_name for e in result.entities} >= {"Regione Lombardia"}
    for record in [*result.entities, *result.amounts, *result.dates]:
        assert source.text[record.start : record.end] == record.text


def test_tokenizer_view_keeps_offsets_and_cuts_runs() -> None:
    text = "Lombardia" + "." * 40 + "12 " + "x" * 1000 + " fine"
    view = tokenizer_view(text)
    assert len(view) == len(text)
    assert view.startswith("Lombardia" + " " * 40 + "12 ")
    assert max(len(word) for word in view.split()) <= MAX_WORD_CHARS
    # ordinary text is untouched
    assert tokenizer_view(CONTROL + " https://www.regione.lombardia.it/a?b=c") == (
        CONTROL + " https://www.regione.lombardia.it/a?b=c"
    )


def test_markdown_links_still_stripped_with_linear_patterns() -> None:
    md = '[Regione](https://it.wikipedia.org/wiki/Lombardia_(regione) "titolo") e ![logo](a.png) [ref][1]'
    assert strip_markdown(md) == "Regione e logo ref"
    started = time.perf_counter()
    strip_markdown("[](" * 20_000 + "[a" * 20_000 + " " * 20_000 + "x\n")
    assert time.perf_counter() - started < 2.0
