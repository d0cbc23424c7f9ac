"""The change a gate judges, as git sees it: the base, the files, what each was and is.

Everything here is read with git from two commits, the base (the merge base of the pull
request) and HEAD, never from the working tree: a pull request cannot plant a FIFO, a link
to `/proc` or an untracked file where the gate looks. Every git call but the selection takes
`--literal-pathspecs`, so a path that starts with `:` is a path, not pathspec magic.
"""

from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path, PurePosixPath

from kikcalc.reading.documents import decode_text, document_kind, document_name, marker_kind
from kikcalc.reading.files import GitError, git
from kikcalc.reading.revision import Revision
from kikcalc.record import Record

SHA = re.compile(r"[0-9a-f]{40}([0-9a-f]{24})?\Z")
ZERO_SHA = re.compile(r"0{40}(0{24})?\Z")
DEFAULT_FILES = (":(glob,icase)**/*.yaml", ":(glob,icase)**/*.yml")  # .YAML too
# Files marked `-kikcalc` in .gitattributes (examples that fail on purpose) are left out,
# unless the change edits a .gitattributes: then it could mark its own files.
OPT_OUT = ":(exclude,attr:-kikcalc)"
EVENT_LIMIT = 64 * 1024 * 1024  # GitHub's event payloads are far smaller
NO_KIND = "none"
UNREADABLE = "unreadable"  # in the tree, but not a regular file kikcalc may read


class GateError(Exception):
    """The gate cannot judge (git failed, a base is missing); a usage problem (exit 2)."""


class Event(Record):
    """What a CI event says about the change: its kind, the commit it is judged against
    (None: nothing to compare with, every strategy is judged as new) and a pull request's
    number (None outside a pull request)."""

    name: str
    base: str | None = None
    number: int | None = None


def read_event(path: Path) -> Event:
    """The base commit of a GitHub event file: `pull_request` and `pull_request_target`
    give `pull_request.base.sha`, `merge_group` its `base_sha`, a push its `before`."""
    try:
        with open(path, "rb") as handle:
            raw = handle.read(EVENT_LIMIT + 1)
        data = json.loads(raw) if len(raw) <= EVENT_LIMIT else None
    except (OSError, ValueError, RecursionError) as error:
        raise GateError(f"cannot read the event file {path}: {error}") from None
    if not isinstance(data, dict):
        raise GateError(f"the event file {path} is not a JSON object")
    if isinstance(data.get("pull_request"), dict):
        pr = data["pull_request"]
        number, base = pr.get("number"), pr.get("base")
        base = base.get("sha") if isinstance(base, dict) else None
        if not isinstance(number, int) or isinstance(number, bool) or number < 1:
            raise GateError("the pull_request event has no pull request number")
        return Event("pull_request", _sha(base, "pull_request.base.sha"), number)
    if isinstance(data.get("merge_group"), dict):
        return Event("merge_group", _sha(data["merge_group"].get("base_sha"),
                                         "merge_group.base_sha"))
    before = data.get("before")
    if isinstance(before, str) and ZERO_SHA.match(before):
        return Event("push")  # a new branch: nothing before it
    if before is not None:
        return Event("push", _sha(before, "before"))
    # Another event (a manual run, a comment): with no base the change's own policy would
    # judge it, so the gate refuses rather than guess
    raise GateError("the event names no base commit (it is not a pull_request, "
                    "pull_request_target, merge_group or push event); give --base-ref REV")


def _sha(value: object, what: str) -> str:
    if not isinstance(value, str) or not SHA.match(value):
        raise GateError(f"the event has no base commit ({what})")
    return value


def run_git(args: list[str], cwd: Path, *, literal: bool = True) -> bytes:
    try:
        return git(["--literal-pathspecs", *args] if literal else args, cwd)
    except GitError as error:
        raise GateError(f"git {args[0]} failed: {error}") from None


def top_of(cwd: Path) -> Path:
    return Path(run_git(["rev-parse", "--show-toplevel"], cwd).decode().strip())


def merge_base(top: Path, base: str) -> str:
    """Where HEAD branched off `base`: the change is what HEAD adds to it."""
    try:
        git(["cat-file", "-e", f"{base}^{{commit}}"], top)
    except GitError:
        raise GateError(f"the base commit {base} is not in this clone (a shallow checkout? "
                        "use actions/checkout with fetch-depth: 0)") from None
    try:
        found = git(["merge-base", base, "HEAD"], top).decode().strip()
    except GitError:
        raise GateError(f"git merge-base found no common ancestor of {base} and HEAD (a "
                        "shallow checkout? use actions/checkout with fetch-depth: 0)") from None
    if not SHA.match(found):
        raise GateError("git merge-base gave no commit")
    return found


def _paths(out: bytes) -> list[str]:
    return [p.decode("utf-8", "surrogateescape") for p in out.split(b"\0") if p]


def selected(top: Path, specs: tuple[str, ...], base: str | None) -> tuple[list[str], bool]:
    """Tracked files the selection finds at HEAD (`git ls-files`, pathspec magic allowed:
    the selection is the workflow's, not the pull request's), and whether the change edits
    a .gitattributes (then the -kikcalc opt-out is not applied)."""
    chosen = list(specs or DEFAULT_FILES)
    attributes = base is not None and bool(_paths(run_git(
        ["diff", "-z", "--name-only", base, "HEAD", "--", ":(glob)**/.gitattributes"], top,
        literal=False)))
    if not attributes:
        chosen.append(OPT_OUT)
    return _paths(run_git(["ls-files", "-z", "--", *chosen], top, literal=False)), attributes


def selected_in_working_tree(top: Path) -> list[str]:
    """The files the gate would select if the working tree were committed: tracked or new
    (not ignored) `*.yaml` and `*.yml`, less those `.gitattributes` marks `-kikcalc`
    (examples that fail on purpose, test inputs); paths relative to `top`."""
    return _paths(run_git(["ls-files", "-z", "--cached", "--others", "--exclude-standard",
                           "--", *DEFAULT_FILES, OPT_OUT], top, literal=False))


class Touched(Record):
    """One path the change touches: `status` is git's letter (A, M, D, R, C, T)."""

    status: str
    path: str
    old: str | None = None  # a rename's or copy's path at the base


def touched(top: Path, base: str) -> list[Touched]:
    """Every path the change touches, anywhere in the repository, renames at 40 %
    similarity followed however many files change (-l0)."""
    out = _paths(run_git(["diff", "-z", "--no-ext-diff", "--no-textconv", "--name-status",
                          "-M40%", "-l0", base, "HEAD"], top))
    found, i = [], 0
    while i < len(out):
        status = out[i]
        if status[:1] in ("R", "C"):
            found.append(Touched(status[:1], out[i + 2], out[i + 1]))
            i += 3
        else:
            found.append(Touched(status[:1], out[i + 1]))
            i += 2
    return found


class Seen(Record):
    """What kikcalc makes of one path at one revision."""

    kind: str  # "strategy", "table" or "none" (missing, not a document, not readable)
    name: str = ""  # a strategy's `name`, normalised (`same_name`)
    blob: bytes = b""


def same_name(text: str) -> str:
    """A name as two names are compared: NFKC, format characters (Cf) removed, case folded,
    so an added zero-width space does not make a rewrite a new strategy.

    >>> same_name("KIK\\u200b-I") == same_name("kik-i")
    True
    """
    text = unicodedata.normalize("NFKC", text)
    return "".join(c for c in text if unicodedata.category(c) != "Cf").casefold().strip()


def _name_in(text: str | None) -> str:
    name = document_name(text)
    return same_name(name) if name is not None else ""


def seen_at(top: Path, rev: str, paths: list[str]) -> dict[str, Seen]:
    """What each path is at `rev`, read in bulk."""
    if not paths:
        return {}
    try:
        revision = Revision(rev, top)
        raws = revision.read_all([PurePosixPath(p) for p in paths])
    except GitError as error:
        raise GateError(f"cannot read the files at {rev}: {error}") from None
    out = {}
    for path, raw in zip(paths, raws, strict=True):
        if raw is None:  # missing; or a link out of the repository, to nothing, in a loop
            listed = revision.entries.get(path) is not None
            out[path] = Seen(UNREADABLE if listed else NO_KIND)
            continue
        text, _ = decode_text(raw, path)
        kind = (document_kind(text) if text is not None else marker_kind(raw)) or NO_KIND
        out[path] = Seen(kind, _name_in(text) if kind == "strategy" else "", raw)
    return out
