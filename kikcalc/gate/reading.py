"""Strategies and policies as the gate reads them: from commits, never the working tree.

A strategy in a pull request names other files (a budget table, statistics). The rules
judge it with those files as the base has them (`Layered` reads the base first), so that a
pull request cannot make its own proposal pass by editing a table or a statistics file in
the same change; what such an edit does to the strategy is judged separately, as a diff
(the proposal read with the pull request's files against the base read with the base's).
"""

from __future__ import annotations

import errno
from pathlib import Path, PurePosixPath

from kikcalc.evaluation.evaluated import Evaluated, evaluate_loaded
from kikcalc.gate.policy import POLICY_FILE, Policy, PolicyError, changes, parse_policy
from kikcalc.gate.repo import GateError
from kikcalc.loading.strategy import Loaded, parse_strategy
from kikcalc.model.findings import Issue, Severity, Source
from kikcalc.model.message import Joined, Message, Text, message
from kikcalc.reading.documents import decode_text
from kikcalc.reading.files import GitError, GitFiles, UnsafePath
from kikcalc.record import Record, field


class Layered(Record, frozen=False):
    """The files a strategy names, each from the first revision that has it; records
    every path read (`read`) and those only the later revisions had (`late`)."""

    revisions: tuple[GitFiles, ...]
    read_paths: set[str] = field(default_factory=set)
    late: set[str] = field(default_factory=set)

    def label(self, where: PurePosixPath) -> str:
        return str(where)

    def read(self, where: PurePosixPath) -> bytes:
        self.read_paths.add(str(where))
        for i, files in enumerate(self.revisions):
            if files.exists(where):
                if i:
                    self.late.add(str(where))
                return files.read(where)
        raise FileNotFoundError(errno.ENOENT, "not in the repository", str(where))


class Version(Record):
    """One strategy file at one revision, loaded and evaluated (None when it does not
    load: `issues` says why), with the named files it read."""

    path: str
    loaded: Loaded | None
    evaluated: Evaluated | None
    issues: tuple[Issue, ...]
    inputs: frozenset[str] = frozenset()
    late_inputs: frozenset[str] = frozenset()  # read from a later revision than the first


def load_version(path: str, raw: bytes, files: Layered) -> Version:
    """The strategy in `raw` (the blob at `path`), its named files read from `files`."""
    text, issues = decode_text(raw, path)
    if text is None:
        return Version(path, None, None, tuple(issues))
    try:
        loaded, issues = parse_strategy(text, path, files=(files, PurePosixPath(path).parent))
        evaluated = evaluate_loaded(loaded) if loaded else None
    except RecursionError:
        loaded, evaluated = None, None
        issues = [Issue("K105", message("k105_deep"), Source(path, 1, 1))]
    return Version(path, loaded, evaluated, tuple(issues), frozenset(files.read_paths),
                   frozenset(files.late))


class Policies(Record, frozen=False):
    """The policy of each place, read from one revision: `explicit` (`--policy`), else the
    nearest kikcalc.toml at or above the file's folder there. Cached by the folder as
    the repository names it (never a link's target), so the order files are judged in
    cannot change which policy judges which file."""

    files: GitFiles
    explicit: PurePosixPath | None = None
    _cache: dict[str, Policy] = field(default_factory=dict)

    def at(self, path: str) -> Policy:
        folder = PurePosixPath(path).parent
        key = str(folder)
        if key not in self._cache:
            self._cache[key] = self._find(folder)
        return self._cache[key]

    def _find(self, folder: PurePosixPath) -> Policy:
        candidates = [self.explicit] if self.explicit is not None else \
            [parent / POLICY_FILE for parent in (folder, *folder.parents)]
        try:
            for candidate in candidates:
                if self.files.exists(candidate):
                    text = self.files.read(candidate).decode("utf-8", "replace")
                    return parse_policy(text, str(candidate))
        except (PolicyError, GitError, UnsafePath, OSError) as error:
            raise GateError(f"the policy at {self.files.rev[:12]} cannot be used: "
                            f"{error}") from None
        if self.explicit is not None:
            raise GateError(f"--policy {self.explicit}: not in {self.files.rev[:12]}")
        return Policy()


def policy_notes(paths: list[str], base: GitFiles, head: GitFiles) -> list[Issue]:
    """K209 for each policy file the change adds, edits, breaks or removes: said, never
    obeyed. Both versions are read from git, so a policy that is a link to a file outside
    the repository is refused without saying anything of that file."""
    notes = []
    for path in paths:
        where = PurePosixPath(path)
        old = _policy_or_reason(base, where)
        new = _policy_or_reason(head, where)
        edits: list[Text]
        if isinstance(old, Policy) and isinstance(new, Policy):
            edits = list(changes(old, new))
        elif new == ABSENT:
            edits = [message("policy_deleted")] if old != ABSENT else []
        elif isinstance(new, Message):
            edits = [new]
        elif isinstance(old, Message):  # and the change brings a policy that can be read
            edits = [message("policy_new") if old == ABSENT
                     else message("policy_was_unreadable", reason=old),
                     *changes(Policy(), new)]
        if edits:
            notes.append(Issue("K209", message("k209_policy", edits=Joined(tuple(edits))),
                               Source(path, 1, 1), Severity.WARNING))
    return notes


ABSENT = message("policy_absent")


def _policy_or_reason(files: GitFiles, where: PurePosixPath) -> Policy | Message:
    try:
        if not files.exists(where):
            return ABSENT
        return parse_policy(files.read(where).decode("utf-8", "replace"), str(where))
    except UnsafePath as refused:
        return message("policy_unreadable", reason=str(refused))
    except (PolicyError, GitError, OSError) as error:
        return message("policy_unreadable", reason=str(error))


def repository(rev: str, top: Path) -> GitFiles:
    try:
        return GitFiles.at(rev, top)
    except GitError as error:
        raise GateError(f"{rev}: {error}") from None
