"""The blobs of one git revision, read in bulk: a tree listing per batch of paths and one
`git cat-file --batch` for all of them; links followed while they stay inside the
repository, as on disk. `kikcalc kind --ref` and the gate read a revision through it."""

from __future__ import annotations

import subprocess
from collections.abc import Iterable
from pathlib import Path, PurePosixPath

from kikcalc.reading.files import GitError, GitFiles, UnsafePath, git, relative_inside
from kikcalc.reading.strict_yaml import MAX_BYTES

# Links followed inside a revision before giving up (as `GitFiles.read`).
LINKS = 8


class Revision:
    """The blobs of one revision, read in bulk: a tree listing per batch of paths and one
    `git cat-file --batch`; links followed while they stay inside the repository."""

    def __init__(self, rev: str, near: Path) -> None:
        self.files = GitFiles.at(rev, near)
        self.entries: dict[str, tuple[str, str, int] | None] = {}

    def _list(self, paths: Iterable[PurePosixPath]) -> None:
        wanted = sorted({str(p) for p in paths} - self.entries.keys())
        for start in range(0, len(wanted), 500):
            chunk = wanted[start:start + 500]
            for path in chunk:
                self.entries[path] = None
            out = git(["--literal-pathspecs", "ls-tree", "-z", "-l", "--full-tree",
                       self.files.rev, "--", *chunk], self.files.root)
            for record in out.split(b"\0"):
                meta, _, name = record.partition(b"\t")
                if not meta:
                    continue
                mode, _, blob, size = meta.decode().split()
                self.entries[name.decode("utf-8", "surrogateescape")] = (
                    mode, blob, int(size) if size.isdigit() else 0)

    def _resolve(self, where: PurePosixPath) -> tuple[PurePosixPath, str, int] | None:
        """The regular file `where` names (through links inside the repository), or None."""
        for _ in range(LINKS + 1):
            self._list([where])
            entry = self.entries.get(str(where))
            if entry is None:
                return None
            mode, blob, size = entry
            if mode in ("100644", "100755"):
                return where, blob, size
            if mode != "120000":
                return None  # a submodule or a tree
            target = git(["cat-file", "blob", blob], self.files.root)
            try:
                where = relative_inside(where.parent, target.decode("utf-8", "replace"))
            except UnsafePath:
                return None  # leads out of the repository
        return None  # links in a loop

    def read_all(self, wheres: list[PurePosixPath | None]) -> list[bytes | None]:
        """The bytes of each path (None: missing, not a regular file, or led out)."""
        self._list(where for where in wheres if where is not None)
        resolved = [None if where is None else self._resolve(where) for where in wheres]
        small = sorted({r[1] for r in resolved if r is not None and r[2] <= MAX_BYTES})
        blobs = self._batch(small)
        out: list[bytes | None] = []
        for found in resolved:
            if found is None:
                out.append(None)
            elif found[1] in blobs:
                out.append(blobs[found[1]])
            else:  # too large: one byte past the cap, as GitFiles reads it
                try:
                    out.append(self.files.read(found[0]))
                except (OSError, ValueError):
                    out.append(None)
        return out

    def _batch(self, blobs: list[str]) -> dict[str, bytes]:
        if not blobs:
            return {}
        try:
            run = subprocess.run(["git", "cat-file", "--batch"], cwd=self.files.root,
                                 input="".join(f"{blob}\n" for blob in blobs).encode(),
                                 capture_output=True, check=False, timeout=600)
        except (OSError, subprocess.TimeoutExpired) as error:
            raise GitError(f"git cat-file: {error}") from None
        if run.returncode != 0:
            reason = run.stderr.decode("utf-8", "replace").strip().splitlines()
            raise GitError(reason[-1] if reason else "git cat-file failed")
        found, data, at = {}, run.stdout, 0
        for blob in blobs:
            end = data.index(b"\n", at)
            header = data[at:end].split()
            if len(header) != 3:  # "<blob> missing"
                raise GitError(f"git cat-file: {blob} missing")
            size = int(header[2])
            found[blob] = data[end + 1:end + 1 + size]
            at = end + 1 + size + 1
        return found
