"""Which strategy of the base each strategy of the change is: the strategy follows its name
(or its content), not its path, so that moving it cannot change which policy judges it or
which base version it is compared with.

- a rename git sees (R) pairs its two paths;
- a strategy removed (D, or R into something that is no longer a strategy) and one added
  (A, C, R) pair when their names (normalised) or contents match;
- so do two files that stay in place but change their `name` (M, T): two strategies that
  swap contents between a strict and a lenient folder are each judged as moved;
- a new strategy beside one that stays, with its name or its path but for case, is a
  copy of it (`copies`), compared with it;
- a strategy paired to a path the gate does not select (another extension, a folder
  marked `-kikcalc`) is not judged there: it is a removal from the gate, as is the base
  identity of a path that now holds another strategy.
"""

from __future__ import annotations

from pathlib import Path

from kikcalc.gate.repo import NO_KIND, Seen, Touched, run_git

NONE = Seen(NO_KIND)
CHUNK = 1000  # paths per `git check-attr` call


def _is(seen: dict[str, Seen], path: str) -> bool:
    return seen.get(path, NONE).kind == "strategy"


def pairs(changes: list[Touched], now: dict[str, Seen], then: dict[str, Seen],
          chosen: set[str]) -> tuple[dict[str, str], list[str]]:
    """Strategies judged against another base path (path -> its path at the base), and the
    base strategies no path of the change carries on in the gate (removed)."""
    old_of: dict[str, str] = {}
    gone: list[str] = []
    added: list[str] = []
    moved: list[str] = []  # in place, with a new name: its base identity may be elsewhere
    for t in changes:
        was = _is(then, t.old or t.path)
        is_ = t.status != "D" and _is(now, t.path)
        if t.status == "R" and was and is_:
            old_of[t.path] = t.old or t.path
        elif was and t.status in ("D", "R"):
            gone.append(t.old or t.path)
        if is_ and (t.status in ("A", "C") or (t.status == "R" and not was)):
            added.append(t.path)
        elif is_ and was and t.status in ("M", "T") and now[t.path].name != then[t.path].name:
            added.append(t.path)
            moved.append(t.path)
    free = gone + moved  # base identities a path of the change may carry on
    for path in added:  # a rewrite git could not see: same name, or same content
        seen = now[path]
        for old in free:
            before = then[old]
            if old != path and ((seen.name and seen.name == before.name)
                                or seen.blob == before.blob):
                old_of[path] = old
                free.remove(old)
                break
    gone = [old for old in free if old in gone or old_of.get(old, old) != old]
    for path, old in list(old_of.items()):
        if path not in chosen:  # carried on where the gate does not look: removed
            del old_of[path]
            gone.append(old)
    return old_of, gone


def copies(changes: list[Touched], now: dict[str, Seen], then: dict[str, Seen],
           chosen: list[str], old_of: dict[str, str]) -> dict[str, str]:
    """New strategies (added or copied, not paired) that share a strategy's name, or whose
    path differs from its path only in case (one file on a case-insensitive checkout),
    while that strategy stays: the copy -> the path it copies. Judged as new, only the
    rules would see a copy with a cut beside the adopted file."""
    new = {t.path for t in changes if t.status in ("A", "C", "R") and t.path not in old_of
           and _is(now, t.path) and not _is(then, t.old or t.path)}
    by_name: dict[str, str] = {}  # a strategy that stays -> its path at the base
    by_path: dict[str, str] = {}
    for path in sorted(chosen, reverse=True):  # the first path wins
        origin = old_of.get(path, path)  # a renamed strategy is copied from its base
        if path in new or not _is(now, path) or (origin in then and not _is(then, origin)):
            continue
        for key in (path.casefold(), origin.casefold()):
            by_path[key] = origin
        for name in (then.get(origin, now[path]).name, now[path].name):
            if name:
                by_name[name] = origin
    out = {}
    for path in sorted(new):  # looked up, not compared pairwise: 10,000 files stay quick
        other = by_name.get(now[path].name) or by_path.get(path.casefold())
        if other is not None:
            out[path] = other
    return out


def opted_out(top: Path, paths: list[str]) -> set[str]:
    """The paths `.gitattributes` marks `-kikcalc` (as the working tree has it, which the
    gate only consults when the change edits no .gitattributes)."""
    out: set[str] = set()
    for i in range(0, len(paths), CHUNK):
        fields = run_git(["check-attr", "-z", "kikcalc", "--", *paths[i:i + CHUNK]],
                         top).decode("utf-8", "surrogateescape").split("\0")
        out |= {fields[j] for j in range(0, len(fields) - 2, 3) if fields[j + 2] == "unset"}
    return out
