"""Hypothesis strategies that draw documents from kikcalc's own JSON Schema.

A small walker for the draft-07 keywords the schema uses ($ref, anyOf/oneOf, const, enum,
object with properties/required/additionalProperties/propertyNames, array with
items/minItems/maxItems, string, integer, number with bounds, boolean, null). Patterns
are honoured by drawing from a few known-good values; optional properties are left out
at random, so documents are mostly valid and sometimes wrong in the ways a user is.
"""

from __future__ import annotations

import datetime
from typing import Any

from hypothesis import strategies as st

YEARS = st.integers(2020, 2030).map(str)
TEXTS = st.sampled_from(["Jobparate", "kontanthjaelp", "fleksjob", "plan", "x", "Øvrigt"])


def _string(node: dict[str, Any]) -> st.SearchStrategy[Any]:
    pattern = node.get("pattern", "")
    if "0[1-9]" in pattern:
        return st.sampled_from(["2025-01", "2025-06", "2026-12"])
    if node.get("format") == "date":
        return st.dates(datetime.date(2020, 1, 1), datetime.date(2031, 12, 31)).map(str)
    return TEXTS


def _number(node: dict[str, Any], integer: bool) -> st.SearchStrategy[Any]:
    low = node.get("minimum", node.get("exclusiveMinimum", -1000))
    high = node.get("maximum", 100_000)
    if integer:
        return st.integers(int(low), int(high))
    return st.integers(int(low) * 100, int(high) * 100).map(lambda n: n / 100)


def from_schema(root: dict[str, Any], node: dict[str, Any] | None = None,  # noqa: PLR0911
                depth: int = 0) -> st.SearchStrategy[Any]:
    node = root if node is None else node
    if "$ref" in node:
        name = node["$ref"].split("/")[-1]
        return st.deferred(lambda: from_schema(root, root["$defs"][name], depth + 1))
    for choice in ("anyOf", "oneOf"):
        if choice in node:
            return st.one_of([from_schema(root, n, depth) for n in node[choice]])
    if "const" in node:
        return st.just(node["const"])
    if "enum" in node:
        return st.sampled_from(node["enum"])
    kind = node.get("type")
    if kind == "object" or "properties" in node:
        return _object(root, node, depth)
    if kind == "array":
        items = from_schema(root, node.get("items", {}), depth + 1)
        least = node.get("minItems", 0)
        return st.lists(items, min_size=least, max_size=max(least, min(node.get("maxItems", 3), 3)))
    if kind == "string":
        return _string(node)
    if kind in ("integer", "number"):
        return _number(node, kind == "integer")
    if kind == "boolean":
        return st.booleans()
    if kind == "null":
        return st.none()
    return st.none()


def _object(root: dict[str, Any], node: dict[str, Any], depth: int) -> st.SearchStrategy[Any]:
    properties = node.get("properties", {})
    required = set(node.get("required", []))
    extra = node.get("additionalProperties")
    fixed = {k: from_schema(root, v, depth + 1) for k, v in properties.items()}
    optional = [k for k in properties if k not in required]

    @st.composite
    def build(draw: st.DrawFn) -> dict[str, Any]:
        out = {k: draw(fixed[k]) for k in properties if k in required}
        if depth < 4:
            for key in draw(st.lists(st.sampled_from(optional), max_size=4, unique=True)
                            if optional else st.just([])):
                out[key] = draw(fixed[key])
        if isinstance(extra, dict) and depth < 4:
            keys = YEARS if "propertyNames" in node else TEXTS
            values = from_schema(root, extra, depth + 1)
            out.update(draw(st.dictionaries(keys, values, max_size=3)))
        return out

    return build()
