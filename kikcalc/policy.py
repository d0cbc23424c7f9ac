"""The thresholds a CI gate applies, from `kikcalc.toml` (or `--policy FILE`).

```toml
[check]
series = "projected"      # the series the payback rules judge: projected | budget | forecast
max_payback_years = 4     # pay back within this many years (default: within the period)
min_cumulative = 0        # cumulative net at the horizon, at least (mio. kr.)
budget_tolerance = 1.0    # |budget - projected| in any year, at most (mio. kr.)
require_sources = true    # warn about figures with no source
[check.severity]
K203 = "error"            # make a rule an error, a warning, or "off"

[diff]
max_payback_slip = 1      # fail when a proposal delays payback by more years than this
max_cumulative_drop = 5   # fail when cumulative net at the horizon falls by more (mio. kr.)
```

Amounts in a policy are in mio. kr. and are converted exactly to each strategy's unit.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from kikcalc.issues import Severity

POLICY_FILE = "kikcalc.toml"
SERIES = ("projected", "budget", "forecast")
_SEVERITIES = {"error": Severity.ERROR, "warning": Severity.WARNING, "off": None}


class PolicyError(Exception):
    """The policy file cannot be used; a usage problem (exit 2)."""


@dataclass(frozen=True)
class Policy:
    series: str = "projected"
    max_payback_years: int | None = None
    min_cumulative: Decimal | None = None
    budget_tolerance: Decimal | None = None
    require_sources: bool = True
    severity: dict[str, Severity | None] = field(default_factory=dict)
    max_payback_slip: int | None = None
    max_cumulative_drop: Decimal | None = None
    file: str | None = None


def find_policy(start: Path) -> Path | None:
    """The nearest `kikcalc.toml` in `start` or a folder above it."""
    for folder in (start, *start.parents):
        candidate = folder / POLICY_FILE
        if candidate.is_file():
            return candidate
    return None


def _take(table: dict[str, Any], key: str, kinds: tuple[type, ...], where: str) -> Any:
    value = table.pop(key, None)
    # bool is an int in Python; `max_payback_years = true` must still be refused
    if value is not None and (isinstance(value, bool) != (bool in kinds)
                              or not isinstance(value, kinds)):
        raise PolicyError(f"{where}: '{key}' has the wrong type ({value!r})")
    return value


def _severities(table: dict[str, Any], where: str) -> dict[str, Severity | None]:
    out = {}
    for code, word in table.items():
        if word not in _SEVERITIES:
            raise PolicyError(f"{where}: severity of {code} must be error, warning or off")
        out[code] = _SEVERITIES[word]
    return out


def parse_policy(text: str, where: str) -> Policy:
    try:
        data = tomllib.loads(text, parse_float=Decimal)
    except tomllib.TOMLDecodeError as error:
        raise PolicyError(f"{where}: {error}") from None
    check = dict(data.pop("check", {}))
    diff = dict(data.pop("diff", {}))
    number = (int, Decimal)
    policy = Policy(
        series=_take(check, "series", (str,), where) or "projected",
        max_payback_years=_take(check, "max_payback_years", (int,), where),
        min_cumulative=_decimal(_take(check, "min_cumulative", number, where)),
        budget_tolerance=_decimal(_take(check, "budget_tolerance", number, where)),
        require_sources=_take(check, "require_sources", (bool,), where) is not False,
        severity=_severities(dict(check.pop("severity", {})), where),
        max_payback_slip=_take(diff, "max_payback_slip", (int,), where),
        max_cumulative_drop=_decimal(_take(diff, "max_cumulative_drop", number, where)),
        file=where,
    )
    unknown = [f"[{name}] {key}" for name, table in (("check", check), ("diff", diff))
               for key in table] + [f"[{key}]" for key in data]
    if unknown:
        raise PolicyError(f"{where}: unknown setting {', '.join(unknown)}")
    if policy.series not in SERIES:
        raise PolicyError(f"{where}: series must be one of {', '.join(SERIES)}")
    return policy


def _decimal(value: int | Decimal | None) -> Decimal | None:
    return None if value is None else Decimal(value)


def load_policy(path: Path | None, search_from: Path) -> Policy:
    """The policy at `path`, else the nearest kikcalc.toml, else the defaults."""
    found = path or find_policy(search_from)
    if found is None:
        return Policy()
    try:
        text = found.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise PolicyError(f"cannot read policy {found}: {error}") from None
    return parse_policy(text, str(found))
