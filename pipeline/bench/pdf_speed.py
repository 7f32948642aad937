"""Speed and memory of the PDF reader beside plain pdfplumber, for `pipeline bench speed`.

Each reader runs in a fresh process pinned to one core, so the peak memory of one does not hide
the other's and both get the same CPU.
"""

from __future__ import annotations

import multiprocessing
import os
import resource
import time
from collections.abc import Sequence
from pathlib import Path

READERS = ("pipeline", "pdfplumber", "pypdfium2")
# pages of /proc/self/statm are this many bytes
_PAGE_BYTES = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096


def compare_pdf_speed(paths: Sequence[Path], repeat: int = 1) -> dict[str, dict[str, float | int]]:
    """Pages per second and memory of our reader and of plain pdfplumber `extract_text` on the same files.

    Our reader runs without OCR, so both read the same text layers.

    Args:
        paths: PDF files.
        repeat: timed passes over the files (the best one counts).

    Returns:
        For each reader: files, pages, seconds, pages_per_s, base_rss_mib (resident memory with
        the libraries loaded, before reading), peak_rss_mib (the process's peak) and rss_growth_mib
        (resident memory after the last pass minus after the first file: flat is near 0).
    """
    context = multiprocessing.get_context("spawn")
    results: dict[str, dict[str, float | int]] = {}
    files = [str(path) for path in paths]
    for reader in READERS:
        with context.Pool(1) as pool:
            results[reader] = pool.apply(_measure, (reader, files, repeat))
    return results


def _measure(reader: str, files: list[str], repeat: int) -> dict[str, float | int]:
    """Read the files with one reader in this process and measure it."""
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    read = {
        "pipeline": _read_with_pipeline,
        "pdfplumber": _read_with_pdfplumber,
        "pypdfium2": _read_with_pypdfium2,
    }[reader]
    blobs = [Path(file).read_bytes() for file in files]
    # the libraries (and whatever the package imports) are loaded before the baseline is taken
    read(b"")
    base_rss = _rss_mib()
    best = best_cpu = float("inf")
    pages = 0
    first_rss = last_rss = 0.0
    for _ in range(max(1, repeat)):
        start, start_cpu = time.perf_counter(), time.process_time()
        pages = 0
        for index, data in enumerate(blobs):
            pages += read(data)
            if index == 0 and not first_rss:
                first_rss = _rss_mib()
        best = min(best, time.perf_counter() - start)
        best_cpu = min(best_cpu, time.process_time() - start_cpu)
        last_rss = _rss_mib()
    return {
        "files": len(blobs),
        "pages": pages,
        "seconds": round(best, 3),
        "pages_per_s": round(pages / best, 1) if best > 0 else 0.0,
        "pages_per_cpu_s": round(pages / best_cpu, 1) if best_cpu > 0 else 0.0,
        "base_rss_mib": round(base_rss, 1),
        "peak_rss_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "rss_growth_mib": round(last_rss - first_rss, 1),
    }


def _read_with_pipeline(data: bytes) -> int:
    """Our reader, OCR off; the page count."""
    from pipeline.readers.pdf import read_pdf

    result = read_pdf(data, ocr=False)
    return getattr(result, "pages", None) or 0


def _read_with_pdfplumber(data: bytes) -> int:
    """pdfplumber as its README shows it: `extract_text` on every page; the page count."""
    import io

    import pdfplumber
    from pdfplumber.utils.exceptions import PdfminerException

    if not data:
        return 0
    try:
        pdf = pdfplumber.open(io.BytesIO(data))
    except PdfminerException:
        return 0
    with pdf:
        for page in pdf.pages:
            page.extract_text()
        return len(pdf.pages)


def _read_with_pypdfium2(data: bytes) -> int:
    """pypdfium2's plain text of every page, no layout: the limit of what a pdfium reader can do."""
    import pypdfium2 as pdfium

    if not data:
        return 0
    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError:
        return 0
    try:
        for page in pdf:
            page.get_textpage().get_text_range()
        return len(pdf)
    finally:
        pdf.close()


def _rss_mib() -> float:
    """Resident memory of this process now, in MiB."""
    try:
        with open("/proc/self/statm", encoding="ascii") as statm:
            return int(statm.read().split()[1]) * _PAGE_BYTES / 2**20
    except OSError:
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
