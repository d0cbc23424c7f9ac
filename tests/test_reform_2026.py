"""K213: an outcome into ressourceforløb or revalidering from 2026, when both are abolished
for new citizens (lov nr. 1750 af 29. december 2025); K214: a target, counts or a comparison
by visitation category across 1 January 2027 (docs/reforms.md)."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import ROOT, kikcalc, write_strategy

GOOD = (ROOT / "examples" / "eksempelby.yaml").read_text(encoding="utf-8")


def _into(benefit_line: str, tmp_path: Path) -> Path:
    text = GOOD.replace("  fleksjob: 120000\n", f"  fleksjob: 120000\n{benefit_line}\n", 1)
    key = benefit_line.split(":", maxsplit=1)[0].strip()
    text = text.replace("anden_ydelse: {share: 5, benefit: fleksjob}",
                        f"anden_ydelse: {{share: 5, benefit: {key}}}", 1)
    assert key in text.split("target_groups:")[1]
    return write_strategy(tmp_path, text)


def test_an_outcome_into_ressourceforloeb_from_2026_is_warned(tmp_path: Path) -> None:
    path = _into("  ressourceforloebsydelse: 150000", tmp_path)
    run = kikcalc("--lang", "en", "check", path)
    assert run.exit_code == 0, run.stdout  # a warning: the file may mean courses begun
    line = next(x for x in run.stdout.splitlines() if "K213" in x)
    # eksempelby's reduction starts in 2025: from 2026, when the reform took effect
    assert "outcome 'anden_ydelse' moves people to ressourceforloebsydelse in 2026" in line
    assert "abolished for new citizens from 1 February 2026" in line
    assert line.startswith(f"{path}:44:7:")  # at the outcome's key


def test_a_label_names_the_benefit_too(tmp_path: Path) -> None:
    text = GOOD.replace("  fleksjob: 120000\n", "  fleksjob: 120000\n  rf: 150000\n"
                        "  labels: {rf: Revalideringsydelse}\n", 1)
    text = text.replace("anden_ydelse: {share: 5, benefit: fleksjob}",
                        "anden_ydelse: {share: 5, benefit: rf}", 1)
    run = kikcalc("check", write_strategy(tmp_path, text))
    assert "K213 advarsel" in run.stdout and "Revalideringsydelse i 2026" in run.stdout


def test_other_benefits_are_not() -> None:
    assert "K213" not in kikcalc("check", ROOT / "examples" / "eksempelby.yaml").stdout
    for strategy in sorted((ROOT / "strategies").glob("*.yaml")):
        assert "K213" not in kikcalc("check", strategy).stdout  # KIK-I, KIK-II, KIJOS


# --- K214: the 2027 series break by visitation category --------------------------------------

def test_a_target_and_a_count_by_visitation_category_across_2027_are_warned() -> None:
    """docs/reforms.md: aktivitetsparate 400 (31.12.2024) and 330 (30.06.2027), target at
    most 250 by 2028: the target (line 53) and the first count after the break (line 56)."""
    run = kikcalc("--lang", "en", "check", "examples/proposals/warn-k214-visitation.yaml")
    assert run.exit_code == 0, run.stdout  # warnings
    lines = [x for x in run.stdout.splitlines() if "K214" in x]
    assert [x.split(": K214")[0] for x in lines] == [
        "examples/proposals/warn-k214-visitation.yaml:53:9",
        "examples/proposals/warn-k214-visitation.yaml:56:9"]
    assert "caseload target is for 2028; from 1 January 2027 every kontanthjælp recipient " \
        "starts as jobparat and 13 target groups become 5" in lines[0]
    assert "the count of 2027-06-30 falls after the series break" in lines[1]
    danish = kikcalc("check", "examples/proposals/warn-k214-visitation.yaml").stdout
    assert "K214 advarsel: målgruppe 'Aktivitetsparate' tælles efter visitationskategori" \
        in danish


def test_a_group_of_all_recipients_or_a_series_that_ends_before_2027_is_not_warned(
        tmp_path: Path) -> None:
    text = (ROOT / "examples/proposals/warn-k214-visitation.yaml").read_text(encoding="utf-8")
    whole = text.replace("  - name: Aktivitetsparate\n", "  - name: Kontanthjælpsmodtagere\n")
    assert "K214" not in kikcalc("check", write_strategy(tmp_path, whole)).stdout
    before = text.replace("by: 2028-12-31", "by: 2026-12-31") \
        .replace("{date: 2027-06-30, persons: 330", "{date: 2026-06-30, persons: 330")
    assert "K214" not in kikcalc("check", write_strategy(tmp_path, before, "b.yaml")).stdout
    for strategy in sorted((ROOT / "strategies").glob("*.yaml")):
        assert "K214" not in kikcalc("check", strategy).stdout  # KIK-I, KIK-II, KIJOS


COMPARED = """\
kikcalc: 1
name: Sammenligning
period: {start: 2025, end: 2028}
unit: kr.
retention: 100
unit_costs:
  kontanthjaelp: 100000
target_groups:
  - name: Aktivitetsparate
    benefit: kontanthjaelp
    reduction: {2025: 10, 2026: 10, 2027: 10, 2028: 10}
    outcomes: {selvforsorgelse: 100}
comparison:
  municipality: Aabenraa
  cluster: [Sønderborg]
  statistics: [constructed-auk01.csv]
  baseline: 2015K2
  benefit_types:
    Aktivitetsparate: [Aktivitetsparat]
"""


def test_a_comparison_by_visitation_category_across_2027_is_warned(tmp_path: Path) -> None:
    """A comparison counting aktivitetsparat only from 2015 to 2028: K214 at the group's
    `benefit_types` key; counting all three categories, or ending in 2026, no warning."""
    (tmp_path / "constructed-auk01.csv").write_bytes(
        (ROOT / "examples" / "benchmark" / "constructed-auk01.csv").read_bytes())
    run = kikcalc("--lang", "en", "check", write_strategy(tmp_path, COMPARED))
    line = next(x for x in run.stdout.splitlines() if "K214" in x)
    assert line.endswith("s.yaml:19:5: K214 warning: the comparison counts group "
                         "'Aktivitetsparate' by visitation category (Aktivitetsparat) to "
                         "2028; from 1 January 2027 every kontanthjælp recipient starts as "
                         "jobparat, so the series breaks and the years from 2027 are left "
                         "out of the implied deadweight: count jobparate, aktivitetsparate "
                         "and uddannelsesparate together")
    every = COMPARED.replace("[Aktivitetsparat]", "[Jobparat, Aktivitetsparat, Uddannelsesparat]")
    assert "K214" not in kikcalc("check", write_strategy(tmp_path, every, "e.yaml")).stdout
    ends = COMPARED.replace("end: 2028", "end: 2026").replace(", 2027: 10, 2028: 10", "")
    assert "K214" not in kikcalc("check", write_strategy(tmp_path, ends, "n.yaml")).stdout


def test_a_budget_approved_before_1_february_2026_is_flagged_for_ressourceforloeb(
        tmp_path: Path) -> None:
    """The catalogue's dated change (CLOSED_TO_NEW): a file pricing ressourceforløbsydelse
    with a budget approved on 1 October 2025 is flagged for 2026-2029 under variance."""
    text = (ROOT / "examples/proposals/warn-k213-ressourceforloeb.yaml").read_text(
        encoding="utf-8").replace("retention: 100\n",
                                  "retention: 100\nbudget_approved: 2025-10-01\n")
    doc = kikcalc("variance", write_strategy(tmp_path, text), "-f", "json").json()
    flagged = doc["price_level"]["approved_before_change"]
    assert [(f["year"], f["date"]) for f in flagged] == [
        (year, "2026-02-01") for year in (2026, 2027, 2028, 2029)]
