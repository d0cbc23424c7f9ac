"""The file format's validators, stored in the user's cache folder and read back, as Python
keeps its `.pyc` files.

pydantic builds a model's validator from a core schema that it generates in Python: for
the strategy, the largest single cost of a cold `kikcalc payback` (about 30 ms on the idle
machine). pydantic-core builds the same validator from the same core schema read back from
a file in about 2 ms. A stored schema is a compiled form of kikcalc's own code, never of an
input: its file's name holds the SHA-256 of kikcalc's version, Python's, pydantic's and
pydantic-core's, the times of change of the installed packages' folders and the source of
every module in the stages that define the models (kikcalc's root, `text`, `model`,
`reading`), so an edited model has another name and a stale schema is never read.

Stored as JSON, not as a pickle: reading one runs no code and imports nothing. Functions
and classes in the schema are stored by name and looked up only in kikcalc's `model` and
`reading` modules and pydantic's numeric validators, among the modules already imported;
a name of anything else makes the file unusable. The schema's `metadata` (pydantic's hooks
for the JSON Schema, which validation never reads) is left out. The folder, `validators`
in the result cache's folder (`store_in`, called by the command line for the read-only
commands only: the gate's commands never read the cache folder), and each file in it must
belong to the user and be writable by no one else. Whatever is unexpected, pydantic builds
the validator as it always does, and it is stored.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import re
import stat
import sys
import types
from decimal import Decimal
from typing import Any

import pydantic
import pydantic_core
from pydantic import BaseModel
from pydantic_core import SchemaValidator

import kikcalc

FORMAT = "kikcalc-validator 1"
LARGEST = 4 * 2**20  # bytes of one stored schema
KEPT = 16  # stored schemas in the folder; the oldest leave first
# where a stored function or class may be looked up (modules already imported)
FROM = ("kikcalc.model.", "kikcalc.reading.", "pydantic._internal._validators")
STAGES = ("", "text", "model", "reading")  # kikcalc's folders that define the models
_PACKAGE = os.path.dirname(os.path.abspath(kikcalc.__file__))

_folder: list[str] = []  # where validators are stored; empty: pydantic's own, not stored
_built: dict[type[BaseModel], Any] = {}


def store_in(folder: str | None) -> None:
    """Read and store validators in `folder` (created if need be); None: do not."""
    _folder[:] = [] if folder is None else [os.path.join(folder, "validators")]
    _built.clear()


def validator_of(model: type[BaseModel]) -> Any:
    """The validator of `model`: stored, or pydantic's own (then stored); either
    validates as `model.model_validate` does."""
    if model in _built:
        return _built[model]
    if not _folder or not _plugins_off() or not model.__module__.startswith(FROM):
        return model.__pydantic_validator__
    try:
        path = os.path.join(_folder[0], f"{model.__qualname__}-{_key(model)}.json")
    except OSError:  # kikcalc's sources or a packages' folder unreadable: no key, no store
        return model.__pydantic_validator__
    validator = _load(path)
    if validator is None:
        model.model_rebuild()
        validator = model.__pydantic_validator__
        if type(validator) is SchemaValidator:
            _store(path, validator)
    _built[model] = validator
    return validator


def _plugins_off() -> bool:
    """A pydantic plugin wraps the validators pydantic builds; one built here has none."""
    return os.environ.get("PYDANTIC_DISABLE_PLUGINS", "") in ("__all__", "1", "true")


@functools.cache
def _sources() -> str:
    """The SHA-256 of the source of every module in the stages that define the models."""
    digest = hashlib.sha256()
    for stage in STAGES:
        folder = os.path.join(_PACKAGE, stage)
        for name in sorted(os.listdir(folder)):
            if name.endswith(".py"):
                with open(os.path.join(folder, name), "rb") as source:
                    data = source.read()
                digest.update(f"{stage}/{name} {len(data)}\n".encode())
                digest.update(data)
    return digest.hexdigest()


def _key(model: type[BaseModel]) -> str:
    packages = sorted((folder, os.stat(folder).st_mtime_ns) for folder in sys.path
                      if folder.endswith(("site-packages", "dist-packages"))
                      and os.path.isdir(folder))
    key = [FORMAT, kikcalc.__version__, sys.version, pydantic.VERSION,
           pydantic_core.__version__, packages, model.__module__, model.__qualname__,
           _sources()]
    return hashlib.sha256(json.dumps(key).encode()).hexdigest()


def _load(path: str) -> Any:
    """The validator of a stored schema of this user; None when there is none or it is
    anything but one that `_store` wrote."""
    try:
        folder = os.stat(os.path.dirname(path), follow_symlinks=False)
        if not (stat.S_ISDIR(folder.st_mode) and _only_ours(folder)):
            return None
        handle = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0)
                         | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
        with os.fdopen(handle, "rb") as stored:
            info = os.fstat(stored.fileno())
            if not (stat.S_ISREG(info.st_mode) and _only_ours(info)) \
                    or info.st_size > LARGEST:
                return None
            data = json.loads(stored.read(LARGEST + 1), object_hook=_decoded)
        if not (isinstance(data, list) and len(data) == 2 and data[0] == FORMAT):
            return None
        arguments = data[1]
        return SchemaValidator(*arguments) if type(arguments) is tuple else None
    except (OSError, ValueError, TypeError, KeyError, AttributeError, ArithmeticError,
            RecursionError, pydantic_core.SchemaError):
        return None


def _only_ours(info: os.stat_result) -> bool:
    """Owned by this user and writable by no one else."""
    return (not hasattr(os, "geteuid") or info.st_uid == os.geteuid()) \
        and not info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


def _store(path: str, validator: SchemaValidator) -> None:
    """The validator's core schema and configuration as `path`, whole or not at all."""
    folder = os.path.dirname(path)
    try:
        built, arguments = validator.__reduce__()  # what pickle stores: (schema, config, ...)
        if built is not SchemaValidator:
            return
        data = json.dumps([FORMAT, _encoded(arguments)]).encode()
        os.makedirs(folder, mode=0o700, exist_ok=True)
        if not _only_ours(os.stat(folder, follow_symlinks=False)):
            return
        temporary = f"{path}.{os.getpid()}-{os.urandom(4).hex()}.tmp"
        handle = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL
                         | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0), 0o600)
        with os.fdopen(handle, "wb") as stored:
            stored.write(data)
        os.replace(temporary, path)
        _prune(folder)
    except (OSError, ValueError, TypeError, RecursionError):  # not stored: built next time
        pass


# the names `_store` writes: a stored schema, or a writer's temporary file
_STORED_NAME = re.compile(r"[A-Za-z_][\w.]*-[0-9a-f]{64}\.json(\.\d+-[0-9a-f]{8}\.tmp)?\Z")


def _prune(folder: str) -> None:
    """The oldest stored schemas removed beyond `KEPT` (each kikcalc edited or upgraded
    leaves its own), and temporary files a killed writer left; only files of the names
    `_store` writes, in the folder itself (opened without following a link, so a folder
    swapped for a link elsewhere is not pruned)."""
    if os.scandir not in os.supports_fd or os.unlink not in os.supports_dir_fd:
        return  # no folder by handle: stored schemas are left, each a few kB
    handle = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0)
                     | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0))
    try:
        if not _only_ours(os.fstat(handle)):
            return
        found = []
        with os.scandir(handle) as entries:
            for entry in entries:
                if _STORED_NAME.match(entry.name) and entry.is_file(follow_symlinks=False):
                    found.append((entry.stat(follow_symlinks=False).st_mtime_ns, entry.name))
        for _, name in sorted(found, reverse=True)[KEPT:]:
            os.unlink(name, dir_fd=handle)
    finally:
        os.close(handle)


# A core schema in JSON: mappings, lists and plain values as themselves; a tuple, a Decimal,
# a function or class (by name), a class's method and a function given its keywords as an
# object marked by the key TAG, which no mapping of a core schema has (one that did would
# not be stored). The marked objects are decoded by `json.loads` as it reads each object.

TAG = "\x00kikcalc"


def _encoded(value: Any) -> Any:
    """`value` in JSON; ValueError for anything that cannot be stored by name."""
    kind = type(value)
    if value is None or kind in (str, int, bool):
        return value
    if kind is dict:
        if isinstance(value.get("type"), str) and isinstance(value.get("metadata"), dict):
            value = {k: v for k, v in value.items() if k != "metadata"}
        if not all(type(key) is str and not key.startswith("\x00") for key in value):
            raise ValueError("a mapping with a key that is not plain text")
        return {key: _encoded(item) for key, item in value.items()}
    if kind is list:
        return [_encoded(item) for item in value]
    if kind is tuple:
        return {TAG: "tuple", "items": [_encoded(item) for item in value]}
    if kind is Decimal:
        return {TAG: "decimal", "text": str(value)}
    return _reference(value)


def _reference(value: Any) -> dict[str, Any]:
    """A function, a class, a class's method, or a function given its keywords."""
    if type(value) is functools.partial and not value.args:
        return {TAG: "partial", "name": _named(value.func), "keywords": _encoded(value.keywords)}
    if type(value) is types.MethodType and isinstance(value.__self__, type) \
            and getattr(value.__self__, value.__name__, None) == value:
        return {TAG: "method", "owner": _named(value.__self__), "name": value.__name__}
    return {TAG: "named", "name": _named(value)}


def _named(value: Any) -> list[str]:
    """Module and name of a function or class that `_find` finds again."""
    name = [getattr(value, "__module__", ""), getattr(value, "__qualname__", "")]
    if not isinstance(value, type | types.FunctionType) or _find(name) is not value:
        raise ValueError(f"{value!r} cannot be stored by name")
    return name


def _find(name: Any) -> Any:
    """A function or class of an imported module kikcalc stores names from."""
    module, qualname = name
    if not module.startswith(FROM) or module not in sys.modules:
        raise ValueError(f"{module}: not a module a stored schema may name")
    found: Any = sys.modules[module]
    for part in qualname.split("."):
        found = getattr(found, _plain_name(part))
    if not isinstance(found, type | types.FunctionType):
        raise ValueError(f"{module}.{qualname}: neither a function nor a class")
    return found


def _plain_name(name: str) -> str:
    if not name.isidentifier() or name.startswith("__"):
        raise ValueError(f"{name}: not a name a stored schema may hold")
    return name


def _method(owner: Any, name: str) -> Any:
    found = _find(owner)
    bound = getattr(found, _plain_name(name))
    if type(bound) is not types.MethodType or bound.__self__ is not found:
        raise ValueError(f"{name}: not a method of {found.__qualname__}")
    return bound


# each marked object's keys besides TAG, and how it is made from them
_KINDS: dict[str, tuple[set[str], Any]] = {
    "tuple": ({"items"}, lambda items: tuple(items)),  # noqa: PLW0108 (by keyword)
    "decimal": ({"text"}, lambda text: Decimal(str(text))),
    "named": ({"name"}, _find),
    "method": ({"owner", "name"}, _method),
    "partial": ({"name", "keywords"},
                lambda name, keywords: functools.partial(_find(name), **keywords)),
}


def _decoded(mapping: dict[str, Any]) -> Any:
    """A mapping as `json.loads` read it, or the object it marks (see TAG)."""
    kind = mapping.pop(TAG, None)
    if kind is None:
        return mapping
    if kind not in _KINDS or set(mapping) != _KINDS[kind][0]:
        raise ValueError("not a stored kind of value")
    return _KINDS[kind][1](**mapping)
