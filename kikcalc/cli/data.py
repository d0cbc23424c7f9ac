"""`kikcalc unitcosts`: unit costs derived from a budget table, ready to paste."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from kikcalc.cli.common import EXIT_FINDINGS, Lang, LangOption, OutputOption, app, emit, fail


class UnitCostsFormat(StrEnum):
    text = "text"
    json = "json"
    yaml = "yaml"


@app.command()
def unitcosts(
    table_file: Annotated[Path, typer.Argument(metavar="TABLE", help="Budget table YAML file.")],
    fmt: Annotated[UnitCostsFormat, typer.Option("--format", "-f", help="Output format.")]
    = UnitCostsFormat.text,
    lang: LangOption = Lang.da,
    output: OutputOption = None,
) -> None:
    """Net cost per full-year person by benefit, from a budget table (net / persons)."""
    from kikcalc.unitcosts import load_table, render_unit_costs

    try:
        loaded, issues = load_table(str(table_file))
    except OSError as error:
        raise fail(f"cannot read {table_file}: {error.strerror or error}") from None
    for issue in issues:
        typer.echo(str(issue), err=True)
    if loaded is None:
        raise typer.Exit(EXIT_FINDINGS)
    emit(render_unit_costs(loaded, fmt.value, lang.value), output, [table_file])


@app.command()
def targets(
    file: Annotated[Path, typer.Argument(metavar="FILE", help="Strategy YAML file.")],
    fmt: Annotated[UnitCostsFormat, typer.Option(
        "--format", "-f", help="text or json (yaml is not offered here).")]
    = UnitCostsFormat.text,
    lang: LangOption = Lang.da,
    output: OutputOption = None,
) -> None:
    """Caseload targets per target group: met, missed or still open, from the counts."""
    from kikcalc.cli.common import load_one
    from kikcalc.targets import render_targets

    if fmt is UnitCostsFormat.yaml:
        raise fail("targets: --format is text or json")
    loaded, _, issues = load_one(file)
    for issue in issues:
        typer.echo(str(issue), err=True)
    if loaded is None:
        raise typer.Exit(EXIT_FINDINGS)
    emit(render_targets(loaded, fmt.value, lang.value), output, [file])
