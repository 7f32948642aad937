"""Posts with front matter, pages that show their date under the title, redirect stubs.

Every input here was written for this test, after the shape of real Jekyll/Hugo posts and of
Italian ministry pages ("Data" then the date under the title, article:modified_time in the head).
"""

from __future__ import annotations

from datetime import date

from pipeline.extract.records import DocumentInfo, build_extraction
from pipeline.readers import read_document

JEKYLL = """---
layout: post
title: "Bando Smart Fabbrica: 40 milioni di euro per le PMI"
lang: it-IT
tags: [bandi, manifattura]
excerpt_separator: <!-- MORE -->
image:
  path: /img/fabbrica.jpg
  alt: Operaio Mario Bianchi in fabbrica a Brescia
---
# Bando Smart Fabbrica: 40 milioni di euro per le PMI

La Regione Lombardia ha approvato il bando Smart Fabbrica per le piccole e medie imprese.
<!-- MORE -->
Le domande si presentano dal 3 giugno 2020.
"""

HUGO = """+++
title = "Accordo per la ricerca"
date = 2021-03-02T09:00:00+01:00
lastmod = 2021-04-20
categories = ["ricerca"]
+++
Il Ministero e le università firmano un accordo da 2 milioni di euro.
"""

MINISTRY_PAGE = """<!DOCTYPE html><html lang="it"><head><title>Decreto firmato</title>
<meta property="article:published_time" content="2023-01-10T08:00:00+01:00">
<meta property="article:modified_time" content="2023-06-30T17:12:00+02:00">
</head><body><nav><a href="/">Home</a> / <a href="/notizie">Notizie</a></nav>
<main><article><h1>Firmato il decreto per la ricerca industriale</h1>
<div class="data"><span>Data</span><p>12 gennaio 2023</p></div>
<p>Il Ministro ha firmato il decreto che assegna 250 milioni di euro ai progetti di ricerca industriale
presentati dalle imprese e dagli organismi di ricerca nel corso del 2022.</p>
<p>Le risorse saranno erogate entro il 31 dicembre 2023 secondo la graduatoria pubblicata.</p>
</article></main><footer>Ministero - Via Veneto 33</footer></body></html>"""

META_ONLY_PAGE = MINISTRY_PAGE.replace('<div class="data"><span>Data</span><p>12 gennaio 2023</p></div>', "")

REDIRECT_STUB = b"""<!DOCTYPE html><html><head>
<meta http-equiv="refresh" content="0; url=https://www.example.gov.it/notizie/decreto-2023">
<title>Redirect</title></head><body><p>Redirecting...</p></body></html>"""


def _extract(data: bytes, name: str, nlp):
    source = read_document(data, name)
    return build_extraction(DocumentInfo("0" * 64, name, len(data), "test"), source, nlp(source.text))


def test_jekyll_front_matter_gives_metadata_and_leaves_the_text(nlp):
    result = _extract(JEKYLL.encode(), "2020-05-14-bando-smart-fabbrica.md", nlp)
    doc = result.document
    assert doc.title == "Bando Smart Fabbrica: 40 milioni di euro per le PMI"
    assert doc.publication_date == date(2020, 5, 14)  # from the file name: the front matter has no date
    assert (doc.language, doc.tags) == ("it", ["bandi", "manifattura"])
    assert "layout" not in doc.text and "excerpt_separator" not in doc.text and "Bianchi" not in doc.text
    assert doc.text.startswith("Bando Smart Fabbrica")
    assert "MORE" not in {e.text for e in result.entities}
    # the title's amount once (the heading), not again from the front matter
    assert [a.value for a in result.amounts] == [40_000_000]
    for fact in (*result.entities, *result.amounts, *result.dates):
        assert doc.text[fact.start : fact.end] == fact.text


def test_hugo_toml_front_matter_keeps_published_and_modified_apart(nlp):
    result = _extract(HUGO.encode(), "accordo.md", nlp)
    doc = result.document
    assert (doc.title, doc.publication_date, doc.modified_date) == (
        "Accordo per la ricerca",
        date(2021, 3, 2),
        date(2021, 4, 20),
    )
    assert doc.tags == ["ricerca"]
    assert doc.text.startswith("Il Ministero")
    assert [a.text for a in result.amounts] == ["2 milioni di euro"]


def test_a_thematic_break_at_the_top_is_not_front_matter():
    source = read_document(b"---\n\nTesto del comunicato con 5 milioni di euro.\n", "nota.md")
    assert "Testo del comunicato" in source.text


def test_the_date_shown_under_the_title_wins_over_the_markup():
    source = read_document(MINISTRY_PAGE.encode(), "decreto.html")
    assert source.publication_date == date(2023, 1, 12)
    assert source.modified_date == date(2023, 6, 30)


def test_without_a_shown_date_the_markup_publication_date_is_used():
    source = read_document(META_ONLY_PAGE.encode(), "decreto.html")
    assert (source.publication_date, source.modified_date) == (date(2023, 1, 10), date(2023, 6, 30))


def test_the_file_name_is_the_last_fallback_for_a_page():
    page = "".join(line for line in META_ONLY_PAGE.splitlines(keepends=True) if "article:" not in line)
    source = read_document(page.encode(), "2023-01-09-decreto.html")
    assert source.publication_date is None and source.name_date == date(2023, 1, 9)


def test_a_redirect_stub_says_where_it_points():
    error = read_document(REDIRECT_STUB, "vecchia-pagina.html")
    assert error.code == "E118"
    assert "https://www.example.gov.it/notizie/decreto-2023" in error.message
