"""Reading order from geometry: characters with boxes → words → line segments → blocks of lines.

Pure functions over plain data, so the layout rules are tested without a PDF. Coordinates are
in points with the origin at the top left of the page (`top < bottom`).
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from statistics import median

__all__ = ["SAME_LINE_OVERLAP", "Box", "find_words", "group_segments", "order_blocks"]

# a gap wider than this share of the font size between two characters ends a word
WORD_GAP_EM = 0.6
# a word at least this many times taller than wide runs up or down the page
VERTICAL_RATIO = 1.5
# a gap wider than this between two words on one line ends a line segment; column gutters are
# wider, justified word spaces narrower
SEGMENT_GAP_EM = 1.0
# a vertical band free of text at least this wide (share of the median font size) separates columns
MIN_GUTTER_EM = 0.9
# a horizontal band free of text separates blocks when it is taller than this, and taller than the
# page's usual gap between lines by ROW_GAP_EXTRA_EM (double-spaced decrees have wide line gaps)
MIN_ROW_GAP_EM = 0.6
ROW_GAP_EXTRA_EM = 0.4
# a column whose segments all have at most this many characters holds bullets, list numbers or
# page references: it is read with the text beside it, not as a column of its own
MAX_MARKER_CHARS = 3
# two boxes are on one line when they overlap vertically by this share of the smaller height
SAME_LINE_OVERLAP = 0.5
# columns whose items have at most this many characters (median), and sit on the lines of the
# column beside them for at least MIN_PAIRED_SHARE of their items, are cells of rows
MAX_CELL_CHARS = 16
MIN_PAIRED_SHARE = 0.7
# and both columns of a grid have about as many items: at least this ratio
MIN_ROW_COUNT_RATIO = 0.5
# a segment taller than this many times the block's median height stands beside its lines
TALL_SEGMENT_RATIO = 2.0
# lines of a block compared with each new segment, counted back from the lowest
LINE_LOOKBACK = 3

_Extent = Callable[["Box"], tuple[float, float]]


@dataclass(frozen=True)
class Box:
    """Text with its bounding box and font size."""

    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    size: float

    @property
    def height(self) -> float:
        """Height of the box."""
        return self.bottom - self.top


def find_words(text: str, boxes: Sequence[tuple[float, float, float, float]]) -> list[Box]:
    """Group characters into words, in content order.

    A word ends at a space or where the next character is not next to it: on another line, or
    beyond a gap wider than WORD_GAP_EM of the font size.

    Args:
        text: the characters, one per box.
        boxes: `(x0, top, x1, bottom)` of each character; whitespace characters' boxes are ignored.

    Returns:
        One Box per run of non-space characters that sit next to each other.

    >>> [w.text for w in find_words("di euro", [(0, 0, 5, 10), (5, 0, 10, 10), (0, 0, 0, 0),
    ...     (13, 0, 18, 10), (18, 0, 23, 10), (23, 0, 28, 10), (28, 0, 33, 10)])]
    ['di', 'euro']
    """
    # the hot loop of PDF reading: one pass, no calls per character
    words: list[Box] = []
    chars: list[str] = []
    x0 = top = x1 = bottom = 0.0
    for char, (cx0, ctop, cx1, cbottom) in zip(text, boxes, strict=True):
        if char.isspace():
            if chars:
                words.append(Box("".join(chars), x0, top, x1, bottom, bottom - top))
                chars = []
            continue
        if chars:
            height, char_height = bottom - top, cbottom - ctop
            overlap = (bottom if bottom < cbottom else cbottom) - (top if top > ctop else ctop)
            smaller = height if height < char_height else char_height
            gap = WORD_GAP_EM * (height if height > char_height else char_height)
            if (overlap < SAME_LINE_OVERLAP * smaller or cx0 - x1 > gap or cx1 < x0 - gap) and not _stacked(
                x0, top, x1, bottom, cx0, ctop, cx1, cbottom
            ):
                words.append(Box("".join(chars), x0, top, x1, bottom, bottom - top))
                chars = []
        if chars:
            x0 = cx0 if cx0 < x0 else x0
            top = ctop if ctop < top else top
            x1 = cx1 if cx1 > x1 else x1
            bottom = cbottom if cbottom > bottom else bottom
        else:
            x0, top, x1, bottom = cx0, ctop, cx1, cbottom
        chars.append(char)
    if chars:
        words.append(Box("".join(chars), x0, top, x1, bottom, bottom - top))
    return words


def _stacked(
    x0: float, top: float, x1: float, bottom: float, cx0: float, ctop: float, cx1: float, cbottom: float
) -> bool:
    """Whether a character continues vertical text: in the word's column, just above or below it.

    Stamps and side notes run up or down the margin ("Documento firmato digitalmente"); their
    characters follow each other in a column rather than along a line.
    """
    width, char_width = x1 - x0, cx1 - cx0
    # the text so far must be one character wide: a column, not the end of a line
    if width > VERTICAL_RATIO * char_width or char_width > VERTICAL_RATIO * width:
        return False
    if min(x1, cx1) - max(x0, cx0) < SAME_LINE_OVERLAP * min(width, char_width):
        return False
    gap = WORD_GAP_EM * max(width, char_width)
    return abs(ctop - bottom) <= gap or abs(top - cbottom) <= gap


def _is_vertical(box: Box) -> bool:
    """Whether a word or segment runs up or down the page."""
    return len(box.text) >= 2 and box.height > VERTICAL_RATIO * (box.x1 - box.x0)


def _same_line(top: float, bottom: float, other_top: float, other_bottom: float) -> bool:
    """Whether two vertical extents overlap enough to be on one line."""
    overlap = min(bottom, other_bottom) - max(top, other_top)
    smaller = min(bottom - top, other_bottom - other_top)
    return overlap >= SAME_LINE_OVERLAP * max(smaller, 0.1)


def group_segments(words: Sequence[Box]) -> list[Box]:
    """Join consecutive words on one line, up to a gap as wide as a column gutter.

    >>> words = [Box("Il", 0, 0, 8, 10, 10), Box("Piano", 11, 0, 35, 10, 10), Box("Roma", 80, 0, 100, 10, 10)]
    >>> [s.text for s in group_segments(words)]
    ['Il Piano', 'Roma']
    """
    segments: list[Box] = []
    for word in words:
        if segments and _is_vertical(segments[-1]):
            last = segments[-1]
            if _stacked(last.x0, last.top, last.x1, last.bottom, word.x0, word.top, word.x1, word.bottom):
                segments[-1] = Box(
                    f"{last.text} {word.text}",
                    min(last.x0, word.x0),
                    min(last.top, word.top),
                    max(last.x1, word.x1),
                    max(last.bottom, word.bottom),
                    max(last.size, word.size),
                )
                continue
        if segments:
            last = segments[-1]
            gap = word.x0 - last.x1
            size = max(last.size, word.size, 1.0)
            if _same_line(last.top, last.bottom, word.top, word.bottom) and -0.5 * size <= gap <= (
                SEGMENT_GAP_EM * size
            ):
                segments[-1] = Box(
                    f"{last.text} {word.text}",
                    last.x0,
                    min(last.top, word.top),
                    max(last.x1, word.x1),
                    max(last.bottom, word.bottom),
                    max(last.size, word.size),
                )
                continue
        segments.append(word)
    return segments


def order_blocks(
    segments: Sequence[Box], tables: Sequence[tuple[float, float, float, float]] = ()
) -> list[list[Box]]:
    """Blocks of lines in reading order, by recursive cuts along columns and then rows.

    A region is cut first at vertical gutters that run through its whole height (columns, read
    left to right), else at horizontal gaps taller than line spacing (read top to bottom); a region
    that cannot be cut is one block whose lines are read top to bottom, left to right.

    Args:
        segments: line segments of one page.
        tables: boxes `(x0, top, x1, bottom)` of tables; the segments inside one become a single
            segment, one line per table row, placed in the reading order like any other.

    Returns:
        Blocks, each a list of lines (a line is a Box whose text joins its segments).

    >>> left = [Box("La Regione stanzia 5 milioni", 0, 0, 140, 10, 10)]
    >>> left.append(Box("di euro per la ricerca", 0, 12, 140, 22, 10))
    >>> right = [Box("Le domande si presentano", 160, 0, 300, 10, 10)]
    >>> right.append(Box("entro il 30 aprile 2024", 160, 12, 300, 22, 10))
    >>> for block in order_blocks(right + left):
    ...     print(" / ".join(line.text for line in block))
    La Regione stanzia 5 milioni / di euro per la ricerca
    Le domande si presentano / entro il 30 aprile 2024
    """
    if not segments:
        return []
    em = median(s.size for s in segments) or 1.0
    row_gap = max(MIN_ROW_GAP_EM * em, _line_gap(segments, em) + ROW_GAP_EXTRA_EM * em)
    blocks: list[list[Box]] = []
    _cut(_gather_tables(segments, tables), MIN_GUTTER_EM * em, row_gap, blocks)
    return blocks


def _gather_tables(segments: Sequence[Box], tables: Sequence[tuple[float, float, float, float]]) -> list[Box]:
    """The segments, with those whose centre lies in a table replaced by one segment per table."""
    if not tables:
        return list(segments)
    outside: list[Box] = []
    inside: list[list[Box]] = [[] for _ in tables]
    for segment in segments:
        x, y = (segment.x0 + segment.x1) / 2, (segment.top + segment.bottom) / 2
        for members, (x0, top, x1, bottom) in zip(inside, tables, strict=True):
            if x0 <= x <= x1 and top <= y <= bottom:
                members.append(segment)
                break
        else:
            outside.append(segment)
    for members, (x0, top, x1, bottom) in zip(inside, tables, strict=True):
        if members:
            rows = _lines(members)
            size = median(s.size for s in members)
            outside.append(Box("\n".join(row.text for row in rows), x0, top, x1, bottom, size))
    return outside


def _line_gap(segments: Sequence[Box], em: float) -> float:
    """The usual space between a line and the next one below it, from segments in content order."""
    gaps = []
    for above, below in itertools.pairwise(segments):
        gap = below.top - above.bottom
        if 0 <= gap <= 3 * em and min(above.x1, below.x1) > max(above.x0, below.x0):
            gaps.append(gap)
    return median(gaps) if gaps else 0.0


def _cut(segments: list[Box], gutter: float, row_gap: float, blocks: list[list[Box]]) -> None:
    """Append the blocks of a region to `blocks`, in reading order."""
    if len(segments) > 1:
        columns = _merge_markers(_split(segments, lambda s: (s.x0, s.x1), gutter))
        if len(columns) > 1 and not _is_grid(columns):
            for column in columns:
                _cut(column, gutter, row_gap, blocks)
            return
        rows = _split(segments, lambda s: (s.top, s.bottom), row_gap)
        if len(rows) > 1:
            for row in rows:
                _cut(row, gutter, row_gap, blocks)
            return
    blocks.append(_lines(segments))


def _is_grid(columns: list[list[Box]]) -> bool:
    """Whether columns are the cells of rows (a table of contents, a form, a table without rules)
    rather than columns of running text: one of them holds short items that sit on the lines of
    its neighbour."""
    for left, right in itertools.pairwise(columns):
        short = min(median(len(s.text) for s in left), median(len(s.text) for s in right))
        if short > MAX_CELL_CHARS:
            continue
        fewer, more = (left, right) if len(left) <= len(right) else (right, left)
        if len(fewer) < MIN_ROW_COUNT_RATIO * len(more):
            # a few short items beside many lines are a sidebar, not a column of cells
            continue
        paired = sum(any(_same_line(a.top, a.bottom, b.top, b.bottom) for b in more) for a in fewer)
        if paired >= MIN_PAIRED_SHARE * len(fewer):
            return True
    return False


def _merge_markers(columns: list[list[Box]]) -> list[list[Box]]:
    """Columns with columns of bullets or numbers joined to the column on their right."""
    merged: list[list[Box]] = []
    pending: list[Box] = []
    for column in columns:
        if all(len(s.text.replace(" ", "")) <= MAX_MARKER_CHARS for s in column):
            pending.extend(column)
            continue
        merged.append(pending + column)
        pending = []
    if pending:
        if merged:
            merged[-1].extend(pending)
        else:
            merged.append(pending)
    return merged


def _split(segments: list[Box], extent: _Extent, min_gap: float) -> list[list[Box]]:
    """Split where the projection of the segments on one axis has a gap of at least `min_gap`."""
    ordered = sorted(segments, key=lambda s: extent(s)[0])
    groups: list[list[Box]] = [[ordered[0]]]
    reach = extent(ordered[0])[1]
    for segment in ordered[1:]:
        start, end = extent(segment)
        if start - reach >= min_gap:
            groups.append([segment])
        else:
            groups[-1].append(segment)
        reach = max(reach, end)
    return groups


def _top_left(segment: Box) -> tuple[float, float]:
    """Sort key: top to bottom, then left to right."""
    return segment.top, segment.x0


def _lines(segments: list[Box]) -> list[Box]:
    """Segments of one block as lines, top to bottom, each line's segments left to right.

    A segment much taller than the block's text (a decorative numeral, a drop cap) joins a line
    only when it sits beside that one line alone; beside several it is a line of its own.
    """
    typical = median(s.height for s in segments) if segments else 0.0
    tall = [s for s in segments if s.height > TALL_SEGMENT_RATIO * typical]
    lines: list[list[Box]] = []
    for segment in sorted((s for s in segments if s.height <= TALL_SEGMENT_RATIO * typical), key=_top_left):
        # lines come in top order, so only the last few can hold the segment
        for line in lines[-LINE_LOOKBACK:]:
            head = line[0]
            if _same_line(head.top, head.bottom, segment.top, segment.bottom):
                line.append(segment)
                break
        else:
            lines.append([segment])
    for segment in tall:
        beside = [
            line for line in lines if _same_line(line[0].top, line[0].bottom, segment.top, segment.bottom)
        ]
        if len(beside) == 1:
            beside[0].append(segment)
        else:
            lines.append([segment])
    result = []
    for line in lines:
        line.sort(key=lambda s: s.x0)
        result.append(
            Box(
                " ".join(s.text for s in line),
                min(s.x0 for s in line),
                min(s.top for s in line),
                max(s.x1 for s in line),
                max(s.bottom for s in line),
                max(s.size for s in line),
            )
        )
    result.sort(key=lambda line: line.top)
    return result
