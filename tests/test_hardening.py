"""Issue 12, second round of hardening: each reproduction of the issue as a test.

Crashes become findings with their position or usage errors that name the option; cells
that reach a spreadsheet cannot be formulas; output never replaces a device or an input.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import Run, kikcalc, write_strategy

GROUP = """\
kikcalc: 1
name: Hård
period: {start: 2025, end: 2027}
unit: kr.
investments:
  - {name: A, by_year: {2025: 0.000001}}
unit_costs: {kontanthjaelp: 100000}
target_groups:
  - name: G
    benefit: kontanthjaelp
    reduction: {2025: 1}
    outcomes: {selvforsorgelse: 100}
"""


def _said(run: Run) -> str:
    """Findings: `check` prints them on stdout, the other commands on stderr."""
    return run.stdout + run.stderr


# --- crashes and wrong answers -------------------------------------------------------


@pytest.mark.parametrize("command", ["check", "payback", "net", "simulate", "report"])
def test_a_runaway_indexation_rate_is_a_finding_at_the_rate(tmp_path: Path,
                                                            command: str) -> None:
    text = GROUP.replace("unit: kr.\n", "unit: kr.\nprice_year: 1900\n"
                         "indexation: {rate: 999999999999}\n")
    text += "uncertainty:\n  - {driver: reduction, name: G, triangular: [60, 100, 110]}\n"
    path = write_strategy(tmp_path, text)
    run = kikcalc(command, path, *(["-f", "json"] if command != "check" else []))
    assert run.exit_code == 1, run.stderr
    assert f"{path}:6:20: K110 indexation rate: must be 100 or less" in _said(run)
    assert "internal error" not in _said(run)


def test_a_rate_compounded_over_a_century_is_a_finding(tmp_path: Path) -> None:
    text = GROUP.replace("unit: kr.\n", "unit: kr.\nprice_year: 1900\n"
                         "indexation: {rate: 100}\n")
    run = kikcalc("check", write_strategy(tmp_path, text))
    assert run.exit_code == 1
    assert ":6:20: K133 indexation from 1900 makes unit cost 'kontanthjaelp'" in _said(run)
    assert "more than 12 digits" in _said(run)


def test_json_never_carries_nan() -> None:
    from kikcalc.jsondoc import NotJson, dumps

    with pytest.raises(NotJson, match="not a finite number"):
        dumps({"p50": float("nan")})
    with pytest.raises(NotJson):
        dumps([float("inf")])


def test_simulate_json_refuses_nan_with_a_clean_error(tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("numpy")
    import kikcalc.simulation_view as view

    real = view.simulate

    def broken(*args: object, **kwargs: object) -> object:
        result = real(*args, **kwargs)  # type: ignore[arg-type]
        result.npv["p50"] = float("nan")
        return result

    monkeypatch.setattr(view, "simulate", broken)
    text = GROUP + "uncertainty:\n  - {driver: reduction, name: G, uniform: [90, 110]}\n"
    run = kikcalc("simulate", "-f", "json", "--draws", "100", write_strategy(tmp_path, text))
    assert run.exit_code == 2
    assert "NaN" not in run.stdout
    assert "kikcalc: simulate: a result is not a finite number" in run.stderr


@pytest.mark.parametrize(("points", "column", "message"), [
    ("normal: [100, -5]", 42, "normal needs a standard deviation above 0, got -5"),
    ("normal: [100, 0]", 42, "normal needs a standard deviation above 0, got 0"),
    ("uniform: [110, 90]", 43, "uniform needs min < max, got 110, 90"),
    ("triangular: [100, 120, 110]", 46, "triangular needs min <= mode <= max"),
    ("pert: [100, 90, 110]", 40, "pert needs min <= mode <= max"),
])
def test_impossible_distributions_are_refused_at_load(tmp_path: Path, points: str,
                                                      column: int, message: str) -> None:
    text = GROUP + f"uncertainty:\n  - {{driver: reduction, name: G, {points}}}\n"
    path = write_strategy(tmp_path, text)
    for command in ("check", "simulate", "report"):
        run = kikcalc(command, path, "-f", "json") if command != "check" \
            else kikcalc(command, path)
        assert run.exit_code == 1, (command, run.stderr)
        assert f"{path}:14:{column}: K135 {message}" in _said(run)


def test_a_wrong_type_and_an_unknown_key_are_both_reported(tmp_path: Path) -> None:
    text = GROUP.split("target_groups:", maxsplit=1)[0] + "target_groups: Jobparate\nbogus: 1\n"
    path = write_strategy(tmp_path, text)
    run = kikcalc("check", path)
    assert run.exit_code == 1
    assert f"{path}:8:16: K110 target_groups: input should be a valid list" in _said(run)
    assert f"{path}:9:1: K110 unknown key 'bogus'" in _said(run)


def test_nested_problems_beside_unknown_keys_keep_their_words(tmp_path: Path) -> None:
    text = GROUP.replace("{name: A, by_year: {2025: 0.000001}}",
                         "{name: A, by_year: {2025: '1,5'}, '{got}': 1}")
    run = kikcalc("check", write_strategy(tmp_path, text))
    assert "by_year 2025: expected a number, got '1,5' (write decimals with a point" \
        in _said(run)
    assert "unknown key '{got}'; allowed keys: name, category" in _said(run)


def test_pydantic_wording_does_not_leak() -> None:
    from kikcalc.load import _schema_issue
    from kikcalc.yamlread import Positions

    error = {"type": "value_error", "loc": ("name",), "msg": "Value error, no tabs here",
             "input": "x", "ctx": {"error": ValueError("no tabs here")}}
    issue = _schema_issue("f.yaml", error, {"name": "x"}, Positions())
    assert issue.message == "name: no tabs here"
    assert "Value error" not in str(issue)
