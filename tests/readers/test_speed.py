from __future__ import annotations

from pathlib import Path

from pipeline.bench.pdf_speed import compare_pdf_speed

CASES = Path(__file__).resolve().parent.parent / "cases"


def test_compare_pdf_speed_measures_every_reader_on_the_same_pages():
    report = compare_pdf_speed([CASES / "due-colonne.pdf", CASES / "tabella-importi.pdf"])
    assert set(report) == {"pipeline", "pdfplumber", "pypdfium2"}
    for figures in report.values():
        assert figures["files"] == 2
        assert figures["pages"] == 3
        assert figures["pages_per_s"] > 0
        assert figures["pages_per_cpu_s"] >= figures["pages_per_s"] * 0.5
        assert figures["peak_rss_mib"] > 0
