"""Problems as data, one idea in one place: the code registry, and a finding with its place.

- `CODES` (with `FIXES`) lists every problem code kikcalc reports; the docs' codes page is
  generated from it (docs/hooks.py).
- A rule's `Finding` points at a path into the strategy file (`("budget", 2018)`); loading
  turns it into an `Issue` at `file:line:column`, the form editors and CI annotations jump
  to. Loading and checking return lists of `Issue`; only the CLI prints them, and the printed
  form carries no raw control character (ESC prints as `\\x1b`).
- What an issue says is a `Message` (a catalogue key and raw values, `kikcalc.model.message`)
  that the presentation stage words in the reader's language (`present.messages.issue_line`);
  a parser's own words stay English text.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum

from kikcalc.model.message import Names, Text, Value, message, order_key
from kikcalc.record import Record
from kikcalc.text.safe import printable

Path = tuple[str | int, ...]  # a path into a YAML document, as `strict_yaml` records it

CODES: dict[str, str] = {
    "K100": "a file that cannot be read: missing, no permission, or not a regular file",
    "K101": "not readable: YAML syntax, not UTF-8, several documents, a key that is not a word",
    "K102": "duplicate key",
    "K103": "anchor or alias",
    "K104": "tag",
    "K105": "file too large or nested too deeply",
    "K110": "schema: unknown or missing key, wrong type, value out of range, unknown version",
    "K121": "outcome split not 100, or a period that runs backwards or is too long",
    "K122": "a year outside the period",
    "K123": "an investment line without by_year or fte with cost_per_fte, or with both",
    "K124": "total does not equal the sum of its years",
    "K125": "unknown benefit, or an outcome other than self-sufficiency without a benefit",
    "K126": "a by-year cost with no value for a year that needs one",
    "K127": "a reduction larger than the group's baseline",
    "K128": "a cited source that does not exist, or a source id given twice",
    "K129": "an actual dated before its year began",
    "K130": "two target groups with the same name",
    "K131": "a group with both or neither of reduction and phase_in, or a phase-in backwards",
    "K132": "outcomes that mix shares and counts, or counts adding up to 0",
    "K133": "indexation without price_year, with both or neither of rate and index, or gaps",
    "K134": "a gross unit cost whose duration_mix does not sum to 100",
    "K135": "an uncertainty with no or two distributions, wrong points, or an unknown driver",
    "K136": "a scenario or --set value whose path is not in the file, or an unknown scenario",
    "K137": "a flow whose period runs backwards, or that counts nothing",
    "K138": "a caseload target with none or two limits, neither or both of by and year, or "
            "a share with nothing to take it of",
    "K139": "a grant per person whose outcome the group does not have",
    "K140": "a budget table that cannot be read or is not valid",
    "K141": "a budget table whose total does not match its rows, or a row with no persons",
    "K142": "a statistics file of the comparison that cannot be read or is not valid",
    "K150": "a refusion ladder that is unknown, starts after week 1 or repeats a week, or "
            "weeks that run backwards",
    "K151": "a retention part without its amount or percent, with a benefit or investment "
            "line that does not exist, lines or a ceiling on a part that is not the budget "
            "guarantee, or a part named twice",
    "K152": "perspectives naming a benefit that is not priced, or measures from_table "
            "without a budget table",
    "K201": "payback not within the period, or later than the policy allows",
    "K202": "cumulative net at the horizon below the policy's minimum",
    "K203": "budget departs from the projection by more than the policy's tolerance",
    "K204": "funding does not cover the investment",
    "K205": "a part-year actual compared with a full-year budget",
    "K206": "a figure with no source",
    "K207": "a caseload target missed",
    "K208": "retention left at the default of 100 %",
    "K209": "the change edits the policy; the gate judges by the base revision's policy",
    "K210": "an assumed deadweight below what the comparison with cluster or country implies",
    "K211": "the policy judges a series (budget, projected) that the file does not have",
    "K212": "counts and a flow that do not add up: the count at the flow's start plus "
            "entrants minus leavers is not the count at its end",
    "K213": "an outcome into ressourceforløb or revalidering from 2026, abolished for new "
            "citizens from 1 February 2026",
    "K214": "a caseload target, a count series or a comparison by visitation category "
            "(jobparat, aktivitetsparat, uddannelsesparat) across 1 January 2027, when every "
            "kontanthjælp recipient starts as jobparat and 13 target groups become 5",
    "K220": "payback later than the base's by more than the policy's max_payback_slip",
    "K221": "cumulative net falls from the base's by more than the policy's max_cumulative_drop",
    "K222": "recorded actuals below the base's figures and budget by more than the limit",
    "K223": "a recorded actual, a block (budget, funding, comparison, harvested, caseload "
            "targets or counts) or a whole strategy removed, or a caseload target raised "
            "(an at_least target lowered), or a cost lowered in a year the base records as "
            "spent",
    "K224": "an indexation rate (or an index's yearly change) outside the policy's "
            "min_indexation to max_indexation",
    "K225": "cost lowered in the years ahead while the savings it bought stay, by more than "
            "the policy's max_cost_cut",
    "K226": "a grant per person (income) new or raised, unless the policy sets "
            "allow_new_income",
    "K227": "the indexation changed from the base's, unless the policy sets "
            "allow_indexation_change",
    "K228": "an assumption of the savings (retention, deadweight, outcomes, a unit cost, a "
            "savings or other_effects line) changed from the base's so that the net is "
            "better, unless the policy sets allow_assumption_change",
}

#: Codes that are warnings unless the policy says otherwise; all others are errors.
WARNINGS = frozenset({"K203", "K205", "K206", "K208", "K212", "K213", "K214"})

#: What to do about each problem, for SARIF's rule help (code scanning shows it beside
#: the finding). A code without an entry is explained by its title alone.
FIXES: dict[str, str] = {
    "K100": "Name a regular file inside the repository that exists and can be read.",
    "K101": "Fix the YAML at the position given: save the file as UTF-8, keep one document, "
            "write keys as plain words or years, and remove control characters (ESC, "
            "carriage returns, bidi overrides) from names and text.",
    "K102": "Give each key once in its mapping; the message says where it first appears.",
    "K103": "Write the value out in full: anchors (&a) and aliases (*a) are not accepted.",
    "K104": "Remove the tag (!!python/..., !secret): values are plain YAML only.",
    "K105": "Split the file or flatten its nesting: at most 1,000,000 bytes and 24 levels.",
    "K110": "Use the keys and types of the strategy schema (`kikcalc schema`); the message "
            "lists the keys allowed at that place.",
    "K121": "Make the outcome shares of each group add up to 100, and the period run "
            "forwards and last at most 60 years.",
    "K122": "Move the year inside the strategy's period, or widen the period.",
    "K123": "Give each investment line either by_year, or fte together with cost_per_fte.",
    "K124": "Correct `total` or the yearly amounts so that the total is their sum.",
    "K125": "Name a benefit that unit_costs prices, or add it to unit_costs; only "
            "selvforsorgelse may go without a benefit.",
    "K126": "Give the by-year cost a value for every year the message lists.",
    "K127": "Lower the reduction or raise the baseline: no group shrinks below zero.",
    "K128": "Cite a source id listed under `sources`, and give each id once.",
    "K129": "Date the actual (as_of) within or after its year.",
    "K130": "Give each target group its own name: savings are reported by name.",
    "K131": "Give each group either reduction (by year) or phase_in, with the phase-in "
            "full after it starts.",
    "K132": "Give every outcome of a group a share, or every outcome a count, not a mix.",
    "K133": "Give price_year and exactly one of rate and index, with an index value for "
            "every year of the period.",
    "K134": "Make duration_mix add up to 100.",
    "K135": "Give each uncertainty one distribution with the right number of points, for a "
            "driver the file names.",
    "K136": "Use a path that exists in the file (as the message shows) or a scenario the "
            "file defines.",
    "K137": "Give the flow a start on or before its end, and at least one of entrants, "
            "leavers and passed_through.",
    "K138": "Give each caseload target one limit (persons, at_most, below, at_least or "
            "share with of or the group's baseline) and one of by and year.",
    "K139": "Name an outcome of the group in the grant's `outcome` (selvforsorgelse unless "
            "given).",
    "K140": "Point unit_costs.from_table at a valid budget table inside the repository "
            "(`kikcalc unitcosts FILE` checks one).",
    "K141": "Make the table's total equal the sum of its rows, and give every row persons.",
    "K150": "Name a ladder of kikcalc/model/refusion.py or give its steps from week 1, each "
            "week once, and write the weeks as [first, last] with first <= last.",
    "K151": "Give tax and udligning `per_person`, the budget guarantee and the "
            "beskæftigelsestilskud `share` and `benefits` of unit_costs (the budget "
            "guarantee may give `lines` of investments instead, and a `ceiling`); name each "
            "part once.",
    "K152": "Name benefits of unit_costs in perspectives; read measures from_table only "
            "with unit_costs.from_table.",
    "K201": "Revise the plan so the judged series pays back in time, or change the policy's "
            "max_payback_years in the base branch.",
    "K202": "Revise the plan so the cumulative net at the horizon reaches min_cumulative.",
    "K203": "Bring the budget line within budget_tolerance of the projection, or explain "
            "the difference.",
    "K204": "Add funding that covers the whole investment, or reduce the investment.",
    "K205": "Read the part-year actual as part of a year, or give the year's full actual.",
    "K206": "Add `source:` with an id from `sources` to the figure.",
    "K207": "The caseload did not reach its target by the date: revise the target or plan.",
    "K208": "Write `retention:` (percent of the saving the municipality keeps) explicitly.",
    "K209": "Change the policy in its own pull request; until merged, the base policy rules.",
    "K210": "Raise the group's `deadweight` to at least the implied one (`kikcalc benchmark`), "
            "or say in a note why the comparison does not fit this group.",
    "K211": "Give the file the series the policy judges (e.g. `budget:`), or change the "
            "policy in its own pull request.",
    "K212": "Check the counts and the flow: the count at the start plus entrants minus "
            "leavers should be the count at the end, or say in a note why they differ.",
    "K213": "Send the outcome's people to a benefit new cases can have from 2026, or say in "
            "its note that it means citizens in a course already begun (docs/reforms.md).",
    "K214": "Restate the target, counts or statistics on all kontanthjælp recipients "
            "(jobparat, aktivitetsparat and uddannelsesparat together), or end the series at "
            "2026 and set a new baseline counted from 2027 (docs/reforms.md).",
    "K220": "Keep payback within max_payback_slip years of the adopted strategy, or have "
            "the change approved outside the gate.",
    "K221": "Keep the cumulative net within max_cumulative_drop of the adopted strategy.",
    "K222": "Record the actuals as the accounts show them; a correction below the adopted "
            "figures needs approval outside the gate.",
    "K223": "Keep recorded figures and blocks: correct a figure instead of deleting it, or "
            "set `allow_removal = true` in the base's policy ([diff]). A cost already "
            "spent stays in the plan.",
    "K224": "Use a rate of the published index (satsreguleringsprocent, wage or PL index), "
            "or widen min_indexation/max_indexation in the base branch's policy.",
    "K225": "Lower the reductions and savings the cost bought with it, or have the cut "
            "approved: raise max_cost_cut in the base branch's policy.",
    "K226": "Take the grant out of this change and have it approved on its own (a source "
            "for its rate), or set allow_new_income in the base branch's policy.",
    "K227": "Change the indexation in its own pull request, or set "
            "allow_indexation_change in the base branch's policy.",
    "K228": "Keep the base's assumption in this change and have the new one approved on "
            "its own (with its source), or set allow_assumption_change in the base "
            "branch's policy.",
}


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


class Source(Record, order=True):
    """A place in a file; line and column count from 1, as editors do."""

    file: str
    line: int = 1
    column: int = 1

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}"


class Issue(Record):
    code: str
    message: Text
    source: Source
    severity: Severity = Severity.ERROR

    def __str__(self) -> str:
        """For a developer: the message's key and values. Readers get `issue_line`."""
        kind = "warning: " if self.severity is Severity.WARNING else ""
        return printable(f"{self.source}: {self.code} {kind}{self.message}")


def sort_issues(issues: list[Issue]) -> list[Issue]:
    """Issues in file order, so the first line printed is the first place to fix."""
    return sorted(issues, key=lambda issue: (issue.source, issue.code,
                                             order_key(issue.message)))


class Finding(Record):
    path: Path
    code: str
    message: Text
    at_key: bool = False  # point at the key (e.g. the year) rather than its value


#: How many names a message lists before it says "and N more".
LISTED_NAMES = 10


def name_list(names: Iterable[str], empty: Value | None = None,
              limit: int = LISTED_NAMES) -> Names:
    """Names for a message, shortened: a file with 800 benefits and 10,000 bad references
    must not print 800 names 10,000 times (the reader's language says "and N more").

    >>> name_list(["a", "b" * 70]).names[1]
    'bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb…'
    """
    listed = tuple(name if len(name) <= 60 else name[:59] + "…" for name in names)
    return Names(listed, message("none") if empty is None else empty, limit)
