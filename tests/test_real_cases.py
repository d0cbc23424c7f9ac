"""Real cases written the natural way (issue 14): each says what the case says."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import kikcalc

GROUP = """\
target_groups:
  - name: Kontanthjælp
    benefit: kontanthjaelp
    baseline: 1150
    reduction: {2018: 100, 2019: 200, 2020: 300, 2021: 350, 2022: 350}
    outcomes: {selvforsorgelse: 100}
    caseload: [{date: 2018-02-01, persons: 1150}, {date: 2022-06-15, persons: 583}]
    caseload_targets: [{persons: 800, by: 2022-05-01}]
"""

HEAD = """\
kikcalc: 1
name: KIK-II
period: {start: 2018, end: 2022}
unit: mio. kr.
retention: 100
unit_costs: {unit: kr., kontanthjaelp: 100000}
"""


def test_a_target_met_after_its_date_is_met_late_not_missed(tmp_path: Path) -> None:
    """"Under 800 by 1 May 2022", 583 counted in mid-June: met late, not K207."""
    path = tmp_path / "s.yaml"
    path.write_text(HEAD + GROUP, encoding="utf-8")
    targets = kikcalc("targets", path, "-f", "json").json()["targets"]
    assert [(t["state"], t["count"]["persons"]) for t in targets] == [("met_late", "583")]
    assert "nået efter fristen" in kikcalc("targets", path).stdout
    check = kikcalc("check", path)
    assert "K207" not in check.stdout
    missed = tmp_path / "m.yaml"
    missed.write_text(HEAD + GROUP.replace("persons: 583", "persons: 801"), encoding="utf-8")
    run = kikcalc("check", missed)
    assert run.exit_code == 1
    assert "K207" in run.stdout and "the latest, 801 on 2022-06-15, is still above it" \
        in run.stdout


def test_an_empty_projection_claims_no_payback(tmp_path: Path) -> None:
    path = tmp_path / "s.yaml"
    path.write_text(HEAD + "investments:\n  - name: Intet\n    by_year: {2018: 0}\n",
                    encoding="utf-8")
    doc = kikcalc("payback", path, "-f", "json").json()
    assert doc["payback"]["projected"]["year"] is None
    assert doc["payback"]["projected"]["empty"] is True
    text = kikcalc("payback", path, "--lang", "en").stdout
    assert "nothing to pay back: no investment and no savings" in text
    run = kikcalc("check", path)
    assert run.exit_code == 1 and "holds nothing" in run.stdout
