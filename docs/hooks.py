"""MkDocs hooks: the pages that are generated from the code, so that they cannot drift.

A page asks for a generated part with a marker line of its own:

- `<!-- kikcalc: fields -->` (the strategy file page): the field reference, one table per
  object of the JSON Schema that `kikcalc schema` prints. Types, limits, defaults and
  whether a field is required come from the schema; the meaning of each field from
  `docs/fields.yml`. A field with no meaning there, or a meaning for a field the schema
  does not have, stops the build.
- `<!-- kikcalc: codes -->` (the codes page): every problem code from
  `kikcalc.model.findings` (`CODES`, `FIXES`, `WARNINGS`).
- `<!-- kikcalc: modules -->` (the layout page): the modules of each stage, in the order
  `STAGES` of tests/test_house.py gives them, each with the first sentence of its
  docstring. The page's own stage table must list the stages in that order.

Every page is also checked for problem codes that kikcalc does not have. The functions
take no MkDocs object, so tests call them directly (tests/test_docs.py).
"""

from __future__ import annotations

import ast
import re
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
FIELDS = ROOT / "docs" / "fields.yml"
HOUSE = ROOT / "tests" / "test_house.py"
MARKER = re.compile(r"^<!-- kikcalc: ([a-z]+) -->$", re.MULTILINE)
YEAR = "^[0-9]{4}$"
MONTH = "^[0-9]{4}-(0[1-9]|1[0-2])$"


class DocsError(Exception):
    """A generated page cannot be made true: the build stops."""


# --- the strategy file: the field reference from the JSON Schema ---------------------------

def _number(value: Any) -> str:
    text = str(value)
    return f"{int(text):,}" if text.lstrip("-").isdigit() and abs(int(text)) >= 1000 else text


def _limits(schema: dict[str, Any]) -> str:
    low, high = schema.get("minimum"), schema.get("maximum")
    parts = []
    if low is not None and high is not None:
        parts.append(f"{_number(low)}–{_number(high)}")
    elif low is not None:
        parts.append(f"≥ {_number(low)}")
    elif high is not None:
        parts.append(f"≤ {_number(high)}")
    if "gt" in schema:
        parts.append(f"> {_number(schema['gt'])}")
    if "le" in schema:
        parts.append(f"≤ {_number(schema['le'])}")
    return f" {', '.join(parts)}" if parts else ""


def _key(schema: dict[str, Any]) -> str:
    """The placeholder for the keys of a mapping."""
    if schema.get("propertyNames", {}).get("pattern") == YEAR:
        return "YEAR"
    if list(schema.get("patternProperties", {})) == [MONTH]:
        return "YYYY-MM"
    return "NAME"


def type_text(schema: dict[str, Any]) -> str:
    """A JSON Schema type as a reader of the strategy file writes it."""
    if "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1]
        return f"[{name}](#{name.lower()})"
    if "const" in schema:
        return f"`{schema['const']}`"
    if "enum" in schema:
        return " or ".join(f"`{value}`" for value in schema["enum"])
    if "anyOf" in schema or "oneOf" in schema:
        return _either(schema)
    kind = schema.get("type")
    if kind in SIMPLE:
        return SIMPLE[kind](schema)
    if "additionalProperties" in schema or "patternProperties" in schema:
        return _mapping(schema)
    raise DocsError(f"the field reference cannot show this schema: {schema}")


def _either(schema: dict[str, Any]) -> str:
    options = [o for o in schema.get("anyOf", schema.get("oneOf", []))
               if o.get("type") != "null"]
    if sorted(o.get("type", "") for o in options) == ["number", "string"] \
            and all(len(o) == 1 for o in options):
        return "number" + _limits(schema)  # a Decimal: a number, or its text
    return " or ".join(dict.fromkeys(type_text(o) for o in options))


def _integer(schema: dict[str, Any]) -> str:
    if schema.get("minimum") == 1900 and schema.get("maximum") == 2200:
        return "year"
    return "whole number" + _limits(schema)


def _array(schema: dict[str, Any]) -> str:
    items = type_text(schema["items"])
    low, high = schema.get("minItems"), schema.get("maxItems")
    if low is not None and low == high:
        return f"list of {low}: {items}"
    if low is not None and high is not None:
        return f"list of {low}–{high}: {items}"
    if high is not None:
        return f"list of at most {high}: {items}"
    return f"list of {items}"


def _mapping(schema: dict[str, Any]) -> str:
    values = schema.get("additionalProperties")
    if not isinstance(values, dict):
        values = next(iter(schema["patternProperties"].values()))
    # braces escaped: attr_list would read a trailing {...} as attributes
    return f"\\{{{_key(schema)}: {type_text(values)}\\}}"


def _string(schema: dict[str, Any]) -> str:
    if schema.get("format") == "date":
        return "date (`YYYY-MM-DD`)"
    pattern = schema.get("pattern")
    if pattern == MONTH:
        return "month (`YYYY-MM`)"
    if pattern and pattern.startswith("^[0-9]{4}([KQ]"):
        return "period (`2015`, `2015K2` or `2015M06`)"
    longest = schema.get("maxLength")
    one_line = "one line of text" if pattern else "text"
    return f"{one_line} (at most {_number(longest)} characters)" if longest else one_line


SIMPLE = {
    "number": lambda schema: "number" + _limits(schema),
    "integer": _integer,
    "boolean": lambda schema: "`true` or `false`",
    "string": _string,
    "array": _array,
}


def _default(schema: dict[str, Any]) -> str:
    value = schema.get("default")
    if value in (None, [], {}):
        return ""
    if isinstance(value, bool):
        return f"`{str(value).lower()}`"
    return f"`{value}`"


def _cell(text: str) -> str:
    """One table cell: one line, a pipe outside code escaped (inside code it is kept)."""
    parts = " ".join(text.split()).split("`")
    return "`".join(part if i % 2 else part.replace("|", "\\|") for i, part in enumerate(parts))


def _meanings() -> dict[str, dict[str, str]]:
    return yaml.safe_load(FIELDS.read_text(encoding="utf-8"))


def _objects(schema: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    """(name, schema) of the file itself and every object in it, in reading order."""
    defs = schema["$defs"]
    order = ["Strategy"]

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            ref = node.get("$ref")
            if ref:
                name = ref.rsplit("/", 1)[-1]
                if name not in order:
                    order.append(name)
                    walk(defs[name])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(schema["properties"])
    unused = sorted(set(defs) - set(order))
    if unused:
        raise DocsError(f"schema objects no field refers to: {', '.join(unused)}")
    return [(name, schema if name == "Strategy" else defs[name]) for name in order]


def _used_in(schema: dict[str, Any]) -> dict[str, list[str]]:
    """For each object, where it stands in the file (`target_groups[].phase_in`)."""
    defs = schema["$defs"]
    found: dict[str, list[str]] = {}

    def walk(node: Any, path: str) -> None:
        if not isinstance(node, dict):
            return
        if "$ref" in node:
            name = node["$ref"].rsplit("/", 1)[-1]
            if path not in found.setdefault(name, []):
                found[name].append(path)
                for field, value in defs[name].get("properties", {}).items():
                    walk(value, f"{path}.{field}")
            return
        for either in ("anyOf", "oneOf"):
            for option in node.get(either, []):
                walk(option, path)
        if isinstance(node.get("items"), dict):
            walk(node["items"], f"{path}[]")
        if isinstance(node.get("additionalProperties"), dict):
            walk(node["additionalProperties"], f"{path}.{_key(node)}")
        for value in node.get("patternProperties", {}).values():
            walk(value, f"{path}.{_key(node)}")

    for field, value in schema["properties"].items():
        walk(value, field)
    return found


def field_reference(schema: dict[str, Any], meanings: dict[str, dict[str, str]]) -> str:
    """The reference of every field of the strategy file, as Markdown."""
    objects = _objects(schema)
    stray = sorted(set(meanings) - {name for name, _ in objects} - {"common"})
    if stray:
        raise DocsError(f"docs/fields.yml describes objects the schema lacks: {stray}")
    used_in = _used_in(schema)
    out: list[str] = []
    missing: list[str] = []
    for name, node in objects:
        out += _object(name, node, meanings, used_in.get(name, []), missing)
    if missing:
        raise DocsError("the field reference is not complete:\n" + "\n".join(missing))
    return "\n".join(out)


def _object(name: str, node: dict[str, Any], meanings: dict[str, dict[str, str]],
            places: list[str], missing: list[str]) -> list[str]:
    """One object's section of the reference; what has no meaning goes to `missing`."""
    own, common = meanings.get(name, {}), meanings.get("common", {})
    fields = node.get("properties", {})
    missing += [f"{name}.{extra} is in docs/fields.yml but not in the schema"
                for extra in sorted(set(own) - set(fields) - {"*"})]
    out = [f"### {'The top level' if name == 'Strategy' else name} {{#{name.lower()}}}\n"]
    description = " ".join(node.get("description", "").split())
    if name != "Strategy" and description:
        out.append(description + "\n")
    if places:
        out.append(f"Used in: {', '.join(f'`{place}`' for place in places)}.\n")
    out += ["| field | type | meaning |", "|---|---|---|"]
    required = set(node.get("required", []))
    for field, field_schema in fields.items():
        meaning = own.get(field, common.get(field))
        if meaning is None:
            missing.append(f"{name}.{field} has no meaning in docs/fields.yml")
            continue
        kind = type_text(field_schema)
        if field in required:
            kind = f"**required**; {kind}"
        if default := _default(field_schema):
            kind = f"{kind}; default {default}"
        out.append(f"| `{field}` | {kind} | {_cell(meaning)} |")
    extra = node.get("additionalProperties")
    if isinstance(extra, dict):
        if "*" not in own:
            missing.append(f"{name}: its other keys have no meaning ('*') in docs/fields.yml")
        else:
            out.append(f"| *a benefit* | {type_text(extra)} | {_cell(own['*'])} |")
    return [*out, ""]


# --- problems and their codes --------------------------------------------------------------

def codes_table() -> str:
    """Every problem code kikcalc reports, from its code table."""
    from kikcalc.model.findings import CODES, FIXES, WARNINGS

    warnings = sorted(WARNINGS)
    out = [f"By default {', '.join(warnings[:-1])} and {warnings[-1]} are warnings and the "
           "other rules errors; a policy's `[check.severity]` changes that.\n",
           "| code | problem | what to do |", "|---|---|---|"]
    for code in sorted(CODES):
        problem = CODES[code] + (" (a warning)" if code in WARNINGS else "")
        out.append(f"| {code} | {_cell(problem)} | {_cell(FIXES.get(code, ''))} |")
    return "\n".join(out) + "\n"


def unknown_codes(markdown: str) -> list[str]:
    """Problem codes a page names that kikcalc does not have (K201-K223 is a range)."""
    from kikcalc.model.findings import CODES

    return sorted({code for code in re.findall(r"\bK[12][0-9]{2}\b", markdown)
                   if code not in CODES})


# --- the layout: the stages and their modules ----------------------------------------------

def stages() -> tuple[str, ...]:
    """`STAGES` as tests/test_house.py defines it: the order the house test enforces."""
    for node in ast.walk(ast.parse(HOUSE.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Assign) and any(
                isinstance(t, ast.Name) and t.id == "STAGES" for t in node.targets):
            return tuple(ast.literal_eval(node.value))
    raise DocsError("tests/test_house.py defines no STAGES")


def _first_sentence(path: Path) -> str:
    doc = ast.get_docstring(ast.parse(path.read_text(encoding="utf-8"))) or ""
    paragraph = " ".join(doc.split("\n\n")[0].split())
    end = re.search(r"\.(\s+[A-Z]|$)", paragraph)
    return paragraph[:end.start() + 1] if end else paragraph


def _stage_of(path: Path) -> tuple[str, str]:
    """(stage, module) of a module of the package, as tests/test_house.py reads it."""
    parts = path.relative_to(ROOT).with_suffix("").parts
    module = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
    if len(parts) == 2:
        return ("cli" if module == "kikcalc.__main__" else "kikcalc"), module
    return parts[1], module


def stage_table_order(markdown: str) -> list[str]:
    """The stages the layout page's own table lists, in its order (`` | `text/` | ``)."""
    return re.findall(r"^\| \d+ \| `(?:kikcalc/)?([a-z]+)/?` \|", markdown, re.MULTILINE)


def modules_by_stage() -> str:
    """Every module of kikcalc, stage by stage from the bottom, with what it holds."""
    order = stages()
    found: dict[str, list[tuple[str, str]]] = {stage: [] for stage in order}
    for path in sorted((ROOT / "kikcalc").rglob("*.py")):
        stage, module = _stage_of(path)
        if stage not in found:
            raise DocsError(f"{module} is in no stage of tests/test_house.py")
        if path.name != "__init__.py" or stage == "kikcalc":
            found[stage].append((module, _first_sentence(path)))
    out = []
    for number, stage in enumerate(order, 1):
        out.append(f"**{number}. {stage}**\n")
        for module, sentence in found[stage]:
            out.append(f"- `{module}`" + (f": {_cell(sentence)}" if sentence else ""))
        out.append("")
    return "\n".join(out)


# --- MkDocs --------------------------------------------------------------------------------

def render(markdown: str, page: str) -> str:
    """`markdown` of the page `page` with its markers replaced; DocsError when untrue."""
    from kikcalc.model.schema import strategy_json_schema

    bad = unknown_codes(markdown)
    if bad:
        raise DocsError(f"{page} names problem codes kikcalc does not have: {bad}")

    def replace(match: re.Match[str]) -> str:
        what = match.group(1)
        if what == "fields":
            return field_reference(strategy_json_schema(), _meanings())
        if what == "codes":
            return codes_table()
        if what == "modules":
            listed = stage_table_order(markdown)
            if listed != list(stages()):
                raise DocsError(f"{page}: the stage table lists {listed}, but "
                                f"tests/test_house.py orders them {list(stages())}")
            return modules_by_stage()
        raise DocsError(f"{page}: unknown marker kikcalc: {what}")

    return MARKER.sub(replace, markdown)


def on_page_markdown(markdown: str, page: Any, config: Any, files: Any) -> str:
    from mkdocs.exceptions import PluginError

    try:
        return render(markdown, page.file.src_uri)
    except DocsError as error:
        raise PluginError(str(error)) from error
