"""Writing results: to stdout, or atomically to a file that is never an input.

A regular file is replaced whole or not at all: the new text is written to an unnamed
file in the target's directory (`O_TMPFILE`), given a name only at the end and renamed
over the target, so a writer killed while writing leaves nothing behind. Where the
filesystem has no unnamed files, the temporary file has a name of kikcalc's own pattern,
and a later run removes such names once they are a minute old. A device, FIFO or socket
(`-o /dev/null`, `-o /dev/stdout`) is written to directly and never replaced by a file.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import stat
import sys
import time
from collections.abc import Iterable
from pathlib import Path

TEMP_PREFIX, TEMP_SUFFIX = ".kikcalc-", ".tmp"
STALE_SECONDS = 60  # a temporary file older than this belongs to no running writer
_INHERITED = {"/dev/stdout": 1, "/dev/stderr": 2}
# What this run wrote, for the result cache: each target with its bytes, or None for a
# device, FIFO or socket (written through, which a cache cannot replay in order).
WRITTEN: list[tuple[str, bytes | None]] = []


class OutputError(Exception):
    """The output cannot be written where the user asked; a usage problem (exit 2). `key`
    names its sentence in the `files` part of the cli catalogue; `str()` is the English."""

    def __init__(self, key: str, english: str, **values: object) -> None:
        super().__init__(english)
        self.key, self.values = key, values


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


def write_atomic(target: str, text: str | bytes, inputs: Iterable[str] = ()) -> None:
    """Write `text` to `target` whole or not at all; refuse to overwrite an input file."""
    path = Path(target)
    for source in inputs:
        if path.exists() and Path(source).exists() and path.samefile(source):
            raise OutputError("output_is_input", f"--output {target} is a file kikcalc read "
                              f"({source}); not overwriting it", target=target, source=source)
    data = text.encode("utf-8") if isinstance(text, str) else text
    if is_special(path):
        _write_through(path, data)
        WRITTEN.append((target, None))
        return
    directory = path.parent
    if not directory.is_dir():
        raise OutputError("output_no_folder", f"--output {target}: directory {directory} does "
                          "not exist", target=target, directory=directory)
    if path.is_dir():
        raise OutputError("output_is_folder", f"--output {target} is a directory",
                          target=target)
    remove_stale_temporaries(directory)
    _replace(path, data)
    WRITTEN.append((target, data))


def is_special(path: str | Path) -> bool:
    """A device, FIFO or socket (or a name under /dev or /proc, which stand for them)."""
    path = Path(path)
    if path.is_absolute() and path.parts[1:2] in (("dev",), ("proc",)):
        return True
    try:
        mode = path.stat().st_mode
    except OSError:
        return False
    return not (stat.S_ISREG(mode) or stat.S_ISDIR(mode))


def _write_through(path: Path, data: bytes) -> None:
    """Open what is there for writing, never creating, truncating or replacing it.
    /dev/stdout and its kin are the descriptors this process has: written where they are."""
    inherited = _INHERITED.get(str(path))
    if inherited is None and path.parent in (Path("/dev/fd"), Path("/proc/self/fd")) \
            and path.name.isdecimal():
        inherited = int(path.name)
    if inherited is not None:
        sys.stdout.flush()
        sys.stderr.flush()
        _write_all(inherited, data)
        return
    handle = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_NOCTTY
                     | getattr(os, "O_CLOEXEC", 0))
    try:
        _write_all(handle, data)
    finally:
        os.close(handle)


def _write_all(handle: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(handle, view):]


def _temporary_name(path: Path) -> Path:
    return path.parent / f"{TEMP_PREFIX}{path.name[:100]}.{secrets.token_hex(8)}{TEMP_SUFFIX}"


def _unnamed(directory: Path) -> int | None:
    """An unnamed file in `directory`, or None where the filesystem has none."""
    flag = getattr(os, "O_TMPFILE", None)
    if flag is None or not Path("/proc/self/fd").is_dir():
        return None
    try:
        return os.open(directory, flag | os.O_WRONLY | getattr(os, "O_CLOEXEC", 0), 0o600)
    except OSError:  # EOPNOTSUPP, EISDIR, EINVAL: not supported here
        return None


def _replace(path: Path, data: bytes) -> None:
    temporary = _temporary_name(path)
    unnamed = _unnamed(path.parent)
    if unnamed is not None:
        try:
            _fill(unnamed, data)
            # A name only now, for the instant before the rename.
            os.link(f"/proc/self/fd/{unnamed}", temporary, follow_symlinks=True)
        except OSError:  # e.g. EXDEV where /proc cannot link: a named file after all
            pass
        finally:
            os.close(unnamed)
    if not temporary.exists():
        handle = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL
                         | getattr(os, "O_CLOEXEC", 0), 0o600)
        try:
            _fill(handle, data)
        except BaseException:
            temporary.unlink(missing_ok=True)
            raise
        finally:
            os.close(handle)
    try:
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def _fill(handle: int, data: bytes) -> None:
    """Write all of `data`, on disk before it replaces anything, with the usual mode."""
    _write_all(handle, data)
    os.fsync(handle)
    os.fchmod(handle, 0o666 & ~_umask())


def remove_stale_temporaries(directory: Path, now: float | None = None) -> None:
    """Remove kikcalc's own temporary files in `directory` left by a killed writer."""
    now = time.time() if now is None else now
    with contextlib.suppress(OSError), os.scandir(directory) as entries:
        for entry in entries:
            if not (entry.name.startswith(TEMP_PREFIX) and entry.name.endswith(TEMP_SUFFIX)):
                continue
            with contextlib.suppress(OSError):
                info = entry.stat(follow_symlinks=False)
                if stat.S_ISREG(info.st_mode) and now - info.st_mtime > STALE_SECONDS:
                    os.unlink(entry.path)
