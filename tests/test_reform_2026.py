"""K213: an outcome into ressourceforløb or revalidering from 2026, when both are abolished
for new citizens (lov nr. 1750 af 29. december 2025; docs/reforms.md)."""

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
