"""SARIF 2.1.0 for GitHub code scanning and other dashboards.

What code scanning needs beyond the schema: every rule with its descriptions and help,
the tool's `informationUri`, file locations relative to `%SRCROOT%` (the repository root)
and percent-encoded, and `partialFingerprints` that stay the same from run to run so an
alert is tracked, not opened anew, when lines above it move.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from kikcalc import __version__
from kikcalc.model.findings import CODES, FIXES, WARNINGS, Issue, Severity
from kikcalc.present.messages import message_text, said
from kikcalc.text.safe import json_visible, printable

if TYPE_CHECKING:
    from kikcalc.present.render.findings import Checked

HOME = "https://github.com/kikcalc/kikcalc"
CODES_HELP = f"{HOME}#problems-and-their-codes"
FINGERPRINT = "kikcalcFindingHash/v1"
_LINE_NUMBERS = re.compile(r"\b(line|lines) [0-9][0-9, ]*")


def _sentence(text: str) -> str:
    text = text[0].upper() + text[1:]
    return text if text.endswith(".") else text + "."


def _rule(code: str, title: str) -> dict[str, Any]:
    fix = FIXES.get(code, "See the table of problems and their codes.")
    return {
        "id": code,
        "name": f"Kikcalc{code}",
        "shortDescription": {"text": _sentence(title)},
        "fullDescription": {"text": f"{_sentence(title)} {fix}"},
        "help": {"text": f"{code}: {_sentence(title)}\n\n{fix}",
                 "markdown": f"**{code}**: {_sentence(title)}\n\n{fix}\n\n"
                             f"[Problems and their codes]({CODES_HELP})"},
        "helpUri": CODES_HELP,
        "defaultConfiguration": {"level": "warning" if code in WARNINGS else "error"},
    }


def source_root(start: Path | None = None) -> Path:
    """The repository holding the working directory (its `.git`), else the directory."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / ".git").exists():
            return folder
    return here


def artifact_location(file: str, root: Path) -> dict[str, str]:
    """A file as a percent-encoded URI relative to `%SRCROOT%`, when it lies inside.

    >>> artifact_location("strategies/kik 1 ø.yaml", Path.cwd())
    {'uri': 'strategies/kik%201%20%C3%B8.yaml', 'uriBaseId': '%SRCROOT%'}
    """
    absolute = Path(os.path.abspath(file))  # a symlink's own place, not its target's
    try:
        relative = absolute.relative_to(root.resolve())
    except ValueError:
        return {"uri": absolute.as_uri()}
    return {"uri": quote(relative.as_posix(), safe="/", errors="surrogateescape"),
            "uriBaseId": "%SRCROOT%"}


def _fingerprint(issue: Issue, uri: str, seen: Counter[str]) -> str:
    """Code, file and message without line numbers, with the occurrence of the same; the
    message in English whatever the reader's language, so that switching `--lang` does
    not close an alert and open it anew."""
    message = _LINE_NUMBERS.sub(r"\1", message_text(issue.message, "en"))
    digest = hashlib.sha256("\0".join((issue.code, uri, message)).encode(
        "utf-8", "surrogatepass")).hexdigest()[:32]
    seen[digest] += 1
    return f"{digest}:{seen[digest]}"


def _result(issue: Issue, location: dict[str, str], rule_index: int,
            seen: Counter[str], lang: str) -> dict[str, Any]:
    return {
        "ruleId": issue.code,
        "ruleIndex": rule_index,
        "level": "error" if issue.severity is Severity.ERROR else "warning",
        "message": {"text": printable(said(issue, lang))},
        "locations": [{"physicalLocation": {
            "artifactLocation": location,
            "region": {"startLine": issue.source.line, "startColumn": issue.source.column}}}],
        "partialFingerprints": {FINGERPRINT: _fingerprint(issue, location["uri"], seen)},
    }


def _notifications(checked: Sequence[Checked], lang: str) -> list[dict[str, Any]]:
    """Findings left out by the cap, said once per rule and file."""
    return [{"level": "note", "message": {"text": printable(f"{c.file}: {o.text(lang)}")},
             "descriptor": {"id": o.code}} for c in checked for o in c.omitted]


def render(checked: Sequence[Checked], lang: str = "da", root: Path | None = None) -> str:
    """The findings as one SARIF run; messages in `lang`, the rules' descriptions (from
    the code table) in English, as README's table of codes."""
    root = root or source_root()
    codes = {**CODES, **{i.code: i.code for c in checked for i in c.issues
                         if i.code not in CODES}}
    index = {code: n for n, code in enumerate(codes)}
    seen: Counter[str] = Counter()
    results = []
    for c in checked:
        location = artifact_location(c.file, root)
        results += [_result(i, artifact_location(i.source.file, root)
                            if i.source.file != c.file else location, index[i.code], seen,
                            lang)
                    | {"properties": {"policy": printable(c.policy)}}
                    for i in c.issues]
    run: dict[str, Any] = {
        "tool": {"driver": {
            "name": "kikcalc", "version": __version__, "semanticVersion": __version__,
            "informationUri": HOME,
            "rules": [_rule(code, title) for code, title in codes.items()]}},
        "originalUriBaseIds": {"%SRCROOT%": {"uri": root.as_uri().rstrip("/") + "/"}},
        "columnKind": "unicodeCodePoints",
        "results": results,
    }
    notes = _notifications(checked, lang)
    if notes:
        run["invocations"] = [{"executionSuccessful": True,
                               "toolExecutionNotifications": notes}]
    doc = {"$schema": "https://json.schemastore.org/sarif-2.1.0.json", "version": "2.1.0",
           "runs": [run]}
    return json_visible(json.dumps(doc, indent=2, sort_keys=True, ensure_ascii=False)) + "\n"
