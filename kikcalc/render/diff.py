"""`kikcalc diff` as text, Markdown (fits a pull-request comment) and JSON.

The Markdown starts with a one-line verdict and a short table of the headline figures;
the yearly net effect and the savings per target group are folded in `<details>`.
"""

from __future__ import annotations

import json
from decimal import Decimal

from kikcalc import __version__
from kikcalc.diff import Breach, Change, Comparison, payback_slip
from kikcalc.formatting import exact, format_amount, signed_amount
from kikcalc.labels import label
from kikcalc.render import markdown, text
from kikcalc.tables import Cell, Column, Table


def _row_label(change: Change, comparison: Comparison, lang: str) -> str:
    kind, _, name = change.key.partition(":")
    if kind == "investment":
        return label("investment", lang)
    if kind == "cumulative":
        return label("diff_cumulative", lang, end=comparison.end,
                     series=label(name, lang).lower())
    if kind == "payback":
        return label("diff_payback", lang, series=label(name, lang).lower())
    if kind == "net":
        return label("diff_net", lang, year=name)
    return label("savings_of", lang, name=name)


def _cells(change: Change, comparison: Comparison, lang: str) -> tuple[Cell, ...]:
    if change.key.startswith("payback:"):
        def year(value: object) -> Cell:
            return value if isinstance(value, int) else label("not_paid_back", lang)

        slip = payback_slip(change, comparison.end)
        moved = label("year_later" if abs(slip or 0) == 1 else "years_later", lang, n=slip) \
            if slip else ""
        if comparison.new_file:
            return (None, year(change.proposal), None)
        return (year(change.base), year(change.proposal), moved)
    return (change.base, change.proposal, change.delta)


def _table(title: str, changes: tuple[Change, ...], comparison: Comparison, lang: str,
           decimals: int) -> Table:
    columns = (Column("", "text"), Column(label("base", lang)),
               Column(label("proposal", lang)), Column(label("change", lang), "delta"))
    rows = tuple((_row_label(c, comparison, lang), *_cells(c, comparison, lang))
                 for c in changes)
    return Table(title, columns, rows, (), decimals)


def breach_text(breach: Breach, comparison: Comparison, lang: str) -> str:
    def number(value: Decimal | int) -> str:
        text = exact(Decimal(value))
        return text.replace(".", ",") if lang == "da" else text

    return label(f"breach_{breach.kind}", lang, series=label(breach.series, lang).lower(),
                 amount=number(breach.amount), limit=number(breach.limit),
                 unit=comparison.unit)


def headline_sentence(comparison: Comparison, broken: list[Breach], lang: str,
                      decimals: int) -> str:
    """One line a reviewer reads first."""
    if comparison.new_file:
        return label("new_file", lang)
    if broken:
        reasons = "; ".join(breach_text(b, comparison, lang) for b in broken)
        return label("verdict_fail", lang, reasons=reasons)
    moved = [c for c in comparison.headline if c.changed]
    if not comparison.material:
        return label("no_change", lang)
    parts = []
    for change in moved[:3]:
        base, proposal, delta = _cells(change, comparison, lang)
        if isinstance(base, Decimal) and isinstance(proposal, Decimal):
            base = format_amount(base, decimals, lang)
            proposal = format_amount(proposal, decimals, lang)
            delta = signed_amount(delta, decimals, lang) if isinstance(delta, Decimal) else ""
        parts.append(f"{_row_label(change, comparison, lang)}: {base} → {proposal} ({delta})")
    return " · ".join(parts) or label("no_change", lang)


def _tables(comparison: Comparison, lang: str, decimals: int) -> tuple[Table, Table]:
    title = f"{comparison.name}: {label('title_diff', lang)} ({comparison.unit})"
    head = _table(title, comparison.headline, comparison, lang, decimals)
    details = _table(label("diff_details", lang), (*comparison.yearly, *comparison.groups),
                     comparison, lang, decimals)
    return head, details


def render_text(comparison: Comparison, broken: list[Breach], lang: str, decimals: int) -> str:
    head, details = _tables(comparison, lang, decimals)
    sentence = headline_sentence(comparison, broken, lang, decimals)
    return text.render([head, details], lang) + "\n" + sentence + "\n"


def render_markdown(comparison: Comparison, broken: list[Breach], lang: str,
                    decimals: int) -> str:
    head, details = _tables(comparison, lang, decimals)
    mark = "❌" if broken else ("🆕" if comparison.new_file else "✅")
    sentence = headline_sentence(comparison, broken, lang, decimals)
    folded = markdown.render_table(details, lang).split("\n", 1)[1]  # drop its heading
    return (f"{mark} **{sentence}**\n\n{markdown.render_table(head, lang)}\n"
            f"<details><summary>{label('diff_details', lang)}</summary>\n{folded}\n"
            "</details>\n")


def _json_value(value: object) -> object:
    """Exact decimal strings for money; years and counts stay numbers."""
    return exact(value) if isinstance(value, Decimal) else value


def render_json(comparison: Comparison, broken: list[Breach]) -> str:
    def changes(items: tuple[Change, ...]) -> list[dict[str, object]]:
        return [{"key": c.key, "base": _json_value(c.base),
                 "proposal": _json_value(c.proposal), "change": _json_value(c.delta)}
                for c in items]

    doc = {"kikcalc": __version__, "format_version": 1, "name": comparison.name,
           "unit": comparison.unit, "new_file": comparison.new_file,
           "material": comparison.material,
           "broken": [{"rule": b.kind, "series": b.series, "amount": _json_value(b.amount),
                       "limit": _json_value(b.limit)} for b in broken],
           "headline": changes(comparison.headline), "yearly": changes(comparison.yearly),
           "groups": changes(comparison.groups)}
    return json.dumps(doc, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
