"""The memo's follow-up chart: each target group's planned caseload against the observed.

One panel per followed group (at most `MAX_PANELS`): the planned caseload (the baseline less
the planned reduction) as a line, the observations as points. matplotlib is imported only
here, with the payback chart's settings, so equal input gives equal bytes.
"""

from __future__ import annotations

from kikcalc.analysis.follow_up import FollowUp
from kikcalc.present.render.chart import _image
from kikcalc.present.render.panels import MAX_PANELS, finish_panel, panel_figure
from kikcalc.text.safe import printable

_NAMES = {"da": ("Planlagt", "Observeret", "Fuldtidspersoner"),
          "en": ("Planned", "Observed", "Full-year persons")}


def follow_up_chart(result: FollowUp, fmt: str, lang: str, title: str) -> bytes:
    """PNG or SVG of planned against observed caseload (ChartUnavailable without
    matplotlib)."""
    shown = list(result.groups)[:MAX_PANELS]
    plt, figure, panels = panel_figure(len(shown))
    planned_name, observed_name, unit = _NAMES[lang]
    try:
        for g, axes in zip(shown, panels, strict=True):
            years = [r.year for r in g.rows]
            axes.plot(years, [float(r.planned) for r in g.rows], "-", marker="o",
                      color="#0072B2", label=planned_name, linewidth=1.6, markersize=3.5)
            seen = [(r.year, float(r.observed.persons)) for r in g.rows if r.observed]
            axes.plot([p[0] for p in seen], [p[1] for p in seen], "D", color="#D55E00",
                      label=observed_name, markersize=5)
            axes.set_xticks(years)
            finish_panel(axes, g.group, unit)
        figure.suptitle(printable(title[:100]), fontsize=10)
        return _image(figure, fmt)
    finally:
        plt.close(figure)
