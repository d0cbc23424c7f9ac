"""A drawing (`drawing.Drawing`) as SVG text: for the HTML memo and `report -f svg`.

Texts stay text (a reader can select and search them, a screen reader reads them), every
one through `html_text`: markup as entities, control characters as visible escapes. Each
is stretched to the width measured on DejaVu Sans (`textLength`), so where the reader has
another font the chart keeps its layout. Coordinates are written to two decimals and
nothing else varies: equal input gives equal bytes.
"""

from __future__ import annotations

from kikcalc.present.render.drawing import (
    FONT_FAMILY,
    Drawing,
    Item,
    Line,
    Mark,
    Polyline,
    Rect,
    Text,
    text_width,
)
from kikcalc.text.safe import html_text, printable


def _n(value: float) -> str:
    """A coordinate: two decimals, no trailing zeros, never `-0`."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def _stroke(colour: str, width: float, dash: tuple[float, ...] = ()) -> str:
    dashed = f' stroke-dasharray="{" ".join(_n(d) for d in dash)}"' if dash else ""
    return f'stroke="{colour}" stroke-width="{_n(width)}"{dashed}'


def _mark(m: Mark) -> str:
    fill = m.fill or "none"
    common = f'fill="{fill}" {_stroke(m.stroke, m.width)}'
    r = m.size / 2
    if m.shape == "s":
        return (f'<rect x="{_n(m.x - r)}" y="{_n(m.y - r)}" width="{_n(m.size)}" '
                f'height="{_n(m.size)}" {common}/>')
    if m.shape == "D":
        corners = ((m.x, m.y - r), (m.x + r, m.y), (m.x, m.y + r), (m.x - r, m.y))
        points = " ".join(f"{_n(x)},{_n(y)}" for x, y in corners)
        return f'<polygon points="{points}" {common}/>'
    return f'<circle cx="{_n(m.x)}" cy="{_n(m.y)}" r="{_n(r)}" {common}/>'


def _text(t: Text) -> str:
    turned = f' transform="rotate(-90 {_n(t.x)} {_n(t.y)})"' if t.turned else ""
    anchor = f' text-anchor="{t.anchor}"' if t.anchor != "start" else ""
    length = _n(text_width(printable(t.text), t.size))
    return (f'<text x="{_n(t.x)}" y="{_n(t.y)}" font-size="{_n(t.size)}" fill="{t.colour}"'
            f'{anchor}{turned} textLength="{length}" lengthAdjust="spacingAndGlyphs">'
            f"{html_text(t.text)}</text>")


def _item(item: Item) -> str:
    if isinstance(item, Line):
        return (f'<line x1="{_n(item.x1)}" y1="{_n(item.y1)}" x2="{_n(item.x2)}" '
                f'y2="{_n(item.y2)}" {_stroke(item.colour, item.width, item.dash)}/>')
    if isinstance(item, Polyline):
        points = " ".join(f"{_n(x)},{_n(y)}" for x, y in item.points)
        return (f'<polyline points="{points}" fill="none" '
                f'{_stroke(item.colour, item.width, item.dash)}/>')
    if isinstance(item, Rect):
        fill = item.fill or "none"
        opacity = f' fill-opacity="{_n(item.opacity)}"' if item.opacity < 1 else ""
        stroke = f" {_stroke(item.stroke, item.width)}" if item.stroke else ""
        return (f'<rect x="{_n(item.x)}" y="{_n(item.y)}" width="{_n(item.w)}" '
                f'height="{_n(item.h)}" fill="{fill}"{opacity}{stroke}/>')
    if isinstance(item, Mark):
        return _mark(item)
    return _text(item)


def svg(drawing: Drawing) -> bytes:
    """The drawing as a standalone SVG file (UTF-8, with an XML declaration)."""
    w, h = _n(drawing.width), _n(drawing.height)
    parts = ['<?xml version="1.0" encoding="utf-8" standalone="no"?>\n'
             f'<svg xmlns="http://www.w3.org/2000/svg" width="{w}pt" height="{h}pt" '
             f'viewBox="0 0 {w} {h}" role="img" font-family="{FONT_FAMILY}" '
             'stroke-linejoin="round" stroke-linecap="butt">\n'
             f"<title>{html_text(drawing.title)}</title>\n"
             f'<rect width="{w}" height="{h}" fill="#ffffff"/>\n']
    parts.extend(f"{_item(item)}\n" for item in drawing.items)
    parts.append("</svg>\n")
    return "".join(parts).encode("utf-8")
