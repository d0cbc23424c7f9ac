"""A rule's finding: a path into the strategy file, a code and a message."""

from __future__ import annotations

from collections.abc import Callable, Iterator
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
