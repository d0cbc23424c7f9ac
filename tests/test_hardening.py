"""Issue 12, second round of hardening: each reproduction of the issue as a test.

Crashes become findings with their position or usage errors that name the option; cells
that reach a spreadsheet cannot be formulas; output never replaces a device or an input.
"""

from __future__ import annotations

import json
import re
from decimal import Decimal
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


@pytest.mark.usefixtures("in_english")
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


@pytest.mark.usefixtures("in_english")
def test_a_rate_compounded_over_a_century_is_a_finding(tmp_path: Path) -> None:
    text = GROUP.replace("unit: kr.\n", "unit: kr.\nprice_year: 1900\n"
                         "indexation: {rate: 100}\n")
    run = kikcalc("check", write_strategy(tmp_path, text))
    assert run.exit_code == 1
    assert ":6:20: K133 indexation from 1900 makes unit cost 'kontanthjaelp'" in _said(run)
    assert "more than 12 digits" in _said(run)


def test_json_never_carries_nan() -> None:
    from kikcalc.present.jsondoc import NotJson, dumps

    with pytest.raises(NotJson, match="not a finite number"):
        dumps({"p50": float("nan")})
    with pytest.raises(NotJson):
        dumps([float("inf")])


def test_simulate_json_refuses_nan_with_a_clean_error(tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("numpy")
    import kikcalc.present.simulation_view as view

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


@pytest.mark.usefixtures("in_english")
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


@pytest.mark.usefixtures("in_english")
def test_a_wrong_type_and_an_unknown_key_are_both_reported(tmp_path: Path) -> None:
    text = GROUP.split("target_groups:", maxsplit=1)[0] + "target_groups: Jobparate\nbogus: 1\n"
    path = write_strategy(tmp_path, text)
    run = kikcalc("check", path)
    assert run.exit_code == 1
    assert f"{path}:8:16: K110 target_groups: input should be a valid list" in _said(run)
    assert f"{path}:9:1: K110 unknown key 'bogus'" in _said(run)


@pytest.mark.usefixtures("in_english")
def test_nested_problems_beside_unknown_keys_keep_their_words(tmp_path: Path) -> None:
    text = GROUP.replace("{name: A, by_year: {2025: 0.000001}}",
                         "{name: A, by_year: {2025: '1,5'}, '{got}': 1}")
    run = kikcalc("check", write_strategy(tmp_path, text))
    assert "by_year 2025: expected a number, got '1,5' (write decimals with a point" \
        in _said(run)
    assert "unknown key '{got}'; allowed keys: name, category" in _said(run)


def test_pydantic_wording_does_not_leak() -> None:
    from kikcalc.present.messages import issue_line, message_text
    from kikcalc.reading.documents import schema_issue
    from kikcalc.reading.strict_yaml import Positions

    error = {"type": "value_error", "loc": ("name",), "msg": "Value error, no tabs here",
             "input": "x", "ctx": {"error": ValueError("no tabs here")}}
    issue = schema_issue("f.yaml", error, {"name": "x"}, Positions())
    assert message_text(issue.message, "en") == "name: no tabs here"
    assert "Value error" not in issue_line(issue, "en")


def test_dollars_and_backslashes_in_names_are_drawn_as_text(tmp_path: Path) -> None:
    """No math text, no TeX: a name is drawn as written, in both charts' formats."""
    pytest.importorskip("PIL")
    text = GROUP.replace("name: Hård", "name: 'Plan $\\foo$ og $x$'")
    text = text.replace("name: G", "name: '$\\bar{G}$'").replace("name: G,", "name: x,")
    path = write_strategy(tmp_path, text)
    out = tmp_path / "chart.svg"
    run = kikcalc("report", path, "-f", "svg", "-o", out)
    assert run.exit_code == 0, run.stderr
    assert "Plan $\\foo$ og $x$" in out.read_text(encoding="utf-8")
    run = kikcalc("report", path, "-f", "html", "-o", tmp_path / "memo.html")
    assert run.exit_code == 0, run.stderr
    run = kikcalc("report", path, "-f", "png", "-o", tmp_path / "chart.png")
    assert run.exit_code == 0, run.stderr


# --- cells that reach a spreadsheet ----------------------------------------------------

HOSTILE = "=HYPERLINK(\"http://x\";\"klik\")"
HOSTILE_FILE = GROUP.replace("name: Hård", "name: '=1+1'").replace(
    "name: A,", "name: '@SUM(A1)',").replace("name: G", f"name: '{HOSTILE}'") + """\
  - name: '-2+3'
    benefit: kontanthjaelp
    reduction: {2026: 1}
    outcomes: {selvforsorgelse: 100}
other_effects:
  - {name: "+cmd|' /C calc'!A0", by_year: {2025: -3}}
"""
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _csv_cells(text: str, delimiter: str) -> list[list[str]]:
    import csv
    import io

    return list(csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=delimiter))


@pytest.mark.parametrize(("args", "delimiter"), [
    (("net", "-f", "csv"), ";"), (("payback", "-f", "csv", "--lang", "en"), ","),
    (("report", "-f", "csv", "--csv-dialect", "plain"), ","),
    (("report", "-f", "csv"), ";"), (("sensitivity", "-f", "csv"), ";"),
])
def test_csv_cells_are_never_formulas(tmp_path: Path, args: tuple[str, ...],
                                      delimiter: str) -> None:
    path = write_strategy(tmp_path, HOSTILE_FILE)
    run = kikcalc(*args, path)
    assert run.exit_code == 0, run.stderr
    cells = [c for row in _csv_cells(run.stdout, delimiter) for c in row]
    signed = re.compile("[+-]([0-9][0-9.,]*([ \u00a0]?%)?)?")  # a number, a percentage, "-"
    assert [c for c in cells if c.startswith(FORMULA_START) and not signed.fullmatch(c)] == []
    assert any(c.startswith("'=1+1") for c in cells) or args[0] == "sensitivity"
    if args[0] == "net":
        assert any(c.startswith(f"'{HOSTILE}") for c in cells)
        assert any(c.startswith("'-2+3") for c in cells)
        assert any(c.startswith("-3") for c in cells)  # other effects: a number, unquoted


def test_inert_text_keeps_plain_text_and_quotes_formulas() -> None:
    from kikcalc.present.render.cells import inert_text

    for text in FORMULA_START:
        assert inert_text(text + "A1") == "'" + text + "A1"
    assert [inert_text(t) for t in ("Jobparate", "", "-", "-25 %", "+10 %", "-3,7", "\t-3")] \
        == ["Jobparate", "", "-", "-25 %", "+10 %", "-3,7", "'\t-3"]
    assert inert_text("+10\u00a0%") == "+10\u00a0%"  # a heading's no-break space (issue 25)
    assert inert_text("-1+1") == "'-1+1"
    assert inert_text("+cmd|' /C calc'!A0") == "'+cmd|' /C calc'!A0"


def _xlsx_xml(data: bytes) -> dict[str, str]:
    import io
    import zipfile

    book = zipfile.ZipFile(io.BytesIO(data))
    return {name: book.read(name).decode("utf-8") for name in book.namelist()
            if name.endswith(".xml")}


def test_xlsx_text_is_never_a_formula(tmp_path: Path) -> None:
    pytest.importorskip("xlsxwriter")
    text = HOSTILE_FILE.replace("name: '=1+1'", "name: \"'History\"")
    path = write_strategy(tmp_path, text)
    out = tmp_path / "memo.xlsx"
    run = kikcalc("report", path, "-f", "xlsx", "-o", out)
    assert run.exit_code == 0, run.stderr
    xml = _xlsx_xml(out.read_bytes())
    sheets = [v for k, v in xml.items() if k.startswith("xl/worksheets/sheet")]
    # formulas on every live sheet, made of cell references, numbers and kikcalc's own
    # words ("ikke tilbagebetalt"), never of a name from the file
    formulas = re.findall(r"<f(?: [^>]*)?>([^<]*)</f>", "".join(sheets))
    assert sum("<f" in sheet for sheet in sheets) >= 5
    assert all(re.fullmatch(r"[A-Z0-9$'!:+\-*/^().,<>=&;{}\"\w ]*", f) for f in formulas)
    assert not any(name in f for f in formulas
                   for name in ("HYPERLINK", "=1+1", "@SUM", "-2+3", "cmd|"))
    # there, as text (the workbook is written row by row: its text stands in its cells)
    assert re.search(r"<t(?: [^>]*)?>[^<]*=HYPERLINK", "".join(sheets))
    assert "<v>-3</v>" in "".join(sheets)  # numbers stay numbers


def test_xlsx_sheet_names_excel_accepts() -> None:
    from kikcalc.present.render.xlsx import _sheet_name

    used: set[str] = set()
    names = [_sheet_name(t, used) for t in ("'quoted'", "History", "a:b\x07", "''", "=1+1")]
    assert names == ["quoted", "Tabel", "b", "Tabel 2", "=1+1"]


def test_docx_survives_any_string(tmp_path: Path) -> None:
    pytest.importorskip("docx")
    from kikcalc.present.render.docx import xml_text

    assert xml_text("a\x00b\x1bc\ufffe\td\ne") == "a\ufffdb\ufffdc\ufffd\td\ne"
    out = tmp_path / "memo.docx"
    path = write_strategy(tmp_path, HOSTILE_FILE)
    run = kikcalc("report", path, "-f", "docx", "-o", out, "--no-chart")
    assert run.exit_code == 0, run.stderr


@pytest.mark.parametrize("fmt", ["docx", "xlsx", "csv"])
def test_writers_survive_control_characters_that_passed_load(tmp_path: Path, fmt: str) -> None:
    """Load refuses control characters; the writers do not count on it."""
    from kikcalc import record

    pytest.importorskip("docx" if fmt == "docx" else "xlsxwriter")
    from kikcalc.evaluation.evaluated import evaluate_loaded
    from kikcalc.loading.strategy import load_strategy
    from kikcalc.present.memo import build_report
    from kikcalc.present.render import delimited
    from kikcalc.present.render.docx import render_docx
    from kikcalc.present.render.xlsx import render_xlsx
    from kikcalc.present.views import context_of

    loaded, _ = load_strategy(str(write_strategy(tmp_path, GROUP)))
    assert loaded is not None
    ev = evaluate_loaded(loaded)
    report = build_report(loaded, ev, context_of(ev, "da", None))
    bad = "\x00\x07\x1b[31m\x0c\ud800\uffff"
    table = record.replace(report.tables[0], title=bad, notes=(bad,))
    report = record.replace(report, title=bad, subtitle=bad, footnotes=(bad,),
                                 tables=(table, *report.tables[1:]))
    if fmt == "docx":
        assert render_docx(report, {}).startswith(b"PK")
    elif fmt == "xlsx":
        assert render_xlsx(report).startswith(b"PK")
    else:
        assert delimited.render(list(report.tables), "da")


# --- output that never replaces a device or an input ------------------------------------


def test_output_to_a_fifo_writes_into_it(tmp_path: Path) -> None:
    import os
    import threading

    from kikcalc.cli.output import write_atomic

    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    got: list[str] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_text(encoding="utf-8")))
    reader.start()
    write_atomic(str(fifo), "through the pipe")
    reader.join(timeout=10)
    assert got == ["through the pipe"]
    assert fifo.is_fifo()


def test_output_to_a_device_or_stdout_replaces_nothing(tmp_path: Path) -> None:
    """As `-o /dev/null` and `-o /dev/stdout`, but on a device node of the test's own and
    on /dev/fd/1, so that the code before the fix cannot replace the system's."""
    import os
    import stat
    import subprocess
    import sys

    from kikcalc.cli.output import is_special
    from tests.conftest import ROOT

    assert is_special(Path("/dev/stdout")) and is_special(Path("/dev/null"))
    targets = ["/dev/fd/1"]
    null = tmp_path / "null"
    try:
        os.mknod(null, 0o666 | stat.S_IFCHR, os.makedev(1, 3))  # what /dev/null is
        targets.append(str(null))
    except PermissionError:
        pass
    for target in targets:
        run = subprocess.run([sys.executable, "-m", "kikcalc", "payback",
                              "examples/eksempelby.yaml", "-o", target],
                             cwd=ROOT, capture_output=True, text=True, check=False)
        assert run.returncode == 0, run.stderr
        assert ("Eksempelby" in run.stdout) == (target == "/dev/fd/1")
    if len(targets) > 1:
        assert stat.S_ISCHR(null.stat().st_mode)
        assert [p.name for p in tmp_path.iterdir()] == ["null"]


def test_a_name_under_dev_is_never_created(tmp_path: Path) -> None:
    run = kikcalc("payback", "examples/eksempelby.yaml", "-o", "/dev/kikcalc-no-such-device")
    assert run.exit_code == 2
    assert not Path("/dev/kikcalc-no-such-device").exists()


def test_the_policy_that_was_read_is_never_overwritten(tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    policy = tmp_path / "kikcalc.toml"
    policy.write_text("[check]\nmax_payback_years = 9\n", encoding="utf-8")
    strategy = write_strategy(tmp_path, Path("examples/eksempelby.yaml").read_text("utf-8"))
    monkeypatch.chdir(tmp_path)
    run = kikcalc("check", strategy.name, "-o", "kikcalc.toml")
    assert run.exit_code == 2
    assert "--output kikcalc.toml er en fil, kikcalc har læst" in run.stderr
    assert policy.read_text(encoding="utf-8") == "[check]\nmax_payback_years = 9\n"


def test_stale_temporaries_of_our_own_are_removed(tmp_path: Path) -> None:
    import os
    import time

    from kikcalc.cli.output import write_atomic

    stale = tmp_path / ".kikcalc-memo.md.0123456789abcdef.tmp"
    fresh = tmp_path / ".kikcalc-memo.md.fedcba9876543210.tmp"
    other = tmp_path / ".memo.md.tmp"
    for path in (stale, fresh, other):
        path.write_text("half a memo", encoding="utf-8")
    old = time.time() - 120
    os.utime(stale, (old, old))
    os.utime(other, (old, old))
    write_atomic(str(tmp_path / "memo.md"), "the memo")
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        [fresh.name, other.name, "memo.md"])


def test_a_killed_writer_leaves_nothing_a_later_run_keeps(tmp_path: Path) -> None:
    import os
    import signal
    import subprocess
    import sys
    import time

    from kikcalc.cli.output import write_atomic
    from tests.conftest import ROOT

    target = tmp_path / "memo.md"
    target.write_text("the adopted memo", encoding="utf-8")
    code = ("import sys, time\nimport kikcalc.cli.output as out\n"
            "def slow(handle, data):\n    print('writing', flush=True)\n    time.sleep(30)\n"
            "out._write_all = slow\nout.write_atomic(sys.argv[1], 'x' * 1000)\n")
    writer = subprocess.Popen([sys.executable, "-c", code, str(target)], cwd=ROOT,
                              stdout=subprocess.PIPE, text=True)
    assert writer.stdout is not None
    with writer.stdout:
        assert writer.stdout.readline().strip() == "writing"
        writer.send_signal(signal.SIGKILL)
        writer.wait(timeout=10)
    left = [p for p in tmp_path.iterdir() if p != target]
    assert all(p.name.startswith(".kikcalc-memo.md.") for p in left)  # ours, if any
    old = time.time() - 120
    for path in left:
        os.utime(path, (old, old))
    write_atomic(str(tmp_path / "other.md"), "next run")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["memo.md", "other.md"]
    assert target.read_text(encoding="utf-8") == "the adopted memo"


# --- breakeven inside the possible -------------------------------------------------------

BREAKEVEN = """\
kikcalc: 1
name: Skift
period: {start: 2025, end: 2029}
unit: kr.
investments:
  - {name: A, by_year: {2025: 1000000}}
unit_costs: {kontanthjaelp: 100000}
target_groups:
  - name: G
    benefit: kontanthjaelp
    reduction: {2025: 5, 2026: 5, 2027: 5, 2028: 5, 2029: 5}
    deadweight: 10
    outcomes: {selvforsorgelse: 100}
other_effects:
  - {name: Tilskud, by_year: {2025: 1200000}}
"""


def test_breakeven_answers_only_inside_the_possible(tmp_path: Path) -> None:
    """Deadweight would have to reach 108 % (10.8 times plan) and the reduction -8.9 % of
    plan: neither can, so neither switches. The investment may rise to 345 % of plan."""
    path = write_strategy(tmp_path, BREAKEVEN)
    run = kikcalc("breakeven", path, "--by", "2029", "-f", "json")
    assert run.exit_code == 0, run.stderr
    found = {v["kind"]: v["factor"] for v in run.json()["switching_values"]}
    assert found == {"reduction": None, "deadweight": None, "unit_cost": None,
                     "investment": "3.45"}
    text = kikcalc("breakeven", path, "--by", "2029", "--lang", "en").stdout
    assert "does not switch within what is possible" in text


@pytest.mark.usefixtures("in_english")  # reads an English message
def test_breakeven_by_defaults_to_the_last_year_and_refuses_outside(tmp_path: Path) -> None:
    path = write_strategy(tmp_path, BREAKEVEN)
    run = kikcalc("breakeven", path, "-f", "json")
    assert run.exit_code == 0, run.stderr
    assert run.json()["by"] == 2029
    for year in ("2035", "2024"):
        run = kikcalc("breakeven", path, "--by", year)
        assert run.exit_code == 2
        assert f"kikcalc: --by {year}: outside the period 2025-2029" in run.stderr
        assert run.stdout == ""


def test_possible_factors() -> None:
    from kikcalc.analysis.sensitivity import Driver, possible_factors
    from kikcalc.evaluation.evaluated import evaluate_loaded
    from kikcalc.loading.strategy import load_strategy

    loaded, _ = load_strategy("examples/eksempelby.yaml")
    assert loaded is not None
    plan = evaluate_loaded(loaded).plan
    assert possible_factors(plan, Driver("share", "Jobparate")) == (0, Decimal("1.25"))
    assert possible_factors(plan, Driver("reduction", "Jobparate")) == (0, None)


# --- --set and --scenario on the command line ----------------------------------------------

DOTTED = GROUP.replace("name: G", "name: Jobparate 2.0\n    deadweight: 0")


@pytest.mark.parametrize("path", ['target_groups."Jobparate 2.0".deadweight',
                                  "target_groups[Jobparate 2.0].deadweight"])
def test_a_group_with_a_dot_in_its_name_can_be_set(tmp_path: Path, path: str) -> None:
    file = write_strategy(tmp_path, DOTTED)
    run = kikcalc("net", file, "-f", "json", "--set", f"{path}=20")
    assert run.exit_code == 0, run.stderr
    assert run.json()["groups"][0]["deadweight"] == "20"


def test_a_scenario_in_the_file_may_quote_a_dotted_name(tmp_path: Path) -> None:
    file = write_strategy(tmp_path, DOTTED + "scenarios:\n  lav: {'target_groups[Jobparate "
                          "2.0].deadweight': 50}\n")
    run = kikcalc("net", file, "-f", "json", "--scenario", "lav")
    assert run.exit_code == 0, run.stderr
    assert run.json()["groups"][0]["deadweight"] == "50"


@pytest.mark.parametrize(("value", "words"), [
    ("1e13", "number 1e13 is out of range (at most 12 digits"),
    ("9e999999", "number 9e999999 is out of range"),
    ("12345678901234567890123456789012345678", "number 12345678901234567890123456789012345678 "
                                               "is out of range"),
    ("1" * 45, "is longer than 40 characters"),
])
def test_set_keeps_the_files_digit_limit(tmp_path: Path, value: str, words: str) -> None:
    file = write_strategy(tmp_path, GROUP)
    run = kikcalc("payback", file, "--set", f"unit_costs.kontanthjaelp={value}")
    assert run.exit_code == 2
    assert run.stderr.startswith(f"kikcalc: --set unit_costs.kontanthjaelp={value}: number")
    assert words in run.stderr
    assert "internal error" not in run.stderr


@pytest.mark.parametrize(("args", "words"), [
    (("--set", "target_groups.Nope.deadweight=20"),
     "kikcalc: --set target_groups.Nope.deadweight: {file}: no item 'Nope' in target_groups"),
    (("--set", "nothing=1"), "kikcalc: --set nothing: {file}: no key 'nothing' in the file"),
    (("--set", "a..b=1"), "kikcalc: --set a..b=1: cannot read the path at character 3"),
    (("--set", "=1"), "kikcalc: --set =1: write PATH=VALUE"),
    (("--scenario", "nope"), "kikcalc: --scenario nope: no such scenario in {file}; it has none"),
])
def test_a_wrong_set_or_scenario_is_a_usage_error(tmp_path: Path, args: tuple[str, ...],
                                                  words: str) -> None:
    file = write_strategy(tmp_path, GROUP)
    run = kikcalc("payback", file, *args)
    assert run.exit_code == 2
    assert run.stderr.startswith(words.format(file=file))
    assert "K136" not in run.stderr and f"{file}:" not in run.stderr.replace(f"{file}: ", "")


def test_a_set_value_the_rules_refuse_is_a_usage_error_naming_the_option(tmp_path: Path
                                                                         ) -> None:
    """The value came from the command line, not the file: exit 2, the option named."""
    text = GROUP.replace("    benefit: kontanthjaelp\n",
                         "    benefit: kontanthjaelp\n    deadweight: 10\n")
    file = write_strategy(tmp_path, text)
    run = kikcalc("payback", file, "--set", "target_groups.G.deadweight=120")
    assert run.exit_code == 2
    assert run.stderr.startswith("kikcalc: --set target_groups.G.deadweight=120: "
                                 "target_groups 'G' deadweight: must be 100 or less, got 120")
    assert f"{file}:" not in run.stderr
    assert kikcalc("payback", file, "--set", "target_groups.G.deadweight=20").exit_code == 0


# --- unitcosts --format yaml: a block that pastes as it reads -------------------------------

NAMES = ["kontanthjaelp", "a: b", "# ikke en kommentar", "yes", "2027", "null", "- x",
         "Jobparate 2.0", "sygedagpenge ø", "'citat'", '"citat"', "x\ny", "tab\there",
         "nel\x85ls\u2028ps\u2029", "{a}", "[b]", "&anker", "*alias", "!tag", "%d", "@x", "`x`"]


def test_the_yaml_block_round_trips_every_name() -> None:
    import yaml

    from kikcalc.present.unit_costs import _yaml_key, _yaml_quoted

    block = "unit_costs:\n  # " + _yaml_quoted("Navn\nmed: linjeskift\u2028")[1:-1] + "\n" + \
        "".join(f"  {_yaml_key(name)}: {i}\n" for i, name in enumerate(NAMES))
    assert len(block.splitlines()) == len(NAMES) + 2  # the comment kept to its line
    assert yaml.safe_load(block) == {"unit_costs": {name: i for i, name in enumerate(NAMES)}}
    assert _yaml_key("kontanthjaelp") == "kontanthjaelp"  # plain where plain is safe


def test_unitcosts_yaml_pastes_into_a_strategy(tmp_path: Path) -> None:
    import yaml

    rows = {"a: b": 10, "yes": 20, "2027": 30, "Jobparate 2.0": 40}
    table = tmp_path / "table.yaml"
    table.write_text("kikcalc_table: 1\nname: 'Budget # 2025: \"prøve\"'\nyear: 2025\n"
                     "unit: kr.\nrows:\n" + "".join(
                         f"  {json.dumps(k)}: {{persons: 1, net: {v}}}\n"
                         for k, v in rows.items())
                     + f"total: {{persons: {len(rows)}, net: {sum(rows.values())}}}\n",
                     encoding="utf-8")
    run = kikcalc("unitcosts", table, "-f", "yaml")
    assert run.exit_code == 0, run.stderr
    costs = yaml.safe_load(run.stdout)["unit_costs"]
    assert {k: v for k, v in costs.items() if k != "unit"} == rows


def test_the_markdown_memo_escapes_its_title_and_notes(tmp_path: Path) -> None:
    text = GROUP.replace("name: Hård", 'name: "<script>alert(1)</script> @someone"')
    run = kikcalc("report", write_strategy(tmp_path, text), "-f", "markdown",
                  "--no-uncertainty")
    assert run.exit_code == 0, run.stderr
    assert "<script>" not in run.stdout
    assert run.stdout.startswith("# &lt;script&gt;alert(1)&lt;/script&gt; @\u200bsomeone\n")
