"""The HTML report: money charts, rankings and documents with every fact highlighted, offline."""

from __future__ import annotations

import html
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from pipeline import store
from pipeline.report import fmt, queries, write_report
from pipeline.report.highlight import highlight
from pipeline.report.queries import Fact

MARK = re.compile(r'<mark class="f k-(\w+)" data-kind="\w+" title="([^"]*)">(.*?)</mark>', re.S)


@pytest.fixture(scope="module")
def report(seed_run, tmp_path_factory) -> tuple[Path, str]:
    settings, _ = seed_run
    out = write_report(settings.db_path, tmp_path_factory.mktemp("report") / "report.html")
    return out, out.read_text(encoding="utf-8")


def _rows(db: Path, sql: str):
    con = store.open_reader(db)
    try:
        return store.query(con, sql).rows
    finally:
        con.close()


def test_the_money_charts_show_the_funding_views_totals_in_italian_format(seed_run, report):
    settings, _ = seed_run
    _, page = report
    assert page.count("<svg") >= 3
    years = _rows(
        settings.db_path, "SELECT year, sum(total) FROM money_by_year WHERE currency='EUR' GROUP BY 1"
    )
    assert years
    for year, total in years:
        assert f">{year if year is not None else 'senza data'}</text>" in page
        assert f">{fmt.money(total)}</text>" in page
    for funder, total in _rows(
        settings.db_path, "SELECT funder, sum(total) FROM money_by_funder WHERE currency='EUR' GROUP BY 1"
    ):
        assert f">{fmt.money(total)}</text>" in page, funder
    # Regione Lombardia's 13,5 million for the universities counts once, with Italian separators
    assert "13.500.000 €" in page
    for view in ("money_by_year", "money_by_funder", "money_by_recipient"):
        assert f"fonte: <code>{view}</code>" in page


def test_the_page_needs_no_network(report):
    _, page = report
    assert not re.search(r"<script|<link|<img|\bsrc=|url\(|@import", page)
    assert re.findall(r"https?://[^\s\"'<]+", page) == ["http://www.w3.org/2000/svg"] * page.count("<svg")


def test_every_fact_is_highlighted_at_its_offsets_and_the_text_survives_escaping(seed_run, report):
    settings, _ = seed_run
    _, page = report
    con = store.open_reader(settings.db_path)
    try:
        facts = queries.facts(con)
        docs = [d for d in queries.documents(con) if d.text]
    finally:
        con.close()
    for doc in docs:
        marked = highlight(doc.text, facts.get(doc.doc_id, []))
        assert marked in page
        # without the tags, the page holds the document's text exactly
        assert html.unescape(re.sub(r"<[^>]+>", "", marked)) == doc.text
        pieces = [(m.group(1), html.unescape(m.group(3))) for m in MARK.finditer(marked)]
        for fact in facts.get(doc.doc_id, []):
            assert fact.text == doc.text[fact.start : fact.end]
            assert any(piece in fact.text for _, piece in pieces)
    amounts = [m for m in MARK.finditer(page) if m.group(1) == "amount"]
    assert any(m.group(3) == "4.163.400 euro" and "importo: 4.163.400 €" in m.group(2) for m in amounts)


def test_overlapping_facts_split_the_text_and_markup_in_the_text_is_escaped():
    text = 'A <b>&"Regione Lombardia 2021"</b>'
    start = text.index("Regione")
    facts = [
        Fact(start, start + 22, "ORG", "Regione Lombardia 2021", "Regione Lombardia"),
        Fact(start + 18, start + 22, "date", "2021", "2021"),
        Fact(start + 8, start + 17, "LOC", "Lombardia", "Lombardia"),
        Fact(5, 999, "date", "bad", "bad offsets are skipped"),
    ]
    out = highlight(text, facts)
    assert "<b>" not in out and 'A &lt;b&gt;&amp;"<mark' in out
    assert [(m.group(1), m.group(3)) for m in MARK.finditer(out)] == [
        ("ORG", "Regione "),
        ("LOC", "Lombardia"),
        ("ORG", " "),
        ("date", "2021"),
    ]
    assert "organizzazione: Regione Lombardia\ndata: 2021" in out
    assert html.unescape(re.sub(r"<[^>]+>", "", out)) == text


def test_the_money_charts_read_the_funding_views_in_euro_largest_first(db):
    db.execute(
        "CREATE OR REPLACE VIEW money_by_funder AS SELECT * FROM (VALUES "
        "('Regione Lombardia', 'EUR', 2, 7.5), ('Unione europea', 'EUR', 1, 12.0), "
        "('Altro', 'USD', 1, 99.0)) "
        "t(funder, currency, commitments, total)"
    )
    have = queries.relations(db)
    funder = queries.money_by_funder(db, have)
    assert funder.source == "money_by_funder"
    assert [(b.label, str(b.value)) for b in funder.bars] == [
        ("Unione europea", "12.0"),
        ("Regione Lombardia", "7.5"),
    ]
    missing = queries.money_by_recipient(db, have - {"money_by_recipient"})
    assert missing.bars == [] and "pipeline run" in missing.note


def _chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.mark.slow
def test_chromium_renders_the_charts_and_the_highlighted_facts(report, tmp_path):
    browser = _chromium()
    if browser is None:
        if os.environ.get("CI"):
            pytest.fail("CI must install Debian's chromium package (.ci/run does)")
        pytest.skip("needs Debian's chromium package (apt-get install chromium); CI runs it")
    path, _ = report
    cmd = [browser, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run"]
    cmd += [f"--user-data-dir={tmp_path / 'profile'}", "--dump-dom", path.resolve().as_uri()]
    dom = subprocess.run(cmd, capture_output=True, text=True, timeout=120, check=True).stdout
    assert dom.count("<svg") >= 2 and "<rect" in dom
    assert re.search(r'<mark class="f k-amount" data-kind="amount" title="importo: [\d.,]+ €">', dom)
    assert re.search(r'<details id="doc-\w+" open="">', dom)  # the first document with money is open
    shot = tmp_path / "report.png"
    subprocess.run(
        [*cmd[:-2], "--hide-scrollbars", "--window-size=1280,1400", f"--screenshot={shot}", cmd[-1]],
        capture_output=True,
        timeout=120,
        check=True,
    )
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and shot.stat().st_size > 20_000
