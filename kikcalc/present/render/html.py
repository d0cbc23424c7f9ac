"""One self-contained HTML file for the memo: inline CSS and SVG, no scripts, prints well.

Every text is `html_text`: markup as entities, control and format characters visible.
"""

from __future__ import annotations

from kikcalc import __version__
from kikcalc.present.memo import Report
from kikcalc.present.portfolio_memo import PortfolioReport
from kikcalc.present.render.cells import cell_text, is_right_aligned
from kikcalc.present.tables import Table
from kikcalc.text.safe import html_text

CSS = """
body { font-family: "DejaVu Sans", Arial, sans-serif; font-size: 10.5pt; color: #111;
       max-width: 68em; margin: 2em auto; padding: 0 1em; }
h1 { font-size: 16pt; margin-bottom: 0.1em; }
p.subtitle { color: #444; margin-top: 0; }
h2 { font-size: 12pt; margin: 1.6em 0 0.4em; }
table { border-collapse: collapse; margin: 0.3em 0 0.6em; font-size: 9.5pt; }
th, td { padding: 0.2em 0.6em; border-bottom: 1px solid #ccc; vertical-align: top; }
th { border-bottom: 1.5px solid #333; text-align: left; font-weight: 600; }
td.n, th.n { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
th.n { white-space: normal; }  /* a long heading wraps over its figures, not past the page */
tr.total td { font-weight: 600; border-top: 1.5px solid #333; }
p.note, ol.notes { font-size: 9pt; color: #333; }
figure { margin: 1em 0; } figure svg { max-width: 100%; height: auto; }
footer { margin-top: 2em; font-size: 8.5pt; color: #666; }
@page { size: A4; margin: 18mm 16mm 20mm; }
@media print {
  body { margin: 0; max-width: none; font-size: 10pt; }
  h1, h2 { break-after: avoid; page-break-after: avoid; }
  section, figure, tr { break-inside: avoid; page-break-inside: avoid; }
  thead { display: table-header-group; }
  td.t { overflow-wrap: normal; hyphens: manual; }
  /* as wide as the page at most: a follow-up table has nine columns, a table of
     target groups a column a year */
  table { font-size: 8.5pt; max-width: 100%; }
  table.wide { font-size: 7.5pt; }
  table.wide th, table.wide td { padding: 0.15em 0.25em; }
  th, td { padding: 0.15em 0.3em; }
  th { overflow-wrap: break-word; hyphens: auto; }
}
"""
# A row that must stand out (a strategy at a loss): said in words in its row as well, so
# colour is never the only sign (and survives a grey print as bold).
# A table of this many columns or more is printed in a smaller type, to fit A4's width.
WIDE_COLUMNS = 9
EMPHASIS = "tr.emphasis td { color: #A4000F; font-weight: 600; }\n"


def _table(table: Table, lang: str, total_label: str) -> str:
    head = "".join(f'<th class="{"n" if is_right_aligned(c) else "t"}">{html_text(c.title)}</th>'
                   for c in table.columns)
    rows = []
    for i, row in enumerate(table.rows):
        css = ' class="total"' if row and row[0] == total_label else \
            ' class="emphasis"' if i in table.emphasis else ""
        cells = "".join(
            f'<td class="{"n" if is_right_aligned(c) else "t"}">'
            f"{html_text(cell_text(v, c, table, lang))}</td>"
            for v, c in zip(row, table.columns, strict=True))
        rows.append(f"<tr{css}>{cells}</tr>")
    notes = "".join(f'<p class="note">{html_text(n)}</p>' for n in table.notes)
    # a section keeps the heading with its table when printed (break-inside: avoid)
    wide = ' class="wide"' if len(table.columns) >= WIDE_COLUMNS else ""
    return (f"<section>\n<h2>{html_text(table.title)}</h2>\n<table{wide}><thead><tr>{head}</tr>"
            f"</thead><tbody>{''.join(rows)}</tbody></table>{notes}\n</section>\n")


def _figure(svg_bytes: bytes) -> str:
    svg = svg_bytes.decode("utf-8")
    return f"<figure>{svg[svg.index('<svg'):]}</figure>\n"  # no XML declaration inline


def render_html(report: Report | PortfolioReport, figures: dict[int, bytes]) -> str:
    """`figures`: SVG charts, each placed after the table of that index."""
    ctx = report.context
    css = CSS + EMPHASIS if any(t.emphasis for t in report.tables) else CSS
    parts = [f'<!DOCTYPE html>\n<html lang="{ctx.lang}">\n<head>\n<meta charset="utf-8">\n'
             f"<title>{html_text(report.title)}</title>\n<style>{css}</style>\n</head>\n<body>\n",
             f"<h1>{html_text(report.title)}</h1>\n"
             f'<p class="subtitle">{html_text(report.subtitle)}</p>\n']
    for i, table in enumerate(report.tables):
        parts.append(_table(table, ctx.lang, ctx.text("total")))
        if i in figures:
            parts.append(_figure(figures[i]))
    notes = "".join(f"<li>{html_text(n)}</li>" for n in report.footnotes)
    parts.append(f"<h2>{html_text(ctx.text('footnotes'))}</h2>\n<ol class=\"notes\">{notes}</ol>\n")
    made_by = ctx.text("made_by", version=__version__, file=report.source)
    parts.append(f"<footer>{html_text(made_by)}</footer>\n</body>\n</html>\n")
    return "".join(parts)
