"""A rule's finding: a path into the strategy file, a code and a message."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from kikcalc.model import Strategy
from kikcalc.yamlread import Path


@dataclass(frozen=True)
class Finding:
    path: Path
    code: str
    message: str
    at_key: bool = False  # point at the key (e.g. the year) rather than its value


Rule = Callable[[Strategy], Iterator[Finding]]


#: How many names a message lists before it says "and N more".
LISTED_NAMES = 10


def name_list(names: Iterable[str], empty: str = "none", limit: int = LISTED_NAMES) -> str:
    """Names for a message, shortened: a file with 800 benefits and 10,000 bad references
    must not print 800 names 10,000 times.

    >>> name_list(["a", "b", "c"], limit=2), name_list([], "nothing")
    ('a, b and 1 more', 'nothing')
    """
    listed = [name if len(name) <= 60 else name[:59] + "…" for name in names]
    if not listed:
        return empty
    if len(listed) <= limit:
        return ", ".join(listed)
    return f"{', '.join(listed[:limit])} and {len(listed) - limit:,} more"
