"""Start-up benchmark: `kikcalc payback` against the floor its framework sets, computed
(a cold start) and answered from the result cache (a warm start).

Run: python benchmarks/startup.py [runs]. Five commands are timed alternately in one run,
so machine noise hits all alike; the report gives medians and the ratios:
- the cold start (KIKCALC_NO_CACHE=1: computed, not answered from the result cache) against
  the import floor, `python -c "import typer, pydantic, yaml"`, and against a bare Typer app
  with the same options as `kikcalc payback` (a list argument, seven options of the same
  kinds, Rich imported), whose command prints a small JSON document. As Python keeps its
  `.pyc` files, kikcalc keeps the file format's validators in its cache folder (a folder of
  the benchmark's own, filled by the first run): the cold start reads them;
- the very first run, with an empty cache folder each time: it builds the validators and
  stores them, and also the answer;
- the warm start, the same command repeated with a result cache (a folder of its own,
  filled by the first run), against the bare Typer app (goal: 0.3x at most).
Not a test: timed assertions do not belong in the suite.
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
KIKCALC = "kikcalc payback strategies/kik1.yaml --format json"
WARM = "the same, repeated: answered from the result cache"
FIRST = "the same, the very first run: nothing in the cache folder"
FLOOR = "python -c 'import typer, pydantic, yaml'"
BARE = "a bare Typer app with the same options and Rich"

BARE_APP = '''
import enum, json, pathlib, sys
from typing import Annotated
import rich, typer

class Format(str, enum.Enum):
    text = "text"
    json = "json"

class Lang(str, enum.Enum):
    da = "da"
    en = "en"

app = typer.Typer(add_completion=False, no_args_is_help=True)

@app.callback()
def main(version: Annotated[bool, typer.Option("--version")] = False) -> None:
    """The group, as kikcalc has."""

@app.command()
def payback(
    files: Annotated[list[pathlib.Path], typer.Argument()],
    fmt: Annotated[Format, typer.Option("--format", "-f")] = Format.text,
    lang: Annotated[Lang, typer.Option("--lang")] = Lang.da,
    output: Annotated[pathlib.Path | None, typer.Option("--output", "-o")] = None,
    decimals: Annotated[int | None, typer.Option("--decimals", min=0, max=6)] = None,
    scenario: Annotated[str | None, typer.Option("--scenario")] = None,
    sets: Annotated[list[str] | None, typer.Option("--set")] = None,
) -> None:
    sys.stdout.write(json.dumps({"files": [str(f) for f in files], "format": fmt.value}))

@app.command()
def other() -> None:
    """A second command, so that the first is chosen by name as in kikcalc."""

app()
'''

# As a user's machine runs it: with compiled .pyc files (the libraries have theirs from pip).
ENV = {k: v for k, v in os.environ.items()
       if k not in ("PYTHONDONTWRITEBYTECODE", "KIKCALC_NO_CACHE", "KIKCALC_CACHE_DIR")}


def _time(command: list[str], env: dict[str, str]) -> float:
    if env.get("KIKCALC_CACHE_DIR", "").endswith("first"):  # empty, every time
        shutil.rmtree(env["KIKCALC_CACHE_DIR"], ignore_errors=True)
    start = time.perf_counter()
    subprocess.run(command, check=True, cwd=ROOT, stdout=subprocess.DEVNULL, env=env)
    return time.perf_counter() - start


def measure(runs: int = 30) -> dict[str, float]:
    """Median seconds of each command, timed alternately."""
    with tempfile.TemporaryDirectory() as folder:
        bare = Path(folder) / "bare_app.py"
        bare.write_text(BARE_APP, encoding="utf-8")
        payback = [sys.executable, "-m", "kikcalc", "payback", "strategies/kik1.yaml",
                   "--format", "json"]
        cold = {**ENV, "KIKCALC_NO_CACHE": "1", "KIKCALC_CACHE_DIR": str(Path(folder) / "cold")}
        warm = {**ENV, "KIKCALC_CACHE_DIR": str(Path(folder) / "cache")}
        first = {**ENV, "KIKCALC_CACHE_DIR": str(Path(folder) / "first")}
        commands = {
            KIKCALC: (payback, cold),
            WARM: (payback, warm),
            FIRST: (payback, first),
            FLOOR: ([sys.executable, "-c", "import typer, pydantic, yaml"], ENV),
            BARE: ([sys.executable, str(bare), "payback", "strategies/kik1.yaml",
                    "--format", "json"], ENV),
        }
        # warm the file cache, write .pyc files, and fill the result cache
        for command, env in commands.values():
            _time(command, env)
        if not any((Path(folder) / "cache").glob("*.entry")):
            raise RuntimeError("the first run stored no answer: the warm start is not one")
        if not any((Path(folder) / "cold" / "validators").glob("Strategy-*.json")):
            raise RuntimeError("the first run stored no validator: the cold start builds it")
        times: dict[str, list[float]] = {name: [] for name in commands}
        for _ in range(runs):
            for name, (command, env) in commands.items():
                times[name].append(_time(command, env))
    return {name: statistics.median(values) for name, values in times.items()}


def ratios(medians: dict[str, float]) -> tuple[float, float, float, float]:
    """The cold start against the import floor and the bare Typer app; the warm start and
    the very first run against the bare Typer app."""
    bare = medians[BARE]
    return medians[KIKCALC] / medians[FLOOR], medians[KIKCALC] / bare, \
        medians[WARM] / bare, medians[FIRST] / bare


def main(runs: int = 30) -> None:
    medians = measure(runs)
    for name, median in medians.items():
        print(f"  {median * 1000:6.0f} ms  {name}")
    floor, bare, warm, first = ratios(medians)
    print(f"kikcalc payback, cold: {floor:.2f}x the import floor (goal 1.9), {bare:.2f}x the "
          f"bare Typer app (goal 1.15); warm: {warm:.2f}x the bare Typer app (goal 0.3); "
          f"the very first run: {first:.2f}x the bare Typer app; medians of {runs} "
          f"alternating runs")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 30)
