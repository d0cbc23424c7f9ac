"""Findings of `kikcalc check` in text, JSON, GitHub annotations, JUnit XML and SARIF.

Each renderer takes the checked files and their issues and the reader's language ("da",
the default, or "en") and returns text; none prints. Every message, count and summary is
worded in that language (`kikcalc.present.messages`); codes, positions and the formats'
own keys are not. Output is bounded and cannot be injected, whatever the files hold: every
renderer first keeps at most `MAX_PER_RULE` findings per rule and file (saying how many it
left out), each message at most `MAX_MESSAGE` characters, user text is escaped for the
place it lands (`kikcalc.text.safe`), and the job summary stays under GitHub's limit of
1 MiB.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Sequence
from decimal import Decimal
from xml.etree import ElementTree

from kikcalc import __version__
from kikcalc.gate.policy import DEFAULTS
from kikcalc.model.findings import Issue, Severity
from kikcalc.model.message import Message, Names, message
from kikcalc.present.messages import issue_line, message_text, said, severity_word
from kikcalc.record import Record, replace
from kikcalc.text.safe import json_visible, markdown_text, printable

#: Findings shown per rule and file; the rest are counted in one line.
MAX_PER_RULE = 50
#: Bytes of the job summary: GitHub refuses more than 1 MiB per step.
SUMMARY_LIMIT = 1_000_000


class Omitted(Record):
    """Findings of one rule in one file that were counted but not shown."""

    code: str
    severity: Severity
    count: int

    def text(self, lang: str) -> str:
        return message_text(message("omitted", code=self.code, n=Decimal(self.count)), lang)


class Checked(Record):
    file: str
    issues: tuple[Issue, ...]
    strict: bool = False  # warnings fail too
    omitted: tuple[Omitted, ...] = ()
    policy: str = "-"  # the policy that judged the file ("-": none applies, e.g. a table)

    def failed(self) -> bool:
        severities = [i.severity for i in self.issues] + [o.severity for o in self.omitted]
        return any(s is Severity.ERROR or self.strict for s in severities)

    def count(self, severity: Severity) -> int:
        return sum(1 for i in self.issues if i.severity is severity) + \
            sum(o.count for o in self.omitted if o.severity is severity)


def cap_findings(checked: Sequence[Checked], per_rule: int = MAX_PER_RULE) -> list[Checked]:
    """At most `per_rule` findings per rule and file; the rest counted in `omitted`.
    Applying it twice changes nothing."""
    capped = []
    for c in checked:
        seen: Counter[str] = Counter()
        kept = []
        dropped: Counter[tuple[str, Severity]] = Counter(
            {(o.code, o.severity): o.count for o in c.omitted})
        for issue in c.issues:
            seen[issue.code] += 1
            if seen[issue.code] > per_rule:
                dropped[issue.code, issue.severity] += 1
            else:
                kept.append(issue)
        omitted = tuple(Omitted(code, sev, n) for (code, sev), n in dropped.items())
        capped.append(replace(c, issues=tuple(kept), omitted=omitted))
    return capped


def line(issue: Issue, lang: str) -> str:
    """`file:line:column: CODE message`, as editors and problem matchers read it."""
    return issue_line(issue, lang, said(issue, lang))


def _count(n: int, key: str) -> Message:
    return message(f"{key}_{'one' if n == 1 else 'many'}", n=Decimal(n))


def summary_line(checked: Sequence[Checked], lang: str = "da") -> str:
    """`3 files checked, 1 failed: 2 errors, 0 warnings`, in the reader's language."""
    errors = sum(c.count(Severity.ERROR) for c in checked)
    warnings = sum(c.count(Severity.WARNING) for c in checked)
    failed = sum(c.failed() for c in checked)
    return message_text(message("summary", files=_count(len(checked), "files"),
                                failed=Decimal(failed), errors=_count(errors, "errors"),
                                warnings=_count(warnings, "warnings")), lang)


def policy_lines(checked: Sequence[Checked], lang: str = "da", shown: int = 3) -> list[str]:
    """Which policy judged which files: one line per policy, naming a few files."""
    by_policy: dict[str, list[str]] = {}
    for c in checked:
        if c.policy != "-":
            by_policy.setdefault(c.policy, []).append(c.file)
    return [printable(message_text(message(
        "policy_files", policy=message("policy_defaults") if policy == DEFAULTS else policy,
        files=Names(tuple(files), "", shown)), lang)) for policy, files in by_policy.items()]


def render_text(checked: Sequence[Checked], lang: str = "da") -> str:
    lines = []
    for c in cap_findings(checked):
        lines += [line(issue, lang) for issue in c.issues]
        lines += [printable(f"{c.file}: {o.text(lang)}") for o in c.omitted]
    return "\n".join([*lines, *policy_lines(checked, lang), summary_line(checked, lang)]) + "\n"


def _finding(issue: Issue, lang: str) -> dict[str, object]:
    return {"file": printable(issue.source.file), "line": issue.source.line,
            "column": issue.source.column, "code": issue.code,
            "severity": issue.severity.value, "message": printable(said(issue, lang))}


def render_json(checked: Sequence[Checked], lang: str = "da") -> str:
    """Codes, severities and keys as they are; the messages and summary in `lang`."""
    capped = cap_findings(checked)
    doc = {
        "kikcalc": __version__, "format_version": 1,
        "files": [{"file": printable(c.file), "failed": c.failed(),
                   "policy": printable(c.policy),
                   "errors": c.count(Severity.ERROR), "warnings": c.count(Severity.WARNING),
                   "omitted": [{"code": o.code, "severity": o.severity.value, "count": o.count}
                               for o in c.omitted]} for c in capped],
        "findings": [_finding(i, lang) for c in capped for i in c.issues],
        "summary": summary_line(checked, lang),
    }
    return json_visible(json.dumps(doc, indent=2, sort_keys=True, ensure_ascii=False)) + "\n"


def _escape_data(text: str) -> str:
    """A workflow command's message: one line (so no line can start a new command), and
    no other control character in the log."""
    escaped = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return printable(escaped)


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def _command(kind: str, file: str, message: str, line: int = 1, column: int = 1,
             title: str = "kikcalc") -> str:
    where = (f"file={_escape_property(file)},line={line},col={column},"
             f"title={_escape_property(title)}")
    return f"::{kind} {where}::{_escape_data(message)}"


def render_github(checked: Sequence[Checked], lang: str = "da") -> str:
    """Workflow commands: one annotation per finding, shown on the pull request's diff.

    Every line starts with `::error`, `::warning`, `::notice` or the summary's digit, so
    no file name or message can begin a line with a command of its own."""
    lines = []
    for c in cap_findings(checked):
        for issue in c.issues:
            kind = "error" if issue.severity is Severity.ERROR else "warning"
            lines.append(_command(kind, issue.source.file, said(issue, lang),
                                  issue.source.line, issue.source.column,
                                  f"kikcalc {issue.code}"))
        lines += [_command("notice", c.file, o.text(lang)) for o in c.omitted]
    lines += [f"::notice title=kikcalc policy::{_escape_data(text)}"
              for text in policy_lines(checked, lang)]
    lines.append(summary_line(checked, lang))
    return "\n".join(lines) + "\n"


def _summary_rows(capped: Sequence[Checked], lang: str) -> list[str]:
    rows = []
    for c in capped:
        rows += [f"| {markdown_text(i.source.file)} | {i.source.line} | {i.code} | "
                 f"{severity_word(i.severity, lang)} | {markdown_text(said(i, lang))} |"
                 for i in c.issues]
        rows += [f"| {markdown_text(c.file)} |  | {o.code} | {severity_word(o.severity, lang)} "
                 f"| {markdown_text(o.text(lang))} |" for o in c.omitted]
    return rows


def github_summary(checked: Sequence[Checked], lang: str = "da",
                   limit: int = SUMMARY_LIMIT) -> str:
    """Markdown for the job summary ($GITHUB_STEP_SUMMARY), under `limit` bytes."""
    verdict = "❌" if any(c.failed() for c in checked) else "✅"
    out = [f"### {verdict} kikcalc check: {summary_line(checked, lang)}", ""]
    out += [f"- {markdown_text(text)}" for text in policy_lines(checked, lang)]
    out += [""] if policy_lines(checked, lang) else []
    rows = _summary_rows(cap_findings(checked), lang)
    if rows:
        out += [message_text(message("summary_head"), lang), "|:---|---:|:---|:---|:---|"]
    size = len("\n".join(out).encode()) + 200  # room for the note below
    for shown, row in enumerate(rows):
        size += len(row.encode()) + 1
        if size > limit:
            out += ["", message_text(message("summary_rows_left",
                                             n=Decimal(len(rows) - shown)), lang)]
            break
        out.append(row)
    return "\n".join(out) + "\n"


def render_junit(checked: Sequence[Checked], lang: str = "da") -> str:
    """JUnit XML, one test case per file, for GitLab, Azure Pipelines and Jenkins.

    Well-formed for any input: `printable` leaves no character XML 1.0 forbids."""
    failures = sum(c.failed() for c in checked)
    suites = ElementTree.Element("testsuites", name="kikcalc check", tests=str(len(checked)),
                                 failures=str(failures))
    suite = ElementTree.SubElement(suites, "testsuite", name="kikcalc check",
                                   tests=str(len(checked)), failures=str(failures))
    for c in cap_findings(checked):
        case = ElementTree.SubElement(suite, "testcase", classname="kikcalc.check",
                                      name=printable(c.file))
        properties = ElementTree.SubElement(case, "properties")
        ElementTree.SubElement(properties, "property", name="policy",
                               value=printable(c.policy))
        text = "\n".join([*(line(i, lang) for i in c.issues),
                          *(printable(o.text(lang)) for o in c.omitted)])
        if c.failed():
            code, first = (c.issues[0].code, said(c.issues[0], lang)) if c.issues \
                else (c.omitted[0].code, c.omitted[0].text(lang))
            failure = ElementTree.SubElement(case, "failure", type=code,
                                             message=printable(f"{code} {first}"))
            failure.text = text
        elif text:
            ElementTree.SubElement(case, "system-out").text = text
    ElementTree.indent(suites)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + \
        ElementTree.tostring(suites, encoding="unicode") + "\n"


def render_sarif(checked: Sequence[Checked], lang: str = "da") -> str:
    """SARIF 2.1.0 for GitHub code scanning (see `kikcalc.present.render.sarif`)."""
    from kikcalc.present.render.sarif import render

    return render(cap_findings(checked), lang)


FINDINGS_RENDERERS: dict[str, Callable[[Sequence[Checked], str], str]] = {
    "text": render_text,
    "json": render_json,
    "github": render_github,
    "junit": render_junit,
    "sarif": render_sarif,
}
