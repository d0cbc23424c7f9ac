"""Batch benchmark: `kikcalc check` on 1,000 proposals against check-jsonschema on the same.

Run: python benchmarks/check_batch.py [files] [runs]  (needs `pip install check-jsonschema`).
It writes the proposals into a temporary folder (variants of examples/proposals/adopted.yaml
with different reductions and investments), then times, alternately, kikcalc checking them
all in one process (load, validate, evaluate, every rule) and check-jsonschema only
validating them against kikcalc's JSON Schema, and prints the medians and their ratio.
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
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
BIN = Path(sys.executable).parent


def write_proposals(folder: Path, count: int) -> list[str]:
    base = (ROOT / "examples" / "proposals" / "adopted.yaml").read_text(encoding="utf-8")
    base = base.replace("$schema=../../schema/", f"$schema={ROOT}/schema/")
    names = []
    for i in range(count):
        text = base.replace("2027: 80, 2028: 80, 2029: 80", f"2027: {60 + i % 40}, "
                            f"2028: {70 + i % 30}, 2029: {80 + i % 20}")
        text = text.replace("{2025: 3.0, 2026: 2.0, 2027: 1.0}\n    total: 6.0",
                            f"{{2025: 3.{i % 10}, 2026: 2.0, 2027: 1.0}}")
        path = folder / f"proposal-{i:04d}.yaml"
        path.write_text(text, encoding="utf-8")
        names.append(str(path))
    return names


def _time(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, check=False, cwd=ROOT, env=ENV, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def measure(count: int = 1000, runs: int = 5) -> dict[str, float]:
    """Median seconds of kikcalc check and of check-jsonschema on the same files."""
    validator = shutil.which("check-jsonschema", path=str(BIN)) or shutil.which("check-jsonschema")
    if validator is None:
        sys.exit("check-jsonschema is not installed: pip install check-jsonschema")
    with tempfile.TemporaryDirectory() as folder:
        files = write_proposals(Path(folder), count)
        commands = {
            f"kikcalc check ({count} files, one process)":
                [str(BIN / "kikcalc"), "check", "--exit-zero", *files],
            f"check-jsonschema ({count} files, schema only)":
                [validator, "--schemafile", str(ROOT / "schema/kikcalc-strategy.schema.json"),
                 *files],
        }
        for command in commands.values():
            _time(command)
        times: dict[str, list[float]] = {name: [] for name in commands}
        for _ in range(runs):
            for name, command in commands.items():
                times[name].append(_time(command))
    return {name: statistics.median(values) for name, values in times.items()}


def main(count: int = 1000, runs: int = 5) -> None:
    medians = measure(count, runs)
    kikcalc, reference = medians.values()
    print(f"medians of {runs} alternating runs:")
    for name, median in medians.items():
        print(f"  {median:6.2f} s  {name}")
    print(f"ratio kikcalc / check-jsonschema: {kikcalc / reference:.2f}")


if __name__ == "__main__":
    main(*(int(a) for a in sys.argv[1:3]))
