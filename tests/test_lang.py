"""Danish and English (issue 25, item 3): what `check` and `gate` find, in every format
that carries it, with numbers and dates in the language's style, and the help of every
command; Danish unless `--lang en` or `KIKCALC_LANG=en` says otherwise."""

from __future__ import annotations

import json
import os
import shutil
import string
import subprocess
import sys
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import pytest
import typer

from kikcalc.cli import app
from kikcalc.cli.language import LANGUAGES as CLI_LANGUAGES
from kikcalc.present.labels import LANGUAGES, PARTS, catalogue
from tests.conftest import ROOT, git, kikcalc

POLICY = ("--policy", "examples/proposals/kikcalc.toml")
K202 = "examples/proposals/fail-k202-low-cumulative.yaml"
K205 = "examples/proposals/warn-k205-partial-actual.yaml"
WORDS = {"da": ("Brug:", "Vis denne hjælp og afslut."),
         "en": ("Usage:", "Show this message and exit.")}


def _flat(text: str) -> str:
    """Text without the line breaks and frames Rich draws (it wraps at the terminal)."""
    return " ".join(text.replace("│", " ").split())


def _commands() -> dict[str, Any]:
    """Every command and group by its name in the catalogue: `kikcalc`, `check`,
    `statbank`, `statbank fetch`, ..."""
    found = {}

    def walk(command: Any, key: str) -> None:
        found[key] = command
        for name, inner in getattr(command, "commands", {}).items():
            walk(inner, name if key == "kikcalc" else f"{key} {name}")

    walk(typer.main.get_command(app), "kikcalc")
    return found


COMMANDS = sorted(_commands())


def _help(key: str, *extra: str) -> str:
    words = [] if key == "kikcalc" else key.split()
    run = kikcalc(*words, "--help", *extra)
    assert run.exit_code == 0, run.stdout + run.stderr
    return _flat(run.stdout)


def _about(key: str, lang: str) -> str:
    about: str = catalogue(lang, "help")[key]["about"]
    return _flat(about)


# --- the help of every command ----------------------------------------------------------


@pytest.mark.parametrize("key", COMMANDS)
def test_every_help_is_danish_by_default_and_english_with_lang_en(key: str) -> None:
    danish, english = _help(key), _help(key, "--lang", "en")
    for text, lang in ((danish, "da"), (english, "en")):
        assert all(word in text for word in WORDS[lang]), text
        assert _about(key, lang) in text
    assert "Usage:" not in danish and "Brug:" not in english
    assert _help(key, "--lang", "da") == danish


@pytest.mark.parametrize("key", ["kikcalc", "check", "gate", "statbank fetch"])
def test_kikcalc_lang_chooses_the_language_of_the_help(key: str,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KIKCALC_LANG", "en")
    assert _about(key, "en") in _help(key)
    assert _about(key, "da") in _help(key, "--lang", "da")  # the command line wins
    monkeypatch.setenv("KIKCALC_LANG", "da")
    assert _about(key, "da") in _help(key)
    monkeypatch.setenv("KIKCALC_LANG", "klingon")  # not a language: Danish
    assert _about(key, "da") in _help(key)


def test_options_are_explained_in_the_language_of_the_help() -> None:
    danish, english = _help("check"), _help("check", "--lang", "en")
    assert "Advarsler afviser også." in danish and "Warnings fail too." in english
    assert "Argumenter" in danish and "Tilvalg" in danish and "[skal angives]" in danish
    assert "Arguments" in english and "Options" in english


def test_every_command_and_option_has_help_in_both_catalogues() -> None:
    commands = _commands()
    for lang in LANGUAGES:
        texts = catalogue(lang, "help")
        shared = texts["options"]
        used = {"words", "options"}
        for key, command in commands.items():
            assert texts[key].get("about"), (lang, key)
            used.add(key)
            for param in command.params:
                longs = [o for o in param.opts if o.startswith("--")]
                name = longs[0][2:] if longs else param.name
                assert name in texts[key] or name in shared, (lang, key, name)
        assert set(texts) == used, f"{lang}: tables no command has"
        assert "help" in shared


def test_the_console_script_reads_lang_before_the_command_and_kikcalc_lang() -> None:
    def run(*args: str, **env: str) -> str:
        done = subprocess.run([sys.executable, "-m", "kikcalc", *args], capture_output=True,
                              text=True, cwd=ROOT, check=True,
                              env={**os.environ, "COLUMNS": "200", **env})
        return _flat(done.stdout)

    assert _about("check", "en") in run("--lang", "en", "check", "--help")
    assert _about("payback", "en") in run("payback", "--help", KIKCALC_LANG="en")
    assert _about("payback", "da") in run("payback", "--help", KIKCALC_LANG="")
    table = run("--lang", "en", "payback", "strategies/kik1.yaml")  # the output too
    assert "Payback year" in table and "Tilbagebetalt" not in table


def test_a_command_s_own_lang_wins_over_the_one_before_it_and_kikcalc_lang(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KIKCALC_LANG", "da")
    assert "Payback year" in kikcalc("--lang", "en", "payback", "strategies/kik1.yaml").stdout
    assert "Tilbagebetalt år" in kikcalc("--lang", "en", "payback", "strategies/kik1.yaml",
                                         "--lang", "da").stdout
    monkeypatch.setenv("KIKCALC_LANG", "en")
    assert "Payback year" in kikcalc("payback", "strategies/kik1.yaml").stdout


def test_the_catalogue_parts_say_the_same_things_in_both_languages() -> None:
    def fields(text: str) -> set[str]:
        return {name for _, name, _, _ in string.Formatter().parse(text) if name}

    def flat(texts: dict[str, Any], prefix: str = "") -> dict[str, set[str]]:
        out = {}
        for key, value in texts.items():
            if isinstance(value, dict):
                out |= flat(value, f"{prefix}{key}.")
            else:
                out[prefix + key] = fields(value)
        return out

    assert set(CLI_LANGUAGES) == set(LANGUAGES)
    for part in PARTS:
        da, en = (flat(catalogue(lang, part)) for lang in LANGUAGES)
        assert da == en, part


# --- what check finds, in both languages ------------------------------------------------


@pytest.mark.parametrize(("lang", "words"), [
    ("da", ["K202 akkumuleret nettoeffekt (beregnet) ved udgangen er 4,49 mio. kr., under "
            "politikkens minimum på 5 mio. kr. (mangler 0,51 mio. kr.)",
            "1 fil kontrolleret, 1 afvist: 1 fejl, 0 advarsler"]),
    ("en", ["K202 cumulative net of the projected series at the end is 4.49 mio. kr., below "
            "the policy's minimum of 5 mio. kr. (short by 0.51 mio. kr.)",
            "1 file checked, 1 failed: 1 error, 0 warnings"]),
])
def test_amounts_in_the_language_s_number_style(lang: str, words: list[str]) -> None:
    out = kikcalc("check", *POLICY, K202, "--lang", lang).stdout
    assert all(word in out for word in words), out


@pytest.mark.parametrize(("lang", "words"), [
    ("da", "K205 advarsel: det faktiske tal for 2025 dækker kun året til 30.06.2025"),
    ("en", "K205 warning: the actual for 2025 covers only the year to 2025-06-30"),
])
def test_dates_in_the_language_s_style(lang: str, words: str) -> None:
    assert words in kikcalc("check", *POLICY, K205, "--lang", lang).stdout


def test_junit_carries_the_messages_in_the_language_chosen() -> None:
    def failure(*lang: str) -> ElementTree.Element:
        run = kikcalc("check", *POLICY, "-f", "junit", K202, *lang)
        root = ElementTree.fromstring(run.stdout.split("\n", 1)[1])
        found = root.find("testsuite/testcase/failure")
        assert found is not None
        return found

    danish, english = failure(), failure("--lang", "en")
    assert "4,49 mio. kr." in danish.get("message", "") and "4,49 mio. kr." in danish.text
    assert "4.49 mio. kr." in english.get("message", "") and "4.49" in english.text
    assert danish.get("type") == english.get("type") == "K202"


def test_sarif_messages_follow_the_language_and_their_fingerprints_do_not() -> None:
    def result(*lang: str) -> dict[str, Any]:
        doc = json.loads(kikcalc("check", *POLICY, "-f", "sarif", K205, *lang).stdout)
        found: dict[str, Any] = doc["runs"][0]["results"][0]
        return found

    danish, english = result(), result("--lang", "en")
    assert "30.06.2025" in danish["message"]["text"]
    assert "2025-06-30" in english["message"]["text"]
    assert danish["partialFingerprints"] == english["partialFingerprints"]


def test_github_annotations_and_json_follow_the_language(monkeypatch: pytest.MonkeyPatch,
                                                         tmp_path: Path) -> None:
    summary = tmp_path / "summary.md"
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    out = kikcalc("check", *POLICY, K205).stdout
    assert "title=kikcalc K205::det faktiske tal for 2025 dækker kun året til 30.06.2025" in out
    assert "| fil | linje | kode | alvor | besked |" in summary.read_text(encoding="utf-8")
    out = kikcalc("check", *POLICY, K205, "--lang", "en").stdout
    assert "title=kikcalc K205::the actual for 2025 covers only the year to 2025-06-30" in out
    doc = kikcalc("check", *POLICY, "-f", "json", K202).json()
    assert doc["findings"][0]["message"].endswith("(mangler 0,51 mio. kr.)")
    assert doc["findings"][0]["severity"] == "error"  # keys and values for machines stay


# --- what the gate finds, and its comment -----------------------------------------------


@pytest.fixture
def removed_actual(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A repository whose last commit deletes KIK-I's recorded actual of 2017 (K223)."""
    repo = tmp_path / "repo"
    shutil.copytree(ROOT / "strategies", repo / "strategies")
    kik1 = (repo / "strategies/kik1.yaml").read_text(encoding="utf-8")
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "base")
    actual = "  2017: {amount: 25.3, source: notat2018}\n"
    assert actual in kik1
    (repo / "strategies/kik1.yaml").write_text(kik1.replace(actual, ""), encoding="utf-8")
    git(repo, "commit", "-q", "-am", "delete an actual")
    monkeypatch.chdir(repo)
    return repo


@pytest.mark.usefixtures("removed_actual")
def test_the_gate_says_its_findings_and_comment_in_the_language_chosen() -> None:
    danish = kikcalc("gate", "--base-ref", "HEAD~1")
    assert danish.exit_code == 1
    assert "K223 det bogførte faktiske tal for 2017 (25,3 mio. kr.) er slettet; en fjernelse " \
        "bedømmes som en ændring" in danish.stdout
    english = kikcalc("gate", "--base-ref", "HEAD~1", "--lang", "en")
    assert "K223 the recorded actual of 2017 (25.3 mio. kr.) is deleted; a removal is judged " \
        "as a change" in english.stdout
    assert "5 files checked, 1 failed: 1 error, 1 warning" in english.stdout
    comment = kikcalc("gate", "--base-ref", "HEAD~1", "-f", "markdown").stdout
    assert "**Afvist:**" in comment and "det bogførte faktiske tal for 2017 (25,3" in comment
    comment = kikcalc("gate", "--base-ref", "HEAD~1", "-f", "markdown", "--lang", "en").stdout
    assert "**Fails:**" in comment and "the recorded actual of 2017 (25.3" in comment


# --- usage errors and kikcalc's own errors, in the reader's language ---------------------

USAGE_ERRORS = [
    (["payback"], "Argumentet 'FIL' mangler.", "Missing argument 'FILE'."),
    (["payback", "--bogus"], "Tilvalget --bogus findes ikke.", "No such option: --bogus"),
    (["payback", "-f", "nope", "x.yaml"],
     "Ugyldig værdi for '--format' / '-f': 'nope' er ikke en af 'text', 'json', 'markdown', "
     "'csv'.", "Invalid value for '--format' / '-f': 'nope' is not one of 'text', 'json', "
     "'markdown', 'csv'."),
    (["payback", "--decimals", "9", "x.yaml"], "Ugyldig værdi for '--decimals': højst 6, ikke "
     "'9'.", "Invalid value for '--decimals': at most 6, not '9'."),
    (["payback", "--decimals", "x", "x.yaml"], "'x' er ikke et helt tal.",
     "'x' is not a whole number."),
    (["bogus"], "Kommandoen 'bogus' findes ikke.", "No such command 'bogus'."),
    (["payback", "strategies/kik1.yaml", "--format"], "Tilvalget '--format' skal have en værdi.",
     "Option '--format' requires an argument."),
]


@pytest.mark.parametrize(("args", "danish", "english"), USAGE_ERRORS)
def test_a_usage_error_is_danish_by_default_and_english_with_lang_en(
        args: list[str], danish: str, english: str) -> None:
    da = kikcalc(*args)
    assert da.exit_code == 2
    said = _flat(da.stderr)
    assert danish in said and "Fejl" in said, said
    for word in ("Usage", "Error", "Try ", "Missing", "No such", "Invalid value"):
        assert word not in said, said
    if "--format" not in args[-1:]:
        assert "Brug: " in said and "Prøv '" in said and "for hjælp." in said
    en = kikcalc("--lang", "en", *args)
    assert en.exit_code == 2
    assert english in _flat(en.stderr) and "Error" in en.stderr, en.stderr


def test_kikcalc_lang_says_a_usage_error_in_english(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KIKCALC_LANG", "en")
    assert "No such option: --bogus" in kikcalc("payback", "--bogus").stderr
    assert "Tilvalget --bogus findes ikke." in _flat(kikcalc("payback", "--bogus",
                                                             "--lang", "da").stderr)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_a_file_kikcalc_cannot_read_is_said_in_danish(tmp_path: Path) -> None:
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    for path, reason in ((fifo, "ikke en almindelig fil (en FIFO, enhed, sokkel eller mappe)"),
                         (tmp_path, "ikke en almindelig fil (en FIFO, enhed, sokkel eller mappe)"),
                         (tmp_path / "nowhere.yaml", "filen findes ikke")):
        run = kikcalc("payback", path)
        assert (run.exit_code, run.stderr) == (2, f"kikcalc: kan ikke læse {path}: {reason}\n")
    run = kikcalc("payback", tmp_path / "nowhere.yaml", "--lang", "en")
    assert run.stderr.endswith("cannot read " + str(tmp_path / "nowhere.yaml")
                               + ": No such file or directory\n")
    assert kikcalc("calibrate", fifo).stderr == f"kikcalc: {fifo} er ikke en mappe\n"


# --- the help: its width and the names of what options take ------------------------------

PYTHON_TYPES = ("<list[", "<path>", "<bool>", "<int>", "<float>", "Path]", "<str>")


@pytest.mark.parametrize("key", COMMANDS)
def test_the_help_names_values_in_the_reader_s_words_not_python_types(key: str) -> None:
    words = [] if key == "kikcalc" else key.split()
    for lang, usage, options in (("da", "Brug:", "[TILVALG]"), ("en", "Usage:", "[OPTIONS]")):
        run = kikcalc(*words, "--help", "--lang", lang)
        assert not any(python in run.stdout for python in PYTHON_TYPES), run.stdout
        assert f"{usage} root" in run.stdout and options in run.stdout
        line = next(line for line in run.stdout.splitlines() if usage in line)
        assert "{" not in line, line
    danish = kikcalc(*words, "--help").stdout
    for english in ("FILE", "FOLDER", "DIR", "YEAR", "NAME", "PATH=VALUE", "OPTIONS",
                    "COMMAND"):
        assert english not in danish.replace("KIKCALC_", ""), (english, danish)


def test_the_danish_help_says_fil_mappe_and_aar() -> None:
    assert "Brug: root payback [TILVALG] FIL..." in kikcalc("payback", "--help").stdout
    assert "Brug: root calibrate [TILVALG] MAPPE" in kikcalc("calibrate", "--help").stdout
    breakeven = kikcalc("breakeven", "--help").stdout
    assert "Brug: root breakeven [TILVALG] FIL" in breakeven and " ÅR " in breakeven
    assert "STI=VÆRDI" in kikcalc("net", "--help").stdout
    assert "Usage: root payback [OPTIONS] FILE..." in kikcalc("payback", "--help",
                                                              "--lang", "en").stdout


def test_piped_help_is_wider_than_80_columns(monkeypatch: pytest.MonkeyPatch) -> None:
    """Not a terminal: a readable 100 columns rather than Rich's 80."""
    monkeypatch.delenv("COLUMNS", raising=False)
    monkeypatch.delenv("TERMINAL_WIDTH", raising=False)
    lines = kikcalc("net", "--help").stdout.splitlines()
    assert max(map(len, lines)) == 100
    assert "│ --set               STI=VÆRDI               Overskriv én værdi, f.eks." in \
        "\n".join(lines)


@pytest.mark.parametrize(("args", "danish", "english"), [
    (["report", "tests/data/portfolio/jobcafe.yaml", "--combine"],
     "--combine kræver to eller flere FILer", "--combine needs two or more FILEs"),
    (["diff", "examples/proposals/adopted.yaml"], "diff tager BASIS og FORSLAG",
     "diff takes BASE and PROPOSAL"),
    (["report", "strategies/kik1.yaml", "-f", "docx"], "--format docx skriver en fil: angiv "
     "--output FIL", "--format docx writes a file: give --output FILE"),
    (["net", "--combine", "strategies/kik1.yaml", "./strategies/kik1.yaml"],
     "er angivet mere end én gang", "is given more than once"),
])
def test_kikcalc_s_own_usage_errors_are_danish_by_default(args: list[str], danish: str,
                                                          english: str) -> None:
    da, en = kikcalc(*args), kikcalc(*args, "--lang", "en")
    assert (da.exit_code, en.exit_code) == (2, 2)
    assert danish in da.stderr and english in en.stderr, (da.stderr, en.stderr)
    assert da.stderr.count("\n") == 1


def test_a_value_of_the_wrong_type_is_said_in_danish(tmp_path: Path) -> None:
    """pydantic's own words are English: `period end: input should be a valid integer`."""
    text = (ROOT / "examples/eksempelby.yaml").read_text(encoding="utf-8")
    assert "period: {start: 2025, end: 2029}" in text
    path = tmp_path / "s.yaml"
    path.write_text(text.replace("end: 2029}", "end: 2029x}"), encoding="utf-8")
    run = kikcalc("payback", path)
    assert run.exit_code == 1
    assert "K110 period end: skal være et helt tal, ikke 2029x" in run.stderr
    english = kikcalc("payback", path, "--lang", "en")
    assert "K110 period end: input should be a valid integer, not 2029x" in english.stderr


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_check_says_why_a_file_cannot_be_read_in_danish(tmp_path: Path) -> None:
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    run = kikcalc("check", fifo, tmp_path / "nowhere.yaml")
    assert run.exit_code == 2
    assert f"{fifo}:1:1: K100 kan ikke læses: ikke en almindelig fil (en FIFO, enhed, sokkel " \
        "eller mappe)" in run.stdout
    assert f"{tmp_path / 'nowhere.yaml'}:1:1: K100 kan ikke læses: filen findes ikke" in run.stdout
    assert f"kikcalc: kan ikke læse {tmp_path / 'nowhere.yaml'}: filen findes ikke" in run.stderr
    english = kikcalc("check", fifo, "--lang", "en")
    assert "K100 cannot read: not a regular file (a FIFO, device, socket or directory)" \
        in english.stdout


@pytest.mark.parametrize("key", COMMANDS)
def test_the_help_gives_one_default_for_lang(key: str) -> None:
    """--lang's help says its default (KIKCALC_LANG, else da); Typer's `[standard: da]`
    beside it contradicted that when KIKCALC_LANG is set (found by a new user)."""
    words = [] if key == "kikcalc" else key.split()
    for lang, shown in (("da", "[standard: da]"), ("en", "[default: da]")):
        assert shown not in kikcalc(*words, "--help", "--lang", lang).stdout


@pytest.mark.parametrize(("blocked", "args", "danish"), [
    ("numpy", ["simulate", "strategies/kik2.yaml"],
     "simulate kræver numpy: kør pip install -e '.[simulate]' i kikcalcs mappe"),
    ("PIL", ["report", "strategies/kik1.yaml", "-f", "png", "-o", "OUT/k.png"],
     "figuren kræver Pillow: kør pip install -e '.[report]' i kikcalcs mappe"),
])
def test_a_missing_extra_is_said_in_danish(tmp_path: Path, blocked: str, args: list[str],
                                           danish: str) -> None:
    """A user who followed the Quick start without an extra meets these lines first; they
    were English in a Danish run (found by a new user)."""
    code = (f"import sys; sys.modules[{blocked!r}] = None; sys.argv = ['kikcalc', *{args!r}]; "
            "from kikcalc.cli import main; main()").replace("OUT", str(tmp_path))
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         cwd=ROOT, env={**os.environ, "KIKCALC_NO_CACHE": "1"}, check=False)
    assert run.returncode == 2 and run.stderr.count("\n") == 1, run.stderr
    assert danish in run.stderr, run.stderr
