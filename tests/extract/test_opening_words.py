"""A word the training text writes only in lower case inside its sentences is no name, capitalised at
a sentence's start or as a label inside one (`entity_lower_only.txt`)."""

from __future__ import annotations

import pytest
from spacy.language import Language

from pipeline.extract.entity_model_checks import is_lower_only_word
from pipeline.extract.entity_patterns import load_patterns
from pipeline.extract.entity_priorities import PRIORITY
from pipeline.extract.entity_tokens import RuleSpan, view_tokens
from pipeline.lang import data_path
from training.word_lists import build_lower_only, count_cases


def _lower_only_word(nlp: Language, text: str, word: str) -> bool:
    toks = view_tokens(nlp.make_doc(text))
    k = next(i for i, t in enumerate(toks) if t.text == word)
    return is_lower_only_word(toks, RuleSpan(k, k + 1, "ORG", PRIORITY.model), load_patterns())


@pytest.mark.parametrize(
    ("text", "word", "expected"),
    [
        pytest.param("Malgrado la pioggia, la fiera resta aperta.", "Malgrado", True, id="sentence-start"),
        pytest.param(
            "Priorità del piano:\nCoinvolgimento dei comuni", "Coinvolgimento", True, id="line-start"
        ),
        pytest.param(
            "Le fasi sono due: Coinvolgimento e ascolto.", "Coinvolgimento", True, id="after-a-colon"
        ),
        pytest.param(
            "Il piano chiama Coinvolgimento la prima fase.", "Coinvolgimento", True, id="a-label-inside"
        ),
        pytest.param("Letta ha parlato ieri alla Camera.", "Letta", False, id="also-a-surname"),
        pytest.param("Sala ha firmato il protocollo.", "Sala", False, id="capitalised-inside-too"),
        pytest.param("Ferrandino ha firmato il protocollo.", "Ferrandino", False, id="never-in-lower-case"),
    ],
)
def test_a_word_written_in_lower_case_elsewhere_is_no_name(
    nlp: Language, text: str, word: str, expected: bool
) -> None:
    assert _lower_only_word(nlp, text, word) is expected


def test_cases_are_counted_inside_sentences_only() -> None:
    lower, inside = count_cases([["Malgrado", "tutto", "."], ["Disse", "malgrado", "Rossi", "."]])
    assert (lower["malgrado"], inside["malgrado"]) == (1, 0)
    assert inside["rossi"] == 1 and lower["rossi"] == 0
    assert inside["disse"] == 0  # the first word's capital is the sentence's


def test_the_shipped_list_is_the_one_the_recipe_makes(tmp_path) -> None:
    made = tmp_path / "entity_lower_only.txt"
    build_lower_only(made)
    assert made.read_text(encoding="utf-8") == data_path("entity_lower_only.txt").read_text(encoding="utf-8")
