"""What the server knows of its folder: each file loaded, evaluated and checked as
`kikcalc check` does it, with a follow-up status, kept until one of the files changes.

A strategy is loaded again when its own file changes; when any other file of the folder
changes (a budget table, a statistics file, a policy) every strategy is, since any of
them may name it.
"""

from __future__ import annotations

import datetime
import threading
from decimal import Decimal
from pathlib import Path

from kikcalc.analysis.follow_up import FollowUp, Observed, alerts, follow_up, observed_from_counts
from kikcalc.evaluation.evaluated import Evaluated, evaluate_loaded
from kikcalc.gate.checks import check_strategy
from kikcalc.gate.judge import Judged, read_document
from kikcalc.gate.policy import Policy, PolicyError, policy_for
from kikcalc.model.findings import Issue
from kikcalc.model.money import convert
from kikcalc.record import Record
from kikcalc.serve.folder import Folder, file_kind
from kikcalc.statbank.load import observed_caseloads

#: A running strategy whose last observation is older than this is "no follow-up".
STALE_MONTHS = 6


class Status(Record):
    kind: str  # on_plan | behind | no_follow_up | invalid | no_groups
    months: int | None = None  # months since the last observation (no_follow_up)
    groups: tuple[str, ...] = ()  # the groups behind plan


class Entry(Record):
    path: Path
    rel: str
    judged: Judged
    findings: tuple[Issue, ...]
    portfolio: Evaluated | None  # in mio. kr., as `net --combine` evaluates
    follow: FollowUp | None
    status: Status

    @property
    def name(self) -> str:
        return self.judged.evaluated.name if self.judged.evaluated else self.rel


def _observed(judged: Judged) -> tuple[dict[str, dict[int, Observed]], dict[str, Decimal],
                                       list[Issue]]:
    """The statistics of the `comparison` if the file has one, else its own counts (as
    `kikcalc follow-up`)."""
    loaded, evaluated = judged.loaded, judged.evaluated
    assert loaded is not None
    assert evaluated is not None
    if loaded.strategy.comparison is None:
        return {g.name: observed_from_counts([(c.date.isoformat(), c.persons)
                                              for c in g.caseload])
                for g in loaded.strategy.target_groups}, {}, []
    series, baselines, issues = observed_caseloads(loaded, evaluated.plan)
    return {group: {year: Observed(value, str(year), "statistics", whole)
                    for year, (value, whole) in years.items()}
            for group, years in series.items()}, baselines, issues


def _months_since(as_of: str, today: datetime.date) -> int:
    year, month = int(as_of[:4]), int(as_of[5:7]) if len(as_of) >= 7 else 12
    return max(0, (today.year - year) * 12 + today.month - month)


def follow_status(judged: Judged, policy: Policy, today: datetime.date
                  ) -> tuple[FollowUp | None, Status]:
    """The follow-up of a valid strategy and what it says: behind plan by the policy's
    thresholds (without thresholds: its last observed year behind plan), no follow-up
    (nothing observed, or nothing for `STALE_MONTHS` while the period runs), else on plan."""
    evaluated = judged.evaluated
    if evaluated is None:
        return None, Status("invalid")
    projection = evaluated.results.projection
    if projection is None or not evaluated.plan.groups:
        return None, Status("no_groups")
    observed, baselines, issues = _observed(judged)
    if issues:
        return None, Status("invalid")
    result = follow_up(evaluated.plan, projection.savings, projection.net, observed, baselines)
    return result, _judge(result, evaluated, policy, today)


def _judge(result: FollowUp, evaluated: Evaluated, policy: Policy, today: datetime.date
           ) -> Status:
    seen = [r.observed.as_of for g in result.groups for r in g.rows if r.observed is not None]
    if not seen:
        return Status("no_follow_up")
    if policy.max_realisation_shortfall is None and policy.max_gap is None:
        behind = tuple(g.group for g in result.groups if g.behind_since is not None)
    else:
        limit = None if policy.max_gap is None else \
            convert(policy.max_gap, "mio. kr.", evaluated.unit)
        behind = tuple(a.group for a in alerts(result, policy.max_realisation_shortfall, limit))
    if behind:
        return Status("behind", groups=behind)
    months = _months_since(max(seen), today)
    if evaluated.plan.end >= today.year and months > STALE_MONTHS:
        return Status("no_follow_up", months)
    return Status("on_plan")


def load_entry(folder: Folder, path: Path, today: datetime.date) -> Entry:
    judged = read_document(path)
    findings = list(judged.issues)
    follow, status = None, Status("invalid")
    portfolio = None
    if judged.loaded is not None and judged.evaluated is not None:
        try:
            policy = policy_for(path)
        except PolicyError:
            policy = Policy()
        findings = check_strategy(judged.loaded, judged.evaluated, policy)
        follow, status = follow_status(judged, policy, today)
        portfolio = judged.evaluated if judged.evaluated.unit == "mio. kr." \
            else evaluate_loaded(judged.loaded, "mio. kr.")  # as `net --combine` evaluates
    return Entry(path, folder.relative(path), judged, tuple(findings), portfolio, follow, status)


def _stat(path: Path) -> tuple[int, int] | None:
    try:
        info = path.stat()
    except OSError:
        return None
    return info.st_size, info.st_mtime_ns


class State:
    """The entries of the folder, loaded again only as files change (thread-safe: the
    server may answer two requests at once)."""

    def __init__(self, folder: Folder) -> None:
        self.folder = folder
        self._lock = threading.Lock()
        self._entries: dict[Path, tuple[tuple[int, int] | None, Entry]] = {}
        self._others: dict[Path, tuple[int, int] | None] = {}
        self._kinds: dict[Path, tuple[tuple[int, int] | None, str]] = {}
        self.tables: list[Path] = []

    def _kind(self, path: Path, seen: tuple[int, int] | None) -> str:
        known = self._kinds.get(path)
        if known is None or known[0] != seen:
            known = (seen, file_kind(path))
            self._kinds[path] = known
        return known[1]

    def entries(self) -> list[Entry]:
        with self._lock:
            today = datetime.date.today()
            files = {p: _stat(p) for p in self.folder.yaml_files()}
            others = {p: s for p, s in files.items() if self._kind(p, s) != "strategy"}
            for extra in self.folder.yaml_files(("kikcalc.toml", ".csv")):
                others[extra] = _stat(extra)  # policies and statistics the strategies use
            if others != self._others:
                self._entries.clear()
                self._others = others
            self.tables = [p for p in others if self._kinds.get(p, (None, ""))[1] == "table"]
            out = []
            for path, seen in files.items():
                if path in others:
                    continue
                cached = self._entries.get(path)
                if cached is None or cached[0] != seen:
                    cached = (seen, load_entry(self.folder, path, today))
                    self._entries[path] = cached
                out.append(cached[1])
            for gone in set(self._entries) - set(files):
                del self._entries[gone]
            return out

    def entry(self, rel: str) -> Entry | None:
        return next((e for e in self.entries() if e.rel == rel), None)

    def table_findings(self) -> list[Issue]:
        """The problems of the budget tables of the folder, as `check` finds them."""
        self.entries()
        return [issue for path in self.tables for issue in read_document(path).issues]
