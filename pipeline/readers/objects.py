"""What a PDF page draws besides text: images that may be scans, and lines that may be tables.

These checks walk pdfium's page objects through the C API: the Python wrappers allocate an object
per path, and designed pages hold thousands of paths.
"""

from __future__ import annotations

import ctypes
from collections import Counter
from collections.abc import Iterator
from typing import Any

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

# an image covering at least this share of the page can be a scan
MIN_SCAN_SHARE = 0.5
# the print check renders the page at this resolution: enough for strokes to stay dark
PRINT_CHECK_DPI = 100
# gray levels of paper (at least LIGHT_LEVEL) and ink (below DARK_LEVEL), and their shares in print
LIGHT_LEVEL = 200
DARK_LEVEL = 100
MIN_PAPER_SHARE = 0.6
MIN_INK_SHARE = 0.005
MAX_MIDTONE_PER_INK = 2.0
# a path thinner than this (points) is a ruling line
MAX_RULE_THICKNESS = 2.0
# a page may hold a table with at least this many horizontal and vertical ruling lines, or with
# boxes at least MIN_CELLS_PER_ROW to a row in at least MIN_CELL_ROWS rows
MIN_TABLE_RULES = 2
MIN_CELLS_PER_ROW = 2
MIN_CELL_ROWS = 2
# form objects nest; tables and scans sit at most this deep
MAX_FORM_DEPTH = 2

_NOT_LIGHT = bytes(range(LIGHT_LEVEL))
_NOT_DARK = bytes(range(DARK_LEVEL, 256))


def find_scan_image(page: pdfium.PdfPage) -> str | None:
    """The kind of the largest image, when it covers most of the page: "bilevel", "image" or None.

    Bilevel images (1 bit per pixel, fax and JBIG2 compression) are what scanners make of
    documents; colour and gray images may be scans or photos.
    """
    left, bottom, right, top = page.get_bbox()
    area = max((right - left) * (top - bottom), 1.0)
    largest, largest_area = None, 0.0
    for kind, item in _objects(page.raw, MAX_FORM_DEPTH):
        if kind == pdfium_c.FPDF_PAGEOBJ_IMAGE:
            x0, y0, x1, y1 = _bounds(item)
            if (x1 - x0) * (y1 - y0) > largest_area:
                largest, largest_area = item, (x1 - x0) * (y1 - y0)
    if largest is None or largest_area < MIN_SCAN_SHARE * area:
        return None
    metadata = pdfium_c.FPDF_IMAGEOBJ_METADATA()
    if pdfium_c.FPDFImageObj_GetImageMetadata(largest, page.raw, ctypes.byref(metadata)):
        return "bilevel" if metadata.bits_per_pixel == 1 else "image"
    return "image"


def looks_printed(page: pdfium.PdfPage) -> bool:
    """Whether a page, rendered, looks like ink on paper rather than a photo."""
    bitmap = page.render(scale=PRINT_CHECK_DPI / 72, grayscale=True)
    try:
        pixels = bytes(bitmap.buffer)
    finally:
        bitmap.close()
    return looks_like_print(pixels)


def looks_like_print(pixels: bytes) -> bool:
    """Whether grayscale pixels look like dark ink on light paper rather than a photo.

    Print has mostly light pixels and crisp dark strokes, with few mid-tones at its edges; a
    photo or a blank page has mostly mid-tones or no ink.

    >>> looks_like_print(bytes([250] * 90 + [20] * 8 + [150] * 2))
    True
    >>> looks_like_print(bytes([230] * 80 + [150] * 18 + [20] * 2))
    False
    >>> looks_like_print(bytes([250] * 1000))
    False
    """
    if not pixels:
        return False
    total = len(pixels)
    light = len(pixels.translate(None, _NOT_LIGHT)) / total
    dark = len(pixels.translate(None, _NOT_DARK)) / total
    middle = 1.0 - light - dark
    return light >= MIN_PAPER_SHARE and dark >= MIN_INK_SHARE and middle <= MAX_MIDTONE_PER_INK * dark


def may_have_table(page: pdfium.PdfPage) -> bool:
    """Whether a page has the ruling lines or cell boxes that pdfplumber's table finder needs.

    Boxes behind single lines of text (how word processors draw highlighting and paragraph
    shading) are not cells: cells come at least two to a row.
    """
    horizontal = vertical = 0
    rows: Counter[tuple[int, int]] = Counter()
    for kind, item in _objects(page.raw, MAX_FORM_DEPTH):
        if kind != pdfium_c.FPDF_PAGEOBJ_PATH:
            continue
        left, bottom, right, top = _bounds(item)
        width, height = right - left, top - bottom
        if height <= MAX_RULE_THICKNESS < width:
            horizontal += 1
        elif width <= MAX_RULE_THICKNESS < height:
            vertical += 1
        elif width > MAX_RULE_THICKNESS and height > MAX_RULE_THICKNESS:
            rows[round(bottom), round(top)] += 1
    if horizontal >= MIN_TABLE_RULES and vertical >= MIN_TABLE_RULES:
        return True
    return sum(count >= MIN_CELLS_PER_ROW for count in rows.values()) >= MIN_CELL_ROWS


def _objects(handle: Any, depth: int, in_form: bool = False) -> Iterator[tuple[int, Any]]:
    """(type, handle) of each object of a page or form, and of nested forms down to `depth`."""
    count = pdfium_c.FPDFFormObj_CountObjects(handle) if in_form else pdfium_c.FPDFPage_CountObjects(handle)
    get = pdfium_c.FPDFFormObj_GetObject if in_form else pdfium_c.FPDFPage_GetObject
    for index in range(max(count, 0)):
        item = get(handle, index)
        kind = pdfium_c.FPDFPageObj_GetType(item)
        yield kind, item
        if kind == pdfium_c.FPDF_PAGEOBJ_FORM and depth > 0:
            yield from _objects(item, depth - 1, in_form=True)


def _bounds(item: Any) -> tuple[float, float, float, float]:
    """(left, bottom, right, top) of a page object."""
    left, bottom, right, top = ctypes.c_float(), ctypes.c_float(), ctypes.c_float(), ctypes.c_float()
    pdfium_c.FPDFPageObj_GetBounds(
        item, ctypes.byref(left), ctypes.byref(bottom), ctypes.byref(right), ctypes.byref(top)
    )
    return left.value, bottom.value, right.value, top.value
