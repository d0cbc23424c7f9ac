"""`kikcalc follow-up`: the planned caseload against the observed one, the forecast it
updates, and an alert (exit 1) when a strategy is further behind than the policy allows."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from kikcalc.cli.common import (
    EXIT_FINDINGS,
    Format,
    FormatOption,
    Lang,
    LangOption,
    OutputOption,
    app,
    emit,
    fail,
    load_one,
    said,
)

if TYPE_CHECKING:
    from kikcalc.analysis.follow_up import Alert, FollowUp, Observed
    from kikcalc.evaluation.evaluated import Evaluated
    from kikcalc.loading.strategy import Loaded

FilesArgument = Annotated[list[Path], typer.Argument(metavar="FILE...")]
PolicyOption = Annotated[Path | None, typer.Option("--policy", metavar="TOML")]


def _observed(loaded: Loaded, evaluated: Evaluated
              ) -> tuple[dict[str, dict[int, Observed]], dict[str, Decimal]]:
    """The statistics of the `comparison` if the file has one, else its own counts."""
    from kikcalc.analysis.follow_up import Observed, observed_from_counts

    if loaded.strategy.comparison is None:
        return {g.name: observed_from_counts([(c.date.isoformat(), c.persons)
                                              for c in g.caseload])
                for g in loaded.strategy.target_groups}, {}
    from kikcalc.statbank.load import observed_caseloads

    series, baselines, issues = observed_caseloads(loaded, evaluated.plan)
    for issue in issues:
        typer.echo(str(issue), err=True)
    if issues:
        raise typer.Exit(EXIT_FINDINGS)
    return {group: {year: Observed(value, str(year), "statistics", whole)
                    for year, (value, whole) in years.items()}
            for group, years in series.items()}, baselines


def _follow(file: Path, lang: str = "da") -> tuple[Loaded, Evaluated, FollowUp]:
    from kikcalc.analysis.follow_up import follow_up
    from kikcalc.cli.common import say

    loaded, evaluated, issues = load_one(file)
    say(issues, lang)
    if loaded is None or evaluated is None:
        raise typer.Exit(EXIT_FINDINGS)
    if not evaluated.plan.groups:
        raise fail(said("commands.nothing_to_follow", file=file))
    projection = evaluated.results.projection  # None: a follow-up file, counts only
    none = dict.fromkeys(evaluated.plan.years, Decimal(0))
    savings, net = (projection.savings, projection.net) if projection else (none, none)
    observed, baselines = _observed(loaded, evaluated)
    return loaded, evaluated, follow_up(evaluated.plan, savings, net, observed, baselines,
                                        harvested(loaded, evaluated))


def observed_follow_up(loaded: Loaded, evaluated: Evaluated) -> FollowUp | None:
    """The follow-up for the memo: None unless a group has an observation."""
    if not evaluated.plan.groups:
        return None
    if loaded.strategy.comparison is None and not any(
            g.caseload for g in loaded.strategy.target_groups):
        return None
    from kikcalc.analysis.follow_up import follow_up

    projection = evaluated.results.projection
    none = dict.fromkeys(evaluated.plan.years, Decimal(0))
    savings, net = (projection.savings, projection.net) if projection else (none, none)
    observed, baselines = _observed(loaded, evaluated)
    result = follow_up(evaluated.plan, savings, net, observed, baselines,
                       harvested(loaded, evaluated))
    if not any(r.observed for g in result.groups for r in g.rows):
        return None
    return result


def harvested(loaded: Loaded, evaluated: Evaluated) -> dict[int, Decimal]:
    """The strategy's frame cuts (rammereduktion) summed by year, in the evaluated unit."""
    from kikcalc.engine.plan import convert

    total: dict[int, Decimal] = {}
    for cut in loaded.strategy.harvested:
        for year, amount in cut.by_year.items():
            total[year] = total.get(year, Decimal(0)) + convert(
                amount, loaded.strategy.unit, evaluated.unit)
    return total


def _doc(evaluated: Evaluated, result: FollowUp) -> dict[str, Any]:
    from kikcalc.present.follow_up import follow_up_doc

    return {"file": evaluated.file, "name": evaluated.name, "unit": evaluated.unit,
            "period": {"start": evaluated.plan.start, "end": evaluated.plan.end},
            "follow_up": follow_up_doc(result)}


def alert_line(loaded: Loaded, evaluated: Evaluated, found: list[Alert], lang: str) -> str:
    """One line for a strategy behind plan, at the first lagging group's place in the file."""
    from kikcalc.engine.plan import convert
    from kikcalc.text.formatting import format_amount

    names = [g.name for g in loaded.strategy.target_groups]
    line, column = loaded.positions.find(("target_groups", names.index(found[0].group)))
    parts = []
    for a in found:
        share = "-" if a.realised_share is None else format_amount(a.realised_share, 1, lang)
        gap = format_amount(-convert(a.gap, evaluated.unit, "mio. kr."), 2, lang)
        since = a.since or "-"
        parts.append(f"{a.group} is behind plan: realised {share} % of the planned reduction "
                     f"to date, {gap} mio. kr. short, since {since}" if lang == "en" else
                     f"{a.group} er bagud: {share} % af den planlagte reduktion realiseret "
                     f"til dato, {gap} mio. kr. mangler, siden {since}")
    return f"{loaded.file}:{line}:{column}: {evaluated.name}: " + "; ".join(parts)


@app.command("follow-up")
def follow_up_command(files: FilesArgument, fmt: FormatOption = Format.text,
                      lang: LangOption = Lang.da, output: OutputOption = None,
                      policy_file: PolicyOption = None) -> None:
    """Per target group and year: planned against observed caseload, the gap in persons and
    kroner, the realised share to date, and the forecast it updates; exit 1 when a strategy
    is behind plan by more than the policy's [follow-up] thresholds."""
    from kikcalc.analysis.follow_up import alerts
    from kikcalc.engine.plan import convert
    from kikcalc.gate.policy import PolicyError, policy_for

    followed = [_follow(file, lang.value) for file in files]
    if fmt is Format.json:
        from kikcalc import __version__
        from kikcalc.present.jsondoc import JSON_FORMAT_VERSION, dumps

        docs = [_doc(ev, result) for _, ev, result in followed]
        head = {"kikcalc": __version__, "format_version": JSON_FORMAT_VERSION}
        text = dumps({**head, **docs[0]} if len(docs) == 1 else {**head, "strategies": docs})
    else:
        from kikcalc.present.follow_up import follow_up_tables
        from kikcalc.present.render import TABLE_RENDERERS

        tables = [t for _, ev, result in followed for t in follow_up_tables(
            result, ev.name, ev.unit, ev.decimals, lang.value)]
        text = TABLE_RENDERERS[fmt.value](tables, lang.value)
    emit(text, output, list(files))
    lines = []
    for file, (loaded, ev, result) in zip(files, followed, strict=True):
        try:
            policy = policy_for(file, policy_file)
        except PolicyError as error:
            raise fail(str(error)) from None
        limit = None if policy.max_gap is None else convert(policy.max_gap, "mio. kr.", ev.unit)
        found = alerts(result, policy.max_realisation_shortfall, limit)
        if found:
            lines.append(alert_line(loaded, ev, found, lang.value))
    for line in lines:
        typer.echo(line, err=True)
    if lines:
        raise typer.Exit(EXIT_FINDINGS)
