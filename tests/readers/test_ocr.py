from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pypdfium2 as pdfium
import pytest

from pipeline.extract.source import ReadError, SourceText
from pipeline.readers import ocr
from pipeline.readers.ocr import parse_tsv, recognise_image, render_page
from pipeline.readers.pdf import read_pdf

PDF_IT = Path(__file__).resolve().parent.parent / "fixtures" / "pdf-it"
SCANNED = PDF_IT / "scanned-circolare-2019.pdf"
TSV_HEADER = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext"


@pytest.fixture
def _fresh_tesseract_lookup() -> Iterator[None]:
    ocr.find_tesseract.cache_clear()
    yield
    ocr.find_tesseract.cache_clear()


@pytest.mark.ocr
def test_read_pdf_ocrs_a_scanned_circular():
    result = read_pdf(SCANNED.read_bytes())
    assert isinstance(result, SourceText)
    assert result.ocr is True
    assert result.ocr_confidence is not None
    assert result.ocr_confidence >= 80
    assert result.pages == 3
    assert "OGGETTO: Patrocinio e logo della Presidenza del Consiglio dei ministri." in result.text
    assert "Il patrocinio è concesso a titolo gratuito" in result.text


@pytest.mark.ocr
def test_recognise_image_over_the_time_limit_is_e109():
    with pdfium.PdfDocument(SCANNED.read_bytes()) as document:
        image = render_page(document[0])
    result = recognise_image(image, timeout=0.01)
    assert isinstance(result, ReadError)
    assert result.code == "E109"


@pytest.mark.usefixtures("_fresh_tesseract_lookup")
def test_read_pdf_without_tesseract_is_e104(monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path))
    result = read_pdf(SCANNED.read_bytes())
    assert isinstance(result, ReadError)
    assert result.code == "E104"
    assert "install tesseract-ocr and tesseract-ocr-ita" in result.message


@pytest.mark.ocr
@pytest.mark.usefixtures("_fresh_tesseract_lookup")
def test_read_pdf_without_the_italian_model_is_e104(monkeypatch, tmp_path):
    monkeypatch.setenv("TESSDATA_PREFIX", str(tmp_path))
    result = read_pdf(SCANNED.read_bytes())
    assert isinstance(result, ReadError)
    assert result.code == "E104"


@pytest.mark.usefixtures("_fresh_tesseract_lookup")
def test_read_pdf_without_tesseract_still_reads_text_pdfs(monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path))
    result = read_pdf((PDF_IT / "scheda-curaitalia-tecnologie-pa.pdf").read_bytes())
    assert isinstance(result, SourceText)
    assert result.ocr is False
    assert result.ocr_confidence is None


def test_read_pdf_with_ocr_off_keeps_the_text_layer_of_a_scan():
    result = read_pdf(SCANNED.read_bytes(), ocr=False)
    assert isinstance(result, SourceText)
    assert result.ocr is False
    assert result.text.strip() == "UCE-0004713-P-10/06/2019"


def test_read_pdf_does_not_ocr_full_page_photos_of_a_brochure():
    # pages 4, 13 and 29 are photos with at most a page number; OCR would find noise
    result = read_pdf((PDF_IT / "brochure-mid-book-2025.pdf").read_bytes())
    assert isinstance(result, SourceText)
    assert result.ocr is False


def test_parse_tsv_groups_words_into_lines_and_paragraphs():
    rows = [
        TSV_HEADER,
        "1\t1\t0\t0\t0\t0\t0\t0\t2480\t3508\t-1\t",
        "5\t1\t1\t1\t1\t1\t10\t10\t50\t20\t95.0\tOGGETTO:",
        "5\t1\t1\t1\t1\t2\t70\t10\t50\t20\t93.0\tPatrocinio",
        "5\t1\t1\t1\t2\t1\t10\t40\t50\t20\t91.0\tlogo",
        "5\t1\t2\t1\t1\t1\t10\t90\t50\t20\t81.0\tRoma",
    ]
    result = parse_tsv("\n".join(rows))
    assert result.text == "OGGETTO: Patrocinio\nlogo\n\nRoma"
    assert result.confidence == 90.0
    assert result.words == 4


def test_parse_tsv_of_a_blank_page_has_no_text_and_no_confidence():
    result = parse_tsv(TSV_HEADER + "\n1\t1\t0\t0\t0\t0\t0\t0\t2480\t3508\t-1\t\n")
    assert result.text == ""
    assert result.confidence is None
    assert result.words == 0


def test_render_page_makes_a_grayscale_pgm():
    with pdfium.PdfDocument(SCANNED.read_bytes()) as document:
        image = render_page(document[0], dpi=72)
    header = b"P5\n595 842\n255\n"
    assert image.startswith(header)
    assert len(image) == len(header) + 595 * 842
