"""The entity pipeline: how blank Italian tokenizes what our rules rely on, and what build_nlp builds."""

from __future__ import annotations

import pytest
import spacy
from spacy.language import Language

from pipeline.extract.nlp import NER_NAME, RULES_NAME, SPAN_KEY, build_nlp, tokenizer_view


@pytest.mark.parametrize(
    ("text", "tokens"),
    [
        pytest.param("dall'8 febbraio", ["dall'", "8", "febbraio"], id="elided-preposition-before-number"),
        pytest.param("euro 109.300,95", ["euro", "109.300,95"], id="italian-decimal-number"),
        pytest.param("Bracco s.p.a.", ["Bracco", "s.p.a."], id="lowercase-spa-one-token"),
        pytest.param("MM S.p.A e", ["MM", "S.p", ".", "A", "e"], id="uppercase-spa-split"),
        pytest.param("Astir S.r.l.", ["Astir", "S.r.l", "."], id="srl-final-dot-split"),
        pytest.param("n° 5", ["n°", "5"], id="numero-sign"),
        pytest.param("Regione\nLombardia", ["Regione", "\n", "Lombardia"], id="line-break-is-a-token"),
        pytest.param("M. Porter", ["M.", "Porter"], id="initial"),
        pytest.param("Valle d'Aosta", ["Valle", "d'", "Aosta"], id="elided-di"),
        pytest.param(
            "Università di Milano-Bicocca", ["Università", "di", "Milano-Bicocca"], id="hyphenated-name"
        ),
        pytest.param(
            "Digital Innovation Hub (DIH)",
            ["Digital", "Innovation", "Hub", "(", "DIH", ")"],
            id="acronym-in-brackets",
        ),
    ],
)
def test_blank_italian_tokenizer_splits_forms_the_rules_rely_on(text: str, tokens: list[str]) -> None:
    assert [t.text for t in spacy.blank("it")(text)] == tokens


@pytest.mark.parametrize(
    ("text", "tokens"),
    [
        pytest.param("anche LE2C.", ["anche", "LE2C", "."], id="code-then-full-stop"),
        pytest.param(
            "Lariana Depur S.p.A.", ["Lariana", "Depur", "S.p", ".", "A."], id="dotted-legal-form-unchanged"
        ),
        pytest.param("nel 2020.", ["nel", "2020", "."], id="year-then-full-stop"),
    ],
)
def test_build_nlp_splits_the_full_stop_after_codes(nlp: Language, text: str, tokens: list[str]) -> None:
    assert [t.text for t in nlp.make_doc(text)] == tokens


def test_build_nlp_tokenizer_gives_the_tokens_of_the_plain_tokenizer() -> None:
    # special cases (line break, `art.`, `n.`, `e/o`, `:)`) before new words: the words are cached
    text = "Ai sensi dell'art. 5, n. 3\nla Regione ecc. e/o il Comune:)  di Milano-Bicocca (MIB).\n\tFine"
    nlp = build_nlp(model=False)
    plain = nlp.tokenizer.tokenizer
    for _ in range(2):
        assert [(t.text, t.idx, t.whitespace_, t.norm_) for t in nlp.make_doc(text)] == [
            (t.text, t.idx, t.whitespace_, t.norm_) for t in plain(tokenizer_view(text))
        ]


def test_build_nlp_starts_from_blank_italian_with_our_components(nlp: Language) -> None:
    assert nlp.lang == "it"
    assert nlp.pipe_names == [NER_NAME, RULES_NAME]


def test_build_nlp_without_model_has_only_the_rules() -> None:
    assert build_nlp(model=False).pipe_names == [RULES_NAME]


def test_rules_component_writes_the_entities_span_group(nlp: Language) -> None:
    doc = nlp("L'accordo tra Regione Lombardia e il Comune di Bergamo.")
    assert [(s.text, s.label_) for s in doc.spans[SPAN_KEY]] == [
        ("Regione Lombardia", "ORG"),
        ("Comune di Bergamo", "ORG"),
    ]


def test_pipeline_processes_batches(nlp: Language) -> None:
    texts = ["Il sindaco di Milano ha parlato.", "", "Nessun nome qui."]
    docs = list(nlp.pipe(texts))
    assert [d.text for d in docs] == texts
    assert [[s.text for s in d.spans[SPAN_KEY]] for d in docs] == [["Milano"], [], []]


def test_every_rule_priority_has_a_number_and_a_one_line_meaning() -> None:
    from pipeline.extract.entity_priorities import PRIORITIES_FILE, PRIORITY
    from pipeline.lang import load_json

    entries = load_json(PRIORITIES_FILE)
    assert {name: entry["priority"] for name, entry in entries.items()} == {
        name: getattr(PRIORITY, name) for name in entries
    }
    assert all(entry["meaning"].strip() and "\n" not in entry["meaning"] for entry in entries.values())


@pytest.mark.parametrize(
    ("text", "surface"),
    [
        pytest.param("Il contratto con Alfa Beta S.A. è firmato.", "Alfa Beta S.A.", id="dotted"),
        pytest.param("Il contratto con Alfa Beta SA è firmato.", "Alfa Beta SA", id="upper-case"),
        pytest.param("Il contratto con Alfa Beta spa è firmato.", "Alfa Beta spa", id="unmarked-form"),
    ],
)
def test_rules_take_a_company_with_its_legal_form(text: str, surface: str) -> None:
    doc = build_nlp(model=False)(text)
    assert [(s.text, s.label_) for s in doc.spans[SPAN_KEY]] == [(surface, "ORG")]


def test_rules_need_dots_or_capitals_for_a_legal_form_that_is_also_a_word() -> None:
    doc = build_nlp(model=False)("Il contratto con Alfa Beta sa è firmato.")
    assert [s.text for s in doc.spans[SPAN_KEY]] == []
