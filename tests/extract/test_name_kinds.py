"""The model of names that are people's: fitted on the train split alone, reproducible, and changing a
label only where the name's form allows it. The sentences here are written for the tests (in no corpus
split)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from spacy.language import Language

from pipeline.extract.entity_name_kinds import WEIGHTS, WEIGHTS_NAME, NameKinds, load_name_kinds
from pipeline.extract.entity_tokens import RuleSpan
from pipeline.extract.nlp import RULES_NAME, SPAN_KEY, build_nlp
from training.name_kinds import build, examples


@pytest.fixture(scope="module")
def kinds() -> NameKinds:
    model = load_name_kinds()
    assert model is not None
    return model


@pytest.fixture(scope="module")
def nlp() -> Language:
    return build_nlp()


@pytest.fixture(scope="module")
def without() -> Language:
    return build_nlp(name_kinds=False)


def _mentions(nlp: Language, text: str) -> list[tuple[str, str]]:
    doc = nlp(text)
    return [(span.text, span.label_) for span in doc.spans[SPAN_KEY]]


def test_the_shipped_weights_are_what_the_recipe_fits_on_the_train_split(tmp_path: Path) -> None:
    made = tmp_path / "name_kinds.json"
    count = build(made)
    assert made.read_text(encoding="utf-8") == WEIGHTS.read_text(encoding="utf-8")
    shipped = json.loads(WEIGHTS.read_text(encoding="utf-8"))
    person, body = shipped["person"], shipped["body"]
    assert person["examples"] == count > 5_000
    assert 0.3 < person["positive"] / count < 0.7
    # the model of bodies learns from the bodies and places alone
    assert body["examples"] == count - person["positive"]
    assert 0.3 < body["positive"] / body["examples"] < 0.9


def test_names_the_gazetteers_know_are_no_examples(tmp_path: Path) -> None:
    rows = tmp_path / "rows.jsonl"
    text = "La Germania si ritira, ha detto Anna Kowalska."
    spans = [[3, 11, "ORG"], [32, 45, "PER"]]
    rows.write_text(json.dumps({"id": "x", "text": text, "spans": spans}) + "\n", encoding="utf-8")
    data = examples(rows, europarl=False)
    assert [label for _, label in data] == ["PER"]
    assert "w=anna kowalska" in data[0][0] and "first_name" in data[0][0]


@pytest.mark.parametrize(
    ("text", "name", "before", "after"),
    [
        ("La proposta di Tajani è stata accolta con favore.", "Tajani", "LOC", "PER"),
        ("I lavori interesseranno il quartiere Japigia e la zona di Torre a Mare.", "Japigia", "PER", "LOC"),
        # the model of bodies: a company read as a person, first no person, then a body
        ("La Zorvek ha annunciato il taglio di 300 posti di lavoro.", "Zorvek", "PER", "ORG"),
        ("Gli abitanti di Tel Rifaat sono fuggiti verso nord.", "Tel Rifaat", "PER", "LOC"),
        ("Il gol di Osimhen ha deciso la partita.", "Osimhen", "LOC", "PER"),
        ("Il razzo partirà dalla base di Kourou entro l'estate.", "Kourou", "PER", "LOC"),
    ],
)
def test_the_models_mend_a_person_read_as_a_place_and_back(
    nlp: Language, without: Language, text: str, name: str, before: str, after: str
) -> None:
    assert (name, before) in _mentions(without, text)
    assert (name, after) in _mentions(nlp, text)


AS_WRITTEN = {"IL GOL DI OSIMHEN HA DECISO LA PARTITA.": "Il gol di Osimhen ha deciso la partita."}


@pytest.mark.parametrize(
    ("text", "name", "label"),
    [
        # the model says person; a body's keyword, a dictionary word or an acronym says no
        (
            "Gruppo Ferretti Costruzioni si aggiudica l'appalto, ha spiegato il sindaco.",
            "Gruppo Ferretti Costruzioni",
            "ORG",
        ),
        ("Elettra Cavi apre un nuovo stabilimento, ha detto il sindaco.", "Elettra Cavi", "ORG"),
        ("Secondo ACLI, la misura arriva tardi.", "ACLI", "ORG"),
        # a single word that the recognizer reads as a body stays one
        ("Il commento di Lagarde non si è fatto attendere.", "Lagarde", "ORG"),
        # a name in capitals
        ("IL GOL DI OSIMHEN HA DECISO LA PARTITA.", "OSIMHEN", "LOC"),
        # a place's first word
        ("Il commento di Val Masino non si è fatto attendere.", "Val Masino", "LOC"),
    ],
)
def test_the_form_of_a_name_stops_the_model(
    kinds: NameKinds, nlp: Language, text: str, name: str, label: str
) -> None:
    doc = nlp.make_doc(text)
    start = next(i for i, t in enumerate(doc) if doc[i : i + len(name.split())].text == name)
    span = RuleSpan(start, start + len(name.split()), label, 0)
    # the model of people alone would say person (of the name in capitals: the sentence as written)
    written = nlp.make_doc(AS_WRITTEN.get(text, text))
    assert kinds.probabilities(written, span.start, span.end)[0] > 0.5
    assert [s.label for s in kinds.relabel(doc, [span])] == [label]


def test_a_full_name_read_as_a_body_is_a_person(kinds: NameKinds, nlp: Language) -> None:
    doc = nlp.make_doc("Il presidente del consiglio Silvio Berlusconi ha inviato un messaggio.")
    span = RuleSpan(4, 6, "ORG", 0)
    assert [s.label for s in kinds.relabel(doc, [span])] == ["PER"]


def test_a_recognizer_directory_may_bring_its_own_weights(tmp_path: Path) -> None:
    shutil.copy(WEIGHTS, tmp_path / WEIGHTS_NAME)
    rules = build_nlp(model_dir=tmp_path).get_pipe(RULES_NAME)
    assert rules.name_kinds is load_name_kinds(tmp_path / WEIGHTS_NAME)
    assert rules.name_kinds is not load_name_kinds()
    assert build_nlp(name_kinds=False).get_pipe(RULES_NAME).name_kinds is None
