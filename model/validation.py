"""Validating a parsed scenario, with one clear line per problem.

Every failure is a ``ScenarioError`` whose message names the source, the field path and the rule broken, e.g.
``plan.json: caching.caches.1.hit_rate: must be <= 1 (got 1.5)``. Reading files and resolving overlays is
``model.loading``'s job; changing a scenario by path is ``model.overrides``'; both validate through here.
"""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError

from model.safetext import one_line
from model.scenario import LEAVES_CHANGED_ONLY, Scenario

MAX_NESTING = 64


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


def validate_obj(obj: Any, *, source: str = "<scenario>", leaves_changed_only: bool = False) -> Scenario:
    """Validate an already-parsed object as a full Scenario (not an overlay), or raise ScenarioError naming the problem.

    ``leaves_changed_only``: ``obj`` is a valid scenario's dump with only scalar leaves replaced by scalars (a slider
    moved, a solver's trial value), so its nesting and the paths its provenance names are those of a valid scenario
    and are not walked again; every value is still validated."""
    if not isinstance(obj, dict):
        raise ScenarioError(source, "", f"a scenario is a JSON object, not {type(obj).__name__}")
    if not leaves_changed_only and _depth(obj, MAX_NESTING) > MAX_NESTING:
        raise ScenarioError(source, "", f"nested more than {MAX_NESTING} levels deep")
    try:
        scenario = Scenario.model_validate(obj, context={LEAVES_CHANGED_ONLY: True} if leaves_changed_only else None)
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
