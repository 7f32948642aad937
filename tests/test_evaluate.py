import json
import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline.bench.accuracy_report import format_accuracy, report_dict
from pipeline.bench.gold import Gold, GoldItem, find_occurrences, load_gold
from pipeline.bench.gold import normalize_with_offsets as _normalize_with_offsets
from pipeline.bench.scoring import (
    Discrepancy,
    DocumentScore,
    Mention,
    Report,
    Tally,
    evaluate_gold,
    score_document,
)

GOLD_DIR = Path(__file__).parent / "gold"
RAW_DIR = Path(__file__).parent.parent / "raw"
SOURCES = json.loads((GOLD_DIR / "sources.json").read_text(encoding="utf-8"))


def _gold(*items: GoldItem) -> Gold:
    return Gold(stem="doc", publication_date=None, items=items)


def _at(
    text: str, surface: str, kind: str, value: str | None = None, nth: int = 0, **extra: object
) -> Mention:
    """A mention of the `nth` occurrence of `surface` in `text`."""
    start = -1
    for _ in range(nth + 1):
        start = text.index(surface, start + 1)
    return Mention(kind, start, start + len(surface), surface, value, **extra)


def _tally(score: DocumentScore, kind: str) -> tuple[int, int, int]:
    tally = score.tallies[kind]
    return tally.tp, tally.fp, tally.fn


def test_score_document_counts_exact_entity_matches():
    text = "Regione Lombardia e il Politecnico di Milano firmano a Milano."
    gold = _gold(
        GoldItem("ORG", "Regione Lombardia", 1),
        GoldItem("ORG", "Politecnico di Milano", 1),
        GoldItem("LOC", "Milano", 1),
    )
    mentions = [
        _at(text, "Regione Lombardia", "ORG"),
        _at(text, "Politecnico di Milano", "ORG"),
        _at(text, "Milano", "LOC", nth=1),
    ]
    score = score_document(gold, text, mentions)
    assert _tally(score, "ORG") == (2, 0, 0)
    assert _tally(score, "LOC") == (1, 0, 0)
    assert score.misses == score.extras == ()


def test_score_document_counts_a_name_inside_a_longer_name_as_extra():
    text = "Il Politecnico di Milano ha sede a Milano."
    gold = _gold(GoldItem("ORG", "Politecnico di Milano", 1), GoldItem("LOC", "Milano", 1))
    mentions = [_at(text, "Milano", "LOC", nth=0), _at(text, "Milano", "LOC", nth=1)]
    score = score_document(gold, text, mentions)
    assert _tally(score, "LOC") == (1, 1, 0)
    assert score.extras == (Discrepancy("LOC", "Milano", None, 1),)
    assert score.misses == (Discrepancy("ORG", "Politecnico di Milano", None, 1),)


def test_score_document_ignores_optional_items_found_or_missed():
    text = "accordo con Regione e con la Giunta regionale"
    gold = _gold(
        GoldItem("ORG", "Regione", 1, optional=True), GoldItem("ORG", "Giunta regionale", 1, optional=True)
    )
    score = score_document(gold, text, [_at(text, "Regione", "ORG")])
    assert _tally(score, "ORG") == (0, 0, 0)
    assert score.misses == score.extras == ()


@pytest.mark.parametrize(
    ("optional", "inner", "kind"),
    [
        pytest.param(
            GoldItem("ORG", "Enterprise Europe Network", 1, optional=True), "Europe", "LOC", id="entity"
        ),
        pytest.param(
            GoldItem("ORG", "Enterprise Europe Network", 1, optional=True), "Enterprise", "PER", id="whole"
        ),
        pytest.param(
            GoldItem("distractor", "S3 2021-2027", 1, optional=True), "2021-2027", "date", id="other-type"
        ),
    ],
)
def test_score_document_drops_mentions_inside_an_optional_span(optional, inner, kind):
    text = f"La rete Enterprise Europe Network e la strategia S3 2021-2027 in {inner}."
    score = score_document(_gold(optional), text, [_at(text, inner, kind)])
    assert score.extras == ()
    assert sum(t.fp for t in score.tallies.values()) == 0
    assert score.distractor_hits == ()


def test_score_document_keeps_a_mention_that_only_overlaps_an_optional_span():
    text = "firmato con Regione Lombardia"
    gold = _gold(GoldItem("ORG", "Regione", 1, optional=True))
    score = score_document(gold, text, [_at(text, "Regione Lombardia", "ORG")])
    assert _tally(score, "ORG") == (0, 1, 0)


def test_score_document_penalises_a_mention_in_a_not_within_occurrence():
    text = "Lombardia Eco-Regione e accordo con Regione"
    gold = _gold(GoldItem("ORG", "Regione", 1, optional=True, not_within=("Eco-Regione",)))
    score = score_document(
        gold, text, [_at(text, "Regione", "ORG", nth=0), _at(text, "Regione", "ORG", nth=1)]
    )
    assert _tally(score, "ORG") == (0, 1, 0)


@pytest.mark.parametrize(
    ("found", "expected"),
    [
        pytest.param(1, (1, 0, 1), id="one-of-two"),
        pytest.param(2, (2, 0, 0), id="both"),
        pytest.param(3, (2, 1, 0), id="one-too-many"),
        pytest.param(0, (0, 0, 2), id="none"),
    ],
)
def test_score_document_compares_multisets(found, expected):
    text = "Milano, Milano e ancora Milano"
    gold = _gold(GoldItem("LOC", "Milano", 2))
    mentions = [_at(text, "Milano", "LOC", nth=i) for i in range(found)]
    assert _tally(score_document(gold, text, mentions), "LOC") == expected


def test_score_document_adds_counts_of_items_sharing_a_surface():
    text = "Regione Lombardia\n\nRegione\nLombardia"
    gold = _gold(GoldItem("ORG", "Regione Lombardia", 1), GoldItem("ORG", "Regione Lombardia", 1))
    mentions = [Mention("ORG", 0, 17, "Regione Lombardia"), Mention("ORG", 19, 36, "Regione\nLombardia")]
    score = score_document(gold, text, mentions)
    assert _tally(score, "ORG") == (2, 0, 0)
    assert score.unlocated == ()


@pytest.mark.parametrize(
    ("value", "currency", "matches"),
    [
        pytest.param("69412.5", "EUR", True, id="trailing-zero"),
        pytest.param("69412.500", "EUR", True, id="more-zeros"),
        pytest.param("69412.51", "EUR", False, id="other-value"),
        pytest.param("69412.5", "USD", False, id="other-currency"),
        pytest.param(None, "EUR", False, id="no-value"),
    ],
)
def test_score_document_compares_money_as_decimal_with_currency(value, currency, matches):
    text = "un contributo di 69.412,50 euro"
    gold = _gold(GoldItem("money", "69.412,50 euro", 1, value="69412.50", currency="EUR"))
    score = score_document(gold, text, [_at(text, "69.412,50 euro", "money", value, currency=currency)])
    assert _tally(score, "money") == ((1, 0, 0) if matches else (0, 1, 1))


@pytest.mark.parametrize(
    ("value", "matches"),
    [pytest.param("26.70", True, id="equal-decimal"), pytest.param("267", False, id="wrong-scale")],
)
def test_score_document_compares_percentages_as_decimal(value, matches):
    text = "crescita del 26,7% annuo"
    gold = _gold(GoldItem("percent", "26,7%", 1, value="26.7"))
    score = score_document(gold, text, [_at(text, "26,7%", "percent", value)])
    assert _tally(score, "percent") == ((1, 0, 0) if matches else (0, 1, 1))


@pytest.mark.parametrize(
    ("value", "context_value", "matches"),
    [
        pytest.param("XXXX-02-07/XXXX-02-08", None, True, id="literal"),
        pytest.param("XXXX-02-07/XXXX-02-08", "2022-02-07/2022-02-08", True, id="literal-and-context"),
        pytest.param("2022-02-07/2022-02-08", "2022-02-07/2022-02-08", True, id="inferred-year"),
        pytest.param("2022-02-07/2022-02-08", None, False, id="silent-guess"),
        pytest.param(
            "XXXX-02-07/XXXX-02-08", "2021-02-07/2021-02-08", True, id="wrong-context-right-literal"
        ),
        pytest.param("XXXX-02-07", "2022-02-07", False, id="start-only"),
    ],
)
def test_score_document_matches_dates_on_value_or_inferred_context(value, context_value, matches):
    text = "nel 2022 si prevede: dal 7 all'8 febbraio"
    gold = _gold(
        GoldItem("date", "2022", 1, value="2022"),
        GoldItem(
            "date",
            "7 all'8 febbraio",
            1,
            value="XXXX-02-07/XXXX-02-08",
            context_value="2022-02-07/2022-02-08",
        ),
    )
    mentions = [
        _at(text, "2022", "date", "2022"),
        _at(text, "7 all'8 febbraio", "date", value, context_value=context_value),
    ]
    assert _tally(score_document(gold, text, mentions), "date") == ((2, 0, 0) if matches else (1, 1, 1))


def test_score_document_counts_value_mentions_overlapping_a_distractor():
    text = "fondi Horizon 2020 e, nel 2020, 13 mila imprese"
    gold = _gold(
        GoldItem("date", "2020", 1, value="2020"),
        GoldItem("distractor", "Horizon 2020", 1),
        GoldItem("distractor", "13 mila", 1),
    )
    mentions = [
        _at(text, "2020", "date", "2020", nth=0),
        _at(text, "2020", "date", "2020", nth=1),
        _at(text, "13 mila", "money", "13000", currency="EUR"),
    ]
    score = score_document(gold, text, mentions)
    assert score.tallies["date"] == Tally(tp=1, fp=1, fn=0, distractor_hits=1)
    assert score.tallies["money"] == Tally(tp=0, fp=1, fn=0, distractor_hits=1)
    assert sorted(d.surface for d in score.distractor_hits) == ["13 mila", "2020"]


def test_score_document_finds_no_distractor_hit_outside_distractors():
    text = "fondi Horizon 2020 e, nel 2020, altro"
    gold = _gold(GoldItem("date", "2020", 1, value="2020"), GoldItem("distractor", "Horizon 2020", 1))
    score = score_document(gold, text, [_at(text, "2020", "date", "2020", nth=1)])
    assert score.tallies["date"] == Tally(tp=1)
    assert score.distractor_hits == ()


def test_score_document_ignores_entity_mentions_in_no_scored_programmes_but_not_dates():
    text = "il POR FESR 2014-2020 di Lombardia"
    gold = _gold(
        GoldItem("programme", "POR FESR 2014-2020", 1),
        GoldItem("distractor", "POR FESR 2014-2020", 1),
        GoldItem("LOC", "Lombardia", 1),
    )
    mentions = [
        _at(text, "POR FESR 2014-2020", "PROGRAMME"),
        _at(text, "FESR", "ORG"),
        _at(text, "2014-2020", "date", "2014/2020"),
        _at(text, "Lombardia", "LOC"),
    ]
    score = score_document(gold, text, mentions)
    assert _tally(score, "ORG") == (0, 0, 0)
    assert _tally(score, "LOC") == (1, 0, 0)
    assert score.tallies["date"] == Tally(fp=1, distractor_hits=1)


def test_score_document_never_penalises_programmes():
    text = "il progetto MUSA e lo Spoke 3"
    score = score_document(_gold(), text, [_at(text, "MUSA", "PROGRAMME"), _at(text, "Spoke 3", "PROGRAMME")])
    assert all(t == Tally() for t in score.tallies.values())


def test_score_document_scores_relative_dates_apart_from_dates():
    text = "ad oggi, nel 2014 e oggi"
    gold = _gold(GoldItem("relative", "oggi", 2), GoldItem("date", "2014", 1, value="2014"))
    mentions = [
        _at(text, "oggi", "date", None, relative=True),
        _at(text, "2014", "date", "2014"),
        _at(text, "ad oggi", "date", None, relative=True),
    ]
    score = score_document(gold, text, mentions)
    assert _tally(score, "date") == (1, 0, 0)
    assert _tally(score, "relative") == (1, 1, 1)


def test_score_document_finds_gold_in_text_the_reader_changed():
    # the reader removed '**' and '#', so offsets differ from the seed's
    text = "Cluster Tecnologici\nLombardi\n\nPartner: Cluster TAV  e CTL"
    gold = _gold(
        GoldItem("ORG", "Cluster Tecnologici Lombardi", 1),
        GoldItem("ORG", "Cluster TAV", 1, optional=True),
        GoldItem("ORG", "CTL", 1),
    )
    mentions = [
        Mention("ORG", 0, 28, "Cluster Tecnologici\nLombardi"),
        _at(text, "TAV", "ORG"),
        _at(text, "CTL", "ORG"),
    ]
    score = score_document(gold, text, mentions)
    assert _tally(score, "ORG") == (2, 0, 0)
    assert score.unlocated == ()


def test_score_document_reports_gold_surfaces_missing_from_the_text():
    gold = _gold(GoldItem("ORG", "CTL", 2))
    assert score_document(gold, "il CTL e 9CTL", []).unlocated == (Discrepancy("ORG", "CTL", None, 1),)


@pytest.mark.parametrize(
    ("text", "surface", "spans"),
    [
        pytest.param("CTL e 9CTL", "CTL", [(0, 3)], id="glued-digit"),
        pytest.param("Horizon H2020, 2014-2020, 2020.", "2020", [(26, 30)], id="inside-numbers"),
        pytest.param("nel 2020, poi", "2020", [(4, 8)], id="comma-after"),
        pytest.param("Milano e Milanese", "Milano", [(0, 6)], id="word-prefix"),
    ],
)
def test_find_occurrences_counts_whole_tokens_only(text, surface, spans):
    assert find_occurrences(text, [GoldItem("ORG", surface, 1)])[surface] == spans


def test_find_occurrences_gives_shared_occurrences_to_the_longer_surface():
    items = [GoldItem("date", "2022", 1), GoldItem("date", "giugno 2022", 1)]
    found = find_occurrences("giugno 2022 e 2022", items)
    assert found == {"2022": [(14, 18)], "giugno 2022": [(0, 11)]}


@pytest.mark.parametrize("stem", sorted(SOURCES))
def test_find_occurrences_reproduces_the_gold_counts_on_the_seeds(stem):
    gold = load_gold(GOLD_DIR / f"{stem}.json")
    text = (RAW_DIR / SOURCES[stem]).read_text(encoding="utf-8")
    score = score_document(gold, text, [])
    assert score.unlocated == ()
    assert score.extras == ()


def test_load_gold_reads_sections_and_normalised_surfaces():
    gold = load_gold(GOLD_DIR / "004_b0113e97874011b2.json")
    by_kind = {kind: [i for i in gold.items if i.kind == kind] for kind in {i.kind for i in gold.items}}
    assert gold.stem == "004_b0113e97874011b2"
    assert gold.publication_date is None
    assert sum(i.count for i in by_kind["ORG"] if i.surface == "Regione Lombardia") == 31
    assert [i.not_within for i in by_kind["ORG"] if i.surface == "Regione"] == [("Eco-Regione",)]
    dates = {i.surface: i for i in by_kind["date"]}
    assert dates["ottobre"].context_value == "2022-10"
    # 004 has no money
    assert set(by_kind) == {"percent", "date", "relative", "distractor", "PER", "ORG", "LOC", "programme"}


@pytest.mark.parametrize(
    ("tally", "figures"),
    [
        pytest.param(Tally(tp=3, fp=1, fn=2), (0.75, 0.6, 6 / 9), id="counts"),
        pytest.param(Tally(), (1.0, 1.0, 1.0), id="nothing-expected-nothing-found"),
        pytest.param(Tally(fp=2), (0.0, 1.0, 0.0), id="only-extras"),
        pytest.param(Tally(fn=2), (1.0, 0.0, 0.0), id="only-misses"),
    ],
)
def test_tally_figures(tally, figures):
    assert (tally.precision, tally.recall, tally.f1) == pytest.approx(figures)


def test_report_tally_micro_averages_entity_labels():
    report = Report(
        (
            DocumentScore("a", {"PER": Tally(1, 0, 1), "ORG": Tally(2, 1, 0)}),
            DocumentScore("b", {"ORG": Tally(1, 1, 1), "LOC": Tally(3, 0, 0, 0)}),
        )
    )
    assert report.tally("ORG") == Tally(3, 2, 1)
    assert report.tally("entities") == Tally(7, 2, 2)
    assert report.tally("money") == Tally()


def test_format_accuracy_lists_figures_and_errors_per_document():
    report = Report(
        (
            DocumentScore(
                "000_doc",
                {"ORG": Tally(1, 1, 2), "date": Tally(2, 0, 0, 1)},
                misses=(Discrepancy("ORG", "Regione Lombardia", None, 2),),
                extras=(Discrepancy("ORG", "Cluster", None, 1),),
                distractor_hits=(Discrepancy("date", "2020", "2020", 1),),
            ),
            DocumentScore("001_clean", {"ORG": Tally(1, 0, 0)}),
        ),
        failures=(("002_bad", "E103: no text"),),
    )
    lines = format_accuracy(report).splitlines()
    assert lines[0].split() == ["kind", "P", "R", "F1", "tp", "fp", "fn", "distractor", "hits"]
    rows = {line.split()[0]: line.split()[1:] for line in lines[1:9]}
    assert rows["ORG"] == ["0.667", "0.500", "0.571", "2", "1", "2", "0"]
    assert rows["entities"] == rows["ORG"]
    assert rows["date"][-1] == "1"
    assert "FAILED 002_bad: E103: no text" in lines
    assert "  miss       ORG      'Regione Lombardia'  x2" in lines
    assert "  extra      ORG      'Cluster'" in lines
    assert "  distractor date     '2020' = 2020" in lines
    assert "001_clean" not in lines


def test_report_dict_is_plain_json_data():
    report = Report(
        (
            DocumentScore(
                "000_doc", {"ORG": Tally(1, 1, 0)}, extras=(Discrepancy("ORG", "Cluster", None, 1),)
            ),
        ),
        failures=(("002_bad", "E103: no text"),),
    )
    data = json.loads(json.dumps(report_dict(report)))
    assert data["kinds"]["ORG"] == {
        "precision": 0.5,
        "recall": 1.0,
        "f1": 0.6667,
        "tp": 1,
        "fp": 1,
        "fn": 0,
        "distractor_hits": 0,
    }
    assert data["kinds"]["money"]["f1"] == 1.0
    assert data["failures"] == {"002_bad": "E103: no text"}
    assert data["documents"]["000_doc"]["extras"] == [
        {"kind": "ORG", "surface": "Cluster", "value": None, "count": 1}
    ]


def _write_gold(gold_dir: Path, stem: str, source: str, money: list[dict[str, object]]) -> None:
    sections = ("percentages", "dates", "relative_dates", "distractors", "not_scored_programmes")
    gold = {
        "doc": f"{stem}.txt",
        "publication_date": None,
        "money": money,
        "entities": {"PER": [], "ORG": [], "LOC": []},
    }
    gold |= {section: [] for section in sections}
    (gold_dir / f"{stem}.json").write_text(json.dumps(gold), encoding="utf-8")
    sources_path = gold_dir / "sources.json"
    sources = json.loads(sources_path.read_text(encoding="utf-8")) if sources_path.exists() else {}
    sources_path.write_text(json.dumps(sources | {stem: source}), encoding="utf-8")


def test_evaluate_gold_scores_the_real_extraction_and_lists_failures(tmp_path, nlp):
    gold_dir, raw_dir = tmp_path / "gold", tmp_path / "raw"
    gold_dir.mkdir()
    raw_dir.mkdir()
    (raw_dir / "bando.txt").write_text(
        "La Regione stanzia 13,5 milioni di euro per il bando.\n", encoding="utf-8"
    )
    (raw_dir / "vuoto.txt").write_bytes(b"")
    money = [{"surface": "13,5 milioni di euro", "value": "13500000", "currency": "EUR", "count": 1}]
    _write_gold(gold_dir, "000_bando", "bando.txt", money)
    _write_gold(gold_dir, "001_vuoto", "vuoto.txt", money)
    report = evaluate_gold(gold_dir, raw_dir, nlp)
    assert [d.stem for d in report.documents] == ["000_bando", "001_vuoto"]
    assert report.documents[0].tallies["money"] == Tally(tp=1)
    assert [stem for stem, _ in report.failures] == ["001_vuoto"]
    assert report.documents[1].tallies["money"] == Tally(fn=1)
    assert report.documents[1].unlocated == ()


@given(st.text(alphabet="ab *\n\t", max_size=40))
def test_normalize_with_offsets_agrees_with_the_gold_normalisation(text):
    normalized, offsets = _normalize_with_offsets(text)
    assert normalized == re.sub(r"\s+", " ", text.replace("**", ""))
    assert len(offsets) == len(text) + 1
    assert offsets == sorted(offsets)
    for i, char in enumerate(text):
        if char in "ab":  # letters are never removed
            assert normalized[offsets[i]] == char


def test_the_test_split_is_scored_as_written_and_in_capitals(nlp):
    from pipeline.bench.command import _test_split
    from pipeline.bench.corpus import AnnotatedSentence

    text = "Il sindaco di Ravenna, Michele de Pascale, ha incontrato la Regione Emilia-Romagna."
    gold = ((14, 21, "LOC"), (23, 41, "PER"), (60, 82, "ORG"))
    assert [text[s:e] for s, e, _ in gold] == ["Ravenna", "Michele de Pascale", "Regione Emilia-Romagna"]
    sentences = [
        AnnotatedSentence("n1", "wikinews/x", text, gold),
        AnnotatedSentence("p1", "pa-it/y", text, gold),
    ]
    data: dict = {}
    printed = _test_split(nlp, sentences, data)
    assert (
        "Test split, news (1 sentences)" in printed
        and "Test split in capitals, news (1 sentences)" in printed
    )
    suffixes = ("", "_capitals", "_wrapped", "_capitals_wrapped", "_title")
    assert set(data) == {f"test_{p}{c}" for p in ("wikinews", "pa-it", "written") for c in suffixes}
    assert "Test split in broken lines, news (1 sentences)" in printed
    # the capitals version is scored on the same spans of the sentence in capitals
    assert data["test_wikinews_capitals"]["micro"]["tp"] + data["test_wikinews_capitals"]["micro"]["fn"] == 3


def test_title_case_keeps_the_text_and_its_offsets():
    from pipeline.bench.corpus import title_case

    text = "Il sindaco di Ravenna incontra il PNRR e l'assessore."
    titled = title_case(text)
    assert titled == "Il Sindaco Di Ravenna Incontra Il PNRR E L'assessore."
    assert len(titled) == len(text)


def test_broken_lines_keep_the_text_and_its_offsets():
    from pipeline.bench.corpus import wrap_lines

    text = (
        "Il sindaco di Ravenna ha incontrato la Regione Emilia-Romagna e il Comune di Bologna per il piano."
    )
    wrapped = wrap_lines(text, width=20)
    assert len(wrapped) == len(text) and wrapped.replace("\n", " ") == text
    assert [len(line) for line in wrapped.split("\n")] == [21, 24, 19, 21, 9]
