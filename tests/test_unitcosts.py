"""Unit costs from the employment plans' budget tables (seeds 003 and 004)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import MINIMAL, ROOT, kikcalc, write_strategy

TABLES = ROOT / "strategies" / "budget-tables"


def test_2022_table_gives_the_published_unit_costs() -> None:
    doc = kikcalc("unitcosts", TABLES / "aabenraa-2022.yaml", "-f", "json").json()
    per_person = {row["benefit"]: row["per_person"] for row in doc["unit_costs"]}
    assert per_person["kontant_uddannelseshjaelp"] == "104810"  # 104.8 t.kr.
    assert per_person["fleksjob"] == "118494"  # 118.5 t.kr.
    assert per_person["sygedagpenge"] == "140740"  # 140.7 t.kr.
    text = kikcalc("unitcosts", TABLES / "aabenraa-2022.yaml").stdout
    for label, cost in (("Kontant- og uddannelseshjælp", "104,8"), ("Fleksjob", "118,5"),
                        ("Sygedagpenge", "140,7"), ("A-dagpenge", "142,3")):
        line = next(line for line in text.splitlines() if label in line)
        assert line.split()[-1] == cost


def test_both_tables_add_up() -> None:
    for name in ("aabenraa-2021.yaml", "aabenraa-2022.yaml"):
        assert kikcalc("unitcosts", TABLES / name).exit_code == 0


def test_a_total_that_does_not_match_exits_1_at_the_total(tmp_path: Path) -> None:
    text = (TABLES / "aabenraa-2022.yaml").read_text(encoding="utf-8")
    bad = tmp_path / "t.yaml"
    bad.write_text(text.replace("net: 472231", "net: 472331"), encoding="utf-8")
    run = kikcalc("unitcosts", bad)
    assert run.exit_code == 1
    line = text.splitlines().index("total: {persons: 3771, net: 472231}") + 1
    assert run.stderr == f"{bad}:{line}:29: K141 total net er 472.331, men rækkerne summer " \
        "til 472.231\n"  # Danish numbers; English: 472,331


def test_yaml_block_pastes_into_a_strategy(tmp_path: Path) -> None:
    block = kikcalc("unitcosts", TABLES / "aabenraa-2022.yaml", "-f", "yaml").stdout
    strategy = write_strategy(tmp_path, MINIMAL + block + (
        "target_groups:\n  - name: Syge\n    benefit: sygedagpenge\n"
        "    reduction: {2025: 10}\n    outcomes: {selvforsorgelse: 100}\n"))
    years = kikcalc("net", strategy, "-f", "json").json()["years"]
    assert years[0]["savings"] == "1.4074"


@pytest.mark.usefixtures("in_english")
def test_a_strategy_takes_unit_costs_from_a_table_by_reference(tmp_path: Path) -> None:
    (tmp_path / "tables").mkdir()
    (tmp_path / "tables" / "b.yaml").write_text(
        (TABLES / "aabenraa-2022.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    strategy = write_strategy(tmp_path, MINIMAL + (
        "unit_costs:\n  unit: t.kr.\n  from_table: tables/b.yaml\n  fleksjob: 120\n"
        "target_groups:\n  - name: Syge\n    benefit: sygedagpenge\n"
        "    reduction: {2025: 10}\n    outcomes:\n      selvforsorgelse: 90\n"
        "      anden: {share: 10, benefit: fleksjob}\n"))
    groups = kikcalc("net", strategy, "-f", "json").json()["groups"]
    # 140.74 - 10 % x 120 (the file's own fleksjob wins over the table's 118.494)
    assert groups[0]["saving_per_person"][0]["amount"] == "0.12874"
    missing = write_strategy(tmp_path, MINIMAL + "unit_costs:\n  from_table: nope.yaml\n",
                             name="m.yaml")
    run = kikcalc("payback", missing)
    assert run.exit_code == 1
    assert run.stderr.startswith(f"{missing}:6:15: K140 cannot read budget table nope.yaml")
    danish = kikcalc("payback", missing, "--lang", "da")
    assert danish.stderr.startswith(f"{missing}:6:15: K140 kan ikke læse budgettabel nope.yaml: "
                                    "filen findes ikke\n")


def test_a_table_names_the_dated_changes_after_its_year(tmp_path: Path) -> None:
    """docs/budget-tables.md: the 2022 table is priced at 2022's law; the catalogue's
    changes that touch its rows are said with date and source (the 1 July 2025 merge:
    kontant- og uddannelseshjælp and the foreigners' benefits; 1 February 2026:
    ressourceforløbsydelse closed to new citizens). A 2027 table knows both."""
    doc = kikcalc("unitcosts", TABLES / "aabenraa-2022.yaml", "-f", "json").json()
    assert [(c["date"], c["rows"]) for c in doc["dated_changes"]] == [
        ("2025-07-01", ["kontant_uddannelseshjaelp", "udlaendinge_i_program",
                        "udlaendinge_ikke_i_program"]),
        ("2026-02-01", ["ressourceforloebsydelse"])]
    assert doc["dated_changes"][1]["source"].startswith("lov nr. 1750 af 29. december 2025")
    text = kikcalc("unitcosts", TABLES / "aabenraa-2022.yaml", "--lang", "en").stdout
    assert "Changed after the table's budget year began, 2026-02-01: ressourceforløb og " \
        "revalidering afskaffes for nye borgere" in text.replace("\n  ", " ")
    later = (TABLES / "aabenraa-2022.yaml").read_text(encoding="utf-8") \
        .replace("year: 2022", "year: 2027")
    assert "year: 2027" in later
    doc = kikcalc("unitcosts", write_strategy(tmp_path, later, "t.yaml"), "-f", "json").json()
    assert doc["dated_changes"] == []
