"""The payback chart: cumulative net effect by year for each series, with the zero line
and each payback year marked; and the portfolio's chart of its strategies.

Laid out once as a drawing (`plot`) and painted as PNG (`paint_png`, Pillow, an optional
extra: `pip install -e '.[report]'`) or SVG (`paint_svg`); the same data always gives the
same bytes. Names are drawn as written, their control characters as visible escapes.
`text_chart` is the compact terminal version and needs nothing.
"""

from __future__ import annotations

import itertools
import textwrap
from decimal import Decimal

from kikcalc.present.labels import label
from kikcalc.present.memo import Report, cumulative_by_series, part_year_end
from kikcalc.present.portfolio_memo import PortfolioReport, cumulative_by_strategy
from kikcalc.present.render.drawing import ChartUnavailable, Drawing, Item
from kikcalc.present.render.paint_png import png
from kikcalc.present.render.paint_svg import svg
from kikcalc.present.render.plot import Note, Panel, Series, panel
from kikcalc.text.formatting import format_amount
from kikcalc.text.safe import printable

__all__ = ["ChartUnavailable", "chart_image", "image", "portfolio_image", "text_chart"]

# Colour-blind-safe, and still apart when printed in grey.
COLOURS = {"projected": "#0072B2", "budget": "#E69F00", "actual": "#009E73",
           "forecast": "#CC79A7"}
STYLES = {"projected": "-", "budget": "--", "actual": "-", "forecast": ":"}
# Okabe-Ito, for the strategies of a portfolio
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442",
           "#999999")
WIDTH = 460.8  # 6.4 inches, in points: the memo's text width in Word


def image(drawing: Drawing, fmt: str) -> bytes:
    """The drawing as PNG or SVG bytes."""
    return png(drawing) if fmt == "png" else svg(drawing)


def _line(values: dict[int, Decimal], style: str, colour: str, legend: str,
          forecast: tuple[int, ...] = (), forecast_legend: str = "") -> list[Series]:
    """One series: realised figures as a line with filled points; a year whose figure is a
    forecast is an open point, reached by a dashed stretch, and says so in the legend."""
    years = sorted(values)
    points = {y: float(values[y]) for y in years}
    runs: list[list[int]] = []  # unbroken stretches of realised years
    for i, year in enumerate(years):
        if year in forecast:
            continue
        if runs and years[i - 1] == runs[-1][-1]:
            runs[-1].append(year)
        else:
            runs.append([year])
    out = [Series(tuple((y, points[y]) for y in run), colour, style=style,
                  label=legend if k == 0 else "") for k, run in enumerate(runs or [[]])]
    if not forecast:
        return out
    for before, after in itertools.pairwise(years):
        if before in forecast or after in forecast:
            out.append(Series(((before, points[before]), (after, points[after])), colour,
                              1.2, "--", marker=""))
    shown = tuple((y, points[y]) for y in years if y in forecast)
    out.append(Series(shown, colour, 0, marker_size=5, marker_fill="white"))
    out.append(Series((), colour, 1.2, "--", marker_size=5, marker_fill="white",
                      label=forecast_legend))  # the legend's entry
    return out


def chart_drawing(report: Report) -> Drawing:
    """The payback chart, laid out."""
    ctx = report.context
    series: list[Series] = []
    rings: list[Series] = []
    notes: list[Note] = []
    for name, values in cumulative_by_series(report.evaluated).items():
        result = report.evaluated.results.series[name]
        year, colour = result.payback.year, COLOURS[name]
        # The payback year goes in the legend and as a ring on the line: labels next to
        # the points collide when two series pay back in the same year.
        paid = ctx.text("chart_payback", year=year) if year is not None \
            else ctx.text("not_paid_back")
        forecast = tuple(y for y in result.forecast_years if y in values)
        series += _line(values, STYLES[name], colour, f"{ctx.text(name)} ({paid})", forecast,
                        ctx.text("chart_forecast_legend", series=ctx.text(name),
                                 years=", ".join(map(str, forecast))))
        if forecast:  # said at the point too, for a reader of a grey print
            notes.append(Note(forecast[-1], float(values[forecast[-1]]),
                              ctx.text("chart_forecast"), -6, -12, colour))
        if year is not None:
            rings.append(Series(((year, float(values[year])),), colour, 0, marker_size=9,
                                marker_fill=None))
        as_of = part_year_end(report.evaluated, name)
        if as_of is not None:  # a part year is drawn open and says where it runs to
            last = max(values)
            rings.append(Series(((last, float(values[last])),), colour, 0, marker="s",
                                marker_size=6, marker_fill="white"))
            notes.append(Note(last, float(values[last]),
                              ctx.text("chart_as_of", date=ctx.date(as_of)), -6, 8, colour))
    title = printable(f"{report.title}: {ctx.text('chart_title')} ({ctx.unit})")
    shown = Panel((*series, *rings), tuple(report.evaluated.plan.years), ctx.lang, title,
                  ylabel=ctx.unit, reference=0.0, notes=tuple(notes))
    return Drawing(WIDTH, 244.8, title, tuple(panel(shown, 0, 0, WIDTH, 244.8)))


def chart_image(report: Report, fmt: str) -> bytes:
    """The chart as PNG or SVG bytes."""
    return image(chart_drawing(report), fmt)


def portfolio_image(report: PortfolioReport, fmt: str) -> bytes:
    """Each strategy's cumulative projected net by year, thin, and the portfolio's total,
    thick and black: which strategies carry the portfolio and when it pays back."""
    ctx = report.context
    lines = cumulative_by_strategy(report)
    columns = 1 if len(lines) < 2 else 2 if len(lines) < 8 else 3  # the total is one more
    rows = -(-(len(lines) + 1) // columns)
    totals: dict[int, Decimal] = {}
    for ev in report.strategies:
        if ev.results.projection is not None:
            for year, value in ev.results.projection.net.items():
                totals[year] = totals.get(year, Decimal(0)) + value
    running, cumulative = Decimal(0), {}
    for year in sorted(totals):
        running += totals[year]
        cumulative[year] = running
    series: list[Series] = []
    for i, (name, values) in enumerate(lines):
        dashes = ("-", "--", "-.", ":")[i // len(PALETTE) % 4]  # apart past 8 strategies
        series.append(Series(tuple((y, float(values[y])) for y in sorted(values)),
                             PALETTE[i % len(PALETTE)], 1.1, dashes, marker_size=2.5,
                             label=textwrap.shorten(printable(name), 38, placeholder="…")))
    years = sorted(cumulative)
    series.append(Series(tuple((y, float(cumulative[y])) for y in years), "#000000", 2.4,
                         marker_size=4, label=ctx.text("chart_total")))
    title = f"{ctx.text('chart_portfolio')} ({ctx.unit})"
    height = 72 * (3.0 + 0.17 * rows)
    shown = Panel(tuple(series), tuple(years), ctx.lang, title, ylabel=ctx.unit,
                  reference=0.0, legend_size=7, legend_columns=columns)
    items: list[Item] = panel(shown, 0, 0, WIDTH, height)
    return image(Drawing(WIDTH, height, title, tuple(items)), fmt)


def text_chart(report: Report, width: int = 40) -> str:
    """Horizontal bars of the cumulative net effect, one line per series and year."""
    ctx = report.context
    data = cumulative_by_series(report.evaluated)
    values = [v for series in data.values() for v in series.values()]
    if not values:
        return ""
    low, high = min(*values, Decimal(0)), max(*values, Decimal(0))
    scale = (high - low) / width if high > low else Decimal(1)
    zero = int((0 - low) / scale)
    lines = [printable(f"{report.title}: {ctx.text('chart_title')} ({ctx.unit})"), ""]
    for name, series in data.items():
        payback = report.evaluated.results.series[name].payback.year
        for year, value in sorted(series.items()):
            position = int((value - low) / scale)
            left, right = sorted((position, zero))
            bar = " " * left + "█" * max(right - left, 1 if value else 0)
            bar = (bar[:zero] + "│" + bar[zero + 1:]) if len(bar) > zero else bar.ljust(zero) + "│"
            mark = " ◀ " + ctx.text("chart_payback", year=year) if year == payback else ""
            if year in report.evaluated.results.series[name].forecast_years:
                mark = f" ({ctx.text('chart_forecast')}){mark}"
            amount = format_amount(value, ctx.decimals, ctx.lang)
            name_label = label(name, ctx.lang)
            lines.append(f"{name_label:<12} {year}  {bar:<{width + 1}} {amount:>8}{mark}")
        lines.append("")
    return "\n".join(lines)
