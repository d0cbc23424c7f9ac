"""A drawing (`drawing.Drawing`) as PNG bytes with Pillow: for the Word memo and
`report -f png`.

Drawn at `SUPERSAMPLE` times the size and reduced (each pixel the mean of a square of
them): smooth edges without an antialiasing rasteriser. Saved without any date, software
or text chunk, at `DPI`: equal input gives equal bytes.
"""

from __future__ import annotations

import io
import itertools
import math
from typing import Any

from kikcalc.present.render.drawing import (
    Drawing,
    Item,
    Line,
    Mark,
    Polyline,
    Rect,
    Text,
    font,
)
from kikcalc.text.safe import printable

DPI = 150
SUPERSAMPLE = 3
_ANCHORS = {"start": "ls", "middle": "ms", "end": "rs"}
Point = tuple[float, float]


def dashes(points: list[Point], pattern: tuple[float, ...]) -> list[list[Point]]:
    """The drawn stretches of a dashed line through `points` (`pattern`: dash, gap, ...).

    >>> dashes([(0, 0), (10, 0)], (4, 2))
    [[(0, 0), (4.0, 0.0)], [(6.0, 0.0), (10, 0)]]
    """
    out: list[list[Point]] = []
    index, left, drawing = 0, pattern[0], True
    current: list[Point] = [points[0]]
    for (x1, y1), (x2, y2) in itertools.pairwise(points):
        length, done = math.hypot(x2 - x1, y2 - y1), 0.0
        while length - done > left:
            done += left
            at = (x1 + (x2 - x1) * done / length, y1 + (y2 - y1) * done / length)
            if drawing:
                current.append(at)
                out.append(current)
            current = [at]
            drawing = not drawing
            index = (index + 1) % len(pattern)
            left = pattern[index]
        left -= length - done
        if drawing:
            current.append((x2, y2))
    if drawing and len(current) > 1:
        out.append(current)
    return out


class _Painter:
    def __init__(self, image: Any, scale: float) -> None:
        from PIL import ImageDraw

        self.image, self.scale = image, scale
        self.draw = ImageDraw.Draw(image)

    def px(self, x: float, y: float) -> Point:
        return x * self.scale, y * self.scale

    def stroke(self, points: list[Point], colour: str, width: float,
               dash: tuple[float, ...]) -> None:
        pixels = max(1, round(width * self.scale))
        runs = dashes(points, dash) if dash else [points]
        for run in runs:
            self.draw.line([self.px(*p) for p in run], fill=colour, width=pixels,
                           joint="curve" if len(run) > 2 else None)

    def rect(self, r: Rect) -> None:
        box = [*self.px(r.x, r.y), *self.px(r.x + r.w, r.y + r.h)]
        if r.fill is not None and r.opacity < 1:  # a legend's ground over the lines
            from PIL import Image

            corners = tuple(round(v) for v in box)
            region = self.image.crop(corners)
            ground = Image.new("RGB", region.size, r.fill)
            self.image.paste(Image.blend(region, ground, r.opacity), corners[:2])
        elif r.fill is not None:
            self.draw.rectangle(box, fill=r.fill)
        if r.stroke is not None:
            self.draw.rectangle(box, outline=r.stroke,
                                width=max(1, round(r.width * self.scale)))

    def mark(self, m: Mark) -> None:
        r = m.size / 2
        width = max(1, round(m.width * self.scale))
        if m.shape == "D":
            corners = [self.px(m.x, m.y - r), self.px(m.x + r, m.y), self.px(m.x, m.y + r),
                       self.px(m.x - r, m.y)]
            self.draw.polygon(corners, fill=m.fill, outline=m.stroke, width=width)
            return
        box = [*self.px(m.x - r, m.y - r), *self.px(m.x + r, m.y + r)]
        shape = self.draw.rectangle if m.shape == "s" else self.draw.ellipse
        shape(box, fill=m.fill, outline=m.stroke, width=width)

    def text(self, t: Text) -> None:
        face, text = font(t.size * self.scale), printable(t.text)  # as the SVG shows it
        if not t.turned:
            self.draw.text(self.px(t.x, t.y), text, fill=t.colour, font=face,
                           anchor=_ANCHORS[t.anchor])
            return
        from PIL import Image, ImageDraw

        left, top, right, bottom = face.getbbox(text, anchor="ls")
        strip = Image.new("L", (math.ceil(right - left) + 2, math.ceil(bottom - top) + 2), 0)
        ImageDraw.Draw(strip).text((1 - left, 1 - top), text, fill=255, font=face,
                                   anchor="ls")
        turned = strip.transpose(Image.Transpose.ROTATE_90)
        x, y = self.px(t.x, t.y)
        shift = {"start": 0.0, "middle": strip.width / 2, "end": float(strip.width)}[t.anchor]
        corner = (round(x + top - 1), round(y - turned.height + shift))
        self.image.paste(Image.new("RGB", turned.size, t.colour), corner, turned)

    def item(self, item: Item) -> None:
        if isinstance(item, Line):
            self.stroke([(item.x1, item.y1), (item.x2, item.y2)], item.colour, item.width,
                        item.dash)
        elif isinstance(item, Polyline):
            self.stroke(list(item.points), item.colour, item.width, item.dash)
        elif isinstance(item, Rect):
            self.rect(item)
        elif isinstance(item, Mark):
            self.mark(item)
        else:
            self.text(item)


def png(drawing: Drawing, dpi: int = DPI) -> bytes:
    """The drawing as PNG at `dpi` dots per inch (ChartUnavailable without Pillow)."""
    font(10)  # ChartUnavailable before anything else needs Pillow
    from PIL import Image

    size = (round(drawing.width * dpi / 72), round(drawing.height * dpi / 72))
    image = Image.new("RGB", (size[0] * SUPERSAMPLE, size[1] * SUPERSAMPLE), "#ffffff")
    painter = _Painter(image, dpi / 72 * SUPERSAMPLE)
    for item in drawing.items:
        painter.item(item)
    buffer = io.BytesIO()
    image.reduce(SUPERSAMPLE).save(buffer, format="PNG", dpi=(dpi, dpi), compress_level=3)
    return buffer.getvalue()
