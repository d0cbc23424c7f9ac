"""Escaping for the places where user-supplied text lands.

A strategy file, a file name or a policy is input from anyone, and its names reach a
terminal, a CI log, a pull-request comment, a job summary, a memo and XML. Call the helper
for the place the text lands:

| where the text lands                                  | call                 |
|-------------------------------------------------------|----------------------|
| a terminal or log line, an annotation, JUnit, SARIF   | `printable(text)`    |
| Markdown (a comment, the job summary, a table cell)   | `markdown_text(text)`|
| a file name in Markdown, as `<code>`                  | `markdown_code(text)`|
| HTML text or an attribute value                       | `html_text(text)`    |
| a Word or Excel memo (XML 1.0)                        | `xml_text(text)`     |
| JSON text, after `json.dumps`                         | `json_visible(text)` |

Each place has its own dangerous characters: control characters (ESC starts colour and
cursor codes, `\\r` rewrites the line, a line break starts a new workflow command), what
Markdown and HTML read as markup, and what XML cannot hold. Every helper also shows the
Unicode format characters (category Cf: the bidi embeddings, overrides and isolates
U+202A-U+202E, U+2066-U+2069, the marks U+200E, U+200F, U+061C, the zero-width U+200B-U+200D,
U+2060, the byte-order mark U+FEFF, the soft hyphen U+00AD, the tag characters ...), which
reorder what a reviewer reads or hide text, as the visible escape `\\u202e`. The escape is
text, not an HTML entity: GitHub and a browser would decode `&#x202E;` back into the
invisible character, and the reviewer would see nothing.

The reader refuses control characters and the bidi controls (`has_unprintable`) but takes
the other format characters (a soft hyphen pasted from Word), so they are shown on output.
This module imports nothing from kikcalc: the reader (`strict_yaml`) and the problem
records (`findings`) use it as the renderers do, without loading any renderer.
"""

from __future__ import annotations

import functools
import re

# C0 controls, DEL, C1 controls, the line and paragraph separators and the bidi controls
# (U+202A-U+202E, U+2066-U+2069): refused by the reader.
_CONTROL = "\x00-\x1f\x7f-\x9f\u2028-\u202e\u2066-\u2069"
_CONTROL_BUT_NEWLINE = "\x00-\x09\x0b-\x1f\x7f-\x9f\u2028-\u202e\u2066-\u2069"
# The format characters (Cf) of Unicode 15.1, a superset of those of the Python in use
# (a test compares them with `unicodedata`); astral ones in a class of their own.
_FORMAT = ("\u00ad\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u180e\u200b-\u200f"
           "\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb")
_FORMAT_ASTRAL = ("\U000110bd\U000110cd\U00013430-\U0001343f\U0001bca0-\U0001bca3"
                  "\U0001d173-\U0001d17a\U000e0001\U000e0020-\U000e007f")
# Lone surrogates and the two non-characters XML forbids, in classes apart: a class that
# spans them and the rest compiles slower.
_NOT_TEXT = "|[\ud800-\udfff]|[\ufffe\uffff]"
_UNPRINTABLE = f"[{_CONTROL}]{_NOT_TEXT}"
_UNPRINTABLE_BUT_NEWLINE = f"[{_CONTROL_BUT_NEWLINE}]{_NOT_TEXT}"
_NOT_SHOWN = f"[{_CONTROL}{_FORMAT}]{_NOT_TEXT}|[{_FORMAT_ASTRAL}]"
_NOT_SHOWN_BUT_NEWLINE = f"[{_CONTROL_BUT_NEWLINE}{_FORMAT}]{_NOT_TEXT}|[{_FORMAT_ASTRAL}]"


@functools.cache
def _pattern(source: str) -> re.Pattern[str]:
    """A pattern compiled on first use: each of these takes 0.3 ms to compile, and most
    runs never meet a character they match (`str.isprintable`, in C, rules it out first:
    every character they match is one it calls unprintable)."""
    return re.compile(source)


def escape_char(char: str) -> str:
    r"""A character as a visible escape, as Python writes it in a string.

    >>> escape_char("\x1b"), escape_char("\n"), escape_char("\u202e"), escape_char("\U000e0041")
    ('\\x1b', '\\n', '\\u202e', '\\U000e0041')
    """
    named = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}
    if char in named:
        return named[char]
    code = ord(char)
    if code < 0x100:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def has_unprintable(text: str, *, newline: bool = False) -> str | None:
    """The first control or bidi control character in `text` (line breaks allowed if
    `newline`): what the reader refuses. Format characters such as U+200B pass here."""
    if text.isprintable():
        return None
    found = _pattern(_UNPRINTABLE_BUT_NEWLINE if newline else _UNPRINTABLE).search(text)
    return found.group() if found else None


def printable(text: str, *, newline: bool = False) -> str:
    r"""`text` as one line for a terminal, a log, an annotation, JUnit or SARIF: every
    control and format character a visible escape (line breaks too, unless `newline`).

    >>> printable("a\x1b[31mb\rc")
    'a\\x1b[31mb\\rc'
    >>> print(printable("invoice\u202efdp.exe \u200b@x\ufeff"))
    invoice\u202efdp.exe \u200b@x\ufeff
    """
    if text.isprintable():
        return text
    pattern = _pattern(_NOT_SHOWN_BUT_NEWLINE if newline else _NOT_SHOWN)
    return pattern.sub(lambda m: escape_char(m.group()), text)


_HTML = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}
_HTML_QUOTED = str.maketrans({**_HTML, '"': "&quot;", "'": "&#x27;"})
# `_` is left alone between two letters or digits, where it cannot start emphasis, so
# names such as kontant_uddannelseshjaelp stay readable in the Markdown source.
_MARKDOWN = re.compile(r"[\\`*\[\]#|!~&<>]|(?<![^\W_])_|_(?![^\W_])|@(?=\w)")
_LINE_BREAKS = re.compile(r"[\r\n\u2028\u2029\x85]+")


def _markdown_char(match: re.Match[str]) -> str:
    char = match.group()
    if char in _HTML:
        return _HTML[char]
    if char == "@":
        return "@\u200b"  # our zero-width space: GitHub no longer sees a mention
    return "\\" + char


def markdown_text(text: str) -> str:
    r"""`text` as literal Markdown on one line: no formatting, link, image, HTML tag,
    table cell break or @mention can come out of it; format characters show as `\u202e`
    (its backslash escaped, so it renders as written).

    >>> markdown_text("</details> *x* @everyone | a_b\r## done")
    '&lt;/details&gt; \\*x\\* @\u200beveryone \\| a_b \\#\\# done'
    >>> print(markdown_text("Job\u202eparate"))
    Job\\u202eparate
    """
    one_line = printable(_LINE_BREAKS.sub(" ", text))
    return _MARKDOWN.sub(_markdown_char, one_line)


# ASCII punctuation but `-` and `/`: inside `<code>` Markdown still reads emphasis, links,
# autolinks (`www.`, `http:`) and entities, so these go as numeric character references.
_CODE_PUNCTUATION = re.compile(r"[!-,.:-@\[-`{-~]")


def markdown_code(text: str) -> str:
    r"""`text`, such as a file name, as `<code>` in Markdown, shown exactly as it is
    written: ASCII punctuation as numeric references (`&#46;`), control and format
    characters as visible escapes whose backslash is `&#92;`. Mentions are not made
    inside code. Truncate before, not after.

    >>> markdown_code("strategies/kik_1.yaml")
    '<code>strategies/kik&#95;1&#46;yaml</code>'
    >>> markdown_code("a`b\u202e")
    '<code>a&#96;b&#92;u202e</code>'
    """
    shown = _CODE_PUNCTUATION.sub(lambda m: f"&#{ord(m.group())};", printable(text))
    return f"<code>{shown}</code>"


def html_text(text: str, *, newline: bool = False) -> str:
    r"""`text` for HTML, as element text or a quoted attribute value: markup and quotes as
    entities, control and format characters as visible escapes (line breaks kept if
    `newline`, for `<pre>`).

    >>> print(html_text('<a href="x">Job\u2066parate</a>'))
    &lt;a href=&quot;x&quot;&gt;Job\u2066parate&lt;/a&gt;
    """
    return printable(text, newline=newline).translate(_HTML_QUOTED)


# What XML 1.0 cannot hold; python-docx refuses it and xlsxwriter cannot encode some of it.
_NOT_XML = "\x00-\x08\x0b\x0c\x0e-\x1f\x7f"
_XML_OR_FORMAT = f"[{_NOT_XML}{_FORMAT}]{_NOT_TEXT}|[{_FORMAT_ASTRAL}]"


def _xml_char(match: re.Match[str]) -> str:
    char = match.group()
    if char <= "\x7f" or "\ud800" <= char <= "\udfff" or char in "\ufffe\uffff":
        return "\ufffd"
    return escape_char(char)


def xml_text(text: str) -> str:
    r"""`text` for a Word or Excel memo: what XML cannot hold as U+FFFD (a stray one must
    not stop the memo), format characters as visible escapes; tabs and line breaks stay.

    >>> xml_text("Jobparate\x1b[31m\u200b\tx").replace("\ufffd", "?")
    'Jobparate?[31m\\u200b\tx'
    """
    return text if text.isprintable() else _pattern(_XML_OR_FORMAT).sub(_xml_char, text)


_JSON_HIDDEN = f"[{_FORMAT}\u2028\u2029]|[{_FORMAT_ASTRAL}]"


def _json_escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code < 0x10000:
        return f"\\u{code:04x}"
    code -= 0x10000
    return f"\\u{0xd800 + (code >> 10):04x}\\u{0xdc00 + (code & 0x3ff):04x}"


def json_visible(source: str) -> str:
    r"""JSON text (from `json.dumps(..., ensure_ascii=False)`) with every format character
    and line separator written as a JSON escape: the same value, visible in the file.
    They can only stand inside strings there, so no string is parsed to find them.

    >>> print(json_visible('{"name": "Job\u202eparate"}'))
    {"name": "Job\u202eparate"}
    """
    return _pattern(_JSON_HIDDEN).sub(_json_escape, source)


def truncate(text: str, limit: int) -> str:
    """`text` cut to at most `limit` characters, with an ellipsis when it was cut.

    >>> truncate("abcdef", 4)
    'abc…'
    """
    return text if len(text) <= limit else text[: max(limit - 1, 0)] + "…"
