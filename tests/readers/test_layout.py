from __future__ import annotations

import pytest

from pipeline.readers.layout import Box, find_words, group_segments, order_blocks
from pipeline.readers.running import find_running_lines, is_running_line, running_key

A4_HEIGHT = 842.0


def _chars(text: str, x: float, top: float, size: float = 10.0, width: float = 5.0):
    """Boxes of `text` set in a monospaced font from (x, top): one box per character."""
    return [(x + i * width, top, x + (i + 1) * width, top + size) for i in range(len(text))]


def _line(text: str, x: float, top: float, size: float = 10.0) -> Box:
    return Box(text, x, top, x + 5 * len(text), top + size, size)


def _texts(blocks: list[list[Box]]) -> list[list[str]]:
    return [[line.text for line in block] for block in blocks]


def test_find_words_splits_at_spaces_and_at_gaps():
    boxes = _chars("Regione", 0, 0) + _chars(" ", 35, 0) + _chars("Lombardia", 40, 0)
    boxes += _chars("2024", 200, 0)  # no space character, but far away
    words = find_words("Regione Lombardia2024", boxes)
    assert [w.text for w in words] == ["Regione", "Lombardia", "2024"]
    assert (words[1].x0, words[1].x1) == (40, 85)


def test_find_words_splits_where_the_line_changes():
    boxes = _chars("fine", 0, 0) + _chars("riga", 0, 14)
    assert [w.text for w in find_words("finerigа", boxes)] == ["fine", "rigа"]


def test_find_words_follows_text_that_runs_up_the_page():
    # a stamp rotated 90 degrees: each character sits above the previous one
    text = "Roma 2024"
    boxes = [(30, 300 - 6 * i, 40, 306 - 6 * i) for i in range(len(text))]
    words = find_words(text, boxes)
    assert [w.text for w in words] == ["Roma", "2024"]
    assert [s.text for s in group_segments(words)] == ["Roma 2024"]


def test_find_words_keeps_apostrophes_and_accents_inside_words():
    text = "l’Università"
    assert [w.text for w in find_words(text, _chars(text, 0, 0))] == ["l’Università"]


def test_group_segments_joins_words_of_a_line_but_not_across_a_gutter():
    words = [_line("La", 0, 0), _line("strategia", 13, 0), _line("All’interno", 120, 0)]
    assert [s.text for s in group_segments(words)] == ["La strategia", "All’interno"]


def test_group_segments_does_not_join_words_on_different_lines():
    words = [_line("portato", 0, 0), _line("principali:", 40, 14)]
    assert [s.text for s in group_segments(words)] == ["portato", "principali:"]


LEFT = [f"colonna sinistra, riga {i} del testo corrente" for i in range(4)]
RIGHT = [f"colonna destra, riga {i} del testo corrente" for i in range(4)]


def _two_columns(order: str) -> list[Box]:
    left = [_line(text, 50, 100 + 13 * i) for i, text in enumerate(LEFT)]
    right = [_line(text, 300, 100 + 13 * i) for i, text in enumerate(RIGHT)]
    if order == "interleaved":
        return [segment for pair in zip(left, right, strict=True) for segment in pair]
    return right + left


@pytest.mark.parametrize("order", ["interleaved", "right-first"])
def test_order_blocks_reads_columns_one_after_the_other(order):
    assert _texts(order_blocks(_two_columns(order))) == [LEFT, RIGHT]


def test_order_blocks_reads_a_full_width_heading_before_the_columns():
    heading = Box("Il piano strategico nazionale per l'innovazione", 50, 40, 450, 60, 20)
    blocks = _texts(order_blocks([*_two_columns("interleaved"), heading]))
    assert blocks[0] == ["Il piano strategico nazionale per l'innovazione"]
    assert blocks[1:] == [LEFT, RIGHT]


def test_order_blocks_reads_a_table_of_contents_row_by_row():
    entries = [("05", "INTRODUZIONE"), ("06", "LA STRATEGIA"), ("08", "IL PIANO 2025")]
    segments = [_line(number, 50, 100 + 40 * i, 30) for i, (number, _) in enumerate(entries)]
    segments += [_line(title, 120, 110 + 40 * i, 6) for i, (_, title) in enumerate(entries)]
    assert [line.text for block in order_blocks(segments) for line in block] == [
        "05 INTRODUZIONE",
        "06 LA STRATEGIA",
        "08 IL PIANO 2025",
    ]


def test_order_blocks_reads_a_sidebar_of_short_items_apart_from_the_text():
    sidebar = [_line("Contatti", 50, 100), _line("Sala stampa", 50, 113)]
    body = [_line(f"riga {i} del comunicato, testo corrente lungo", 150, 100 + 13 * i) for i in range(6)]
    blocks = _texts(order_blocks(sidebar + body))
    assert blocks == [["Contatti", "Sala stampa"], [line.text for line in body]]


def test_order_blocks_keeps_a_decorative_numeral_apart_from_the_lines_beside_it():
    lines = [_line(f"riga {i} del testo accanto al numero grande", 50, 100 + 13 * i) for i in range(4)]
    numeral = Box("03", 400, 95, 480, 160, 65)
    blocks = _texts(order_blocks([*lines, numeral]))
    assert [text for block in blocks for text in block] == ["03", *(line.text for line in lines)]


def test_order_blocks_reads_form_labels_with_their_values():
    labels = ["Nome:", "Comune:", "Data:"]
    values = ["Maria Rossi", "Bergamo", "12 marzo 2024"]
    segments = [_line(text, 50, 100 + 13 * i) for i, text in enumerate(labels)]
    segments += [_line(text, 200, 100 + 13 * i) for i, text in enumerate(values)]
    assert _texts(order_blocks(segments)) == [["Nome: Maria Rossi", "Comune: Bergamo", "Data: 12 marzo 2024"]]


def test_order_blocks_keeps_bullets_on_their_line():
    segments = []
    for i, item in enumerate(["la digitalizzazione della società;", "l’innovazione del Paese;"]):
        segments += [_line("•", 50, 100 + 13 * i), _line(item, 70, 100 + 13 * i)]
    assert _texts(order_blocks(segments)) == [
        ["• la digitalizzazione della società;", "• l’innovazione del Paese;"]
    ]


def test_order_blocks_separates_paragraphs_at_wide_gaps():
    first = [_line("primo paragrafo riga uno", 50, 100), _line("primo paragrafo riga due", 50, 113)]
    second = [_line("secondo paragrafo", 50, 150)]
    assert _texts(order_blocks(first + second)) == [
        ["primo paragrafo riga uno", "primo paragrafo riga due"],
        ["secondo paragrafo"],
    ]


def test_order_blocks_keeps_double_spaced_lines_in_one_paragraph():
    # a decree typed with double spacing: every line gap is wide, so none of them ends a paragraph
    lines = [_line(f"VISTO il decreto riga {i}", 50, 100 + 24 * i) for i in range(5)]
    assert len(order_blocks(lines)) == 1


def test_order_blocks_of_nothing_is_empty():
    assert order_blocks([]) == []


def _pages_with_footer(footer: str, count: int = 4) -> list[list[Box]]:
    return [
        [_line(f"testo della pagina {n}", 50, 300), _line(footer.format(n=n), 50, 810, 8)]
        for n in range(1, count + 1)
    ]


@pytest.mark.parametrize(
    "footer",
    [
        pytest.param("Pagina {n} di 4", id="page-x-of-y"),
        pytest.param("{n}", id="bare-page-number"),
        pytest.param("Presidenza del Consiglio dei Ministri", id="letterhead"),
    ],
)
def test_find_running_lines_finds_repeated_margin_lines(footer):
    pages = _pages_with_footer(footer)
    running = find_running_lines(pages, [A4_HEIGHT] * 4)
    assert running == {running_key(footer.format(n=1))}
    assert is_running_line(pages[2][1], A4_HEIGHT, running)
    assert not is_running_line(pages[2][0], A4_HEIGHT, running)


def test_find_running_lines_ignores_repeated_body_text():
    pages = [[_line("Articolo 1", 50, 400)] for _ in range(4)]
    assert find_running_lines(pages, [A4_HEIGHT] * 4) == set()


def test_find_running_lines_ignores_margin_lines_at_different_heights():
    pages = [[_line("Regione Lombardia", 50, 790 + 10 * n)] for n in range(4)]
    assert find_running_lines(pages, [A4_HEIGHT] * 4) == set()


def test_find_running_lines_needs_half_the_pages():
    pages = _pages_with_footer("Allegato A", count=5)
    for page in pages[2:]:
        page.pop()
    assert find_running_lines(pages, [A4_HEIGHT] * 5) == set()


def test_find_running_lines_on_one_page_finds_nothing():
    assert find_running_lines(_pages_with_footer("Pagina {n}", count=1), [A4_HEIGHT]) == set()
