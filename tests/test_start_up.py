"""How `kikcalc` starts (kikcalc.cli.main): the garbage collector is off only while the
command line is set up, and on for the command's own work."""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import ROOT

SPY = """\
import gc, sys
import kikcalc.cli.tables as tables
from kikcalc.cli import main
before = gc.isenabled()
run = tables._run
def spy(*args, **kwargs):
    print("during", gc.isenabled(), gc.get_threshold()[0], gc.get_freeze_count() > 0,
          file=sys.stderr)
    return run(*args, **kwargs)
tables._run = spy
sys.argv = ["kikcalc", "payback", "strategies/kik1.yaml", "--format", "json"]
try:
    main()
finally:
    print("before", before, file=sys.stderr)
"""


def test_the_collector_is_on_for_the_commands_work() -> None:
    run = subprocess.run([sys.executable, "-c", SPY], cwd=ROOT, capture_output=True,
                         text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    assert '"payback"' in run.stdout
    # on before and during; the objects of the start-up frozen, young ones collected in
    # batches of 50,000
    assert run.stderr.splitlines() == ["during True 50000 True", "before True"]
