"""The result cache: a repeated read-only command answered from the user's cache folder
before Typer, pydantic or PyYAML is imported (the lookup uses the standard library only).

As in ruff's and mypy's caches, an answer is reused only when everything it depends on is
the same, in two parts:
- the request, hashed into the entry's name (`key.request_key`): the command line, the
  working folder, the environment variables that shape output (language, terminal,
  Python's, kikcalc's own), the standard streams' encodings, the Python and
  its installed packages, and kikcalc's version and installed files (an edited checkout
  is another kikcalc, whatever its version says);
- the files the run read, known only after it (a strategy names its budget table and its
  statistics): the entry lists each with a fingerprint (`key.fingerprint`: where the
  path leads, the SHA-256 of its content, the repository it stands in), and a hit
  recomputes every fingerprint before it replays anything.

An entry (`entry`) holds the bytes the run wrote to stdout and stderr, in order, its exit
code and its `--output` file; anything unexpected in it makes it a miss. A miss runs the
command and records it (`recording`); only exit 0 and 1 are stored (2 is a usage error,
an unreadable file or a fault, and may depend on more than the key knows).

Only the read-only commands in `CACHED` use it; the gate's commands (check, diff, gate,
kind) never read or write it: a pull request must not plant an answer. `--no-cache`,
`KIKCALC_NO_CACHE=1` and `--help` bypass it. The folder is `KIKCALC_CACHE_DIR`, else
`$XDG_CACHE_HOME/kikcalc`, else `~/.cache/kikcalc`; one inside a git checkout or inside
the working folder is not used, silently, so that the output is that of an uncached run.
"""

from __future__ import annotations

import os
import sys
import time

from kikcalc.cli.cache.entry import Entry
from kikcalc.cli.cache.key import cache_folder, request_key

CACHED = frozenset({"payback", "net", "variance", "targets", "report", "sensitivity",
                    "breakeven", "scenarios"})


def entry_for(command: str | None, argv: list[str]) -> Entry | None:
    """The cache entry of this run; None for a command that is not cached, a run that
    bypasses the cache, or when there is no cache folder kikcalc may use."""
    if command not in CACHED or bypassed(argv) or not _byte_streams():
        return None
    started = time.time_ns()
    try:
        cwd = os.getcwd()
        folder = cache_folder(cwd)
        key = request_key(argv, cwd) if folder is not None else ""
    except (OSError, ValueError):  # no working folder any more, a closed stream: no cache
        return None
    return None if folder is None else Entry(folder, key, cwd, started)


def validators_folder(command: str | None) -> str | None:
    """The cache folder, where a read-only command keeps the validators of the file format
    (`kikcalc.reading.validators`: kikcalc's compiled code, never an answer), even when it
    bypasses the stored answers; None for every other command, and when there is no
    folder kikcalc may use."""
    if command not in CACHED:
        return None
    try:
        return cache_folder(os.getcwd())
    except (OSError, ValueError):
        return None


def bypassed(argv: list[str]) -> bool:
    """`--no-cache` or KIKCALC_NO_CACHE; also `--help`, whose text follows the terminal."""
    return os.environ.get("KIKCALC_NO_CACHE", "") not in ("", "0") \
        or "--no-cache" in argv or "--help" in argv


def _byte_streams() -> bool:
    return all(getattr(stream, "buffer", None) is not None
               for stream in (sys.stdout, sys.stderr))
