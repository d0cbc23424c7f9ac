"""The payback chart: cumulative net effect by year for each series, with the zero line
and each payback year marked.

PNG and SVG come from matplotlib, an optional extra (`pip install -e '.[report]'`),
imported only here; the same data always gives the same bytes (no dates, a fixed SVG id
salt). Names are drawn as written: `$` and `\\` are not math text. `text_chart` is the
compact terminal version and needs nothing.
"""

from __future__ import annotations

import io
import itertools
import textwrap
from decimal import Decimal
from typing import Any

from kikcalc.analysis.sensitivity import sensitivity
from kikcalc.present.labels import label
from kikcalc.present.memo import Report, cumulative_by_series, part_year_end
from kikcalc.present.names import driver_label
from kikcalc.present.portfolio_memo import PortfolioReport, cumulative_by_strategy
from kikcalc.text.formatting import format_amount
from kikcalc.text.safe import printable

# Colour-blind-safe, and still apart when printed in grey.
COLOURS = {"projected": "#0072B2", "budget": "#E69F00", "actual": "#009E73",
           "forecast": "#CC79A7"}
STYLES = {"projected": "-", "budget": "--", "actual": "-", "forecast": ":"}
# Okabe-Ito, for the strategies of a portfolio
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442",
           "#999999")

# A legend on a white ground with a thin frame: where it lies over a line or the grid, its
# text stays readable, on screen and in a grey print.
LEGEND = {"frameon": True, "facecolor": "white", "framealpha": 0.9, "edgecolor": "#BBBBBB"}


class ChartUnavailable(Exception):
    """matplotlib is not installed."""


def _image(figure: Any, fmt: str) -> bytes:
    """The figure's bytes, with no date or software stamp, so equal input gives equal bytes."""
    figure.tight_layout()
    # tight_layout leaves a placeholder layout engine behind, for which savefig lays the
    # whole figure out once more before drawing it (a third of a chart's time): the
    # layout is done, so no engine
    figure.set_layout_engine(None)
    buffer = io.BytesIO()
    metadata = {"Date": None} if fmt == "svg" else {"Software": None}
    figure.savefig(buffer, format=fmt, metadata=metadata)
    return buffer.getvalue()


def _settings(mpl: Any) -> None:
    """Fixed output, and text as text: a name with `$...$` is not math (which renders it
    differently, or fails on an unknown command such as `$\\foo$`), nor LaTeX."""
    mpl.rcParams.update({"svg.hashsalt": "kikcalc", "font.family": "DejaVu Sans",
                         "font.size": 9, "svg.fonttype": "path", "text.parse_math": False,
                         "text.usetex": False})


def _pyplot() -> Any:
    """matplotlib's pyplot, set for fixed output, or ChartUnavailable."""
    try:
        import matplotlib as mpl
    except ImportError:
        raise ChartUnavailable("the chart needs matplotlib: pip install -e '.[report]' in "
                               "kikcalc's folder, "
                               "or leave it out with --no-chart") \
            from None
    mpl.use("Agg")
    from matplotlib import pyplot as plt

    _settings(mpl)
    return plt


def _line(axes: Any, values: dict[int, Decimal], style: str, colour: str, legend: str,
          forecast: tuple[int, ...] = (), forecast_legend: str = "") -> None:
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
    for k, run in enumerate(runs or [[]]):
        axes.plot(run, [points[y] for y in run], style, marker="o", color=colour,
                  label=legend if k == 0 else None, linewidth=1.6, markersize=3.5)
    if not forecast:
        return
    for before, after in itertools.pairwise(years):
        if before in forecast or after in forecast:
            axes.plot([before, after], [points[before], points[after]], "--", color=colour,
                      linewidth=1.2)
    shown = [y for y in years if y in forecast]
    axes.plot(shown, [points[y] for y in shown], marker="o", markersize=5, linestyle="none",
              markerfacecolor="white", markeredgecolor=colour, zorder=4)  # over later series
    axes.plot([], [], "--", marker="o", markersize=5, markerfacecolor="white",  # the legend
              color=colour, linewidth=1.2, label=forecast_legend)


def chart_image(report: Report, fmt: str) -> bytes:
    """The chart as PNG or SVG bytes."""
    plt = _pyplot()
    ctx = report.context
    figure, axes = plt.subplots(figsize=(6.4, 3.4), dpi=150)
    try:
        for name, values in cumulative_by_series(report.evaluated).items():
            series = report.evaluated.results.series[name]
            year = series.payback.year
            # The payback year goes in the legend and as a ring on the line: labels next
            # to the points collide when two series pay back in the same year.
            paid = ctx.text("chart_payback", year=year) if year is not None \
                else ctx.text("not_paid_back")
            forecast = tuple(y for y in series.forecast_years if y in values)
            _line(axes, values, STYLES[name], COLOURS[name], f"{ctx.text(name)} ({paid})",
                  forecast, ctx.text("chart_forecast_legend", series=ctx.text(name),
                                     years=", ".join(map(str, forecast))))
            if forecast:  # said at the point too, for a reader of a grey print
                axes.annotate(ctx.text("chart_forecast"), (forecast[-1],
                              float(values[forecast[-1]])), xytext=(-6, -12), ha="right",
                              textcoords="offset points", fontsize=7, color=COLOURS[name])
            if year is not None:
                axes.plot([year], [float(values[year])], marker="o", markersize=9,
                          markerfacecolor="none", markeredgecolor=COLOURS[name],
                          linestyle="none")
            as_of = part_year_end(report.evaluated, name)
            if as_of is not None:  # a part year is drawn open and says where it runs to
                last = max(values)
                axes.plot([last], [float(values[last])], marker="s", markersize=6,
                          markerfacecolor="white", markeredgecolor=COLOURS[name],
                          linestyle="none")
                axes.annotate(ctx.text("chart_as_of", date=ctx.date(as_of)),
                              (last, float(values[last])), xytext=(-6, 8), ha="right",
                              textcoords="offset points", fontsize=7, color=COLOURS[name])
        axes.axhline(0, color="black", linewidth=0.8)
        axes.set_xticks(list(report.evaluated.plan.years))
        axes.set_title(printable(f"{report.title}: {ctx.text('chart_title')} ({ctx.unit})"),
                       fontsize=10)
        _money_axis(axes, ctx.unit, ctx.lang)
        axes.legend(**LEGEND, fontsize=8)
        return _image(figure, fmt)
    finally:
        plt.close(figure)


def _money_axis(axes: Any, unit: str, lang: str) -> None:
    axes.set_ylabel(unit)
    axes.yaxis.set_major_formatter(lambda v, _: format_amount(Decimal(str(float(v))), 0, lang))
    axes.grid(axis="y", linewidth=0.3)
    axes.spines[["top", "right"]].set_visible(False)


def portfolio_image(report: PortfolioReport, fmt: str) -> bytes:
    """Each strategy's cumulative projected net by year, thin, and the portfolio's total,
    thick and black: which strategies carry the portfolio and when it pays back."""
    plt = _pyplot()
    ctx = report.context
    lines = cumulative_by_strategy(report)
    columns = 1 if len(lines) < 2 else 2 if len(lines) < 8 else 3  # the total is one more
    rows = -(-(len(lines) + 1) // columns)
    figure, axes = plt.subplots(figsize=(6.4, 3.0 + 0.17 * rows), dpi=150)
    try:
        totals: dict[int, Decimal] = {}
        for ev in report.strategies:
            if ev.results.projection is not None:
                for year, value in ev.results.projection.net.items():
                    totals[year] = totals.get(year, Decimal(0)) + value
        running, cumulative = Decimal(0), {}
        for year in sorted(totals):
            running += totals[year]
            cumulative[year] = running
        for i, (name, values) in enumerate(lines):
            colour = PALETTE[i % len(PALETTE)]
            dashes = ("-", "--", "-.", ":")[i // len(PALETTE) % 4]  # apart past 8 strategies
            years = sorted(values)
            axes.plot(years, [float(values[y]) for y in years], dashes, marker="o",
                      color=colour, linewidth=1.1, markersize=2.5,
                      label=textwrap.shorten(printable(name), 38, placeholder="…"))
        years = sorted(cumulative)
        axes.plot(years, [float(cumulative[y]) for y in years], "-", marker="o", color="black",
                  linewidth=2.4, markersize=4, label=ctx.text("chart_total"))
        axes.axhline(0, color="black", linewidth=0.8)
        axes.set_xticks(years)
        axes.set_title(f"{ctx.text('chart_portfolio')} ({ctx.unit})", fontsize=10)
        _money_axis(axes, ctx.unit, ctx.lang)
        axes.legend(**LEGEND, fontsize=7, ncols=columns, loc="upper center",
                    bbox_to_anchor=(0.5, -0.1))
        return _image(figure, fmt)
    finally:
        plt.close(figure)


def tornado_image(report: Report, fmt: str, top: int = 8) -> bytes:
    """Each driver's range of the cumulative net at the horizon for -25 % to +25 %,
    widest first, around the plan's value."""
    import matplotlib as mpl

    mpl.use("Agg")
    _settings(mpl)
    from matplotlib import pyplot as plt


    ctx = report.context
    base, rows = sensitivity(report.evaluated.plan)
    rows = rows[:top][::-1]
    figure, axes = plt.subplots(figsize=(6.4, 0.55 * len(rows) + 1.5), dpi=150)
    try:
        middle = float(base.cumulative_at_end)
        change = max(rows[0].results) if rows else 25
        for i, row in enumerate(rows):
            # each end its own colour, drawn from the plan's value: the reader sees which
            # way a driver moves the result
            for end, colour in ((min(row.results), "#D55E00"), (max(row.results), "#0072B2")):
                value = float(row.results[end].cumulative_at_end)
                axes.barh(i, value - middle, left=middle, color=colour, height=0.6,
                          label=ctx.text("chart_low" if end < 0 else "chart_high",
                                         change=abs(end)) if i == 0 else None)
        axes.axvline(middle, color="black", linewidth=0.8, label=ctx.text("chart_plan"))
        axes.legend(**LEGEND, fontsize=7, loc="lower center", ncols=3,
                    bbox_to_anchor=(0.5, 1.0))
        axes.axvline(0, color="#999999", linewidth=0.6, linestyle="--")
        axes.set_yticks(range(len(rows)),
                        [textwrap.fill(printable(driver_label(r.driver.kind, r.driver.name,
                                                              ctx.lang, ctx.names)), 40)
                         for r in rows], fontsize=7)
        figure.suptitle(textwrap.fill(f"{ctx.text('title_sensitivity')} ({ctx.unit}), "
                                      f"-{change} % / +{change} %", 90),
                        fontsize=8, x=0.01, ha="left")
        axes.xaxis.set_major_formatter(
            lambda v, _: format_amount(Decimal(str(float(v))), 0, ctx.lang))
        axes.spines[["top", "right"]].set_visible(False)
        return _image(figure, fmt)
    finally:
        plt.close(figure)


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
