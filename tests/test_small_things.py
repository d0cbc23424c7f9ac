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
    with pytest.raises(YamlProblem, match="k102"):  # a duplicate key: the message's key
        read_yaml("a: {2020: 1,2020: 2}\n")


def test_set_an_optional_key_the_file_leaves_out() -> None:
    run = kikcalc("payback", "strategies/kik1.yaml", "--set", "discount_rate=3.5")
    assert run.exit_code == 0, run.stderr
    assert "nutidsværdi 18,8 (diskonteringsrente 3,5 %)" in run.stdout
    scenario = kikcalc("payback", "strategies/kik1.yaml", "--set", "retention=80", "-f", "json")
    assert scenario.json()["economics"]["retention"] == "0.8"


@pytest.mark.parametrize(("value", "message"), [
    ("discount_rate=300", "--set discount_rate=300: discount_rate: must be 100 or less, got 300"),
    ("foo=1", "--set foo: strategies/kik1.yaml: no key 'foo' in the file (it may have: "
     "actuals, budget, budget_approved, budget_prices, comparison, decimals, discount_rate, "
     "funding, ...)"),
    ("period.foo=1", "--set period.foo: strategies/kik1.yaml: no key 'foo' in period (it may "
     "have: end, start)"),
    ("comparison=1", "--set comparison: strategies/kik1.yaml: 'comparison' is a block of "
     "values (against, baseline, benefit_types, cluster, country, municipality, note, "
     "source): set one of them, e.g. comparison.against=..."),
])
def test_set_still_refuses_what_the_file_format_has_no_place_for(value: str, message: str) -> None:
    run = kikcalc("payback", "strategies/kik1.yaml", "--set", value)
    assert (run.exit_code, run.stderr) == (2, f"kikcalc: {message}\n")


@pytest.mark.usefixtures("in_english")  # reads an English message
def test_a_problem_of_the_file_is_not_blamed_on_an_added_key(tmp_path: Path) -> None:
    path = write_strategy(tmp_path, "kikcalc: 1\nname: M\nperiod: {start: 2020, end: 2021}\n")
    run = kikcalc("payback", path, "--set", "discount_rate=3")
    assert (run.exit_code, run.stderr) == (1, f"{path}:1:1: K110 missing required key 'unit'\n")


def test_the_optional_one_value_keys_are_those_of_the_schema() -> None:
    from kikcalc.model.schema import strategy_json_schema
    from kikcalc.reading.overrides import OPTIONAL_SCALARS

    def types(node: dict[str, object]) -> set[object]:
        found = {node["type"]} if "type" in node else set()
        for key in ("anyOf", "oneOf"):
            for part in node.get(key, []):  # type: ignore[attr-defined]
                found |= types(part)
        return found

    schema = strategy_json_schema()
    optional = {key for key, node in schema["properties"].items()
                if key not in schema["required"]
                and types(node) & {"string", "number", "integer"}}
    assert optional == OPTIONAL_SCALARS


def _on_a_terminal(*args: str) -> tuple[int, str, str]:
    """Run kikcalc with its stdout on a pseudo-terminal, as a user at a shell has it; what
    reaches the terminal is read while it runs, so a full terminal never blocks it."""
    import os
    import pty
    import subprocess
    import sys

    leader, follower = pty.openpty()
    process = subprocess.Popen([sys.executable, "-m", "kikcalc", *args], stdout=follower,
                               stderr=subprocess.PIPE, text=True)
    os.close(follower)
    shown = b""
    try:
        while chunk := os.read(leader, 65536):
            shown += chunk
    except OSError:  # the terminal closed when kikcalc ended: all read
        pass
    finally:
        os.close(leader)
    assert process.stderr is not None
    with process.stderr:
        said = process.stderr.read()
    return process.wait(timeout=60), shown.decode("utf-8", "replace"), said


@pytest.mark.usefixtures("in_english")  # reads an English message
@pytest.mark.parametrize("fmt", ["html", "docx", "xlsx", "svg"])
def test_report_does_not_pour_a_document_into_a_terminal(fmt: str) -> None:
    args = ("report", "strategies/kik1.yaml") + (("-f", fmt) if fmt != "html" else ())
    code, shown, said = _on_a_terminal(*args)
    assert (code, shown) == (2, "")
    assert said == (f"kikcalc: use -o FILE.{fmt} to write the memo "
                    "(or -f markdown / -f text to read it here)\n")


def test_report_still_writes_html_to_a_pipe_and_text_to_a_terminal() -> None:
    piped = kikcalc("report", "strategies/kik1.yaml", "--no-chart")
    assert piped.exit_code == 0 and piped.stdout.startswith("<!DOCTYPE html>")
    code, shown, _ = _on_a_terminal("report", "strategies/kik1.yaml", "-f", "text",
                                    "--no-uncertainty")
    assert code == 0 and "Tilbagebetaling" in shown


def _legends(svg: str) -> list[str]:
    """The frame of each legend: a rectangle with the legend's grey edge."""
    import re

    return re.findall(r'<rect [^>]*stroke="#BBBBBB"[^>]*/>', svg)


def test_every_chart_legend_has_a_white_ground() -> None:
    pytest.importorskip("PIL")
    memo = kikcalc("report", "examples/benchmark/kik1.yaml", "--no-uncertainty")
    sensitivity = kikcalc("report", "strategies/kik2.yaml")  # the tornado chart
    portfolio = kikcalc("report", "--combine", "strategies/kik1.yaml", "strategies/kik2.yaml",
                        "-f", "svg")
    legends = [style for run in (memo, sensitivity, portfolio) for style in _legends(run.stdout)]
    assert len(legends) >= 5  # payback (twice), index, tornado, portfolio
    for style in legends:
        assert 'fill="#ffffff" fill-opacity="0.9"' in style, style


def test_shell_completion_is_offered_and_completes_commands_and_choices() -> None:
    import os
    import shutil
    import subprocess
    import sys

    help_text = kikcalc("--help").stdout
    assert "--install-completion" in help_text and "--show-completion" in help_text

    def complete(words: str, index: int) -> list[str]:
        env = {**os.environ, "_KIKCALC_COMPLETE": "complete_bash", "COMP_WORDS": words,
               "COMP_CWORD": str(index)}
        script = Path(sys.executable).with_name("kikcalc")  # the console script, by name
        if not script.exists():
            script = Path(shutil.which("kikcalc") or pytest.skip("no kikcalc script"))
        run = subprocess.run([str(script)], env=env, capture_output=True, text=True,
                             timeout=60, check=False)
        assert run.returncode == 0, run.stderr
        return run.stdout.split()

    assert complete("kikcalc rep", 1) == ["report"]
    assert complete("kikcalc report -f ", 3)[:3] == ["docx", "xlsx", "html"]


WIDE = [("net",), ("payback",), ("variance",), ("sensitivity",), ("targets",),
        ("report", "-f", "text"), ("report", "-f", "text", "--lang", "en")]


@pytest.mark.parametrize("command", WIDE, ids=" ".join)
@pytest.mark.parametrize("path", ["strategies/kik1.yaml", "strategies/kik2.yaml",
                                  "strategies/kijos.yaml", "examples/outcome-counts.yaml",
                                  "examples/reform-2025.yaml", "examples/benchmark/kik1.yaml"])
def test_text_output_fits_100_columns(command: tuple[str, ...], path: str) -> None:
    run = kikcalc(*command, path)
    assert run.exit_code in (0, 1), run.stderr
    assert [line for line in run.stdout.splitlines() if len(line) > 100] == []


def test_benchmark_and_a_portfolio_fit_100_columns() -> None:
    for args in (("benchmark", "examples/benchmark/kik1.yaml"),
                 ("report", "-f", "text", "--combine", "strategies/kik1.yaml",
                  "strategies/kik2.yaml", "strategies/kijos.yaml"),
                 ("diff", "examples/proposals/adopted.yaml",
                  "examples/proposals/pass-more-caseworkers.yaml")):
        run = kikcalc(*args)
        assert run.exit_code == 0, run.stderr
        assert [line for line in run.stdout.splitlines() if len(line) > 100] == [], args


def test_a_wide_table_wraps_its_text_at_spaces_and_keeps_every_number_whole() -> None:
    from decimal import Decimal

    from kikcalc.present.render.text import render_table
    from kikcalc.present.tables import Column, Table

    years = range(2020, 2040)
    names = ["Besparelse: Aktivitetsparate kontant- og uddannelseshjælpsmodtagere",
             "Investering i alt"]
    rows = tuple((name, *(Decimal(-1234567 * (k + 1) + y) / 10 for y in years))
                 for k, name in enumerate(names))
    table = Table("Tyve år", (Column("", "text"), *(Column(str(y)) for y in years)), rows,
                  ("En note, der er længere end en linje i en terminal, " * 3,), 1)
    shown = render_table(table, "da")
    lines = shown.splitlines()
    assert max(len(line) for line in lines) <= 100
    for y in years:  # stacked in blocks, each year once
        assert sum(line.split().count(str(y)) for line in lines) == 1
    for row in rows:  # every number whole, in its block
        for value in row[1:]:
            assert f"{value:,.1f}".replace(",", "X").replace(".", ",").replace("X", ".") in shown
    assert shown.count("Investering i alt") >= 2  # each block repeats the names
    words = set(names[0].split())
    assert words <= set(shown.split())  # wrapped at spaces, never inside a word
    assert "i en\n  terminal, En note" in shown  # a note's later lines are indented
