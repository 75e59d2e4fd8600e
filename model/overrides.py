"""Changing a scenario by field path, and listing how two scenarios differ.

The app's controls, share links, scenario comparison and the workbook all speak
in dotted field paths ('ai.calls_per_dau_per_day', 'caching.caches.1.hit_rate').
A changed scenario is validated exactly like a file, so a bad value gets the
same one-line message naming the field and the rule.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from typing import Any

from model.driver_spec import declared, element_driver
from model.scenario import ModelShare, Scenario, value_at
from model.validation import ScenarioError, validate_obj


def with_overrides(scenario: Scenario, overrides: Mapping[str, Any], *, source: str = "<settings>") -> Scenario:
    """A copy of ``scenario`` with each path set to its value, validated; ScenarioError if a path or value is bad."""
    if not overrides:
        return scenario
    data = scenario.model_dump(mode="json")
    leaves_only = True
    for path, value in overrides.items():
        leaves_only = _set(data, path, value, source) and leaves_only
        _rebalance_mix(data, path, value)
    return validate_obj(data, source=source, leaves_changed_only=leaves_only)


def _share_path() -> list[str]:
    """The declared path of a model's share of calls, split: [section, list, '*', field] (its Spec, found by its element)."""
    _, spec = element_driver(ModelShare)
    return next(d.pattern for d in declared(Scenario) if d.spec is spec).split(".")


_SHARE_PATH = _share_path()


def _rebalance_mix(data: Any, path: str, value: Any) -> None:
    """With two models in the mix, setting one share sets the other to the rest, so shares still sum to 1."""
    section, mix_field, _, share = _SHARE_PATH
    parts = path.split(".")
    if len(parts) != 4 or parts[:2] != [section, mix_field] or parts[3] != share or parts[2] not in ("0", "1"):
        return
    # An earlier override may have replaced the section with anything: validation reports that, not this.
    ai = data.get(section)
    mix = ai.get(mix_field) if isinstance(ai, dict) else None
    if (
        isinstance(mix, list)
        and len(mix) == 2
        and isinstance(mix[1 - int(parts[2])], dict)
        and isinstance(value, int | float)
        and 0 <= value <= 1
    ):
        mix[1 - int(parts[2])][share] = 1.0 - float(value)


_SCALARS = (str, int, float, bool, type(None))


def _set(data: Any, path: str, value: Any, source: str) -> bool:
    """Set ``path`` in ``data`` to ``value``; True if a scalar leaf became a scalar (the shape is unchanged)."""
    parts = path.split(".")
    node = data
    for i, part in enumerate(parts):
        last = i == len(parts) - 1
        if isinstance(node, dict) and part in node:
            if last:
                old, node[part] = node[part], copy.deepcopy(value)
                return isinstance(old, _SCALARS) and isinstance(value, _SCALARS)
            node = node[part]
        elif isinstance(node, list) and part.isascii() and part.isdigit() and len(part) < 10 and int(part) < len(node):
            if last:
                old, node[int(part)] = node[int(part)], copy.deepcopy(value)
                return isinstance(old, _SCALARS) and isinstance(value, _SCALARS)
            node = node[int(part)]
        else:
            raise ScenarioError(source, path, "no such setting")
    raise ScenarioError(source, path, "no such setting")  # an empty path


def flatten(scenario: Scenario) -> dict[str, Any]:
    """Every leaf value of the scenario by dotted path (lists indexed), provenance excluded."""
    out: dict[str, Any] = {}

    def walk(node: Any, prefix: str) -> None:
        if isinstance(node, dict):
            for k, v in node.items():
                walk(v, f"{prefix}.{k}" if prefix else str(k))
        elif isinstance(node, list):
            for i, v in enumerate(node):
                walk(v, f"{prefix}.{i}")
        else:
            out[prefix] = node

    data = scenario.model_dump(mode="json", exclude={"provenance"})
    walk(data, "")
    return out


def differences(base: Scenario, other: Scenario) -> dict[str, tuple[Any, Any]]:
    """Every leaf path whose value differs: path -> (base value, other value); a missing side is None."""
    a, b = flatten(base), flatten(other)
    return {k: (a.get(k), b.get(k)) for k in sorted(a.keys() | b.keys()) if a.get(k) != b.get(k)}


def changed_values(base: Scenario, other: Scenario) -> dict[str, Any]:
    """The overrides that turn ``base`` into ``other`` (for leaves both share; used by share links)."""
    return {k: v for k, (_, v) in differences(base, other).items()}


def get(scenario: Scenario, path: str) -> Any:
    """The value at ``path`` (KeyError if none)."""
    return value_at(scenario, path)
