"""Canonical entities: one id per real-world entity across documents, with the IPA code of public bodies."""

from __future__ import annotations

import pytest
from spacy.language import Language

from pipeline.extract.entities import EntityMatch, find_entities


def _ids(nlp: Language, text: str) -> dict[str, EntityMatch]:
    doc = nlp(text)
    return {doc.text[m.start : m.end]: m for m in find_entities(doc)}


@pytest.mark.parametrize(
    ("short", "long", "label"),
    [
        pytest.param("PNRR", "Piano Nazionale di Ripresa e Resilienza", "PROGRAMME", id="pnrr"),
        pytest.param("ACN", "Agenzia per la Cybersicurezza Nazionale", "ORG", id="acn"),
        pytest.param("MIMIT", "Ministero delle Imprese e del Made in Italy", "ORG", id="mimit"),
        pytest.param("AgID", "Agenzia per l'Italia Digitale", "ORG", id="agid"),
    ],
)
def test_an_acronym_and_its_expansion_share_one_id_across_documents(
    nlp: Language, short: str, long: str, label: str
) -> None:
    first = _ids(nlp, f"Le risorse arrivano dal {short} e sono già state ripartite.")
    second = _ids(nlp, f"Secondo quanto previsto dal {long}, le domande si chiudono a maggio.")
    assert first[short].label == second[long].label == label
    assert first[short].canonical_id == second[long].canonical_id


def test_a_surname_points_to_the_full_name_in_its_document(nlp: Language) -> None:
    found = _ids(nlp, "Lo ha detto Alfredo Mantovano a Roma. Mantovano ha poi lasciato la sala.")
    assert (
        found["Mantovano"].canonical_id == found["Alfredo Mantovano"].canonical_id == "PER:alfredo-mantovano"
    )


@pytest.mark.parametrize(
    ("one", "other"),
    [
        pytest.param(
            "Universita' degli Studi di Perugia", "Università degli Studi di Perugia", id="apostrophe"
        ),
        pytest.param("REGIONE LOMBARDIA", "Regione Lombardia", id="case"),
        pytest.param("Italy", "Italia", id="english-name"),
    ],
)
def test_spelling_variants_share_one_id(nlp: Language, one: str, other: str) -> None:
    first = _ids(nlp, f"Il bando è aperto agli enti con sede in {one}, a Milano e a Roma.")
    second = _ids(nlp, f"Il bando è aperto agli enti con sede in {other}, a Milano e a Roma.")
    assert first[one].canonical_id == second[other].canonical_id


@pytest.mark.parametrize(
    ("text", "surface", "code"),
    [
        pytest.param(
            "La Regione Lombardia ha firmato l'accordo.", "Regione Lombardia", "r_lombar", id="region"
        ),
        pytest.param("Il Comune di Bergamo partecipa al bando.", "Comune di Bergamo", "c_a794", id="comune"),
        pytest.param(
            "Lo studio è dell'Università degli Studi di Perugia.",
            "Università degli Studi di Perugia",
            "usdp",
            id="university",
        ),
    ],
)
def test_public_bodies_carry_their_ipa_code(nlp: Language, text: str, surface: str, code: str) -> None:
    assert _ids(nlp, text)[surface].ipa_code == code


def test_bodies_outside_the_registry_have_no_ipa_code(nlp: Language) -> None:
    found = _ids(nlp, "La società Bracco spa ha firmato con Stellantis.")
    assert all(m.ipa_code is None for m in found.values())
