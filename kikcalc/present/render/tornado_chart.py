"""The memo's tornado chart: each driver's range of the cumulative net at the horizon for
-25 % to +25 %, widest first, around the plan's value. Laid out as a drawing (`drawing`)
and painted as PNG or SVG, as the payback chart."""

from __future__ import annotations

from kikcalc.analysis.sensitivity import sensitivity
from kikcalc.present.memo import Report
from kikcalc.present.names import driver_label
from kikcalc.present.render import legend
from kikcalc.present.render.chart import WIDTH, image
from kikcalc.present.render.drawing import (
    BLACK,
    GREY,
    MIDDLE,
    Drawing,
    Item,
    Line,
    Rect,
    Text,
    text_width,
)
from kikcalc.present.render.drawing import wrap as wrap_text
from kikcalc.present.render.plot import SIZE, TICK, TICK_PAD, amount, limits, nice_ticks, scale
from kikcalc.text.safe import printable

LOW, HIGH = "#D55E00", "#0072B2"
ROW = 30.0  # points a driver
LABEL_SIZE, TITLE_SIZE, LEGEND_SIZE = 7.0, 8.0, 7.0


def tornado_drawing(report: Report, top: int = 8) -> Drawing:
    """The tornado chart, laid out: the `top` widest drivers."""
    ctx = report.context
    base, rows = sensitivity(report.evaluated.plan)
    rows = rows[:top]
    middle = float(base.cumulative_at_end)
    change = max(rows[0].results) if rows else 25
    title = f"{ctx.text('title_sensitivity')} ({ctx.unit}), -{change} % / +{change} %"
    heading = wrap_text(printable(title), TITLE_SIZE, WIDTH - 8)
    entries = [legend.Entry(ctx.text("chart_plan"), BLACK, 0.8),
               legend.Entry(ctx.text("chart_low", change=change), LOW, patch=True),
               legend.Entry(ctx.text("chart_high", change=change), HIGH, patch=True)]
    legend_w, legend_h = legend.size(entries, LEGEND_SIZE, 3)
    names = [wrap_text(printable(driver_label(r.driver.kind, r.driver.name, ctx.lang,
                                              ctx.names)), LABEL_SIZE, WIDTH * 0.36)
             for r in rows]
    top_y = 6 + len(heading) * TITLE_SIZE * 1.25 + 6 + legend_h + 4
    height = top_y + ROW * max(len(rows), 1) + TICK + TICK_PAD + SIZE * 1.2 + 4
    bottom_y = height - (TICK + TICK_PAD + SIZE * 1.2 + 4)
    ends = [float(r.results[end].cumulative_at_end) for r in rows
            for end in (min(r.results), max(r.results))]
    low, high = limits([*ends, middle, 0.0])
    left = 8 + TICK + TICK_PAD + max((text_width(line, LABEL_SIZE) for name in names
                                      for line in name), default=0.0)
    right = WIDTH - 12
    ticks, decimals = nice_ticks(low, high, max(3, int((right - left) / (SIZE * 4))))
    x = scale(low, high, left, right)
    items: list[Item] = []
    for i, (row, name) in enumerate(zip(rows, names, strict=True)):
        centre = top_y + ROW * (i + 0.5)
        # each end its own colour, drawn from the plan's value: the reader sees which way
        # a driver moves the result
        for end, colour in ((min(row.results), LOW), (max(row.results), HIGH)):
            value = x(float(row.results[end].cumulative_at_end))
            start, stop = sorted((x(middle), value))
            items.append(Rect(start, centre - ROW * 0.3, stop - start, ROW * 0.6, colour))
        items.append(Line(left - TICK, centre, left, centre))
        first = centre - (len(name) - 1) * LABEL_SIZE * 1.2 / 2 + LABEL_SIZE * MIDDLE
        items += [Text(left - TICK - TICK_PAD, first + k * LABEL_SIZE * 1.2, line, LABEL_SIZE,
                       anchor="end") for k, line in enumerate(name)]
    items.append(Line(x(middle), top_y, x(middle), bottom_y, BLACK, 0.8))
    items.append(Line(x(0.0), top_y, x(0.0), bottom_y, GREY, 0.6, (3.7 * 0.6, 1.6 * 0.6)))
    items += [Line(left, top_y, left, bottom_y), Line(left, bottom_y, right, bottom_y)]
    for t in ticks:
        items.append(Line(x(t), bottom_y, x(t), bottom_y + TICK))
        items.append(Text(x(t), bottom_y + TICK + TICK_PAD + SIZE * 0.76,
                          amount(t, decimals, ctx.lang), SIZE, anchor="middle"))
    items += [Text(4, 6 + TITLE_SIZE + k * TITLE_SIZE * 1.25, line, TITLE_SIZE)
              for k, line in enumerate(heading)]
    items += legend.draw(entries, LEGEND_SIZE, (left + right - legend_w) / 2,
                         top_y - legend_h - 4, 3)
    return Drawing(WIDTH, height, title, tuple(items))


def tornado_image(report: Report, fmt: str, top: int = 8) -> bytes:
    """The tornado chart as PNG or SVG bytes."""
    return image(tornado_drawing(report, top), fmt)
