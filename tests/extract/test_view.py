"""One view of a document for every finder, and the registry that runs the finders over it."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from pipeline.extract.amounts import find_amounts
from pipeline.extract.registry import FinderContext, finder, registered_finders, run_finders
from pipeline.extract.view import TextView, normalize_text

TEXT = (
    "Milano, 9 luglio 2021 \u2013 La Regione  stanzia\n  13,5\u00a0mi-\nlioni di euro "
    "per le\u200b universit\u00e0. "
    "Il Politecnico riceve il 50% dei fondi, art. 3 del bando.\n\n- Un secondo punto"
)


def test_the_view_normalises_once_and_maps_back_to_the_document() -> None:
    view = TextView.of(TEXT)
    assert view.text == TEXT
    assert view.norm == normalize_text(TEXT).text
    assert "13,5 milioni di euro" in view.norm and "\u200b" not in view.norm
    at = view.norm.index("13,5 milioni di euro")
    start, end = view.to_document(at, at + len("13,5 milioni di euro"))
    assert TEXT[start:end] == "13,5\u00a0mi-\nlioni di euro"


def test_sentences_split_at_full_stops_blank_lines_and_list_items_not_abbreviations() -> None:
    view = TextView.of(TEXT)
    sentences = [view.norm[s:e] for s, e in view.sentences()]
    assert sentences == [
        "Milano, 9 luglio 2021 - La Regione  stanzia\n  13,5 milioni di euro per le universit\u00e0.",
        "Il Politecnico riceve il 50% dei fondi, art. 3 del bando.",
        "- Un secondo punto",
    ]
    at = view.norm.index("50%")
    assert view.sentence_at(at) == view.sentences()[1]
    start, end = view.document_sentence_at(at)
    assert TEXT[start:end] == sentences[1]


def test_the_sentence_around_an_amount_is_cut_at_the_window() -> None:
    long = "Premessa. Ecco " + "parola " * 100 + "con 5 milioni di euro " + "altro " * 100 + "fine."
    view = TextView.of(long)
    at = view.norm.index("5 milioni")
    end = at + len("5 milioni di euro")
    assert view.sentence_around(at, end, 50) == (at - 50, end + 50)
    assert view.sentence_around(at, end, 10_000) == view.sentence_at(at) == (10, len(long))


@pytest.mark.parametrize(
    ("text", "sentence"),
    [
        ("La Regione  stanzia\n  13,5 milioni di euro per le università.", 0),
        ("Il bando è aperto.  La Regione stanzia 13,5\nmilioni di euro.", 20),
        ("Premessa\n\n   Sono 13,5 milioni di euro.", 13),
    ],
)
def test_an_amount_carries_where_its_sentence_starts(text: str, sentence: int) -> None:
    [amount] = find_amounts(text)
    assert amount.value == Decimal("13500000")
    assert amount.sentence_start == sentence
    assert " ".join(text[sentence:].split()).startswith(amount.sentence)


def test_the_registry_lists_its_finders_in_order_with_versions() -> None:
    assert registered_finders() == [
        ("dates", 2),
        ("entities", 64),
        ("amounts", 2),
        ("percents", 1),
        ("funding", 32),
    ]


def test_a_finder_name_is_registered_once_and_after_what_it_needs() -> None:
    with pytest.raises(ValueError, match="already registered"):
        finder("amounts")(lambda view, context: [])
    with pytest.raises(ValueError, match="not registered"):
        finder("grants", needs=("subsidies",))(lambda view, context: [])
    assert [name for name, _ in registered_finders()] == [
        "dates",
        "entities",
        "amounts",
        "percents",
        "funding",
    ]


def test_run_finders_gives_each_finder_the_results_before_it() -> None:
    view = TextView.of(TEXT)
    found = run_finders(view, FinderContext(publication_date=date(2021, 7, 9)))
    assert list(found) == ["dates", "entities", "amounts", "percents", "funding"]
    assert found["entities"] == []  # no spaCy Doc, no entities
    assert [TEXT[a.start : a.end] for a in found["amounts"]] == ["13,5\u00a0mi-\nlioni di euro"]
    assert [p.value for p in found["percents"]] == [Decimal("50")]
    assert [d.value for d in found["dates"]][:1] == ["2021-07-09"]
    [fact] = found["funding"]
    assert (fact.start, fact.value, fact.date) == (
        found["amounts"][0].start,
        Decimal("13500000"),
        "2021-07-09",
    )
