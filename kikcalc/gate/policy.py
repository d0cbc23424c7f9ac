"""The thresholds a CI gate applies, from `kikcalc.toml` (or `--policy FILE`).

Every setting, with its default, is shown in docs/ci.md ("The policy"): [check] series,
max_payback_years, min_cumulative, budget_tolerance, require_sources, min_indexation and
max_indexation (K224), [check.severity]; [diff] max_payback_slip, max_cumulative_drop,
allow_removal (K223), max_cost_cut (K225), allow_new_income (K226), allow_indexation_change
(K227), allow_assumption_change (K228); [follow-up] max_realisation_shortfall, max_gap.

Amounts in a policy are in mio. kr. and are converted exactly to each strategy's unit.
Each file is judged by the nearest `kikcalc.toml` at or above its own folder (as linters
find their configuration), or by `--policy`. A gate judging a pull request reads the
policy from the base revision: a policy the pull request brings along is reported, not used.
"""

from __future__ import annotations

import re
import tomllib
from decimal import Decimal
from pathlib import Path, PurePosixPath
from typing import Any

from kikcalc.model.findings import CODES, WARNINGS, Severity
from kikcalc.reading.documents import FILES_READ
from kikcalc.reading.files import not_led_out, read_regular
from kikcalc.record import Record, field

POLICY_FILE = "kikcalc.toml"
ALLOWED = ("[check] series, max_payback_years, min_cumulative, budget_tolerance, "
           "require_sources, deadweight_from_data, min_indexation, max_indexation, "
           "[check.severity]; [diff] max_payback_slip, max_cumulative_drop, allow_removal, "
           "max_cost_cut, allow_new_income, allow_indexation_change, allow_assumption_change; "
           "[follow-up] max_realisation_shortfall, max_gap")
SERIES = ("projected", "budget", "forecast")
_SEVERITIES = {"error": Severity.ERROR, "warning": Severity.WARNING, "off": None}
_CODE = re.compile(r"K[0-9]{3}\Z")
# Each rule's own severity, for taking the stricter of two policies' overrides.
CODE_DEFAULT = {code: Severity.WARNING if code in WARNINGS else Severity.ERROR
                for code in CODES}
# No municipal threshold needs more: 12 digits as in a strategy file.
_LARGEST = Decimal("1e12")
_LARGEST_FILE = 100_000  # characters: no policy needs more, and tomllib reads it all


class PolicyError(Exception):
    """The policy file cannot be used; a usage problem (exit 2)."""


#: How outputs name the built-in policy (an identifier in JSON; text words it by language)
DEFAULTS = "defaults (no kikcalc.toml)"


class Policy(Record):
    series: str = "projected"
    max_payback_years: int | None = None
    min_cumulative: Decimal | None = None
    budget_tolerance: Decimal | None = None
    require_sources: bool = True
    deadweight_from_data: bool = False  # K210: assumed deadweight at least the data's
    severity: dict[str, Severity | None] = field(default_factory=dict)
    # K224: indexation, percent a year; the satsreguleringsprocent and the municipal wage
    # and PL indices have been a few percent a year (docs/ci.md cites them)
    min_indexation: Decimal | None = Decimal(0)
    max_indexation: Decimal | None = Decimal(5)
    max_payback_slip: int | None = None
    max_cumulative_drop: Decimal | None = None
    allow_removal: bool = False  # K223: removing recorded figures or blocks is allowed
    max_cost_cut: Decimal | None = Decimal(0)  # K225: mio. kr. of cost cut the savings keep
    allow_new_income: bool = False  # K226: a new or raised grant per person is allowed
    allow_indexation_change: bool = False  # K227: changing the base's indexation is allowed
    allow_assumption_change: bool = False  # K228: savings assumptions raised are allowed
    max_realisation_shortfall: Decimal | None = None  # follow-up: percentage points
    max_gap: Decimal | None = None  # follow-up: mio. kr. behind plan to date
    file: str | None = None  # where it was read; None: the defaults

    @property
    def name(self) -> str:
        """How outputs name the policy that judged a file."""
        return self.file or DEFAULTS

    def settings(self) -> dict[str, object]:
        """Every setting but the file name, for saying what changed between two policies."""
        return {name: getattr(self, name) for name in self._fields if name != "file"}


def changes(base: Policy, current: Policy) -> list[str]:
    """What `current` sets differently from `base`, one phrase per setting.

    >>> changes(Policy(max_payback_years=4), Policy(max_payback_years=9))
    ['max_payback_years 4 -> 9']
    """
    old, new = base.settings(), current.settings()
    return [f"{key} {_show(old[key])} -> {_show(new[key])}" for key in old
            if old[key] != new[key]]


def _show(value: object) -> str:
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}={v.value if v else 'off'}" for k, v in value.items()) + "}"
    return "unset" if value is None else str(value)


def _take(table: dict[str, Any], key: str, kinds: tuple[type, ...], where: str) -> Any:
    value = table.pop(key, None)
    # bool is an int in Python; `max_payback_years = true` must still be refused
    if value is not None and (isinstance(value, bool) != (bool in kinds)
                              or not isinstance(value, kinds)):
        wanted = "true or false" if bool in kinds else "a whole number" if kinds == (int,) \
            else "a number" if int in kinds else "text"
        raise PolicyError(f"{where}: '{key}' must be {wanted}, not {_toml_kind(value)}")
    return value


def _toml_kind(value: object) -> str:
    """What the policy file wrote, in TOML's words rather than Python's."""
    for kind, word in ((bool, "true/false"), (int, "a whole number"),
                       (Decimal, "a decimal number"), (str, "text"), (list, "a list"),
                       (dict, "a table")):
        if isinstance(value, kind):
            return f"{word} ({value})" if kind in (int, Decimal) else word
    return "a date or time"


def _amount(table: dict[str, Any], key: str, where: str, *, signed: bool = False
            ) -> Decimal | None:
    """A threshold in mio. kr.: finite and not absurdly large; not negative unless `signed`
    (`min_cumulative` may be a deficit the council accepts)."""
    value = _take(table, key, (int, Decimal), where)
    if value is None:
        return None
    amount = Decimal(value)
    if not amount.is_finite() or abs(amount) > _LARGEST or (amount < 0 and not signed):
        allowed = "a finite number of" if signed else "a number from 0 to 10^12"
        raise PolicyError(f"{where}: '{key}' must be {allowed} mio. kr.")
    return amount


def _rate(table: dict[str, Any], key: str, where: str, default: Decimal) -> Decimal:
    """A bound of an indexation rate, in percent a year (as the strategy file writes it)."""
    value = _take(table, key, (int, Decimal), where)
    if value is None:
        return default
    rate = Decimal(value)
    if not rate.is_finite() or not -100 < rate <= 100:
        raise PolicyError(f"{where}: '{key}' must be a percentage above -100 and at most 100")
    return rate


def _years(table: dict[str, Any], key: str, where: str) -> int | None:
    value: int | None = _take(table, key, (int,), where)
    if value is not None and not 0 <= value <= 100:
        raise PolicyError(f"{where}: '{key}' must be a whole number of years from 0 to 100")
    return value


def _severities(table: Any, where: str) -> dict[str, Severity | None]:
    if not isinstance(table, dict):
        raise PolicyError(f"{where}: [check.severity] must be a table of CODE = \"level\"")
    out = {}
    for code, word in table.items():
        if not _CODE.match(code) or code not in CODES:
            raise PolicyError(f"{where}: [check.severity] {code!r} is not a kikcalc code "
                              "(the rules K201-K228; see docs/codes.md)")
        if not code.startswith("K2"):
            raise PolicyError(f"{where}: [check.severity] {code} is a loading problem and "
                              "cannot be changed; only the rules K201-K228 can")
        if not isinstance(word, str) or word not in _SEVERITIES:
            raise PolicyError(f"{where}: [check.severity] {code}: severity must be error, "
                              "warning or off")
        out[code] = _SEVERITIES[word]
    return out


def _table(data: dict[str, Any], key: str, where: str) -> dict[str, Any]:
    value = data.pop(key, {})
    if not isinstance(value, dict):
        raise PolicyError(f"{where}: [{key}] must be a table")
    return dict(value)


def parse_policy(text: str, where: str) -> Policy:
    if len(text) > _LARGEST_FILE:  # a policy is a few lines
        raise PolicyError(f"{where}: larger than {_LARGEST_FILE:,} characters")
    try:
        data = tomllib.loads(text, parse_float=Decimal)
    except RecursionError:  # tomllib recurses into nested arrays and inline tables
        raise PolicyError(f"{where}: nested too deeply") from None
    except tomllib.TOMLDecodeError as error:
        found = re.search(r"^(.*) \(at line (\d+), column (\d+)\)$", str(error))
        place = f"{where}:{found[2]}:{found[3]}: {found[1]}" if found else f"{where}: {error}"
        raise PolicyError(place) from None
    check, diff = _table(data, "check", where), _table(data, "diff", where)
    follow = _table(data, "follow-up", where)
    policy = Policy(
        series=_take(check, "series", (str,), where) or "projected",
        max_payback_years=_years(check, "max_payback_years", where),
        min_cumulative=_amount(check, "min_cumulative", where, signed=True),
        budget_tolerance=_amount(check, "budget_tolerance", where),
        require_sources=_take(check, "require_sources", (bool,), where) is not False,
        deadweight_from_data=_take(check, "deadweight_from_data", (bool,), where) is True,
        severity=_severities(check.pop("severity", {}), where),
        min_indexation=_rate(check, "min_indexation", where, Decimal(0)),
        max_indexation=_rate(check, "max_indexation", where, Decimal(5)),
        max_payback_slip=_years(diff, "max_payback_slip", where),
        max_cumulative_drop=_amount(diff, "max_cumulative_drop", where),
        allow_removal=_take(diff, "allow_removal", (bool,), where) is True,
        max_cost_cut=_cost_cut(diff, where),
        allow_new_income=_take(diff, "allow_new_income", (bool,), where) is True,
        allow_indexation_change=_take(diff, "allow_indexation_change", (bool,),
                                      where) is True,
        allow_assumption_change=_take(diff, "allow_assumption_change", (bool,), where) is True,
        max_realisation_shortfall=_amount(follow, "max_realisation_shortfall", where),
        max_gap=_amount(follow, "max_gap", where),
        file=where,
    )
    unknown = [f"[{name}] {key}" for name, table in (("check", check), ("diff", diff),
                                                     ("follow-up", follow))
               for key in table] + [f"[{key}]" for key in data]
    if unknown:
        first = unknown[0].split()[-1].strip("[]")
        line = next((n for n, text_line in enumerate(text.splitlines(), start=1)
                     if re.match(rf"\s*\[?{re.escape(first)}\b", text_line)), 1)
        raise PolicyError(f"{where}:{line}:1: unknown setting {', '.join(unknown)}; "
                          f"allowed: {ALLOWED}")
    if policy.min_indexation is not None and policy.max_indexation is not None \
            and policy.min_indexation > policy.max_indexation:
        raise PolicyError(f"{where}: min_indexation is above max_indexation")
    if policy.series not in SERIES:
        raise PolicyError(f"{where}: series must be one of {', '.join(SERIES)}")
    return policy


def _cost_cut(table: dict[str, Any], where: str) -> Decimal:
    found = _amount(table, "max_cost_cut", where)
    return Decimal(0) if found is None else found


def checked_drop(text: str) -> Decimal:
    """`--max-cumulative-drop` from the command line, by the policy file's rule."""
    try:
        return _amount({"max_cumulative_drop": Decimal(text)}, "max_cumulative_drop",
                       "--max-cumulative-drop") or Decimal(0)
    except ArithmeticError:
        raise PolicyError(f"--max-cumulative-drop: not a number: {text}") from None


def find_policy(start: Path) -> Path | None:
    """The nearest `kikcalc.toml` in `start` or a folder above it."""
    for folder in (start, *start.parents):
        candidate = folder / POLICY_FILE
        if candidate.is_file():
            return candidate
    return None


def read_policy(path: Path) -> Policy:

    FILES_READ.append(str(path))  # so that --output never overwrites the policy
    try:
        not_led_out(path)  # a pull request's kikcalc.toml may link to any file on a runner
        raw = read_regular(path)
        text = raw.decode("utf-8")
    except (OSError, UnicodeDecodeError) as error:
        reason = error.strerror if isinstance(error, OSError) else "not UTF-8"
        raise PolicyError(f"cannot read policy {path}: {reason}") from None
    return parse_policy(text, shown_path(path))


def shown_path(path: Path) -> str:
    """A path as messages show it: relative to the current folder when it lies below it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def load_policy(path: Path | None, search_from: Path) -> Policy:
    """The policy at `path`, else the nearest kikcalc.toml, else the defaults."""
    found = path or find_policy(search_from)
    return Policy() if found is None else read_policy(found)


def policy_for(file: Path, explicit: Path | None = None) -> Policy:
    """The policy that judges `file`: `explicit`, else the nearest one to the file."""
    return load_policy(explicit, file.resolve().parent)


def policy_at(files: Any, folder: PurePosixPath, explicit: PurePosixPath | None = None
              ) -> Policy:
    """The policy as it was in a git revision (`files` is a `GitFiles`): `explicit`, else
    the nearest kikcalc.toml at or above `folder` there; the defaults if none."""
    candidates = [explicit] if explicit is not None else \
        [parent / POLICY_FILE for parent in (folder, *folder.parents)]
    for candidate in candidates:
        if files.exists(candidate):
            text = files.read(candidate).decode("utf-8", "replace")
            return parse_policy(text, files.label(candidate))
    if explicit is not None:
        raise PolicyError(f"--policy {explicit}: not in {files.label(PurePosixPath())}")
    return Policy()
