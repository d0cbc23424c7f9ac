"""The stored validators of the file format (kikcalc.reading.validators): the same answers
as pydantic's own, never used when stale, foreign or naming anything but kikcalc's models,
and never read by the gate's commands."""

from __future__ import annotations

import copy
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel, ValidationError

from kikcalc.model.schema import Strategy
from kikcalc.reading import validators
from kikcalc.reading.budget_table import BudgetTable
from kikcalc.reading.strict_yaml import read_yaml
from tests.conftest import ROOT

TAG = validators.TAG  # marks a stored object in a stored schema
DOCUMENTS = sorted(p for folder in ("strategies", "examples", "tests/data")
                   for p in (ROOT / folder).rglob("*.yaml"))


@pytest.fixture
def store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A cache folder of this test's own, in use; none after the test. (`kikcalc`
    turns pydantic's plugins off as it starts; a validator is stored only then.)"""
    monkeypatch.setenv("PYDANTIC_DISABLE_PLUGINS", "__all__")
    validators.store_in(str(tmp_path))
    yield tmp_path / "validators"
    validators.store_in(None)


def stored(model: type[BaseModel], folder: Path) -> list[Path]:
    return sorted(folder.glob(f"{model.__qualname__}-*.json")) if folder.is_dir() else []


def model_of(data: Any) -> type[BaseModel]:
    return BudgetTable if isinstance(data, dict) and "kikcalc_table" in data else Strategy


def outcome(validator: Any, data: Any) -> Any:
    try:
        return "valid", validator.validate_python(data)
    except ValidationError as error:
        return "invalid", error.title, error.errors(include_url=False)


def mutations(data: Any) -> Iterator[Any]:
    """The document as written, and with each key of its mappings (down to the third
    level, the first item of each list) deleted, given a wrong value, or joined by an
    unknown key."""
    yield data
    places: list[tuple[Any, ...]] = []

    def walk(value: Any, path: tuple[Any, ...]) -> None:
        if len(path) > 3:
            return
        if isinstance(value, dict):
            places.append(path)
            for key, item in value.items():
                walk(item, (*path, key))
        elif isinstance(value, list) and value:
            walk(value[0], (*path, 0))

    walk(data, ())
    for path in places:
        here = data
        for step in path:
            here = here[step]
        for key in list(here)[:12]:
            for wrong in (None, "x", -1, "12", [1], {"a": 1}):
                changed = copy.deepcopy(data)
                target = changed
                for step in path:
                    target = target[step]
                target[key] = wrong
                yield changed
            removed = copy.deepcopy(data)
            target = removed
            for step in path:
                target = target[step]
            del target[key]
            yield removed


@pytest.mark.parametrize("path", DOCUMENTS, ids=lambda p: str(p.relative_to(ROOT)))
def test_a_stored_validator_answers_as_pydantics_own(path: Path, store: Path) -> None:
    """Each document, valid and broken in many ways: the same model or the same errors."""
    data, _ = read_yaml(path.read_text(encoding="utf-8"))
    model = model_of(data)
    model.model_rebuild()
    validators.validator_of(model)  # built by pydantic, and stored
    validators.store_in(str(store.parent))  # forget it: read it back from the file
    from_file = validators.validator_of(model)
    assert from_file is not model.__pydantic_validator__
    for document in mutations(data):
        assert outcome(from_file, document) == outcome(model.__pydantic_validator__, document)


def test_the_stored_schema_is_pydantics_without_its_json_schema_hooks() -> None:
    for model in (Strategy, BudgetTable):
        model.model_rebuild()
        arguments = model.__pydantic_validator__.__reduce__()[1]
        again = json.loads(json.dumps(validators._encoded(arguments)),
                           object_hook=validators._decoded)
        assert _plain(again) == _plain(arguments, without_hooks=True)


def _plain(value: Any, without_hooks: bool = False) -> Any:
    """`value` comparable: a partial by its parts, the hooks of the JSON Schema left out
    when asked."""
    if isinstance(value, dict):
        return {k: _plain(v, without_hooks) for k, v in value.items()
                if not (without_hooks and k == "metadata" and isinstance(value.get("type"), str))}
    if isinstance(value, list | tuple):
        return type(value).__name__, [_plain(v, without_hooks) for v in value]
    if type(value).__name__ == "partial":
        return value.func, value.args, value.keywords
    return value


def _plant(store: Path, model: type[BaseModel], schema: Any) -> Path:
    """A stored validator for `model` that validates by `schema` (built by a run first)."""
    validators.validator_of(model)
    [path] = stored(model, store)
    path.write_text(json.dumps([validators.FORMAT, {TAG: "tuple", "items": [schema, None]}]))
    validators.store_in(str(store.parent))
    return path


ANYTHING = {"type": "any"}
BROKEN_TABLE = {"kikcalc_table": 1}  # no name, no unit, no rows


def test_a_stored_schema_is_read(store: Path) -> None:
    """The planted schema accepts anything: proof that the file, not pydantic, answers
    (the tests below would pass without it)."""
    _plant(store, BudgetTable, ANYTHING)
    assert validators.validator_of(BudgetTable).validate_python(BROKEN_TABLE) == BROKEN_TABLE


def test_a_stale_stored_schema_is_not_used(store: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    _plant(store, BudgetTable, ANYTHING)
    monkeypatch.setattr(validators, "_sources", lambda: "a model's source, edited")
    with pytest.raises(ValidationError):
        validators.validator_of(BudgetTable).validate_python(BROKEN_TABLE)
    assert len(stored(BudgetTable, store)) == 2  # the new one stored beside the old


def test_the_key_follows_every_byte_of_the_models_source(tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch
                                                         ) -> None:
    package = tmp_path / "kikcalc"
    for stage in validators.STAGES:
        (package / stage).mkdir(parents=True, exist_ok=True)
        for source in (ROOT / "kikcalc" / stage).glob("*.py"):
            shutil.copy(source, package / stage / source.name)
    monkeypatch.setattr(validators, "_PACKAGE", str(package))
    validators._sources.cache_clear()
    before = validators._sources()
    groups = package / "model" / "groups.py"
    source = bytearray(groups.read_bytes())
    source[len(source) // 2] ^= 1
    groups.write_bytes(source)
    validators._sources.cache_clear()
    try:
        assert validators._sources() != before
    finally:
        monkeypatch.undo()
        validators._sources.cache_clear()


@pytest.mark.skipif(not hasattr(os, "geteuid"), reason="owners and modes are POSIX")
@pytest.mark.parametrize("loosened", ["file", "folder"])
def test_a_schema_others_could_write_is_not_used(loosened: str, store: Path) -> None:
    path = _plant(store, BudgetTable, ANYTHING)
    (path if loosened == "file" else store).chmod(0o666 if loosened == "file" else 0o777)
    with pytest.raises(ValidationError):
        validators.validator_of(BudgetTable).validate_python(BROKEN_TABLE)


@pytest.mark.parametrize("named", [["os", "system"], ["kikcalc.cli.output", "write_atomic"],
                                   ["kikcalc.model.types", "__builtins__"],
                                   ["kikcalc.model.not_imported", "f"]])
def test_a_schema_naming_anything_but_the_models_is_not_used(named: list[str],
                                                            store: Path) -> None:
    function = {"type": "function-plain", "function": {"type": "no-info", "function": {
        TAG: "named", "name": named}}}
    _plant(store, BudgetTable, function)
    with pytest.raises(ValidationError):
        validators.validator_of(BudgetTable).validate_python(BROKEN_TABLE)


@pytest.mark.parametrize("text", [
    "", "{", "[]", json.dumps([validators.FORMAT, {TAG: "tuple"}]),
    json.dumps(["kikcalc-validator 0", {TAG: "tuple", "items": [{"type": "any"}]}]),
    json.dumps([validators.FORMAT, {TAG: "tuple", "items": [{"type": "nothing"}]}]),
    json.dumps([validators.FORMAT, {TAG: "tuple", "items": [{"type": "any"}], "more": 1}]),
    json.dumps([validators.FORMAT, {TAG: "tuple", "items": [{"type": "any", "x": {
        TAG: "decimal", "text": "not a number"}}]}]),
    json.dumps([validators.FORMAT, {TAG: "method", "owner": ["kikcalc.model.types",
                                                             "StrictModel"], "name": "__init__"}]),
])
def test_a_damaged_stored_schema_is_built_again(text: str, store: Path) -> None:
    validators.validator_of(BudgetTable)
    [path] = stored(BudgetTable, store)
    path.write_text(text)
    validators.store_in(str(store.parent))
    with pytest.raises(ValidationError):
        validators.validator_of(BudgetTable).validate_python(BROKEN_TABLE)
    assert json.loads(path.read_text())[0] == validators.FORMAT  # stored again, whole


def test_only_the_read_only_commands_keep_validators(tmp_path: Path) -> None:
    """The gate's commands never read the cache folder; `payback` stores there and then
    reads what it stored, with the answer of an uncached run, byte for byte."""
    env = {**os.environ, "KIKCALC_NO_CACHE": "1", "KIKCALC_CACHE_DIR": str(tmp_path)}

    def run(*args: str) -> tuple[int, bytes, bytes]:
        done = subprocess.run([sys.executable, "-m", "kikcalc", *args], cwd=ROOT, env=env,
                              capture_output=True, timeout=300)
        return done.returncode, done.stdout, done.stderr

    proposal = "examples/proposals/fail-k121-split.yaml"
    run("check", "strategies/kik1.yaml", proposal)
    assert not (tmp_path / "validators").exists()
    first = run("payback", "strategies/kik1.yaml", proposal)
    assert len(stored(Strategy, tmp_path / "validators")) == 1
    assert run("payback", "strategies/kik1.yaml", proposal) == first
    assert first == run("payback", "strategies/kik1.yaml", proposal, "--no-cache") != \
        (0, b"", b"")
    without = {**env, "KIKCALC_CACHE_DIR": str(tmp_path / "other")}
    plain = subprocess.run([sys.executable, "-c", "from kikcalc.cli import app; app()",
                            "payback", "strategies/kik1.yaml", proposal], cwd=ROOT,
                           env=without, capture_output=True, timeout=300)
    assert (plain.returncode, plain.stdout, plain.stderr) == first
    assert not (tmp_path / "other").exists()


def test_unreadable_sources_mean_pydantics_own_validator(store: Path,
                                                          monkeypatch: pytest.MonkeyPatch
                                                          ) -> None:
    def unreadable() -> str:
        raise PermissionError("kikcalc/model")

    monkeypatch.setattr(validators, "_sources", unreadable)
    with pytest.raises(ValidationError):
        validators.validator_of(BudgetTable).validate_python(BROKEN_TABLE)
    assert stored(BudgetTable, store) == []


def test_pruning_removes_only_stored_schemas(store: Path, tmp_path: Path) -> None:
    """Pruning the folder leaves alone what kikcalc did not write there (a file the user
    keeps, a folder), and never follows the folder if it became a link elsewhere."""
    store.mkdir(mode=0o700)
    kept = []
    for n in range(validators.KEPT + 3):
        other = store / f"notes-{n}.txt"
        other.write_text("the user's")
        os.utime(other, ns=(n, n))
        kept.append(other)
    (store / "sub").mkdir()
    old = [store / f"Strategy-{n:064x}.json" for n in range(validators.KEPT + 3)]
    for n, path in enumerate(old):
        path.write_text("{}")
        os.utime(path, ns=(10**18 + n, 10**18 + n))
    validators.validator_of(BudgetTable)
    assert stored(BudgetTable, store)
    # the stored schemas beyond KEPT leave, the oldest first
    assert [p.exists() for p in old] == [False] * 4 + [True] * (validators.KEPT - 1)
    assert all(p.exists() for p in kept) and (store / "sub").is_dir()
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    for n in range(validators.KEPT + 3):
        (elsewhere / f"Strategy-{n:064x}.json").write_text("{}")
    linked = tmp_path / "linked"
    linked.symlink_to(elsewhere)
    with pytest.raises(NotADirectoryError):  # a link is refused (O_NOFOLLOW)
        validators._prune(str(linked))
    assert len(list(elsewhere.iterdir())) == validators.KEPT + 3
