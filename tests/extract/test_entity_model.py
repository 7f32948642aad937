"""The NER component decodes the shipped model as spaCy's own recognizer does, entity for entity."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pytest
from spacy.language import Language
from spacy.tokens import Doc

from pipeline.extract.entity_model import LOOKAHEAD, EntityModel, TokenVectors
from pipeline.extract.nlp import NER_NAME, tokenizer_view

EntitiesOf = Callable[[str], list[tuple[str, str]]]  # the entities_of fixture

TEXTS = [
    "Il Politecnico di Milano e la Regione Lombardia hanno firmato un accordo con Fondazione Cariplo.",
    "Mario Rossi, sindaco di Bergamo, ha incontrato il presidente dell'Università degli Studi di Pavia.",
    "REGIONE LOMBARDIA - DIREZIONE GENERALE ISTRUZIONE, UNIVERSITÀ, RICERCA, INNOVAZIONE E SEMPLIFICAZIONE",
    "il comune di roma e la provincia di napoli\n\n  con il ministero dell'economia e delle finanze",
    "Fondazione " + " ".join(f"Alfa{c}" for c in "ABCDEFGHIJKLMNOPQRST") + " di Milano",
    # an entity longer than the decoder's look-ahead
    "Le infrastrutture nella Strategia per l’innovazione tecnologica e la digitalizzazione del Paese 2025",
    "Milano",
    "  \n ",
    "",
    "Il PNRR finanzia la Missione 4 con Next Generation EU e Horizon Europe.",
]


def spacy_entities(nlp: Language, texts: list[str]) -> list[list[tuple[int, int, str]]]:
    ner = nlp.get_pipe(NER_NAME).ner
    docs = [nlp.make_doc(text) for text in texts]
    ner.set_annotations(docs, ner.predict(docs))
    return [entities(doc) for doc in docs]


def entities(doc: Doc) -> list[tuple[int, int, str]]:
    return [(e.start, e.end, e.label_) for e in doc.ents]


def test_the_shipped_model_is_decoded_on_arrays(nlp: Language) -> None:
    component = nlp.get_pipe(NER_NAME)
    assert isinstance(component, EntityModel)
    assert component.decoder is not None


def test_token_vectors_are_those_of_the_model_bit_for_bit(nlp: Language) -> None:
    tok2vec = nlp.get_pipe(NER_NAME).ner.model.get_ref("tok2vec")
    vectors = TokenVectors.of(tok2vec)
    assert vectors is not None
    docs = [nlp.make_doc(text) for text in TEXTS]
    assert np.array_equal(vectors(docs), tok2vec.predict(docs))
    assert np.array_equal(vectors(docs[:1]), tok2vec.predict(docs[:1]))


def test_entities_are_those_of_spacys_decoding_one_document_at_a_time(nlp: Language) -> None:
    decoder = nlp.get_pipe(NER_NAME).decoder
    assert decoder is not None
    ours = [decoder.entities([nlp.make_doc(text)]) for text in TEXTS]
    assert ours == [[spacy_entities(nlp, [text])[0]] for text in TEXTS]
    assert any(end - start > LOOKAHEAD for found in ours for start, end, _ in found[0])


def test_entities_are_those_of_spacys_decoding_in_batches(nlp: Language) -> None:
    component = nlp.get_pipe(NER_NAME)
    docs = [nlp.make_doc(t) for t in TEXTS]
    assert component.decoder.entities(docs) == spacy_entities(nlp, TEXTS)
    # the component gives the same, but for the lines written in capitals (the third text)
    ours = [entities(doc) for doc in component.pipe((nlp.make_doc(t) for t in TEXTS), batch_size=4)]
    assert [found for k, found in enumerate(ours) if k != 2] == [
        found for k, found in enumerate(spacy_entities(nlp, TEXTS)) if k != 2
    ]


def test_lines_in_capitals_take_the_entities_of_the_recognizer_for_capitals(nlp: Language) -> None:
    component = nlp.get_pipe(NER_NAME)
    assert component.capitals is not None
    heading = "IL SINDACO DI RAVENNA, MICHELE ZOFFOLI, HA SCRITTO AL MINISTRO DELL'INTERNO"
    body = "Il sindaco di Ravenna, Michele de Pascale, ha scritto al Ministro dell'Interno."
    doc = component(nlp.make_doc(heading + "\n" + body))
    first_line = len(nlp.make_doc(heading))
    alone = component.capitals.entities([nlp.make_doc(heading)])
    assert alone is not None
    assert [e for e in entities(doc) if e[1] <= first_line] == alone[0]
    assert ("MICHELE ZOFFOLI", "PER") in [(e.text, e.label_) for e in doc.ents]
    # the other lines keep the shipped recognizer's entities
    body_alone = entities(component(nlp.make_doc(body)))
    assert [
        (s - first_line - 1, e - first_line - 1, label) for s, e, label in entities(doc) if s > first_line
    ] == (body_alone)
    # the shipped recognizer alone runs the heading's words together or misses the name
    assert alone[0] != component.decoder.entities([nlp.make_doc(heading)])[0]


def test_documents_with_entities_already_set_go_through_spacys_decoding(nlp: Language) -> None:
    component = nlp.get_pipe(NER_NAME)
    doc = nlp.make_doc(TEXTS[0])
    doc.set_ents([doc.char_span(0, 2, label="ORG")], default="missing")
    assert component.decoder is not None and component.decoder.entities([doc]) is None
    expected = nlp.make_doc(TEXTS[0])
    expected.set_ents([expected.char_span(0, 2, label="ORG")], default="missing")
    component.ner(expected)
    assert entities(component(doc)) == entities(expected)


@pytest.mark.parametrize(
    ("wrapped", "mention"),
    [
        pytest.param(
            "L'Istituto di Scienze Marine del CNR di Venezia\ncoordina la campagna oceanografica\n"
            "che partirà a giugno dal porto di Chioggia.",
            ("Venezia", "LOC"),  # read with its line breaks, the recognizer took the break in: `Venezia\n`
            id="before-a-lower-case-word",
        ),
        pytest.param(
            "La delegazione è partita ieri mattina dall'aeroporto di Milano\nMalpensa diretta in Kenya.",
            ("Milano\nMalpensa", "LOC"),
            id="a-long-line-wrapped-before-a-name",
        ),
    ],
)
def test_a_line_break_inside_a_sentence_is_a_space_to_the_recognizer(
    nlp: Language, wrapped: str, mention: tuple[str, str]
) -> None:
    component = nlp.get_pipe(NER_NAME)
    one_line = wrapped.replace("\n", " ")
    found = [(e.start_char, e.end_char, e.label_) for e in component(nlp.make_doc(wrapped)).ents]
    assert found == [(e.start_char, e.end_char, e.label_) for e in component(nlp.make_doc(one_line)).ents]
    assert mention in [(wrapped[s:e], label) for s, e, label in found]


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("Politecnico di Milano\nUniversità di Pavia", id="a-list"),
        pytest.param(
            "Questi sono i progetti che la Regione ha finanziato nel 2024:\nUniversità di Pavia",
            id="a-line-ended-by-punctuation",
        ),
    ],
)
def test_a_line_break_after_a_short_line_or_punctuation_stays(nlp: Language, text: str) -> None:
    assert tokenizer_view(text) == text
    assert any(t.text == "\n" for t in nlp.make_doc(text))


def test_a_title_in_capitals_is_not_joined_to_the_line_after_it(entities_of: EntitiesOf) -> None:
    text = (
        "INNOVAZIONE, DALLA REGIONE LOMBARDIA 18 MILIONI ALLE UNIVERSITÀ DI PAVIA E BERGAMO\n"
        "Regione Lombardia ha approvato ieri il nuovo bando per la ricerca applicata."
    )
    found = entities_of(text)
    assert ("UNIVERSITÀ DI PAVIA", "ORG") in found
    assert ("BERGAMO", "LOC") in found
    assert tokenizer_view(text) == text
    # a long line of running text that ends in a word runs on into the name on the next line
    assert tokenizer_view("Il bando è stato presentato ieri dalla Regione\nLombardia.") == (
        "Il bando è stato presentato ieri dalla Regione Lombardia."
    )
    # a title in title case stays a line of its own; a list of names runs on, surname particles and all
    title = "Il Politecnico Di Torino Vince Il Bando Europeo Per La Ricerca\nCluster Lombardo della Mobilità"
    assert tokenizer_view(title) == title
    names = "Erano presenti Anna Ceccherini, Giorgio Fantoni, Vincenzo Di Nicola, Gualtiero\nSpadoni."
    assert tokenizer_view(names) == names.replace("\n", " ")
