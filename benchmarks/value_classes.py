"""Value classes: `kikcalc.record.Record` against `@dataclass(slots=True, frozen=True)`.

Run: python benchmarks/value_classes.py [runs]. Each way is timed in fresh processes,
alternately, so that noise hits both alike:
- define: defining 40 classes of 6 annotated fields (two with defaults), as the modules
  of one `kikcalc payback` run define about 40. `dataclasses` and `kikcalc.record` are
  imported before the clock starts: pydantic imports `dataclasses` (and `inspect`) in
  every run anyway, so only the classes themselves differ;
- use: making 100,000 instances, reading a field of each, and hashing them.
Reports the medians and the ratio dataclass / Record. Not a test.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CLASSES, INSTANCES = 40, 100_000

FIELDS = "    a: int\n    b: str\n    c: float\n    d: tuple\n    e: int = 0\n    f: str = ''\n"
WAYS = {
    "Record": ("from kikcalc.record import Record\n", "class C{i}(Record):\n"),
    "dataclass(slots=True, frozen=True)": (
        "from dataclasses import dataclass\n",
        "@dataclass(slots=True, frozen=True)\nclass C{i}:\n"),
}


def program(way: str, part: str) -> str:
    imports, header = WAYS[way]
    classes = "".join(header.format(i=i) + FIELDS for i in range(CLASSES))
    if part == "define":
        return ("import time, dataclasses, kikcalc.record\nt = time.perf_counter()\n"
                + imports + classes
                + "print(time.perf_counter() - t)\n")
    return (imports + classes + "import time\nt = time.perf_counter()\n"
            f"xs = [C0(i, 'x', 1.0, (), i) for i in range({INSTANCES})]\n"
            "s = sum(x.a for x in xs)\nh = len({hash(x) for x in xs})\n"
            "print(time.perf_counter() - t)\n")


def measure(runs: int) -> dict[tuple[str, str], float]:
    times: dict[tuple[str, str], list[float]] = {}
    for _ in range(runs):
        for part in ("define", "use"):
            for way in WAYS:
                out = subprocess.run([sys.executable, "-c", program(way, part)], cwd=ROOT,
                                     check=True, capture_output=True, text=True).stdout
                times.setdefault((way, part), []).append(float(out))
    return {key: statistics.median(values) for key, values in times.items()}


def main(runs: int = 15) -> None:
    medians = measure(runs)
    for part in ("define", "use"):
        record = medians[("Record", part)]
        data = medians[("dataclass(slots=True, frozen=True)", part)]
        what = f"{CLASSES} classes" if part == "define" else f"{INSTANCES:,} instances"
        print(f"{part} {what}: Record {record * 1000:.1f} ms, dataclass(slots=True, "
              f"frozen=True) {data * 1000:.1f} ms: {data / record:.2f}x")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 15)
