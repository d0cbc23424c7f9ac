"""`kikcalc serve` without a browser: routes, escaping, the guard against foreign sites,
files outside the folder, read-only, save as scenario, and the what-if against the
command line (Starlette's TestClient; the browser tests are tests/test_serve_browser.py)."""

from __future__ import annotations

import html
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import quote

import pytest

pytest.importorskip("starlette", reason="the serve extra is not installed")
pytest.importorskip("jinja2", reason="the serve extra is not installed")
from starlette.testclient import TestClient

from kikcalc.present.labels import LANGUAGES, catalogue
from kikcalc.serve.app import HERE, Settings, create_app
from kikcalc.serve.folder import content_hash
from kikcalc.serve.whatif import KINDS
from tests.conftest import MINIMAL, ROOT, kikcalc

GROUP = "target_groups[Aktivitetsparate kontanthjælpsmodtagere]"
SETS = [f"{GROUP}.reduction.2017=300", "discount_rate=4"]


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    shutil.copytree(ROOT / "strategies", tmp_path / "strategies")
    return tmp_path / "strategies"


def client(folder: Path, **settings: object) -> TestClient:
    app = create_app(Settings(folder, hosts=("testserver",), **settings))  # type: ignore[arg-type]
    return TestClient(app, follow_redirects=False)


def token(web: TestClient) -> str:
    return str(web.app.state.site.token)  # type: ignore[attr-defined]


def cells(page: str) -> list[list[str]]:
    """The rows of the first table in `page`, as the text of each cell."""
    table = page[page.index("<table"):page.index("</table>")]
    return [[html.unescape(re.sub(r"<[^>]+>", "", c)).strip()
             for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.DOTALL)]
            for row in re.findall(r"<tr[^>]*>(.*?)</tr>", table, re.DOTALL)]


def test_every_page_answers(folder: Path) -> None:
    web = client(folder)
    portfolio = web.get("/")
    assert portfolio.status_code == 200
    assert all(name in portfolio.text for name in ("KIK-I Aabenraa", "KIK-II", "KIJOS"))
    assert "ikke tilbagebetalt" in portfolio.text  # KIK-I's budget line does not pay back
    page = web.get("/s/kik1.yaml")
    assert page.status_code == 200
    assert "21,6" in page.text and "2,75" in page.text  # the memo's payback table
    assert web.get("/problems").status_code == 200
    shown = web.get("/file/kik1.yaml?line=7")
    assert 'id="L7" class="marked"' in shown.text
    assert web.get("/s/nothing.yaml").status_code == 404
    assert web.get("/stamp?f=kik1.yaml").json()["stamp"]


def test_english_pages(folder: Path) -> None:
    page = client(folder, lang="en").get("/")
    assert '<html lang="en">' in page.text and "Portfolio" in page.text


def test_a_strategy_name_is_escaped(tmp_path: Path) -> None:
    evil = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    text = MINIMAL.replace("name: Mini", f"name: '{evil}'")
    (tmp_path / "evil.yaml").write_text(text, encoding="utf-8")
    web = client(tmp_path)
    for url in ("/", "/s/evil.yaml", "/problems", "/file/evil.yaml"):
        page = web.get(url).text
        assert "<script>alert" not in page and "<img src=x" not in page, url
    assert "&lt;script&gt;" in web.get("/s/evil.yaml").text


@pytest.mark.parametrize("headers", [{"host": "evil.example"}, {"host": "127.0.0.1.nip.io"},
                                     {"origin": "http://evil.example"},
                                     {"origin": "null"}, {"sec-fetch-site": "cross-site"}])
def test_a_foreign_host_or_origin_is_refused(folder: Path, headers: dict[str, str]) -> None:
    web = client(folder)
    assert web.get("/", headers=headers).status_code == 403
    answer = web.post("/scenario/kik1.yaml", headers=headers, data={"token": token(web)})
    assert answer.status_code == 403


def test_the_own_origin_is_let_through(folder: Path) -> None:
    assert client(folder).get("/", headers={"origin": "http://testserver"}).status_code == 200


def test_no_file_outside_the_folder(folder: Path, tmp_path: Path) -> None:
    (tmp_path / "secret.yaml").write_text("password: x\n", encoding="utf-8")
    (folder / "link.yaml").symlink_to(tmp_path / "secret.yaml")
    (folder / ".hidden").mkdir()
    (folder / ".hidden" / "a.yaml").write_text("a: 1\n", encoding="utf-8")
    os.mkfifo(folder / "pipe.yaml")  # would block a reader that opens it plainly
    web = client(folder)
    for name in ("../secret.yaml", "..%2fsecret.yaml", "%2e%2e/secret.yaml", "link.yaml",
                 ".hidden/a.yaml", "pipe.yaml", "/etc/passwd", "%2fetc%2fpasswd",
                 "budget-tables", "kik1.yaml%00.yaml"):
        answer = web.get(f"/file/{name}")
        assert answer.status_code == 404, name
        assert "password" not in answer.text
    assert "pipe.yaml" not in web.get("/").text


def test_read_only_writes_nothing(folder: Path) -> None:
    before = (folder / "kik1.yaml").read_bytes()
    web = client(folder, read_only=True)
    page = web.get("/s/kik1.yaml").text
    assert 'id="save-scenario"' not in page and 'name="token"' not in page
    answer = web.post("/scenario/kik1.yaml", data={
        "token": token(web), "hash": content_hash(before), "name": "x", "set": SETS})
    assert answer.status_code == 403
    assert (folder / "kik1.yaml").read_bytes() == before
    assert web.get(f"/whatif/kik1.yaml?set={quote(SETS[0])}").status_code == 200


def test_save_as_scenario(folder: Path) -> None:
    path = folder / "kik1.yaml"
    before = path.read_text(encoding="utf-8")
    web = client(folder)
    answer = web.post("/scenario/kik1.yaml", data={
        "token": token(web), "hash": content_hash(before.encode()), "name": "lav", "set": SETS})
    assert answer.status_code == 303, answer.text
    after = path.read_text(encoding="utf-8")
    assert after.startswith(before)  # every comment and line as it was; one block added
    assert after[len(before):].count("\n") == 3
    assert [p.name for p in folder.iterdir() if p.name.startswith(".")] == []
    with_scenario = kikcalc("payback", path, "--scenario", "lav")
    with_sets = kikcalc("payback", path, *(a for s in SETS for a in ("--set", s)))
    assert with_scenario.exit_code == 0 and with_scenario.stdout == with_sets.stdout
    assert kikcalc("check", path).exit_code in (0, 1)  # loads; its warnings are the file's


def test_save_into_an_existing_block_keeps_the_layout(tmp_path: Path) -> None:
    text = MINIMAL + "scenarios:\n    # a comment stays\n    høj: {discount_rate: 3}\n# end\n"
    (tmp_path / "s.yaml").write_text(text, encoding="utf-8")
    web = client(tmp_path)
    answer = web.post("/scenario/s.yaml", data={
        "token": token(web), "hash": content_hash(text.encode()), "name": "lav",
        "set": ["discount_rate=4"]})
    assert answer.status_code == 303, answer.text
    assert (tmp_path / "s.yaml").read_text(encoding="utf-8") == text.replace(
        "høj: {discount_rate: 3}\n", 'høj: {discount_rate: 3}\n    "lav": {"discount_rate": 4}\n')


def test_a_file_changed_since_it_was_read_is_not_saved(folder: Path) -> None:
    path = folder / "kik1.yaml"
    read = path.read_bytes()
    path.write_bytes(read + b"# edited in an editor meanwhile\n")
    web = client(folder)
    answer = web.post("/scenario/kik1.yaml", data={
        "token": token(web), "hash": content_hash(read), "name": "lav", "set": SETS})
    assert answer.status_code == 409
    assert path.read_bytes() == read + b"# edited in an editor meanwhile\n"


def test_a_save_needs_the_token(folder: Path) -> None:
    read = (folder / "kik1.yaml").read_bytes()
    web = client(folder)
    for bad in ("", "guess"):
        answer = web.post("/scenario/kik1.yaml", data={
            "token": bad, "hash": content_hash(read), "name": "lav", "set": SETS})
        assert answer.status_code == 403
    assert (folder / "kik1.yaml").read_bytes() == read


def test_a_failed_write_leaves_the_file(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    read = (folder / "kik1.yaml").read_bytes()
    web = client(folder)

    def broken(*args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken)
    with pytest.raises(OSError, match="No space"):
        web.post("/scenario/kik1.yaml", data={
            "token": token(web), "hash": content_hash(read), "name": "lav", "set": SETS})
    assert (folder / "kik1.yaml").read_bytes() == read
    assert [p.name for p in folder.iterdir() if p.name.startswith(".")] == []


def test_a_bad_value_is_refused_as_the_command_line_refuses_it(folder: Path) -> None:
    web = client(folder)
    page = web.get("/whatif/kik1.yaml?set=" + quote("no.such.path=1")).text
    assert "no key &#39;no&#39;" in page or "no key 'no'" in html.unescape(page)
    read = (folder / "kik1.yaml").read_bytes()
    answer = web.post("/scenario/kik1.yaml", data={
        "token": token(web), "hash": content_hash(read), "name": "x", "set": ["a=1e999999"]})
    assert answer.status_code == 400 and (folder / "kik1.yaml").read_bytes() == read


@pytest.mark.parametrize("lang", LANGUAGES)
def test_what_if_equals_payback_with_set(folder: Path, lang: str) -> None:
    web = client(folder, lang=lang)
    query = "&".join(f"set={quote(s)}" for s in SETS)
    shown = cells(web.get(f"/whatif/kik1.yaml?{query}").text)
    printed = kikcalc("payback", folder / "kik1.yaml", "--lang", lang,
                      *(a for s in SETS for a in ("--set", s))).stdout.splitlines()
    rows = [re.split(r"\s{2,}", line.strip()) for line in printed[4:8]]
    assert [[c for c in row if c] for row in shown[1:]] == rows
    assert shown[1] != cells(web.get("/whatif/kik1.yaml").text)[1]  # the change shows


def test_every_label_of_the_templates_is_in_the_catalogue() -> None:
    used = {key for page in (HERE / "templates").glob("*.html")
            for key in re.findall(r"""\bt\(["']([a-z_]+)["']""", page.read_text("utf-8"))}
    used = (used - {"serve_field_"}) | {f"serve_field_{kind}" for kind in KINDS}  # by kind
    assert used and used - set(catalogue("da")) == set()


def test_without_the_extra_one_line_and_exit_2(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "uvicorn", None)
    run = kikcalc("serve", "strategies")
    assert run.exit_code == 2
    assert run.stderr.count("\n") == 1
    assert "kræver uvicorn: kør pip install -e '.[serve]'" in run.stderr


def test_other_commands_do_not_load_the_web_stack() -> None:
    code = ("import sys; from kikcalc.cli import register; register('payback'); "
            "print(sorted(m for m in ('starlette', 'uvicorn', 'jinja2') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, cwd=ROOT)
    assert out.stdout.strip() == "[]"


def test_a_refusal_is_worded_in_the_page_language(folder: Path) -> None:
    read = (folder / "kik1.yaml").read_bytes()
    for lang, words in (("da", "intet at gemme"), ("en", "nothing to save")):
        web = client(folder, lang=lang)
        answer = web.post("/scenario/kik1.yaml", data={
            "token": token(web), "hash": content_hash(read), "name": "x", "set": []})
        assert answer.status_code == 400
        assert words in answer.text


def test_the_status_comes_from_the_follow_up(tmp_path: Path) -> None:
    for name in ("fail-k207-target-missed.yaml", "fail-k121-split.yaml", "adopted.yaml",
                 "constructed-statistics.csv", "kikcalc.toml"):
        shutil.copy(ROOT / "examples" / "proposals" / name, tmp_path / name)
    shutil.copy(ROOT / "strategies" / "kik1.yaml", tmp_path / "kik1.yaml")
    shutil.copytree(ROOT / "strategies" / "budget-tables", tmp_path / "budget-tables")
    rows = cells(client(tmp_path, lang="en").get("/").text)[2:]  # under the two header rows
    found = sorted(row[1] for row in rows)
    assert found == ["Behind plan: Jobparate", "Invalid", "No follow-up", "On plan"], rows


def _repository(tmp_path: Path) -> Path:
    """A repository as kikcalc's own: strategies, a test input and an example that fails on
    purpose, the last two marked `-kikcalc` in .gitattributes."""
    from tests.conftest import git

    repo = tmp_path / "repo"
    for name in ("strategies/kik1.yaml", "tests/data/kik1-copy.yaml",
                 "examples/proposals/fail-k202.yaml"):
        (repo / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(ROOT / "strategies" / "kik1.yaml", repo / name)
    (repo / ".gitattributes").write_text("tests/** -kikcalc\n"
                                         "examples/proposals/fail-*.yaml -kikcalc\n")
    git(repo, "init", "-q")
    git(repo, "add", ".")
    git(repo, "commit", "-qm", "start")
    return repo


def test_the_repository_unnamed_shows_the_strategies_the_gate_selects(tmp_path: Path) -> None:
    repo = _repository(tmp_path)
    (repo / "strategies" / "new.yaml").write_text(
        (ROOT / "strategies" / "kik1.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    page = client(repo, as_gate=True).get("/").text
    assert "strategies/kik1.yaml" in page
    assert "strategies/new.yaml" in page  # a new file not yet committed: shown
    assert "tests/data/kik1-copy.yaml" not in page
    assert "fail-k202.yaml" not in page


def test_a_folder_named_shows_every_strategy_in_it(tmp_path: Path) -> None:
    repo = _repository(tmp_path)
    page = client(repo).get("/").text
    assert "tests/data/kik1-copy.yaml" in page and "fail-k202.yaml" in page


def test_the_what_if_fields_of_target_groups_and_investments() -> None:
    """Both lists named the same way: a plain name in brackets, one with a bracket quoted,
    one with both left out, an item that is no mapping passed over; the one-number keys
    (deadweight, cost_per_fte) only where the file writes a number."""
    from kikcalc.serve.whatif import fields

    data = {"target_groups": [
        {"name": "A", "reduction": {2025: 10}, "deadweight": 20},
        {"name": "B]", "deadweight": "x"}, {"name": 'C"]'}, "not a group"],
        "investments": [{"name": "Team", "by_year": {2025: 1}, "cost_per_fte": 500},
                        {"name": "Kurser]", "cost_per_fte": 3}, 7],
        "discount_rate": 4}
    assert [(f.path, f.value, f.group, f.kind) for f in fields(data)] == [
        ("target_groups[A].reduction.2025", "10", "A", "reduction"),
        ("target_groups[A].deadweight", "20", "A", "deadweight"),
        ("investments[Team].by_year.2025", "1", "Team", "by_year"),
        ("investments[Team].cost_per_fte", "500", "Team", "cost_per_fte"),
        ('investments."Kurser]".cost_per_fte', "3", "Kurser]", "cost_per_fte"),
        ("discount_rate", "4", "economics", "discount_rate")]
