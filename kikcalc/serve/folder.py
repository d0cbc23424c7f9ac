"""The folder a server shows: its strategy files, found as `kikcalc kind` finds them, and
the one safe way to turn a path from a request into a file inside it.

A request names files by their path relative to the folder. Nothing outside the folder is
shown: the path is resolved with every link followed and must land inside the resolved
folder, no part of it may start with a dot (`.git`), and only a regular file is read
(`read_regular`: a FIFO or device is refused without blocking, the kernel's trees never).
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path, PurePosixPath

from kikcalc.gate.repo import GateError, selected_in_working_tree
from kikcalc.reading.documents import decode_text, document_kind, marker_kind
from kikcalc.reading.files import not_led_out, read_regular, resolved

#: The suffixes a page may show as text: the documents kikcalc reads and writes.
SHOWN = (".yaml", ".yml", ".toml", ".csv", ".json")
#: At most this many files are looked at, so a folder such as / cannot keep a page busy.
MAX_FILES = 5000


class OutsideFolder(Exception):
    """A path a request named that is not a file of the folder the server shows."""


def file_kind(path: Path) -> str:
    """`strategy`, `table` or `none`, as `kikcalc kind` says for a file on disk."""
    try:
        not_led_out(path)
        raw = read_regular(path)
    except (OSError, ValueError):
        return "none"
    text, _ = decode_text(raw, str(path))
    if text is None:
        return marker_kind(raw) or "none"
    return document_kind(text) or "none"


class Folder:
    """The folder (resolved once, at start) and its files. `as_gate`: the folder is a git
    repository shown without being named, and its strategies are those the CI gate
    selects (`gate.repo.selected_in_working_tree`: not the test inputs and the examples
    that fail on purpose, which `.gitattributes` marks `-kikcalc`); a folder named on the
    command line shows every strategy file in it."""

    def __init__(self, root: Path, as_gate: bool = False) -> None:
        self.root = resolved(root)
        self.as_gate = as_gate

    def _gate_selects(self) -> set[Path] | None:
        try:
            return {self.root / name for name in selected_in_working_tree(self.root)}
        except GateError:  # git is gone, or this is no repository after all: every file
            return None

    def yaml_files(self, ends: tuple[str, ...] = (".yaml", ".yml")) -> list[Path]:
        """Every .yaml/.yml file (or other `ends`) under the folder, sorted; hidden folders
        are skipped and links to folders are not followed (a link in a loop cannot make
        the walk endless)."""
        found: list[Path] = []
        for top, folders, files in os.walk(self.root):
            folders[:] = sorted(f for f in folders if not f.startswith("."))
            found += [Path(top, f) for f in files
                      if f.endswith(ends) and not f.startswith(".")]
            if len(found) > MAX_FILES:
                break
        chosen = self._gate_selects() if self.as_gate else None
        if chosen is not None:
            found = [p for p in found if not p.name.endswith((".yaml", ".yml")) or p in chosen]
        return sorted(found[:MAX_FILES])

    def strategies(self) -> list[Path]:
        return [path for path in self.yaml_files() if file_kind(path) == "strategy"]

    def relative(self, path: Path) -> str:
        """How pages and links name a file: its path in the folder, with slashes."""
        return PurePosixPath(*Path(path).absolute().relative_to(self.root).parts).as_posix()

    def inside(self, name: str) -> Path:
        """The file `name` (relative, slashes) names inside the folder; OutsideFolder if it
        leaves the folder, passes through a hidden part, is not a kind of file shown, or is
        not a regular file."""
        parts = PurePosixPath(name).parts
        if not name or name.startswith("/") or "\\" in name or "\0" in name \
                or any(p in ("..", ".") or p.startswith(".") for p in parts):
            raise OutsideFolder(name)
        path = self.root.joinpath(*parts)
        try:
            landed = resolved(path)
        except OSError:
            raise OutsideFolder(name) from None
        if not landed.is_relative_to(self.root) or not name.endswith(SHOWN):
            raise OutsideFolder(name)
        if not landed.is_file():  # a FIFO, device, socket or folder: never opened here
            raise OutsideFolder(name)
        return path

    def read(self, name: str) -> bytes:
        """The bytes of a file inside the folder (see `inside`); OutsideFolder else."""
        path = self.inside(name)
        try:
            return read_regular(path)
        except OSError:
            raise OutsideFolder(name) from None


def stamp(paths: list[Path]) -> str:
    """What changes when any of `paths` is saved, created or removed: a hash of each one's
    size and modification time (no content is read, so polling stays cheap)."""
    digest = hashlib.sha256()
    for path in sorted(paths):
        try:
            info = path.stat()
            digest.update(f"{path}\0{info.st_size}\0{info.st_mtime_ns}\n".encode(
                "utf-8", "surrogateescape"))
        except OSError:
            digest.update(f"{path}\0gone\n".encode("utf-8", "surrogateescape"))
    return digest.hexdigest()[:16]


def content_hash(raw: bytes) -> str:
    return hashlib.sha256(raw).hexdigest()
