"""The gazetteers of well-known bodies and foreign places are what `training/known_names.py` makes of
the writers' lists, and hold none of the forms it leaves out."""

from __future__ import annotations

from pathlib import Path

from training.known_names import BODIES, PLACES, PROGRAMMES, SOURCES, build, known_bodies, known_programmes


def test_the_shipped_gazetteers_are_what_the_recipe_makes_of_the_lists(tmp_path: Path) -> None:
    bodies, places, programmes = build(tmp_path / "b.tsv", tmp_path / "p.tsv", tmp_path / "f.txt")
    assert (tmp_path / "b.tsv").read_text(encoding="utf-8") == BODIES.read_text(encoding="utf-8")
    assert (tmp_path / "p.tsv").read_text(encoding="utf-8") == PLACES.read_text(encoding="utf-8")
    assert (tmp_path / "f.txt").read_text(encoding="utf-8") == PROGRAMMES.read_text(encoding="utf-8")
    assert bodies > 3000 and places > 1500 and programmes > 600


def test_the_lists_are_kept_as_written() -> None:
    rows = {p.stem: p.read_text(encoding="utf-8").splitlines() for p in SOURCES.glob("*.tsv")}
    assert sorted(rows) == ["civil", "companies", "intl", "places", "state"]
    assert all(len(lines) > 800 for lines in rows.values())
    assert len((SOURCES / "programmes.txt").read_text(encoding="utf-8").splitlines()) > 700


def test_short_forms_of_any_country_and_nested_bodies_are_left_out() -> None:
    forms = dict(known_bodies())
    written = {
        line.split("\t")[0]
        for p in SOURCES.glob("[cis]*.tsv")
        for line in p.read_text(encoding="utf-8").splitlines()
    }
    # the writers gave them; the recipe leaves them out
    for form in (
        "Ministero della Salute",
        "Consiglio di sicurezza dell'Onu",
        "Il Tempo",
        "WHO",
        "WWF",
        "Presidenza del Consiglio",
    ):
        assert form in written and form not in forms, form
    assert not [f for f in forms if f[:1].islower()]
    # one spelling per body, and the registry's where it has the body (so its IPA code follows)
    assert forms["Csm"] == forms["CSM"] == "Consiglio Superiore della Magistratura"
    assert forms["Cdp"] == forms["Cassa depositi e prestiti"]


def test_programmes_that_are_words_or_short_acronyms_are_left_out() -> None:
    written = (SOURCES / "programmes.txt").read_text(encoding="utf-8").splitlines()
    kept = set(known_programmes())
    # `FIS` is also the fencing federation, `SURE` a word; forms in lower case are generic phrases
    for form in ("FIS", "SURE", "patent box"):
        assert form in written and form not in kept, form
    assert "PR FESR Lombardia 2021-2027" in kept
