"""`kikcalc serve` on a folder of 100 strategies: the portfolio page after start, beside
`kikcalc net --combine` on the same files.

Run: python benchmarks/serve.py [strategies] [runs]  (needs `pip install -e '.[serve]'`).
It copies the shipped strategies (with their budget tables) into a temporary folder, each
copy under a name of its own, then, run after run, starts `kikcalc serve FOLDER`, waits
for the address it prints and times the first request of the portfolio page (every file
found, loaded, evaluated, checked and followed up: nothing is cached yet), then one more
(files unchanged: from the cache); and times `kikcalc net --combine` on the same files
(its whole process). It prints the medians and the ratio first page / net --combine.
"""

from __future__ import annotations

import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def write_folder(folder: Path, count: int) -> list[Path]:
    shutil.copytree(ROOT / "strategies" / "budget-tables", folder / "budget-tables")
    shipped = sorted((ROOT / "strategies").glob("*.yaml"))
    paths = []
    for i in range(count):
        source = shipped[i % len(shipped)]
        text = source.read_text(encoding="utf-8")
        text = re.sub(r"^name: (.*)$", rf"name: \1 nr. {i + 1:03d}", text, count=1,
                      flags=re.MULTILINE)
        path = folder / f"{source.stem}-{i + 1:03d}.yaml"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


def get(url: str) -> float:
    start = time.perf_counter()
    with urllib.request.urlopen(url, timeout=120) as answer:  # 127.0.0.1 only
        body = answer.read()
    took = time.perf_counter() - start
    assert answer.status == 200
    assert b"table" in body
    return took


def serve_once(folder: Path) -> tuple[float, float]:
    process = subprocess.Popen([str(BIN / "kikcalc"), "serve", str(folder)],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert process.stdout is not None
        url = re.search(r"http://127\.0\.0\.1:\d+/", process.stdout.readline())
        assert url is not None, "no address printed"
        return get(url[0]), get(url[0])
    finally:
        process.terminate()
        process.communicate(timeout=30)


def combine_once(paths: list[Path]) -> float:
    start = time.perf_counter()
    subprocess.run([str(BIN / "kikcalc"), "net", "--combine", *map(str, paths)],
                   check=True, capture_output=True)
    return time.perf_counter() - start


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 100
    runs = int(sys.argv[2]) if len(sys.argv) > 2 else 5
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary)
        paths = write_folder(folder, count)
        first, again, combine = [], [], []
        for _ in range(runs):
            page, cached = serve_once(folder)
            first.append(page)
            again.append(cached)
            combine.append(combine_once(paths))
    med = statistics.median
    print(f"{count} strategies, {runs} runs (medians)")
    print(f"portfolio page, first request after start: {med(first):.3f} s")
    print(f"portfolio page, again (cached):             {med(again):.3f} s")
    print(f"kikcalc net --combine (whole process):      {med(combine):.3f} s")
    print(f"ratio first page / net --combine:           {med(first) / med(combine):.2f}")


if __name__ == "__main__":
    main()
