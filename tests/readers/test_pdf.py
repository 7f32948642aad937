from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pdfplumber
import pytest

from pipeline.extract.source import ReadError, SourceText
from pipeline.readers.limits import Limits
from pipeline.readers.pdf import read_pdf
from pipeline.readers.text import normalise_text

TESTS = Path(__file__).resolve().parent.parent
PDF_IT = TESTS / "fixtures" / "pdf-it"
PDF_BAD = TESTS / "fixtures" / "pdf-bad"
CASES = TESTS / "cases"


def _read(path: Path, **options: object) -> SourceText:
    result = read_pdf(path.read_bytes(), **options)  # type: ignore[arg-type]
    assert isinstance(result, SourceText), result
    return result


def _page(result: SourceText, number: int) -> str:
    """The text of a 1-based page."""
    starts = [*result.page_starts, len(result.text)]
    return result.text[starts[number - 1] : starts[number]]


def test_read_pdf_reads_a_multi_column_brochure_in_column_order():
    page = _page(_read(PDF_IT / "brochure-mid-book-2025.pdf", ocr=False), 6)
    assert page.startswith("La strategia\n\nLa strategia di innovazione affonda le\nradici negli Obiettivi")
    left_end = page.index("soggetti privati.")
    right_start = page.index("All’interno della cabina di regia sono")
    assert left_end < right_start


def test_read_pdf_brochure_is_scrambled_by_naive_extraction():
    """The layout the test above relies on is real: pdfplumber's plain text interleaves the columns."""
    with pdfplumber.open(PDF_IT / "brochure-mid-book-2025.pdf", pages=[6]) as pdf:
        naive = pdf.pages[0].extract_text()
    assert "affonda le All’interno della cabina di regia sono" in naive
    page = _page(_read(PDF_IT / "brochure-mid-book-2025.pdf", ocr=False), 6)
    assert "affonda le All’interno" not in page


@pytest.mark.parametrize(
    "name", ["scheda-curaitalia-tecnologie-pa.pdf", "audizione-senato-recovery-fund-2020.pdf"]
)
def test_read_pdf_gives_the_same_words_as_pdfplumber(name):
    """pypdfium2 reads the same text layer: on pages without running headers, word for word
    (after the normalisation every reader applies)."""
    with pdfplumber.open(PDF_IT / name) as pdf:
        reference = normalise_text(" ".join(page.extract_text() for page in pdf.pages))
    ours = _read(PDF_IT / name).text
    assert Counter(ours.split()) == Counter(reference.split())


def test_read_pdf_reads_columns_of_a_hand_made_page_in_order():
    result = _read(CASES / "due-colonne.pdf")
    page = _page(result, 1)
    assert page.startswith("Bando Ricerca Industriale 2024\n\nLa Regione Esempio ha approvato il\n")
    assert page.index("del territorio regionale.") < page.index("Le domande si presentano entro il 30")


def test_read_pdf_reads_a_vertical_stamp_as_one_line():
    text = _read(CASES / "timbro-verticale.pdf").text
    assert "Documento firmato digitalmente da Mario Rossi" in text
    assert "Il Dirigente approva la graduatoria del bando\ne dispone la pubblicazione" in text


def test_read_pdf_joins_a_word_hyphenated_across_lines():
    text = _read(CASES / "due-colonne.pdf").text
    assert "un\nfinanziamento\ndi 2.500.000 euro per le imprese" in text
    assert "finanzia-" not in text
    assert "\ufffe" not in text


def test_read_pdf_page_starts_point_at_each_page():
    result = _read(CASES / "due-colonne.pdf")
    assert result.pages == 2
    assert result.page_starts[0] == 0
    assert result.text[result.page_starts[1] :].startswith("Seconda pagina del comunicato")
    assert result.page_of(result.text.index("Seconda pagina")) == 2
    assert result.page_of(result.text.index("finanziamento")) == 1


def test_read_pdf_page_starts_count_every_page_of_a_long_document():
    result = _read(PDF_IT / "brochure-mid-book-2025.pdf", ocr=False)
    assert result.pages == 30
    assert list(result.page_starts) == sorted(result.page_starts)
    assert _page(result, 6).startswith("La strategia")


def test_read_pdf_keeps_a_running_footer_once():
    text = _read(CASES / "due-colonne.pdf").text
    assert text.count("Regione Esempio - Direzione Ricerca") == 1


def test_read_pdf_keeps_a_letterhead_once_and_drops_its_repeats():
    result = _read(PDF_IT / "signed-decreto-covid19-zero-width.pdf")
    assert result.pages == 12
    assert result.text.count("IL MINISTRO PER L’INNOVAZIONE TECNOLOGICA E LA DIGITALIZZAZIONE") == 1
    assert _page(result, 2).startswith("dell'agenda digitale e della trasformazione digitale del Paese")


def test_read_pdf_drops_page_numbers():
    result = _read(PDF_IT / "brochure-mid-book-2025.pdf", ocr=False)
    for number in (2, 6, 11):
        page = _page(result, number)
        assert not re.match(rf"\s*0?{number}\s", page), page[:40]


def test_read_pdf_removes_zero_width_spaces_inside_words():
    text = _read(PDF_IT / "signed-decreto-covid19-zero-width.pdf").text
    assert "\u200b" not in text
    assert "\u00a0" not in text
    assert "VISTA la legge 23 agosto 1988 n. 400" in text
    assert "Roma, 31 marzo 2020" in text


def test_read_pdf_collapses_overprinted_characters():
    text = _read(PDF_BAD / "issue-71-duplicate-chars.pdf").text
    assert "项目描述" in text
    assert "项项目目" not in text


def test_read_pdf_keeps_real_double_letters():
    text = _read(PDF_IT / "scheda-curaitalia-tecnologie-pa.pdf").text
    assert "Fino al 31 dicembre 2020 le pubbliche amministrazioni sono autorizzate ad" in text
    assert "acquistare beni e servizi informatici e servizi di connettività" in text


def test_read_pdf_reads_a_ruled_table_as_a_table():
    result = _read(CASES / "tabella-importi.pdf")
    [table] = result.tables
    assert table.page == 1
    assert table.rows == (
        ("Voce", "Importo"),
        ("Ricerca industriale", "1.200.000 euro"),
        ("Sviluppo sperimentale", "800.000 euro"),
    )
    # the cells' text still reaches the extractors, row by row, after the sentence above the table
    assert (
        "del bando:\n\nVoce Importo\nRicerca industriale 1.200.000 euro\nSviluppo sperimentale 800.000 euro"
        in (result.text)
    )


def test_read_pdf_paragraph_boxes_are_not_tables():
    # word processors draw a box per paragraph; pdfplumber sees one-column tables there
    assert _read(PDF_IT / "audizione-camera-2020-06-03.pdf").tables == ()


@pytest.mark.parametrize(
    ("name", "title"),
    [
        pytest.param(
            "audizione-senato-recovery-fund-2020.pdf",
            "Piano nazionale ripresa e resilienza, audizione in Commissione affari costituzionali del Senato",
            id="metadata",
        ),
        pytest.param(
            "brochure-mid-book-2025.pdf",
            "Strategia per l’innovazione tecnologica e la digitalizzazione del Paese",
            id="largest-heading",
        ),
        pytest.param(
            "signed-avviso-api-expert.pdf",
            "Avviso per la procedura di selezione degli esperti di cui all’art. 8, comma 1-quater, "
            "del decreto-legge n. 135 del 2018",
            id="heading-under-a-letterhead",
        ),
        pytest.param("signed-decreto-covid19-zero-width.pdf", None, id="only-a-letterhead"),
    ],
)
def test_read_pdf_title(name, title):
    assert _read(PDF_IT / name, ocr=False).title == title


def test_read_pdf_title_from_metadata_of_a_hand_made_file():
    assert _read(CASES / "tabella-importi.pdf").title == "Ripartizione delle risorse"


@pytest.mark.parametrize(
    ("path", "code"),
    [
        pytest.param(PDF_BAD / "empty.pdf", "E100", id="zero-bytes"),
        pytest.param(PDF_BAD / "password-example.pdf", "E102", id="encrypted"),
        pytest.param(PDF_BAD / "issue-297-example.pdf", "E103", id="no-text"),
        pytest.param(CASES / "troncato.pdf", "E101", id="truncated"),
        pytest.param(CASES / "intestazione-pdf-e-spazzatura.pdf", "E101", id="header-then-garbage"),
        pytest.param(CASES / "immagine-rinominata.pdf", "E101", id="png"),
    ],
)
def test_read_pdf_bad_files_are_read_errors(path, code):
    result = read_pdf(path.read_bytes())
    assert isinstance(result, ReadError)
    assert result.code == code
    assert result.message.startswith(f"{code}: ")


def test_read_pdf_over_the_page_limit_is_e108():
    result = read_pdf((PDF_IT / "brochure-mid-book-2025.pdf").read_bytes(), Limits(max_pages=10))
    assert isinstance(result, ReadError)
    assert result.code == "E108"
    assert "10 pages" in result.message


def test_read_pdf_over_the_size_limit_is_e108():
    result = read_pdf((PDF_IT / "signed-avviso-api-expert.pdf").read_bytes(), Limits(max_bytes=1000))
    assert isinstance(result, ReadError)
    assert result.code == "E108"


def test_read_pdf_over_the_time_limit_is_e109():
    result = read_pdf((PDF_IT / "signed-avviso-api-expert.pdf").read_bytes(), Limits(max_seconds=0))
    assert isinstance(result, ReadError)
    assert result.code == "E109"


def test_read_pdf_repaired_malformed_file_is_text():
    result = _read(PDF_BAD / "malformed-from-issue-932.pdf")
    assert "2021" in result.text
