"""`kikcalc calibrate DIR`: the folder's strategies, realised against claimed per driver, a
default optimism-bias adjustment and priors for `simulate` (analysis/calibrate.py)."""

from __future__ import annotations

from decimal import Decimal
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from kikcalc.cli.common import (
    EXIT_FINDINGS,
    Lang,
    LangOption,
    OutputOption,
    app,
    emit,
    fail,
    said,
)

if TYPE_CHECKING:
    from kikcalc.analysis.calibrate import Calibration

MAX_FILES = 1000  # a folder of strategies, not a disk


class CalibrateFormat(StrEnum):
    text = "text"
    json = "json"
    markdown = "markdown"
    csv = "csv"
    yaml = "yaml"


def calibration_of(directory: Path, lang: str) -> Calibration:
    """Every strategy in `directory` (not its subfolders) with an `outturn` or counts."""
    from kikcalc.analysis.calibrate import calibrate, strategy_records
    from kikcalc.analysis.follow_up import observed_from_counts
    from kikcalc.cli.common import load_one, say
    from kikcalc.engine.plan import convert

    if not directory.is_dir():
        raise fail(said("files.not_a_folder", folder=directory))
    files = sorted(p for p in directory.iterdir() if p.suffix in (".yaml", ".yml")
                   and p.is_file() and not p.is_symlink())[:MAX_FILES]
    records, used, invalid = [], 0, False
    for file in files:
        loaded, evaluated, issues = load_one(file)
        say(issues, lang)
        if loaded is None or evaluated is None:
            invalid = True
            continue
        counts = {g.name: observed_from_counts([(c.date.isoformat(), c.persons)
                                                for c in g.caseload])
                  for g in loaded.strategy.target_groups if g.caseload}
        if loaded.strategy.outturn is None and not counts:
            continue
        found = strategy_records(evaluated.name, evaluated.plan, loaded.strategy.outturn,
                                 counts, convert(Decimal(1), evaluated.unit, "kr."))
        records += found
        used += bool(found)
    if invalid:
        raise typer.Exit(EXIT_FINDINGS)
    if not used:
        raise fail(said("commands.nothing_to_calibrate", folder=directory))
    return calibrate(records, used)


@app.command()
def calibrate(
    directory: Annotated[Path, typer.Argument(metavar="DIR")],
    target: Annotated[Path | None, typer.Option("--for", metavar="FILE")] = None,
    fmt: Annotated[CalibrateFormat, typer.Option("--format", "-f")] = CalibrateFormat.text,
    lang: LangOption = Lang.da,
    output: OutputOption = None,
) -> None:
    """Realised against claimed per driver across a folder of strategies, the distribution,
    a default optimism-bias adjustment and priors for simulate."""
    from kikcalc.analysis.calibrate import priors_for
    from kikcalc.present import calibrate_view

    cal = calibration_of(directory, lang.value)
    priors, name = None, ""
    if target is not None:
        from kikcalc.cli.common import load_one, say

        _, evaluated, issues = load_one(target)
        say(issues, lang.value)
        if evaluated is None:
            raise typer.Exit(EXIT_FINDINGS)
        priors, name = priors_for(evaluated.plan, cal), evaluated.name
    if fmt is CalibrateFormat.yaml:
        text = calibrate_view.calibrate_yaml(cal, priors or ())
    elif fmt is CalibrateFormat.json:
        from kikcalc import __version__
        from kikcalc.present.jsondoc import JSON_FORMAT_VERSION, dumps

        text = dumps({"kikcalc": __version__, "format_version": JSON_FORMAT_VERSION,
                      **calibrate_view.calibrate_doc(cal, priors)})
    else:
        from kikcalc.present.render import TABLE_RENDERERS

        text = TABLE_RENDERERS[fmt.value](
            calibrate_view.calibrate_tables(cal, lang.value, priors, name), lang.value)
    emit(text, output, [target] if target else [])
