"""How full each page of a PDF is, as a reader sees it: `python3 tests/page_fill.py FILE.pdf...`

Each page is rendered by pdftoppm (poppler-utils) to a grey image at 40 dpi, and its fill
is how far down the text area the content reaches: from the top margin to the lowest row
of pixels with ink in it above the bottom margin, as a share of the text area's height.

Why that measure: a memo flows from the top of each page, so what a reader sees as "a
mostly empty page" is white at the bottom of it, where something that did not fit was
moved on to the next page. The pixels see everything a reader sees (text, table rules and
shading, charts, which `pdftotext` would miss) and nothing they do not (the footer with the
page number sits in the bottom margin and is left out). The measure does not depend on the
font, line spacing or the number of lines, and a landscape page is measured against its
own height. At 40 dpi a line of 8 pt type is 4-5 pixel rows, so a row with any pixel
darker than mid-grey is ink, and anti-aliasing noise is not.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

DPI = 40
MARGIN_CM = 2.0  # the memo's page margins (kikcalc.present.render.word_fit.MARGIN_CM)
INK = 160  # grey level below which a pixel is ink (0 black, 255 white)


def _pgm(path: Path) -> tuple[int, int, bytes]:
    """Width, height and pixels of a binary PGM (P5) file, 8 bits a pixel."""
    data = path.read_bytes()
    fields: list[bytes] = []
    position = 0
    while len(fields) < 4:  # magic, width, height, maximum value
        while data[position:position + 1].isspace():
            position += 1
        if data[position:position + 1] == b"#":  # a comment runs to the end of its line
            position = data.index(b"\n", position)
            continue
        end = position
        while not data[end:end + 1].isspace():
            end += 1
        fields.append(data[position:end])
        position = end
    if fields[0] != b"P5" or int(fields[3]) > 255:
        raise ValueError(f"{path}: not an 8-bit binary PGM")
    width, height = int(fields[1]), int(fields[2])
    return width, height, data[position + 1:position + 1 + width * height]


def fill(width: int, height: int, pixels: bytes, margin: int) -> float:
    """How far down the text area of one page (inside `margin` rows at the top and the
    bottom) its content reaches, from 0 to 1.

    >>> white, black = bytes([255]) * 10, bytes([0]) * 10
    >>> fill(10, 10, black * 3 + white * 7, margin=1)  # ink in 2 of the 8 rows inside
    0.25
    """
    rows = range(margin, height - margin)
    inked = [r for r in rows if min(pixels[r * width:(r + 1) * width]) < INK]
    return (max(inked) + 1 - margin) / len(rows) if inked else 0.0


def page_fills(pdf: Path) -> list[float]:
    """The fill of every page of `pdf`, in order."""
    with tempfile.TemporaryDirectory() as scratch:
        subprocess.run(["pdftoppm", "-r", str(DPI), "-gray", str(pdf), f"{scratch}/page"],
                       check=True, capture_output=True)
        pages = sorted(Path(scratch).glob("page-*.pgm"),
                       key=lambda p: int(p.stem.rsplit("-", 1)[1]))
        margin = round(MARGIN_CM / 2.54 * DPI)
        return [fill(*_pgm(page), margin=margin) for page in pages]


def main(paths: list[str]) -> int:
    for path in paths:
        fills = page_fills(Path(path))
        shown = "  ".join(f"{n}: {f:.0%}" for n, f in enumerate(fills, start=1))
        print(f"{path}: {len(fills)} page(s)  {shown}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
