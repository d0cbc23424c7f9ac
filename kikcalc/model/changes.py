"""Dated changes of the law that change what a benefit costs: a budget approved before
one does not know it, an actual after it does, so `variance` flags such a year.

The catalogue holds the changes kikcalc prices (`model.rates`) and the 2026-27 reform's
change to which benefits new citizens can have; a file's own costs by month (`by_month`,
`until`) are changes too, found from the file. A budget table, priced at its year's law,
names the changes after it that touch its rows (`matches`: its own keys and labels).
"""

from __future__ import annotations

import datetime
import re

from kikcalc.model.rates import LAST_MONTH_BEFORE_REFORM, RATES, SUCCESSIONS
from kikcalc.record import Record


class DatedChange(Record):
    date: datetime.date  # the first day it applies
    name: str  # as a committee reads it (Danish: the law's own name)
    benefits: tuple[str, ...]  # the benefit keys it changes
    source: str
    # a benefit known by its own key or label (files and budget tables name their own):
    # a regular expression searched, case-insensitive, in either
    matches: str = ""


_REFORM_BENEFITS = tuple(sorted({s.benefit for s in SUCCESSIONS
                                 if s.until == LAST_MONTH_BEFORE_REFORM}
                                | {b for s in SUCCESSIONS if s.until == LAST_MONTH_BEFORE_REFORM
                                   for b in s.then} | set(RATES)))

#: Ressourceforløb and revalidering, with their benefits, end for new citizens when the first
#: phase of the 2026-27 employment reform enters into force, 1 February 2026 (lov nr. 1750 af
#: 29. december 2025; lovguiden.dk's summary of L 66 2025/26: "Ressourceforløb og
#: revalidering, samt tilhørende ydelser, afskaffes for nye borgere fra lovens
#: ikrafttrædelse"); citizens in a course already begun finish it. K213 warns an outcome
#: into them from 2026.
CLOSED_TO_NEW = DatedChange(
    datetime.date(2026, 2, 1), "ressourceforløb og revalidering afskaffes for nye borgere",
    ("ressourceforloebsydelse", "revalideringsydelse"),
    "lov nr. 1750 af 29. december 2025 (docs/reforms.md)", r"ressourceforl|revalider")

DATED_CHANGES: tuple[DatedChange, ...] = (
    DatedChange(datetime.date(2025, 7, 1), "kontanthjælpsreformen", _REFORM_BENEFITS,
                "lov nr. 1703 af 30. december 2024 (docs/reforms.md)",
                r"uddannelseshj|kontanthj|kontant_|integrationsydelse|overgangsydelse"
                r"|hjemrejseydelse|selvfors|udl(ae|æ)ndinge"),
    CLOSED_TO_NEW,
)


def changes_touching(key: str, label: str, after: datetime.date) -> list[DatedChange]:
    """The catalogue's changes from `after` on that touch a benefit known by its own key
    and label.

    >>> [c.date.isoformat() for c in changes_touching(
    ...     "kontant_uddannelseshjaelp", "Kontant- og uddannelseshjælp",
    ...     datetime.date(2022, 1, 1))]
    ['2025-07-01']
    >>> [c.name for c in changes_touching("ressourceforloebsydelse", "",
    ...                                   datetime.date(2026, 1, 1))]
    ['ressourceforløb og revalidering afskaffes for nye borgere']
    >>> changes_touching("sygedagpenge", "Sygedagpenge", datetime.date(2022, 1, 1))
    []
    """
    return [c for c in DATED_CHANGES if c.date >= after and (key in c.benefits or (
        c.matches and (re.search(c.matches, key, re.IGNORECASE)
                       or re.search(c.matches, label, re.IGNORECASE))))]
