"""Output of the gate that cannot be injected and stays bounded, whatever the files hold.

Strings in a strategy land in a terminal, a CI log, a pull-request comment, a job summary
and XML; control characters are refused when the file is read, and each output escapes
for its place. A file with 10,000 bad references prints a bounded report that says what
it left out.
"""

from __future__ import annotations

import json
from pathlib import Path
from xml.etree import ElementTree

import pytest

from kikcalc.model.findings import CODES, Issue, Severity, Source
from kikcalc.present.render.findings import (
    MAX_PER_RULE,
    Checked,
    github_summary,
    render_github,
    render_junit,
    render_sarif,
    render_text,
)
from kikcalc.text.safe import has_unprintable, markdown_text
from tests.conftest import ROOT, kikcalc, write_strategy

GOOD = (ROOT / "examples" / "eksempelby.yaml").read_text(encoding="utf-8")
INJECTIONS = ["</details>", "<img src=x onerror=alert(1)>", "@everyone",
              "\r## All strategies approved", "\n::stop-commands::pwned", "::add-mask::x",
              "\x1b[2J\x1b[31mred", "[link](https://evil.example)", "| a | b |", "\x0c\x00\x7f",
              "\u202egnp.exe", "\x9b31m", "\udcff"]
HOSTILE = "".join(INJECTIONS)


def _swap(old: str, new: str) -> str:
    assert old in GOOD, old
    return GOOD.replace(old, new, 1)


# name -> (file text, code, words in the message, line, column)
REFUSED = {
    "ESC in an outcome name (a key)": (
        _swap("selvforsorgelse: 80", '"selv\\e[31mforsorgelse": 80'), "K101",
        "a key may not contain the control character \\x1b (U+001B)", 41, 7),
    "form feed in a budget year key": (
        _swap("budget: {2025:", 'budget: {"2025\\f":'), "K101", "\\x0c (U+000C)", 47, 10),
    "carriage return in a note": (
        _swap("kikcalc: 1\n", 'kikcalc: 1\nnote: "one\\r## All approved"\n'), "K101",
        "text may not contain the control character \\r (U+000D)", 7, 7),
    "NUL in a source title": (
        _swap("title: Investeringsstrategi 2025-2029", 'title: "a\\0b"'), "K101",
        "\\x00 (U+0000)", 15, 23),
    "DEL in a municipality": (
        _swap("municipality: Eksempelby", 'municipality: "Eks\\x7f"'), "K101", "\\x7f", 8, 15),
    "C1 control in a benefit": (
        _swap("benefit: kontanthjaelp\n", 'benefit: "kontant\\x9bhjaelp"\n'), "K101",
        "\\x9b (U+009B)", 37, 14),
    "bidi override in a benefit key": (
        _swap("kontanthjaelp: 100000", '"kontant\\u202ehjaelp": 100000'), "K101",
        "\\u202e (U+202E)", 32, 3),
    "tab in a source id": (
        _swap("{id: plan,", '{id: "pl\\tan",'), "K101", "\\t (U+0009)", 15, 10),
    "line break in a title": (
        _swap("title: Investeringsstrategi 2025-2029", 'title: "a\\n::stop-commands::x"'),
        "K110", "sources item 1 title: must be one line", 15, 23),
    "line break in a group name": (
        _swap("- name: Jobparate", '- name: "Job\\nparate"'), "K110", "must be one line",
        36, 11),
    "line break in a benefit": (
        _swap("benefit: kontanthjaelp\n", 'benefit: "kontant\\nhjaelp"\n'), "K110",
        "benefit: must be one line", 37, 14),
}


@pytest.mark.usefixtures("in_english")
@pytest.mark.parametrize("name", REFUSED)
def test_control_characters_are_refused_at_load_with_their_position(name: str,
                                                                    tmp_path: Path) -> None:
    text, code, words, line, column = REFUSED[name]
    path = write_strategy(tmp_path, text)
    run = kikcalc("check", path)
    assert run.exit_code == 1
    first = run.stdout.splitlines()[0]
    assert first.startswith(f"{path}:{line}:{column}: {code} "), first
    assert words in first
    assert has_unprintable(run.stdout, newline=True) is None


def test_a_note_may_break_lines(tmp_path: Path) -> None:
    path = write_strategy(tmp_path, _swap("kikcalc: 1\n", "kikcalc: 1\nnote: |\n  one\n  two\n"))
    assert kikcalc("payback", path).exit_code == 0


@pytest.mark.usefixtures("in_english")
def test_a_budget_table_refuses_control_characters_in_its_row_keys(tmp_path: Path) -> None:
    table = (ROOT / "strategies/budget-tables/aabenraa-2021.yaml").read_text(encoding="utf-8")
    path = tmp_path / "table.yaml"
    path.write_text(table.replace("  fleksjob:", '  "flex\\ejob":'), encoding="utf-8")
    run = kikcalc("unitcosts", path)
    assert run.exit_code == 1
    assert f"{path}:17:3: K101 a key may not contain the control character \\x1b" in run.stderr


def test_markdown_text_is_inert() -> None:
    text = markdown_text(HOSTILE)
    assert "\n" not in text and "\r" not in text
    assert "<" not in text and ">" not in text
    assert "@everyone" not in text and "@\u200beveryone" in text
    assert "](" not in text.replace("\\](", "")
    assert "|" not in text.replace("\\|", "")
    assert has_unprintable(text) is None
    assert markdown_text("kontant_uddannelseshjaelp") == "kontant_uddannelseshjaelp"
    assert markdown_text("_x_ *y*") == "\\_x\\_ \\*y\\*"


def _hostile_checked() -> list[Checked]:
    issues = tuple(Issue("K125", f"unknown benefit '{s}'", Source(f"dir/{s}.yaml", 3, 5))
                   for s in INJECTIONS)
    return [Checked(f"dir/{HOSTILE}.yaml", issues),
            Checked("ok.yaml", (Issue("K206", HOSTILE, Source("ok.yaml"), Severity.WARNING),))]


def test_github_commands_cannot_be_injected() -> None:
    out = render_github(_hostile_checked())
    for line in out.splitlines():
        assert line.startswith(("::error ", "::warning ", "::notice ")) or line[0].isdigit(), \
            line
    assert len(out.splitlines()) == len(INJECTIONS) + 2
    assert has_unprintable(out, newline=True) is None


def test_text_output_prints_no_control_character() -> None:
    out = render_text(_hostile_checked())
    assert has_unprintable(out, newline=True) is None
    assert len(out.splitlines()) == len(INJECTIONS) + 2
    assert "\\x1b[2J" in out
    assert has_unprintable(str(_hostile_checked()[0].issues[6])) is None


def test_job_summary_is_escaped() -> None:
    out = github_summary(_hostile_checked())
    assert has_unprintable(out, newline=True) is None
    for raw in ("</details>", "<img", "@everyone", "\n## All", "\n::"):
        assert raw not in out
    assert len(out.splitlines()) == 4 + len(INJECTIONS) + 1


def test_junit_is_well_formed_for_any_input() -> None:
    out = render_junit(_hostile_checked())
    root = ElementTree.fromstring(out.encode("utf-8"))
    cases = root.findall("testsuite/testcase")
    assert cases[0].get("name", "").startswith("dir/</details>")
    assert "\\x1b[2J" in (cases[0].find("failure").text or "")  # type: ignore[union-attr]


def test_diff_markdown_escapes_names(tmp_path: Path) -> None:
    plain = GOOD.split("\n# For `kikcalc simulate`")[0].replace(
        "- name: Jobparate", "- name: '</details><img src=x> @everyone [x](y) | *z*'")
    base = write_strategy(tmp_path, plain, "base.yaml")
    proposal = write_strategy(tmp_path, plain.replace(
        "reduction: {2025: 20, 2026: 50, 2027: 80", "reduction: {2025: 20, 2026: 60, 2027: 80"),
        "proposal.yaml")
    run = kikcalc("diff", base, proposal, "-f", "markdown", "--lang", "en")
    assert "&lt;/details&gt;&lt;img src=x&gt; @\u200beveryone \\[x\\](y) \\| \\*z\\*" in run.stdout
    assert run.stdout.count("</details>") == 1  # its own, at the end
    assert "<img" not in run.stdout and "@everyone" not in run.stdout


def _many_groups(n: int, name_length: int) -> str:
    groups = "".join(
        f"  - {{name: {'g' * (name_length - 5)}{i:05d}, benefit: kontanthjaelp, "
        "reduction: {2025: 1}, outcomes: {selvforsorgelse: 100}}\n" for i in range(n))
    return GOOD.replace("target_groups:\n", "target_groups:\n" + groups, 1)


def test_diff_markdown_stays_under_a_comment_limit(tmp_path: Path) -> None:
    base = write_strategy(tmp_path, GOOD, "base.yaml")
    proposal = write_strategy(tmp_path, _many_groups(1500, 190), "proposal.yaml")
    run = kikcalc("diff", base, proposal, "-f", "markdown", "--lang", "en")
    assert len(run.stdout) < 60_000
    assert "more rows not shown: a comment's length is limited." in run.stdout
    assert "</details>" in run.stdout


def _ten_thousand_bad_references() -> str:
    """About 1 MB: 800 benefits and 800 sources, 5,000 groups naming an unknown benefit and
    5,000 effects citing an unknown source."""
    head = ("kikcalc: 1\nname: Hostile\nperiod: {start: 2025, end: 2027}\nunit: kr.\n"
            "retention: 100\nsources:\n"
            + "".join(f"  - {{id: source_number_{i:04d}, title: t}}\n" for i in range(800))
            + "unit_costs:\n" + "".join(f"  benefit_number_{i:04d}: 1\n" for i in range(800)))
    groups = "target_groups:\n" + "".join(
        f"  - {{name: g{i}, benefit: nope{i}, reduction: {{2025: 1}}, "
        "outcomes: {selvforsorgelse: 100}}\n" for i in range(5000))
    effects = "other_effects:\n" + "".join(
        f"  - {{name: e{i}, by_year: {{2025: 1}}, source: missing{i}}}\n" for i in range(5000))
    return head + groups + effects


@pytest.mark.usefixtures("in_english")
def test_ten_thousand_bad_references_print_a_bounded_report(tmp_path: Path) -> None:
    text = _ten_thousand_bad_references()
    assert 800_000 < len(text) < 1_000_000
    path = write_strategy(tmp_path, text)
    run = kikcalc("check", path)
    assert run.exit_code == 1
    assert len(run.stdout.encode()) < 100_000
    lines = run.stdout.splitlines()
    assert f"{path}: K125: 4,950 more findings like this not shown" in lines
    assert f"{path}: K128: 4,950 more findings like this not shown" in lines
    assert lines[-1] == "1 file checked, 1 failed: 10,000 errors, 0 warnings"
    assert lines[0].endswith("benefit_number_0008, benefit_number_0009 and 790 more")
    doc = json.loads(kikcalc("check", "-f", "json", path).stdout)
    assert len(doc["findings"]) == 2 * MAX_PER_RULE
    assert doc["files"][0]["omitted"] == [
        {"code": "K125", "severity": "error", "count": 4950},
        {"code": "K128", "severity": "error", "count": 4950}]


def test_job_summary_stays_under_one_mebibyte() -> None:
    checked = [Checked(f"strategies/file{f:04d}.yaml", tuple(
        Issue(f"K1{20 + n % 10}", "x" * 900, Source(f"strategies/file{f:04d}.yaml", n + 1))
        for n in range(60))) for f in range(400)]
    out = github_summary(checked, "en")
    assert len(out.encode()) < 1_000_000
    assert out.rstrip().endswith("more rows not shown: the job summary is limited to 1 MiB; "
                                 "the job log has every finding.")
    assert out.startswith("### ❌ kikcalc check: 400 files checked, 400 failed: 24,000 errors")
    danish = github_summary(checked)
    assert len(danish.encode()) < 1_000_000
    assert danish.startswith("### ❌ kikcalc check: 400 filer kontrolleret, 400 afvist: "
                             "24.000 fejl")
    assert danish.rstrip().endswith("jobopsummeringen er begrænset til 1 MiB; jobloggen har "
                                    "alle fund.")


def test_sarif_has_what_code_scanning_needs(tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "sub dir"
    folder.mkdir()
    text = _swap("selvforsorgelse: 80", "selvforsorgelse: 75")
    (folder / "kik ø.yaml").write_text(text, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    doc = json.loads(render_sarif([Checked("sub dir/kik ø.yaml", (
        Issue("K121", "split 95", Source("sub dir/kik ø.yaml", 40, 5)),
        Issue("K121", "split 95", Source("sub dir/kik ø.yaml", 50, 5)),
        Issue("K102", "duplicate key 'a' (first given on line 3)",
              Source("sub dir/kik ø.yaml", 9, 1))))]))
    run = doc["runs"][0]
    driver = run["tool"]["driver"]
    assert driver["informationUri"].startswith("https://")
    assert {r["id"] for r in driver["rules"]} == set(CODES)
    for rule in driver["rules"]:
        assert rule["shortDescription"]["text"] and rule["fullDescription"]["text"]
        assert rule["help"]["text"] and rule["help"]["markdown"]
        assert rule["helpUri"].startswith("https://")
    assert run["originalUriBaseIds"] == {"%SRCROOT%": {"uri": tmp_path.as_uri() + "/"}}
    assert run["columnKind"] == "unicodeCodePoints"
    results = run["results"]
    assert results[0]["locations"][0]["physicalLocation"]["artifactLocation"] == {
        "uri": "sub%20dir/kik%20%C3%B8.yaml", "uriBaseId": "%SRCROOT%"}
    assert [driver["rules"][r["ruleIndex"]]["id"] for r in results] == ["K121", "K121", "K102"]
    prints = [r["partialFingerprints"]["kikcalcFindingHash/v1"] for r in results]
    assert prints[0].endswith(":1") and prints[1] == prints[0][:-1] + "2"
    moved = json.loads(render_sarif([Checked("sub dir/kik ø.yaml", (
        Issue("K102", "duplicate key 'a' (first given on line 7)",
              Source("sub dir/kik ø.yaml", 13, 1)),))]))
    assert moved["runs"][0]["results"][0]["partialFingerprints"] == \
        results[2]["partialFingerprints"]


def test_sarif_says_what_the_cap_left_out() -> None:
    issues = tuple(Issue("K125", f"unknown benefit 'b{n}'", Source("s.yaml", n + 1))
                   for n in range(MAX_PER_RULE + 7))
    run = json.loads(render_sarif([Checked("s.yaml", issues)], "en"))["runs"][0]
    assert len(run["results"]) == MAX_PER_RULE
    notes = run["invocations"][0]["toolExecutionNotifications"]
    assert notes == [{"level": "note", "descriptor": {"id": "K125"},
                      "message": {"text": "s.yaml: K125: 7 more findings like this not shown"}}]
    run = json.loads(render_sarif([Checked("s.yaml", issues)]))["runs"][0]  # Danish
    assert run["invocations"][0]["toolExecutionNotifications"][0]["message"] == {
        "text": "s.yaml: K125: 7 fund mere af samme slags er ikke vist"}


def test_every_format_names_the_policy_that_judged_each_file() -> None:
    from xml.etree import ElementTree

    files = ("examples/proposals/adopted.yaml", "strategies/kijos.yaml")
    policy = "examples/proposals/kikcalc.toml"
    for fmt in ("text", "github"):
        assert policy in kikcalc("check", *files, "-f", fmt).stdout, fmt
    doc = kikcalc("check", *files, "-f", "json").json()
    assert [f["policy"] for f in doc["files"]] == [policy, "defaults (no kikcalc.toml)"]
    junit = ElementTree.fromstring(kikcalc("check", *files, "-f", "junit").stdout)
    assert [p.get("value") for p in junit.iter("property")] == [policy,
                                                                "defaults (no kikcalc.toml)"]
    sarif = kikcalc("check", *files, "-f", "sarif").json()
    assert {r["properties"]["policy"] for r in sarif["runs"][0]["results"]} <= {
        policy, "defaults (no kikcalc.toml)"}
