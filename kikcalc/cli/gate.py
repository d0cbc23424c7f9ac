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
    EXIT_ERROR,
    EXIT_FINDINGS,
    EXIT_OK,
    Lang,
    LangOption,
    OutputOption,
    app,
    emit,
    fail,
    load_one,
    said,
)
from kikcalc.cli.usage import reason

if TYPE_CHECKING:
    from kikcalc.evaluation.evaluated import Evaluated
    from kikcalc.gate.policy import Policy
    from kikcalc.model.findings import Issue

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
    typer.Option("--policy", metavar="TOML"),
]
BaseRefOption = Annotated[str | None, typer.Option("--base-ref", metavar="REV")]


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
    files: Annotated[list[Path], typer.Argument(metavar="FILE")],
    fmt: Annotated[CheckFormat | None, typer.Option("--format", "-f")] = None,
    policy_file: PolicyOption = None,
    base_ref: BaseRefOption = None,
    only_kikcalc: Annotated[bool, typer.Option("--only-kikcalc", metavar="")] = False,
    strict: Annotated[bool, typer.Option("--strict", metavar="")] = False,
    exit_zero: Annotated[bool, typer.Option("--exit-zero", metavar="")] = False,
    lang: LangOption = Lang.da,
    output: OutputOption = None,
) -> None:
    """Check budget proposals: loading, validation and the policy's rules (CI gate)."""
    from kikcalc.gate.checks import check_strategy
    from kikcalc.gate.judge import (
        GateError,
        Judged,
        Policies,
        read_document,
        strategy_at_base,
    )
    from kikcalc.model.findings import Issue, Source
    from kikcalc.model.message import message
    from kikcalc.present.render.findings import FINDINGS_RENDERERS, Checked, github_summary

    policies = Policies(policy_file, base_ref)
    in_actions = os.environ.get("GITHUB_ACTIONS") == "true"
    chosen = fmt or (CheckFormat.github if in_actions else CheckFormat.text)
    checked, unreadable = [], False
    for file in _with_progress(files):
        judged = read_document(file, policies)
        if judged.kind != "strategy" and base_ref and strategy_at_base(policies, file):
            judged = Judged(str(file), "strategy", (Issue(
                "K110", message("k110_lost_check", base=base_ref), Source(str(file), 1, 1)),))
        elif judged.kind is None and only_kikcalc:
            continue
        unreadable |= judged.unreadable
        issues, policy_name = list(judged.issues), "-"
        if judged.kind == "strategy" and not judged.unreadable:
            try:
                policy = policies.for_file(file)
            except GateError as error:
                raise fail(str(error)) from None
            policy_name = policy.name
            if judged.loaded is not None and judged.evaluated is not None:
                issues = check_strategy(judged.loaded, judged.evaluated, policy,
                                        files=judged.files)
        checked.append(Checked(str(file), tuple(issues), strict, policy=policy_name))
    checked += [Checked(note.source.file, (note,), strict) for note in policies.notes]
    for c in checked:
        if c.issues and c.issues[0].code == "K100":  # a usage error, said as all are
            fail(said("files.cannot_read", file=c.file,
                      reason=reason(_reason(c.issues[0], lang.value), lang.value)))
    emit(FINDINGS_RENDERERS[chosen.value](checked, lang.value), output, files)
    summary_file = os.environ.get("GITHUB_STEP_SUMMARY")
    if chosen is CheckFormat.github and summary_file:
        with open(summary_file, "a", encoding="utf-8") as summary:
            summary.write(github_summary(checked, lang.value))
    if unreadable:
        raise typer.Exit(EXIT_ERROR)
    if any(c.failed() for c in checked) and not exit_zero:
        raise typer.Exit(EXIT_FINDINGS)
    raise typer.Exit(EXIT_OK)


def _reason(issue: Issue, lang: str) -> str:
    """Why a file could not be read (the system's words, or kikcalc's), from a K100 finding."""
    from kikcalc.present.messages import value_text

    fields = dict(issue.message.fields) if not isinstance(issue.message, str) else {}
    said = fields.get("reason", issue.message)
    return str(said) if isinstance(said, str) else value_text(said, lang)


def _load_pair(files: list[Path], base_ref: str | None, base_path: Path | None,
               policy_file: Path | None, lang: str) -> tuple[Evaluated | None, Evaluated,
                                                             Policy, list[Issue]]:
    """Base (None for a file new at `base_ref`, or not valid there), proposal, the policy
    that judges them, and notes for the reader; problems of either file end with exit 1."""
    from kikcalc.gate.judge import GateError, Policies, load_base
    from kikcalc.gate.policy import PolicyError, policy_for
    from kikcalc.model.message import message
    from kikcalc.present.messages import issue_line
    from kikcalc.record import replace

    if len(files) != (1 if base_ref else 2):
        raise fail(said("commands.diff_files"))
    if base_path is not None and not base_ref:
        raise fail(said("commands.base_path_needs_ref"))
    _, proposal, issues = load_one(files[-1])
    policies = Policies(policy_file, base_ref)
    try:
        if base_ref:
            base, base_issues, policy = load_base(policies, files[-1], base_path)
        else:
            _, base, base_issues = load_one(files[0])
            policy = policy_for(files[-1], policy_file)
    except (GateError, PolicyError) as error:
        raise fail(str(error)) from None
    notes = list(policies.notes)
    if base_ref and base_issues:
        # The base is what was adopted: if it does not load (a rule newer than the file, a
        # merge that skipped the gate), the proposal cannot be blamed for it; it is judged
        # as new, and the comment says why.
        first = base_issues[0]
        notes.append(replace(first, message=message(
            "k209_base_invalid_because", base=base_ref,
            problem=message("located", where=str(first.source), code=first.code,
                            said=first.message))))
        base_issues = []
    for issue in [*base_issues, *issues]:
        typer.echo(issue_line(issue, lang), err=True)
    if proposal is None or base_issues or issues:
        raise typer.Exit(EXIT_FINDINGS)
    return base, proposal, policy, notes


class DiffFormat(StrEnum):
    text = "text"
    json = "json"
    markdown = "markdown"


@app.command()
def diff(
    files: Annotated[list[Path], typer.Argument(metavar="[BASE] PROPOSAL")],
    base_ref: Annotated[str | None, typer.Option("--base-ref", metavar="REV")] = None,
    base_path: Annotated[Path | None, typer.Option("--base-path", metavar="PATH")]
    = None,
    fmt: Annotated[DiffFormat, typer.Option("--format", "-f")] = DiffFormat.text,
    lang: LangOption = Lang.da,
    policy_file: PolicyOption = None,
    max_payback_slip: Annotated[int | None, typer.Option("--max-payback-slip", metavar="YEARS")]
    = None,
    max_cumulative_drop: Annotated[str | None, typer.Option(
        "--max-cumulative-drop", metavar="AMOUNT")] = None,
    quiet: Annotated[bool, typer.Option("--quiet", metavar="")] = False,
    output: OutputOption = None,
) -> None:
    """What a proposal changes against the adopted strategy (fits a pull-request comment)."""
    from kikcalc.gate.diff import compare, verdict
    from kikcalc.gate.policy import PolicyError, checked_drop
    from kikcalc.present.render import diff as render
    from kikcalc.record import replace

    base, proposal, policy, notes = _load_pair(files, base_ref, base_path, policy_file,
                                               lang.value)
    if max_payback_slip is not None:
        policy = replace(policy, max_payback_slip=max_payback_slip)
    if max_cumulative_drop is not None:  # read as text: money never goes through float
        try:
            drop = checked_drop(max_cumulative_drop)
        except PolicyError as error:
            raise fail(str(error)) from None
        policy = replace(policy, max_cumulative_drop=drop)
    comparison = compare(base, proposal)
    broken = verdict(comparison, policy)
    if quiet and not comparison.material and not broken:
        raise typer.Exit(EXIT_OK)
    if fmt is DiffFormat.json:
        out = render.render_json(comparison, broken, policy, notes, lang.value)
    elif fmt is DiffFormat.markdown:
        out = render.render_markdown(comparison, broken, lang.value, proposal.decimals)
        out += render.policy_lines(policy, notes, lang.value, markdown=True)
    else:
        out = render.render_text(comparison, broken, lang.value, proposal.decimals)
        out += render.policy_lines(policy, notes, lang.value, markdown=False)
    emit(out, output, files)
    raise typer.Exit(EXIT_FINDINGS if broken else EXIT_OK)
