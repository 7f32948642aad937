from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.extract.source import ReadError, SourceText
from pipeline.readers import Limits, read_document, sniff_format
from schemas.errors import ERRORS, error_message

TESTS = Path(__file__).resolve().parent.parent
FIXTURES = TESTS / "fixtures"
CASES = TESTS / "cases"

# what each bad or awkward file must become: a read error code, or "text" for a document
EXPECTED = {
    "pdf-bad/empty.pdf": "E100",
    "pdf-bad/password-example.pdf": "E102",
    "pdf-bad/issue-297-example.pdf": "E103",
    "pdf-bad/malformed-from-issue-932.pdf": "text",
    "pdf-bad/issue-71-duplicate-chars.pdf": "text",
    "pdf-bad/issue-987-test.pdf": "text",
    "pdf-it/audizione-camera-2020-06-03.pdf": "text",
    "pdf-it/audizione-senato-recovery-fund-2020.pdf": "text",
    "pdf-it/brochure-mid-book-2025.pdf": "text",
    "pdf-it/form-modulo-patrocini.pdf": "text",
    "pdf-it/scanned-circolare-2019.pdf": "text",
    "pdf-it/scheda-curaitalia-tecnologie-pa.pdf": "text",
    "pdf-it/signed-avviso-api-expert.pdf": "text",
    "pdf-it/signed-decreto-covid19-zero-width.pdf": "text",
    "cases/articolo-regione.html": "text",
    "cases/articolo-salvato-come.txt": "text",
    "cases/blank.txt": "E100",
    "cases/comunicato-cp1252.txt": "text",
    "cases/comunicato-latin1.txt": "text",
    "cases/comunicato-markdown.md": "text",
    "cases/comunicato-utf16.txt": "text",
    "cases/comunicato-utf8-bom.txt": "text",
    "cases/comunicato.odt": "E105",
    "cases/dispaccio-agenzia.txt": "text",
    "cases/documento-odt-rinominato.pdf": "E101",
    "cases/due-colonne.pdf": "text",
    "cases/empty.md": "E100",
    "cases/empty.txt": "E100",
    "cases/immagine-rinominata.pdf": "E101",
    "cases/intestazione-pdf-e-spazzatura.pdf": "E101",
    "cases/make_pdfs.py": "E105",
    "cases/notizia-solo-time.html": "text",
    "cases/post-jekyll.md": "text",
    "cases/solo-script.html": "E107",
    "cases/tabella-importi.pdf": "text",
    "cases/testo-rinominato.pdf": "E101",
    "cases/timbro-verticale.pdf": "text",
    "cases/troncato.pdf": "E101",
}
_ALL_NAMES = sorted(
    str(path.relative_to(TESTS if path.parent.name == "cases" else FIXTURES))
    for folder in (FIXTURES / "pdf-bad", FIXTURES / "pdf-it", CASES)
    for path in folder.iterdir()
    if path.is_file() and path.name != "README.md"
)
# the scan needs tesseract; CI installs it, and the test then runs the real OCR
ALL_FILES = [
    pytest.param(name, marks=pytest.mark.ocr) if name == "pdf-it/scanned-circolare-2019.pdf" else name
    for name in _ALL_NAMES
]


def _path(name: str) -> Path:
    return (TESTS if name.startswith("cases/") else FIXTURES) / name


def test_every_fixture_and_case_has_an_expected_outcome():
    assert sorted(EXPECTED) == _ALL_NAMES


@pytest.mark.parametrize("name", ALL_FILES)
def test_read_document_ends_every_file_as_text_or_a_stable_error(name):
    result = read_document(_path(name).read_bytes(), Path(name).name)
    if EXPECTED[name] == "text":
        assert isinstance(result, SourceText), result
        assert result.text.strip()
    else:
        assert isinstance(result, ReadError)
        assert result.code == EXPECTED[name]
        assert result.code in ERRORS
        assert result.message.startswith(f"{result.code}: ")


@pytest.mark.parametrize(
    ("name", "fmt"),
    [
        pytest.param("comunicato.md", "markdown", id="md"),
        pytest.param("comunicato.markdown", "markdown", id="markdown"),
        pytest.param("comunicato.txt", "text", id="txt"),
        pytest.param("COMUNICATO.TXT", "text", id="upper-case-suffix"),
    ],
)
def test_read_document_dispatches_on_the_suffix(name, fmt):
    result = read_document(b"**Milano**, 9 luglio 2021", name)
    assert isinstance(result, SourceText)
    assert result.format == fmt
    assert result.text == ("Milano, 9 luglio 2021" if fmt == "markdown" else "**Milano**, 9 luglio 2021")


@pytest.mark.parametrize("suffix", [".html", ".htm", ".HTML"])
def test_read_document_reads_html_suffixes_as_html(suffix):
    data = (CASES / "articolo-regione.html").read_bytes()
    result = read_document(data, f"pagina{suffix}")
    assert isinstance(result, SourceText)
    assert result.format == "html"


def test_read_document_reads_a_pdf_named_txt_as_pdf():
    data = (FIXTURES / "pdf-it" / "scheda-curaitalia-tecnologie-pa.pdf").read_bytes()
    result = read_document(data, "scheda.txt")
    assert isinstance(result, SourceText)
    assert result.format == "pdf"
    assert result.pages == 1


def test_read_document_reads_html_named_txt_as_html():
    result = read_document((CASES / "articolo-salvato-come.txt").read_bytes(), "articolo-salvato-come.txt")
    assert isinstance(result, SourceText)
    assert result.format == "html"
    assert "<p>" not in result.text


@pytest.mark.parametrize(
    "name",
    [
        pytest.param("comunicato.docx", id="docx"),
        pytest.param("tabella.xlsx", id="xlsx"),
        pytest.param("foto.jpg", id="jpg"),
        pytest.param("LEGGIMI", id="no-suffix"),
    ],
)
def test_read_document_unknown_suffix_is_e105(name):
    result = read_document(b"Comunicato stampa", name)
    assert isinstance(result, ReadError)
    assert result.code == "E105"
    assert "use .pdf, .html, .htm, .md or .txt" in result.message


@pytest.mark.parametrize("name", ["foto.txt", "foto.md", "foto.html"])
def test_read_document_binary_content_under_a_text_suffix_is_e101(name):
    result = read_document((CASES / "immagine-rinominata.pdf").read_bytes(), name)
    assert isinstance(result, ReadError)
    assert result.code == "E101"


def test_read_document_over_the_size_limit_is_e108():
    result = read_document(b"Comunicato stampa " * 100, "comunicato.txt", Limits(max_bytes=100))
    assert isinstance(result, ReadError)
    assert result.code == "E108"
    assert result.message == error_message("E108", limit="100 bytes")


@pytest.mark.parametrize(
    ("data", "fmt"),
    [
        pytest.param(b"%PDF-1.7\n", "pdf", id="pdf"),
        pytest.param(b"\n\n<!DOCTYPE html><html>", "html", id="html-doctype"),
        pytest.param(
            b"<?xml version='1.0'?>\n<html xmlns='http://www.w3.org/1999/xhtml'>", "html", id="xhtml"
        ),
        pytest.param(b"PK\x03\x04rest", "binary", id="zip"),
        pytest.param(b"testo\x00con\x00nul", "binary", id="nul-bytes"),
        pytest.param("testo in utf-16".encode("utf-16"), None, id="utf16-text"),
        pytest.param(b"# Titolo\n\nTesto con <b>html</b> dentro", None, id="markdown-with-tags"),
    ],
)
def test_sniff_format(data, fmt):
    assert sniff_format(data) == fmt
