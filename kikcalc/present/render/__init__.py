"""Renderers: each turns neutral tables into the text of one format. They never print.

Chosen through `TABLE_RENDERERS`, so a new format is one small module and one entry here.
JSON is not a table format: it is the data interface, built in `kikcalc.present.jsondoc`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from kikcalc.present.render import delimited, markdown, text
from kikcalc.present.tables import Table

Renderer = Callable[[Sequence[Table], str], str]

TABLE_RENDERERS: dict[str, Renderer] = {
    "text": text.render,
    "markdown": markdown.render,
    "csv": delimited.render,
}
