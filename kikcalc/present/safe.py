"""Escaping for the places where user-supplied text lands.

A strategy file is input from anyone, and its names reach a terminal, a CI log, a
pull-request comment, a job summary and XML. Each place has its own dangerous characters:
- a terminal or log: control characters (ESC starts colour and cursor codes, `\\r` rewrites
  the line, a line break starts a new workflow command) and bidi overrides that reorder
  what a reviewer reads; `printable` writes them as visible escapes such as `\\x1b`;
- Markdown and HTML: `markdown_text` escapes what would format, link, embed or close a tag,
  defuses `@mentions` and keeps a table cell on one line;
- XML 1.0: `printable` also escapes what XML cannot hold (lone surrogates, U+FFFE/U+FFFF).

It imports nothing from kikcalc: the reader (`yamlread`) and the problem records
(`issues`) use it as the renderers do, without loading any renderer.
"""

from __future__ import annotations

import re

#: C0 controls, DEL, C1 controls, the line and paragraph separators, the bidi embeddings,
#: overrides and isolates, lone surrogates and the two non-characters XML forbids.
#: Three classes, not one: `re` compiles one class that spans these ranges 4 ms slower, and
#: every run of kikcalc compiles both patterns.
_UNPRINTABLE = re.compile(
    "[\x00-\x1f\x7f-\x9f\u2028-\u202e\u2066-\u2069]|[\ud800-\udfff]|[\ufffe\uffff]")
_UNPRINTABLE_BUT_NEWLINE = re.compile(
    "[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028-\u202e\u2066-\u2069]|[\ud800-\udfff]|[\ufffe\uffff]")


def escape_char(char: str) -> str:
    r"""A character as a visible escape.

    >>> escape_char("\x1b"), escape_char("\n"), escape_char("\u202e")
    ('\\x1b', '\\n', '\\u202e')
    """
    named = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}
    if char in named:
        return named[char]
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def has_unprintable(text: str, *, newline: bool = False) -> str | None:
    """The first character that may not be printed raw (line breaks allowed if `newline`)."""
    found = (_UNPRINTABLE_BUT_NEWLINE if newline else _UNPRINTABLE).search(text)
    return found.group() if found else None


def printable(text: str, *, newline: bool = False) -> str:
    r"""`text` with every control character written as a visible escape, for a terminal,
    a log or XML; line breaks are kept if `newline`.

    >>> printable("a\x1b[31mb\rc")
    'a\\x1b[31mb\\rc'
    """
    pattern = _UNPRINTABLE_BUT_NEWLINE if newline else _UNPRINTABLE
    if not pattern.search(text):
        return text
    return pattern.sub(lambda m: escape_char(m.group()), text)


_HTML = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}
# `_` is left alone between two letters or digits, where it cannot start emphasis, so
# names such as kontant_uddannelseshjaelp stay readable in the Markdown source.
_MARKDOWN = re.compile(r"[\\`*\[\]#|!~&<>]|(?<![^\W_])_|_(?![^\W_])|@(?=\w)")
_LINE_BREAKS = re.compile(r"[\r\n\u2028\u2029\x85]+")


def _markdown_char(match: re.Match[str]) -> str:
    char = match.group()
    if char in _HTML:
        return _HTML[char]
    if char == "@":
        return "@\u200b"  # a zero-width space: GitHub no longer sees a mention
    return "\\" + char


def markdown_text(text: str) -> str:
    r"""`text` as literal Markdown on one line: no formatting, link, image, HTML tag,
    table cell break or @mention can come out of it.

    >>> markdown_text("</details> *x* @everyone | a_b\r## done")
    '&lt;/details&gt; \\*x\\* @\u200beveryone \\| a_b \\#\\# done'
    """
    one_line = _LINE_BREAKS.sub(" ", text)
    return printable(_MARKDOWN.sub(_markdown_char, one_line))


def truncate(text: str, limit: int) -> str:
    """`text` cut to at most `limit` characters, with an ellipsis when it was cut.

    >>> truncate("abcdef", 4)
    'abc…'
    """
    return text if len(text) <= limit else text[: max(limit - 1, 0)] + "…"
