"""The Word table's rows written as text (`word_table`) are the XML python-docx writes
when it builds the same table cell by cell, as the memo did before (issue 28)."""

from __future__ import annotations

import io
import zipfile

import pytest

from kikcalc.present.render import word_table
from kikcalc.present.render.word_fit import LANDSCAPE_CM, Arranged, Fit, arrange

docx = pytest.importorskip("docx")


def _by_cell(document: object, setting: Arranged, right: list[bool], emphasis: tuple[int, ...],
             with_next: bool) -> None:
    """The table as python-docx builds it, cell by cell: the memo's way before."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Cm, Pt, RGBColor

    def flag(row: object, tag: str) -> None:
        element = OxmlElement(tag)
        element.set(qn("w:val"), "true")
        row._tr.get_or_add_trPr().append(element)  # type: ignore[attr-defined]

    size, count = setting.fit.size, len(setting.rows[0])
    widths = setting.fit.widths or [LANDSCAPE_CM / count] * count
    grid = document.add_table(rows=1, cols=count)  # type: ignore[attr-defined]
    for r, values in enumerate(setting.rows):
        row = grid.rows[0] if r == 0 else grid.add_row()
        flag(row, "w:cantSplit")
        if r == 0:
            flag(row, "w:tblHeader")
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = Cm(width)
        cells = [row.cells[0].merge(row.cells[-1])] if r in setting.spans else row.cells
        for cell, value, is_right in zip(cells, values, right, strict=False):
            paragraph = cell.paragraphs[0]
            run = paragraph.add_run(value)
            run.font.size = Pt(size)
            if not value:
                marks = OxmlElement("w:rPr")
                paragraph._p.get_or_add_pPr().append(marks)
                for tag in ("w:sz", "w:szCs"):
                    element = OxmlElement(tag)
                    element.set(qn("w:val"), str(round(size * 2)))
                    marks.append(element)
            run.font.bold = r == 0 or r in setting.spans or r - 1 in emphasis or None
            if r - 1 in emphasis:
                run.font.color.rgb = RGBColor(0xA4, 0x00, 0x0F)
            if is_right and r not in setting.spans:
                paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    rows = list(grid.rows)
    for index in sorted(word_table.kept_rows(len(rows), with_next=with_next,
                                             also=setting.spans)):
        for cell in rows[index].cells:
            for paragraph in cell.paragraphs:
                paragraph.paragraph_format.keep_with_next = True


def _as_text(document: object, setting: Arranged, right: list[bool],
             emphasis: tuple[int, ...], with_next: bool) -> bytes:
    grid = document.add_table(rows=1, cols=len(setting.rows[0]))  # type: ignore[attr-defined]
    word_table.leave_mark(grid, 0)
    buffer = io.BytesIO()
    document.save(buffer)  # type: ignore[attr-defined]
    part = zipfile.ZipFile(buffer).read("word/document.xml")
    rows = word_table.rows_xml(setting, right, emphasis, with_next=with_next)
    return b"".join(word_table.splice(part, [rows]))


def _saved(document: object) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)  # type: ignore[attr-defined]
    return zipfile.ZipFile(buffer).read("word/document.xml")


HOSTILE = [["Gruppe", "Udfald", "2025", "I alt"],
           ["Ledige & <b>", "I alt", "1.234,5", "-12,0"],
           ["", " kant ", "", "3"],
           ["", "tab\there", "linje\nto", "7"],
           ["I alt", "", "9", "10"]]


@pytest.mark.parametrize("rows", [HOSTILE, HOSTILE * 6, [["Serie", "2016"], ["B", "-1"]]],
                         ids=["short", "long", "two"])
@pytest.mark.parametrize("emphasis", [(), (0, 2)])
@pytest.mark.parametrize("with_next", [False, True])
def test_rows_as_text_are_python_docx_s(rows: list[list[str]], emphasis: tuple[int, ...],
                                        with_next: bool) -> None:
    right = [False, False, True, True][:len(rows[0])]
    setting = arrange(rows, right, regroup=not emphasis)
    by_cell, as_text = docx.Document(), docx.Document()
    _by_cell(by_cell, setting, right[setting.dropped:], emphasis, with_next)
    assert _as_text(as_text, setting, right[setting.dropped:], emphasis, with_next) == \
        _saved(by_cell)


def test_spans_and_a_table_too_wide_for_any_page() -> None:
    setting = Arranged([["A", "B", "C"], ["Navn", "", ""], ["x", "", "2"]], [False] * 3,
                       (1,), 0, Fit(None, True, 8.0, True))
    by_cell, as_text = docx.Document(), docx.Document()
    _by_cell(by_cell, setting, [False, False, True], (), True)
    assert b"gridSpan" in _saved(by_cell)
    assert _as_text(as_text, setting, [False, False, True], (), True) == _saved(by_cell)


def test_a_cell_cannot_forge_the_mark() -> None:
    document = docx.Document()
    setting = arrange([["Navn"], ["<!--kikcalc-rows-0-->"]], [False])
    text = _as_text(document, setting, [False], (), False)
    assert text.count(b"&lt;!--kikcalc-rows-0--&gt;") == 1
