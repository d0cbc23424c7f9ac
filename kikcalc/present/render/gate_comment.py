"""The pull-request comment of `kikcalc gate`: the verdict, then what decided it.

One body, created once and updated on every push (found again by its first line, a
hidden marker). It says the verdict the gate's exit code says, never another: the
findings that fail it, the policies the change edits (judged by the base's), the
strategies removed, the budget tables and statistics files changed, and one section per
strategy compared with its base. Every part is capped so the body stays under GitHub's
limit of 65,536 characters whatever the change holds, and every name is escaped.
"""

from __future__ import annotations

from collections.abc import Sequence

from kikcalc.gate.pull import GateRun, Judged, Section
from kikcalc.model.findings import Severity
from kikcalc.present.labels import label
from kikcalc.present.messages import said
from kikcalc.present.render import diff as diff_render
from kikcalc.text.safe import html_text, markdown_code, markdown_text, printable, truncate

MARKER = "<!-- kikcalc-diff -->"
COMMENT_LIMIT = 65_536  # characters GitHub takes in a comment
RESERVE = 600  # kept free for the closing line
NAMES_LIMIT = 8_000  # characters for each list of names
FINDINGS_SHOWN = 100
POLICY_PART_LIMIT = 16_000

WORDS = {
    "da": {
        "title": "kikcalc: hvad denne pull request ændrer",
        "compared": "Sammenlignet med merge-basen {base}, efter politikken, budgettabellerne "
                    "og statistikken, som de var dér.",
        "no_base": "Ingen base at sammenligne med: hver strategi er bedømt som ny, efter "
                   "politikken i denne commit.",
        "fails": "**Afvist:** {n} fund i {files} filer bryder reglerne eller politikkens "
                 "grænser.",
        "passes": "**Godkendt:** inden for reglerne og politikkens grænser.",
        "findings": "Fund",
        "policy": "**Politikken {name} ændres i denne pull request.** Pull requesten "
                  "bedømmes efter basens politik; ændringen gælder, når den er flettet:",
        "policies_left": "**{n} ændrede politikker mere er udeladt her.**",
        "removed": "er fjernet.",
        "removed_more": "filer mere er fjernet.",
        "input": "er ændret (budgettabel eller statistik); dens virkning på strategierne, "
                 "der bruger den, er bedømt nedenfor.",
        "input_more": "budgettabeller eller statistikfiler mere er ændret.",
        "renamed": " (omdøbt fra {old})",
        "copy": " (en kopi af {old}, som bliver: sammenlignet med den)",
        "inputs": " (uændret fil; en tabel eller statistik, den læser, er ændret)",
        "new": " (ny strategi)",
        "left_out": "{n} sammenlignede filer mere er udeladt her for at holde kommentaren "
                    "under GitHubs grænse; kør `kikcalc gate --base-ref {base}` for at se dem.",
        "findings_left": "og {n} fund mere",
        "nothing": "Ingen strategi er ændret.",
        "attributes": "Denne ændring retter i .gitattributes, så filer mærket -kikcalc "
                      "bedømmes også.",
    },
    "en": {
        "title": "kikcalc: what this pull request changes",
        "compared": "Compared with the merge base {base}, under the policy, budget tables and "
                    "statistics as they were there.",
        "no_base": "No base to compare with: every strategy is judged as new, by this "
                   "commit's policy.",
        "fails": "**Fails:** {n} findings in {files} files break the rules or the policy's "
                 "limits.",
        "passes": "**Passes:** within the rules and the policy's limits.",
        "findings": "Findings",
        "policy": "**The policy {name} changes in this pull request.** This pull request is "
                  "judged by the base's policy; the change applies once it is merged:",
        "policies_left": "**{n} more changed policies are left out here.**",
        "removed": "was removed.",
        "removed_more": "more files were removed.",
        "input": "changed (a budget table or statistics); its effect on the strategies that "
                 "use it is judged below.",
        "input_more": "more budget tables or statistics files changed.",
        "renamed": " (renamed from {old})",
        "copy": " (a copy of {old}, which stays: compared with it)",
        "inputs": " (unchanged file; a table or statistics file it reads changed)",
        "new": " (new strategy)",
        "left_out": "{n} more compared files are left out here to keep this comment under "
                    "GitHub's limit; run `kikcalc gate --base-ref {base}` to see them.",
        "findings_left": "and {n} more findings",
        "nothing": "No strategy changed.",
        "attributes": "This change edits .gitattributes, so files marked -kikcalc are "
                      "judged too.",
    },
}


def _pre(text: str, cap: int) -> str:
    body = html_text(text[:cap], newline=True).replace("@", "&#64;")
    more = f"\n[... {len(text) - cap} more characters]" if len(text) > cap else ""
    return f"<pre>\n{body}{more}\n</pre>\n"


def failing(run: GateRun, strict: bool) -> list[Judged]:
    return [j for j in run.judged if any(
        i.severity is Severity.ERROR or strict for i in j.issues)]


def _findings(run: GateRun, words: dict[str, str], strict: bool, lang: str) -> list[str]:
    rows = [(j, i) for j in failing(run, strict) for i in j.issues
            if i.severity is Severity.ERROR or strict]
    if not rows:
        return []
    lines = [f"\n**{words['findings']}**\n", "| | | |", "|---|---|---|"]
    for _, issue in rows[:FINDINGS_SHOWN]:
        where = f"{issue.source.file}:{issue.source.line}:{issue.source.column}"
        lines.append(f"| {markdown_code(where)} | {issue.code} | "
                     f"{markdown_text(truncate(said(issue, lang), 500))} |")
    if len(rows) > FINDINGS_SHOWN:
        lines.append(f"\n{words['findings_left'].format(n=len(rows) - FINDINGS_SHOWN)}")
    return lines


def _names(names: Sequence[str], after: str, more: str) -> list[str]:
    lines, used = [], 0
    for i, name in enumerate(names):
        line = f"\n{markdown_code(name)} {after}"
        if used + len(line) > NAMES_LIMIT:
            lines.append(f"\n{len(names) - i} {more}")
            break
        lines.append(line)
        used += len(line)
    return lines


def _policies(run: GateRun, words: dict[str, str]) -> list[str]:
    part, left = [], 0
    used = 0
    for path, text in run.changed_policies:
        block = "\n" + words["policy"].format(name=markdown_code(path)) + "\n\n" + _pre(text, 3000)
        if used + len(block) > POLICY_PART_LIMIT:
            left += 1
            continue
        part.append(block)
        used += len(block)
    if left:
        part.append("\n" + words["policies_left"].format(n=left))
    return part


def _quiet(section: Section) -> bool:
    """Nothing material changed, nothing broke, nothing to note."""
    return not (section.comparison.material or section.breaches or section.notes)


def _section(section: Section, words: dict[str, str], lang: str) -> str:
    title = f"\n#### {markdown_code(section.path)}"
    if section.old:
        title += words["copy" if section.why == "copy" else "renamed"].format(
            old=markdown_code(section.old))
    title += {"inputs": words["inputs"], "new": words["new"]}.get(section.why, "")
    if _quiet(section):  # a note or a source reworded: one line, not two tables of zeros
        return f"{title}\n\n{label('no_change', lang)}\n"
    body = diff_render.render_markdown(section.comparison, list(section.breaches), lang,
                                       section.decimals)
    body += diff_render.policy_lines(section.policy, list(section.notes), lang,
                                     markdown=True)
    return f"{title}\n\n{body}"


def render_comment(run: GateRun, lang: str, strict: bool = False) -> str:
    """The whole comment body, under COMMENT_LIMIT characters."""
    words = WORDS[lang]
    base = f"<code>{run.base[:12]}</code>" if run.base else ""
    head = [MARKER, f"### {words['title']}", "",
            words["compared"].format(base=base) if run.base else words["no_base"], ""]
    bad = failing(run, strict)
    count = sum(len(j.issues) for j in bad)
    head.append(words["fails"].format(n=count, files=len(bad)) if bad else words["passes"])
    if run.attributes_changed:
        head.append("\n" + words["attributes"])
    head += _findings(run, words, strict, lang)
    head += _policies(run, words)
    head += _names(run.removed, words["removed"], words["removed_more"])
    head += _names(run.changed_inputs, words["input"], words["input_more"])
    if not run.sections and not run.removed and not bad:
        head.append("\n" + words["nothing"])
    body = "\n".join(head) + "\n"
    ordered = sorted(run.sections, key=lambda s: not s.breaches)
    left = 0
    for section in ordered:
        text = _section(section, words, lang)
        if len(body) + len(text) + RESERVE <= COMMENT_LIMIT:
            body += text
        else:
            left += 1
    if left:
        body += "\n---\n" + words["left_out"].format(n=left, base=(run.base or "REV")[:12])
    return body[:COMMENT_LIMIT]


def render_sections_text(run: GateRun, lang: str) -> str:
    """The comparisons with the base as plain text, for a log (GitLab, a terminal)."""
    words = WORDS[lang]
    out = []
    for section in run.sections:
        title = printable(section.path)
        if section.old:
            title += words["copy" if section.why == "copy" else "renamed"].format(
                old=printable(section.old))
        title += {"inputs": words["inputs"], "new": words["new"]}.get(section.why, "")
        if _quiet(section):
            out.append(f"\n== {title}: {label('no_change', lang)}\n")
            continue
        body = diff_render.render_text(section.comparison, list(section.breaches), lang,
                                       section.decimals)
        body += diff_render.policy_lines(section.policy, list(section.notes), lang,
                                         markdown=False)
        out.append(f"\n== {title}\n\n{body}")
    out += [f"\n{printable(path)} {words['removed']}" for path in run.removed]
    if run.attributes_changed:
        out.insert(0, f"\n{words['attributes']}")
    return "".join(out)
