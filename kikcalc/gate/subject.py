"""The subject of the gate's rules: one strategy, evaluated, with where the files it names
are read; each rule makes its issues through it, positioned in the file."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from decimal import Decimal
from pathlib import PurePosixPath

from kikcalc.engine.plan import convert
from kikcalc.evaluation.evaluated import Evaluated
from kikcalc.gate.policy import Policy
from kikcalc.loading.strategy import Loaded
from kikcalc.model.findings import Issue, Severity, Source
from kikcalc.model.message import Amount, Message
from kikcalc.reading.files import Files
from kikcalc.reading.strict_yaml import Path
from kikcalc.record import Record
from kikcalc.text.formatting import round_half_up

POLICY_UNIT = "mio. kr."


class Subject(Record):
    loaded: Loaded
    evaluated: Evaluated
    # where the files the strategy names are read (default: the disk around it); the gate
    # passes the base revision, so a change cannot pass by editing its own statistics
    files: tuple[Files, PurePosixPath] | None = None

    def issue(self, code: str, said: Message, path: Path, *, key: bool = False,
              severity: Severity = Severity.ERROR) -> Issue:
        line, column = self.loaded.positions.find(path, key=key)
        return Issue(code, said, Source(self.loaded.file, line, column), severity)

    def amount(self, value: Decimal, *others: Decimal) -> Amount:
        """An amount in a message: to 1/100 of the unit, enough to find it in a table, or
        finer where that is needed to tell it from the `others` it is compared with."""
        decimals = 2
        while decimals < 12 and any(value != other and round_half_up(value, decimals)
                                    == round_half_up(other, decimals) for other in others):
            decimals += 1
        return Amount(round_half_up(value, decimals).normalize(), self.evaluated.unit)

    def from_policy(self, value: Decimal) -> Decimal:
        return convert(value, POLICY_UNIT, self.evaluated.unit)


Check = Callable[[Subject, Policy], Iterator[Issue]]
