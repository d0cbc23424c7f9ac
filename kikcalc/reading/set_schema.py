"""Where the file format lets `--set` (or a scenario) add a key the file leaves out.

A path may name a key the file does not write when the JSON Schema of the file format
has that key there: a value (`discount_rate`, `target_groups[A].deadweight`,
`retention.parts[Skat].lag`) is added; a block whose keys all may be left out
(`optimism_bias`) is started empty on the way down (`optimism_bias.reduction=25`). What
the format has no place for, a list item (which needs its name and more), or a block
given one value is refused with a reason that says what to write instead.

The schema is built only when a path names a missing key, so no other run pays for it.
"""

from __future__ import annotations

from functools import cache
from typing import Any

SCALARS = {"string", "number", "integer", "boolean"}
MOST_NAMED = 8  # keys a refusal lists, at most


@cache
def _schema() -> dict[str, Any]:
    from kikcalc.model.schema import strategy_json_schema

    return strategy_json_schema()


def _alternatives(node: dict[str, Any]) -> list[dict[str, Any]]:
    """The concrete shapes a schema node allows: `$ref`, `anyOf`, `oneOf` unfolded."""
    found, stack, seen = [], [node], 0
    while stack and seen < 1000:  # the format's schema is a tree of a few levels
        seen += 1
        current = stack.pop()
        if "$ref" in current:
            stack.append(_schema()["$defs"][current["$ref"].rsplit("/", 1)[-1]])
            continue
        for combined in ("anyOf", "oneOf", "allOf"):
            stack += current.get(combined, [])
        if any(k in current for k in ("type", "properties", "items", "enum", "const")):
            found.append(current)
    return found


def _at(trail: list[tuple[bool, Any]]) -> list[dict[str, Any]]:
    """The shapes of the value at `trail` (each step: a list index or a mapping key)."""
    nodes = [_schema()]
    for in_list, key in trail:
        following = []
        for shape in (s for node in nodes for s in _alternatives(node)):
            if in_list and "items" in shape:
                following.append(shape["items"])
            elif not in_list and key in shape.get("properties", {}):
                following.append(shape["properties"][key])
            elif not in_list and isinstance(shape.get("additionalProperties"), dict):
                following.append(shape["additionalProperties"])
            elif not in_list:
                following += [v for pattern, v in shape.get("patternProperties", {}).items()
                              if pattern]
        nodes = following
    return [shape for node in nodes for shape in _alternatives(node)]


def _kinds(shapes: list[dict[str, Any]]) -> set[str]:
    kinds = set()
    for shape in shapes:
        types = shape.get("type")
        types = set(types) if isinstance(types, list) else {types}
        if types & SCALARS or "enum" in shape or "const" in shape:
            kinds.add("value")
        if "object" in types or "properties" in shape:
            kinds.add("block")
        if "array" in types or "items" in shape:
            kinds.add("list")
    return kinds


def _block_keys(shapes: list[dict[str, Any]]) -> list[str]:
    return sorted({k for shape in shapes for k in shape.get("properties", {})})


def _can_start_empty(shapes: list[dict[str, Any]]) -> bool:
    return any("properties" in s and not s.get("required") for s in shapes)


def _set_one_inside(key: str, inner: list[str]) -> str:
    """The reason a block cannot take one value, with a key to set inside it; a block keyed
    by the file's own keys (actuals by year) has no named key to suggest."""
    if not inner:
        return f"'{key}' is a block of values: set one of its entries, e.g. {key}.<key>=..."
    return (f"'{key}' is a block of values ({', '.join(inner[:MOST_NAMED])}): set one of "
            f"them, e.g. {key}.{inner[0]}=...")


def addable(trail: list[tuple[bool, Any]], key: str, last: bool, where: str
            ) -> tuple[str | None, str | None]:
    """("value" or "block", None) when `key` may be added at `trail` (a value at the end
    of the path, an empty block on the way down); else (None, the reason)."""
    parent = _at(trail)
    names = _block_keys(parent)
    if key not in names:
        known = ", ".join(names[:MOST_NAMED]) + (", ..." if len(names) > MOST_NAMED else "")
        return None, f"no key '{key}' in {where}" + (f" (it may have: {known})" if known else "")
    shapes = _at([*trail, (False, key)])
    kinds = _kinds(shapes)
    if last and "value" in kinds:
        return "value", None
    if last and "block" in kinds:
        return None, _set_one_inside(key, _block_keys(shapes))
    if not last and "block" in kinds and _can_start_empty(shapes):
        return "block", None
    if "list" in kinds:
        return None, (f"'{key}' is a list whose items need a name and more: write it in the "
                      "file (or a scenario)")
    return None, f"'{key}' cannot be added with --set: write it in the file"
