"""A team's name ends before the score written after it."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from spacy.language import Language

from pipeline.extract.entities import find_entities
from pipeline.extract.entity_fill import scores_off_names
from pipeline.extract.entity_tokens import RuleSpan, span_text, view_tokens


@pytest.mark.parametrize(
    ("text", "mentions", "expected"),
    [
        pytest.param(
            "La Svizzera batte la Polonia 2-1 a Siviglia.", [("Polonia 2", "ORG")], ["Polonia"], id="dash"
        ),
        pytest.param(
            "Passa il Cagliari 2\u20131 a Monza.", [("Cagliari 2\u20131", "ORG")], ["Cagliari"], id="en-dash"
        ),
        pytest.param("Il Cluster 6 ha 40 soci.", [("Cluster 6", "ORG")], ["Cluster 6"], id="a-name-s-number"),
        pytest.param(
            "Nella gara tra Italia e Francia 3 - 0 per noi.", [("Francia 3", "ORG")], ["Francia"], id="spaced"
        ),
    ],
)
def test_a_score_is_not_part_of_a_name(
    nlp: Language, candidates: Callable[..., list[RuleSpan]], text: str, mentions, expected
) -> None:
    toks = view_tokens(nlp.make_doc(text))
    spans = scores_off_names(toks, candidates(toks, *mentions))
    assert [span_text(toks, s.start, s.end) for s in spans] == expected


def test_the_pipeline_reads_a_team_before_its_score(nlp: Language) -> None:
    text = "Ai Mondiali di calcio, l'Ucraina ha battuto la Slovacchia 1-0 e si è qualificata."
    found = [text[m.start : m.end] for m in find_entities(nlp(text))]
    assert "Slovacchia" in found and not any(f.startswith("Slovacchia ") for f in found), found
