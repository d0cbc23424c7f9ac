"""Markdown (GitHub pipe tables), for memos, wikis and pull-request comments.

Every title, cell and note is literal text (`markdown_text`): names come from files anyone
can edit, and a name like `</details>` or `@everyone` must arrive as written, inert.
"""

from __future__ import annotations

from collections.abc import Sequence

from kikcalc.present.render.cells import cell_text, is_right_aligned
from kikcalc.present.tables import Table
from kikcalc.text.safe import markdown_text as _escape


def _strong(text: str, emphasis: bool) -> str:
    """A row that must stand out (a strategy at a loss) is bold, cell by cell."""
    return f"**{text}**" if emphasis and text else text


def render_table(table: Table, lang: str) -> str:
    header = "| " + " | ".join(_escape(c.title) for c in table.columns) + " |"
    align = "|" + "|".join("---:" if is_right_aligned(c) else ":---" for c in table.columns) + "|"
    body = ["| " + " | ".join(_strong(_escape(cell_text(v, c, table, lang)), i in table.emphasis)
                              for v, c in zip(row, table.columns, strict=True)) + " |"
            for i, row in enumerate(table.rows)]
    out = [f"### {_escape(table.title)}"]
    if table.columns:
        out += ["", header, align, *body]
    if table.notes:
        out += ["", *(f"- {_escape(note)}" for note in table.notes)]
    return "\n".join(out) + "\n"


def render(tables: Sequence[Table], lang: str) -> str:
    return "\n".join(render_table(t, lang) for t in tables)
