from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from pipeline.extract.source import ReadError, SourceText
from pipeline.readers.html import read_html

CASES = Path(__file__).resolve().parent.parent / "cases"


def _read(name: str) -> SourceText:
    result = read_html((CASES / name).read_bytes())
    assert isinstance(result, SourceText), result
    return result


def test_read_html_keeps_the_article_text():
    result = _read("articolo-regione.html")
    assert result.format == "html"
    assert "mette a disposizione 12 milioni di euro per progetti di ricerca industriale" in result.text
    assert "con un massimo di 250.000 euro per progetto" in result.text
    assert "La misura è finanziata dal Programma regionale FESR 2021-2027." in result.text


@pytest.mark.parametrize(
    "boilerplate",
    [
        pytest.param("cookie di profilazione", id="cookie-banner"),
        pytest.param("Servizi e informazioni", id="menu"),
        pytest.param("Note legali", id="footer-links"),
        pytest.param("C.F. 80050050154", id="footer-address"),
        pytest.param("Potrebbe interessarti", id="related-box"),
        pytest.param("initCookieBar", id="script"),
    ],
)
def test_read_html_drops_boilerplate(boilerplate):
    assert boilerplate not in _read("articolo-regione.html").text


def test_read_html_title_and_publication_date_from_meta_tags():
    result = _read("articolo-regione.html")
    assert result.title == "Bando Innovazione 2024, 12 milioni alle imprese lombarde"
    # the publication date, not article:modified_time (2024-03-14)
    assert result.publication_date == date(2024, 3, 12)


def test_read_html_publication_date_from_time_element_and_declared_charset():
    result = _read("notizia-solo-time.html")
    assert result.publication_date == date(2023, 11, 7)
    assert result.title == "Università e imprese: firmato l'accordo"
    assert "dotazione complessiva di 300.000 euro" in result.text
    assert "Raccolta differenziata" not in result.text


def test_read_html_without_a_date_has_none():
    page = b"<html><head><title>Avviso</title></head><body><article><p>" + b"Testo dell'avviso pubblico. " * 5
    result = read_html(page + b"</p></article></body></html>")
    assert isinstance(result, SourceText)
    assert result.publication_date is None


def test_read_html_collapses_source_whitespace_and_normalises_spaces():
    page = (
        "<html><body><article><p>Contributo di 12&nbsp;milioni\n      di euro per la ricerca"
        " e lo\u200b sviluppo.</p></article></body></html>"
    )
    result = read_html(page.encode())
    assert isinstance(result, SourceText)
    assert result.text == "Contributo di 12 milioni di euro per la ricerca e lo sviluppo."


@pytest.mark.parametrize(
    "page",
    [
        pytest.param((CASES / "solo-script.html").read_bytes(), id="only-scripts"),
        pytest.param(b"<html><head><title>Vuota</title></head><body></body></html>", id="empty-body"),
        pytest.param(b"<html><body><nav><a href='/'>Home</a></nav></body></html>", id="only-navigation"),
        pytest.param(b"\x00\x01\x02\x03" * 50, id="binary"),
    ],
)
def test_read_html_without_main_text_is_e107(page):
    result = read_html(page)
    assert isinstance(result, ReadError)
    assert result.code == "E107"
    assert result.message.startswith("E107: ")


def test_read_html_empty_is_e100():
    result = read_html(b"  \n")
    assert isinstance(result, ReadError)
    assert result.code == "E100"


ARTICLE = (
    "<html><head>{meta}</head><body><article><p>La città di Milano è già pronta: l’Università "
    "riceverà 5 milioni di € per la ricerca e più borse.</p></article></body></html>"
)


@pytest.mark.parametrize(
    ("meta", "encoding"),
    [
        pytest.param("", "utf-8", id="utf8-undeclared"),
        pytest.param("", "cp1252", id="cp1252-undeclared"),
        pytest.param('<meta charset="utf-8">', "utf-8", id="utf8-declared"),
        pytest.param(
            '<meta http-equiv="Content-Type" content="text/html; charset=windows-1252">',
            "cp1252",
            id="http-equiv",
        ),
        # browsers read a declared latin-1 as windows-1252, which has the euro sign and curly quotes
        pytest.param('<meta charset="iso-8859-1">', "cp1252", id="latin1-label-cp1252-bytes"),
    ],
)
def test_read_html_decodes_the_page_encoding(meta, encoding):
    result = read_html(ARTICLE.format(meta=meta).encode(encoding))
    assert isinstance(result, SourceText)
    assert (
        result.text
        == "La città di Milano è già pronta: l’Università riceverà 5 milioni di € per la ricerca e più borse."
    )


def test_read_html_reads_undeclared_latin1_as_western_european():
    page = ARTICLE.format(meta="").replace("’", "'").replace("€", "euro")
    result = read_html(page.encode("latin-1"))
    assert isinstance(result, SourceText)
    assert "La città di Milano è già pronta: l'Università riceverà" in result.text
