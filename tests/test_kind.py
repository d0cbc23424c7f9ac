"""`kikcalc kind`: which files are kikcalc documents, as kikcalc reads them, on disk and at a
git revision; the CI scripts select files with it instead of `grep ^kikcalc:`."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from kikcalc.reading.strict_yaml import MAX_BYTES
from tests.conftest import git, kikcalc

SECRET = "password: hunter2-do-not-print"
FILES = {
    "bom.yaml": b"\xef\xbb\xbfkikcalc: 1\nname: Med BOM\n",
    "flow.yaml": b"{kikcalc: 1, name: 'Flow', period: {start: 2025, end: 2027}}\n",
    "quoted.yaml": b"'kikcalc': 1\nname: Citeret\n",
    ".gitlab-ci.yml": f"kikcalc:\n  script: [kikcalc check]\n# {SECRET}\n".encode(),
    "table.yaml": b"kikcalc_table: 1\nname: Tabel\n",
    "ci-table.yaml": b"kikcalc_table:\n  stage: test\n",
    "latin1.yaml": b"kikcalc: 1\nname: \xe6ble\n",   # not UTF-8: the marker decides
    "large.yaml": b"kikcalc_table: 1\n" + b"#" * MAX_BYTES + b"\n",  # too large: the marker
    "plain.yaml": f"{SECRET}\n".encode(),
    "docs/mkdocs.yml": b"site_name: Strategier\n",
}
EXPECTED = {
    "bom.yaml": ("strategy", "Med BOM"), "flow.yaml": ("strategy", "Flow"),
    "quoted.yaml": ("strategy", "Citeret"), ".gitlab-ci.yml": ("none", ""),
    "table.yaml": ("table", ""), "ci-table.yaml": ("none", ""),
    "latin1.yaml": ("strategy", ""), "large.yaml": ("table", ""), "plain.yaml": ("none", ""),
    "docs/mkdocs.yml": ("none", ""),
    "mkdocs.yml": ("none", ""),          # a link to docs/mkdocs.yml
    "table-link.yaml": ("table", ""),    # a link inside the repository, followed
    "out.yaml": ("none", ""),            # a link out of the repository
    "missing.yaml": ("none", ""),
}


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    repo = tmp_path / "repo"
    (repo / "docs").mkdir(parents=True)
    for name, data in FILES.items():
        (repo / name).write_bytes(data)
    outside = tmp_path / "outside.yaml"
    outside.write_text(f"kikcalc: 1\nname: Udenfor\n{SECRET}\n", encoding="utf-8")
    (repo / "mkdocs.yml").symlink_to("docs/mkdocs.yml")
    (repo / "table-link.yaml").symlink_to("table.yaml")
    (repo / "out.yaml").symlink_to(outside)
    git(repo, "init", "-q")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "base")
    monkeypatch.chdir(repo)
    return repo


def records(text: str, sep: str = "\n") -> dict[str, tuple[str, str]]:
    out = {}
    for record in text.split(sep):
        if record:
            kind, name, path = record.split("\t", 2)
            out[path] = (kind, name)
    return out


@pytest.mark.parametrize("ref", [None, "HEAD"])
def test_kind_tells_kikcalc_documents_as_kikcalc_reads_them(repo: Path, ref: str | None
                                                            ) -> None:
    args = ["kind", "--name", *(["--ref", ref] if ref else []), *EXPECTED]
    run = kikcalc(*args)
    assert run.exit_code == 0, run.stderr
    assert records(run.stdout) == EXPECTED
    assert "hunter2" not in run.stdout + run.stderr  # never a file's content
    assert "Udenfor" not in run.stdout


def test_kind_without_name_prints_kind_and_path(repo: Path) -> None:
    run = kikcalc("kind", "bom.yaml", ".gitlab-ci.yml")
    assert run.stdout == "strategy\tbom.yaml\nnone\t.gitlab-ci.yml\n"


def test_kind_at_a_revision_reads_the_revision_not_the_disk(repo: Path) -> None:
    (repo / "bom.yaml").write_text("site_name: x\n", encoding="utf-8")
    (repo / "new.yaml").write_text("kikcalc: 1\n", encoding="utf-8")
    (repo / "plain.yaml").unlink()
    (repo / "plain.yaml").symlink_to("/proc/self/fd/1")  # never opened at the revision
    run = kikcalc("kind", "--ref", "HEAD", "bom.yaml", "new.yaml", "plain.yaml", "../x.yaml")
    assert run.stdout == ("strategy\tbom.yaml\nnone\tnew.yaml\nnone\tplain.yaml\n"
                          "none\t../x.yaml\n")
    now = kikcalc("kind", "bom.yaml", "new.yaml", "plain.yaml")
    assert now.stdout == "none\tbom.yaml\nstrategy\tnew.yaml\nnone\tplain.yaml\n"


def test_a_link_out_of_the_repository_at_a_revision_is_none(repo: Path) -> None:
    (repo / "etc.yaml").symlink_to("../../../../../../etc/passwd")
    (repo / "loop.yaml").symlink_to("loop.yaml")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "links")
    run = kikcalc("kind", "--ref", "HEAD", "etc.yaml", "loop.yaml", "out.yaml")
    assert run.stdout == "none\tetc.yaml\nnone\tloop.yaml\nnone\tout.yaml\n"


def test_a_fifo_is_none_without_waiting(repo: Path) -> None:
    os.mkfifo(repo / "fifo.yaml")
    assert kikcalc("kind", "fifo.yaml").stdout == "none\tfifo.yaml\n"


def test_null_records_carry_any_name(repo: Path) -> None:
    odd = "a\tb\nc.yaml"
    (repo / odd).write_text("kikcalc: 1\nname: Skæv\n", encoding="utf-8")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "odd")
    for ref in ([], ["--ref", "HEAD"]):
        run = kikcalc("kind", "--null", "--name", *ref, odd, "table.yaml")
        assert records(run.stdout, "\0") == {odd: ("strategy", "Skæv"),
                                             "table.yaml": ("table", "")}
    shown = kikcalc("kind", odd).stdout  # one line a file without --null
    assert shown == "strategy\ta\\tb\\nc.yaml\n"


def test_a_revision_git_does_not_know_is_a_usage_error(repo: Path) -> None:
    run = kikcalc("kind", "--ref", "no-such-branch", "bom.yaml")
    assert run.exit_code == 2
    assert run.stdout == ""
    assert run.stderr.startswith("kikcalc: cannot read the files at --ref no-such-branch")
