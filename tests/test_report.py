"""kikcalc report: the memo in every format, golden, byte-identical, and light to import."""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys
import zipfile
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from xml.etree import ElementTree

import pytest
from babel.numbers import format_decimal
from hypothesis import given
from hypothesis import strategies as st

from kikcalc.text.formatting import format_amount, round_half_up
from tests.conftest import EXAMPLES, ROOT, STRATEGIES, kikcalc, write_strategy

GOLDEN = ROOT / "tests" / "golden" / "report"
UPDATE = os.environ.get("KIKCALC_UPDATE_GOLDEN") == "1"
FILES = list(STRATEGIES + EXAMPLES)
TEXT_FORMATS = {"markdown": "md", "csv": "csv", "json": "json", "text": "txt", "html": "html"}
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
S = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"


def _report(path: Path, fmt: str, tmp_path: Path, *extra: str) -> bytes:
    target = tmp_path / f"out.{fmt}"
    run = kikcalc("report", path.relative_to(ROOT), "-f", fmt, "-o", target, *extra)
    assert run.exit_code == 0, run.stderr
    return target.read_bytes()


def _golden(name: str, text: str) -> None:
    golden = GOLDEN / name
    if UPDATE:
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_bytes(text.encode("utf-8"))
    assert text == golden.read_bytes().decode("utf-8")


def docx_text(data: bytes) -> str:
    """What a reader sees in the Word file: paragraphs, and table rows cell by cell."""
    body = ElementTree.fromstring(zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml"))
    lines = []
    for block in body.find(f"{W}body") or []:
        if block.tag == f"{W}p":
            lines.append("".join(t.text or "" for t in block.iter(f"{W}t")))
        elif block.tag == f"{W}tbl":
            lines += [" | ".join("".join(t.text or "" for t in cell.iter(f"{W}t"))
                                 for cell in row.iter(f"{W}tc")) for row in block.iter(f"{W}tr")]
    return "\n".join(lines) + "\n"


def xlsx_text(data: bytes) -> str:
    """Each sheet's cells as stored: numbers stay numbers, text from the shared strings or
    (a workbook written row by row) in the cell itself."""
    book = zipfile.ZipFile(io.BytesIO(data))
    strings = [si.findtext(f"{S}t") or "" for si in
               ElementTree.fromstring(book.read("xl/sharedStrings.xml")).iter(f"{S}si")
               ] if "xl/sharedStrings.xml" in book.namelist() else []
    names = [s.get("name") for s in
             ElementTree.fromstring(book.read("xl/workbook.xml")).iter(f"{S}sheet")]
    lines = []
    for i, name in enumerate(names, start=1):
        lines.append(f"== {name}")
        sheet = ElementTree.fromstring(book.read(f"xl/worksheets/sheet{i}.xml"))
        for cell in sheet.iter(f"{S}c"):
            value = cell.findtext(f"{S}v")
            if cell.get("t") == "inlineStr":
                shown = cell.findtext(f"{S}is/{S}t") or ""
            else:
                shown = strings[int(value)] if cell.get("t") == "s" and value else f"={value}"
            lines.append(f"{cell.get('r')} {shown}")
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
@pytest.mark.parametrize("fmt", TEXT_FORMATS)
def test_golden_text_formats(path: Path, fmt: str, tmp_path: Path) -> None:
    data = _report(path, fmt, tmp_path, "--no-chart")
    _golden(f"{path.stem}.{TEXT_FORMATS[fmt]}", data.decode("utf-8"))


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_golden_word_and_excel(path: Path, tmp_path: Path) -> None:
    _golden(f"{path.stem}.docx.txt", docx_text(_report(path, "docx", tmp_path)))
    _golden(f"{path.stem}.xlsx.txt", xlsx_text(_report(path, "xlsx", tmp_path)))


@pytest.mark.parametrize("fmt", [*TEXT_FORMATS, "docx", "xlsx"])
def test_two_runs_give_identical_bytes(fmt: str, tmp_path: Path) -> None:
    path = ROOT / "strategies" / "kik1.yaml"
    first = _report(path, fmt, tmp_path)
    assert first == _report(path, fmt, tmp_path)


def test_the_memo_reproduces_the_published_figures(tmp_path: Path) -> None:
    text = docx_text(_report(ROOT / "strategies/kik1.yaml", "docx", tmp_path))
    assert "Forskel | 24,2 | 33,9 | 7,4 | " in text
    assert "Budgetteret | 2018* | " not in text
    assert "2018: faktisk pr. 30.06.2018 (delår)" in text
    assert "Budgetteret | ikke inden for 2016-2019 |  |  | -0,7 | 2019" in text


def test_word_has_real_tables_and_the_chart(tmp_path: Path) -> None:
    book = zipfile.ZipFile(io.BytesIO(_report(ROOT / "strategies/kik1.yaml", "docx", tmp_path)))
    # with targets, the follow-up (plan against observed, the forecast) and tornado
    assert book.read("word/document.xml").count(b"<w:tbl>") == 12
    assert [n for n in book.namelist() if n.startswith("word/media/")] == [
        "word/media/image1.png", "word/media/image2.png",
        "word/media/image3.png"]  # payback chart, follow-up and tornado
    core = book.read("docProps/core.xml").decode()
    assert "2000-01-01T00:00:00Z" in core


def test_excel_stores_numbers_as_numbers(tmp_path: Path) -> None:
    text = xlsx_text(_report(ROOT / "strategies/kik1.yaml", "xlsx", tmp_path))
    variance = text.split("== Budget og status\n")[1].split("==")[0]
    assert "B6 =24.2" in variance and "D6 =7.4" in variance


def test_html_is_self_contained_with_the_chart_inline(tmp_path: Path) -> None:
    html = _report(ROOT / "strategies/kik1.yaml", "html", tmp_path).decode()
    assert "<svg" in html
    assert not re.search(r"(src|href)=\"(https?:|//)", html)
    assert "<script" not in html


def test_other_unit(tmp_path: Path) -> None:
    data = _report(ROOT / "strategies/kik1.yaml", "markdown", tmp_path, "--unit", "t.kr.")
    assert "| Forskel | 24.200 | 33.900 | 7.400 |  |" in data.decode()


def test_csv_dialects(tmp_path: Path) -> None:
    danish = _report(ROOT / "strategies/kik1.yaml", "csv", tmp_path)
    assert danish.startswith("\ufeff".encode())
    assert b"Forskel;24,2;33,9;7,4;\r\n" in danish
    plain = _report(ROOT / "strategies/kik1.yaml", "csv", tmp_path, "--csv-dialect", "plain")
    assert b"Forskel,24.2,33.9,7.4,\n" in plain


def test_binary_formats_need_an_output_file() -> None:
    run = kikcalc("report", "strategies/kik1.yaml", "-f", "docx")
    assert run.exit_code == 2
    assert "angiv --output FIL" in run.stderr  # Danish by default


def test_report_never_overwrites_its_input_and_needs_the_directory(tmp_path: Path) -> None:
    source = write_strategy(tmp_path, (ROOT / "examples/eksempelby.yaml").read_text("utf-8"))
    before = source.read_bytes()
    run = kikcalc("report", source, "-f", "html", "-o", source)
    assert (run.exit_code, source.read_bytes()) == (2, before)
    run = kikcalc("report", source, "-f", "docx", "-o", tmp_path / "missing" / "memo.docx")
    assert run.exit_code == 2
    assert f"mappen {tmp_path / 'missing'} findes ikke" in run.stderr  # Danish by default
    run = kikcalc("report", source, "-f", "docx", "-o", tmp_path)
    assert (run.exit_code, run.stderr) == (2, f"kikcalc: --output {tmp_path} er en mappe\n")
    run = kikcalc("report", source, "-f", "docx", "-o", tmp_path, "--lang", "en")
    assert run.stderr == f"kikcalc: --output {tmp_path} is a directory\n"


def test_payback_imports_no_document_or_chart_library() -> None:
    code = ("import sys, runpy; sys.argv = ['kikcalc', 'payback', 'strategies/kik1.yaml', "
            "'--format', 'json']\ntry:\n    runpy.run_module('kikcalc', run_name='__main__')\n"
            "except SystemExit:\n    pass\nheavy = {m for m in sys.modules if m.split('.')[0] in "
            "('docx', 'xlsxwriter', 'matplotlib', 'PIL', 'numpy', 'rich')} | "
            "({'kikcalc.present.tables', 'kikcalc.present.memo'} & set(sys.modules))\n"
            "print(sorted(heavy))")
    run = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True,
                         check=True)
    assert run.stdout.strip().splitlines()[-1] == "[]"


@given(st.decimals(min_value=-10**9, max_value=10**9, places=4, allow_nan=False),
       st.integers(0, 3))
def test_danish_numbers_agree_with_babel(value: Decimal, decimals: int) -> None:
    rounded = value.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    expected = format_decimal(rounded, format=pattern, locale="da_DK")
    if rounded.is_zero():
        expected = expected.lstrip("-\u2212")
    assert format_amount(value, decimals, "da") == expected.replace("\u2212", "-")
    assert format_amount(value, decimals, "en") == format_decimal(
        rounded.copy_abs() if rounded.is_zero() else rounded, format=pattern, locale="en_US")


@given(st.lists(st.decimals(min_value=-1000, max_value=1000, places=3, allow_nan=False),
                min_size=1, max_size=12), st.integers(0, 2))
def test_rounded_cells_stay_within_half_a_unit_each_of_the_total(
        values: list[Decimal], decimals: int) -> None:
    """The documented choice: each cell and each total is rounded on its own (no largest-
    remainder adjustment), so the displayed cells may miss the displayed total by at most
    half a unit of the last digit per cell, and the tables carry a footnote saying so."""
    unit = Decimal(1).scaleb(-decimals)
    shown_sum = sum((round_half_up(v, decimals) for v in values), Decimal(0))
    shown_total = round_half_up(sum(values, Decimal(0)), decimals)
    assert abs(shown_sum - shown_total) <= unit * (len(values) + 1) / 2


@pytest.mark.parametrize(("fmt", "magic"), [("png", b"\x89PNG"), ("svg", b"<?xml")])
def test_the_chart_alone(fmt: str, magic: bytes, tmp_path: Path) -> None:
    first = _report(ROOT / "strategies/kik1.yaml", fmt, tmp_path)
    assert first.startswith(magic)
    assert first == _report(ROOT / "strategies/kik1.yaml", fmt, tmp_path)


@pytest.mark.parametrize(("name", "starts"), [("notat.docx", b"PK"), ("notat.XLSX", b"PK"),
                                              ("notat.md", b"# KIK-I"), ("notat.png", b"\x89PNG"),
                                              ("notat.svg", b"<?xml"), ("notat.txt", b"KIK-I"),
                                              ("notat.memo", b"<!DOCTYPE html>")])
def test_without_format_the_memo_follows_the_output_s_ending(tmp_path: Path, name: str,
                                                             starts: bytes) -> None:
    """`report kik1.yaml -o notat.docx` wrote HTML under a Word name, which Word refuses
    (found by a new user); a name kikcalc does not know still gets html."""
    out = tmp_path / name
    run = kikcalc("report", "strategies/kik1.yaml", "-o", str(out))
    assert run.exit_code == 0, run.stderr
    assert out.read_bytes().startswith(starts), out.read_bytes()[:40]
    if name.lower().endswith((".docx", ".xlsx")):
        inner = zipfile.ZipFile(out).namelist()
        assert ("word/document.xml" in inner) == name.endswith(".docx")


def test_a_format_the_output_s_name_contradicts_is_refused_in_one_line(tmp_path: Path) -> None:
    out = tmp_path / "notat.docx"
    run = kikcalc("report", "strategies/kik1.yaml", "-f", "xlsx", "-o", str(out))
    assert run.exit_code == 2 and not out.exists()
    assert run.stderr.count("\n") == 1
    assert "--format xlsx passer ikke til --output" in run.stderr and "docx-fil" in run.stderr
    same = kikcalc("report", "strategies/kik1.yaml", "-f", "docx", "-o", str(out))
    assert same.exit_code == 0 and zipfile.is_zipfile(out)
