"""The result cache: a hit gives the bytes of an uncached run, and nothing else is a hit.

Every run here is a process of its own, as a user's is. A run that must be a hit is
started with Typer, click, pydantic, PyYAML and Rich made unimportable: it can only
succeed by replaying an entry, before any of them is needed (a miss ends in kikcalc's
"internal error: ModuleNotFoundError" and exit 2).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from kikcalc.cli.cache import entry as cache_entry
from tests.conftest import ROOT

HEAVY = ("typer", "click", "pydantic", "pydantic_core", "yaml", "rich")
WITHOUT_LIBRARIES = (f"import sys\nfor name in {HEAVY!r}:\n    sys.modules[name] = None\n"
                     "from kikcalc.cli import main\nmain()\n")
# Writes an entry for the command line it is given, as a run of it would look it up.
PLANT = """\
import os, sys, time
from kikcalc.cli.cache import entry_for
from kikcalc.cli.cache.entry import Entry
from kikcalc.cli.cache.key import cache_folder, request_key
cwd = os.getcwd()
Entry(cache_folder(cwd), request_key(sys.argv[1:], cwd), cwd, time.time_ns()).store(
    0, [("out", b"PLANTED\\n")], [], [])
"""


class Ran:
    def __init__(self, done: subprocess.CompletedProcess[bytes]) -> None:
        self.code, self.stdout, self.stderr = done.returncode, done.stdout, done.stderr

    def same(self) -> tuple[int, bytes, bytes]:
        return self.code, self.stdout, self.stderr


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A cache folder of this test's own, in use (the suite turns the cache off)."""
    monkeypatch.delenv("KIKCALC_NO_CACHE", raising=False)
    monkeypatch.setenv("KIKCALC_CACHE_DIR", str(tmp_path / "cache"))
    return tmp_path / "cache"


def kikcalc(*args: str | Path, cwd: Path = ROOT, code: str | None = None) -> Ran:
    """`kikcalc ARGS` in a process of its own; with `code`, that Python code instead of
    the console entry point, given the same arguments."""
    start = ["-m", "kikcalc"] if code is None else ["-c", code]
    return Ran(subprocess.run([sys.executable, *start, *map(str, args)], cwd=cwd,
                              capture_output=True, timeout=300))


def hit(*args: str | Path, cwd: Path = ROOT) -> Ran:
    """A run that can only be answered from the cache."""
    return kikcalc(*args, cwd=cwd, code=WITHOUT_LIBRARIES)


def missed(run: Ran) -> bool:
    return run.code == 2 and b"internal error: ModuleNotFoundError" in run.stderr


def entries(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.entry")) if folder.is_dir() else []


def settle() -> None:
    """Let files just written grow older than a run that starts now: a file changed after
    a run began is not stored (the run may have read it before the change)."""
    time.sleep(0.05)


CASES = {
    "payback": ("payback", "strategies/kik1.yaml"),
    "payback-json": ("payback", "strategies/kik1.yaml", "--format", "json"),
    "payback-findings": ("payback", "strategies/kik1.yaml",
                         "examples/proposals/fail-k121-split.yaml"),
    "net": ("net", "strategies/kik2.yaml", "--lang", "en", "-f", "markdown"),
    "net-combine": ("net", "--combine", "strategies/kik1.yaml", "strategies/kik2.yaml"),
    "variance": ("variance", "strategies/kijos.yaml", "-f", "csv"),
    "targets": ("targets", "strategies/kik1.yaml"),
    "report": ("report", "strategies/kik1.yaml"),
    "report-statistics": ("report", "examples/benchmark/kik1.yaml", "-f", "text"),
    "sensitivity": ("sensitivity", "strategies/kik1.yaml", "--steps", "10,20"),
    "breakeven": ("breakeven", "strategies/kijos.yaml", "-f", "json"),
    "scenarios": ("scenarios", "examples/eksempelby.yaml"),
}


@pytest.mark.parametrize("args", CASES.values(), ids=CASES.keys())
def test_a_hit_gives_the_bytes_of_the_run_that_stored_it(args: tuple[str, ...],
                                                         cache: Path) -> None:
    first = kikcalc(*args)
    assert first.code in (0, 1) and first.stdout
    assert len(entries(cache)) == 1
    assert hit(*args).same() == first.same()


def test_a_hit_writes_the_output_file_again(cache: Path, tmp_path: Path) -> None:
    memo = tmp_path / "memo.docx"
    args = ("report", "strategies/kik1.yaml", "-f", "docx", "-o", memo)
    first = kikcalc(*args)
    written = memo.read_bytes()
    memo.unlink()
    assert hit(*args).same() == first.same()
    assert memo.read_bytes() == written


def test_what_a_miss_records_is_what_an_uncached_run_writes(cache: Path,
                                                            monkeypatch: pytest.MonkeyPatch
                                                            ) -> None:
    args = CASES["payback-findings"]
    recorded = kikcalc(*args)
    monkeypatch.setenv("KIKCALC_NO_CACHE", "1")
    assert kikcalc(*args).same() == recorded.same()
    assert recorded.stderr and recorded.code == 1


def _copy_kik1(folder: Path) -> Path:
    (folder / "budget-tables").mkdir(parents=True)
    shutil.copy(ROOT / "strategies/kik1.yaml", folder)
    shutil.copy(ROOT / "strategies/budget-tables/aabenraa-2021.yaml", folder / "budget-tables")
    settle()
    return folder / "kik1.yaml"


@pytest.mark.parametrize("edit", [(b"persons: ", b"persons: 1"), (b"# ", b"#  ")],
                         ids=["a figure", "a comment"])
def test_an_input_changed_by_one_byte_is_not_used(edit: tuple[bytes, bytes], cache: Path,
                                                  tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    strategy = _copy_kik1(tmp_path / "work")
    table = tmp_path / "work/budget-tables/aabenraa-2021.yaml"
    before = kikcalc("payback", strategy, "-f", "json")
    assert hit("payback", strategy, "-f", "json").same() == before.same()
    text = table.read_bytes()
    table.write_bytes(text.replace(*edit, 1))  # the table the strategy names, not itself
    assert len(table.read_bytes()) == len(text) + 1
    assert missed(hit("payback", strategy, "-f", "json"))
    after = kikcalc("payback", strategy, "-f", "json")
    monkeypatch.setenv("KIKCALC_NO_CACHE", "1")
    assert after.same() == kikcalc("payback", strategy, "-f", "json").same()
    assert (after.stdout != before.stdout) == (edit[0] == b"persons: ")


def test_a_missing_table_that_appears_is_a_change(cache: Path, tmp_path: Path) -> None:
    strategy = _copy_kik1(tmp_path / "work")
    table = tmp_path / "work/budget-tables/aabenraa-2021.yaml"
    kept = table.read_bytes()
    table.unlink()
    settle()
    assert kikcalc("payback", strategy).code == 1  # a finding: not stored, nothing to see
    table.write_bytes(kept)
    assert missed(hit("payback", strategy))


@pytest.mark.parametrize("where", ["in a checkout", "in the working folder", "relative"])
def test_a_cache_folder_in_a_checkout_or_the_working_folder_is_refused(
        where: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("KIKCALC_NO_CACHE", raising=False)
    work = tmp_path / "work"
    strategy = _copy_kik1(work)
    folder = {"in a checkout": tmp_path / "repo/sub/cache",
              "in the working folder": work / "cache", "relative": Path("cache")}[where]
    (tmp_path / "repo/.git").mkdir(parents=True)
    monkeypatch.setenv("KIKCALC_CACHE_DIR", str(folder))
    first = kikcalc("payback", strategy.name, cwd=work)
    assert first.code == 0 and first.stderr == b""  # refused silently
    assert missed(hit("payback", strategy.name, cwd=work))
    assert not (tmp_path / "repo/sub").exists() and not (work / "cache").exists()


def test_the_checkout_itself_is_never_the_cache(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("KIKCALC_NO_CACHE", raising=False)
    monkeypatch.setenv("KIKCALC_CACHE_DIR", str(ROOT / "kikcalc-cache-test"))
    assert kikcalc("payback", "strategies/kik1.yaml").code == 0
    assert not (ROOT / "kikcalc-cache-test").exists()


GATE = {
    "check": ("check", "--policy", "examples/proposals/kikcalc.toml",
              "examples/proposals/pass-more-caseworkers.yaml"),
    "diff": ("diff", "examples/proposals/adopted.yaml",
             "examples/proposals/pass-more-caseworkers.yaml"),
    "kind": ("kind", "strategies/kik1.yaml"),
}


@pytest.mark.parametrize("args", GATE.values(), ids=GATE.keys())
def test_the_gate_neither_reads_nor_writes_the_cache(args: tuple[str, ...],
                                                     cache: Path) -> None:
    kikcalc(*args, code=PLANT)
    planted = entries(cache)
    assert len(planted) == 1
    run = kikcalc(*args)
    assert b"PLANTED" not in run.stdout and run.stdout
    assert entries(cache) == planted  # nothing written either
    # the same plant for a read-only command would be taken: the test above is not idle
    kikcalc("payback", "strategies/kik1.yaml", code=PLANT)
    assert kikcalc("payback", "strategies/kik1.yaml").stdout == b"PLANTED\n"


@pytest.mark.parametrize("how", ["option", "global option", "environment"])
def test_no_cache_neither_reads_nor_writes(how: str, cache: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    args = ("payback", "strategies/kik1.yaml")
    kikcalc(*args)
    assert len(entries(cache)) == 1
    if how == "environment":
        monkeypatch.setenv("KIKCALC_NO_CACHE", "1")
    asked = {"option": (*args, "--no-cache"), "global option": ("--no-cache", *args),
             "environment": args}[how]
    assert missed(hit(*asked))  # an entry is there, and not read
    shutil.rmtree(cache)
    run = kikcalc(*asked)
    assert (run.code, entries(cache)) == (0, [])  # and none is written


@pytest.mark.parametrize("damage", ["a byte of the answer", "cut short", "not json",
                                    "another key", "empty"])
def test_a_damaged_entry_is_a_miss_and_is_written_anew(damage: str, cache: Path) -> None:
    args = ("payback", "strategies/kik1.yaml")
    first = kikcalc(*args)
    [stored] = entries(cache)
    data = stored.read_bytes()
    header = data.split(b"\n")[1]
    stored.write_bytes({
        "a byte of the answer": data[:-2] + bytes([data[-2] ^ 1]) + data[-1:],
        "cut short": data[:-1],
        "not json": data.replace(header, header[:-1]),
        "another key": data.replace(json.loads(header)["key"].encode(), b"0" * 64),
        "empty": b"",
    }[damage])
    assert missed(hit(*args))
    assert kikcalc(*args).same() == first.same()
    assert hit(*args).same() == first.same()


def test_a_run_whose_reader_went_away_is_not_stored(cache: Path) -> None:
    reader_gone = subprocess.Popen([sys.executable, "-m", "kikcalc", "payback",
                                    "strategies/kik1.yaml"], cwd=ROOT,
                                   stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    assert reader_gone.stdout is not None
    reader_gone.stdout.close()  # long before kikcalc writes: its write fails (EPIPE)
    reader_gone.wait(timeout=300)
    assert entries(cache) == []
    assert kikcalc("payback", "strategies/kik1.yaml").code == 0
    assert len(entries(cache)) == 1


def test_a_hit_never_writes_over_an_input(cache: Path, tmp_path: Path) -> None:
    strategy = _copy_kik1(tmp_path / "work")
    memo = tmp_path / "work/memo.md"
    args = ("report", strategy, "-f", "markdown", "--no-chart", "-o", memo)
    assert kikcalc(*args).code == 0
    memo.unlink()
    memo.symlink_to(strategy)
    kept = strategy.read_bytes()
    run = kikcalc(*args)
    assert run.code == 2 and b"den overskrives ikke" in run.stderr
    assert strategy.read_bytes() == kept


def test_the_folder_keeps_its_bound_and_drops_the_least_recently_used(tmp_path: Path) -> None:
    for age, name in enumerate(["new", "middle", "old"]):
        path = tmp_path / f"{name}.entry"
        path.write_bytes(b"x" * 400)
        os.utime(path, ns=(0, time.time_ns() - age * 10**9))
    left = tmp_path / f"{cache_entry.TEMPORARY}1-ab"
    left.write_bytes(b"")
    os.utime(left, (time.time() - 120, time.time() - 120))
    cache_entry.evict(str(tmp_path), limit=900)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["middle.entry", "new.entry"]


def test_the_suite_leaves_the_users_cache_alone() -> None:
    assert os.environ.get("KIKCALC_NO_CACHE") == "1"
