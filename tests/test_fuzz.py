"""Fuzzing through the CLI and engine invariants. A small budget runs in CI; set
KIKCALC_FUZZ_EXAMPLES (e.g. 5000) for a longer local run."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kikcalc.engine.projection import evaluate, running_sum
from kikcalc.engine.results import Actual, Plan
from kikcalc.model.money import UNIT_FACTORS, convert
from tests.conftest import ROOT, kikcalc
from tests.schema_documents import from_schema

EXAMPLES = int(os.environ.get("KIKCALC_FUZZ_EXAMPLES", "60"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much,
                                       HealthCheck.data_too_large, HealthCheck.large_base_example])


def _run_cli(text: str, tmp: Path) -> None:
    path = tmp / "fuzz.yaml"
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    for command in ("payback", "net", "variance", "check"):
        run = kikcalc(command, path, "-f", "json")
        assert run.exit_code in (0, 1, 2), (command, run.exit_code)
        assert "Traceback" not in run.stderr
        assert "internal error" not in run.stderr, run.stderr


@FUZZ
@given(st.text(max_size=400))
def test_random_text_through_the_cli(tmp_path_factory: pytest.TempPathFactory,
                                     text: str) -> None:
    _run_cli(text.replace("\x00", ""), tmp_path_factory.mktemp("t"))


@FUZZ
@given(st.recursive(st.none() | st.booleans() | st.integers(-10**6, 10**6)
                    | st.sampled_from(["2025", "x", "1.5", "kr."]),
                    lambda inner: st.lists(inner, max_size=3)
                    | st.dictionaries(st.sampled_from(["kikcalc", "name", "period", "unit",
                                                       "start", "end", "budget", "2025"]),
                                      inner, max_size=4), max_leaves=15))
def test_random_yaml_through_the_cli(tmp_path_factory: pytest.TempPathFactory,
                                     data: Any) -> None:
    _run_cli(yaml.safe_dump(data, allow_unicode=True), tmp_path_factory.mktemp("y"))


keys = st.sampled_from(["kikcalc", "name", "period", "unit", "start", "end", "investments",
                        "by_year", "fte", "cost_per_fte", "target_groups", "outcomes",
                        "reduction", "phase_in", "budget", "actuals", "amount", "as_of",
                        "unit_costs", "benefit", "share", "count", "2025", "2026", "scenarios",
                        "uncertainty", "driver", "triangular", "retention", "indexation"])
leaf = st.one_of(st.integers(-10**4, 10**4), st.floats(-1e4, 1e4, allow_nan=False).map(
                     lambda f: round(f, 2)),
                 st.sampled_from(["mio. kr.", "kr.", "2026-06-30", "2018-06", "x", None, True,
                                  [60, 100, 110], "selvforsorgelse"]))
shaped = st.recursive(leaf, lambda inner: st.lists(inner, max_size=3)
                      | st.dictionaries(keys, inner, max_size=5), max_leaves=20)


SCHEMA = json.loads((ROOT / "schema" / "kikcalc-strategy.schema.json").read_text("utf-8"))


@FUZZ
@given(from_schema(SCHEMA))
def test_documents_from_the_schema_through_the_cli(tmp_path_factory: pytest.TempPathFactory,
                                                   document: dict[str, Any]) -> None:
    _run_cli(yaml.safe_dump(_years_as_numbers(document), allow_unicode=True),
             tmp_path_factory.mktemp("j"))


def _years_as_numbers(value: Any) -> Any:
    """JSON keys are text; in YAML a year is written as a number."""
    if isinstance(value, dict):
        return {int(k) if isinstance(k, str) and k.isdecimal() else k: _years_as_numbers(v)
                for k, v in value.items()}
    if isinstance(value, list):
        return [_years_as_numbers(v) for v in value]
    return value


@FUZZ
@given(st.dictionaries(keys, shaped, max_size=8))
def test_strategy_shaped_documents_through_the_cli(tmp_path_factory: pytest.TempPathFactory,
                                                   document: dict[str, Any]) -> None:
    base = {"kikcalc": 1, "name": "F", "period": {"start": 2025, "end": 2026},
            "unit": "mio. kr."}
    text = yaml.safe_dump({**base, **document}, allow_unicode=True, default_style=None)
    _run_cli(text, tmp_path_factory.mktemp("s"))


money = st.decimals(min_value=-10**6, max_value=10**6, places=2, allow_nan=False)


@given(st.lists(st.tuples(money, st.one_of(st.none(), money)), min_size=1, max_size=8))
def test_variance_is_actual_minus_budget(pairs: list[tuple[Decimal, Decimal | None]]) -> None:
    budget = {2020 + i: b for i, (b, _) in enumerate(pairs)}
    actuals = {2020 + i: Actual(a) for i, (_, a) in enumerate(pairs) if a is not None}
    rows = evaluate(Plan(2020, 2019 + len(pairs), budget=budget, actuals=actuals)).variance
    for row in rows:
        if row.actual is not None:
            assert row.difference == row.actual - budget[row.year]
    series = evaluate(Plan(2020, 2019 + len(pairs), budget=budget)).series["budget"]
    assert series.cumulative == running_sum(budget)


@given(money, st.sampled_from(list(UNIT_FACTORS)), st.sampled_from(list(UNIT_FACTORS)))
def test_unit_conversions_round_trip_exactly(value: Decimal, a: str, b: str) -> None:
    assert convert(convert(value, a, b), b, a) == value


def test_a_writer_killed_before_the_replace_leaves_the_old_file(tmp_path: Path) -> None:
    target = tmp_path / "memo.md"
    target.write_text("the adopted memo", encoding="utf-8")
    code = ("import os, sys, time\nimport kikcalc.cli.output as out\n"
            "def slow_replace(a, b):\n    print('written', flush=True)\n    time.sleep(30)\n"
            "out.os.replace = slow_replace\n"
            "out.write_atomic(sys.argv[1], 'x' * 10_000_000)\n")
    writer = subprocess.Popen([sys.executable, "-c", code, str(target)], cwd=ROOT,
                              stdout=subprocess.PIPE, text=True)
    assert writer.stdout is not None
    with writer.stdout:
        assert writer.stdout.readline().strip() == "written"  # the new text is on disk
        writer.send_signal(signal.SIGKILL)
        writer.wait(timeout=10)
    time.sleep(0.05)
    assert target.read_text(encoding="utf-8") == "the adopted memo"
