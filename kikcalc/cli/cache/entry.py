"""A cache entry: one file in the cache folder, named by the request's key.

Layout: the line `FORMAT`, one line of JSON (the key, the exit code, each file the run
read with its fingerprint, the sizes of the stdout and stderr pieces in the order they
were written, each `--output` file with its size, the SHA-256 of what follows), then those
bytes. It is written to a temporary file and renamed over the old one, so a reader finds
a whole entry or none; the folder holds at most `LIMIT` bytes, the least recently used
entries leaving first.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import stat
import sys
import time

from kikcalc.cli.cache.key import FORMAT, READ, fingerprint

LIMIT = 50 * 2**20  # bytes in the folder
LARGEST_ENTRY = LIMIT // 5
TEMPORARY = ".tmp-"  # a name being written; one older than a minute was left by a crash
# A file's time of change comes from a coarse clock (one kernel tick, at most 10 ms), so
# a file changed just after a run began may carry a time slightly before it.
CLOCK_TICK_NS = 20_000_000

_MAGIC = f"{FORMAT}\n".encode()

Pieces = list[tuple[str, bytes]]


class Entry:
    """The answer to one request: `replay` it, or `store` a run's."""

    def __init__(self, folder: str, key: str, cwd: str, started: int) -> None:
        self.folder, self.key, self.cwd, self.started = folder, key, cwd, started
        self.path = os.path.join(folder, f"{key}.entry")

    def replay(self) -> int | None:
        """Write the stored answer and return its exit code; None on a miss."""
        found = self._load()
        if found is None:
            return None
        inputs, code, pieces, outputs = found
        if outputs:  # only a hit that writes a file pays for pathlib
            from kikcalc.cli.output import OutputError, is_special, write_atomic

            try:
                for target, data in outputs:
                    if is_special(target):
                        return None
                    write_atomic(target, data, inputs)
            except (OutputError, OSError):  # the full run will say why, in its own words
                return None
        _write_streams(pieces)
        with contextlib.suppress(OSError):
            os.utime(self.path)  # recently used: among the last to be evicted
        return code

    def _load(self) -> tuple[list[str], int, Pieces, Pieces] | None:
        """The files read, exit code, stream pieces and outputs of a whole entry of this
        user whose every input is as it was; None otherwise."""
        try:
            data = read_own(self.path)
            if not data.startswith(_MAGIC):
                return None
            end = data.index(b"\n", len(_MAGIC))
            header = json.loads(data[len(_MAGIC):end])
            payload = memoryview(data)[end + 1:]
            if not well_formed(header, self.key, payload):
                return None
            known: dict[str, str] = {}
            for path, held in header["files"]:
                if fingerprint(path, self.cwd, known) != held:
                    return None
        except (OSError, ValueError):  # ValueError: no header line, or not JSON
            return None
        parts, at = [], 0
        for name, size in (*header["streams"], *header["outputs"]):
            parts.append((name, bytes(payload[at:at + size])))
            at += size
        streams = len(header["streams"])
        return [path for path, _ in header["files"]], header["exit"], parts[:streams], \
            parts[streams:]

    def store(self, code: int, pieces: Pieces, files: list[str], outputs: Pieces) -> None:
        """Keep a finished run's answer. Nothing is kept when an input is not a regular
        file, is too large to fingerprint, or changed after the run began (the run may
        have read it before the change or after)."""
        known: dict[str, str] = {}
        prints = []
        for path in dict.fromkeys(files):
            held = fingerprint(path, self.cwd, known)
            if held is None or not held[1].startswith("sha256 ") or self._changed(path):
                return
            prints.append([path, held])
        pieces = _merged(pieces)
        payload = b"".join(data for _, data in (*pieces, *outputs))
        header = {"key": self.key, "exit": code, "files": prints,
                  "streams": [[name, len(data)] for name, data in pieces],
                  "outputs": [[target, len(data)] for target, data in outputs],
                  "sha256": hashlib.sha256(payload).hexdigest()}
        data = _MAGIC + json.dumps(header).encode() + b"\n" + payload
        if len(data) <= LARGEST_ENTRY and _write_whole(self.folder, self.path, data):
            evict(self.folder)

    def _changed(self, path: str) -> bool:
        """Changed since the run began, as far as the file's time of change tells
        (checked after the fingerprint, so that a change in between shows too)."""
        try:
            changed = os.stat(os.path.join(self.cwd, path)).st_ctime_ns
        except OSError:
            return True
        return changed >= self.started - CLOCK_TICK_NS


def read_own(path: str) -> bytes:
    """A regular file of this user of at most LARGEST_ENTRY bytes, not through a link."""
    handle = os.open(path, READ | getattr(os, "O_NOFOLLOW", 0))
    try:
        info = os.fstat(handle)
        if not stat.S_ISREG(info.st_mode) or info.st_size > LARGEST_ENTRY \
                or not _ours(info):
            raise OSError(f"{path}: not a cache entry of this user")
        chunks = []
        while chunk := os.read(handle, LARGEST_ENTRY):
            chunks.append(chunk)
        return b"".join(chunks)
    finally:
        os.close(handle)


def _ours(info: os.stat_result) -> bool:
    return not hasattr(os, "geteuid") or info.st_uid == os.geteuid()


def well_formed(header: object, key: str, payload: memoryview) -> bool:
    """Every field of the right type, the sizes adding up, the bytes as hashed."""
    if not isinstance(header, dict) or header.get("key") != key:
        return False
    code, files = header.get("exit"), header.get("files")
    streams, outputs = header.get("streams"), header.get("outputs")
    if type(code) is not int or code not in (0, 1):
        return False
    if not isinstance(files, list) or not all(
            _pair(item) and isinstance(item[1], list) and len(item[1]) == 4
            and all(isinstance(part, str) for part in item[1]) for item in files):
        return False
    if not isinstance(streams, list) or not all(
            _pair(item) and item[0] in ("out", "err") and _size(item[1]) for item in streams):
        return False
    if not isinstance(outputs, list) or not all(
            _pair(item) and _size(item[1]) for item in outputs):
        return False
    size = sum(item[1] for item in (*streams, *outputs))
    return size == len(payload) and header.get("sha256") == hashlib.sha256(payload).hexdigest()


def _pair(item: object) -> bool:
    """[text, something]"""
    return isinstance(item, list) and len(item) == 2 and isinstance(item[0], str)


def _size(value: object) -> bool:
    return type(value) is int and value >= 0


def _merged(pieces: Pieces) -> Pieces:
    """Neighbouring pieces of one stream as one."""
    merged: Pieces = []
    for name, data in pieces:
        if merged and merged[-1][0] == name:
            merged[-1] = (name, merged[-1][1] + data)
        else:
            merged.append((name, data))
    return merged


def _write_streams(pieces: Pieces) -> None:
    """The pieces in the order the run wrote them, each stream flushed before the other
    takes over, so that a terminal shows them interleaved as the run did."""
    streams = {"out": sys.stdout.buffer, "err": sys.stderr.buffer}
    last = None
    for name, data in pieces:
        stream = streams[name]
        if last is not None and last is not stream:
            last.flush()
        stream.write(data)
        last = stream
    for stream in streams.values():
        stream.flush()


def _write_whole(folder: str, path: str, data: bytes) -> bool:
    """`data` as the file `path`, whole or not at all, in a folder of this user only."""
    os.makedirs(folder, mode=0o700, exist_ok=True)
    if not _ours(os.stat(folder)):
        return False
    temporary = os.path.join(folder, f"{TEMPORARY}{os.getpid()}-{os.urandom(8).hex()}")
    handle = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL
                     | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0), 0o600)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(handle, view):]
        os.close(handle)
        handle = -1
        os.replace(temporary, path)
    except BaseException:
        if handle >= 0:
            os.close(handle)
        _remove(temporary)
        raise
    return True


def evict(folder: str, limit: int = LIMIT) -> None:
    """The least recently used entries removed until the folder holds at most `limit`
    bytes; and temporary files that a killed writer left."""
    entries, now = [], time.time()
    with os.scandir(folder) as found:
        for item in found:
            try:
                info = item.stat(follow_symlinks=False)
            except OSError:
                continue
            if item.name.endswith(".entry"):
                entries.append((info.st_mtime_ns, info.st_size, item.path))
            elif item.name.startswith(TEMPORARY) and now - info.st_mtime > 60:
                _remove(item.path)
    total = sum(size for _, size, _ in entries)
    for _, size, path in sorted(entries):
        if total <= limit:
            break
        _remove(path)
        total -= size


def _remove(path: str) -> None:
    with contextlib.suppress(OSError):
        os.unlink(path)
