"""`kikcalc kind`: which files are kikcalc documents, for scripts that select files.

A CI script must tell a strategy from a budget table from someone else's YAML (a CI file
with a job named `kikcalc:`, a `mkdocs.yml`) the way kikcalc itself does, not with `grep`:
a UTF-8 BOM, a flow mapping or a key in quotes are all kikcalc documents, a mapping under
`kikcalc:` is not. Each file is read as `check` reads it: a regular file only (a FIFO or a
device is never opened for long), a link that leads out of the repository not at all, at
most MAX_BYTES; text that is not UTF-8, or too large, is judged by its marker line alone.
With `--ref REV` the files are read from that git revision (one `ls-tree` and one
`cat-file --batch` for all of them); a file missing there is `none`.

Nothing of a file's content is printed, except, with `--name`, the `name` of a strategy
(with every control character escaped), so that a script can pair a strategy that git
saw removed with the one added under a new path.
"""

from __future__ import annotations

import sys
from pathlib import Path, PurePosixPath
from typing import Annotated, Any

import typer

from kikcalc.cli.common import EXIT_OK, Lang, LangOption, app, fail

NONE = "none"


def _kind_of_bytes(raw: bytes, label: str) -> tuple[str, str | None]:
    """The kind of a file's bytes, and its text when it is UTF-8 within the size cap."""
    from kikcalc.reading.documents import decode_text, document_kind, marker_kind

    text, _ = decode_text(raw, label)
    if text is None:  # not UTF-8 or too large: the marker line decides
        return marker_kind(raw) or NONE, None
    return document_kind(text) or NONE, text


def _name(text: str | None) -> str:
    """A strategy's `name`, control characters (a tab included) escaped; '' if none."""
    from kikcalc.reading.documents import document_name
    from kikcalc.text.safe import printable

    name = document_name(text)
    return printable(name) if name is not None else ""


def _on_disk(file: Path) -> bytes | None:
    """The bytes of a regular file that does not lead out of its repository, else None."""
    from kikcalc.reading.files import not_led_out, read_regular

    try:
        not_led_out(file)
        return read_regular(file)
    except (OSError, ValueError):
        return None


def _kinds(files: list[Path], ref: str | None, with_name: bool) -> list[tuple[str, str]]:
    """(kind, name) for each file; name is '' unless asked for and a strategy."""
    from kikcalc.reading.files import GitError, UnsafePath
    from kikcalc.reading.revision import Revision

    if ref is None:
        raws = [_on_disk(file) for file in files]
    else:
        try:
            revision = Revision(ref, Path.cwd())
            wheres: list[PurePosixPath | None] = []
            for file in files:
                try:
                    wheres.append(revision.files.where(file))
                except (UnsafePath, ValueError):  # outside the repository
                    wheres.append(None)
            raws = revision.read_all(wheres)
        except GitError as error:  # fail closed: a script must not read this as "none"
            raise fail(f"cannot read the files at --ref {ref}: {error}") from None
    result = []
    for file, raw in zip(files, raws, strict=True):
        if raw is None:
            result.append((NONE, ""))
            continue
        kind, text = _kind_of_bytes(raw, str(file))
        result.append((kind, _name(text) if with_name and kind == "strategy" else ""))
    return result


@app.command()
def kind(
    files: Annotated[list[Path], typer.Argument(metavar="FILE")],
    ref: Annotated[str | None, typer.Option("--ref", metavar="REV")] = None,
    null: Annotated[bool, typer.Option("--null", metavar="")] = False,
    name: Annotated[bool, typer.Option("--name", metavar="")] = False,
    lang: LangOption = Lang.da,
) -> None:
    """Print `strategy`, `table` or `none` and the path of each file (tab-separated);
    `--lang` is the language of its help (the output is the same in every language)."""
    from kikcalc.text.safe import printable

    out: Any = sys.stdout.buffer
    for file, (found, title) in zip(files, _kinds(files, ref, name), strict=True):
        path = str(file)
        shown = path if null else printable(path)
        fields = [found, title, shown] if name else [found, shown]
        out.write("\t".join(fields).encode("utf-8", "surrogateescape"))
        out.write(b"\0" if null else b"\n")
    out.flush()
    raise typer.Exit(EXIT_OK)
