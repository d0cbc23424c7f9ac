"""What an answer depends on: the request's key, the inputs' fingerprints, and the folder
the cache may live in."""

from __future__ import annotations

import hashlib
import json
import os
import stat
import sys

from kikcalc import __version__

FORMAT = "kikcalc-cache 1"
LARGEST_INPUT = 64 * 2**20  # an input this large is not fingerprinted: no entry
PACKAGE = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
READ = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) \
    | getattr(os, "O_CLOEXEC", 0)

_ENV_NAMES = frozenset({"LANG", "LANGUAGE", "TZ", "TERM", "COLORTERM", "COLUMNS", "LINES",
                        "NO_COLOR", "FORCE_COLOR", "HOME", "XDG_CONFIG_HOME",
                        "GITHUB_ACTIONS"})
_ENV_PREFIXES = ("LC_", "KIKCALC_", "PYTHON", "CLICOLOR", "TTY_")
_SYSTEM_TREES = ("/proc/", "/sys/", "/dev/")

Fingerprint = list[str]


def cache_folder(cwd: str) -> str | None:
    """The user's cache folder for kikcalc, or None when it is inside a git checkout or
    inside the working folder: places where a checkout could bring entries of its own."""
    chosen = os.environ.get("KIKCALC_CACHE_DIR") or _user_cache()
    folder = os.path.realpath(os.path.join(cwd, chosen))
    here = os.path.realpath(cwd)
    if folder == here or folder.startswith(here.rstrip(os.sep) + os.sep):
        return None
    return None if checkout_of(folder, {}) else folder


def _user_cache() -> str:
    base = os.environ.get("XDG_CACHE_HOME", "")
    if not os.path.isabs(base):  # unset, or relative (which the XDG rules ignore)
        base = os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "kikcalc")


def checkout_of(folder: str, known: dict[str, str]) -> str:
    """The nearest folder at or above `folder` that holds `.git`, or '': the repository
    that a file in `folder` stands in, found as kikcalc's reader finds it. `known` keeps
    the answers of one lookup."""
    if folder not in known:
        parent = os.path.dirname(folder)
        if os.path.exists(os.path.join(folder, ".git")):
            known[folder] = folder
        else:
            known[folder] = "" if parent == folder else checkout_of(parent, known)
    return known[folder]


def request_key(argv: list[str], cwd: str) -> str:
    """The SHA-256 of everything but the input files that an answer depends on."""
    streams = [[s.encoding, s.errors, s.isatty()] for s in (sys.stdout, sys.stderr)]
    environment = sorted((name, value) for name, value in os.environ.items()
                         if name in _ENV_NAMES or name.startswith(_ENV_PREFIXES))
    # A folder's time of change moves when a package in it is installed, upgraded or
    # removed (the rest of sys.path depends on how Python was started, not on what runs).
    packages = sorted({(folder, _changed(folder)) for folder in sys.path
                       if folder.endswith(("site-packages", "dist-packages"))})
    request = [FORMAT, __version__, _installed_files(), sys.version, sys.executable,
               packages, argv, cwd, environment, streams]
    return hashlib.sha256(json.dumps(request).encode()).hexdigest()


def _changed(path: str) -> int | None:
    try:
        return os.stat(path).st_mtime_ns
    except OSError:
        return None


def _installed_files() -> list[tuple[str, int, int]]:
    """Every file of the kikcalc package with its size and time of change."""
    found, pending = [], [PACKAGE]
    while pending:
        with os.scandir(pending.pop()) as entries:
            for entry in entries:
                if entry.is_dir(follow_symlinks=False):
                    if entry.name != "__pycache__":
                        pending.append(entry.path)
                    continue
                info = entry.stat(follow_symlinks=False)
                found.append((entry.path, info.st_size, info.st_mtime_ns))
    return sorted(found)


def fingerprint(path: str, cwd: str, known: dict[str, str]) -> Fingerprint | None:
    """What reading `path` depends on: where it leads, what it holds, and the repository
    that its folder and its target stand in (which decides the files it may name). None
    for a file too large to fingerprint."""
    given = os.path.join(cwd, path)
    real = os.path.realpath(given)
    content = _content(real)
    if content is None:
        return None
    return [real, content, checkout_of(os.path.dirname(given), known),
            checkout_of(os.path.dirname(real), known)]


def _content(real: str) -> str | None:
    """'sha256 HEX' of a regular file; for anything else, why it is not one."""
    if real.startswith(_SYSTEM_TREES):  # never opened, as kikcalc's reader never opens them
        return "a system file"
    try:
        handle = os.open(real, READ)
    except OSError as error:
        return f"error {error.errno}"
    try:
        if not stat.S_ISREG(os.fstat(handle).st_mode):
            return "not a regular file"
        digest, size = hashlib.sha256(), 0
        while chunk := os.read(handle, 1 << 20):
            digest.update(chunk)
            size += len(chunk)
            if size > LARGEST_INPUT:
                return None
        return f"sha256 {digest.hexdigest()}"
    finally:
        os.close(handle)
