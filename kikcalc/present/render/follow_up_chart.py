"""The memo's follow-up chart: each target group's planned caseload against the observed.

One panel per followed group (at most `MAX_PANELS`): the planned caseload (the baseline less
the planned reduction) as a line, the observations as points.
"""

from __future__ import annotations

from kikcalc.analysis.follow_up import FollowUp
from kikcalc.present.render.panels import (
    MAX_PANELS,
    PANEL_LABEL,
    PANEL_TITLE,
    panels_image,
)
from kikcalc.present.render.plot import Panel, Series
from kikcalc.text.safe import printable

_NAMES = {"da": ("Planlagt", "Observeret", "Fuldtidspersoner"),
          "en": ("Planned", "Observed", "Full-year persons")}


def follow_up_chart(result: FollowUp, fmt: str, lang: str, title: str) -> bytes:
    """PNG or SVG of planned against observed caseload (ChartUnavailable without Pillow)."""
    planned_name, observed_name, unit = _NAMES[lang]
    panels = []
    for g in list(result.groups)[:MAX_PANELS]:
        planned = Series(tuple((r.year, float(r.planned)) for r in g.rows), "#0072B2",
                         label=planned_name)
        seen = tuple((r.year, float(r.observed.persons)) for r in g.rows if r.observed)
        observed = Series(seen, "#D55E00", 0, marker="D", marker_size=5, label=observed_name)
        panels.append(Panel((planned, observed), tuple(r.year for r in g.rows), lang,
                            printable(g.group[:80]), PANEL_TITLE, unit, PANEL_LABEL,
                            legend_size=7))
    return panels_image(panels, title, fmt)
