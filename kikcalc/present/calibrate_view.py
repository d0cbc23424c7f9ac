"""The calibration as neutral tables (text, Markdown, CSV), as JSON, and as a YAML block.

Three tables: each strategy's record per driver (claimed, realised, and realised minus
claimed, in percent of plan, points or years), the distribution of each driver across the
folder, and the default optimism-bias adjustment. With a strategy named (`--for FILE`), a
fourth: the `uncertainty` priors for its drivers; the YAML format prints the block to paste
into it.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from kikcalc.analysis.calibrate import RATIO_DRIVERS, Calibration, DriverRecord, Prior
from kikcalc.present.labels import label
from kikcalc.present.names import benefit_name
from kikcalc.present.tables import Cell, Column, Table
from kikcalc.text.formatting import exact, format_amount

HUNDRED = Decimal(100)


def _t(key: str, lang: str, **values: object) -> str:
    """This view's text `key` from the catalogue (its keys begin `calibrate_`)."""
    return label(f"calibrate_{key}", lang).format(**values)


def _unit(driver: str, lang: str) -> str:
    return _t("percent" if driver in RATIO_DRIVERS else
              "points" if driver == "deadweight" else "years", lang)


def difference(record: DriverRecord) -> Decimal:
    """Realised minus planned: in percent of plan for reduction, unit cost and investment
    (63 realised of 90 planned: -30), in points for deadweight, in years for timing. A
    minus is less than planned (fewer persons, a lower price, a smaller outlay, an earlier
    payback), whether that is good or bad for the strategy."""
    return record.value - HUNDRED if record.driver in RATIO_DRIVERS else record.value


def _who(driver: str, name: str, lang: str) -> str:
    """A benefit by its name, not its key (`sygedagpenge` -> Sygedagpenge)."""
    return benefit_name(name, lang) if driver == "unit_cost" and name else name


def calibrate_tables(cal: Calibration, lang: str, priors: tuple[Prior, ...] | None = None,
                     name: str = "") -> list[Table]:
    titles = _t("records_columns", lang).split("|")
    columns: tuple[Column, ...] = (
        Column(titles[0], "text"), Column(titles[1], "text"), Column(titles[2], "text"),
        Column(titles[3], "money"), Column(titles[4], "money"), Column(titles[5], "delta"),
        Column(titles[6], "text"), Column(titles[7], "text"))
    rows: list[tuple[Cell, ...]] = [
        (r.strategy, _t(r.driver, lang), _who(r.driver, r.name, lang),
         *((str(r.claimed), str(r.realised)) if r.driver == "timing" else (r.claimed, r.realised)),
         difference(r), _unit(r.driver, lang), _t(r.note, lang) if r.note else "")
        for r in cal.records]
    tables = [Table(_t("records_title", lang), columns, tuple(rows),
                    (_t("records_note", lang),), 1)]
    titles = _t("spread_columns", lang).split("|")
    columns = (Column(titles[0], "text"), Column(titles[1], "count"),
               *(Column(t, "money") for t in titles[2:]))
    tables.append(Table(_t("spread_title", lang, n=cal.strategies), columns, tuple(
        (_t(s.driver, lang), s.n, s.low, s.p25, s.median, s.p75, s.high)
        for s in cal.spreads), (_t("spread_note", lang),), 1))
    titles = _t("bias_columns", lang).split("|")
    columns = (Column(titles[0], "text"), Column(titles[1], "money"), Column(titles[2], "text"))
    tables.append(Table(_t("bias_title", lang), columns, tuple(
        (_t(d, lang), v, _unit(d, lang).replace(_t("percent", lang), "%"))
        for d, v in cal.bias.items()), (_t("bias_note", lang),), 1))
    if priors is not None:
        titles = _t("priors_columns", lang).split("|")
        columns = (Column(titles[0], "text"), Column(titles[1], "text"),
                   *(Column(t, "money") for t in titles[2:]))
        tables.append(Table(_t("priors_title", lang, name=name), columns, tuple(
            (_t(p.driver, lang), _who(p.driver, p.name, lang), *p.triangular)
            for p in priors),
            (_t("priors_note", lang),), 1))
    return tables


def _x(value: Decimal) -> str:
    return exact(value)


def calibrate_doc(cal: Calibration, priors: tuple[Prior, ...] | None = None) -> dict[str, Any]:
    """The JSON document: exact decimal strings."""
    doc: dict[str, Any] = {
        "strategies": cal.strategies,
        "records": [{"strategy": r.strategy, "driver": r.driver, "name": r.name,
                     "claimed": _x(r.claimed), "realised": _x(r.realised),
                     "value": _x(r.value), "difference": _x(difference(r)),
                     "note": r.note or None} for r in cal.records],
        "distribution": [{"driver": s.driver, "n": s.n, "min": _x(s.low), "p25": _x(s.p25),
                          "median": _x(s.median), "p75": _x(s.p75), "max": _x(s.high)}
                         for s in cal.spreads],
        "optimism_bias": {d: _x(v) for d, v in cal.bias.items()},
    }
    if priors is not None:
        doc["uncertainty"] = [{"driver": p.driver, "name": p.name,
                               "triangular": [_x(v) for v in p.triangular]} for p in priors]
    return doc


def _number(value: Decimal) -> str:
    return format_amount(value, 1, "en").replace(",", "")


def calibrate_yaml(cal: Calibration, priors: tuple[Prior, ...]) -> str:
    """The block to paste into a strategy: `optimism_bias` and `uncertainty`, to 1 decimal."""
    import json

    lines = ["# from kikcalc calibrate: the organisation's own record (HM Treasury Green Book)",
             "optimism_bias:"]
    for driver, value in cal.bias.items():
        shown = str(int(value)) if driver == "timing" else _number(value)
        lines.append(f"  {driver}: {shown}")
    lines.append("uncertainty:" if priors else "uncertainty: []")
    for p in priors:
        points = ", ".join(_number(v) for v in p.triangular)
        lines.append(f"  - {{driver: {p.driver}, name: {json.dumps(p.name, ensure_ascii=False)}"
                     f", triangular: [{points}]}}")
    return "\n".join(lines) + "\n"
