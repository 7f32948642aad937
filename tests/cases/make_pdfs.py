"""Write the hand-made PDF cases: `python tests/cases/make_pdfs.py` (run from the repository root).

The PDFs are written byte by byte (standard Helvetica, no embedded fonts), so each one holds
exactly the layout a test needs: two columns, a hyphenated word, a running footer, a ruled table.
"""

from __future__ import annotations

from pathlib import Path

HERE = Path(__file__).resolve().parent
PAGE_WIDTH, PAGE_HEIGHT = 595, 842


def _text(x: float, y: float, size: float, text: str, font: str = "F1") -> str:
    escaped = text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
    return f"BT /{font} {size} Tf {x} {y} Td ({escaped}) Tj ET\n"


def _column(x: float, top: float, lines: list[str], size: float = 10, leading: float = 13) -> str:
    return "".join(_text(x, top - i * leading, size, line) for i, line in enumerate(lines))


def _line(x0: float, y0: float, x1: float, y1: float) -> str:
    return f"0.8 w {x0} {y0} m {x1} {y1} l S\n"


def write_pdf(path: Path, pages: list[str], title: str | None = None) -> None:
    """A PDF with one content stream per page, Helvetica as F1 and Helvetica-Bold as F2."""
    objects: list[bytes] = []
    kids = " ".join(f"{5 + 2 * i} 0 R" for i in range(len(pages)))
    objects.append(b"<< /Type /Catalog /Pages 2 0 R >>")
    objects.append(f"<< /Type /Pages /Kids [{kids}] /Count {len(pages)} >>".encode())
    objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
    objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>")
    for i, content in enumerate(pages):
        stream = content.encode("cp1252")
        objects.append(
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {PAGE_WIDTH} {PAGE_HEIGHT}] "
            f"/Resources << /Font << /F1 3 0 R /F2 4 0 R >> >> /Contents {6 + 2 * i} 0 R >>".encode()
        )
        objects.append(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
    info = None
    if title is not None:
        objects.append(f"<< /Title ({title}) /Producer (tests/cases/make_pdfs.py) >>".encode("cp1252"))
        info = len(objects)
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    trailer = f"<< /Size {len(objects) + 1} /Root 1 0 R" + (f" /Info {info} 0 R" if info else "") + " >>"
    out += b"trailer\n" + trailer.encode() + b"\nstartxref\n%d\n%%%%EOF\n" % xref
    path.write_bytes(bytes(out))


def two_columns() -> list[str]:
    """Two pages: a heading over two columns, a word hyphenated across lines, a running footer."""
    left = [
        "La Regione Esempio ha approvato il",
        "bando per la ricerca industriale, con un",
        "finanzia-",
        "mento di 2.500.000 euro per le imprese",
        "del territorio regionale.",
    ]
    right = [
        "Le domande si presentano entro il 30",
        "aprile 2024 sulla piattaforma regionale.",
        "Il contributo copre fino al 40% delle",
        "spese ammissibili del progetto.",
    ]
    page_one = (
        _text(56, 780, 20, "Bando Ricerca Industriale 2024", "F2")
        + _column(56, 740, left)
        + _column(315, 740, right)
        + _text(56, 30, 8, "Regione Esempio - Direzione Ricerca - Pagina 1")
    )
    page_two = _column(
        56, 780, ["Seconda pagina del comunicato, con il", "testo che continua in una colonna sola."]
    ) + _text(56, 30, 8, "Regione Esempio - Direzione Ricerca - Pagina 2")
    return [page_one, page_two]


def ruled_table() -> list[str]:
    """One page: a sentence, then a table of amounts drawn with ruling lines."""
    rows = [
        ("Voce", "Importo"),
        ("Ricerca industriale", "1.200.000 euro"),
        ("Sviluppo sperimentale", "800.000 euro"),
    ]
    top, height, xs = 700, 20, (56, 256, 456)
    content = _text(56, 760, 10, "Ripartizione delle risorse del bando:")
    for i in range(len(rows) + 1):
        content += _line(xs[0], top - i * height, xs[-1], top - i * height)
    for x in xs:
        content += _line(x, top, x, top - len(rows) * height)
    for i, (label, value) in enumerate(rows):
        y = top - i * height - 14
        content += _text(xs[0] + 4, y, 10, label) + _text(xs[1] + 4, y, 10, value)
    return [content]


def vertical_stamp() -> list[str]:
    """One page: a paragraph, and a signature stamp set vertically along the left margin."""
    body = _column(
        80,
        760,
        ["Il Dirigente approva la graduatoria del bando", "e dispone la pubblicazione sul sito regionale."],
    )
    stamp = "BT /F1 8 Tf 0 1 -1 0 40 300 Tm (Documento firmato digitalmente da Mario Rossi) Tj ET\n"
    return [body + stamp]


if __name__ == "__main__":
    write_pdf(HERE / "due-colonne.pdf", two_columns())
    write_pdf(HERE / "tabella-importi.pdf", ruled_table(), title="Ripartizione delle risorse")
    write_pdf(HERE / "timbro-verticale.pdf", vertical_stamp())
