"""A Word table's rows written as WordprocessingML text in one go, and put in the saved
document in place of a mark.

python-docx builds a table cell by cell: a child element inserted in schema order for
each property of each cell, some 140,000 insertions for a 1,000-group memo, and a tree of
the whole document in memory. The rows here are the same XML that python-docx writes
(`docx.py` used to build them so, and the shipped memos' `word/document.xml` is unchanged
byte for byte), written as text: the table's frame (style, grid, widths, cell margins) is
still python-docx's, and its rows are streamed into the saved file (`splice`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from kikcalc.present.render.word_fit import LANDSCAPE_CM, Arranged

#: A table of at most this many rows (with its heading row) is kept on one page; a longer
#: one may break, but never leaves a single row (or its heading row alone) on a page.
WHOLE_ROWS = 20
EMPHASIS_RGB = "A4000F"  # a strategy at a loss: bold, dark red
#: The mark left in a table's frame where its rows go: a comment, which no text of a
#: cell can make (its `<` is written `&lt;`).
MARK = "kikcalc-rows-{}"
_MARK = re.compile(rb"<!--kikcalc-rows-(\d+)-->")


def kept_rows(count: int, *, with_next: bool, also: Iterable[int] = ()) -> set[int]:
    """The rows kept with the next: every row of a short table, the first two and the
    last three of a long one, and the rows in `also` (a group's name) with the row after;
    `with_next` keeps the last row with what follows (its notes). Word keeps a row with
    the next when its paragraphs are kept with the next; LibreOffice reads the same."""
    kept = set(range(count - 1)) if count <= WHOLE_ROWS else {0, count - 3, count - 2}
    kept.update(also)
    if with_next:
        kept.add(count - 1)
    return kept


def _text(value: str) -> str:
    """A run's content as python-docx writes it: a tab as `w:tab`, a line break as `w:br`,
    the rest in `w:t` (spaces kept where it begins or ends with one)."""
    out = []
    for part in re.split(r"(\t|\r|\n)", value):
        if part == "\t":
            out.append("<w:tab/>")
        elif part in ("\r", "\n"):
            out.append("<w:br/>")
        elif part:
            text = part.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            space = ' xml:space="preserve"' if len(part.strip()) < len(part) else ""
            out.append(f"<w:t{space}>{text}</w:t>")
    return "".join(out)


def rows_xml(setting: Arranged, right: Sequence[bool], emphasis: Iterable[int],
             *, with_next: bool) -> Iterator[str]:
    """Each row of the table as set (`setting`) as `w:tr` text. `right`: the columns set
    right (numbers), `emphasis`: the rows of the table below its heading that stand out."""
    from docx.shared import Cm, Pt

    size = setting.fit.size
    columns = len(setting.rows[0]) if setting.rows else 0
    widths = setting.fit.widths or [LANDSCAPE_CM / columns] * columns
    twips = [Cm(width).twips for width in widths]
    half_points = str(int(Pt(size).pt * 2))
    mark = (f'<w:rPr><w:sz w:val="{round(size * 2)}"/><w:szCs w:val="{round(size * 2)}"/>'
            "</w:rPr>")
    kept = kept_rows(len(setting.rows), with_next=with_next, also=setting.spans)
    stands_out = set(emphasis)
    for r, values in enumerate(setting.rows):
        flags = '<w:cantSplit w:val="true"/>' + ('<w:tblHeader w:val="true"/>' if r == 0 else "")
        spanned = r in setting.spans
        bold = r == 0 or spanned or r - 1 in stands_out
        colour = f'<w:color w:val="{EMPHASIS_RGB}"/>' if r - 1 in stands_out else ""
        run_properties = (f"<w:rPr>{'<w:b/>' if bold else ''}{colour}"
                          f'<w:sz w:val="{half_points}"/></w:rPr>')
        keep = "<w:keepNext/>" if r in kept else ""
        cells = []
        shown = [(values[0], sum(twips), f'<w:gridSpan w:val="{columns}"/>', False)] \
            if spanned else [(v, w, "", is_right) for v, w, is_right in
                             zip(values, twips, right, strict=False)]
        for value, width, span, is_right in shown:
            paragraph = keep + ('<w:jc w:val="right"/>' if is_right else "") + \
                ("" if value else mark)
            properties = f"<w:pPr>{paragraph}</w:pPr>" if paragraph else ""
            cells.append(f'<w:tc><w:tcPr><w:tcW w:type="dxa" w:w="{width}"/>{span}</w:tcPr>'
                         f"<w:p>{properties}<w:r>{run_properties}{_text(value)}</w:r></w:p>"
                         "</w:tc>")
        yield f"<w:tr><w:trPr>{flags}</w:trPr>{''.join(cells)}</w:tr>"


def leave_mark(grid: Any, number: int) -> None:
    """The table's frame without rows, and a mark where they go (`splice`)."""
    from lxml import etree

    tbl = grid._tbl
    for row in tbl.findall("{*}tr"):
        tbl.remove(row)
    tbl.append(etree.Comment(MARK.format(number)))


def splice(document: bytes, rows: Sequence[Iterable[str]]) -> Iterator[bytes]:
    """The saved document part with each mark replaced by its table's rows, in pieces."""
    at = 0
    for found in _MARK.finditer(document):
        yield document[at:found.start()]
        for row in rows[int(found.group(1))]:
            yield row.encode("utf-8")
        at = found.end()
    yield document[at:]
