"""OCR of scanned PDF pages with Tesseract's Italian model.

Tesseract runs as a subprocess (`tesseract stdin stdout tsv`) rather than through pytesseract:
the wrapper would add a dependency to do the same call, through temporary files, while a direct
call streams the rendered page on stdin, reads word confidences as TSV on stdout, and enforces the
per-document time limit with `subprocess.run(timeout=...)`.
"""

from __future__ import annotations

import functools
import logging
import os
import shutil
import subprocess
from dataclasses import dataclass

import pypdfium2 as pdfium

from pipeline.extract.source import ReadError
from schemas.errors import error_message

log = logging.getLogger(__name__)

TESSERACT = "tesseract"
OCR_LANGUAGE = "ita"
# 300 dpi is what Tesseract is trained for; lower loses accents, higher only costs time
OCR_DPI = 300
# page segmentation: fully automatic, the default, which handles columns and stamps
OCR_PAGE_SEGMENTATION = "3"
# tesseract uses every core by default; one document per core keeps a run predictable
OCR_ENVIRONMENT = {"OMP_THREAD_LIMIT": "1"}
# columns of tesseract's TSV output
_TSV_COLUMNS = 12


@dataclass(frozen=True)
class OcrText:
    """Text recognised on one page, with its mean word confidence (0-100)."""

    text: str
    confidence: float | None
    words: int


@functools.cache
def find_tesseract() -> str | None:
    """Path of a tesseract binary with the Italian model installed, or None."""
    binary = shutil.which(TESSERACT)
    if binary is None:
        return None
    try:
        listed = subprocess.run(
            [binary, "--list-langs"], capture_output=True, text=True, timeout=30, check=True
        )
    except (OSError, subprocess.SubprocessError) as error:
        log.warning("tesseract found but not usable: %s", error)
        return None
    # the list goes to stdout in tesseract 4 and 5, to stderr in 3
    languages = (listed.stdout + listed.stderr).split()
    return binary if OCR_LANGUAGE in languages else None


def render_page(page: pdfium.PdfPage, dpi: int = OCR_DPI) -> bytes:
    """Render a page as a grayscale PGM image, the simplest format Tesseract reads from stdin."""
    bitmap = page.render(scale=dpi / 72, grayscale=True)
    try:
        width, height, stride = bitmap.width, bitmap.height, bitmap.stride
        pixels = bytes(bitmap.buffer)
    finally:
        bitmap.close()
    if stride != width:
        pixels = b"".join(pixels[row * stride : row * stride + width] for row in range(height))
    return b"P5\n%d %d\n255\n" % (width, height) + pixels


def recognise_image(image: bytes, timeout: float, dpi: int = OCR_DPI) -> OcrText | ReadError:
    """Recognise Italian text in an image.

    Args:
        image: an image in a format Tesseract reads (PGM, PNG, TIFF).
        timeout: seconds before Tesseract is stopped.
        dpi: the image's resolution.

    Returns:
        OcrText, or ReadError E104 (no Tesseract), E109 (time limit), E103 (Tesseract failed).
    """
    binary = find_tesseract()
    if binary is None:
        return ReadError("E104", error_message("E104"))
    command = [
        binary,
        "stdin",
        "stdout",
        "-l",
        OCR_LANGUAGE,
        "--dpi",
        str(dpi),
        "--psm",
        OCR_PAGE_SEGMENTATION,
    ]
    try:
        done = subprocess.run(
            [*command, "tsv"],
            input=image,
            capture_output=True,
            timeout=max(timeout, 0.1),
            check=True,
            env={**os.environ, **OCR_ENVIRONMENT},
        )
    except subprocess.TimeoutExpired:
        return ReadError("E109", error_message("E109", limit=f"{timeout:.0f}"))
    except subprocess.CalledProcessError as error:
        log.warning("tesseract failed: %s", error.stderr.decode("utf-8", "replace").strip()[:500])
        return ReadError("E103", error_message("E103"))
    except OSError as error:
        log.warning("tesseract could not start: %s", error)
        return ReadError("E104", error_message("E104"))
    return parse_tsv(done.stdout.decode("utf-8", "replace"))


def parse_tsv(tsv: str) -> OcrText:
    """Text and mean word confidence from Tesseract's TSV output.

    Words of a line are joined by spaces, lines by newlines, and paragraphs by a blank line.

    >>> header = "level page_num block_num par_num line_num word_num left top width height conf text"
    >>> words = ["5 1 1 1 1 1 0 0 9 9 96.5 Roma,", "5 1 1 1 1 2 0 0 9 9 91.5 10"]
    >>> words.append("5 1 1 1 2 1 0 0 9 9 90 giugno")
    >>> rows = [header, *words]
    >>> parse_tsv("\\n".join(row.replace(" ", "\\t") for row in rows))
    OcrText(text='Roma, 10\\ngiugno', confidence=92.67, words=3)
    """
    paragraphs: list[list[list[str]]] = []
    confidences: list[float] = []
    last_paragraph: tuple[str, ...] = ()
    last_line: tuple[str, ...] = ()
    for row in tsv.splitlines()[1:]:
        fields = row.split("\t")
        if len(fields) < _TSV_COLUMNS or fields[0] != "5" or not fields[11].strip():
            continue
        paragraph, line = tuple(fields[1:4]), tuple(fields[1:5])
        if paragraph != last_paragraph:
            paragraphs.append([])
            last_paragraph = paragraph
        if line != last_line or not paragraphs[-1]:
            paragraphs[-1].append([])
            last_line = line
        paragraphs[-1][-1].append(fields[11].strip())
        try:
            confidence = float(fields[10])
        except ValueError:
            continue
        if confidence >= 0:
            confidences.append(confidence)
    text = "\n\n".join("\n".join(" ".join(words) for words in lines) for lines in paragraphs)
    mean = round(sum(confidences) / len(confidences), 2) if confidences else None
    return OcrText(text=text, confidence=mean, words=len(confidences))


def read_scanned_page(page: pdfium.PdfPage, timeout: float) -> OcrText | ReadError:
    """OCR one PDF page, rendered at OCR_DPI."""
    if find_tesseract() is None:
        return ReadError("E104", error_message("E104"))
    return recognise_image(render_page(page), timeout)
