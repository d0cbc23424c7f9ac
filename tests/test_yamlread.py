"""The strict YAML reader: exact numbers, strings stay strings, positions from 1."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kikcalc.loading.strategy import parse_strategy
from kikcalc.reading.strict_yaml import YamlProblem, read_yaml


def test_numbers_come_from_their_text_never_through_float() -> None:
    data, _ = read_yaml("a: 0.1\nb: 2016\nc: -18.1\nd: 1e6\ne: 0.30000000000000004\n")
    assert data == {"a": Decimal("0.1"), "b": 2016, "c": Decimal("-18.1"),
                    "d": Decimal("1E+6"), "e": Decimal("0.30000000000000004")}
    assert type(data["b"]) is int


def test_timestamps_yes_no_and_quoted_numbers_stay_strings() -> None:
    data, _ = read_yaml("a: 2018-06-30\nb: yes\nc: '3'\nd: .inf\ne: 1_000\nf: null\ng: true\n")
    assert data == {"a": "2018-06-30", "b": "yes", "c": "3", "d": ".inf", "e": "1_000",
                    "f": None, "g": True}


def test_positions_of_values_and_keys_count_from_one() -> None:
    _, positions = read_yaml("a:\n  b: [1, 2]\n  2016: x\n")
    assert positions.values[("a", "b", 1)] == (2, 10)
    assert positions.keys[("a", 2016)] == (3, 3)
    assert positions.find(("a", "b", 7)) == (2, 6)


@pytest.mark.parametrize(("text", "code"), [
    ("a: 1\na: 2\n", "K102"),
    ("a: &x 1\nb: *x\n", "K103"),
    ("a: !!binary aGk=\n", "K104"),
    ("a: !custom 1\n", "K104"),
    ("a: [\n", "K101"),
])
def test_refused(text: str, code: str) -> None:
    with pytest.raises(YamlProblem) as caught:
        read_yaml(text)
    assert caught.value.code == code


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=300))
def test_no_text_gives_a_traceback(text: str) -> None:
    loaded, issues = parse_strategy(text, "f.yaml")
    assert (loaded is None) == bool(issues)
    assert all(str(issue).startswith("f.yaml:") for issue in issues)


yaml_scalars = st.one_of(st.integers(-10**6, 10**6).map(str), st.sampled_from(
    ["1.5", "-0.0", "x", "''", "[]", "{}", "null", "2025", "1e400", "-1", "100", "'1,5'"]))
keys = st.sampled_from(["kikcalc", "name", "period", "unit", "start", "end", "investments",
                        "by_year", "fte", "target_groups", "outcomes", "reduction", "budget",
                        "actuals", "amount", "as_of", "unit_costs", "2025", "2026", "share"])


def _documents() -> st.SearchStrategy[str]:
    leaf = yaml_scalars
    tree = st.recursive(leaf, lambda inner: st.one_of(
        st.dictionaries(keys, inner, max_size=4).map(
            lambda d: "{" + ", ".join(f"{k}: {v}" for k, v in d.items()) + "}"),
        st.lists(inner, max_size=3).map(lambda xs: "[" + ", ".join(xs) + "]")), max_leaves=12)
    return st.dictionaries(keys, tree, max_size=8).map(
        lambda d: "".join(f"{k}: {v}\n" for k, v in d.items()))


@settings(max_examples=300, deadline=None)
@given(_documents())
def test_no_strategy_shaped_document_gives_a_traceback(text: str) -> None:
    loaded, issues = parse_strategy("kikcalc: 1\n" + text, "f.yaml")
    assert (loaded is None) == bool(issues)
