"""The benchmark as the project's neutral Table (text, Markdown, CSV) and as JSON.

One table per target group: by year the three caseloads, their indices from the baseline,
the caseload expected had the municipality followed the cluster and the country, the
reduction the data supports against the one the strategy claims, the implied deadweight,
and flags. The notes say what the comparison is and is not, every time it is shown.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from kikcalc.present.labels import label
from kikcalc.present.tables import Cell, Column, Table
from kikcalc.statbank.benefits import MERGE_MONTH
from kikcalc.statbank.compare import UNSTABLE_POINTS, GroupBenchmark
from kikcalc.text.formatting import exact, format_amount

_FLAGS: dict[str, dict[str, str]] = {
    "missing": {"da": "mangler data", "en": "no data"},
    "partial": {"da": "delvist år", "en": "part year"},
    "unstable": {"da": "ustabil klynge", "en": "cluster unstable"},
    "disagree": {"da": "klynge og land uenige", "en": "cluster and country disagree"},
    "break": {"da": "seriebrud", "en": "series break"},
    "more_than_claimed": {"da": "mere end påstået", "en": "more than claimed"},
    "none_supported": {"da": "ingen reduktion understøttet", "en": "no reduction supported"},
    "cluster_without_municipality": {"da": "kommunen er taget ud af klyngen",
                                     "en": "the municipality is left out of its cluster"},
    "no_cluster": {"da": "ingen klynge: sammenlignet med landet",
                   "en": "no cluster: compared with the country"},
    "no_baseline": {"da": "mangler basisperioden", "en": "baseline period missing"},
}
_FLAG_NOTE = {"da": "Ustabil klynge: klyngens indeks flytter sig mere end {p} point fra året "
                    "før; uenige: klynge og land mere end {p} point fra hinanden.",
              "en": "Cluster unstable: the cluster's index moves more than {p} points from the "
                    "year before; disagree: cluster and country more than {p} points apart."}


def _t(key: str, lang: str, **values: object) -> str:
    """This view's text `key` from the catalogue (its keys begin `benchmark_`)."""
    return label(f"benchmark_{key}", lang).format(**values)


def _n(value: Decimal | None, lang: str) -> str:
    return "-" if value is None else format_amount(value, 1, lang)


def benchmark_table(b: GroupBenchmark, name: str, lang: str) -> Table:
    """The benchmark of one target group; persons and indices to one decimal."""
    titles = _t("columns", lang).split("|")
    columns = (Column(titles[0], "year"), *(Column(t, "money") for t in titles[1:-1]),
               Column(titles[-1], "text"))
    rows: list[tuple[Cell, ...]] = [
        (r.year, r.municipality, r.cluster, r.country, r.index_municipality, r.index_cluster,
         r.index_country, r.expected_cluster, r.expected_country, r.supported, r.claimed,
         r.implied_deadweight, ", ".join(_FLAGS[f][lang] for f in r.flags))
        for r in b.rows]
    return Table(_t("title", lang, name=name, group=b.group), columns, tuple(rows),
                 tuple(benchmark_notes(b, lang)), 1)


def benchmark_notes(b: GroupBenchmark, lang: str) -> list[str]:
    against = _t(b.against, lang)
    m, c, n = b.base
    notes = [_t("baseline", lang, period=b.baseline, m=_n(m, lang), c=_n(c, lang),
                n=_n(n, lang)),
             _t("shown", lang, against=against), _t("limits", lang, against=against)]
    if b.implied_deadweight is not None:
        notes.append(_t("total", lang, s=_n(b.supported_total, lang),
                        r=_n(b.claimed_total, lang), d=_n(b.implied_deadweight, lang),
                        a=_n(b.assumed_deadweight, lang)))
    else:
        notes.append(_t("no_total", lang))
    split = b.series_break
    if split is not None and any(r.year >= int(MERGE_MONTH[:4]) for r in b.rows):
        key = "bridged" if split.bridged else "broken"
        notes.append(_t(key, lang, month=MERGE_MONTH, merged=", ".join(split.merged) or "-",
                        into=", ".join(split.into), year=MERGE_MONTH[:4]))
    if b.visitation_break is not None and any(r.year >= b.visitation_break for r in b.rows):
        notes.append(_t("moved", lang, year=b.visitation_break))
    notes.extend(_FLAGS[f][lang] for f in b.flags
                 if f in ("cluster_without_municipality", "no_cluster", "no_baseline"))
    if any(f in r.flags for r in b.rows for f in ("unstable", "disagree")):
        notes.append(_FLAG_NOTE[lang].format(p=UNSTABLE_POINTS))
    return notes


def benchmark_tables(benchmarks: Sequence[GroupBenchmark], name: str, lang: str
                     ) -> list[Table]:
    return [benchmark_table(b, name, lang) for b in benchmarks]


def _x(value: Decimal | None) -> str | None:
    return None if value is None else exact(value)


def benchmark_doc(benchmarks: Sequence[GroupBenchmark]) -> dict[str, Any]:
    """The JSON `benchmark` member: exact decimal strings, null where there is no value."""
    return {"method": "comparison, not a causal estimate; assumes parallel trends",
            "groups": [_group_doc(b) for b in benchmarks]}


def _group_doc(b: GroupBenchmark) -> dict[str, Any]:
    split = b.series_break
    return {
        "name": b.group, "benefit_types": list(b.benefit_types), "against": b.against,
        "baseline": {"period": str(b.baseline), "municipality": _x(b.base[0]),
                     "cluster": _x(b.base[1]), "country": _x(b.base[2])},
        "years": [{"year": r.year, "municipality": _x(r.municipality), "cluster": _x(r.cluster),
                   "country": _x(r.country), "index": {
                       "municipality": _x(r.index_municipality),
                       "cluster": _x(r.index_cluster), "country": _x(r.index_country)},
                   "expected": {"cluster": _x(r.expected_cluster),
                                "country": _x(r.expected_country)},
                   "supported": _x(r.supported), "claimed": _x(r.claimed),
                   "implied_deadweight": _x(r.implied_deadweight), "flags": list(r.flags)}
                  for r in b.rows],
        "supported_total": _x(b.supported_total), "claimed_total": _x(b.claimed_total),
        "implied_deadweight": _x(b.implied_deadweight),
        "assumed_deadweight": _x(b.assumed_deadweight), "flags": list(b.flags),
        "series_break": None if split is None else {
            "month": MERGE_MONTH, "bridged": split.bridged, "merged": list(split.merged),
            "into": list(split.into)},
        **({} if b.visitation_break is None else
           {"visitation_break": {"year": b.visitation_break, "bridged": False}}),
    }
