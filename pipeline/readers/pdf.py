"""PDF files: text in reading order, page by page, with tables and OCR of scanned pages.

pypdfium2 reads the text layer: it gives every character with its box about 30 times faster
than pdfminer, and already drops characters overprinted at the same place to simulate bold
(pdfplumber issue 71). Reading order, running headers and hyphenation are decided on those boxes
(`layout.py`, `running.py`, `hyphens.py`). pdfplumber stays the library for tables (`pdf_tables.py`):
it runs only on the pages where pdfium finds ruling lines or cell boxes (`objects.py`), so its cost is
paid only where a table can be.
Tesseract reads the pages that are scans (`ocr.py`).
"""

from __future__ import annotations

import ctypes
import logging
import re
import time
from dataclasses import dataclass
from statistics import median

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from pipeline.extract.source import ReadError, SourceText
from pipeline.readers.hyphens import find_vocabulary, join_hyphenated
from pipeline.readers.layout import SAME_LINE_OVERLAP, Box, find_words, group_segments, order_blocks
from pipeline.readers.limits import Limits
from pipeline.readers.objects import find_scan_image, looks_printed, may_have_table
from pipeline.readers.ocr import read_scanned_page
from pipeline.readers.pdf_tables import read_tables
from pipeline.readers.running import find_running_lines, is_page_number, is_running_line, running_key
from pipeline.readers.text import normalise_text
from schemas.errors import error_message

__all__ = ["read_pdf"]

log = logging.getLogger(__name__)

# a page with fewer visible characters than this, under an image covering most of it, may be a scan
# (a protocol stamp is often the only text layer)
MAX_SCAN_TEXT_CHARS = 60
# colour and gray images are checked for print only in documents where fewer than this share of
# pages have a text layer: a designed brochure's full-page photos are not scans
MAX_TEXT_PAGE_SHARE_FOR_COLOUR_SCANS = 0.5
# OCR output with a lower mean word confidence, or fewer words, is noise (a photo, a logo)
MIN_OCR_CONFIDENCE = 40.0
MIN_OCR_WORDS = 3
# metadata titles that are file names or producer defaults, not titles
_JUNK_TITLE = re.compile(
    r"(?i)^(untitled|senza titolo|microsoft word|documento\d*|doc\d*)\b|\.(docx?|pdf|odt|indd)$"
)
_LETTERS = re.compile(r"[^\W\d_]")
# a title is at most this long; a longer first line is a paragraph
MAX_TITLE_CHARS = 200
# a heading is set at least this much larger than the document's median text; lines within the
# tolerance (points) of the largest size belong to one multi-line heading
MIN_HEADING_SCALE = 1.15
HEADING_SIZE_TOLERANCE = 0.5
# a character is at most this wide, in units of the font size; a "word" wider than its
# characters can be holds a gap that pdfium did not mark with a space
MAX_CHAR_WIDTH_EM = 1.5
_WORD = re.compile(r"\S+")
# pages are joined with a blank line, as are the blocks of a page
PAGE_SEPARATOR = "\n\n"
_PDFIUM_HYPHENS = {0xFFFE: "-", 0x02: "-"}


@dataclass(frozen=True)
class _Page:
    """What one page gave: its line segments, and what else it needs (OCR, tables)."""

    segments: list[Box]
    height: float
    visible_chars: int
    scan_image: str | None
    table_candidate: bool


@dataclass(frozen=True)
class _Layout:
    """A page's lines by block, in reading order."""

    blocks: list[list[Box]]
    height: float


class _Timeout(Exception):
    """The per-document time limit ran out."""


def read_pdf(data: bytes, limits: Limits = Limits(), ocr: bool = True) -> SourceText | ReadError:  # noqa: B008
    """Read a PDF's text in reading order, page by page.

    Args:
        data: the file's bytes.
        limits: size, page and time limits.
        ocr: OCR pages that are scans; when False they keep whatever text layer they have.

    Returns:
        SourceText with format "pdf", page starts, tables and OCR marks, or ReadError:
        E100 empty, E101 not a PDF or broken, E102 encrypted, E103 no text, E104 OCR missing,
        E108 too big, E109 too slow.

    >>> read_pdf(b"").code
    'E100'
    >>> read_pdf(b"%PDF-1.4 truncated").code
    'E101'
    """
    if not data.strip():
        return ReadError("E100", error_message("E100"))
    if len(data) > limits.max_bytes:
        return ReadError("E108", error_message("E108", limit=f"{limits.max_bytes} bytes"))
    deadline = time.monotonic() + limits.max_seconds
    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as error:
        return _open_error(error)
    try:
        return _read_document(document, data, limits, deadline, ocr)
    except pdfium.PdfiumError as error:
        log.debug("pdfium failed while reading: %s", error)
        return ReadError("E101", error_message("E101", fmt="PDF"))
    except _Timeout:
        return ReadError("E109", error_message("E109", limit=f"{limits.max_seconds:g}"))
    finally:
        document.close()


def _open_error(error: pdfium.PdfiumError) -> ReadError:
    """The read error for a document pdfium cannot open."""
    if getattr(error, "err_code", None) in (pdfium_c.FPDF_ERR_PASSWORD, pdfium_c.FPDF_ERR_SECURITY):
        return ReadError("E102", error_message("E102"))
    log.debug("pdfium cannot open the file: %s", error)
    return ReadError("E101", error_message("E101", fmt="PDF"))


def _read_document(
    document: pdfium.PdfDocument, data: bytes, limits: Limits, deadline: float, ocr: bool
) -> SourceText | ReadError:
    """Read an opened document."""
    count = len(document)
    if count == 0:
        # a valid file without pages holds nothing to read, like an empty one
        return ReadError("E100", error_message("E100"))
    if count > limits.max_pages:
        return ReadError("E108", error_message("E108", limit=f"{limits.max_pages} pages"))
    pages: list[_Page] = []
    for index in range(count):
        _check(deadline)
        page = document[index]
        try:
            pages.append(_read_page(page))
        finally:
            page.close()
    recognised = _recognise_scans(document, pages, deadline) if ocr else ({}, [])
    if isinstance(recognised, ReadError):
        return recognised
    ocr_texts, confidences = recognised
    candidates = [
        index for index, page in enumerate(pages) if page.table_candidate and index not in ocr_texts
    ]
    tables, table_boxes = read_tables(data, candidates, deadline) if candidates else ((), {})
    # a table is one block, read row by row, wherever it falls in the page's reading order
    layouts = [
        _Layout(order_blocks(page.segments, table_boxes.get(index, ())), page.height)
        for index, page in enumerate(pages)
    ]
    running = find_running_lines(
        [[line for block in layout.blocks for line in block] for layout in layouts],
        [layout.height for layout in layouts],
    )
    texts = _page_texts(layouts, running, ocr_texts)
    if not any(text.strip() for text in texts):
        return ReadError("E103", error_message("E103"))
    page_starts, offset = [], 0
    for text in texts:
        page_starts.append(offset)
        offset += len(text) + len(PAGE_SEPARATOR)
    return SourceText(
        text=PAGE_SEPARATOR.join(texts),
        format="pdf",
        title=_find_title(
            document, [layout for index, layout in enumerate(layouts) if index not in ocr_texts], running
        ),
        page_starts=tuple(page_starts),
        ocr=bool(ocr_texts),
        ocr_confidence=_mean_confidence(confidences),
        tables=tables,
    )


def _recognise_scans(
    document: pdfium.PdfDocument, pages: list[_Page], deadline: float
) -> tuple[dict[int, str], list[tuple[float, int]]] | ReadError:
    """OCR of the pages that are scans: the text of each page with reliable words, by page index,
    and the mean word confidence and word count of each; a ReadError when OCR cannot run."""
    ocr_texts: dict[int, str] = {}
    confidences: list[tuple[float, int]] = []
    for index in _find_scans(document, pages):
        page = document[index]
        try:
            recognised = read_scanned_page(page, deadline - time.monotonic())
        finally:
            page.close()
        if isinstance(recognised, ReadError):
            if recognised.code == "E109":
                raise _Timeout
            return recognised
        if recognised.words >= MIN_OCR_WORDS and (recognised.confidence or 0.0) >= MIN_OCR_CONFIDENCE:
            ocr_texts[index] = recognised.text
            confidences.append((recognised.confidence or 0.0, recognised.words))
        else:
            log.info("OCR found no reliable text on page %d", index + 1)
    return ocr_texts, confidences


def _check(deadline: float) -> None:
    """Stop reading when the document's time is up."""
    if time.monotonic() > deadline:
        raise _Timeout


def _read_page(page: pdfium.PdfPage) -> _Page:
    """Lines in reading order and the traits of one page."""
    bottom, top = page.get_bbox()[1::2]
    textpage = page.get_textpage()
    try:
        text = _read_text(textpage)
        words = _read_words(textpage, text, top)
    finally:
        textpage.close()
    segments = group_segments(words)
    visible = len("".join(text.split()))
    scan_image = find_scan_image(page) if visible < MAX_SCAN_TEXT_CHARS else None
    return _Page(segments, top - bottom, visible, scan_image, may_have_table(page))


def _find_scans(document: pdfium.PdfDocument, pages: list[_Page]) -> list[int]:
    """Indexes of the pages to OCR: bilevel scans, and colour or gray pages that look like print
    in documents that are mostly images."""
    text_pages = sum(page.visible_chars >= MAX_SCAN_TEXT_CHARS for page in pages)
    check_colour = text_pages < MAX_TEXT_PAGE_SHARE_FOR_COLOUR_SCANS * len(pages)
    scans = []
    for index, page in enumerate(pages):
        if page.scan_image == "bilevel":
            scans.append(index)
        elif page.scan_image == "image" and check_colour:
            handle = document[index]
            try:
                if looks_printed(handle):
                    scans.append(index)
            finally:
                handle.close()
    return scans


def _read_text(textpage: pdfium.PdfTextPage) -> str:
    """The characters of a text page, one per pdfium character index."""
    count = textpage.count_chars()
    if count <= 0:
        return ""
    text: str = textpage.get_text_range(0, count)
    if len(text) != count:
        # characters outside the basic plane come back as two code units
        text = "".join(chr(pdfium_c.FPDFText_GetUnicode(textpage, i) or 0x20) for i in range(count))
    return text


def _read_words(textpage: pdfium.PdfTextPage, text: str, page_top: float) -> list[Box]:
    """The words of a text page with their boxes, y measured down from the page top.

    pdfium puts a space or a line break between words it sees apart, so a word's box is the
    union of its first and last characters' boxes; a word whose two ends disagree (not on one
    line, or wider than its characters can be) is split character by character instead.
    """
    rect = pdfium_c.FS_RECTF()
    pointer = ctypes.byref(rect)
    get_box = pdfium_c.FPDFText_GetLooseCharBox
    handle = textpage.raw

    def box(index: int) -> tuple[float, float, float, float]:
        if not get_box(handle, index, pointer):
            return (0.0, 0.0, 0.0, 0.0)
        return (rect.left, page_top - rect.top, rect.right, page_top - rect.bottom)

    words: list[Box] = []
    for match in _WORD.finditer(text):
        start, end = match.span()
        x0, top, first_x1, bottom = box(start)
        last_x0, last_top, x1, last_bottom = box(end - 1) if end - start > 1 else (x0, top, first_x1, bottom)
        height = max(bottom - top, last_bottom - last_top)
        overlap = min(bottom, last_bottom) - max(top, last_top)
        if (
            height > 0
            and overlap >= SAME_LINE_OVERLAP * min(bottom - top, last_bottom - last_top)
            and last_x0 >= x0
            and x1 - x0 <= (end - start) * MAX_CHAR_WIDTH_EM * height
        ):
            words.append(Box(match.group(), x0, min(top, last_top), x1, max(bottom, last_bottom), height))
        else:
            words.extend(find_words(match.group(), [box(index) for index in range(start, end)]))
    return words


def _page_texts(layouts: list[_Layout], running: set[str], ocr_texts: dict[int, str]) -> list[str]:
    """The text of each page: running headers and footers dropped, hyphenation joined, normalised.

    A running line is kept where it first appears, so a letterhead's institution stays in the text
    once; page numbers go everywhere.
    """
    seen: set[str] = set()
    kept: list[list[list[str]]] = []
    for layout in layouts:
        page_kept: list[list[str]] = []
        for block in layout.blocks:
            block_kept: list[str] = []
            for line in block:
                if is_running_line(line, layout.height, running):
                    key = running_key(line.text)
                    if key in seen or is_page_number(key):
                        continue
                    seen.add(key)
                # pdfium marks a hyphen at a line end as U+FFFE; where the line does not join, it
                # is a plain hyphen
                block_kept.append(line.text.translate(_PDFIUM_HYPHENS))
            page_kept.append(block_kept)
        kept.append(page_kept)
    ocr_lines = {index: text.split("\n") for index, text in ocr_texts.items()}
    words = find_vocabulary(
        [text for page in kept for block in page for text in block]
        + [line for lines in ocr_lines.values() for line in lines]
    )
    texts = []
    for index, blocks in enumerate(kept):
        if index in ocr_texts:
            texts.append(normalise_text("\n".join(join_hyphenated(ocr_lines[index], words))).strip())
            continue
        page_lines: list[str] = []
        for block_texts in blocks:
            if not block_texts:
                continue
            if page_lines:
                page_lines.append("")
            page_lines.extend(block_texts)
        joined = "\n".join(join_hyphenated(page_lines, words))
        texts.append(normalise_text(joined).strip())
    return texts


def _find_title(document: pdfium.PdfDocument, layouts: list[_Layout], running: set[str]) -> str | None:
    """The title in the metadata, else the largest text on the first page with text, when it
    stands out from the document's body text and is not a letterhead that runs on every page."""
    title = normalise_text(document.get_metadata_value("Title") or "").strip()
    if title and _LETTERS.search(title) and not _JUNK_TITLE.search(title):
        return title[:MAX_TITLE_CHARS]
    sizes = [line.size for layout in layouts for block in layout.blocks for line in block]
    body = median(sizes) if sizes else 0.0
    for layout in layouts:
        lines = [line for block in layout.blocks for line in block if len(_LETTERS.findall(line.text)) >= 3]
        if not lines:
            continue
        candidates = [line for line in lines if not is_running_line(line, layout.height, running)]
        largest = max((line.size for line in candidates), default=0.0)
        if largest < MIN_HEADING_SCALE * body:
            return None
        heading = [line.text for line in candidates if line.size >= largest - HEADING_SIZE_TOLERANCE]
        text = normalise_text(" ".join(heading)).strip()
        return text[:MAX_TITLE_CHARS] or None
    return None


def _mean_confidence(confidences: list[tuple[float, int]]) -> float | None:
    """Mean word confidence over all OCR'd pages, weighted by their words."""
    words = sum(count for _, count in confidences)
    if not words:
        return None
    return round(sum(value * count for value, count in confidences) / words, 2)
