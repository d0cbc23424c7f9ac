"""Where the memo's blocks fall on its pages, estimated before it is written: so that a
chart too tall for what is left of a page lets the small tables after it fill that space
first, as a typesetter floats a figure, instead of leaving the space white.

The heights are estimates in cm of how Word and LibreOffice set the memo: a table's rows
as many lines as its fullest cell (`word_fit.lines`), a note's lines at the text width, a
chart as tall as it is placed. They are used only to decide an order, with margins either
way, never to place anything.
"""

from __future__ import annotations

from kikcalc.present.render.word_fit import (
    A4_MM,
    MARGIN_CM,
    PORTRAIT_CM,
    Arranged,
    lines,
    padding_cm,
    text_cm,
)
from kikcalc.record import Record

PT_CM = 2.54 / 72
PAGE_CM = A4_MM[1] / 10 - 2 * MARGIN_CM  # 25.7 cm of text height
TITLE_CM = 1.2  # the memo's title and the line under it
LINE_EM = 1.17  # a single-spaced line, in ems of its type
ROW_CM = 0.035  # a table row's rule
CAPTION_CM = (10 + 3 + 9 * LINE_EM) * PT_CM  # space before and after, a line of 9 pt
#: What a line of text measures against `text_cm`, which is generous on purpose (the
#: widest of four bold faces, and 5 % more): bold Caladea in a table, regular in a note.
BOLD, REGULAR = 0.88, 0.8


def note_cm(text: str, size: float, after: float) -> float:
    """A note's height: its lines at the text width, 1 pt before and `after` points after."""
    count, used = 1, 0.0
    for word in text.split(" "):
        length = text_cm(word, size) * REGULAR
        if used and used + length > PORTRAIT_CM:
            count, used = count + 1, length
        else:
            used += length + text_cm(" ", size) * REGULAR
    return count * size * LINE_EM * PT_CM + (1 + after) * PT_CM


def table_cm(setting: Arranged, notes: tuple[str, ...], note_pt: float) -> float:
    """A table's block: caption, rows and notes."""
    fit = setting.fit
    rows = [row for r, row in enumerate(setting.rows) if r not in setting.spans]
    height = CAPTION_CM
    if fit.widths is not None:
        count = lines(rows, fit.widths, fit.size, padding_cm(fit.narrow), BOLD) \
            + len(setting.spans)
        height += count * fit.size * LINE_EM * PT_CM + len(setting.rows) * ROW_CM
    for n, note in enumerate(notes, start=1):
        height += note_cm(note, note_pt, 4 if n == len(notes) else 0)
    return height


def figure_cm(width_px: int, height_px: int, width_cm: float) -> float:
    """A chart's block: the picture at `width_cm` wide, its line's spacing and caption."""
    return width_cm * height_px / width_px + 10 * PT_CM + CAPTION_CM


class Pages(Record, frozen=False):
    """How far down its page the memo has come, block by block."""

    used: float = 0.0
    page: float = PAGE_CM

    @property
    def left(self) -> float:
        return self.page - self.used

    def place(self, height: float) -> None:
        """A block kept whole: on this page if it fits, else at the top of the next."""
        if self.used and height > self.left:
            self.used = 0.0
        self.used = (self.used + height) % self.page if height > self.page \
            else self.used + height


#: A chart is floated only when it misses the page by this much and the space it would
#: leave white is at least this large; what moves before it must fit with this to spare.
MISS_CM, GAP_CM, SPARE_CM = 1.0, 4.0, 1.0
Block = tuple[str, int, float]  # "table" or "figure", the table's index, height in cm


def order(blocks: list[Block], pages: Pages) -> list[tuple[str, int]]:
    """The blocks in the order they are written: a chart that would leave at least
    `GAP_CM` white at the bottom of its page lets the tables after it (up to the next
    chart, none with a chart of its own, nor the last) that fit there go first, in order.

    >>> order([("table", 0, 20.0), ("figure", 0, 15.0), ("table", 1, 3.0),
    ...        ("table", 2, 1.0)], Pages())
    [('table', 0), ('table', 1), ('figure', 0), ('table', 2)]
    """
    out: list[tuple[str, int]] = []
    pending = list(blocks)
    while pending:
        kind, index, height = pending.pop(0)
        if kind == "figure" and pages.used and height > pages.left + MISS_CM \
                and pages.left >= GAP_CM:
            room = pages.left - SPARE_CM
            # the last table stays last: the memo's notes close on its page
            while len(pending) > 1 and pending[0][0] == "table" and pending[0][2] <= room \
                    and pending[1][:2] != ("figure", pending[0][1]):
                moved = pending.pop(0)
                room -= moved[2]
                pages.place(moved[2])
                out.append(moved[:2])
        pages.place(height)
        out.append((kind, index))
    return out


def png_size(data: bytes) -> tuple[int, int] | None:
    """A PNG's width and height in pixels, from its header; None for anything else."""
    if data[:8] != b"\x89PNG\r\n\x1a\n" or len(data) < 24:
        return None
    return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
