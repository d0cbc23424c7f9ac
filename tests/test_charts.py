"""The charts drawn by kikcalc (issue 28): one neutral drawing painted as SVG text and as
PNG with Pillow, the same chart in the HTML and the Word memo, no matplotlib on the way."""

from __future__ import annotations

import io
import subprocess
import sys
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import pytest

from kikcalc.present.render import legend, plot
from kikcalc.present.render.drawing import Drawing, Line, Mark, Polyline, Rect, Text
from kikcalc.present.render.paint_png import dashes, png
from kikcalc.present.render.paint_svg import svg
from tests.conftest import ROOT, kikcalc

PIL = pytest.importorskip("PIL.Image")
SVG = "{http://www.w3.org/2000/svg}"
HOSTILE = "<b>&amp; \x1b[31mrød</b> \"q\" '\u202e"


def _drawing(text: str = HOSTILE) -> Drawing:
    return Drawing(200, 100, text, (
        Line(10, 90, 190, 90), Polyline(((10, 80), (100, 20), (190, 50)), "#0072B2", 1.6,
                                        (3.7, 1.6)),
        Rect(20, 20, 60, 30, "#ffffff", "#BBBBBB", 0.8, 0.9),
        Mark(100, 20, 5, "o", None, "#0072B2"), Mark(150, 40, 5, "D", "#D55E00", "#D55E00"),
        Mark(60, 60, 5, "s", "white", "#009E73"),
        Text(100, 10, text, 9, anchor="middle"), Text(8, 50, text, 7, turned=True)))


def test_svg_is_well_formed_and_escapes_every_text() -> None:
    data = svg(_drawing())
    root = ET.fromstring(data)  # well-formed XML, in spite of <, &, ESC and quotes
    texts = [t.text for t in root.iter(f"{SVG}text")]
    shown = "<b>&amp; \\x1b[31mrød</b> \"q\" '\\u202e"  # the characters as visible escapes
    assert texts == [shown, shown]
    assert root.find(f"{SVG}title").text == shown  # type: ignore[union-attr]
    assert b"\x1b" not in data and b"<b>" not in data
    assert root.get("viewBox") == "0 0 200 100"
    turned = list(root.iter(f"{SVG}text"))[1]
    assert turned.get("transform") == "rotate(-90 8 50)"


def test_png_is_the_same_bytes_every_time_and_has_no_metadata() -> None:
    first = png(_drawing())
    assert first == png(_drawing())
    image = PIL.open(io.BytesIO(first))
    assert image.size == (417, 208)  # 200 x 100 points at 150 dpi
    assert set(image.info) <= {"dpi"}  # no date, software or text chunk
    assert b"tIME" not in first and b"tEXt" not in first and b"iTXt" not in first


def test_png_draws_what_the_drawing_holds() -> None:
    image = PIL.open(io.BytesIO(png(_drawing("x")))).convert("RGB")
    assert image.getpixel((5, 5)) == (255, 255, 255)  # the white ground
    assert image.getpixel((round(150 * 150 / 72), round(40 * 150 / 72))) == (213, 94, 0)
    column = [image.getpixel((round(100 * 150 / 72), y)) for y in range(180, 196)]
    assert min(column) < (60, 60, 60)  # the black line across


def test_dashes_split_a_line_and_carry_the_pattern_over_corners() -> None:
    assert dashes([(0, 0), (10, 0)], (4, 2)) == [[(0, 0), (4.0, 0.0)], [(6.0, 0.0), (10, 0)]]
    runs = dashes([(0, 0), (3, 0), (3, 3)], (4, 2))
    assert runs[0] == [(0, 0), (3, 0), (3.0, 1.0)]  # the first dash turns the corner


def test_axis_numbers_are_danish_in_danish_and_english_in_english() -> None:
    series = (plot.Series(((2020, -1500.0), (2021, 2500.0)), "#0072B2", label="a"),)
    for lang, expected in (("da", {"-1.000", "0", "1.000", "2.000"}),
                           ("en", {"-1,000", "0", "1,000", "2,000"})):
        items = plot.panel(plot.Panel(series, (2020, 2021), lang, reference=0.0), 0, 0, 400, 200)
        assert expected <= {i.text for i in items if isinstance(i, Text)}
    small = (plot.Series(((2020, 0.1), (2021, 0.9)), "#0072B2"),)
    items = plot.panel(plot.Panel(small, (2020, 2021), "da"), 0, 0, 400, 120)
    assert "0,4" in {i.text for i in items if isinstance(i, Text)}  # comma decimals


def test_years_under_the_axis_are_thinned_where_they_would_touch() -> None:
    years = tuple(range(2000, 2060))
    series = (plot.Series(tuple((y, float(y)) for y in years), "#0072B2"),)
    items = plot.panel(plot.Panel(series, years, "da"), 0, 0, 460.8, 200)
    shown = [int(i.text) for i in items if isinstance(i, Text) and i.text.isdigit()
             and int(i.text) >= 2000]
    assert 5 < len(shown) < 30 and shown[0] == 2000


def test_the_legend_goes_where_it_covers_least() -> None:
    box = (0.0, 0.0, 300.0, 200.0)
    upper_right = [(290.0, 10.0), (280.0, 20.0)]
    assert legend.best(box, 80, 30, 8, [])[0] > 150  # matplotlib's first choice
    assert legend.best(box, 80, 30, 8, upper_right)[0] < 150  # then upper left


def test_the_legend_keeps_off_the_zero_line() -> None:
    """examples/reform-2025.yaml: all below 0, the 0 line at the top; the legend sat on it."""
    series = (plot.Series(((2025, -543.0), (2026, -676.0), (2027, -806.0)), "#0072B2",
                          label="Projected (not paid back)"),)
    items = plot.panel(plot.Panel(series, (2025, 2026, 2027), "en", reference=0.0),
                       0, 0, 460.8, 244.8)
    frame = next(i for i in items if isinstance(i, Rect) and i.fill == "#ffffff")
    zero = next(i for i in items if isinstance(i, Line) and i.width == 0.8)
    assert not frame.y <= zero.y1 <= frame.y + frame.h


def _memo(tmp_path: Path, fmt: str, strategy: str = "strategies/kik1.yaml") -> bytes:
    out = tmp_path / f"memo.{fmt}"
    run = kikcalc("report", strategy, "-f", fmt, "-o", out)
    assert run.exit_code == 0, run.stderr
    return out.read_bytes()


def test_the_word_and_html_memos_show_the_same_charts(tmp_path: Path) -> None:
    """Each chart of the HTML memo is, painted as PNG, the picture in the Word memo."""
    html = _memo(tmp_path, "html").decode()
    book = zipfile.ZipFile(io.BytesIO(_memo(tmp_path, "docx")))
    pictures = [book.read(n) for n in sorted(book.namelist()) if n.startswith("word/media/")]
    assert html.count("<svg") == len(pictures) == 3
    assert _memo(tmp_path, "png") == pictures[0]
    # the same texts in the same places: the SVG's first chart as the `-f svg` file
    alone = _memo(tmp_path, "svg").decode()
    assert alone[alone.index("<svg"):] in html


def test_no_memo_imports_matplotlib() -> None:
    code = ("import sys, runpy; sys.argv = ['kikcalc', 'report', 'strategies/kik1.yaml', "
            "'-f', 'docx', '-o', sys.argv[1]]\ntry:\n    runpy.run_module('kikcalc', "
            "run_name='__main__')\nexcept SystemExit:\n    pass\n"
            "print(sorted(m for m in sys.modules if m.split('.')[0] == 'matplotlib'))")
    with __import__("tempfile").TemporaryDirectory() as folder:
        run = subprocess.run([sys.executable, "-c", code, f"{folder}/m.docx"], cwd=ROOT,
                             capture_output=True, text=True, check=True,
                             env={"KIKCALC_NO_CACHE": "1", "PATH": "/usr/bin:/bin"})
    assert run.stdout.strip().splitlines()[-1] == "[]"


def test_a_tornado_and_index_chart_are_drawn(tmp_path: Path) -> None:
    svg_text = _memo(tmp_path, "html", "examples/benchmark/kik1.yaml").decode()
    assert ">Kommunen</text>" in svg_text and ">Klyngen</text>" in svg_text
    tornado = _memo(tmp_path, "html", "strategies/kik2.yaml").decode()
    assert ">som planlagt</text>" in tornado and "forudsætning -25 %" in tornado


def test_without_pillow_the_chart_says_how_to_get_it(monkeypatch: pytest.MonkeyPatch) -> None:
    from kikcalc.present.render import drawing

    drawing.font.cache_clear()
    drawing.text_width.cache_clear()
    monkeypatch.setitem(sys.modules, "PIL", None)  # as if not installed
    with pytest.raises(drawing.ChartUnavailable, match=r"Pillow: pip install -e '\.\[report\]'"):
        drawing.text_width("x", 9)
    with pytest.raises(drawing.ChartUnavailable):
        svg(_drawing())


def test_the_font_ships_with_kikcalc_and_its_licence() -> None:
    from kikcalc.present.render.drawing import FONT

    assert FONT.is_file() and FONT.read_bytes()[:4] == b"\x00\x01\x00\x00"  # TrueType
    assert "Bitstream Vera" in (FONT.parent / "LICENSE").read_text(encoding="utf-8")
