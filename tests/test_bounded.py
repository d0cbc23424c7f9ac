"""Issue 22, item 5: bounded by construction. A hostile pull request can neither hang nor
crash kikcalc: each finding of the issue is reproduced here on a generated input.

Work is shown to grow linearly by counting it (calls, lookups, comparisons), never by timing;
a run that would hang without the fix has a generous subprocess timeout as its failure guard.
"""

from __future__ import annotations

import datetime
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from kikcalc.engine import dated
from kikcalc.engine.plan import unit_costs_by_year
from kikcalc.loading.strategy import load_strategy
from tests.conftest import ROOT, Run, git, kikcalc, write_strategy

# these tests read English messages (Danish is the default; tests/test_lang.py has both)
pytestmark = pytest.mark.usefixtures("in_english")

GUARD = 240  # seconds: only a hang reaches it; the fixed runs take a second or two


def _said(run: Run) -> str:
    return run.stdout + run.stderr


def _cli(*args: str | Path, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    """`kikcalc ARGS` in a fresh process, stopped by GUARD if it hangs."""
    return subprocess.run([sys.executable, "-m", "kikcalc", *map(str, args)], cwd=cwd,
                          capture_output=True, text=True, timeout=GUARD, check=False)


# --- a hang: benefits by month passing to one with a long month list ------------------


def passing_benefits(unused: int, months: int, groups: int = 1) -> str:
    """`unused` benefits priced by month that pass to `long` (`months` prices), over the
    longest period; `groups` groups, each on its own benefit that passes to `long` too."""
    lines = ["kikcalc: 1", "name: Hang", "period: {start: 2000, end: 2059}", "unit: kr.",
             "retention: 100", "unit_costs:", "  long:", "    by_month:"]
    lines += [f"      {1000 + i // 12:04d}-{i % 12 + 1:02d}: {i % 97}" for i in range(months)]
    lines += [f"  b{i}: {{by_month: {{2000-01: 1}}, until: 2000-06, then: long}}"
              for i in range(unused + groups)]
    lines.append("target_groups:")
    for i in range(groups):
        lines += [f"  - name: G{i}", f"    benefit: b{unused + i}", "    reduction: {2000: 1}",
                  "    outcomes: {selvforsorgelse: 100}"]
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("command", ["check", "diff"])
def test_unused_benefits_by_month_do_not_hang_check_or_diff(tmp_path: Path,
                                                             command: str) -> None:
    """400 unused benefits passing to one of 4,000 months: hours before (every benefit,
    month and listed month), a second now."""
    path = write_strategy(tmp_path, passing_benefits(400, 4000))
    args = [path] if command == "check" else [path, path]
    run = _cli(command, *args)
    assert run.returncode == 0, run.stderr
    assert "Traceback" not in run.stderr


def test_each_benefit_is_priced_once_and_only_if_a_group_uses_it(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The prices of a benefit's own months are looked up once per benefit a group needs
    (its own and the one it passes to), whatever else the file prices."""
    calls: list[str] = []
    own_prices = dated.own_prices

    def counted(cost: dated.Dated, months: Any) -> Any:
        calls.append(next(iter(cost.by_month)))
        return own_prices(cost, months)

    monkeypatch.setattr(dated, "own_prices", counted)
    for groups in (1, 10, 20):
        calls.clear()
        loaded, issues = load_strategy(str(write_strategy(
            tmp_path, passing_benefits(300, 1200, groups))))
        assert issues == [] and loaded is not None
        plan_costs = unit_costs_by_year(loaded.strategy)
        assert len(calls) == 2 * (groups + 1)  # loading once, then the plan: groups + long
        assert {f"b{300 + i}" for i in range(groups)} <= plan_costs.keys()
        assert "b0" not in plan_costs


def test_a_benefit_by_month_keeps_its_prices() -> None:
    """The worked example of `dated`: 6 x 80,000 + 6 x 100,000 over 12 = 90,000."""
    costs = {"uh": dated.Dated({"2024-01": Decimal(80000)}, "2025-06", "kh"),
             "kh": dated.Dated({"2024-01": Decimal(90000), "2025-01": Decimal(100000)})}
    assert dated.yearly_costs(costs, ["uh"], range(2024, 2027), lambda name, i: None) == {
        "uh": {2024: Decimal(80000), 2025: Decimal(90000), 2026: Decimal(100000)},
        "kh": {2024: Decimal(90000), 2025: Decimal(100000), 2026: Decimal(100000)}}


# --- recursion: a long until/then chain, and loops -------------------------------------


def chain(links: int, loop: bool = False) -> str:
    """c0 -> c1 -> ... -> c<links> (a flat 5 kr.), each link ending in a month of 2025;
    with `loop`, the last link passes back to c0."""
    lines = ["kikcalc: 1", "name: Kæde", "period: {start: 2025, end: 2027}", "unit: kr.",
             "retention: 100", "unit_costs:"]
    for i in range(links):
        then = "c0" if loop and i == links - 1 else f"c{i + 1}"
        lines.append(f"  c{i}: {{by_month: {{2025-01: {i + 1}}}, until: 2025-{i % 12 + 1:02d}, "
                     f"then: {then}}}")
    if not loop:
        lines.append(f"  c{links}: 5")
    lines += ["target_groups:", "  - name: G", "    benefit: c0", "    reduction: {2025: 1}",
              "    outcomes: {selvforsorgelse: 100}"]
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("command", ["check", "payback", "net", "report", "sensitivity",
                                     "diff"])
def test_a_600_link_chain_works_in_every_command(tmp_path: Path, command: str) -> None:
    path = write_strategy(tmp_path, chain(600))
    run = kikcalc(command, *([path, path] if command == "diff" else [path]))
    assert run.exit_code == 0, _said(run)


def test_a_long_chain_is_priced_month_by_month() -> None:
    """Month m of 2025 is priced by link m - 1 (the first whose `until` is not before it),
    which costs m kr.: the mean of 1..12 is 6.5; from 2026 every link has passed on to the
    flat 5 kr. at the end of the chain."""
    costs = {f"c{i}": dated.Dated({"2025-01": Decimal(i + 1)}, f"2025-{i % 12 + 1:02d}",
                                  f"c{i + 1}") for i in range(2000)}
    found = dated.yearly_costs(costs, ["c0"], range(2025, 2028),
                               lambda name, i: Decimal(5) if name == "c2000" else None)
    assert found["c0"] == {2025: Decimal("6.5"), 2026: Decimal(5), 2027: Decimal(5)}
    # the last link costs 2,000 until August, then the flat 5: (8 x 2,000 + 4 x 5) / 12
    assert found["c1999"] == {2025: Decimal(1335), 2026: Decimal(5), 2027: Decimal(5)}


def test_a_2000_link_chain_checks(tmp_path: Path) -> None:
    run = kikcalc("check", write_strategy(tmp_path, chain(2000)))
    assert run.exit_code == 0, _said(run)


class CountingDict(dict[str, str]):
    """A dict that counts how often it is read."""

    reads = 0

    def __getitem__(self, key: str) -> str:
        self.reads += 1
        return super().__getitem__(key)

    def get(self, key: str, default: Any = None) -> Any:
        self.reads += 1
        return super().get(key, default)

    def __contains__(self, key: object) -> bool:
        self.reads += 1
        return super().__contains__(key)


@pytest.mark.parametrize("shape", ["chain", "loop", "lasso"])
def test_the_loop_check_reads_each_link_a_bounded_number_of_times(shape: str) -> None:
    """Linear: a few reads a link (it was cubic: 21 s at 2,000 links)."""
    for links in (1000, 2000):
        then = CountingDict({f"c{i}": f"c{i + 1}" for i in range(links)})
        if shape == "loop":
            then[f"c{links - 1}"] = "c0"
        elif shape == "lasso":  # a tail into a loop of the last half
            then[f"c{links - 1}"] = f"c{links // 2}"
        then.reads = 0
        looped = dated.in_loops(then)
        assert then.reads <= 3 * links
        expected = {"chain": set(), "loop": set(then),
                    "lasso": {f"c{i}" for i in range(links // 2, links)}}[shape]
        assert looped == expected


def test_a_loop_is_a_finding_at_each_link_not_a_crash(tmp_path: Path) -> None:
    path = write_strategy(tmp_path, chain(3, loop=True))
    run = kikcalc("check", path)
    assert run.exit_code == 1, _said(run)
    for i in range(3):
        assert (f"{path}:{7 + i}:54: K125 unit cost of 'c{i}': the benefits it passes to "
                "lead back to it") in run.stdout.splitlines()
    assert "internal error" not in _said(run)


# --- symlink loops ---------------------------------------------------------------------


@pytest.fixture
def links(tmp_path: Path) -> Path:
    """A repository with a pair of links in a loop, a valid strategy, and a strategy whose
    budget table is a link in a loop."""
    good = (ROOT / "examples" / "eksempelby.yaml").read_text(encoding="utf-8")
    (tmp_path / "good.yaml").write_text(good, encoding="utf-8")
    (tmp_path / "table.yaml").write_text(
        good.replace("unit_costs:\n", "unit_costs:\n  from_table: t1.yaml\n", 1), "utf-8")
    for a, b in (("a.yaml", "b.yaml"), ("t1.yaml", "t2.yaml")):
        (tmp_path / a).symlink_to(b)
        (tmp_path / b).symlink_to(a)
    git(tmp_path, "init", "-q")
    return tmp_path


def test_kind_says_none_for_links_in_a_loop(links: Path) -> None:
    run = kikcalc("kind", links / "a.yaml", links / "good.yaml")
    assert run.exit_code == 0, _said(run)
    assert run.stdout == f"none\t{links / 'a.yaml'}\nstrategy\t{links / 'good.yaml'}\n"


def test_check_reports_a_link_loop_as_k100_and_checks_the_rest(links: Path) -> None:
    run = kikcalc("check", links / "a.yaml", links / "good.yaml", links / "b.yaml")
    assert run.exit_code == 2, _said(run)
    for name in ("a.yaml", "b.yaml"):
        assert (f"{links / name}:1:1: K100 cannot read: Too many levels of symbolic links"
                in run.stdout)
    assert "3 files checked" in _said(run)
    assert "internal error" not in _said(run)


@pytest.mark.parametrize("command", ["payback", "net", "report", "variance", "combine"])
def test_a_table_command_on_a_link_loop_is_one_line(links: Path, command: str) -> None:
    run = kikcalc(command, links / "a.yaml") if command != "combine" else \
        kikcalc("report", "--combine", links / "a.yaml", links / "good.yaml")
    assert run.exit_code == 2, _said(run)
    assert run.stderr.count("\n") == 1 and "symbolic links" in run.stderr
    assert "internal error" not in _said(run)


def test_a_budget_table_in_a_link_loop_is_k140(links: Path) -> None:
    path = links / "table.yaml"
    run = kikcalc("check", path)
    assert run.exit_code == 1, _said(run)
    line = next(x for x in run.stdout.splitlines() if "K140" in x)
    assert line == (f"{path}:30:15: K140 cannot read budget table t1.yaml: Too many levels "
                    "of symbolic links")
    assert "internal error" not in _said(run)


def test_the_action_reports_a_link_loop_beside_the_other_findings(tmp_path: Path) -> None:
    """Under the CI Action a pair of links in a loop hid every other finding."""
    from tests.test_action import Scratch

    scratch = Scratch(tmp_path)
    scratch.write("strategies/kik1.yaml", (ROOT / "strategies/kik1.yaml").read_text("utf-8"))
    scratch.write("strategies/budget-tables/aabenraa-2021.yaml", (
        ROOT / "strategies/budget-tables/aabenraa-2021.yaml").read_text("utf-8"))
    (scratch.repo / "strategies/a.yaml").symlink_to("b.yaml")
    (scratch.repo / "strategies/b.yaml").symlink_to("a.yaml")
    scratch.commit("base")
    check = scratch.run("gate", GITHUB_EVENT_PATH="", KIKCALC_LANG="en")
    assert check.exit_code == 2, check.output
    assert "internal error" not in check.output
    for name in ("a", "b"):
        assert (f"::error file=strategies/{name}.yaml,line=1,col=1,title=kikcalc K100::"
                "not read: a link that leads out of the repository, to nothing, or in a "
                "loop") in check.output
    assert "::warning file=strategies/kik1.yaml" in check.output  # still checked


# --- statistics CSV: numbers out of range, fields over the csv module's limit -----------


@pytest.fixture
def compared(tmp_path: Path) -> Path:
    """KIK-I with its comparison and budget table in one folder, checked with
    `deadweight_from_data = true`."""
    folder = ROOT / "examples" / "benchmark"
    text = (folder / "kik1.yaml").read_text(encoding="utf-8")
    table = "../../strategies/budget-tables/aabenraa-2021.yaml"
    assert table in text
    (tmp_path / "kik1.yaml").write_text(text.replace(table, "aabenraa-2021.yaml"), "utf-8")
    (tmp_path / "aabenraa-2021.yaml").write_bytes(
        (ROOT / "strategies" / "budget-tables" / "aabenraa-2021.yaml").read_bytes())
    (tmp_path / "constructed-auk01.csv").write_bytes(
        (folder / "constructed-auk01.csv").read_bytes())
    (tmp_path / "kikcalc.toml").write_text("[check]\ndeadweight_from_data = true\n", "utf-8")
    return tmp_path


def _spoil(folder: Path, value: str) -> int:
    """Replace Aabenraa's 2016K1 count with `value`; its line number."""
    csv = folder / "constructed-auk01.csv"
    lines = csv.read_text(encoding="utf-8").split("\n")
    number = lines.index("580;KT;TOT;TOT;2016K1;800")
    lines[number] = f"580;KT;TOT;TOT;2016K1;{value}"
    csv.write_text("\n".join(lines), encoding="utf-8")
    return number + 1


@pytest.mark.parametrize(("value", "message"), [
    ("1e999999", "'1e999999' is out of range (at most 12 digits before and after the point)"),
    ("1E+500", "'1E+500' is out of range (at most 12 digits before and after the point)"),
    ("1e-13", "'1e-13' is out of range (at most 12 digits before and after the point)"),
    ("9" * 140_000, "cannot be read as CSV: field larger than field limit (131072)"),
])
@pytest.mark.parametrize("command", ["check", "benchmark"])
def test_a_statistics_value_out_of_bounds_is_k142_at_its_line(
        compared: Path, command: str, value: str, message: str) -> None:
    line = _spoil(compared, value)
    run = kikcalc(command, compared / "kik1.yaml")
    assert run.exit_code == 1, _said(run)
    found = [x for x in _said(run).splitlines() if "K142" in x]
    label = os.path.relpath(compared / "constructed-auk01.csv")  # as read_named names it
    assert found == [f"{label}:{line}:1: K142 {message}"]
    assert "internal error" not in _said(run)


def test_a_statistics_file_in_a_link_loop_is_k142(compared: Path) -> None:
    csv = compared / "constructed-auk01.csv"
    csv.unlink()
    csv.symlink_to("loop.csv")
    (compared / "loop.csv").symlink_to(csv.name)
    run = kikcalc("benchmark", compared / "kik1.yaml")
    assert run.exit_code == 1, _said(run)
    assert (f"{compared / 'kik1.yaml'}:118:16: K142 cannot read statistics file "
            "constructed-auk01.csv: Too many levels of symbolic links") in run.stderr


def test_an_over_long_field_is_a_problem_at_its_line_and_the_rest_is_read() -> None:
    from kikcalc.statbank.read import read_caseloads

    long = "x" * 200_000
    text = (f"# comment\nOMRÅDE;YDELSESTYPE;TID;INDHOLD\n580;KT;2016;{long}\n"
            "580;KT;2017;1e400\n580;KT;2018;12\n")
    data, problems = read_caseloads(text, "s.csv")
    assert data is None
    assert [str(p) for p in problems] == [
        "s.csv:3: cannot be read as CSV: field larger than field limit (131072)",
        "s.csv:4: '1e400' is out of range (at most 12 digits before and after the point)"]
    _, problems = read_caseloads(f"{long};TID\n", "h.csv")
    assert [p.line for p in problems] == [1, 1]
    assert "header not understood" in problems[1].message


def test_the_largest_statistics_value_in_range_is_read(compared: Path) -> None:
    _spoil(compared, "999999999999.999")
    run = kikcalc("benchmark", compared / "kik1.yaml")
    assert run.exit_code == 0, _said(run)


# --- K207: targets x counts -------------------------------------------------------------


class Day(datetime.date):
    """A date that counts how often it is compared."""

    compared = 0

    def __lt__(self, other: Any) -> bool:
        Day.compared += 1
        return super().__lt__(other)

    def __le__(self, other: Any) -> bool:
        Day.compared += 1
        return super().__le__(other)

    def __gt__(self, other: Any) -> bool:
        Day.compared += 1
        return super().__gt__(other)

    def __ge__(self, other: Any) -> bool:
        Day.compared += 1
        return super().__ge__(other)


def _targets_and_counts(n: int) -> Iterator[Any]:
    from kikcalc.model.groups import CaseloadCount, CaseloadTarget

    start = datetime.date(2000, 1, 1)

    def day(offset: int) -> Day:
        moved = start + datetime.timedelta(days=offset)
        return Day(moved.year, moved.month, moved.day)

    yield [CaseloadTarget.model_construct(persons=Decimal(i % 50), by=day(i))
           for i in range(n)]
    yield [CaseloadCount.model_construct(date=day(n - i), persons=Decimal(100 + i))
           for i in range(n)]


class _Subject:
    """What check_caseload_targets reads of a checked file: its groups, and how to say."""

    def __init__(self, groups: list[Any]) -> None:
        self.loaded = type("Loaded", (), {"strategy": type("S", (), {
            "target_groups": groups})()})()

    def issue(self, code: str, message: str, path: tuple[Any, ...]) -> tuple[str, str]:
        return code, message


def test_k207_takes_n_log_n_comparisons() -> None:
    """1,000 targets x 1,000 counts: each target once against the counts sorted once
    (each target sorted every count again, and took their latest: over a million
    comparisons)."""
    from kikcalc.gate.checks import check_caseload_targets
    from kikcalc.model.groups import TargetGroup

    targets, counts = _targets_and_counts(1000)
    group = TargetGroup.model_construct(name="G", caseload_targets=targets, caseload=counts)
    Day.compared = 0
    found = list(check_caseload_targets(_Subject([group]), None))  # type: ignore[arg-type]
    assert Day.compared < 60_000
    assert len(found) == 1000 and {code for code, _ in found} == {"K207"}
    from kikcalc.present.messages import message_text

    assert message_text(found[0][1], "en") == (
        "group 'G' missed its caseload target of 0 by 2000-01-01; the latest, 100 on "
        "2002-09-27, is still above it")


def _one_at_a_time(target: Any, counts: list[Any]) -> tuple[str, Any]:
    """The rule as it was written before: every count sorted again for each target."""
    in_time = sorted((c for c in counts if c.date <= target.by), key=lambda c: c.date)
    for count in in_time:
        if count.persons <= target.persons:
            return "met", count
    later = sorted((c for c in counts if c.date > target.by), key=lambda c: c.date)
    for k, count in enumerate(later):
        if count.persons <= target.persons:  # late only if a count on or after the date
            on_or_after = [c for c in counts if c.date == target.by] + later[:k]  # missed it
            return ("met_late" if on_or_after else "met_by"), count
    return ("missed" if later else "open"), (in_time[-1] if in_time else None)


def test_target_states_agree_with_the_rule_one_target_at_a_time() -> None:
    from kikcalc.analysis.targets import TargetStatus, target_states
    from kikcalc.model.groups import CaseloadCount, CaseloadTarget

    day = datetime.date.fromisoformat
    counts = [CaseloadCount.model_construct(date=day(d), persons=Decimal(p)) for d, p in (
        ("2018-01-29", 499), ("2015-06-30", 1008), ("2017-07-31", 563),
        ("2017-07-31", 480), ("2019-03-01", 300))]
    targets = [CaseloadTarget.model_construct(persons=Decimal(p), by=day(d)) for p, d in (
        (500, "2018-12-31"), (490, "2017-07-31"), (400, "2017-12-31"), (200, "2018-12-31"),
        (350, "2020-01-01"), (100, "2014-01-01"), (1008, "2014-01-01"), (100, "2020-01-01"))]
    states = target_states(targets, counts)
    assert [(s.state, s.count) for s in states] == [_one_at_a_time(t, counts) for t in targets]
    assert [(s.state, s.count and s.count.persons) for s in states] == [
        ("met", 480), ("met", 480), ("met_late", 300), ("missed", 499), ("met", 300),
        ("missed", None), ("met_by", 1008), ("open", 300)]
    assert target_states(targets[:1], [])[0] == TargetStatus("open", None)


def test_11000_missed_targets_are_each_k207(tmp_path: Path) -> None:
    """11,000 targets and 11,000 counts (0.9 MB): over a minute before, seconds now."""
    start = datetime.date(2000, 1, 1)
    lines = ["kikcalc: 1", "name: Mål", "period: {start: 2025, end: 2027}", "unit: kr.",
             "retention: 100", "unit_costs: {k: 100}", "target_groups:", "  - name: G",
             "    benefit: k", "    reduction: {2025: 1}", "    outcomes: {selvforsorgelse: 100}",
             "    caseload_targets:"]
    n = 11_000
    lines += [f"      - {{persons: {i % 50}, by: {start + datetime.timedelta(days=i)}}}"
              for i in range(n)]
    lines.append("    caseload:")
    lines += [f"      - {{date: {start + datetime.timedelta(days=n - i)}, persons: {100 + i}}}"
              for i in range(n)]
    path = write_strategy(tmp_path, "\n".join(lines) + "\n")
    run = _cli("check", "-f", "json", path)
    assert run.returncode == 1, run.stderr
    assert json.loads(run.stdout)["files"][0]["errors"] == n  # every target missed: K207
    assert '"K207"' in run.stdout
