"""Writing results: to stdout, or atomically to a file that is never an input."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable
from pathlib import Path


class OutputError(Exception):
    """The output cannot be written where the user asked; a usage problem (exit 2)."""


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


def write_atomic(target: str, text: str | bytes, inputs: Iterable[str] = ()) -> None:
    """Write `text` to `target` whole or not at all; refuse to overwrite an input file."""
    path = Path(target)
    for source in inputs:
        if path.exists() and Path(source).exists() and path.samefile(source):
            raise OutputError(f"--output {target} is a file kikcalc read ({source}); "
                              "not overwriting it")
    directory = path.parent
    if not directory.is_dir():
        raise OutputError(f"--output {target}: directory {directory} does not exist")
    if path.is_dir():
        raise OutputError(f"--output {target} is a directory")
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=directory)
    try:
        data = text.encode("utf-8") if isinstance(text, str) else text
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())  # the new file is on disk before it replaces the old
        os.chmod(temporary, 0o666 & ~_umask())  # mkstemp makes 0600; give the usual mode
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
