"""The command line as a user meets it: formats, golden output, --output, exit codes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import EXAMPLES, ROOT, STRATEGIES, kikcalc, write_strategy

GOLDEN = ROOT / "tests" / "golden"
FORMATS = {"text": "txt", "json": "json", "markdown": "md", "csv": "csv"}
UPDATE = os.environ.get("KIKCALC_UPDATE_GOLDEN") == "1"


@pytest.mark.parametrize("path", STRATEGIES + EXAMPLES, ids=lambda p: p.stem)
@pytest.mark.parametrize("command", ["payback", "net", "variance"])
@pytest.mark.parametrize("fmt", FORMATS)
def test_golden_output(path: Path, command: str, fmt: str) -> None:
    """Every format of every command on every shipped file, byte for byte.

    Regenerate after an intended change with KIKCALC_UPDATE_GOLDEN=1, then read the diff.
    """
    run = kikcalc(command, path.relative_to(ROOT), "--format", fmt)
    assert run.exit_code == 0, run.stderr
    golden = GOLDEN / f"{path.stem}.{command}.{FORMATS[fmt]}"
    if UPDATE:
        golden.parent.mkdir(exist_ok=True)
        golden.write_text(run.stdout, encoding="utf-8")
    assert run.stdout == golden.read_text(encoding="utf-8")


def test_english_labels_and_number_style() -> None:
    out = kikcalc("net", "strategies/kik1.yaml", "--lang", "en").stdout
    assert "Investment, total  " in out
    assert "-23.8" in out and "-68.0" in out


def test_decimals_option_overrides_the_file() -> None:
    out = kikcalc("variance", "strategies/kik1.yaml", "--decimals", "2").stdout
    assert "24,20" in out


def test_tables_are_never_cut_off_whatever_the_terminal(tmp_path: Path) -> None:
    env = {**os.environ, "COLUMNS": "20"}
    out = subprocess.run([sys.executable, "-m", "kikcalc", "net", "strategies/kik2.yaml"],
                         capture_output=True, text=True, check=True, env=env, cwd=ROOT).stdout
    assert out == kikcalc("net", "strategies/kik2.yaml").stdout
    # a long name wraps at a space within 100 columns; its numbers stay on its first line
    assert "\nBesparelse: Aktivitetsparate kontant- og " in out
    assert "\nuddannelseshjælpsmodtagere\n" in out
    assert max(len(line) for line in out.splitlines()) <= 100


def test_several_files_give_a_json_list() -> None:
    docs = kikcalc("payback", *STRATEGIES, "-f", "json").json()
    assert [d["name"] for d in docs] == ["KIJOS Aabenraa", "KIK-I Aabenraa", "KIK-II Aabenraa"]


def test_json_is_stable_and_has_the_contract_keys() -> None:
    first = kikcalc("net", "examples/eksempelby.yaml", "-f", "json").stdout
    assert first == kikcalc("net", "examples/eksempelby.yaml", "-f", "json").stdout
    year = json.loads(first)["years"][0]
    assert {"year", "investment", "savings", "net", "cumulative"} <= set(year)
    assert isinstance(year["year"], int)


def test_output_file_is_written_whole(tmp_path: Path) -> None:
    target = tmp_path / "out.md"
    run = kikcalc("net", "strategies/kik1.yaml", "-f", "markdown", "--output", target)
    assert (run.exit_code, run.stdout) == (0, "")
    assert target.read_text(encoding="utf-8") == \
        kikcalc("net", "strategies/kik1.yaml", "-f", "markdown").stdout
    assert [p.name for p in tmp_path.iterdir()] == ["out.md"]  # no temporary file left


def test_output_never_overwrites_an_input(tmp_path: Path) -> None:
    source = write_strategy(tmp_path, (ROOT / "examples/eksempelby.yaml").read_text("utf-8"))
    before = source.read_bytes()
    run = kikcalc("payback", source, "--output", source)
    assert run.exit_code == 2
    assert "er en fil, kikcalc har læst" in run.stderr  # Danish by default
    assert source.read_bytes() == before


def test_output_into_a_missing_directory_is_a_clear_error(tmp_path: Path) -> None:
    run = kikcalc("payback", "strategies/kik1.yaml", "--output", tmp_path / "nope" / "x.txt")
    assert run.exit_code == 2
    assert run.stderr.startswith("kikcalc: --output") and "findes ikke" in run.stderr


def test_invalid_file_leaves_an_existing_output_untouched(tmp_path: Path) -> None:
    target = tmp_path / "out.json"
    target.write_text("previous", encoding="utf-8")
    broken = write_strategy(tmp_path, "kikcalc: 1\n")
    assert kikcalc("payback", broken, "--output", target).exit_code == 1
    assert target.read_text(encoding="utf-8") == "previous"


def test_schema_is_json_schema_draft_07() -> None:
    schema = kikcalc("schema").json()
    assert schema["$schema"] == "http://json-schema.org/draft-07/schema#"
    assert schema["additionalProperties"] is False
    assert {"kikcalc", "name", "period", "unit"} <= set(schema["required"])


def test_help_and_version() -> None:
    run = kikcalc("--help")
    assert run.exit_code == 0
    for command in ("payback", "net", "variance", "schema"):
        assert command in run.stdout
    assert kikcalc("--version").stdout.startswith("kikcalc ")


def test_console_script_reports_problems_without_a_traceback(tmp_path: Path) -> None:
    broken = write_strategy(tmp_path, "kikcalc: 1\nname: [\n")
    run = subprocess.run([sys.executable, "-m", "kikcalc", "payback", str(broken)],
                         capture_output=True, text=True, cwd=ROOT)
    assert run.returncode == 1
    assert run.stderr.startswith(f"{broken}:3:1: K101 YAML-syntaks")  # Danish by default
    assert "Traceback" not in run.stderr


def test_a_closed_pipe_is_not_an_error() -> None:
    shell = f"{sys.executable} -m kikcalc net strategies/kik2.yaml | head -c 10"
    run = subprocess.run(shell, shell=True, capture_output=True, text=True, cwd=ROOT)
    assert "Traceback" not in run.stderr
    assert "Error" not in run.stderr


def test_committed_schema_is_current() -> None:
    committed = (ROOT / "schema" / "kikcalc-strategy.schema.json").read_text(encoding="utf-8")
    assert kikcalc("schema").stdout == committed, "run kikcalc schema -o schema/..."


@pytest.mark.parametrize("path", STRATEGIES + EXAMPLES + sorted(
    (ROOT / "examples" / "proposals").glob("*.yaml")), ids=lambda p: p.name)
def test_every_strategy_names_the_schema_for_editors(path: Path) -> None:
    first = path.read_text(encoding="utf-8").splitlines()[0]
    assert first.startswith("# yaml-language-server: $schema=")
    schema = (path.parent / first.split("$schema=")[1]).resolve()
    assert schema == ROOT / "schema" / "kikcalc-strategy.schema.json"


def test_output_never_overwrites_a_budget_table_a_strategy_reads(tmp_path: Path) -> None:
    (tmp_path / "budget-tables").mkdir()
    table = tmp_path / "budget-tables" / "aabenraa-2021.yaml"
    table.write_bytes((ROOT / "strategies/budget-tables/aabenraa-2021.yaml").read_bytes())
    strategy = tmp_path / "kik1.yaml"
    strategy.write_bytes((ROOT / "strategies/kik1.yaml").read_bytes())
    before = table.read_bytes()
    run = kikcalc("payback", strategy, "--output", table)
    assert run.exit_code == 2
    assert "er en fil, kikcalc har læst" in run.stderr  # Danish by default
    assert table.read_bytes() == before
