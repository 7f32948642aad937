from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium
import pytest

from pipeline.readers.objects import find_scan_image, looks_like_print, looks_printed, may_have_table

TESTS = Path(__file__).resolve().parent.parent
PDF_IT = TESTS / "fixtures" / "pdf-it"
SCANNED = PDF_IT / "scanned-circolare-2019.pdf"
CASES = TESTS / "cases"


@pytest.mark.parametrize(
    ("path", "index", "kind", "printed"),
    [
        pytest.param(SCANNED, 0, "bilevel", True, id="scan"),
        pytest.param(PDF_IT / "brochure-mid-book-2025.pdf", 12, "image", False, id="photo"),
        pytest.param(PDF_IT / "brochure-mid-book-2025.pdf", 5, None, True, id="text-page"),
    ],
)
def test_scan_checks_on_real_pages(path, index, kind, printed):
    with pdfium.PdfDocument(path.read_bytes()) as document:
        page = document[index]
        assert find_scan_image(page) == kind
        assert looks_printed(page) is printed


def test_looks_like_print_rejects_empty_pixels():
    assert looks_like_print(b"") is False


@pytest.mark.parametrize(
    ("path", "index", "expected"),
    [
        pytest.param(CASES / "tabella-importi.pdf", 0, True, id="ruled-table"),
        pytest.param(CASES / "due-colonne.pdf", 0, False, id="text-only"),
        # a box behind each paragraph, drawn by the word processor, is not a table
        pytest.param(PDF_IT / "audizione-camera-2020-06-03.pdf", 0, False, id="paragraph-boxes"),
    ],
)
def test_may_have_table(path, index, expected):
    with pdfium.PdfDocument(path.read_bytes()) as document:
        assert may_have_table(document[index]) is expected
