"""Horizontal bar charts as inline SVG: no script, no network, readable when printed."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from decimal import Decimal
from html import escape

from pipeline.report.queries import Bar

ROW = 26
LABEL_WIDTH = 190
VALUE_WIDTH = 130
MAX_LABEL = 30


def _clip(text: str) -> str:
    return text if len(text) <= MAX_LABEL else text[: MAX_LABEL - 1] + "…"


def bar_chart(bars: Sequence[Bar], title: str, value_text: Callable[[Decimal], str], width: int = 540) -> str:
    """An SVG document fragment: one bar per item, its label on the left and its value on the right."""
    top = max((b.value for b in bars), default=Decimal(0))
    plot = width - LABEL_WIDTH - VALUE_WIDTH
    height = ROW * max(1, len(bars)) + 8
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" width="{width}" '
        f'height="{height}" viewBox="0 0 {width} {height}" aria-label="{escape(title)}">',
        f"<title>{escape(title)}</title>",
    ]
    if not bars:
        out.append(f'<text x="0" y="18" class="empty">{escape("nessun dato")}</text>')
    for i, bar in enumerate(bars):
        y = 4 + i * ROW
        length = float(bar.value / top) * plot if top > 0 else 0.0
        tip = f"{bar.label}: {value_text(bar.value)}"
        if bar.count is not None:
            tip += f" ({bar.count} importi)"
        out.append(
            f'<g class="bar"><title>{escape(tip)}</title>'
            f'<text x="{LABEL_WIDTH - 8}" y="{y + 16}" text-anchor="end">{escape(_clip(bar.label))}</text>'
            f'<rect x="{LABEL_WIDTH}" y="{y + 3}" width="{max(length, 1.0):.1f}" height="{ROW - 8}"/>'
            f'<text x="{LABEL_WIDTH + length + 6:.1f}" y="{y + 16}">{escape(value_text(bar.value))}</text>'
            "</g>"
        )
    out.append("</svg>")
    return "".join(out)
