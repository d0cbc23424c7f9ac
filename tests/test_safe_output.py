"""Unicode format characters (category Cf) are shown, never passed on: a bidi override
(U+202E), an isolate (U+2066), a zero-width space (U+200B) or a stray byte-order mark
(U+FEFF) in a strategy, group or file name cannot reorder or hide text in a terminal, a
log, an annotation, a job summary, a markdown or HTML table, a Word or Excel memo, CSV,
JUnit or SARIF. Each lands as a visible escape such as `\\u202e`."""

from __future__ import annotations

import io
import json
import sys
import unicodedata
import zipfile
from pathlib import Path
from xml.etree import ElementTree

import pytest

from kikcalc import record
from kikcalc.model.findings import Issue, Severity, Source
from kikcalc.present.render.findings import FINDINGS_RENDERERS, Checked, github_summary
from kikcalc.text import safe
from tests.conftest import kikcalc, write_strategy

HIDDEN = {"\u202e": "\\u202e", "\u2066": "\\u2066", "\u200b": "\\u200b", "\ufeff": "\\ufeff"}
BAD = "Job\u202eetarap\u2066x\u2069 G\u200bH\ufeff"
#: What a name read from YAML may hold: the reader refuses bidi controls, not these.
READABLE = "Hård\u200bplan\ufeff"

STRATEGY = """\
kikcalc: 1
name: "Hård\\u200bplan\\ufeff"
period: {start: 2025, end: 2027}
unit: kr.
investments:
  - {name: "Sags\\u200bbehandlere", by_year: {2025: 1000}}
unit_costs: {kontanthjaelp: 100000}
target_groups:
  - name: "Job\\ufeffparate\\u2060"
    benefit: kontanthjaelp
    reduction: {2025: 1}
    outcomes: {selvforsorgelse: 100}
"""


def _assert_shown(text: str, raw: str = BAD) -> None:
    """No format character of `raw` is in `text`; each is there as its escape."""
    for char, escape in HIDDEN.items():
        if char in raw:
            assert char not in text, f"raw U+{ord(char):04X} in the output"
            assert escape in text, f"{escape} not in the output"


HELPERS = ["printable", "markdown_text", "markdown_code", "html_text", "xml_text"]


def _cf_chars() -> list[str]:
    return [chr(c) for c in range(sys.maxunicode + 1) if unicodedata.category(chr(c)) == "Cf"]


# --- the helpers in kikcalc.text.safe -------------------------------------------------


def test_every_format_character_is_escaped_by_every_helper() -> None:
    chars = _cf_chars()
    assert len(chars) > 150
    text = "".join(chars)
    for name in HELPERS:
        out = getattr(safe, name)(text)
        leaked = [f"U+{ord(c):04X}" for c in chars if c in out]
        assert not leaked, (name, leaked)


@pytest.mark.parametrize("name", HELPERS)
def test_helpers_show_the_escape(name: str) -> None:
    out = getattr(safe, name)(BAD)
    _assert_shown(out.replace("&#92;", "\\") if name == "markdown_code" else out)


def test_astral_format_characters_get_an_unambiguous_escape() -> None:
    assert safe.printable("a\U000e0041b") == "a\\U000e0041b"  # a tag character


def test_markdown_code_is_a_literal_code_span() -> None:
    out = safe.markdown_code("x`y</code>*z*@everyone\u202e.yaml")
    assert out.startswith("<code>") and out.endswith("</code>")
    inner = out.removeprefix("<code>").removesuffix("</code>")
    for raw in ("`", "<", ">", "*", "@", "\u202e"):
        assert raw not in inner
    assert "&#92;u202e" in inner  # a backslash markdown cannot take as an escape


def test_html_text_escapes_markup_and_quotes() -> None:
    assert safe.html_text('<b a="1">&\u200b') == "&lt;b a=&quot;1&quot;&gt;&amp;\\u200b"


def test_the_reader_still_accepts_what_it_accepted(tmp_path: Path) -> None:
    """Escaping is for output; reading refuses controls and bidi controls as before."""
    assert safe.has_unprintable(READABLE) is None
    assert safe.has_unprintable("a\u202eb") == "\u202e"
    assert kikcalc("payback", write_strategy(tmp_path, STRATEGY)).exit_code == 0


# --- the memo, as rendered from a report with hostile names -------------------------------


def _report() -> object:
    import tempfile

    from kikcalc.evaluation.evaluated import evaluate_loaded
    from kikcalc.loading.strategy import load_strategy
    from kikcalc.present.memo import build_report
    from kikcalc.present.views import context_of

    with tempfile.TemporaryDirectory() as folder:
        loaded, _ = load_strategy(str(write_strategy(Path(folder), STRATEGY)))
    assert loaded is not None
    ev = evaluate_loaded(loaded)
    report = build_report(loaded, ev, context_of(ev, "da", None))
    first = report.tables[0]
    rows = tuple((BAD, *row[1:]) if isinstance(row[0], str) else row for row in first.rows)
    table = record.replace(first, title=BAD, notes=(BAD,), rows=rows)
    columns = list(first.columns)
    columns[0] = record.replace(columns[0], title=BAD)
    table = record.replace(table, columns=tuple(columns))
    return record.replace(report, title=BAD, subtitle=BAD, footnotes=(BAD,),
                               tables=(table, *report.tables[1:]))


def _xml_parts(data: bytes) -> str:
    book = zipfile.ZipFile(io.BytesIO(data))
    return "".join(book.read(n).decode("utf-8") for n in book.namelist()
                   if n.endswith((".xml", ".rels")))


def test_table_renderers_show_format_characters() -> None:
    from kikcalc.present.render import TABLE_RENDERERS

    report = _report()
    for name, render in TABLE_RENDERERS.items():
        out = render(list(report.tables), "da")  # type: ignore[attr-defined]
        if name == "csv":
            out = out.removeprefix("\ufeff")  # the byte-order mark Danish Excel needs
        _assert_shown(out)


def test_html_memo_shows_format_characters() -> None:
    from kikcalc.present.render.html import render_html

    _assert_shown(render_html(_report(), {}))  # type: ignore[arg-type]


def test_word_memo_shows_format_characters() -> None:
    pytest.importorskip("docx")
    from kikcalc.present.render.docx import render_docx

    _assert_shown(_xml_parts(render_docx(_report(), {})))  # type: ignore[arg-type]


def test_excel_memo_shows_format_characters() -> None:
    pytest.importorskip("xlsxwriter")
    from kikcalc.present.render.xlsx import render_xlsx

    _assert_shown(_xml_parts(render_xlsx(_report())))  # type: ignore[arg-type]


# --- the command line, with names read from a file ----------------------------------------


@pytest.mark.parametrize("fmt", ["text", "markdown", "html", "csv"])
def test_report_formats_show_names_from_the_file(fmt: str, tmp_path: Path) -> None:
    run = kikcalc("report", write_strategy(tmp_path, STRATEGY), "-f", fmt)
    assert run.exit_code == 0, run.stderr
    out = run.stdout.removeprefix("\ufeff") if fmt == "csv" else run.stdout
    _assert_shown(out, READABLE)
    assert "\u2060" not in out and "\\u2060" in out  # the word joiner in the group name


@pytest.mark.parametrize("command", ["payback", "net", "variance"])
def test_terminal_tables_show_names_from_the_file(command: str, tmp_path: Path) -> None:
    run = kikcalc(command, write_strategy(tmp_path, STRATEGY))
    assert run.exit_code == 0, run.stderr
    _assert_shown(run.stdout, READABLE)


def test_json_keeps_the_value_and_shows_the_character(tmp_path: Path) -> None:
    run = kikcalc("report", write_strategy(tmp_path, STRATEGY), "-f", "json")
    assert run.exit_code == 0, run.stderr
    _assert_shown(run.stdout, READABLE)
    assert json.loads(run.stdout)["name"] == "Hård\u200bplan\ufeff"


@pytest.mark.parametrize("fmt", ["docx", "xlsx"])
def test_office_memos_show_names_from_the_file(fmt: str, tmp_path: Path) -> None:
    pytest.importorskip("docx" if fmt == "docx" else "xlsxwriter")
    out = tmp_path / f"memo.{fmt}"
    run = kikcalc("report", write_strategy(tmp_path, STRATEGY), "-f", fmt, "-o", out)
    assert run.exit_code == 0, run.stderr
    _assert_shown(_xml_parts(out.read_bytes()), READABLE)


# --- kikcalc check: file names and messages in every findings format ---------------------


def _checked() -> list[Checked]:
    file = f"dir/{BAD}.yaml"
    issue = Issue("K125", f"unknown benefit '{BAD}'", Source(file, 3, 5))
    return [Checked(file, (issue,), policy=BAD),
            Checked("ok.yaml", (Issue("K206", BAD, Source("ok.yaml"), Severity.WARNING),))]


@pytest.mark.parametrize("fmt", sorted(FINDINGS_RENDERERS))
def test_findings_formats_show_format_characters(fmt: str) -> None:
    out = FINDINGS_RENDERERS[fmt](_checked())
    _assert_shown(out)
    if fmt == "junit":
        ElementTree.fromstring(out.encode("utf-8"))
    if fmt in ("json", "sarif"):
        _assert_shown(json.dumps(json.loads(out), ensure_ascii=False))


def test_job_summary_shows_format_characters() -> None:
    _assert_shown(github_summary(_checked()))


def test_one_line_messages_show_format_characters() -> None:
    line = str(_checked()[0].issues[0])
    assert line.startswith("dir/Job\\u202e")
    assert ":3:5: K125 " in line
    _assert_shown(line)


@pytest.mark.parametrize("fmt", ["text", "github", "junit", "sarif"])
def test_check_shows_a_file_name_with_format_characters(fmt: str, tmp_path: Path) -> None:
    name = "ev\u202elmay\u2066\u200b.yaml"
    path = write_strategy(tmp_path, STRATEGY.replace("kikcalc: 1", "kikcalc: 1\nbogus: 1"),
                          name)
    run = kikcalc("check", "-f", fmt, path)
    assert run.exit_code == 1, run.stderr
    for char in ("\u202e", "\u2066", "\u200b"):
        assert char not in run.stdout + run.stderr
    if fmt != "sarif":  # SARIF gives the file as a percent-encoded URI
        assert "\\u202e" in run.stdout and "\\u200b" in run.stdout


@pytest.mark.parametrize("fmt", ["text", "markdown", "json"])
def test_diff_shows_names_from_the_files(fmt: str, tmp_path: Path) -> None:
    base = write_strategy(tmp_path, STRATEGY, "base.yaml")
    proposal = write_strategy(tmp_path, STRATEGY.replace("reduction: {2025: 1}",
                                                         "reduction: {2025: 2}"), "new.yaml")
    run = kikcalc("diff", base, proposal, "-f", fmt, "--lang", "en")
    assert run.exit_code in (0, 1), run.stderr
    _assert_shown(run.stdout, "\ufeff")  # the group's name: "Job\ufeffparate\u2060"
    assert "\u2060" not in run.stdout
