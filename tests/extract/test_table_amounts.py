"""Money in PDF tables: the header of a column gives its bare numbers their currency."""

from __future__ import annotations

from decimal import Decimal

from pipeline.extract.amounts import AmountMatch
from pipeline.extract.finders import amounts
from pipeline.extract.registry import FinderContext
from pipeline.extract.source import SourceText, TableText
from pipeline.extract.table_amounts import column_currencies, find_table_amounts
from pipeline.extract.view import TextView

# a page as the PDF reader lays it out: the text before the table, then one line per table row
PAGE = (
    "Allegato A - Graduatoria dei progetti ammessi al finanziamento\n"
    "Bando Call Hub Ricerca e Innovazione - Decreto n. 4155 del 30 dicembre 2020\n"
    "N. Capofila Progetto Costo totale (€) Contributo concesso (€)\n"
    "1 Politecnico di Milano POLIQU 5.317.523,00 1.687.500,00\n"
    "2 Università degli Studi di Pavia NANOFAB 2.950.000,00 1.180.000,00\n"
    "3 Fondazione Bruno Kessler 2021 NEMO 812.400,50 325.000\n"
    "Totale 9.079.923,50 3.192.500,00\n"
)
TABLE = TableText(
    page=1,
    index=0,
    rows=(
        ("N.", "Capofila", "Progetto", "Costo totale (€)", "Contributo concesso (€)"),
        ("1", "Politecnico di Milano", "POLIQU", "5.317.523,00", "1.687.500,00"),
        ("2", "Università degli Studi di Pavia", "NANOFAB", "2.950.000,00", "1.180.000,00"),
        ("3", "Fondazione Bruno Kessler 2021", "NEMO", "812.400,50", "325.000"),
        ("Totale", None, None, "9.079.923,50", "3.192.500,00"),
    ),
)


def test_a_currency_header_makes_the_column_amounts() -> None:
    found = find_table_amounts(PAGE, [TABLE], (0,))
    assert [(PAGE[a.start : a.end], a.value, a.currency, a.explicit_currency) for a in found] == [
        ("5.317.523,00", Decimal("5317523"), "EUR", False),
        ("1.687.500,00", Decimal("1687500"), "EUR", False),
        ("2.950.000,00", Decimal("2950000"), "EUR", False),
        ("1.180.000,00", Decimal("1180000"), "EUR", False),
        ("812.400,50", Decimal("812400.5"), "EUR", False),
        ("325.000", Decimal("325000"), "EUR", False),
        ("9.079.923,50", Decimal("9079923.5"), "EUR", False),
        ("3.192.500,00", Decimal("3192500"), "EUR", False),
    ]
    # the row numbers, the year in a name and the decree number are not money
    assert found[0].sentence == "1 Politecnico di Milano POLIQU 5.317.523,00 1.687.500,00"


def test_header_forms_and_scales() -> None:
    def table(*header: str) -> TableText:
        return TableText(1, 0, (header, tuple("1.000" for _ in header)))

    assert column_currencies(table("Voce", "Importo (EUR)", "Quota %")) == {1: ("EUR", Decimal(1))}
    assert column_currencies(table("Voce", "euro", "Anno")) == {1: ("EUR", Decimal(1))}
    assert column_currencies(table("Ente", "Importo (migliaia di euro)")) == {1: ("EUR", Decimal(1000))}
    assert column_currencies(table("Ente", "Budget k€", "CHF")) == {
        1: ("EUR", Decimal(1000)),
        2: ("CHF", Decimal(1)),
    }
    # 'Europa' and 'Progetti europei' name no currency
    assert column_currencies(table("Progetti europei", "Europa", "Importo")) == {}


def test_a_table_without_a_currency_header_gives_nothing() -> None:
    rows = (("Regione", "Imprese", "Addetti"), ("Lombardia", "1.250", "13.400"), ("Veneto", "980", "8.100"))
    text = "Regione Imprese Addetti\nLombardia 1.250 13.400\nVeneto 980 8.100\n"
    assert find_table_amounts(text, [TableText(1, 0, rows)]) == []


def _amounts(source: SourceText) -> list[AmountMatch]:
    """The document's amounts as the registered amount finder gives them."""
    context = FinderContext(tables=source.tables, page_starts=source.page_starts)
    return list(amounts(TextView.of(source.text), context))


def test_the_document_amounts_keep_their_written_currency_and_gain_the_table_ones() -> None:
    text = "Il contributo regionale è di 3.192.500,00 euro.\n\n" + PAGE
    source = SourceText(text=text, format="pdf", page_starts=(0,), tables=(TABLE,))
    found = _amounts(source)
    explicit = [a for a in found if a.explicit_currency]
    assert [text[a.start : a.end] for a in explicit] == ["3.192.500,00 euro"]
    assert len(found) == 9 and [a.start for a in found] == sorted(a.start for a in found)
    # a cell the reader's text does not hold is left out
    moved = SourceText(
        text=text.replace("812.400,50", "812 400,5"), format="pdf", page_starts=(0,), tables=(TABLE,)
    )
    assert len(_amounts(moved)) == 8
