"""Where input files come from: the disk, or one git revision; regular files only.

A strategy names other files (`unit_costs.from_table`), and a CI gate reads files that a
pull request wrote, so every file is opened the same careful way:
- a file a strategy names is a relative path that stays inside a root (the git repository
  the strategy is in, else the strategy's own folder tree), checked before anything opens;
- only regular files are read: a FIFO, device, socket or `/proc` entry is refused without
  blocking (opened with O_NONBLOCK, then checked with fstat on the open descriptor);
- at most `MAX_BYTES` are read.

`GitFiles` reads the same paths from a revision (`git ls-tree` then `git cat-file`), so a
gate can judge the base of a pull request with the base's own tables and policy; a symlink
or submodule there is refused like a FIFO on disk.
"""

from __future__ import annotations

import errno
import os
import stat
import subprocess
from pathlib import Path, PurePosixPath

from kikcalc.reading.strict_yaml import MAX_BYTES
from kikcalc.record import Record

#: Trees of the kernel and devices: never a document, whatever fstat says.
SYSTEM_TREES = (Path("/proc"), Path("/sys"), Path("/dev"))


class UnsafePath(Exception):
    """A path kikcalc will not read; the message never quotes the file's content."""


def resolved(path: str | Path) -> Path:
    """`path` with every link followed. Links in a loop are OSError ELOOP, as opening the
    path would say (Path.resolve raises RuntimeError for them before Python 3.13)."""
    try:
        return Path(path).resolve()
    except RuntimeError:
        raise OSError(errno.ELOOP, os.strerror(errno.ELOOP), str(path)) from None


NOT_REGULAR = "not a regular file (a FIFO, device, socket or directory)"


def _not_regular(path: object) -> OSError:
    return OSError(errno.EINVAL, NOT_REGULAR, str(path))


def read_regular(path: str | Path, limit: int = MAX_BYTES) -> bytes:
    """Up to `limit` + 1 bytes of a regular file; OSError for anything else.

    O_NONBLOCK makes opening a FIFO return at once instead of waiting for a writer.
    The kernel's own trees are refused before opening: `/proc/self/environ` is a regular
    file to fstat, and reading it would tell a pull request about the runner.
    """
    landed = resolved(path)
    if any(landed.is_relative_to(tree) for tree in SYSTEM_TREES):
        raise OSError(errno.EPERM, "a system file (/proc, /sys, /dev), not a document",
                      str(path))
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    descriptor = os.open(path, flags)
    try:
        if not stat.S_ISREG(os.fstat(descriptor).st_mode):
            raise _not_regular(path)
        chunks, size = [], 0
        while size <= limit:
            chunk = os.read(descriptor, limit + 1 - size)
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        return b"".join(chunks)
    finally:
        os.close(descriptor)


def not_led_out(path: str | Path) -> None:
    """Refuse a path that is a link (or passes through one) leading out of the repository
    it stands in (or, outside git, out of its own folder): a pull request may commit
    `plan.yaml -> /proc/self/environ`. A path written plainly is taken as the user gave it.
    """
    given = Path(path).absolute()
    landed = resolved(given)
    if landed == given:
        return
    folder = given.parent
    root = repository_root(folder) or folder
    if not landed.is_relative_to(resolved(root)):
        raise OSError(errno.EPERM, "a link that leads out of the repository", str(path))


def repository_root(start: Path) -> Path | None:
    """The nearest folder at or above `start` that holds `.git` (a folder or a file)."""
    for folder in (start, *start.parents):
        if (folder / ".git").exists():
            return folder
    return None


def relative_inside(folder: PurePosixPath, name: str) -> PurePosixPath:
    """`name`, relative to `folder`, as a normalised path that must not leave the root.

    >>> relative_inside(PurePosixPath("strategies"), "budget-tables/a.yaml")
    PurePosixPath('strategies/budget-tables/a.yaml')
    >>> relative_inside(PurePosixPath("strategies"), "../../etc/passwd")
    Traceback (most recent call last):
    kikcalc.reading.files.UnsafePath: leaves the repository (or the strategy's folder)
    """
    if not name or name.startswith(("/", "\\", "~")) or PurePosixPath(name).is_absolute() \
            or (len(name) > 1 and name[1] == ":"):
        raise UnsafePath("an absolute path; name the file relative to the strategy file")
    parts: list[str] = []
    for part in (*folder.parts, *PurePosixPath(name.replace("\\", "/")).parts):
        if part == "..":
            if not parts:
                raise UnsafePath("leaves the repository (or the strategy's folder)")
            parts.pop()
        elif part not in (".", ""):
            parts.append(part)
    return PurePosixPath(*parts)


class DiskFiles(Record):
    """Files under `root` on disk; `where` is a path relative to `root`."""

    root: Path

    @classmethod
    def around(cls, strategy_file: str) -> tuple[DiskFiles, PurePosixPath]:
        """The root for a strategy file and the strategy's folder relative to it."""
        folder = resolved(strategy_file).parent
        root = repository_root(folder) or folder
        return cls(root), PurePosixPath(folder.relative_to(root).as_posix())

    def label(self, where: PurePosixPath) -> str:
        """How a file is named in messages: relative to the current folder if possible."""
        full = self.root / where
        try:
            return os.path.relpath(full)
        except ValueError:
            return str(full)

    def read(self, where: PurePosixPath) -> bytes:
        full = self.root / where
        landed = resolved(full)  # a symlink may point anywhere: judge where it lands
        if not landed.is_relative_to(resolved(self.root)):
            raise UnsafePath("leads out of the repository (or the strategy's folder)")
        if landed.exists() and not landed.is_file():
            raise UnsafePath("is not a regular file (a FIFO, device, socket or directory)")
        try:
            return read_regular(landed)
        except OSError as error:
            if error.errno == errno.EINVAL:
                raise UnsafePath("is not a regular file") from None
            raise


class GitError(Exception):
    """git could not answer; a usage problem (exit 2)."""


def git(args: list[str], cwd: Path) -> bytes:
    try:
        run = subprocess.run(["git", *args], cwd=cwd, capture_output=True, check=False,
                             timeout=60)
    except (OSError, subprocess.TimeoutExpired) as error:
        raise GitError(f"git {args[0]}: {error}") from None
    if run.returncode != 0:
        lines = run.stderr.decode("utf-8", "replace").strip().splitlines()
        # the first fatal or error line says why ("detected dubious ownership"); what
        # follows is often advice
        first = next((line for line in lines if line.startswith(("fatal:", "error:"))), None)
        raise GitError(first or (lines[-1] if lines else f"git {args[0]} failed"))
    return run.stdout


class GitFiles(Record):
    """Files of revision `rev` of the repository at `root`."""

    rev: str
    root: Path

    @classmethod
    def at(cls, rev: str, near: Path) -> GitFiles:
        """The repository holding `near` (a file or folder on disk), at `rev`."""
        folder = resolved(near) if near.is_dir() else resolved(near).parent
        top = Path(git(["rev-parse", "--show-toplevel"], folder).decode().strip())
        git(["rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}"], top)
        return cls(rev, top)

    def where(self, path: Path) -> PurePosixPath:
        """A path on disk as a path inside the repository."""
        full = path if path.is_absolute() else Path.cwd() / path
        relative = os.path.relpath(os.path.normpath(full), self.root.resolve())
        return relative_inside(PurePosixPath(), Path(relative).as_posix())

    def label(self, where: PurePosixPath) -> str:
        return f"{self.rev}:{where}"

    def exists(self, where: PurePosixPath) -> bool:
        return self._entry(where) is not None

    def _entry(self, where: PurePosixPath) -> tuple[str, str, int] | None:
        # literal: a path that starts with ':' is a path, not pathspec magic
        out = git(["--literal-pathspecs", "ls-tree", "-z", "-l", self.rev, "--", str(where)],
                  self.root)
        for record in out.split(b"\0"):
            meta, _, name = record.partition(b"\t")
            if name.decode("utf-8", "surrogateescape") == str(where):
                mode, _, blob, size = meta.decode().split()
                return mode, blob, int(size) if size.isdigit() else 0
        return None

    def read(self, where: PurePosixPath, links: int = 8) -> bytes:
        """The blob at `where`; a symlink is followed while it stays inside the repository,
        as on disk, so a table that is a link reads the same at the base as in the change."""
        entry = self._entry(where)
        if entry is None:
            raise FileNotFoundError(errno.ENOENT, "not in revision " + self.rev, str(where))
        mode, blob, size = entry
        if mode == "120000" and links > 0:
            target = git(["cat-file", "blob", blob], self.root).decode("utf-8", "replace")
            try:
                inside = relative_inside(where.parent, target)
            except UnsafePath:
                raise UnsafePath("leads out of the repository (or the strategy's folder)") \
                    from None
            return self.read(inside, links - 1)
        if mode not in ("100644", "100755"):
            raise UnsafePath("is not a regular file in git (a submodule, or links in a loop)")
        if size <= MAX_BYTES:
            return git(["cat-file", "blob", blob], self.root)
        # too large: read one byte past the cap, as from disk, and let the reader say so
        with subprocess.Popen(["git", "cat-file", "blob", blob], cwd=self.root,
                              stdout=subprocess.PIPE, stderr=subprocess.DEVNULL) as child:
            assert child.stdout is not None
            head = child.stdout.read(MAX_BYTES + 1)
            child.kill()
        return head


Files = DiskFiles | GitFiles
