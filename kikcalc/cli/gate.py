"""The CI commands: `check` gates budget proposals, `diff` says what a proposal changes."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from kikcalc.cli.common import (
    EXIT_FINDINGS,
    EXIT_OK,
    Lang,
    LangOption,
    OutputOption,
    app,
    emit,
    fail,
    load_one,
)

if TYPE_CHECKING:
    from kikcalc.views import Evaluated

# Below this many files a progress bar would only flicker.
PROGRESS_FROM = 20


class CheckFormat(StrEnum):
    text = "text"
    json = "json"
    github = "github"
    junit = "junit"
    sarif = "sarif"


PolicyOption = Annotated[
    Path | None,
    typer.Option("--policy", help="Policy file (default: the nearest kikcalc.toml)."),
]


def _policy(path: Path | None) -> object:
    from kikcalc.policy import PolicyError, load_policy

    try:
        return load_policy(path, Path.cwd())
    except PolicyError as error:
        raise fail(str(error)) from None


def _with_progress(files: list[Path]) -> Iterator[Path]:
    """The files, with a progress bar on stderr only when a person is watching."""
    if len(files) < PROGRESS_FROM or not sys.stderr.isatty():
        yield from files
        return
    from rich.console import Console
    from rich.progress import track

    yield from track(files, description="checking", transient=True,
                     console=Console(stderr=True))


@app.command()
def check(
    files: Annotated[list[Path], typer.Argument(metavar="FILE", help="Strategy YAML files.")],
    fmt: Annotated[CheckFormat | None, typer.Option(
        "--format", "-f",
        help="text, json, github (the default inside GitHub Actions), junit or sarif.")] = None,
    policy_file: PolicyOption = None,
    strict: Annotated[bool, typer.Option("--strict", help="Warnings fail too.")] = False,
    exit_zero: Annotated[bool, typer.Option(
        "--exit-zero", help="Report only: exit 0 even when checks fail.")] = False,
    output: OutputOption = None,
) -> None:
    """Check budget proposals: loading, validation and the policy's rules (CI gate)."""
    from kikcalc.checks import check_strategy
    from kikcalc.policy import Policy
    from kikcalc.render.findings import FINDINGS_RENDERERS, Checked, github_summary

    policy = _policy(policy_file)
    assert isinstance(policy, Policy)
    in_actions = os.environ.get("GITHUB_ACTIONS") == "true"
    chosen = fmt or (CheckFormat.github if in_actions else CheckFormat.text)
    checked = []
    for file in _with_progress(files):
        loaded, evaluated, issues = load_one(file)
        if loaded is not None and evaluated is not None:
            issues = check_strategy(loaded, evaluated, policy)
        checked.append(Checked(str(file), tuple(issues), strict))
    emit(FINDINGS_RENDERERS[chosen.value](checked), output, files)
    summary_file = os.environ.get("GITHUB_STEP_SUMMARY")
    if chosen is CheckFormat.github and summary_file:
        with open(summary_file, "a", encoding="utf-8") as summary:
            summary.write(github_summary(checked))
    if any(c.failed() for c in checked) and not exit_zero:
        raise typer.Exit(EXIT_FINDINGS)
    raise typer.Exit(EXIT_OK)


def _base_from_git(rev: str, proposal: Path) -> tuple[str, str] | None:
    """The text of `proposal` at git revision `rev`, or None if the file is new there."""
    import subprocess

    folder = proposal.resolve().parent
    try:
        run = subprocess.run(["git", "show", f"{rev}:./{proposal.name}"], cwd=folder,
                             capture_output=True, text=True, check=False)
    except OSError as error:
        raise fail(f"--base-ref needs git: {error.strerror or error}") from None
    if run.returncode == 0:
        return run.stdout, f"{rev}:{proposal}"
    if "exists on disk, but not in" in run.stderr or "does not exist in" in run.stderr:
        return None
    reason = run.stderr.strip().splitlines()[-1] if run.stderr.strip() else "git show failed"
    raise fail(f"--base-ref {rev}: {reason}")


def _load_pair(files: list[Path], base_ref: str | None) -> tuple[Evaluated | None, Evaluated]:
    """Base (None for a file new at `base_ref`) and proposal; problems end with exit 1."""
    from kikcalc.load import parse_strategy
    from kikcalc.views import evaluate_loaded

    if len(files) != (1 if base_ref else 2):
        raise fail("diff takes BASE and PROPOSAL, or PROPOSAL with --base-ref")
    _, proposal, issues = load_one(files[-1])
    base = None
    if base_ref:
        found = _base_from_git(base_ref, files[-1])
        if found is not None:
            loaded, base_issues = parse_strategy(*found)
            issues = [*base_issues, *issues]
            base = evaluate_loaded(loaded) if loaded else None
    else:
        _, base, base_issues = load_one(files[0])
        issues = [*base_issues, *issues]
    for issue in issues:
        typer.echo(str(issue), err=True)
    if proposal is None or issues:
        raise typer.Exit(EXIT_FINDINGS)
    return base, proposal


class DiffFormat(StrEnum):
    text = "text"
    json = "json"
    markdown = "markdown"


@app.command()
def diff(
    files: Annotated[list[Path], typer.Argument(
        metavar="[BASE] PROPOSAL", help="The adopted strategy and the proposal, or only the "
        "proposal with --base-ref.")],
    base_ref: Annotated[str | None, typer.Option(
        "--base-ref", help="Read BASE from this git revision of the proposal's path.")] = None,
    fmt: Annotated[DiffFormat, typer.Option("--format", "-f", help="Output format.")]
    = DiffFormat.text,
    lang: LangOption = Lang.da,
    policy_file: PolicyOption = None,
    max_payback_slip: Annotated[int | None, typer.Option(
        "--max-payback-slip", help="Fail if payback moves later by more years than this.")]
    = None,
    max_cumulative_drop: Annotated[str | None, typer.Option(
        "--max-cumulative-drop",
        help="Fail if cumulative net at the horizon falls by more than this (mio. kr.).")]
    = None,
    quiet: Annotated[bool, typer.Option(
        "--quiet", help="Print nothing when nothing material changed.")] = False,
    output: OutputOption = None,
) -> None:
    """What a proposal changes against the adopted strategy (fits a pull-request comment)."""
    import dataclasses
    from decimal import Decimal

    from kikcalc.diff import compare, verdict
    from kikcalc.policy import Policy
    from kikcalc.render import diff as render

    base, proposal = _load_pair(files, base_ref)
    policy = _policy(policy_file)
    assert isinstance(policy, Policy)
    if max_payback_slip is not None:
        policy = dataclasses.replace(policy, max_payback_slip=max_payback_slip)
    if max_cumulative_drop is not None:  # read as text: money never goes through float
        try:
            drop = Decimal(max_cumulative_drop)
        except ArithmeticError:
            raise fail(f"--max-cumulative-drop: not a number: {max_cumulative_drop}") from None
        policy = dataclasses.replace(policy, max_cumulative_drop=drop)
    comparison = compare(base, proposal)
    broken = verdict(comparison, policy)
    if quiet and not comparison.material and not broken:
        raise typer.Exit(EXIT_OK)
    if fmt is DiffFormat.json:
        out = render.render_json(comparison, broken)
    elif fmt is DiffFormat.markdown:
        out = render.render_markdown(comparison, broken, lang.value, proposal.decimals)
    else:
        out = render.render_text(comparison, broken, lang.value, proposal.decimals)
    emit(out, output, files)
    raise typer.Exit(EXIT_FINDINGS if broken else EXIT_OK)
