"""Reading scenarios from disk or bytes, with one clear line per problem.

Every failure is a ``ScenarioError`` whose message names the file, the field
path and the rule broken, e.g.
``plan.json: caching.caches.1.hit_rate: must be <= 1 (got 1.5)``.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from model.safetext import one_line
from model.scenario import Scenario, ScenarioOverlay

MAX_SCENARIO_BYTES = 1_000_000
MAX_NESTING = 64
ROOT = Path(__file__).resolve().parent.parent
SCENARIO_DIR = ROOT / "data" / "scenarios"
PLAN_SCENARIO = SCENARIO_DIR / "plan.json"


class ScenarioError(ValueError):
    """A scenario that cannot be used; ``str(err)`` is one line for a person."""

    def __init__(self, source: str, field: str, rule: str) -> None:
        self.source, self.field, self.rule = source, field, rule
        # A field path can come from the input (a misspelt key, an override path): keep the message one short line.
        shown = _one_line(field, 120)
        where = f"{_one_line(source, 200)}: {shown}: " if field else f"{_one_line(source, 200)}: "
        super().__init__(where + _one_line(rule, 400))


def _one_line(text: str, limit: int) -> str:
    """``text`` with control characters escaped, cut to ``limit`` characters."""
    return one_line(text, limit)


def _constant(name: str) -> float:
    # NaN and Infinity are not JSON; read them as floats so validation names the field ("must be a finite number").
    return float(name)


def _depth(obj: Any, limit: int) -> int:
    stack: list[tuple[Any, int]] = [(obj, 1)]
    deepest = 0
    while stack:
        node, depth = stack.pop()
        deepest = max(deepest, depth)
        if deepest > limit:
            return deepest
        if isinstance(node, dict):
            stack.extend((v, depth + 1) for v in node.values())
        elif isinstance(node, list):
            stack.extend((v, depth + 1) for v in node)
    return deepest


def _rule(err: dict[str, Any]) -> str:
    kind = err.get("type", "")
    ctx = err.get("ctx") or {}
    got = err.get("input")
    shown = repr(got) if not isinstance(got, dict | list) else type(got).__name__
    if len(shown) > 60:
        shown = shown[:57] + "..."
    if kind == "extra_forbidden":
        return "unknown key (check the spelling; see data/scenario.schema.json)"
    if kind == "missing":
        return "required field is missing"
    bounds = {"greater_than": ">", "greater_than_equal": ">=", "less_than": "<", "less_than_equal": "<="}
    if kind in bounds:
        limit = next(iter(ctx.values())) if ctx else "?"
        return f"must be {bounds[kind]} {limit} (got {shown})"
    if kind == "too_long" and "max_length" in ctx:
        return f"at most {ctx['max_length']:,} entries (a scenario size limit; it has {ctx.get('actual_length', '?'):,})"
    if kind == "finite_number":
        return "must be a finite number"
    msg = str(err.get("msg", "invalid")).removeprefix("Value error, ")
    return f"{msg} (got {shown})" if kind not in ("value_error", "assertion_error") else msg


def _path(loc: tuple[Any, ...]) -> str:
    return ".".join(str(p) for p in loc) or "(top level)"


def _located(obj: Any, err: dict[str, Any]) -> tuple[str, str]:
    """Field path and rule of an error; a check on a whole section ('tiers_dau must be strictly increasing',
    'capacity.triggers: ...') names the field its message starts with, where the input has that field."""
    loc, rule = tuple(err["loc"]), _rule(err)
    words = rule.split(" ", 1)
    if err.get("type") != "value_error" or len(words) < 2:
        return _path(loc), rule
    head = words[0].removesuffix(":")
    node = obj
    for part in (*loc, *head.split(".")):
        if isinstance(node, dict) and part in node:
            node = node[part]
        elif isinstance(node, list) and isinstance(part, int | str) and str(part).isdigit() and int(part) < len(node):
            node = node[int(part)]
        else:
            return _path(loc), rule
    return _path((*loc, *head.split("."))), (words[1] if words[0].endswith(":") else rule)


def _check_prices(scenario: Scenario, source: str) -> None:
    """Every model in the mix (and every routed model) needs prices: the scenario's override, pinned, or genai-prices'."""
    from model.prices import UnknownModelError, price_of

    ai = scenario.ai
    wanted = [(f"ai.model_mix.{i}.model", s.model, s.provider) for i, s in enumerate(ai.model_mix)]
    wanted += [
        (f"ai.optimisation_phases.{i}.routed_model", ph.routed_model, ph.routed_provider)
        for i, ph in enumerate(ai.optimisation_phases)
        if ph.routed_model is not None
    ]
    for field, model, provider in wanted:
        try:
            price_of(ai, model, provider)
        except UnknownModelError as exc:
            raise ScenarioError(source, field, f"{exc}; or give its prices in ai.price_overrides") from None


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
    if not isinstance(obj, dict):
        raise ScenarioError(source, "", f"a scenario is a JSON object, not {type(obj).__name__}")
    if _depth(obj, MAX_NESTING) > MAX_NESTING:
        raise ScenarioError(source, "", f"nested more than {MAX_NESTING} levels deep")
    if "extends" in obj:
        return _from_overlay(obj, source=source, chain=_chain)
    try:
        scenario = Scenario.model_validate(obj)
    except ValidationError as exc:
        # A misspelt key also shows up as the real key "missing": name the typo first.
        errors = sorted(exc.errors(), key=lambda e: e["type"] != "extra_forbidden")
        first = errors[0]
        more = exc.error_count() - 1
        field, rule = _located(obj, dict(first))
        rule += f" (and {more} more problem{'s' if more > 1 else ''})" if more else ""
        raise ScenarioError(source, field, rule) from None
    except (RecursionError, OverflowError) as exc:
        raise ScenarioError(source, "", f"cannot be read as a scenario: {exc}") from None
    _check_prices(scenario, source)
    return scenario


def _from_overlay(obj: dict[str, Any], *, source: str, chain: tuple[str, ...]) -> Scenario:
    """An overlay: {"extends": "plan.json", "name": ..., "notes": ..., "overrides": {path: value}}.

    Shipped alternative scenarios are overlays, so each differs from the plan by
    exactly the assumptions it lists (and gains every new field of the plan).
    """
    from model.overrides import with_overrides

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
