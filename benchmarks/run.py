"""The benchmark suite: one command, one table, each figure measured side by side in the
same run with its reference.

Run: python benchmarks/run.py   (needs `pip install -e '.[test]' check-jsonschema`)
"""

from __future__ import annotations

import os
import platform
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import check_batch
import engine_scaling
import scaling
import simulate
import startup


def main() -> None:
    rows: list[tuple[str, str, str]] = []
    start = startup.measure(15)
    floor, bare = start[startup.FLOOR], start[startup.BARE]
    for name, seconds in start.items():
        rows.append((name, f"{seconds * 1000:.0f} ms", f"{seconds / floor:.2f}x the imports, "
                     f"{seconds / bare:.2f}x the bare Typer app"))
    check = list(check_batch.measure(1000, 3).values())
    rows.append(("kikcalc check, 1,000 proposals", f"{check[0]:.2f} s",
                 f"{check[0] / check[1]:.2f}x check-jsonschema ({check[1]:.2f} s)"))
    vectorised, loop = simulate.measure()
    rows.append(("simulate, 100,000 draws of KIK-II", f"{vectorised:.2f} s",
                 f"{loop / vectorised:.0f}x faster than a Python loop ({loop:.1f} s)"))
    for name, seconds, per in engine_scaling.rows():
        rows.append((name, f"{seconds * 1000:.1f} ms", f"{per:.2f} us per group-year"))
    with tempfile.TemporaryDirectory() as folder:
        rows += scaling.measure(Path(folder))
    width = max(len(r[0]) for r in rows)
    print(f"kikcalc benchmarks on {platform.machine()}, {os.cpu_count()} cores, "
          f"Python {platform.python_version()}")
    print(f"{'measure':{width}}  {'time':>10}  compared")
    print(f"{'-' * width}  {'-' * 10}  {'-' * 40}")
    for name, value, note in rows:
        print(f"{name:{width}}  {value:>10}  {note}")


if __name__ == "__main__":
    main()
