"""The page's pieces that come from data: a neutral table as an HTML table (headers
marked with `scope`, every cell as the text renderers write it) and the chart of plan,
budget and actual as inline SVG. Every text goes through `html_text`."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

from markupsafe import Markup

from kikcalc.present.labels import label
from kikcalc.present.render.cells import cell_text, is_right_aligned
from kikcalc.present.tables import Table
from kikcalc.text.formatting import format_amount
from kikcalc.text.safe import html_text

#: Series colours (Okabe-Ito, readable for colour-blind readers); each line also has its
#: own dash pattern and a legend in words, so colour is never the only sign.
SERIES_STYLE = {"projected": ("#0072B2", ""), "budget": ("#E69F00", "6 3"),
                "actual": ("#009E73", ""), "forecast": ("#CC79A7", "2 3")}


def table_html(table: Table, lang: str, *, title: bool = True) -> Markup:
    """A table with its title and notes; the first cell of a row heads the row."""
    total = label("total", lang)
    head = "".join(
        f'<th scope="col" class="{"n" if is_right_aligned(c) else "t"}">'
        f"{html_text(c.title)}</th>" for c in table.columns)
    rows = []
    for i, row in enumerate(table.rows):
        css = ' class="total"' if row and row[0] == total else \
            ' class="emphasis"' if i in table.emphasis else ""
        cells = []
        for j, (value, column) in enumerate(zip(row, table.columns, strict=True)):
            tag = "th" if j == 0 else "td"
            scope = ' scope="row"' if j == 0 else ""
            align = "n" if is_right_aligned(column) else "t"
            cells.append(f'<{tag}{scope} class="{align}">'
                         f"{html_text(cell_text(value, column, table, lang))}</{tag}>")
        rows.append(f"<tr{css}>{''.join(cells)}</tr>")
    notes = "".join(f'<p class="note">{html_text(n)}</p>' for n in table.notes)
    heading = f"<h3>{html_text(table.title)}</h3>" if title else ""
    return Markup(f'<section class="table">{heading}<div class="scroll"><table>'
                  f"<thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"
                  f"</div>{notes}</section>")


def chart_svg(series: Mapping[str, Mapping[int, Decimal]], years: range, lang: str,
              unit: str, *, width: int = 560, height: int = 220, small: bool = False
              ) -> Markup:
    """Cumulative net by year for each series (plan, budget, actual, forecast) in one
    chart, 0 marked: a line crossing 0 is the payback year."""
    values = [v for s in series.values() for v in s.values()] or [Decimal(0)]
    low, high = min(*values, Decimal(0)), max(*values, Decimal(0))
    if high == low:
        high = low + 1
    left, right, top, bottom = (8, 8, 8, 8) if small else (56, 24, 12, 44)
    inner_w, inner_h = width - left - right, height - top - bottom
    step = inner_w / max(len(years) - 1, 1)

    def x(year: int) -> float:
        return left + (year - years.start) * step

    def y(value: Decimal) -> float:
        return top + float((high - value) / (high - low)) * inner_h

    names = [label(name, lang) for name in series]
    title = f"{label('cumulative', lang)} ({unit}): {', '.join(names)}"
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" role="img" viewBox="0 0 {width} '
             f'{height}" width="{width}" height="{height}" class="chart">'
             f"<title>{html_text(title)}</title>",
             f'<line x1="{left}" x2="{width - right}" y1="{y(Decimal(0)):.1f}" '
             f'y2="{y(Decimal(0)):.1f}" stroke="#555" stroke-width="1"/>']
    if not small:
        for value in (low, high):
            parts.append(f'<text x="{left - 6}" y="{y(value) + 4:.1f}" text-anchor="end" '
                         f'font-size="11">{html_text(format_amount(value, 1, lang))}</text>')
        for year in years:
            parts.append(f'<text x="{x(year):.1f}" y="{height - bottom + 16}" '
                         f'text-anchor="middle" font-size="11">{year}</text>')
    for i, (name, points) in enumerate(series.items()):
        colour, dash = SERIES_STYLE.get(name, ("#333", ""))
        line = " ".join(f"{x(yr):.1f},{y(v):.1f}" for yr, v in sorted(points.items()))
        dashed = f' stroke-dasharray="{dash}"' if dash else ""
        parts.append(f'<polyline fill="none" stroke="{colour}" stroke-width="2"{dashed} '
                     f'points="{line}"/>')
        if not small:
            lx = left + i * 130
            parts.append(f'<line x1="{lx}" x2="{lx + 22}" y1="{height - 10}" y2="{height - 10}"'
                         f' stroke="{colour}" stroke-width="2"{dashed}/>'
                         f'<text x="{lx + 26}" y="{height - 6}" font-size="11">'
                         f"{html_text(label(name, lang))}</text>")
    parts.append("</svg>")
    return Markup("".join(parts))
