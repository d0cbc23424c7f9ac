"""The gate's one verdict on a change: every rule, every diff limit, every rename,
removal and policy change, decided here, in one process, from git.

What judges comes from the base (the merge base of the change): the policy and its place,
the budget tables and statistics files the rules read. What the change brings is judged:
each strategy by the rules (with the base's files), each changed strategy, and each one
whose tables or statistics the change edits, against its base version by the base's diff
limits; a removal (a strategy, a recorded actual, a block) is a finding, not a footnote.
A strategy renamed is held to the stricter of the policies of its old and new places;
one removed and one added in the same change are one strategy when their names
(normalised) or their contents match.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path, PurePosixPath

from kikcalc.gate.assumptions import assumptions_changed
from kikcalc.gate.checks import check_strategy
from kikcalc.gate.diff import Breach, Comparison, compare, verdict
from kikcalc.gate.paid import paid_for
from kikcalc.gate.pairs import copies, opted_out, pairs
from kikcalc.gate.policy import POLICY_FILE, Policy
from kikcalc.gate.reading import (
    Layered,
    Policies,
    Version,
    load_version,
    policy_notes,
    repository,
)
from kikcalc.gate.removals import removals
from kikcalc.gate.repo import (
    NO_KIND,
    UNREADABLE,
    Seen,
    Touched,
    run_git,
    seen_at,
    selected,
    touched,
)
from kikcalc.gate.strictness import strictest
from kikcalc.model.findings import Issue, Severity, Source, sort_issues
from kikcalc.model.message import Amount, Message, Term, Text, message
from kikcalc.reading.budget_table import parse_table
from kikcalc.reading.documents import decode_text
from kikcalc.record import Record, field
from kikcalc.text.formatting import round_half_up

POLICY_DIFF_LIMIT = 3000  # bytes of each changed policy's diff kept for the comment
BREACH_CODES = {"payback_slip": "K220", "payback_lost": "K220", "cumulative_drop": "K221",
                "actual_shortfall": "K222"}


class Section(Record):
    """One strategy compared with its base, for the comment."""

    path: str
    old: str | None  # its path at the base, when renamed
    why: str  # "changed", "renamed", "copy", "new" or "inputs" (its tables or statistics
    # changed)
    comparison: Comparison
    breaches: tuple[Breach, ...]
    policy: Policy
    decimals: int
    notes: tuple[Issue, ...] = ()


class Judged(Record):
    """One file's findings and the policy that judged it ('-' for none)."""

    file: str
    issues: tuple[Issue, ...]
    policy: str = "-"


class GateRun(Record):
    base: str | None
    attributes_changed: bool = False  # files marked -kikcalc are judged too
    judged: list[Judged] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    changed_inputs: list[str] = field(default_factory=list)  # tables and statistics
    changed_policies: list[tuple[str, str]] = field(default_factory=list)  # path, git diff


class _Walk(Record, frozen=False):
    top: Path
    base: str | None
    changes: list[Touched]
    now: dict[str, Seen]
    then: dict[str, Seen]
    head_policies: Policies
    base_policies: Policies | None
    run: GateRun
    copied: dict[str, str] = field(default_factory=dict)  # a copy -> the strategy it copies


def _policy(walk: _Walk, path: str, old: str | None) -> Policy:
    policies = walk.base_policies or walk.head_policies
    policy = policies.at(path)
    return strictest(policies.at(old), policy) if old and old != path else policy


def _issue(code: str, said: Text, path: str, version: Version,
           severity: Severity = Severity.ERROR, at: tuple[str | int, ...] = ("name",)) -> Issue:
    line, column = (1, 1)
    if version.loaded is not None:
        line, column = version.loaded.positions.find(at, key=True)
    return Issue(code, said, Source(path, line, column), severity)


def _judge_strategy(walk: _Walk, path: str, old: str | None) -> None:
    """The rules with the base's files; then, when the file or what it reads changed, the
    comparison with its base version by the base's diff limits."""
    head = walk.head_policies.files
    base_files = walk.base_policies.files if walk.base_policies else None
    first = (base_files, head) if base_files else (head,)
    policy = _policy(walk, path, old)
    files = Layered(first)
    judged = load_version(path, walk.now[path].blob, files)
    issues = list(judged.issues)
    if judged.loaded is not None and judged.evaluated is not None:
        issues = check_strategy(judged.loaded, judged.evaluated, policy,
                                files=(files, PurePosixPath(path).parent))
    touched = {t.path for t in walk.changes} | {t.old for t in walk.changes if t.old}
    inputs_changed = sorted(files.read_paths & touched)
    walk.run.changed_inputs.extend(p for p in inputs_changed
                                   if p not in walk.run.changed_inputs)
    file_changed = path in touched or old is not None
    if base_files is not None and (file_changed or inputs_changed):
        # the file's own edits are judged apart too, read with the base's tables, so that
        # a table edited in the same change cannot pay for them
        own = judged if file_changed and inputs_changed else None
        issues += _compare(walk, path, old, policy, inputs_changed, own)
    # a file that does not load says so once, not once per reading
    walk.run.judged.append(Judged(path, tuple(sort_issues(list(dict.fromkeys(issues)))),
                                  policy.name))


def _compare(walk: _Walk, path: str, old: str | None, policy: Policy,
             inputs_changed: list[str], own: Version | None = None) -> list[Issue]:
    head = walk.head_policies.files
    base = walk.base_policies.files  # type: ignore[union-attr]
    proposal = load_version(path, walk.now[path].blob, Layered((head,)))
    if proposal.evaluated is None or proposal.loaded is None:
        return list(proposal.issues)  # the change's own tables break it: say so
    before_path = old or path
    seen = walk.then.get(before_path) or seen_at(walk.top, base.rev, [before_path])[before_path]
    notes: list[Issue] = []
    prior = None
    if seen.kind == "strategy":
        prior = load_version(before_path, seen.blob, Layered((base,)))
        if prior.evaluated is None:
            notes.append(_issue("K209", message("k209_base_invalid", base=base.rev[:12]),
                                path, proposal, Severity.WARNING))
            prior = None
    comparison = compare(prior.evaluated if prior else None, proposal.evaluated)
    breaches = verdict(comparison, policy)
    issues = [_issue(BREACH_CODES[b.kind], _breach_text(b, comparison), path, proposal)
              for b in breaches]
    if own is not None and own.evaluated is not None and prior is not None:
        found = {(b.kind, b.series) for b in breaches}
        alone = [b for b in verdict(compare(prior.evaluated, own.evaluated), policy)
                 if (b.kind, b.series) not in found]
        issues += [_issue(BREACH_CODES[b.kind], _breach_text(b, comparison, own=True),
                          path, proposal) for b in alone]
        breaches += alone
    if prior is not None and prior.loaded is not None and not policy.allow_removal:
        assert prior.evaluated is not None
        issues += [_issue("K223", message("k223", what=r.what), path, proposal)
                   for r in removals((prior.loaded, prior.evaluated),
                                     (proposal.loaded, proposal.evaluated))]
    if prior is not None and prior.loaded is not None and prior.evaluated is not None:
        before = (prior.loaded, prior.evaluated)
        found_paid = paid_for(before, (proposal.loaded, proposal.evaluated), policy)
        if own is not None and own.loaded is not None and own.evaluated is not None:
            # a harsher table in the same change must not make a cost cut look matched
            found_paid += [f for f in paid_for(before, (own.loaded, own.evaluated), policy)
                           if f[0] not in {code for code, _ in found_paid}]
        issues += [_issue(code, said, path, proposal) for code, said in found_paid]
        issues += [_issue("K228", said, path, proposal, at=at) for said, at
                   in assumptions_changed(prior.loaded, proposal.loaded, policy)]
    why = "inputs" if not (path in {t.path for t in walk.changes} or old) else \
        "new" if prior is None else "copy" if path in walk.copied else \
        "renamed" if old and old != path else "changed"
    walk.run.sections.append(Section(path, old if old != path else None, why, comparison,
                                     tuple(breaches), policy, proposal.evaluated.decimals,
                                     tuple(notes)))
    return issues + notes


def _breach_text(breach: Breach, comparison: Comparison, own: bool = False) -> Message:
    """K220-K222 in words; `own`: found in the file's own edits, read with the base's
    tables (a table changed in the same change does not pay for them)."""
    series, said = Term(breach.series), message("own_edits") if own else ""
    if breach.kind in ("payback_lost", "payback_slip"):
        return message(f"k220_{breach.kind.removeprefix('payback_')}", series=series,
                       amount=breach.amount or 0, limit=breach.limit, own=said)

    def amount(value: Decimal | int | None) -> Amount:
        return Amount(round_half_up(Decimal(value or 0), 2).normalize(), comparison.unit)

    return message("k222" if breach.kind == "actual_shortfall" else "k221", series=series,
                   amount=amount(breach.amount), limit=amount(breach.limit), own=said)


def _judge_table(walk: _Walk, path: str) -> None:
    text, issues = decode_text(walk.now[path].blob, path)
    if text is not None:
        _, issues = parse_table(text, path)
    walk.run.judged.append(Judged(path, tuple(issues)))


def gate(top: Path, base: str | None, specs: tuple[str, ...],
         explicit_policy: str | None = None) -> GateRun:
    """Judge HEAD of the repository at `top` against `base` (a merge base; None: every
    strategy is new and only the rules apply, by HEAD's policy)."""
    head_rev = run_git(["rev-parse", "--verify", "HEAD^{commit}"], top).decode().strip()
    explicit = PurePosixPath(explicit_policy) if explicit_policy else None
    head_files = repository(head_rev, top)
    base_files = repository(base, top) if base else None
    changes = touched(top, base) if base else []
    chosen, attributes = selected(top, specs, base)
    in_selection = set(chosen)
    if base:
        in_selection |= {p for p in run_git(
            ["diff", "-z", "--name-only", "--no-renames", base, "HEAD", "--",
             *(specs or ())] if specs else ["diff", "-z", "--name-only", "--no-renames", base,
                                            "HEAD"], top, literal=False)
            .decode("utf-8", "surrogateescape").split("\0") if p}
    now_paths = sorted(set(chosen) | {t.path for t in changes if t.status != "D"})
    then_paths = sorted({t.old or t.path for t in changes if t.status != "A"})
    run = GateRun(base, attributes_changed=attributes)
    walk = _Walk(top, base, changes, seen_at(top, head_rev, now_paths),
                 seen_at(top, base, then_paths) if base else {},
                 Policies(head_files, explicit),
                 Policies(base_files, explicit) if base_files else None, run)
    old_of, gone = pairs(changes, walk.now, walk.then, set(chosen))
    walk.copied = copies(changes, walk.now, walk.then, chosen, old_of)
    old_of |= walk.copied
    opted = set() if attributes else opted_out(top, gone)
    for path in chosen:
        kind = walk.now[path].kind
        if kind != "strategy" and walk.then.get(path, Seen(NO_KIND)).kind == "strategy" \
                and any(t.path == path and t.status not in ("D", "R") for t in changes):
            run.judged.append(Judged(path, (Issue(
                "K110", message("k110_lost_gate", base=base or "", kind=kind),
                Source(path, 1, 1)),)))
        elif kind == "strategy":
            _judge_strategy(walk, path, old_of.get(path))
        elif kind == "table":
            _judge_table(walk, path)
        elif kind == UNREADABLE:
            run.judged.append(Judged(path, (Issue(
                "K100", message("k100_link"), Source(path, 1, 1)),)))
    for old in gone:
        if old not in in_selection or old in opted:
            continue
        policy = _policy(walk, old, None)
        run.removed.append(old)
        if not policy.allow_removal:
            run.judged.append(Judged(old, (Issue(
                "K223", message("k223", what=message("removed_strategy")),
                Source(old, 1, 1)),), policy.name))
    run.changed_inputs[:] = sorted(set(run.changed_inputs) | {
        t.path for t in changes if t.path in in_selection and (
            walk.now.get(t.path, Seen(NO_KIND)).kind == "table"
            or walk.then.get(t.old or t.path, Seen(NO_KIND)).kind == "table")})
    named = {p for t in changes for p in (t.path, t.old) if p}
    policies = sorted(p for p in named if PurePosixPath(p).name == POLICY_FILE
                      or (explicit is not None and p == str(explicit)))
    if base is not None:
        run.changed_policies.extend((p, run_git(
            ["diff", "--no-color", "--no-ext-diff", "--no-textconv", base, "HEAD", "--", p],
            top)[:POLICY_DIFF_LIMIT].decode("utf-8", "replace")) for p in policies)
    if base_files is not None and policies:
        run.judged.extend(Judged(n.source.file, (n,)) for n in
                          policy_notes(policies, base_files, head_files))
    return run
