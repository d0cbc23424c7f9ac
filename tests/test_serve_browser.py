"""`kikcalc serve` in a real browser: Playwright driving Debian's Chromium through the
portfolio, a strategy page, a what-if whose figures equal `kikcalc payback --set`, save as
scenario, a finding's link, live reload after an edit, and --read-only. Each test starts
its own server on a copy of strategies/ (port 0: a free one). The screenshots in docs/
(serve-*.png) are taken here.

Skipped, with the reason, where Playwright or Chromium is missing (Playwright's own
browser download is not used: `executable_path` is the system's chromium)."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import CHROMIUM, ROOT, kikcalc

sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
pytest.importorskip("starlette", reason="the serve extra is not installed")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="no chromium on this machine "
                                "(apt-get install chromium)")
DOCS = ROOT / "docs"
REDUCTION_2017 = "target_groups[Aktivitetsparate kontanthjælpsmodtagere].reduction.2017"


class Server:
    def __init__(self, folder: Path, *options: str) -> None:
        self.folder = folder
        self.process = subprocess.Popen(
            [sys.executable, "-m", "kikcalc", "serve", str(folder), "--port", "0", *options],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=folder)
        assert self.process.stdout is not None
        line = self.process.stdout.readline()
        found = re.search(r"http://127\.0\.0\.1:\d+/", line)
        if found is None:
            self.stop()
            raise AssertionError(f"no address printed: {line!r}")
        self.url = found[0]

    def stop(self) -> None:
        self.process.terminate()
        self.process.communicate(timeout=30)  # waits, and closes the pipes


def _serve(tmp_path: Path, *options: str) -> Iterator[Server]:
    shutil.copytree(ROOT / "strategies", tmp_path / "strategies", dirs_exist_ok=True)
    server = Server(tmp_path / "strategies", *options)
    yield server
    server.stop()


@pytest.fixture
def server(tmp_path: Path) -> Iterator[Server]:
    yield from _serve(tmp_path)


@pytest.fixture
def page(browser: object) -> Iterator[object]:
    context = browser.new_context(viewport={"width": 1280, "height": 900},  # type: ignore[attr-defined]
                                  locale="da-DK")
    tab = context.new_page()
    yield tab
    context.close()


def test_portfolio(server: Server, page: object) -> None:
    page.goto(server.url)  # type: ignore[attr-defined]
    rows = page.locator("table.portfolio tbody tr")  # type: ignore[attr-defined]
    assert rows.count() == 3
    kik1 = page.locator("tr", has=page.get_by_role("link", name="KIK-I Aabenraa"))  # type: ignore[attr-defined]
    assert "ikke tilbagebetalt" in kik1.inner_text()  # the budget line: not a payback
    assert page.locator("figure svg").count() == 1  # type: ignore[attr-defined]
    page.screenshot(path=DOCS / "serve-portfolio.png", full_page=True)  # type: ignore[attr-defined]


def test_strategy_page(server: Server, page: object) -> None:
    page.goto(server.url)  # type: ignore[attr-defined]
    page.get_by_role("link", name="KIK-I Aabenraa").click()  # type: ignore[attr-defined]
    page.wait_for_url(re.compile(r"/s/kik1\.yaml"))  # type: ignore[attr-defined]
    page.wait_for_load_state("load")  # type: ignore[attr-defined]
    assert page.locator("h1").inner_text() == "KIK-I Aabenraa"  # type: ignore[attr-defined]
    payback = page.locator("section.table").first  # type: ignore[attr-defined]
    assert "2,75" in page.locator("main").inner_text()  # type: ignore[attr-defined]
    assert payback.locator("th[scope=col]").count() > 0
    page.screenshot(path=DOCS / "serve-strategy.png", full_page=False)  # type: ignore[attr-defined]


def test_what_if_equals_payback_with_set(server: Server, page: object) -> None:
    page.goto(server.url + "s/kik1.yaml")  # type: ignore[attr-defined]
    field = page.locator(f'input[data-path="{REDUCTION_2017}"]')  # type: ignore[attr-defined]
    assert page.locator(f'label[for="{field.get_attribute("id")}"]').count() == 1  # type: ignore[attr-defined]
    field.fill("300")
    page.locator("body[data-whatif]").wait_for(state="attached")  # type: ignore[attr-defined]
    shown = page.locator("#whatif-result table tbody tr").first.locator("th, td")  # type: ignore[attr-defined]
    cells = [c.strip() for c in shown.all_inner_texts() if c.strip()]
    printed = kikcalc("payback", server.folder / "kik1.yaml", "--set",
                      f"{REDUCTION_2017}=300").stdout.splitlines()
    assert cells == re.split(r"\s{2,}", printed[4].strip())
    assert cells != ["Beregnet", "2018", "3", "2,75", "21,6", "2019"]  # it moved
    page.locator("#whatif").screenshot(path=DOCS / "serve-whatif.png")  # type: ignore[attr-defined]


def test_save_as_scenario(server: Server, page: object) -> None:
    page.goto(server.url + "s/kik1.yaml")  # type: ignore[attr-defined]
    page.locator(f'input[data-path="{REDUCTION_2017}"]').fill("300")  # type: ignore[attr-defined]
    page.get_by_label("Scenariets navn").fill("lavere 2017")  # type: ignore[attr-defined]
    page.get_by_role("button", name="Gem som scenarie").click()  # type: ignore[attr-defined]
    page.wait_for_url(re.compile(r"saved="))  # type: ignore[attr-defined]
    assert "Gemt som scenarie lavere 2017" in page.locator("main").inner_text()  # type: ignore[attr-defined]
    text = (server.folder / "kik1.yaml").read_text(encoding="utf-8")
    assert f'"lavere 2017": {{"{REDUCTION_2017}": 300}}' in text
    assert kikcalc("payback", server.folder / "kik1.yaml", "--scenario", "lavere 2017"
                   ).exit_code == 0


@pytest.fixture
def with_proposals(tmp_path: Path) -> Iterator[Server]:
    """The shipped strategies and a few proposals that fail the gate's rules."""
    proposals = tmp_path / "strategies" / "proposals"
    shutil.copytree(ROOT / "examples" / "proposals", proposals)
    for path in proposals.glob("*.yaml"):
        if not path.name.startswith(("fail-k121", "fail-k201", "warn-k206")):
            path.unlink()
    yield from _serve(tmp_path)


def test_a_finding_links_to_its_line(with_proposals: Server, page: object) -> None:
    server = with_proposals
    page.goto(server.url + "problems")  # type: ignore[attr-defined]
    link = page.locator("ul.problems a").first  # type: ignore[attr-defined]
    said = link.inner_text()
    line = int(said.split(":")[1])
    page.screenshot(path=DOCS / "serve-problems.png", full_page=True)  # type: ignore[attr-defined]
    link.click()
    page.wait_for_url(re.compile(r"/file/"))  # type: ignore[attr-defined]
    page.wait_for_load_state("load")  # type: ignore[attr-defined]
    marked = page.locator("tr.marked")  # type: ignore[attr-defined]
    marked.wait_for(state="visible")
    assert marked.get_attribute("id") == f"L{line}"
    assert marked.is_visible()
    page.screenshot(path=DOCS / "serve-file.png")  # type: ignore[attr-defined]


def test_live_reload_after_an_edit(server: Server, page: object) -> None:
    page.goto(server.url + "s/kik1.yaml")  # type: ignore[attr-defined]
    page.locator("body[data-stamp]").wait_for(state="attached")  # type: ignore[attr-defined]
    path = server.folder / "kik1.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace(
        "name: KIK-I Aabenraa", "name: KIK-I Aabenraa, rettet"), encoding="utf-8")
    # the page reloads by itself (its own script: the CSP allows no evaluated script)
    page.locator("h1", has_text="rettet").wait_for(timeout=20_000)  # type: ignore[attr-defined]


@pytest.fixture
def read_only(tmp_path: Path) -> Iterator[Server]:
    yield from _serve(tmp_path, "--read-only")


def test_read_only(read_only: Server, page: object) -> None:
    before = (read_only.folder / "kik1.yaml").read_bytes()
    page.goto(read_only.url + "s/kik1.yaml")  # type: ignore[attr-defined]
    assert page.get_by_text("Skrivebeskyttet").is_visible()  # type: ignore[attr-defined]
    assert page.locator("#save-scenario").count() == 0  # type: ignore[attr-defined]
    page.locator(f'input[data-path="{REDUCTION_2017}"]').fill("300")  # type: ignore[attr-defined]
    page.locator("body[data-whatif]").wait_for(state="attached")  # type: ignore[attr-defined]
    answer = page.request.post(read_only.url + "scenario/kik1.yaml",  # type: ignore[attr-defined]
                               form={"name": "x", "set": f"{REDUCTION_2017}=300"})
    assert answer.status == 403
    assert (read_only.folder / "kik1.yaml").read_bytes() == before
