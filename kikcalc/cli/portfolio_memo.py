"""`kikcalc report FILE... --combine`: the strategies of a portfolio, loaded and checked
for the memo of the portfolio. The command itself is `report` in `kikcalc.cli.memo`."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import typer

from kikcalc.cli.common import (
    EXIT_FINDINGS,
    fail,
    load_one,
    one_portfolio,
    said,
    say,
)

if TYPE_CHECKING:
    from kikcalc.present.portfolio_memo import PortfolioReport


def check_files(files: list[Path], combine: bool, fmt: str) -> None:
    """One memo: one file, or two or more with --combine, each once; no workbook of a
    portfolio (its sheets are the calculation of one strategy)."""
    if not combine:
        if len(files) > 1:
            raise fail(said("commands.report_one_file", count=len(files)))
        return
    if len(files) < 2:
        raise fail(said("commands.combine_needs_two"))
    if fmt == "xlsx":
        raise fail(said("commands.combine_no_xlsx"))
    one_portfolio(files)


def portfolio_report(files: list[Path], unit: str | None, decimals: int | None,
                     lang: str) -> PortfolioReport:
    """Every file loaded and evaluated in `unit` (default mio. kr.); the problems of all
    are said before stopping, so one run shows what to fix (exit 1; unreadable: 2)."""
    from kikcalc.evaluation.evaluated import DEFAULT_DECIMALS, evaluate_loaded
    from kikcalc.present.portfolio_memo import build_portfolio_report

    unit = unit or "mio. kr."
    pairs, invalid = [], False
    for file in files:
        loaded, _, issues = load_one(file)
        say(issues, lang)
        if loaded is None:
            invalid = True
        elif not invalid:
            pairs.append((loaded, evaluate_loaded(loaded, unit)))
    if invalid:
        raise typer.Exit(EXIT_FINDINGS)
    one_portfolio(files, [ev.name for _, ev in pairs])
    return build_portfolio_report(pairs, unit, DEFAULT_DECIMALS[unit] if decimals is None
                                  else decimals, lang)
