from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.extract.source import ReadError, SourceText
from pipeline.readers.text import decode_text, normalise_text, read_text, strip_markdown

CASES = Path(__file__).resolve().parent.parent / "cases"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        pytest.param("4.163.400\u00a0euro", "4.163.400 euro", id="nbsp"),
        pytest.param("1\u202f000 euro", "1 000 euro", id="narrow-nbsp"),
        pytest.param("il 10\u2009%", "il 10 %", id="thin-space"),
        pytest.param("dicem\u200bbre", "dicembre", id="zero-width-space"),
        pytest.param("Mini\u200dstero\u2060", "Ministero", id="zero-width-joiners"),
        pytest.param("\ufeffComunicato", "Comunicato", id="bom-inside"),
        pytest.param("finan\u00adziamento", "finanziamento", id="soft-hyphen"),
        pytest.param("\ufb01nanziamento e\ufb02usso", "finanziamento eflusso", id="ligatures"),
        pytest.param("riga uno\r\nriga due\rriga tre", "riga uno\nriga due\nriga tre", id="line-ends"),
        pytest.param("pagina uno\x0cpagina due", "pagina uno\npagina due", id="form-feed"),
    ],
)
def test_normalise_text_makes_spaces_plain_and_drops_invisible_characters(raw, expected):
    assert normalise_text(raw) == expected


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("città è già più perché", id="accents"),
        pytest.param("2,5 milioni di € – “virgolette” l’Italia", id="typography"),
        pytest.param("10 m² e 5 km³", id="superscripts"),
        pytest.param("riga\n\triga rientrata", id="tabs-and-newlines"),
    ],
)
def test_normalise_text_keeps_visible_characters(text):
    assert normalise_text(text) == text


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        pytest.param("comunicato-cp1252.txt", "2,5 milioni di € per l’innovazione", id="cp1252"),
        pytest.param("comunicato-latin1.txt", "L'Università degli Studi di Bergamo e la Città", id="latin-1"),
        pytest.param("comunicato-utf8-bom.txt", "Torino, 5 giugno 2023 — Il Politecnico", id="utf8-bom"),
        pytest.param("comunicato-utf16.txt", "l’avvio è previsto a settembre", id="utf16"),
    ],
)
def test_read_text_decodes_common_encodings(name, expected):
    result = read_text((CASES / name).read_bytes())
    assert isinstance(result, SourceText)
    assert expected in result.text
    assert "\ufeff" not in result.text
    assert "\ufffd" not in result.text


def test_decode_text_prefers_utf8_when_bytes_are_valid_utf8():
    assert decode_text("è già".encode()) == "è già"


def test_decode_text_reads_cp1252_quotes_that_latin1_lacks():
    assert decode_text(b"\x93Piano\x94 da 5 \x80") == "“Piano” da 5 €"


@pytest.mark.parametrize(
    ("markdown", "plain"),
    [
        pytest.param("**4.163.400 euro** è il costo", "4.163.400 euro è il costo", id="strong"),
        pytest.param("il __Politecnico di Milano__:", "il Politecnico di Milano:", id="strong-underscores"),
        pytest.param("*Milano, 9 luglio 2021* – Una rete", "Milano, 9 luglio 2021 – Una rete", id="emphasis"),
        pytest.param(
            "l'approccio *place-based*, dove", "l'approccio place-based, dove", id="emphasis-in-sentence"
        ),
        pytest.param(
            "un'**agricoltura sostenibile**.", "un'agricoltura sostenibile.", id="strong-after-apostrophe"
        ),
        pytest.param("***Regione Lombardia***", "Regione Lombardia", id="strong-emphasis"),
        pytest.param("## **Una rete veloce**", "Una rete veloce", id="heading"),
        pytest.param("# Titolo #", "Titolo", id="heading-closing-hashes"),
        pytest.param("vedi [il bando](https://example.it/b)", "vedi il bando", id="link"),
        pytest.param("![logo della Regione](logo.png)", "logo della Regione", id="image"),
        pytest.param("[Regione][1]\n[1]: https://example.it", "Regione\n", id="reference-link"),
        pytest.param(
            "**Ecosistema della\nInformazione**", "Ecosistema della\nInformazione", id="strong-across-lines"
        ),
        pytest.param(
            "| Voce | Importo |\n|---|---:|\n| A | 5 euro |", "| Voce | Importo |\n| A | 5 euro |", id="table"
        ),
        pytest.param("* primo\n* secondo", "- primo\n- secondo", id="bullets"),
        pytest.param("**POLITECNICO**  \nDI MILANO", "POLITECNICO\nDI MILANO", id="hard-break"),
        pytest.param("costo \\*stimato\\*", "costo *stimato*", id="escaped-asterisks"),
        pytest.param(
            '[Anna Riva](https://x.it){:target="_blank" rel="noopener"} su Unsplash',
            "Anna Riva su Unsplash",
            id="kramdown-attributes",
        ),
        pytest.param("{:.x-small.text-right}\nFoto di Anna Riva", "\nFoto di Anna Riva", id="kramdown-block"),
        pytest.param('{::options parse_block_html="true" /}Testo', "Testo", id="kramdown-extension"),
        pytest.param("{% include intro.html %}\nIl bando", "\nIl bando", id="liquid-tag"),
        pytest.param("[scheda]({{ site.baseurl }}/schede/a/)", "scheda", id="liquid-output-in-link"),
        pytest.param('{{< figure src="a.jpg" >}}Il bando', "Il bando", id="hugo-shortcode"),
        pytest.param("a {% comment %}bozza: Mario Bianchi{% endcomment %}b", "a b", id="liquid-comment"),
        pytest.param("a {::comment}bozza{:/comment}b", "a b", id="kramdown-comment"),
        pytest.param("a {% comment %} senza fine", "a  senza fine", id="comment-without-end-keeps-the-text"),
        pytest.param("a<script>track('x');</script> b", "a b", id="script"),
        pytest.param(
            '<span class="x">Regione Puglia</span> e <b>Bari</b>', "Regione Puglia e Bari", id="inline-html"
        ),
        pytest.param("<p>Primo.</p><p>Secondo.</p>", "\nPrimo.\n\nSecondo.\n", id="block-html"),
        pytest.param("Uno<br>due<br/>tre", "Uno\ndue\ntre", id="html-line-breaks"),
        pytest.param(
            "| Voce<br>lunga | 5 euro |", "| Voce lunga | 5 euro |", id="line-break-in-a-table-cell"
        ),
        pytest.param(
            "Il fondo[^1] vale 5 milioni.\n\n[^1]: Decreto del 3 marzo.",
            "Il fondo vale 5 milioni.\n\nDecreto del 3 marzo.",
            id="footnotes",
        ),
        pytest.param("*[PNRR]: Piano nazionale\nIl PNRR", "\nIl PNRR", id="abbreviation-definition"),
        pytest.param("> Una citazione\n> > del Sindaco", "Una citazione\ndel Sindaco", id="blockquotes"),
        pytest.param("~~30~~ 40 milioni", "30 40 milioni", id="strikethrough"),
        pytest.param(
            "&laquo;Citt&agrave;&raquo;&nbsp;l&#8217;ente",
            "\u00abCitt\u00e0\u00bb l\u2019ente",
            id="references",
        ),
    ],
)
def test_strip_markdown_keeps_the_text(markdown, plain):
    assert strip_markdown(markdown) == plain


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("3 * 4 = 12", id="multiplication"),
        pytest.param("file_name_v2 e snake_case", id="underscores-in-words"),
        pytest.param("Decreto n. 4321 - art. 5", id="plain-sentence"),
        pytest.param("riga uno\nriga due\n\nriga tre", id="line-breaks"),
        pytest.param("R&D e &parametri, 5 < 7 > 3, <info@ente.it>", id="ampersands-and-angles"),
        pytest.param("{ a } e {% non chiuso", id="lone-braces"),
    ],
)
def test_strip_markdown_leaves_text_without_markup_alone(text):
    assert strip_markdown(text) == text


def test_read_text_markdown_keeps_amounts_whole():
    result = read_text((CASES / "comunicato-markdown.md").read_bytes(), markdown=True)
    assert isinstance(result, SourceText)
    assert result.format == "markdown"
    assert "4.163.400 euro è il costo complessivo" in result.text
    assert "l'accordo con il\nPolitecnico di Milano:" in result.text
    assert "*" not in result.text.replace("- ", "")
    assert "](" not in result.text
    assert "---" not in result.text
    assert result.title == "Accordo tra Regione Lombardia e Politecnico di Milano"


def test_read_text_markdown_drops_what_a_site_generator_shows_as_nothing():
    result = read_text((CASES / "post-jekyll.md").read_bytes(), markdown=True)
    assert isinstance(result, SourceText)
    assert result.title == "Nasce il fondo per i servizi digitali dei Comuni"
    text = result.text
    for markup in (
        "{",
        "}",
        "<",
        ">",
        "MORE",
        "&nbsp;",
        "target=",
        "track(",
        "Mario Bianchi",
        "site.baseurl",
    ):
        assert markup not in text
    assert "assegnati dal Dipartimento per la trasformazione digitale ai Comuni" in text
    assert "abitanti (vedi la scheda)." in text
    assert "\u00abUn passo per i cittadini\u00bb, ha detto" in text
    assert "Fotografia di Carla Neri su Unsplash" in text


@pytest.mark.parametrize(
    ("first", "title"),
    [
        pytest.param(
            "COMUNICATO STAMPA N. 45/2025", "Ricerca, 2 milioni alle università", id="numbered-label"
        ),
        pytest.param(
            "Comunicato stampa - 12 marzo 2025", "Ricerca, 2 milioni alle università", id="dated-label"
        ),
        pytest.param("Comunicato stampa della Regione", "Comunicato stampa della Regione", id="a-title"),
    ],
)
def test_a_press_release_label_is_not_the_title(first: str, title: str) -> None:
    result = read_text(
        f"{first}\n\nRicerca, 2 milioni alle università\n\nPadova, 12 marzo 2025 - La".encode()
    )
    assert isinstance(result, SourceText)
    assert result.title == title


def test_read_text_plain_keeps_markdown_characters():
    result = read_text(b"**4.163.400 euro**")
    assert isinstance(result, SourceText)
    assert result.format == "text"
    assert result.text == "**4.163.400 euro**"


def test_read_text_normalises_like_the_other_readers():
    result = read_text("2,5\u00a0milioni di euro, dicem\u200bbre 2024".encode())
    assert isinstance(result, SourceText)
    assert result.text == "2,5 milioni di euro, dicembre 2024"


def test_read_text_keeps_line_breaks():
    result = read_text(b"Milano,\n9 luglio 2021\n\nSecondo paragrafo\n", markdown=True)
    assert isinstance(result, SourceText)
    assert result.text == "Milano,\n9 luglio 2021\n\nSecondo paragrafo\n"


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(b"", id="empty"),
        pytest.param(b" \n\t\n", id="blank"),
        pytest.param(b"\xef\xbb\xbf", id="bom"),
    ],
)
def test_read_text_empty_is_e100(data):
    result = read_text(data)
    assert isinstance(result, ReadError)
    assert result.code == "E100"
    assert result.message.startswith("E100: ")


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(b"\x81\x8d\x8f\x90\x9d" * 40, id="undefined-in-cp1252"),
        pytest.param(bytes(range(128, 256)) * 4, id="high-bytes-only"),
    ],
)
def test_read_text_undecodable_bytes_are_e106(data):
    result = read_text(data)
    assert isinstance(result, ReadError)
    assert result.code == "E106"
    assert "save the file as UTF-8" in result.message


def test_read_text_markup_only_markdown_is_e100():
    result = read_text(b"---\n\n***\n", markdown=True)
    assert isinstance(result, ReadError)
    assert result.code == "E100"


def test_lone_surrogates_become_replacement_characters_and_the_record_serialises():
    from schemas import Document

    text = normalise_text("Regione\ud83d Lombardia \udc00fine")
    assert text == "Regione\ufffd Lombardia \ufffdfine"
    doc = Document(id="x", path="a.pdf", format="pdf", size_bytes=1, text=text, pipeline_version="t")
    assert "Lombardia" in doc.model_dump_json()
