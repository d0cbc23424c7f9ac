"""Frozen records that cost next to nothing to define: the engine's, reader's and findings'
value classes.

`@dataclass(frozen=True)` writes and compiles five or six methods for each class while its
module is imported, about 1 ms a class on a small machine; `kikcalc payback` defines some
thirty on its way and paid a tenth of its start-up for them. A `Record` has the same
behaviour from methods written once here: construction by position or keyword with
defaults (`field(default_factory=...)` for mutable ones), immutability, equality and
hashing by value, a readable repr, ordering on request (`order=True`) and `replace`.
`dataclass_transform` gives type checkers the constructor's signature, as for a dataclass.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Any, ClassVar, TypeVar, dataclass_transform

_NO_DEFAULT: Any = object()
R = TypeVar("R", bound="Record")


class FrozenRecordError(AttributeError):
    """Assigning to a field of a frozen record (as dataclasses.FrozenInstanceError)."""


class _Field:
    __slots__ = ("default", "factory")

    def __init__(self, default: Any, factory: Callable[[], Any] | None) -> None:
        self.default, self.factory = default, factory


def field(*, default: Any = _NO_DEFAULT, default_factory: Callable[[], Any] | None = None) -> Any:
    """A field's default made fresh for each record (`default_factory`), as dataclasses'."""
    return _Field(default, default_factory)


@dataclass_transform(frozen_default=True, field_specifiers=(field,))
class Record:
    """Subclass with annotated fields; `class X(Record, frozen=False)` for a mutable one."""

    __slots__ = ()
    _fields: ClassVar[tuple[str, ...]] = ()
    _defaults: ClassVar[dict[str, _Field]] = {}

    def __init_subclass__(cls, *, frozen: bool = True, order: bool = False,
                          **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        names, defaults = list(cls._fields), dict(cls._defaults)
        for name, annotation in inspect.get_annotations(cls).items():
            if "ClassVar" in str(annotation):
                continue
            if name not in names:
                names.append(name)
            value = cls.__dict__.get(name, _NO_DEFAULT)
            if isinstance(value, _Field):
                defaults[name] = value
                delattr(cls, name)
            elif value is not _NO_DEFAULT:
                defaults[name] = _Field(value, None)
            elif defaults:
                raise TypeError(f"{cls.__name__}: field '{name}' without a default follows "
                                "one with a default")
        cls._fields, cls._defaults = tuple(names), defaults
        if not frozen:
            cls.__setattr__ = object.__setattr__  # type: ignore[method-assign,assignment]
            cls.__delattr__ = object.__delattr__  # type: ignore[method-assign]
            cls.__hash__ = None  # type: ignore[assignment]  # mutable and equal by value
        if order:
            for name, compare in _ORDER.items():
                setattr(cls, name, compare)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        fields = self._fields
        if len(args) > len(fields):
            raise TypeError(f"{type(self).__name__}() takes {len(fields)} arguments, "
                            f"{len(args)} given")
        set_field = object.__setattr__
        for name, value in zip(fields, args, strict=False):
            if name in kwargs:
                raise TypeError(f"{type(self).__name__}() got '{name}' twice")
            set_field(self, name, value)
        for name in fields[len(args):]:
            if name in kwargs:
                set_field(self, name, kwargs.pop(name))
                continue
            default = self._defaults.get(name)
            if default is None:
                raise TypeError(f"{type(self).__name__}() missing argument '{name}'")
            set_field(self, name, default.factory() if default.factory else default.default)
        if kwargs:
            raise TypeError(f"{type(self).__name__}() got unexpected arguments "
                            f"{', '.join(map(repr, kwargs))}")

    def _values(self) -> tuple[Any, ...]:
        return tuple(getattr(self, name) for name in self._fields)

    def __setattr__(self, name: str, value: Any) -> None:
        raise FrozenRecordError(f"cannot assign to field '{name}'")

    def __delattr__(self, name: str) -> None:
        raise FrozenRecordError(f"cannot delete field '{name}'")

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return self._values() == other._values()

    def __hash__(self) -> int:
        return hash(self._values())

    def __repr__(self) -> str:
        shown = ", ".join(f"{name}={getattr(self, name)!r}" for name in self._fields)
        return f"{type(self).__qualname__}({shown})"

    def __replace__(self: R, **changes: Any) -> R:
        return type(self)(**{**{n: getattr(self, n) for n in self._fields}, **changes})


def replace(record: R, **changes: Any) -> R:
    """A copy of `record` with some fields changed (as dataclasses.replace)."""
    return record.__replace__(**changes)


def _compare(op: str) -> Callable[[Any, Any], bool]:
    def compare(self: Any, other: Any) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented  # type: ignore[no-any-return]
        result: bool = getattr(self._values(), op)(other._values())
        return result
    compare.__name__ = op
    return compare


_ORDER = {op: _compare(op) for op in ("__lt__", "__le__", "__gt__", "__ge__")}
