"""Small things a user trips on (issue 25, item 6): a decimal comma in flow style, `--set`
of an optional key the file leaves out, a memo poured into a terminal, tables wider than
a terminal, chart legends without a background, shell completion."""

from __future__ import annotations

from pathlib import Path

import pytest

from kikcalc.reading.strict_yaml import YamlProblem, read_yaml
from tests.conftest import MINIMAL, kikcalc, write_strategy

HINT = "expected a number, got '1,5' (write decimals with a point: 1.5)"


@pytest.mark.parametrize(("by_year", "column"), [
    ("by_year: {2020: 1,5}", 21), ("by_year: {2020: 1,5, 2021: 2}", 21),
    ("by_year:\n      2020: 1,5", 13),
])
def test_a_decimal_comma_gets_the_same_hint_in_flow_and_block_style(
        tmp_path: Path, by_year: str, column: int) -> None:
    path = write_strategy(tmp_path, MINIMAL + f"investments:\n  - name: A\n    {by_year}\n")
    run = kikcalc("net", path)
    assert run.exit_code == 1
    line = 7 if "\n" not in by_year else 8
    assert run.stderr.splitlines()[0] == \
        f"{path}:{line}:{column}: K110 investments 'A' by_year 2020: {HINT}"
    assert "1900 or more" not in run.stderr


def test_a_flow_mapping_reads_a_number_comma_number_back_as_written() -> None:
    data, positions = read_yaml("a: {2020: 1,5, 2021: -2,25, 2022: 3}\nb: {x: 1,y: 2}\n"
                                "c: [1,5]\nd: {2020: 1, 5: 2}\n")
    assert data == {"a": {2020: "1,5", 2021: "-2,25", 2022: 3}, "b": {"x": 1, "y": 2},
                    "c": [1, 5], "d": {2020: 1, 5: 2}}
    assert positions.values[("a", 2021)] == (1, 22)
    assert ("a", 5) not in positions.keys and ("a", 25) not in positions.keys
    with pytest.raises(YamlProblem, match="duplicate key '2020'"):
        read_yaml("a: {2020: 1,2020: 2}\n")
