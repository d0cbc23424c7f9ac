"""Bad input: one clear line each, `file:line:column: CODE message`, exit 1; never a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest

from kikcalc.reading.strict_yaml import MAX_BYTES, MAX_DEPTH
from tests.conftest import MINIMAL, kikcalc, write_strategy

GOOD = MINIMAL + """\
investments:
  - name: Indsats
    category: initiatives
    by_year: {2025: 1.0, 2026: 1.0}
unit_costs:
  unit: kr.
  kontanthjaelp: 100000
  fleksjob: 120000
target_groups:
  - name: Jobparate
    benefit: kontanthjaelp
    reduction: {2025: 10, 2026: 20, 2027: 20}
    outcomes:
      selvforsorgelse: 80
      anden_ydelse: {share: 20, benefit: fleksjob}
"""


def bad(tmp_path: Path, text: str) -> tuple[str, str]:
    """Run payback on `text` in English (the words below are English; the Danish ones are
    tests/test_lang.py's); return (the one stderr line, the file name)."""
    path = write_strategy(tmp_path, text)
    run = kikcalc("payback", "--lang", "en", path)
    assert run.exit_code == 1, run.stdout + run.stderr
    assert run.stdout == ""
    assert "Traceback" not in run.stderr
    lines = run.stderr.splitlines()
    assert len(lines) == 1, run.stderr
    return lines[0], str(path)


def test_the_good_file_is_good(tmp_path: Path) -> None:
    assert kikcalc("payback", write_strategy(tmp_path, GOOD)).exit_code == 0


CASES = [
    # (description, old text, new text, line:column, code, words the message must contain)
    ("duplicate key", "unit: mio. kr.\n", "unit: mio. kr.\nunit: kr.\n",
     "5:1", "K102", ["duplicate key 'unit'", "line 4"]),
    ("anchor", "by_year: {2025: 1.0", "by_year: &y {2025: 1.0", "8:14", "K103", ["anchors (&y)"]),
    ("alias", "    reduction: {2025: 10, 2026: 20, 2027: 20}",
     "    reduction: {2025: 10, 2026: 20, 2027: 20}\n    baseline: *x", "17:15", "K103",
     ["aliases (*x)"]),
    ("custom tag", "kontanthjaelp: 100000", "kontanthjaelp: !!float 100000", "11:18", "K104",
     ["tags (!!float)"]),
    ("python tag", "kontanthjaelp: 100000", "kontanthjaelp: !!python/object:os.system x",
     "11:18", "K104", ["tags (!!python/object:os.system)"]),
    ("split not 100", "selvforsorgelse: 80", "selvforsorgelse: 75", "17:5", "K121",
     ["'Jobparate'", "sums to 95, not 100"]),
    ("fractions", "selvforsorgelse: 80\n      anden_ydelse: {share: 20,",
     "selvforsorgelse: 0.8\n      anden_ydelse: {share: 0.2,", "17:5", "K121",
     ["sums to 1.0", "write percentages"]),
    ("year outside period", "{2025: 1.0, 2026: 1.0}", "{2025: 1.0, 2031: 1.0}", "8:26", "K122",
     ["year 2031 is outside the period 2025-2027"]),
    ("unknown benefit", "benefit: fleksjob}", "benefit: flexjob}", "19:42", "K125",
     ["unknown benefit 'flexjob'", "kontanthjaelp, fleksjob"]),
    ("negative reduction", "{2025: 10, 2026: 20", "{2025: 10, 2026: -20", "16:33", "K110",
     ["reduction 2026", "must be 0 or more"]),
    ("negative cost", "{2025: 1.0, 2026: 1.0}", "{2025: -1.0, 2026: 1.0}", "8:21", "K110",
     ["by_year 2025", "must be 0 or more"]),
    ("unknown key", "    category: initiatives", "    categroy: initiatives", "7:5", "K110",
     ["unknown key 'categroy'", "allowed keys: name, category"]),
    ("unknown top-level key", "unit: mio. kr.\n", "unit: mio. kr.\nbugdet: {}\n", "5:1", "K110",
     ["unknown key 'bugdet'"]),
    ("quoted number", "kontanthjaelp: 100000", "kontanthjaelp: '100000'", "11:18", "K110",
     ["expected a number, got '100000' (write it without quotes)"]),
    ("decimal comma", "{2025: 1.0, 2026: 1.0}", "{2025: '1,5', 2026: 1.0}", "8:21", "K110",
     ["expected a number", "write decimals with a point: 1.5"]),
    ("bad category", "category: initiatives", "category: salaries", "7:15", "K110",
     ["category", "'initiatives'"]),
    ("schema version", "kikcalc: 1", "kikcalc: 2", "1:10", "K110",
     ["schema version 2; this kikcalc reads version 1"]),
    ("missing key", "name: Mini\n", "", "1:1", "K110", ["missing required key 'name'"]),
    ("total mismatch", "    by_year: {2025: 1.0, 2026: 1.0}",
     "    by_year: {2025: 1.0, 2026: 1.0}\n    total: 2.5", "9:12", "K124",
     ["total 2.5 does not equal the sum of its years, 2.0"]),
    ("unknown source", "    category: initiatives", "    category: initiatives\n    source: x",
     "8:13", "K128", ["unknown source 'x'"]),
    ("no benefit for a costly outcome", "anden_ydelse: {share: 20, benefit: fleksjob}",
     "anden_ydelse: 20", "19:21", "K125", ["needs a benefit"]),
    ("period backwards", "{start: 2025, end: 2027}", "{start: 2025, end: 2020}", "3:28", "K121",
     ["ends (2020) before it starts (2025)"]),
    ("reduction above baseline", "    reduction: {2025: 10, 2026: 20, 2027: 20}",
     "    baseline: 15\n    reduction: {2025: 10, 2026: 20, 2027: 15}", "17:33", "K127",
     ["reduction 20 in 2026 exceeds the baseline of 15"]),
    ("huge number", "kontanthjaelp: 100000", "kontanthjaelp: 1e999999", "11:18", "K110",
     ["number 1e999999 is out of range"]),
    ("tiny number", "kontanthjaelp: 100000", "kontanthjaelp: 1e-40", "11:18", "K110",
     ["out of range"]),
    ("same group name twice", "      anden_ydelse: {share: 20, benefit: fleksjob}\n",
     "      anden_ydelse: {share: 20, benefit: fleksjob}\n  - name: Jobparate\n"
     "    benefit: kontanthjaelp\n    reduction: {2025: 1}\n    outcomes: {selvforsorgelse: 100}\n",
     "20:11", "K130", ["two target groups are named 'Jobparate'"]),
    ("YAML syntax", "    category: initiatives", "    category: [initiatives", "8:12", "K101",
     ["YAML syntax", "flow sequence on line 7"]),
]


@pytest.mark.parametrize(("old", "new", "where", "code", "words"),
                         [case[1:] for case in CASES], ids=[case[0] for case in CASES])
def test_bad_input_gives_one_located_line(tmp_path: Path, old: str, new: str, where: str,
                                          code: str, words: list[str]) -> None:
    assert old in GOOD
    line, name = bad(tmp_path, GOOD.replace(old, new, 1))
    assert line.startswith(f"{name}:{where}: {code} "), line
    for word in words:
        assert word in line


def test_several_problems_are_all_reported_in_file_order(tmp_path: Path) -> None:
    text = GOOD.replace("{2025: 1.0,", "{2025: x,").replace("{2025: 10,", "{2025: y,")
    path = write_strategy(tmp_path, text)
    run = kikcalc("payback", path)
    assert run.exit_code == 1
    assert [line.split(":")[1] for line in run.stderr.splitlines()] == ["8", "16"]


def test_nesting_is_capped(tmp_path: Path) -> None:
    deep = "note: " + "[" * (MAX_DEPTH + 1) + "]" * (MAX_DEPTH + 1) + "\n"
    line, name = bad(tmp_path, MINIMAL + deep)
    assert line.startswith(f"{name}:5:") and "K105 nesting deeper than" in line


def test_size_is_capped(tmp_path: Path) -> None:
    line, name = bad(tmp_path, MINIMAL + "# " + "x" * MAX_BYTES + "\n")
    assert line == f"{name}:1:1: K105 file is larger than {MAX_BYTES:,} bytes"


@pytest.mark.parametrize(("text", "words"), [
    ("", "a strategy file is a mapping"),
    ("- just\n- a list\n", "a strategy file is a mapping"),
    ("a: 1\n---\nb: 2\n", "only one YAML document"),
    ("? [a, b]\n: 1\n", "a key must be a plain word or number"),
])
def test_not_a_strategy_at_all(tmp_path: Path, text: str, words: str) -> None:
    line, _ = bad(tmp_path, text)
    assert words in line


def test_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "latin1.yaml"
    path.write_bytes(MINIMAL.encode() + "note: Sønderborg\n".encode("latin-1"))
    run = kikcalc("payback", path)
    assert run.exit_code == 1
    assert run.stderr == f"{path}:5:1: K101 filen er ikke UTF-8-tekst\n"
    assert kikcalc("payback", "--lang", "en", path).stderr == \
        f"{path}:5:1: K101 file is not UTF-8 text\n"


def test_missing_file_is_a_usage_error() -> None:
    run = kikcalc("payback", "no/such/file.yaml")
    assert run.exit_code == 2
    assert run.stderr == "kikcalc: kan ikke læse no/such/file.yaml: filen findes ikke\n"
    run = kikcalc("payback", "no/such/file.yaml", "--lang", "en")
    assert run.stderr == "kikcalc: cannot read no/such/file.yaml: No such file or directory\n"


def test_a_directory_is_a_usage_error(tmp_path: Path) -> None:
    run = kikcalc("net", tmp_path)
    assert run.exit_code == 2
    assert run.stderr == f"kikcalc: kan ikke læse {tmp_path}: ikke en almindelig fil (en " \
        "FIFO, enhed, sokkel eller mappe)\n"


def test_good_files_still_report_when_one_is_bad(tmp_path: Path) -> None:
    broken = write_strategy(tmp_path, GOOD.replace("selvforsorgelse: 80", "selvforsorgelse: 70"))
    run = kikcalc("payback", "examples/eksempelby.yaml", broken, "-f", "json")
    assert run.exit_code == 1
    assert [doc["name"] for doc in run.json()] == ["Eksempelby - jobparate"]
    assert "summer til 90, ikke 100" in run.stderr


def test_timestamps_stay_strings_and_dates_are_checked(tmp_path: Path) -> None:
    text = GOOD + "actuals:\n  2025: {amount: 1.0, as_of: 2025-13-01}\n"
    line, name = bad(tmp_path, text)
    assert line.startswith(f"{name}:21:30: K110 actuals 2025 as_of: input should be a valid date")


def test_unknown_option_is_a_usage_error() -> None:
    run = kikcalc("payback", "examples/eksempelby.yaml", "--format", "pdf")
    assert run.exit_code == 2


@pytest.mark.parametrize(("extra", "words"), [
    ('unit_costs: {unit: kr., "²": abc}\n', "expected a number"),
    ("actuals: {2025: {amount: 1, as_of: 1751241600}}\n", "write the date as YYYY-MM-DD"),
    ('name2: x\n', "unknown key 'name2'"),
    ("price_year: 2025\nindexation: {rate: -100}\n", "greater than -100"),
])
def test_reviewed_inputs_give_one_line(tmp_path: Path, extra: str, words: str) -> None:
    line, _ = bad(tmp_path, MINIMAL + extra)
    assert words in line


def test_a_name_is_one_line(tmp_path: Path) -> None:
    line, _ = bad(tmp_path, MINIMAL.replace("name: Mini", 'name: "Mini\\nX"'))
    assert "s.yaml:2:7: K110 name: must be one line (only a note may break lines)" in line


def test_control_characters_are_located(tmp_path: Path) -> None:
    line, name = bad(tmp_path, 'kikcalc: 1\nname: "a\x07b"\n')
    assert line == f"{name}:2:9: K101 character U+0007 is not allowed in YAML"


def test_full_fade_is_zero_not_a_crash(tmp_path: Path) -> None:
    text = GOOD.replace("    reduction: {2025: 10, 2026: 20, 2027: 20}",
                        "    reduction: {2025: 10, 2026: 20, 2027: 20}\n"
                        "    persistence: {after: 2025, fade: 100}")
    doc = kikcalc("net", write_strategy(tmp_path, text), "-f", "json").json()
    assert [r["persons"] for r in doc["groups"][0]["reduction"]] == ["10", "0", "0"]


@pytest.mark.parametrize(("row", "words"), [
    ("  unit: {persons: 1, net: 1}\n", "has the name of a unit_costs setting"),
    ("  kh: {persons: 1, net: -5}\n", "must be 0 or more"),
])
def test_budget_table_rows(tmp_path: Path, row: str, words: str) -> None:
    table = tmp_path / "t.yaml"
    table.write_text(f"kikcalc_table: 1\nname: T\nunit: kr.\nrows:\n{row}", encoding="utf-8")
    run = kikcalc("unitcosts", "--lang", "en", table)
    assert run.exit_code == 1
    assert words in run.stderr


def test_an_unreadable_file_does_not_hide_the_valid_ones() -> None:
    run = kikcalc("payback", "examples/eksempelby.yaml", "no/such.yaml", "-f", "json",
                  "--lang", "en")
    assert run.exit_code == 2
    assert [doc["name"] for doc in run.json()] == ["Eksempelby - jobparate"]
    assert run.stderr == "kikcalc: cannot read no/such.yaml: No such file or directory\n"
