"""``--set PATH=VALUE`` on the command line: a scenario changed by field path, validated like a share link.

Each setting is ``PATH=VALUE``. VALUE is read as JSON and must have the type of the value it replaces
(a number for a number, ``true``/``false`` for an on/off setting; text may be bare). A driver's value must
lie within its control's range (``model.drivers``), as a share link's must; then the changed scenario is
validated exactly like a file (``with_overrides``). Anything else is a ScenarioError naming ``--set``, the
path and the rule, which the CLI prints as one line and exits 2.

The settings of the command being run are held in a context variable: ``cli.main`` sets them around
the command, and the one function every command loads scenarios through applies them, so a new command
gets ``--set`` without code of its own.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from model.drivers import drivers_for
from model.loading import ScenarioError
from model.overrides import flatten, with_overrides
from model.scenario import Scenario

SOURCE = "--set"
EXAMPLE_PATH = "caching.caches.1.hit_rate"
"""The driver the CLI's help and errors show as an example (the plan's AI response cache; tests check it is declared)."""
EXAMPLE_SETTING = f"{EXAMPLE_PATH}=0.69"
MAX_VALUE_CHARS = 5_000
MAX_NUMBER_CHARS = 64

_IN_FORCE: ContextVar[tuple[tuple[str, str], ...]] = ContextVar("settings_in_force", default=())


def parse_settings(texts: Sequence[str] | None) -> tuple[tuple[str, str], ...]:
    """'PATH=VALUE' strings -> (path, raw value) pairs; ScenarioError for one without '=' or without a path."""
    pairs = []
    for text in texts or ():
        path, sep, raw = text.partition("=")
        path = path.strip()
        if not sep or not path:
            raise ScenarioError(SOURCE, "", f"expected PATH=VALUE, e.g. {EXAMPLE_SETTING} (got {text!r})")
        pairs.append((path, raw.strip()))
    return tuple(pairs)


def decode(raw: str, like: Any) -> Any:
    """``raw`` as the type of ``like`` (the value it replaces); ValueError with the rule if it cannot be."""
    numeric = isinstance(like, int | float) and not isinstance(like, bool)
    if len(raw) > (MAX_NUMBER_CHARS if numeric else MAX_VALUE_CHARS):
        raise ValueError("value too long")
    try:
        value = json.loads(raw)
    except (ValueError, RecursionError):
        if isinstance(like, str):
            return raw
        raise ValueError(
            f"expected {'a number' if numeric else 'true or false' if isinstance(like, bool) else 'a value'}, got {raw!r}"
        ) from None
    if isinstance(value, dict | list):
        raise ValueError("expected a single value, not a list or an object")
    if isinstance(like, bool):
        if not isinstance(value, bool):
            raise ValueError(f"expected true or false, got {raw!r}")
        return value
    if numeric:
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise ValueError(f"expected a number, got {raw!r}")
        if not math.isfinite(value):
            raise ValueError("must be a finite number")
        return value
    if isinstance(like, str):
        return value if isinstance(value, str) else raw
    if like is None:
        return value
    raise ValueError("this setting cannot be changed with --set")


def apply_settings(scenario: Scenario, pairs: Sequence[tuple[str, str]]) -> Scenario:
    """``scenario`` with each (path, raw value) applied in order; ScenarioError (source '--set') for the first bad one."""
    if not pairs:
        return scenario
    flat = flatten(scenario)
    ranges = {d.path: d for d in drivers_for(scenario)}
    values: dict[str, Any] = {}
    for path, raw in pairs:
        if path not in flat:
            raise ScenarioError(SOURCE, path, "no such setting in the scenario")
        try:
            value = decode(raw, flat[path])
        except ValueError as exc:
            raise ScenarioError(SOURCE, path, str(exc)) from None
        d = ranges.get(path)
        if d is not None and isinstance(value, int | float) and not isinstance(value, bool) and not d.min <= value <= d.max:
            raise ScenarioError(SOURCE, path, f"must be between {d.min:g} and {d.max:g}, the control's range (got {raw})")
        values[path] = value
    return with_overrides(scenario, values, source=SOURCE)


@contextmanager
def settings_in_force(pairs: Sequence[tuple[str, str]]) -> Iterator[None]:
    """Within the block, ``with_settings`` applies ``pairs``."""
    token = _IN_FORCE.set(tuple(pairs))
    try:
        yield
    finally:
        _IN_FORCE.reset(token)


def with_settings(scenario: Scenario) -> Scenario:
    """``scenario`` with the settings in force (none outside ``settings_in_force``)."""
    return apply_settings(scenario, _IN_FORCE.get())
