"""`pipeline report`: one self-contained HTML file (inline SVG charts, no network) about the warehouse."""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from pathlib import Path

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup

from pipeline import store
from pipeline.report import fmt, queries
from pipeline.report.highlight import KIND_NAMES, highlight
from pipeline.report.svg import bar_chart

ENTITY_KINDS = (("ORG", "Organizzazioni"), ("PER", "Persone"), ("LOC", "Luoghi"), ("PROGRAMME", "Programmi"))
DEFAULT_OUT = Path("report.html")


@dataclass(frozen=True)
class Chart:
    """A titled chart with the source it was drawn from."""

    title: str
    svg: Markup
    source: str
    note: str


def _money(value: Decimal) -> str:
    return fmt.money(value)


def _chart(title: str, series: queries.Series) -> Chart:
    return Chart(title, Markup(bar_chart(series.bars, title, _money)), series.source, series.note)


def render(con: store.Connection, now: datetime | None = None) -> str:
    """The report as one HTML document."""
    have = queries.relations(con)
    by_funder = queries.money_by_funder(con, have)
    by_recipient = queries.money_by_recipient(con, have)
    charts = [_chart("Importi per anno", queries.money_by_year(con, have))]
    if by_funder == by_recipient:  # without the funding views both are the organisations named
        charts.append(_chart("Importi per organizzazione", by_funder))
    else:
        charts += [_chart("Per finanziatore", by_funder), _chart("Per beneficiario", by_recipient)]
    facts = queries.facts(con)
    docs = queries.documents(con)
    first_with_money = next((d.doc_id for d in docs if d.counts.get("amount")), None)
    env = Environment(
        loader=PackageLoader("pipeline.report"), autoescape=select_autoescape(default=True), trim_blocks=True
    )
    env.filters["num"] = fmt.number
    env.filters["day"] = fmt.long_date
    return env.get_template("report.html.j2").render(
        generated=now or datetime.now(),
        charts=charts,
        entities=[(title, queries.top_entities(con, label)) for label, title in ENTITY_KINDS],
        docs=docs,
        failed=sum(1 for d in docs if d.failure),
        open_doc=first_with_money,
        marked={d.doc_id: Markup(highlight(d.text, facts.get(d.doc_id, []))) for d in docs if d.text},
        kinds=KIND_NAMES,
        long_date=fmt.long_date,
    )


def write_report(db_path: Path, out: Path = DEFAULT_OUT) -> Path:
    """Render the report of the warehouse at `db_path` into `out`, atomically; returns `out`."""
    con = store.open_reader(db_path)
    try:
        html = render(con)
    finally:
        con.close()
    out.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=out.parent, prefix=f".{out.name}.", suffix=".tmp")
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(html)
    os.chmod(tmp, 0o644)
    os.replace(tmp, out)
    return out
