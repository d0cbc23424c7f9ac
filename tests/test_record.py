"""`kikcalc.record.Record` behaves as the frozen dataclasses it replaced."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from kikcalc.record import FrozenRecordError, Record, field, replace


class Line(Record):
    name: str
    amount: Decimal
    years: dict[int, Decimal] = field(default_factory=dict)
    note: str | None = None


class Place(Record, order=True):
    file: str
    line: int


class Counter(Record, frozen=False):
    seen: list[str] = field(default_factory=list)


def test_construction_by_position_and_keyword_with_defaults() -> None:
    a = Line("x", Decimal("1.5"))
    b = Line(name="x", amount=Decimal("1.5"), years={}, note=None)
    assert a == b and hash(Place("a", 1)) == hash(Place(file="a", line=1))
    assert a.years == {} and a.note is None
    assert Line("x", Decimal(1)).years is not Line("y", Decimal(1)).years  # fresh each time
    assert repr(Line("x", Decimal(2), note="n")) == \
        "Line(name='x', amount=Decimal('2'), years={}, note='n')"


@pytest.mark.parametrize(("args", "kwargs", "message"), [
    ((), {"name": "x"}, "missing argument 'amount'"),
    (("x", 1, {}, None, 5), {}, "takes 4 arguments, 5 given"),
    (("x",), {"name": "y", "amount": 1}, "got 'name' twice"),
    (("x", 1), {"colour": "red"}, "unexpected arguments 'colour'"),
])
def test_wrong_arguments_are_type_errors(args: tuple[Any, ...], kwargs: dict[str, Any],
                                         message: str) -> None:
    with pytest.raises(TypeError, match=message):
        Line(*args, **kwargs)


def test_frozen_and_replace() -> None:
    a = Line("x", Decimal(1))
    with pytest.raises(FrozenRecordError):
        a.name = "y"  # type: ignore[misc]
    with pytest.raises(AttributeError):
        del a.name
    b = replace(a, amount=Decimal(2))
    assert (a.amount, b.amount, b.name) == (Decimal(1), Decimal(2), "x")


def test_equality_needs_the_same_class_and_order_is_by_fields() -> None:
    class Other(Record):
        file: str
        line: int

    assert Place("a", 1) != Other("a", 1)
    assert Place("a", 1) != ("a", 1)
    assert sorted([Place("b", 1), Place("a", 9), Place("a", 2)]) == \
        [Place("a", 2), Place("a", 9), Place("b", 1)]
    with pytest.raises(TypeError):
        Line("a", Decimal(1)) < Line("b", Decimal(1))  # type: ignore[operator]  # noqa: B015


def test_a_mutable_record_is_not_hashable() -> None:
    counter = Counter()
    counter.seen.append("a")
    counter.seen = ["b"]
    assert counter == Counter(["b"])
    with pytest.raises(TypeError):
        hash(counter)


def test_a_field_without_default_after_one_with_is_refused() -> None:
    with pytest.raises(TypeError, match="'b' without a default"):
        class Bad(Record):
            a: int = 0
            b: int  # type: ignore[misc]


def test_subclass_fields_follow_the_base() -> None:
    class Base(Record):
        a: int

    class Child(Base):
        b: int = 2

    assert Child(1) == Child(a=1, b=2)
    assert repr(Child(1)) == "test_subclass_fields_follow_the_base.<locals>.Child(a=1, b=2)"
