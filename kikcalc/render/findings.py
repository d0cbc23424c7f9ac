"""Findings of `kikcalc check` in text, JSON, GitHub annotations, JUnit XML and SARIF.

Each renderer takes the checked files and their issues and returns text; none prints.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from xml.etree import ElementTree

from kikcalc import __version__
from kikcalc.codes import CODES
from kikcalc.issues import Issue, Severity


@dataclass(frozen=True)
class Checked:
    file: str
    issues: tuple[Issue, ...]
    strict: bool = False  # warnings fail too

    def failed(self) -> bool:
        return any(i.severity is Severity.ERROR or self.strict for i in self.issues)

    def count(self, severity: Severity) -> int:
        return sum(1 for i in self.issues if i.severity is severity)


def summary_line(checked: Sequence[Checked]) -> str:
    errors = sum(c.count(Severity.ERROR) for c in checked)
    warnings = sum(c.count(Severity.WARNING) for c in checked)
    failed = sum(c.failed() for c in checked)
    files = "file" if len(checked) == 1 else "files"
    return (f"{len(checked)} {files} checked, {failed} failed: "
            f"{errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)}")


def render_text(checked: Sequence[Checked]) -> str:
    lines = [str(issue) for c in checked for issue in c.issues]
    return "\n".join([*lines, summary_line(checked)]) + "\n"


def _finding(issue: Issue) -> dict[str, object]:
    return {"file": issue.source.file, "line": issue.source.line, "column": issue.source.column,
            "code": issue.code, "severity": issue.severity.value, "message": issue.message}


def render_json(checked: Sequence[Checked]) -> str:
    doc = {
        "kikcalc": __version__, "format_version": 1,
        "files": [{"file": c.file, "failed": c.failed(), "errors": c.count(Severity.ERROR),
                   "warnings": c.count(Severity.WARNING)} for c in checked],
        "findings": [_finding(i) for c in checked for i in c.issues],
        "summary": summary_line(checked),
    }
    return json.dumps(doc, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def render_github(checked: Sequence[Checked]) -> str:
    """Workflow commands: one annotation per finding, shown on the pull request's diff."""
    lines = []
    for issue in (i for c in checked for i in c.issues):
        kind = "error" if issue.severity is Severity.ERROR else "warning"
        where = (f"file={_escape_property(issue.source.file)},line={issue.source.line},"
                 f"col={issue.source.column},title={_escape_property('kikcalc ' + issue.code)}")
        lines.append(f"::{kind} {where}::{_escape_data(issue.message)}")
    lines.append(summary_line(checked))
    return "\n".join(lines) + "\n"


def _md(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def github_summary(checked: Sequence[Checked]) -> str:
    """Markdown for the job summary ($GITHUB_STEP_SUMMARY)."""
    verdict = "❌" if any(c.failed() for c in checked) else "✅"
    out = [f"### {verdict} kikcalc check: {summary_line(checked)}", ""]
    findings = [i for c in checked for i in c.issues]
    if findings:
        out += ["| file | line | code | severity | message |", "|:---|---:|:---|:---|:---|"]
        out += [f"| {_md(i.source.file)} | {i.source.line} | {i.code} | {i.severity.value} | "
                f"{_md(i.message)} |" for i in findings]
    return "\n".join(out) + "\n"


def render_junit(checked: Sequence[Checked]) -> str:
    """JUnit XML, one test case per file, for GitLab, Azure Pipelines and Jenkins."""
    failures = sum(c.failed() for c in checked)
    suites = ElementTree.Element("testsuites", name="kikcalc check", tests=str(len(checked)),
                                 failures=str(failures))
    suite = ElementTree.SubElement(suites, "testsuite", name="kikcalc check",
                                   tests=str(len(checked)), failures=str(failures))
    for c in checked:
        case = ElementTree.SubElement(suite, "testcase", classname="kikcalc.check", name=c.file)
        text = "\n".join(str(i) for i in c.issues)
        if c.failed():
            first = c.issues[0]
            failure = ElementTree.SubElement(case, "failure", type=first.code,
                                             message=f"{first.code} {first.message}")
            failure.text = text
        elif text:
            ElementTree.SubElement(case, "system-out").text = text
    ElementTree.indent(suites)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + \
        ElementTree.tostring(suites, encoding="unicode") + "\n"


def render_sarif(checked: Sequence[Checked]) -> str:
    """SARIF 2.1.0, for code-scanning dashboards."""
    results = [{
        "ruleId": i.code,
        "level": "error" if i.severity is Severity.ERROR else "warning",
        "message": {"text": i.message},
        "locations": [{"physicalLocation": {
            "artifactLocation": {"uri": i.source.file},
            "region": {"startLine": i.source.line, "startColumn": i.source.column}}}],
    } for c in checked for i in c.issues]
    rules = [{"id": code, "shortDescription": {"text": title}} for code, title in CODES.items()]
    doc = {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{"tool": {"driver": {"name": "kikcalc", "version": __version__,
                                      "rules": rules}},
                  "results": results}],
    }
    return json.dumps(doc, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


FINDINGS_RENDERERS: dict[str, Callable[[Sequence[Checked]], str]] = {
    "text": render_text,
    "json": render_json,
    "github": render_github,
    "junit": render_junit,
    "sarif": render_sarif,
}
