"""Danish in the Danish memo: the shipped files' source texts, and words instead of signs
where a sign alone would leave the committee guessing (issue 25, items 3 and 4)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.conftest import EXAMPLES, ROOT, STRATEGIES, kikcalc

SHIPPED = [*STRATEGIES, *EXAMPLES, ROOT / "examples" / "benchmark" / "kik1.yaml"]
# Words of English that are no Danish words, as the memo would show them
ENGLISH = re.compile(r"\b(the|of|and|in|on|is|with|from|years?|split|persons|benefit|paid|"
                     r"goals|staff|newspaper|investment|caps|equals|February|January)\b")


def _memo_sources(path: Path) -> list[str]:
    """The texts of the memo's sources table and the unit-cost source note."""
    run = kikcalc("report", path.relative_to(ROOT), "-f", "markdown", "--no-uncertainty")
    assert run.exit_code == 0, run.stderr
    sources = run.stdout.split("### Kilder", 1)[1].split("\n\n1. ", 1)[0]
    notes = [line for line in run.stdout.splitlines() if line.startswith("- Kilde:")]
    return [*sources.splitlines()[3:], *notes]


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: str(p.relative_to(ROOT)))
def test_the_memo_shows_the_sources_of_the_shipped_files_in_danish(path: Path) -> None:
    for line in _memo_sources(path):
        assert not ENGLISH.search(line), line
    assert "1,000 kr." not in "".join(_memo_sources(path))  # a Danish reader reads 1 kr.


def test_kik1_names_its_sources_with_danish_numbers() -> None:
    text = "\n".join(_memo_sources(ROOT / "strategies" / "kik1.yaml"))
    assert "68 mio. kr. fordelt med 42,5 / 18 / 7,5" in text
    assert "helårspersoner og nettobudget i 1.000 kr. pr. ydelse" in text
    assert "499 aktivitetsparate pr. 29. januar 2018" in text
    assert "Beskæftigelsesplan 2021, Aabenraa Kommune (budget pr. ydelse)" in text
