"""Every strategy file shipped, also those in the example folders (follow-up files,
calibration records), in every format of the three main commands: an answer or a finding,
never a fault of kikcalc's own (exit 2 with "internal error")."""

from __future__ import annotations

import json

import pytest

from tests.conftest import ROOT, kikcalc

FILES = sorted(p for p in (ROOT / "examples").rglob("*.yaml")
               if kikcalc("kind", p).stdout.split("\t")[0] == "strategy")


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(ROOT / "examples")))
@pytest.mark.parametrize("command", ["payback", "net", "variance"])
def test_every_example_in_every_format(path: object, command: str) -> None:
    for fmt in ("text", "json", "markdown", "csv"):
        run = kikcalc(command, path, "--format", fmt)
        # in-process, a fault is an exception that fails the test on its own
        assert run.exit_code in (0, 1, 2), (command, fmt, run.stderr)
        if fmt == "json" and run.exit_code == 0:
            json.loads(run.stdout)
