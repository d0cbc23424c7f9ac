"""Start-up benchmark: `kikcalc payback` against importing the libraries it must use.

Run: python benchmarks/startup.py [runs]. Both commands are timed alternately in one run,
so machine noise hits both alike; the report gives medians and their ratio. Not a test:
timed assertions do not belong in the suite.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
KIKCALC = [sys.executable, "-m", "kikcalc", "payback", "strategies/kik1.yaml", "--format", "json"]
IMPORTS = [sys.executable, "-c", "import typer, pydantic, yaml"]
# The floor typer itself sets: an app with one command that only echoes its argument.
TYPER_APP = [sys.executable, "-c", "import sys, typer; sys.argv[1:] = ['x']; "
             "typer.run(lambda file: print(file))"]


# As a user's machine runs it: with compiled .pyc files (the libraries have theirs from pip).
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def _time(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, check=True, cwd=ROOT, stdout=subprocess.DEVNULL, env=ENV)
    return time.perf_counter() - start


def measure(runs: int = 30) -> dict[str, float]:
    """Median seconds of each command, timed alternately."""
    commands = {"kikcalc payback strategies/kik1.yaml --format json": KIKCALC,
                "python -c 'import typer, pydantic, yaml'": IMPORTS,
                "a one-command typer app (typer.run)": TYPER_APP}
    for command in commands.values():  # warm the file cache and write .pyc files
        _time(command)
    times: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(runs):
        for name, command in commands.items():
            times[name].append(_time(command))
    return {name: statistics.median(values) for name, values in times.items()}


def main(runs: int = 30) -> None:
    medians = measure(runs)
    reference = medians["python -c 'import typer, pydantic, yaml'"]
    print(f"medians of {runs} alternating runs:")
    for name, median in medians.items():
        print(f"  {median * 1000:6.0f} ms  {median / reference:4.2f}x  {name}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 30)
