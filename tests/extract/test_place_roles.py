"""The model of places that act: trained on the train split alone, reproducible, and deciding LOC or ORG
for mentions of place names only. The sentences here are written for the tests (in no corpus split)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from spacy.language import Language

from pipeline.extract import entity_place_roles as place_roles_module
from pipeline.extract.entity_place_roles import WEIGHTS, PlaceRoles, load_place_roles, sentence_words
from pipeline.extract.entity_tokens import RuleSpan
from pipeline.extract.nlp import SPAN_KEY, build_nlp
from training.place_roles import TRAIN, build, examples

ROOT = Path(__file__).resolve().parents[2]


def _ids(path: Path) -> set[str]:
    return {json.loads(line)["id"] for line in path.read_text(encoding="utf-8").splitlines() if line.strip()}


@pytest.fixture(scope="module")
def roles() -> PlaceRoles:
    model = load_place_roles()
    assert model is not None
    return model


def _mentions(nlp: Language, text: str) -> list[tuple[str, str]]:
    doc = nlp(text)
    return [(span.text, span.label_) for span in doc.spans[SPAN_KEY]]


def test_the_shipped_weights_are_what_the_recipe_fits_on_the_train_split(tmp_path: Path) -> None:
    made = tmp_path / "place_roles.json"
    count = build(made)
    assert made.read_text(encoding="utf-8") == WEIGHTS.read_text(encoding="utf-8")
    shipped = json.loads(WEIGHTS.read_text(encoding="utf-8"))
    assert shipped["examples"] == count > 2_000
    assert 0.05 < shipped["org_examples"] / count < 0.5


def test_the_examples_are_train_rows_and_never_dev_or_test_rows() -> None:
    used = {row_id for _, _, row_id in examples()}
    assert used <= _ids(TRAIN)
    held = _ids(ROOT / "training/ner/corpus/dev.jsonl") | _ids(ROOT / "tests/gold/entities-test.jsonl")
    assert not used & held


def test_the_context_stops_at_the_sentence_end() -> None:
    nlp = build_nlp(model=False)
    doc = nlp.make_doc("Piove a Roma. La Germania si ritira dal vertice. Domani si vota.")
    start = [t.text for t in doc].index("Germania")
    before, after = sentence_words(doc, start, start + 1)
    assert before == ["la"]
    assert after == ["si", "ritira", "dal", "vertice", "."]


def test_a_line_break_inside_a_sentence_does_not_end_the_context() -> None:
    nlp = build_nlp(model=False)
    doc = nlp.make_doc(
        "Sale la tensione tra la Germania e il governo\ndi Varsavia dopo il voto.\nDomani si vota."
    )
    start = [t.text for t in doc].index("Germania")
    after = sentence_words(doc, start, start + 1)[1]
    assert after == ["e", "il", "governo", "di", "varsavia", "dopo", "il", "voto", "."]
    # a break before a function word with a capital ends the sentence: the line before was a title
    doc = nlp.make_doc("Vertice di Bruxelles, la Germania si ritira dal tavolo\nIl governo tace.")
    start = [t.text for t in doc].index("Germania")
    assert sentence_words(doc, start, start + 1)[1] == ["si", "ritira", "dal", "tavolo"]


def test_a_team_that_plays_is_a_body_and_a_place_where_it_rains_is_a_place() -> None:
    nlp = build_nlp()
    assert _mentions(nlp, "L'Irlanda ha vinto contro la Scozia per 24-10.") == [
        ("Irlanda", "ORG"),
        ("Scozia", "ORG"),
    ]
    assert _mentions(nlp, "Le piogge hanno colpito la Spagna e il sud della Francia.") == [
        ("Spagna", "LOC"),
        ("Francia", "LOC"),
    ]


def test_the_model_decides_and_the_component_can_be_left_out(roles: PlaceRoles) -> None:
    nlp = build_nlp(model=False)
    doc = nlp.make_doc("L'Irlanda ha vinto contro la Scozia per 24-10.")
    irlanda = [t.text for t in doc].index("Irlanda")
    assert roles.label(doc, irlanda, irlanda + 1) == "ORG"
    assert build_nlp(place_roles=False).get_pipe("pipeline_entity_rules").place_roles is None


def test_only_loc_and_org_mentions_of_place_names_are_relabelled(roles: PlaceRoles) -> None:
    nlp = build_nlp(model=False)
    doc = nlp.make_doc("L'Irlanda di Mario Rossi ha vinto contro la Regione Lombardia per 24-10.")
    words = [t.text for t in doc]
    irlanda, mario, regione = words.index("Irlanda"), words.index("Mario"), words.index("Regione")
    spans = [
        RuleSpan(irlanda, irlanda + 1, "LOC", 1),
        RuleSpan(irlanda, irlanda + 1, "PER", 1),
        RuleSpan(mario, mario + 2, "PER", 1),
        RuleSpan(regione, regione + 2, "LOC", 1),
    ]
    assert [s.label for s in roles.relabel(doc, spans)] == ["ORG", "PER", "PER", "LOC"]


def test_without_weights_place_names_keep_their_label_and_a_warning_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setattr(place_roles_module, "WEIGHTS", tmp_path / "missing.json")
    load_place_roles.cache_clear()
    try:
        with caplog.at_level("WARNING"):
            assert build_nlp(model=False).get_pipe("pipeline_entity_rules").place_roles is None
        assert "no weights of places that act" in caplog.text
    finally:
        load_place_roles.cache_clear()


@pytest.mark.parametrize(
    ("text", "place", "acts"),
    [
        pytest.param("Mosca ha convocato l'ambasciatore della Finlandia.", "Mosca", True, id="subject"),
        pytest.param(
            "La Lombardia chiede al governo di prorogare i termini.", "Lombardia", True, id="present"
        ),
        pytest.param("Pechino ha già annunciato nuove manovre.", "Pechino", True, id="with-an-adverb"),
        pytest.param(
            "Il Consiglio regionale della Toscana ha approvato la mozione.", "Toscana", False, id="complement"
        ),
        pytest.param("A Roma ha piovuto tutto il giorno.", "Roma", False, id="no-verb-of-acting"),
        pytest.param("Madrid e Lisbona hanno firmato l'intesa.", "Madrid", True, id="coordinated"),
        pytest.param(
            "Il Cile, il Perù e la Bolivia hanno respinto la proposta.", "Cile", True, id="a-list-of-three"
        ),
        pytest.param("Il ministro, in visita ad Atene, ha detto di no.", "Atene", False, id="after-ad"),
        pytest.param("Oslo, Helsinki hanno firmato.", "Oslo", False, id="a-comma-alone-is-no-coordination"),
    ],
)
def test_a_place_that_is_the_subject_of_a_verb_of_acting_is_a_body(
    nlp: Language, text: str, place: str, acts: bool
) -> None:
    from pipeline.extract.entities import find_entities
    from pipeline.extract.entity_place_roles import acts_as_subject

    doc = nlp.make_doc(text)
    k = next(i for i, t in enumerate(doc) if t.text == place)
    assert acts_as_subject(doc, k, k + 1) is acts
    if acts:
        assert (place, "ORG") in [(text[m.start : m.end], m.label) for m in find_entities(nlp(text))]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("Lubiana ha confermato la notizia.", [("Lubiana", "ORG")], id="a-subject"),
        pytest.param("Bratislava ha chiesto chiarimenti.", [("Bratislava", "ORG")], id="another"),
        pytest.param("Lo standard OPI definito dall'Agenzia.", [("Agenzia", "ORG")], id="not-in-capitals"),
    ],
)
def test_a_place_nothing_found_is_a_body_when_it_acts(
    entities_of: Callable[[str], list[tuple[str, str]]], text: str, expected: list[tuple[str, str]]
) -> None:
    assert entities_of(text) == expected
