"""Reading scenarios from disk or bytes, with one clear line per problem.

Every failure is a ``ScenarioError`` (model/validation.py) whose message names the file, the field
path and the rule broken, e.g.
``plan.json: caching.caches.1.hit_rate: must be <= 1 (got 1.5)``.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from model.overrides import with_overrides
from model.scenario import Scenario, ScenarioOverlay
from model.validation import (
    MAX_NESTING,
    ScenarioError,
    _constant,
    _depth,
    _path,
    _rule,
    validate_obj,
)

MAX_SCENARIO_BYTES = 1_000_000
ROOT = Path(__file__).resolve().parent.parent
SCENARIO_DIR = ROOT / "data" / "scenarios"
PLAN_SCENARIO = SCENARIO_DIR / "plan.json"


def parse_scenario(raw: bytes | str, *, source: str = "<upload>") -> Scenario:
    """Validate ``raw`` JSON text as a Scenario, or raise ScenarioError naming the problem."""
    data = raw.encode() if isinstance(raw, str) else raw
    if len(data) > MAX_SCENARIO_BYTES:
        raise ScenarioError(source, "", f"file is {len(data):,} bytes; a scenario may be at most {MAX_SCENARIO_BYTES:,} bytes")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise ScenarioError(source, "", "not UTF-8 text (is it a binary file?)") from None
    return scenario_from_obj(_json_object(text, source), source=source)


class _DuplicateKeys(dict):
    """A JSON object that named a key twice (``duplicate`` is the first such key)."""

    duplicate: str


def _pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    obj = dict(pairs)
    if len(obj) == len(pairs):
        return obj
    seen: set[str] = set()
    marked = _DuplicateKeys(obj)
    marked.duplicate = next(k for k, _ in pairs if k in seen or seen.add(k))  # type: ignore[func-returns-value]
    return marked


def _duplicate_path(obj: Any) -> str | None:
    """Dotted path of the first key a JSON object names twice (the last value would silently win), or None."""
    stack: list[tuple[Any, tuple[str, ...]]] = [(obj, ())]
    while stack:
        node, path = stack.pop()
        if isinstance(node, _DuplicateKeys):
            return ".".join((*path, node.duplicate))
        if isinstance(node, dict):
            stack.extend((v, (*path, str(k))) for k, v in reversed(node.items()))
        elif isinstance(node, list):
            stack.extend((v, (*path, str(i))) for i, v in reversed(list(enumerate(node))))
    return None


def _json_object(text: str, source: str) -> Any:
    """Parsed JSON, or ScenarioError: invalid JSON (line and column), a key named twice (its path), a number too long."""
    try:
        obj = json.loads(text, parse_constant=_constant, object_pairs_hook=_pairs)
    except json.JSONDecodeError as exc:
        raise ScenarioError(source, "", f"invalid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}") from None
    except ValueError as exc:
        if "digits" in str(exc):  # Python refuses to convert an integer of more than 4,300 digits
            raise ScenarioError(source, "", "invalid JSON: a number has more than 4,300 digits") from None
        raise ScenarioError(source, "", f"invalid JSON: {exc}") from None
    except RecursionError:
        raise ScenarioError(source, "", f"nested more than {MAX_NESTING} levels deep") from None
    dup = _duplicate_path(obj) if _depth(obj, MAX_NESTING) <= MAX_NESTING else None
    if dup is not None:
        raise ScenarioError(source, dup, "key appears twice in the same object (a JSON reader would keep only the last)")
    return obj


def scenario_from_obj(obj: Any, *, source: str = "<scenario>", _chain: tuple[str, ...] = ()) -> Scenario:
    """Validate an already-parsed object as a Scenario (or as an overlay that extends a shipped one)."""
    if isinstance(obj, dict) and "extends" in obj and _depth(obj, MAX_NESTING) <= MAX_NESTING:
        return _from_overlay(obj, source=source, chain=_chain)
    return validate_obj(obj, source=source)


def _from_overlay(obj: dict[str, Any], *, source: str, chain: tuple[str, ...]) -> Scenario:
    """An overlay: {"extends": "plan.json", "name": ..., "notes": ..., "overrides": {path: value}}.

    Shipped alternative scenarios are overlays, so each differs from the plan by
    exactly the assumptions it lists (and gains every new field of the plan).
    """
    try:
        overlay = ScenarioOverlay.model_validate(obj)
    except ValidationError as exc:
        first = sorted(exc.errors(), key=lambda e: e["type"] != "extra_forbidden")[0]
        raise ScenarioError(source, _path(tuple(first["loc"])), _rule(dict(first))) from None
    if overlay.extends in chain:
        raise ScenarioError(source, "extends", f"circular: {' -> '.join((*chain, overlay.extends))}")
    base_path = _extended_file(overlay.extends, source)
    base_source = f"data/scenarios/{overlay.extends}"  # not a path on the server
    raw = load_bytes(base_path, source=base_source)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise ScenarioError(base_source, "", "not UTF-8 text (is it a binary file?)") from None
    base = scenario_from_obj(_json_object(text, base_source), source=base_source, _chain=(*chain, overlay.extends))
    changed = {"name": overlay.name, "notes": overlay.notes, **overlay.overrides}
    return with_overrides(base, changed, source=source)


def _extended_file(name: str, source: str) -> Path:
    """The file an overlay extends: a regular .json file inside data/scenarios, after following any symlink.

    ``name`` is already a bare file name (the schema's pattern), so only a symlink could lead elsewhere:
    one that resolves outside data/scenarios, to a name not ending in .json, or to something that is not a
    regular file (a folder, /dev/zero) is refused with one line naming the file that says 'extends'."""
    where = f"{name!r} is not a scenario in data/scenarios"
    candidate = SCENARIO_DIR / name
    try:
        resolved = candidate.resolve(strict=True)
    except (OSError, RuntimeError):  # missing, a dangling or looping symlink
        raise ScenarioError(source, "extends", f"no such file: {where}") from None
    if resolved.parent != SCENARIO_DIR.resolve():
        raise ScenarioError(source, "extends", f"{where}: it links to a file outside data/scenarios")
    if resolved.suffix != ".json":
        raise ScenarioError(source, "extends", f"{where}: it links to a file that is not .json")
    if not resolved.is_file():
        raise ScenarioError(source, "extends", f"{where}: not a regular file")
    return resolved


def load_bytes(path: Path, *, source: str | None = None) -> bytes:
    """The file's bytes, reading at most MAX_SCENARIO_BYTES + 1 of them whatever size the file claims
    (``/dev/zero`` claims 0 and never ends; a file can grow while it is read)."""
    name = source or str(path)
    try:
        with path.open("rb") as f:
            data = f.read(MAX_SCENARIO_BYTES + 1)
    except FileNotFoundError:
        raise ScenarioError(name, "", "no such file") from None
    except IsADirectoryError:
        raise ScenarioError(name, "", "is a folder, not a scenario file") from None
    except OSError as exc:
        raise ScenarioError(name, "", f"cannot read: {exc.strerror}") from None
    if len(data) > MAX_SCENARIO_BYTES:
        raise ScenarioError(
            name, "", f"file is more than {MAX_SCENARIO_BYTES:,} bytes; a scenario may be at most {MAX_SCENARIO_BYTES:,} bytes"
        )
    return data


def load_scenario(path: str | Path) -> Scenario:
    """Read and validate a scenario file (a full scenario or an overlay)."""
    return parse_scenario(load_bytes(Path(path)), source=str(path))


@cache
def plan_scenario() -> Scenario:
    """The plan's scenario (read once per process)."""
    return load_scenario(PLAN_SCENARIO)


def shipped_scenarios() -> dict[str, Path]:
    """Scenario files in data/scenarios, plan first, by file stem."""
    files = sorted(SCENARIO_DIR.glob("*.json"), key=lambda f: (f.stem != "plan", f.stem))
    return {f.stem: f for f in files}
