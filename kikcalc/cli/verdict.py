"""`kikcalc gate`: the one verdict of a CI gate on a change, with one exit code.

Everything the gate decides is decided in this one process (`kikcalc.gate.pull`): the
rules, the diff limits, renames, removals and policy changes. The GitHub Action and the
GitLab job only run it and post the comment body it writes; `comment: false` skips the
posting, never a part of the verdict.
"""

from __future__ import annotations

import json
import os
from enum import StrEnum
from pathlib import Path
from typing import Annotated

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
    said,
)

SUMMARY_LIMIT = 1_000_000  # bytes of the job summary: GitHub refuses more than 1 MiB


class GateFormat(StrEnum):
    text = "text"
    json = "json"
    github = "github"
    junit = "junit"
    sarif = "sarif"
    markdown = "markdown"


def _write_atomically(path: Path, data: str) -> None:
    temporary = path.with_name(f".{path.name}.kikcalc-tmp")
    with open(temporary, "w", encoding="utf-8") as handle:
        handle.write(data)
    os.replace(temporary, path)


def _summary(path: str, body: str) -> None:
    """The comment in the job summary, within GitHub's 1 MiB for the whole step."""
    try:
        used = os.path.getsize(path)
    except OSError:
        used = 0
    room = SUMMARY_LIMIT - used - 200
    text = body if len(body.encode("utf-8")) <= room else (
        "\nkikcalc: the verdict's details do not fit in the job summary "
        f"({len(body.encode('utf-8'))} bytes; {used} used).\n")
    with open(path, "a", encoding="utf-8") as handle:
        handle.write(text)


@app.command()
def gate(
    base_ref: Annotated[str | None, typer.Option("--base-ref", metavar="REV")] = None,
    event: Annotated[Path | None, typer.Option("--event", metavar="FILE")] = None,
    files: Annotated[str | None, typer.Option("--files", metavar="PATHSPECS")] = None,
    policy_file: Annotated[str | None, typer.Option("--policy", metavar="TOML")] = None,
    fmt: Annotated[GateFormat | None, typer.Option("--format", "-f")] = None,
    comment: Annotated[Path | None, typer.Option("--comment", metavar="FILE")]
    = None,
    lang: LangOption = Lang.da,
    strict: Annotated[bool, typer.Option("--strict", metavar="")] = False,
    output: OutputOption = None,
) -> None:
    """The CI gate's one verdict on HEAD: rules, diff limits, renames and removals."""
    from kikcalc.gate.pull import gate as judge
    from kikcalc.gate.repo import GateError, merge_base, read_event, top_of
    from kikcalc.present.render.findings import FINDINGS_RENDERERS, Checked, github_summary
    from kikcalc.present.render.gate_comment import render_comment, render_sections_text

    if base_ref and event:
        raise fail(said("commands.ref_or_event"))
    specs = tuple(line.strip() for line in (files or "").splitlines() if line.strip())
    try:
        top = top_of(Path.cwd())
        base = base_ref or (read_event(event).base if event else None)
        base = merge_base(top, base) if base else None
        run = judge(top, base, specs, policy_file)
    except GateError as error:
        raise fail(str(error)) from None
    language = lang.value
    checked = [Checked(j.file, j.issues, strict, policy=j.policy) for j in run.judged]
    body = render_comment(run, language, strict)
    in_actions = os.environ.get("GITHUB_ACTIONS") == "true"
    chosen = fmt or (GateFormat.github if in_actions else GateFormat.text)
    if chosen is GateFormat.markdown:
        emit(body, output, [])
    elif chosen is GateFormat.text:
        emit(FINDINGS_RENDERERS["text"](checked, language)
             + render_sections_text(run, language), output, [])
    else:
        emit(FINDINGS_RENDERERS[chosen.value](checked, language), output, [])
    if comment is not None:
        _write_atomically(comment, json.dumps({"body": body}, ensure_ascii=False))
    summary_file = os.environ.get("GITHUB_STEP_SUMMARY")
    if in_actions and summary_file:
        _summary(summary_file, github_summary(checked, language) + "\n" + body)
    unreadable = any(i.code == "K100" for c in checked for i in c.issues)
    if unreadable:
        raise typer.Exit(EXIT_ERROR)
    raise typer.Exit(EXIT_FINDINGS if any(c.failed() for c in checked) else EXIT_OK)
