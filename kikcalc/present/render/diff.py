"""`kikcalc diff` as text, Markdown (fits a pull-request comment) and JSON.

The Markdown starts with a one-line verdict and a short table of the headline figures;
the yearly net effect and the savings per target group are folded in `<details>`.
"""

from __future__ import annotations

import json
from decimal import Decimal

from kikcalc import __version__
from kikcalc.gate.diff import Breach, Change, Comparison, payback_slip
from kikcalc.gate.policy import Policy
from kikcalc.model.findings import Issue
from kikcalc.present.labels import label
from kikcalc.present.messages import message_text
from kikcalc.present.render import markdown, text
from kikcalc.present.tables import Cell, Column, Kind, Table
from kikcalc.record import replace
from kikcalc.text.formatting import (
    exact,
    format_amount,
    format_date,
    round_half_up,
    signed_amount,
)
from kikcalc.text.safe import json_visible, markdown_text, printable


def _row_label(change: Change, comparison: Comparison, lang: str) -> str:
    kind, _, name = change.key.partition(":")
    if kind in ("investment", "funding"):
        return label(kind, lang)
    if kind == "cumulative":
        return label("diff_cumulative", lang, end=change.year or comparison.end,
                     series=label(name, lang).lower())
    if kind in ("owed", "payback"):
        return label(f"diff_{kind}", lang, series=label(name, lang).lower())
    if kind in ("net", "actual"):
        return label(f"diff_{kind}", lang, year=name)
    if kind in ("target", "floor", "count"):  # "target:2018-12-31:Jobparate"
        when, _, group = name.partition(":")
        return label(f"diff_{kind}", lang, group=group, date=format_date(when, lang))
    return label("savings_of", lang, name=name)


def _cells(change: Change, comparison: Comparison, lang: str) -> tuple[Cell, ...]:
    if change.key == "investment":  # a cost: minus, as in every table (+ = gain), so more
        return tuple(-v if isinstance(v, Decimal) else v  # investment is a negative change
                     for v in (change.base, change.proposal, change.delta))
    if change.key.startswith("payback:"):
        def year(value: object) -> Cell:
            return value if isinstance(value, int) else label("not_paid_back", lang)

        slip = payback_slip(change)
        moved = label("year_later" if abs(slip or 0) == 1 else "years_later", lang, n=slip) \
            if slip else ""
        if change.transition:
            moved = label(f"series_{change.transition}", lang)
        if comparison.new_file:
            return (None, year(change.proposal), None)
        if change.transition in ("added", "removed"):  # no series, no year to show
            return (year(change.base) if change.transition == "removed" else None,
                    year(change.proposal) if change.transition == "added" else None, moved)
        return (year(change.base), year(change.proposal), moved)
    return (change.base, change.proposal, change.delta)


def _table(title: str, changes: tuple[Change, ...], comparison: Comparison, lang: str,
           decimals: int, persons: bool = False) -> Table:
    money: tuple[Kind, Kind] = ("count", "count") if persons else ("money", "delta")
    columns = (Column("", "text"), Column(label("base", lang), money[0]),
               Column(label("proposal", lang), money[0]),
               Column(label("change", lang), money[1]))
    rows = tuple((_row_label(c, comparison, lang), *_cells(c, comparison, lang))
                 for c in changes)
    return Table(title, columns, rows, (), decimals)


def breach_text(breach: Breach, comparison: Comparison, lang: str,
                decimals: int | None = None) -> str:
    """The broken limit in words; an amount at the table's precision (`decimals`), or finer
    only where that is needed to tell it from the limit ("falder 7,3", never 7,2784816)."""
    shown = decimals
    if shown is not None and isinstance(breach.amount, Decimal):
        while shown < 12 and breach.amount != breach.limit and round_half_up(
                breach.amount, shown) == round_half_up(Decimal(breach.limit), shown):
            shown += 1

    def number(value: Decimal | int | None) -> str:
        amount = Decimal(value or 0)
        if shown is not None and isinstance(value, Decimal):
            amount = round_half_up(amount, shown)
        text = exact(amount)
        return text.replace(".", ",") if lang == "da" else text

    return label(f"breach_{breach.kind}", lang, series=label(breach.series, lang).lower(),
                 amount=number(breach.amount), limit=number(breach.limit),
                 unit=comparison.unit)


def horizon_sentence(comparison: Comparison, lang: str) -> str:
    """Said whenever the period changed: the figures compared stop at the common end."""
    horizon = comparison.horizon
    if horizon is None or not horizon.changed:
        return ""
    return label("horizon_changed", lang, base="-".join(map(str, horizon.base)),
                 proposal="-".join(map(str, horizon.proposal)), end=horizon.common_end)


def headline_sentence(comparison: Comparison, broken: list[Breach], lang: str,
                      decimals: int) -> str:
    """One line a reviewer reads first; a changed period is always said."""
    horizon = horizon_sentence(comparison, lang)
    verdict = _verdict_sentence(comparison, broken, lang, decimals)
    return f"{verdict} {horizon}" if horizon else verdict


def _verdict_sentence(comparison: Comparison, broken: list[Breach], lang: str,
                      decimals: int) -> str:
    if comparison.new_file:
        return label("new_file", lang)
    if broken:
        reasons = "; ".join(breach_text(b, comparison, lang, decimals) for b in broken)
        return label("verdict_fail", lang, reasons=reasons)
    moved = [c for c in comparison.headline if c.changed]
    if not comparison.material:
        return label("no_change", lang)
    caseload = label("caseload_changed", lang, n=len(comparison.caseload)) \
        if comparison.caseload else ""
    moved = [c for c in moved if not c.key.startswith("payback:") or c.transition
             or payback_slip(c)] or moved
    parts = []
    for change in moved[:3]:
        base, proposal, delta = _cells(change, comparison, lang)
        if (base is None or proposal is None) and ":" not in change.key:
            # funding or the first investment line, added or removed: no series to name
            word = "block_added" if base is None else "block_removed"
            said = f"{_row_label(change, comparison, lang)}: {label(word, lang)}"
            parts += [said] if said not in parts else []
            continue
        if base is None or proposal is None:  # a series added or removed: say which
            series = label(change.key.partition(":")[2], lang)
            said = f"{series}: {label('series_' + (change.transition or 'added'), lang)}"
            parts += [said] if said not in parts else []
            continue
        if isinstance(base, Decimal) and isinstance(proposal, Decimal):
            base = format_amount(base, decimals, lang)
            proposal = format_amount(proposal, decimals, lang)
            delta = signed_amount(delta, decimals, lang) if isinstance(delta, Decimal) else ""
        parts.append(f"{_row_label(change, comparison, lang)}: {base} → {proposal} ({delta})")
    parts += [caseload] if caseload else []
    return " · ".join(parts) or label("no_change", lang)


def _tables(comparison: Comparison, lang: str, decimals: int) -> tuple[Table, Table]:
    title = f"{comparison.name}: {label('title_diff', lang)} ({comparison.unit})"
    head = _table(title, comparison.headline, comparison, lang, decimals)
    details = _table(label("diff_details", lang),
                     (*comparison.yearly, *comparison.actual_years, *comparison.groups),
                     comparison, lang, decimals)
    return head, details


def _caseload_table(comparison: Comparison, lang: str) -> list[Table]:
    """Targets and counts that changed, in persons: shown in full, never folded away."""
    changes = comparison.caseload
    if not changes:
        return []
    table = _table(label("diff_caseload", lang), changes[:CASELOAD_ROWS], comparison, lang, 0,
                   persons=True)
    if len(changes) > CASELOAD_ROWS:  # the comment stays within its limit
        table = replace(table, notes=(
            label("rows_left_out", lang, n=len(changes) - CASELOAD_ROWS),))
    return [table]


def render_text(comparison: Comparison, broken: list[Breach], lang: str, decimals: int) -> str:
    head, details = _tables(comparison, lang, decimals)
    sentence = headline_sentence(comparison, broken, lang, decimals)
    tables = [head, *_caseload_table(comparison, lang), details]
    return text.render(tables, lang) + "\n" + "\n".join(text.wrap(printable(sentence))) + "\n"


#: Characters of one file's Markdown: a pull-request comment holds 65,536 in all.
MARKDOWN_LIMIT = 60_000
#: Rows of the folded details table at most (a file may have thousands of groups).
DETAIL_ROWS = 200
#: Rows of the caseload table at most (shown unfolded, above the details).
CASELOAD_ROWS = 50


def _folded(details: Table, rows: int, lang: str) -> str:
    """The details table without its heading, cut to `rows` rows with a note saying so."""
    if len(details.rows) > rows:
        left_out = label("rows_left_out", lang, n=len(details.rows) - rows)
        details = replace(details, rows=details.rows[:rows],
                                      notes=(*details.notes, left_out))
    return markdown.render_table(details, lang).split("\n", 1)[1]


def render_markdown(comparison: Comparison, broken: list[Breach], lang: str,
                    decimals: int) -> str:
    """The comment for one file, under `MARKDOWN_LIMIT` characters; every name escaped."""
    head, details = _tables(comparison, lang, decimals)
    mark = "❌" if broken else ("🆕" if comparison.new_file else "✅")
    sentence = markdown_text(headline_sentence(comparison, broken, lang, decimals))
    caseload = "".join(markdown.render_table(t, lang) + "\n"
                       for t in _caseload_table(comparison, lang))
    top = (f"{mark} **{sentence}**\n\n{markdown.render_table(head, lang)}\n{caseload}"
           f"<details><summary>{markdown_text(label('diff_details', lang))}</summary>\n")
    rows = DETAIL_ROWS
    while True:
        out = f"{top}{_folded(details, rows, lang)}\n</details>\n"
        if len(out) <= MARKDOWN_LIMIT or rows == 0:
            return out
        rows //= 2


def _json_value(value: object) -> object:
    """Exact decimal strings for money; years and counts stay numbers."""
    return exact(value) if isinstance(value, Decimal) else value


def policy_lines(policy: Policy, notes: list[Issue], lang: str, *, markdown: bool) -> str:
    """Which policy judged the proposal, and any policy the change brings along."""
    def show(text: str) -> str:
        return markdown_text(text) if markdown else printable(text)

    lines = [label("judged_by", lang, policy=show(policy.name)) if policy.file
             else label("judged_by_defaults", lang)]
    lines += [("⚠️ " if markdown else "") + show(message_text(note.message, lang))
              for note in notes]
    return "\n" + "\n\n".join(lines) + "\n" if markdown else "\n".join(lines) + "\n"


def render_json(comparison: Comparison, broken: list[Breach], policy: Policy | None = None,
                notes: list[Issue] | None = None, lang: str = "da") -> str:
    """Keys and figures as they are; the notes (K209) in `lang`."""
    def changes(items: tuple[Change, ...]) -> list[dict[str, object]]:
        return [{"key": c.key, "base": _json_value(c.base),
                 "proposal": _json_value(c.proposal), "change": _json_value(c.delta),
                 **({"year": c.year} if c.year is not None else {}),
                 **({"transition": c.transition} if c.key.startswith("payback:") else {})}
                for c in items]

    doc = {"kikcalc": __version__, "format_version": 1, "name": comparison.name,
           "unit": comparison.unit, "new_file": comparison.new_file,
           "material": comparison.material,
           "broken": [{"rule": b.kind, "series": b.series, "amount": _json_value(b.amount),
                       "limit": _json_value(b.limit)} for b in broken],
           "policy": None if policy is None else policy.name,
           "notes": [message_text(note.message, lang) for note in notes or []],
           "headline": changes(comparison.headline), "yearly": changes(comparison.yearly),
           "groups": changes(comparison.groups),
           "actual_years": changes(comparison.actual_years),
           "caseload": changes(comparison.caseload),
           "horizon": None if comparison.horizon is None else {
               "base": list(comparison.horizon.base),
               "proposal": list(comparison.horizon.proposal),
               "compared_to": comparison.horizon.common_end}}
    return json_visible(json.dumps(doc, indent=2, sort_keys=True, ensure_ascii=False)) + "\n"
