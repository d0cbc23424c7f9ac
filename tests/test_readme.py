"""README is the first thing a user reads, the front door to the docs: keep it true and
short. What it shares with the docs (every field, command and code documented, every command
example run) is checked in tests/test_docs.py."""

from __future__ import annotations

import re

from tests.conftest import ROOT, kikcalc

README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_two_setup_commands_one_running_the_main_job_one_the_tests() -> None:
    commands = re.findall(r"^python3 -m venv .*$", README, flags=re.MULTILINE)
    assert len(commands) == 2
    assert commands[0].endswith("kikcalc payback strategies/kik1.yaml")
    assert commands[1].endswith("pip install -e '.[test]' && pytest")


def test_ci_runs_the_readme_test_command() -> None:
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert 'grep -m1 -E "^python3 -m venv .venv .*pytest$" README.md' in ci
    assert "exit 1" in ci.split('"$status" -eq 5')[1]
    # from a deep path, so that nothing in the suite leans on a short checkout (issue 25)
    assert '-lt 150 ]' in ci and 'cd "$deep"' in ci


def test_the_quick_start_output_is_what_kikcalc_prints() -> None:
    shown = README.split("What the first command prints:\n\n```\n")[1].split("...\n")[0]
    assert kikcalc("payback", "strategies/kik1.yaml").stdout.startswith(shown)


def test_readme_is_a_front_door_of_at_most_250_lines() -> None:
    assert len(README.splitlines()) <= 250
    quick_start = README.split("## Quick start\n")[1].split("\n## ")[0]
    assert quick_start.count("python3 -m venv") == 2  # the two set-up commands come first
    for section in ("## Commands", "## The gate", "## The memo", "## Documentation"):
        assert section in README
