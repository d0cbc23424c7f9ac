"""Shared helpers: run the CLI as a user would and read what it prints."""

from __future__ import annotations

import atexit
import json
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from kikcalc.cli import app

ROOT = Path(__file__).resolve().parent.parent
# No test reads or writes the user's result cache; tests/test_cache.py gives each of its
# tests a folder of its own. Set here, not in a fixture, so that every process inherits it.
os.environ["KIKCALC_NO_CACHE"] = "1"
# The read-only commands keep the file format's validators in the cache folder even so
# (kikcalc.reading.validators): in a folder of the suite's own, shared by its workers.
if "KIKCALC_CACHE_DIR" not in os.environ:
    os.environ["KIKCALC_CACHE_DIR"] = tempfile.mkdtemp(prefix="kikcalc-tests-")
    atexit.register(shutil.rmtree, os.environ["KIKCALC_CACHE_DIR"], ignore_errors=True)
STRATEGIES = sorted((ROOT / "strategies").glob("*.yaml"))
EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))


@dataclass
class Run:
    exit_code: int
    stdout: str
    stderr: str

    def json(self) -> Any:
        return json.loads(self.stdout)


def kikcalc(*args: str | Path) -> Run:
    """Run `kikcalc ARGS` in-process from the project root."""
    result = CliRunner().invoke(app, [str(a) for a in args], catch_exceptions=False)
    return Run(result.exit_code, result.stdout, result.stderr)


@pytest.fixture(autouse=True)
def _at_root(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)


@pytest.fixture
def in_english(monkeypatch: pytest.MonkeyPatch) -> None:
    """For a test that looks for English words: KIKCALC_LANG=en, as a CI job may set it
    (Danish is the default; tests/test_lang.py has both)."""
    monkeypatch.setenv("KIKCALC_LANG", "en")


CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser") or (
    "/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """The system's chromium driven by Playwright (its own browser download is not used);
    the test is skipped, with the reason, where either is missing or chromium cannot start."""
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
    if CHROMIUM is None:
        pytest.skip("no chromium on this machine (apt-get install chromium)")
    with sync_api.sync_playwright() as playwright:
        try:
            chromium = playwright.chromium.launch(executable_path=CHROMIUM,
                                                  args=["--no-sandbox"])
        except Exception as error:  # a chromium that cannot start here
            pytest.skip(f"chromium does not start: {error}")
        yield chromium
        chromium.close()


def write_strategy(tmp_path: Path, text: str, name: str = "s.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


MINIMAL = """\
kikcalc: 1
name: Mini
period: {start: 2025, end: 2027}
unit: mio. kr.
"""


def git(repo: Path, *args: str) -> str:
    """Run git in `repo` with a fixed author, as a scratch repository of a test needs."""
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org"}
    return subprocess.run(["git", *args], cwd=repo, env=env, check=True, capture_output=True,
                          text=True).stdout.strip()
