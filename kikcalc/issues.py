"""Problems as data: every finding knows its code, severity, message and place in a file.

Loading and checking return lists of `Issue`; only the CLI prints them. The printed form,
`file:line:column: CODE message`, is the one editors and CI annotations jump to; it
carries no raw control character (a file name or message with ESC prints it as `\\x1b`).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from kikcalc.safe import printable


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True)
class Source:
    """A place in a file; line and column count from 1, as editors do."""

    file: str
    line: int = 1
    column: int = 1

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}"


@dataclass(frozen=True)
class Issue:
    code: str
    message: str
    source: Source
    severity: Severity = Severity.ERROR

    def __str__(self) -> str:
        kind = "warning: " if self.severity is Severity.WARNING else ""
        return printable(f"{self.source}: {self.code} {kind}{self.message}")


def sort_issues(issues: list[Issue]) -> list[Issue]:
    """Issues in file order, so the first line printed is the first place to fix."""
    return sorted(issues, key=lambda issue: (issue.source, issue.code, issue.message))
