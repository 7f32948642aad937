from __future__ import annotations

import pytest

from pipeline.readers.hyphens import find_vocabulary, join_hyphenated


@pytest.mark.parametrize(
    ("lines", "joined"),
    [
        pytest.param(
            ["il finanzia-", "mento della Regione"], ["il finanziamento", "della Regione"], id="hyphen"
        ),
        pytest.param(["il finanzia\ufffe", "mento"], ["il finanziamento"], id="pdfium-hyphen"),
        pytest.param(["la compe\u00ad", "titività"], ["la competitività"], id="soft-hyphen"),
        pytest.param(["delle uni-", "versità."], ["delle università."], id="accented-tail"),
    ],
)
def test_join_hyphenated_joins_words_broken_across_lines(lines, joined):
    assert join_hyphenated(lines) == joined


@pytest.mark.parametrize(
    "lines",
    [
        pytest.param(["Regione Lombardia -", "Direzione"], id="dash-after-space"),
        pytest.param(["Milano-", "Bicocca"], id="capitalised-tail"),
        pytest.param(["anni 2021-", "2027"], id="number-range"),
        pytest.param(["fine riga", "nuova riga"], id="no-hyphen"),
    ],
)
def test_join_hyphenated_leaves_other_line_ends(lines):
    assert join_hyphenated(lines) == lines


def test_join_hyphenated_keeps_the_hyphen_of_compounds_seen_in_the_document():
    lines = ["un'analisi socio-economica del territorio", "l'impatto socio-", "economica del piano"]
    assert join_hyphenated(lines, find_vocabulary(lines))[1:] == ["l'impatto socio-economica", "del piano"]


def test_join_hyphenated_keeps_the_hyphen_between_two_words_of_the_document():
    lines = [
        "il settore pubblico e il settore privato",
        "il partenariato pubblico-",
        "privato, in coordinamento",
    ]
    assert join_hyphenated(lines, find_vocabulary(lines))[1] == "il partenariato pubblico-privato,"


def test_join_hyphenated_joins_when_the_whole_word_is_in_the_document():
    lines = ["il finanziamento regionale e il finanzia-", "mento statale"]
    assert (
        join_hyphenated(lines, find_vocabulary(lines))[0] == "il finanziamento regionale e il finanziamento"
    )


def test_join_hyphenated_joins_a_broken_word_whose_head_is_a_short_word():
    lines = ["il per corso del bando e il per-", "corso formativo"]
    assert join_hyphenated(lines, find_vocabulary(lines))[0] == "il per corso del bando e il percorso"


def test_find_vocabulary_leaves_out_fragments_of_broken_words():
    words = find_vocabulary(["2021-2027, Regione - Comune, decreto-legge e finan-", "ziamento"])
    assert words == {"regione", "comune", "decreto-legge", "e"}
