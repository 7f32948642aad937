"""Reading CoNLL-2002 files and scoring the entity stage on them."""

from __future__ import annotations

from pathlib import Path

import pytest
from spacy.language import Language

from pipeline.bench.corpus import (
    f1_difference,
    format_conll_scores,
    parse_conll,
    read_annotated,
    read_conll,
    score_conll,
    score_sentences,
    sentence_counts,
)

EUROPARL_TEST = Path(__file__).resolve().parent.parent / "training" / "data" / "europarl-it.test.conll02"

SMALL = """\
L'\tO
accordo\tO
tra\tO
Regione\tB-ORG
Lombardia\tI-ORG
e\tO
Comune\tB-ORG
di\tI-ORG
Bergamo\tI-ORG
.\tO

Il\tO
Fondo\tB-MISC
sociale\tI-MISC
europeo\tI-MISC
finanzia\tO
progetti\tO
a\tO
Milano\tB-LOC
.\tO
"""


def test_parse_conll_splits_sentences_on_blank_lines() -> None:
    sentences = parse_conll(SMALL)
    assert [len(s.tokens) for s in sentences] == [10, 9]
    assert sentences[0].text == "L' accordo tra Regione Lombardia e Comune di Bergamo ."


def test_parse_conll_turns_iob_tags_into_character_spans() -> None:
    first, second = parse_conll(SMALL)
    assert [(first.text[s:e], label) for s, e, label in first.spans()] == [
        ("Regione Lombardia", "ORG"),
        ("Comune di Bergamo", "ORG"),
    ]
    assert [(second.text[s:e], label) for s, e, label in second.spans()] == [
        ("Fondo sociale europeo", "MISC"),
        ("Milano", "LOC"),
    ]


@pytest.mark.parametrize(
    ("tags", "spans"),
    [
        pytest.param(["B-PER", "B-PER"], [(0, 1, "PER"), (2, 3, "PER")], id="two-adjacent-mentions"),
        pytest.param(["I-ORG", "I-ORG"], [(0, 3, "ORG")], id="iob1-inside-opens-a-mention"),
        pytest.param(["B-ORG", "I-LOC"], [(0, 1, "ORG"), (2, 3, "LOC")], id="label-change-closes"),
        pytest.param(["O", "O"], [], id="no-mentions"),
    ],
)
def test_parse_conll_reads_iob_variants(tags: list[str], spans: list[tuple[int, int, str]]) -> None:
    [sentence] = parse_conll(f"a {tags[0]}\nb {tags[1]}\n")
    assert sentence.spans() == spans


def test_score_conll_counts_exact_spans_and_ignores_misc(nlp: Language, tmp_path: Path) -> None:
    path = tmp_path / "small.conll02"
    path.write_text(SMALL, encoding="utf-8")
    scores = score_conll(nlp, path)
    assert scores["ORG"]["tp"] == 2
    assert scores["LOC"]["tp"] == 1
    assert scores["micro"]["fp"] == 0
    assert scores["micro"]["f1"] == 1.0


def test_score_conll_counts_misses_and_false_alarms(nlp: Language, tmp_path: Path) -> None:
    path = tmp_path / "wrong.conll02"
    path.write_text("Regione\tO\nLombardia\tO\nparla\tB-PER\ncon\tO\nnoi\tO\n", encoding="utf-8")
    scores = score_conll(nlp, path)
    assert (scores["ORG"]["fp"], scores["ORG"]["tp"]) == (1, 0)
    assert (scores["PER"]["fn"], scores["PER"]["recall"]) == (1, 0.0)
    assert scores["micro"]["precision"] == 0.0


def test_europarl_test_split_is_shipped_and_readable() -> None:
    sentences = read_conll(EUROPARL_TEST)
    assert len(sentences) == 200
    assert sum(len(s.spans()) for s in sentences) > 50


def test_the_interval_of_a_figure_brackets_it_and_narrows_with_more_sentences(nlp: Language) -> None:
    dev = read_annotated(Path("training/ner/corpus/dev.jsonl"))
    news = [s for s in dev if s.source == "wikinews"]
    counts, rows = sentence_counts(nlp, news[:120])
    assert rows.shape == (120, 3)
    assert rows.sum(axis=0).tolist() == [
        sum(counts[k][m] for k in ("PER", "ORG", "LOC")) for m in ("tp", "fp", "fn")
    ]
    small = score_sentences(nlp, news[:120])["micro"]
    scores = score_sentences(nlp, news)
    large = scores["micro"]
    assert small["f1_low"] < small["f1"] < small["f1_high"]
    assert large["f1_low"] < large["f1"] < large["f1_high"]
    assert large["f1_high"] - large["f1_low"] < small["f1_high"] - small["f1_low"]
    assert "95% interval" in format_conll_scores(scores)


def test_a_system_compared_with_itself_is_never_better(nlp: Language) -> None:
    dev = read_annotated(Path("training/ner/corpus/dev.jsonl"))
    _, rows = sentence_counts(nlp, [s for s in dev if s.source == "wikinews"][:80])
    same = f1_difference(rows, rows)
    assert same["first"] == same["second"] > 0.5
    assert (same["difference"], same["low"], same["high"], same["not_better"]) == (0.0, 0.0, 0.0, 1.0)
    # a system that finds nothing at all is worse, and the interval says so
    nothing = rows.copy()
    nothing[:, 2] += nothing[:, 0]
    nothing[:, :2] = 0
    worse = f1_difference(rows, nothing)
    assert worse["high"] < 0 and worse["not_better"] == 1.0
    with pytest.raises(ValueError):
        f1_difference(rows, rows[:10])
