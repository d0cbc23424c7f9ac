"""What the gate judges and by which rules: documents, policies and the base of a change.

`check` and `diff` must not be argued with from inside the change they judge, so:
- with a base revision, each file's policy is the one the base had for it (the nearest
  `kikcalc.toml` there); a policy the change edits is reported (K209), not obeyed;
- the base of a diff is read entirely from that revision: the strategy, every budget
  table it names, the policy;
- budget tables are checked as tables; with `only_kikcalc`, YAML that is not a kikcalc
  document is left alone (a CI job, a workflow).
"""

from __future__ import annotations

from pathlib import Path, PurePosixPath

from kikcalc.evaluation.evaluated import Evaluated, evaluate_loaded
from kikcalc.gate.policy import POLICY_FILE, Policy, PolicyError, changes, policy_at, policy_for
from kikcalc.loading.strategy import Loaded, parse_strategy
from kikcalc.model.findings import Issue, Severity, Source
from kikcalc.model.message import Joined, Text, message
from kikcalc.reading.budget_table import parse_table
from kikcalc.reading.documents import (
    decode_text,
    document_kind,
    marker_kind,
    read_bytes,
    read_reason,
)
from kikcalc.reading.files import DiskFiles, GitError, GitFiles, UnsafePath
from kikcalc.record import Record, field


class GateError(Exception):
    """The gate cannot judge (git failed, a base is missing); a usage problem (exit 2)."""


class Policies(Record, frozen=False):
    """Finds the policy of each file: `--policy`, else the nearest; from `base_ref` if set."""

    explicit: Path | None = None
    base_ref: str | None = None
    notes: list[Issue] = field(default_factory=list)  # K209: a policy the change edits
    _repos: dict[Path, GitFiles] = field(default_factory=dict)  # by the file's folder
    _policies: dict[Path, Policy] = field(default_factory=dict)  # by the file's folder
    _said: set[str] = field(default_factory=set)

    def repository(self, near: Path) -> GitFiles:
        """The base revision of the repository holding `near` (one git look-up a folder)."""
        assert self.base_ref is not None
        folder = near.resolve().parent
        if folder not in self._repos:
            try:
                self._repos[folder] = GitFiles.at(self.base_ref, near)
            except GitError as error:
                raise GateError(f"--base-ref {self.base_ref}: {error}") from None
        return self._repos[folder]

    def for_file(self, file: Path) -> Policy:
        """The policy of `file`, found once for each folder (a check of 1,000 files in one
        folder reads one policy). Keyed by the folder the file is named in, never a link's
        target: the policy is looked up by that path, so the order files are checked in
        cannot change which policy judges which file."""
        folder = file.absolute().parent
        if folder not in self._policies:
            self._policies[folder] = self._find(file)
        return self._policies[folder]

    def _find(self, file: Path) -> Policy:
        try:
            if self.base_ref is None:
                return policy_for(file, self.explicit)
            repo = self.repository(file)
            explicit = repo.where(self.explicit) if self.explicit else None
            base = policy_at(repo, repo.where(file).parent, explicit)
        except (PolicyError, GitError, UnsafePath) as error:
            raise GateError(str(error)) from None
        self._compare_with_working_tree(file, base)
        return base

    def _compare_with_working_tree(self, file: Path, base: Policy) -> None:
        """A policy the change brings (new, edited or broken) is said once, as a warning."""
        repo = self.repository(file)
        try:
            current = policy_for(file, self.explicit)
            edits: list[Text] = list(changes(base, current))
            same_file = (current.file is None and base.file is None) or (
                current.file is not None and repo.label(repo.where(Path(current.file)))
                == base.file)
            if not same_file:
                edits.insert(0, message("policy_file_moved", base=base.name, now=current.name))
            name = current.file or str(repo.where(file).parent / POLICY_FILE)
        except (PolicyError, UnsafePath) as error:
            name = str(self.explicit or file)
            edits = [message("policy_unreadable", reason=str(error))]
        if edits and name not in self._said:
            self._said.add(name)
            self.notes.append(Issue(
                "K209", message("k209_policy_named", edits=Joined(tuple(edits)), policy=base.name),
                Source(name, 1, 1), Severity.WARNING))


class BaseFirst(Record):
    """The files a strategy names, from the base revision when it has them, else from the
    disk: `check --base-ref` judges a proposal with the base's budget tables and statistics,
    so editing a table in the same change cannot make the proposal pass."""

    base: GitFiles
    disk: DiskFiles

    def label(self, where: PurePosixPath) -> str:
        return self.disk.label(where)

    def read(self, where: PurePosixPath) -> bytes:
        if self.base.exists(where):
            return self.base.read(where)
        return self.disk.read(where)


class Judged(Record):
    """One file as the gate saw it."""

    file: str
    kind: str | None  # "strategy", "table", or None when it is no kikcalc document
    issues: tuple[Issue, ...]
    loaded: Loaded | None = None
    evaluated: Evaluated | None = None
    unreadable: bool = False
    files: tuple[BaseFirst | DiskFiles, PurePosixPath] | None = None


def read_document(path: Path, policies: Policies | None = None) -> Judged:
    """Read one file for `check`: its kind and, for a strategy, the evaluated result; with
    a base revision, the files it names are read from there first."""

    file = str(path)
    try:
        raw = read_bytes(file)
    except OSError as error:
        return Judged(file, "strategy", (Issue("K100", message("k100_cannot_read",
                                                               reason=read_reason(error)),
                                               Source(file, 1, 1)),), unreadable=True)
    text, issues = decode_text(raw, file)
    if text is None:  # not UTF-8, or too large: a kikcalc document only by its marker
        return Judged(file, marker_kind(raw), tuple(issues))
    kind = document_kind(text)
    if kind == "table":
        _, issues = parse_table(text, file)
        return Judged(file, kind, tuple(issues))
    files = named_files(path, policies)
    loaded, issues = parse_strategy(text, file, files=files)
    evaluated = evaluate_loaded(loaded) if loaded else None
    return Judged(file, kind, tuple(issues), loaded, evaluated, files=files)


def named_files(path: Path, policies: Policies | None
                ) -> tuple[BaseFirst | DiskFiles, PurePosixPath] | None:
    """Where the files a strategy at `path` names are read: the disk, or base first."""
    if policies is None or policies.base_ref is None:
        return None
    disk, folder = DiskFiles.around(str(path))
    try:
        repo = policies.repository(path)
    except GateError:
        return None  # said when the policy is looked up
    if repo.root.resolve() != disk.root.resolve():
        return None
    return BaseFirst(repo, disk), folder


def strategy_at_base(policies: Policies, path: Path) -> bool:
    """Was `path` a kikcalc strategy at the base revision? A change that removes the
    marker must not take a strategy out of the gate."""
    try:
        repo = policies.repository(path)
        where = repo.where(path)
        if not repo.exists(where):
            return False
        text, _ = decode_text(repo.read(where), repo.label(where))
    except (GateError, GitError, UnsafePath, OSError):
        return False  # git itself failing is said when the policy is looked up
    return text is not None and document_kind(text) == "strategy"


def load_base(policies: Policies, proposal: Path, base_path: Path | None
              ) -> tuple[Evaluated | None, list[Issue], Policy]:
    """The base of `proposal` at the policies' base revision (None for a file new there),
    its problems, and the base's policy for the proposal's place. `base_path` is the file's
    path at that revision after a rename."""
    rev = policies.base_ref
    repo = policies.repository(proposal)
    policy = policies.for_file(proposal)
    try:
        where = repo.where(base_path or proposal)
        if not repo.exists(where):
            if base_path is not None:
                raise GateError(f"--base-path {base_path}: not in {rev}")
            return None, [], policy
        label = repo.label(where)
        text, issues = decode_text(repo.read(where), label)
    except (GitError, UnsafePath, OSError) as error:
        raise GateError(f"--base-ref {rev}: {error}") from None
    if text is None:
        return None, issues, policy
    loaded, issues = parse_strategy(text, label, files=(repo, where.parent))
    return (evaluate_loaded(loaded) if loaded else None), issues, policy
