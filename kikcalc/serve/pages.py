"""What each page shows, as data for its template: the portfolio, a strategy, the
problems and a file. The tables are the memo's and the commands' own (`present/`), so a
figure on a page is the figure `kikcalc report` and `kikcalc payback` print."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

from markupsafe import Markup

from kikcalc.analysis.portfolio import nets_by_year
from kikcalc.engine.results import ZERO
from kikcalc.evaluation.evaluated import Evaluated
from kikcalc.model.findings import Issue, Severity
from kikcalc.present.follow_up import follow_up_tables
from kikcalc.present.labels import label
from kikcalc.present.memo import build_report, cumulative_by_series
from kikcalc.present.messages import issue_line
from kikcalc.present.tables import Column, Table
from kikcalc.present.views import VIEWS, context_of
from kikcalc.record import replace
from kikcalc.serve.folder import Folder, OutsideFolder, content_hash
from kikcalc.serve.html import chart_svg, table_html
from kikcalc.serve.state import Entry, State, Status
from kikcalc.serve.whatif import WhatIf, read_fields
from kikcalc.text.formatting import format_amount

MAX_FILE_LINES = 20_000


def status_text(status: Status, lang: str) -> str:
    if status.kind == "behind":
        return label("serve_status_behind", lang, groups=", ".join(status.groups))
    if status.kind == "no_follow_up" and status.months is not None:
        return label("serve_status_stale", lang, months=status.months)
    return label(f"serve_status_{status.kind}", lang)


def _payback_years(ev: Evaluated, lang: str) -> list[tuple[str, str]]:
    out = []
    for name in ("projected", "budget", "actual", "forecast"):
        series = ev.results.series.get(name)
        if series is None:
            year = "–"
        elif series.payback.year is None:
            year = label("serve_not_paid_back", lang)
        else:
            year = str(series.payback.year)
        out.append((label(name, lang), year))
    return out


def portfolio(state: State, lang: str) -> dict[str, Any]:
    entries = state.entries()
    valid = [e for e in entries if e.portfolio is not None]
    rows = []
    for e in entries:
        ev = e.judged.evaluated
        rows.append({
            "rel": e.rel, "name": e.name, "status": e.status.kind,
            "status_text": status_text(e.status, lang),
            "payback": _payback_years(ev, lang) if ev else [],
            "chart": chart_svg(cumulative_by_series(ev), ev.plan.years, lang, ev.unit,
                               width=160, height=44, small=True) if ev else Markup(""),
            "problems": len(e.findings)})
    return {"rows": rows, "net": table_html(net_by_year(valid, lang), lang) if valid else "",
            "chart": _total_chart(valid, lang), "series_names": [
                label(n, lang) for n in ("projected", "budget", "actual", "forecast")]}


def net_by_year(entries: list[Entry], lang: str) -> Table:
    """The projected net by year of every strategy in mio. kr., a row each, and the
    total: `net --combine` turned on its side, so a hundred strategies stay readable."""
    evaluated = [e.portfolio for e in entries if e.portfolio is not None]
    years, nets = nets_by_year(evaluated)
    rows: list[tuple[Any, ...]] = [(ev.name, *(n.get(y, ZERO) for y in years),
                                    sum(n.values(), ZERO)) for ev, n in zip(evaluated, nets,
                                                                             strict=True)]
    totals = [sum((n.get(y, ZERO) for n in nets), ZERO) for y in years]
    rows.append((label("total", lang), *totals, sum(totals, ZERO)))
    columns = (Column(label("serve_strategy", lang), "text"), *(Column(str(y)) for y in years),
               Column(label("total", lang)))
    notes = (label("sign", lang, unit="mio. kr."), label("portfolio_note", lang),
             label("rounding", lang))
    return Table(f"{label('title_portfolio', lang)} (mio. kr.)", columns, tuple(rows), notes, 1)


def _total_chart(entries: list[Entry], lang: str) -> Markup:
    """Plan, budget and actual of the whole portfolio, summed in mio. kr., in one chart."""
    evaluated = [e.portfolio for e in entries if e.portfolio is not None]
    if not evaluated:
        return Markup("")
    years = range(min(ev.plan.start for ev in evaluated), max(ev.plan.end for ev in evaluated)
                  + 1)
    series: dict[str, dict[int, Decimal]] = {}
    for name in ("projected", "budget", "actual"):
        net: dict[int, Decimal] = {}
        for ev in evaluated:
            if name in ev.results.series:
                for y, v in ev.results.series[name].net.items():
                    net[y] = net.get(y, ZERO) + v
        if net:  # a series runs to its last year with a figure, not on as if it were 0
            running, series[name] = ZERO, {}
            for y in range(years.start, max(net) + 1):
                running += net.get(y, ZERO)
                series[name][y] = running
    return chart_svg(series, years, lang, "mio. kr.")


def _safe_url(url: str | None) -> str | None:
    """A source's link, only when it is http(s): a `javascript:` URL is shown, not linked."""
    if not url:
        return None
    return url if urlsplit(url).scheme in ("http", "https") else None


def strategy(entry: Entry, folder: Folder, lang: str) -> dict[str, Any]:
    loaded, ev = entry.judged.loaded, entry.judged.evaluated
    raw = folder.read(entry.rel)
    page: dict[str, Any] = {
        "rel": entry.rel, "name": entry.name, "hash": content_hash(raw),
        "status_text": status_text(entry.status, lang), "status": entry.status.kind,
        "findings": problems_of(entry.findings, folder, lang), "tables": [], "follow": [],
        "sources": [], "fields": [], "scenarios": [], "chart": Markup("")}
    if loaded is None or ev is None:
        return page
    ctx = context_of(ev, lang)
    report = build_report(loaded, ev, ctx)
    page["subtitle"] = report.subtitle
    page["tables"] = [table_html(t, lang) for t in report.tables]
    page["footnotes"] = report.footnotes
    page["chart"] = chart_svg(cumulative_by_series(ev), ev.plan.years, lang, ev.unit)
    if entry.follow is not None:
        page["follow"] = [table_html(t, lang) for t in follow_up_tables(
            entry.follow, ev.name, ev.unit, ev.decimals, lang)]
    page["sources"] = [{"id": s.id, "title": s.title, "date": s.date or "", "note": s.note or "",
                        "url": s.url, "link": _safe_url(s.url)} for s in loaded.strategy.sources]
    page["fields"] = read_fields(raw.decode("utf-8", "replace"))
    page["scenarios"] = list(loaded.strategy.scenarios)
    page["whatif"] = what_if_html(WhatIf(ev, (), None), lang)
    return page


def what_if_html(result: WhatIf, lang: str) -> Markup:
    """The payback and net tables of a what-if, built as `kikcalc payback` and `net` build
    them; or what stopped it, each problem as the command line says it."""
    if result.error is not None:
        return Markup('<p class="error" role="alert">{}</p>').format(result.error)
    if result.evaluated is None:
        lines = [issue_line(i, lang) for i in result.issues if i.severity is Severity.ERROR]
        items = Markup("").join(Markup("<li><code>{}</code></li>").format(x) for x in lines)
        return Markup('<div class="error" role="alert"><ul>{}</ul></div>').format(items)
    ev = result.evaluated
    ctx = context_of(ev, lang)
    tables = VIEWS["payback"].tables(ev, ctx) + VIEWS["net"].tables(ev, ctx)[:1]
    return Markup("").join(table_html(t, lang) for t in tables)


def _in_folder(file: str, folder: Folder) -> str | None:
    """A finding's file as a path in the folder, when it is one of the folder's files."""
    path = Path(file)
    try:
        rel = folder.relative(path if path.is_absolute() else Path.cwd() / path)
        folder.inside(rel)
    except (ValueError, OutsideFolder):
        return None
    return rel


def problems_of(issues: tuple[Issue, ...] | list[Issue], folder: Folder, lang: str
                ) -> list[dict[str, Any]]:
    """Each finding as `file:line:column CODE message`, the file named as in the folder,
    with a link to the file shown with the line marked."""
    out = []
    for found in issues:
        rel = _in_folder(found.source.file, folder)
        issue = found if rel is None else replace(found, source=replace(found.source, file=rel))
        line = issue.source.line
        out.append({"line": issue_line(issue, lang), "code": issue.code,
                    "warning": issue.severity is Severity.WARNING,
                    "link": f"/file/{quote(rel)}?line={line}#L{line}" if rel else None})
    return out


def problems(state: State, lang: str) -> list[dict[str, Any]]:
    found = [i for e in state.entries() for i in e.findings]
    return problems_of(found + state.table_findings(), state.folder, lang)


def file_page(folder: Folder, rel: str, line: int | None, lang: str) -> dict[str, Any]:
    text = folder.read(rel).decode("utf-8", "replace")
    lines = text.splitlines()[:MAX_FILE_LINES]
    return {"rel": rel, "lines": list(enumerate(lines, 1)), "marked": line,
            "size": format_amount(Decimal(len(lines)), 0, lang)}
