"""`kikcalc unitcosts`: unit costs derived from a budget table, ready to paste."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    from kikcalc.evaluation.evaluated import Evaluated

from kikcalc.cli.common import (
    EXIT_FINDINGS,
    Format,
    FormatOption,
    Lang,
    LangOption,
    NoCacheOption,
    OutputOption,
    app,
    cannot_read,
    emit,
    fail,
    said,
    say,
)


class UnitCostsFormat(StrEnum):
    text = "text"
    json = "json"
    yaml = "yaml"


class TargetsFormat(StrEnum):
    text = "text"
    json = "json"


@app.command()
def unitcosts(
    table_file: Annotated[Path, typer.Argument(metavar="TABLE")],
    fmt: Annotated[UnitCostsFormat, typer.Option("--format", "-f")] = UnitCostsFormat.text,
    lang: LangOption = Lang.da,
    output: OutputOption = None,
) -> None:
    """Net cost per full-year person by benefit, from a budget table (net / persons)."""
    from kikcalc.present.unit_costs import render_unit_costs
    from kikcalc.reading.budget_table import load_table

    try:
        loaded, issues = load_table(str(table_file))
    except OSError as error:
        raise fail(cannot_read(table_file, error)) from None
    say(issues, lang.value)
    if loaded is None:
        raise typer.Exit(EXIT_FINDINGS)
    emit(render_unit_costs(loaded, fmt.value, lang.value), output, [table_file])


@app.command()
def targets(
    file: Annotated[Path, typer.Argument(metavar="FILE")],
    fmt: Annotated[TargetsFormat, typer.Option("--format", "-f")] = TargetsFormat.text,
    lang: LangOption = Lang.da,
    output: OutputOption = None,
    no_cache: NoCacheOption = False,
) -> None:
    """Caseload targets per target group: met, missed or still open, from the counts."""
    from kikcalc.cli.common import load_one
    from kikcalc.present.targets_view import render_targets

    loaded, _, issues = load_one(file)
    say(issues, lang.value)
    if loaded is None:
        raise typer.Exit(EXIT_FINDINGS)
    emit(render_targets(loaded, fmt.value, lang.value), output, [file])


def _evaluated(file: Path, lang: str) -> Evaluated:
    from kikcalc.cli.common import load_one

    _, evaluated, issues = load_one(file)
    say(issues, lang)
    if evaluated is None:
        raise typer.Exit(EXIT_FINDINGS)
    if evaluated.results.projection is None:
        raise fail(said("commands.nothing_to_vary", file=file))
    return evaluated


@app.command()
def sensitivity(
    file: Annotated[Path, typer.Argument(metavar="FILE")],
    steps: Annotated[str, typer.Option("--steps", metavar="PERCENTS")] = "10,25",
    fmt: FormatOption = Format.text,
    lang: LangOption = Lang.da,
    output: OutputOption = None,
    no_cache: NoCacheOption = False,
) -> None:
    """One driver at a time moved up and down: cumulative net and payback (tornado)."""
    from decimal import Decimal, InvalidOperation

    from kikcalc.present.sensitivity_view import render_sensitivity

    try:
        changes = [Decimal(s) for s in steps.split(",")]
    except InvalidOperation:
        raise fail(said("commands.steps_not_numbers", steps=steps)) from None
    if any(c <= 0 or c >= 100 for c in changes):
        raise fail(said("commands.steps_range"))
    text = render_sensitivity(_evaluated(file, lang.value), changes, fmt.value, lang.value)
    assert isinstance(text, str)
    emit(text, output, [file])


@app.command()
def breakeven(
    file: Annotated[Path, typer.Argument(metavar="FILE")],
    by: Annotated[int | None, typer.Option("--by", metavar="YEAR")] = None,
    fmt: FormatOption = Format.text,
    lang: LangOption = Lang.da,
    output: OutputOption = None,
    no_cache: NoCacheOption = False,
) -> None:
    """Switching values: how far each driver may move before payback slips past a year."""
    from kikcalc.present.sensitivity_view import render_breakeven

    evaluated = _evaluated(file, lang.value)
    start, end = evaluated.plan.start, evaluated.plan.end
    if by is None:
        by = end
    elif not start <= by <= end:
        raise fail(said("commands.by_outside", by=by, start=start, end=end, file=file))
    emit(render_breakeven(evaluated, by, fmt.value, lang.value), output, [file])


@app.command()
def simulate(
    file: Annotated[Path, typer.Argument(metavar="FILE")],
    draws: Annotated[int, typer.Option("--draws", min=1, max=10_000_000, metavar="N")] = 100_000,
    seed: Annotated[int, typer.Option("--seed", metavar="N")] = 1,
    fmt: FormatOption = Format.text,
    lang: LangOption = Lang.da,
    output: OutputOption = None,
    calibrated: Annotated[Path | None, typer.Option("--calibrated", metavar="DIR")] = None,
) -> None:
    """Monte Carlo over the file's `uncertainty`: chance of payback by year, P10/P50/P90."""
    from kikcalc.present.jsondoc import NotJson
    from kikcalc.present.simulation_view import render_simulation

    evaluated = _evaluated(file, lang.value)
    if calibrated is not None:  # the folder's record instead of the file's own ranges
        from kikcalc.analysis.calibrate import priors_for
        from kikcalc.cli.calibrate import calibration_of
        from kikcalc.record import replace

        priors = priors_for(evaluated.plan, calibration_of(calibrated, lang.value))
        evaluated = replace(evaluated, uncertainty=tuple(
            (p.driver, p.name, "triangular", p.triangular) for p in priors))
    if not evaluated.uncertainty:  # the result is the plan's: say so, or a 100 % misleads
        from kikcalc.text.safe import printable

        typer.echo(f"kikcalc: {said('commands.no_uncertainty', file=printable(str(file)))}",
                   err=True)
    try:
        text = render_simulation(evaluated, draws, seed, fmt.value, lang.value)
        assert isinstance(text, str)
    except ImportError:
        raise fail(said("commands.needs_extra", what="simulate", name="numpy",
                        extra="simulate")) from None
    except NotJson as error:
        raise fail(f"simulate: {error}") from None
    emit(text, output, [file])


@app.command()
def scenarios(
    file: Annotated[Path, typer.Argument(metavar="FILE")],
    fmt: FormatOption = Format.text,
    lang: LangOption = Lang.da,
    output: OutputOption = None,
    no_cache: NoCacheOption = False,
) -> None:
    """The plan and each scenario of the file side by side: cumulative, payback, NPV."""
    from kikcalc.cli.common import load_one
    from kikcalc.evaluation.evaluated import evaluate_loaded
    from kikcalc.loading.strategy import load_scenarios
    from kikcalc.present.labels import label
    from kikcalc.present.scenario_view import render_scenarios

    base = _evaluated(file, lang.value)
    loaded, _, _ = load_one(file)
    assert loaded is not None
    names = list(loaded.strategy.scenarios)
    try:
        loads = load_scenarios(str(file), names)  # one reading for all scenarios
    except OSError as error:
        raise fail(cannot_read(file, error)) from None
    named = [(label("plan", lang.value), base)]
    for name, (scenario, issues) in zip(names, loads, strict=True):
        say(issues, lang.value)
        if scenario is None:
            raise typer.Exit(EXIT_FINDINGS)
        named.append((name, evaluate_loaded(scenario)))
    text = render_scenarios(named, fmt.value, lang.value)
    assert isinstance(text, str)
    emit(text, output, [file])
