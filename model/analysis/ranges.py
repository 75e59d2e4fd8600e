"""Driver ranges, and setting many values of a driver at once on ``Params``.

Sensitivity and the Monte Carlo both price a scenario with one or more drivers
moved. Rather than rebuild and revalidate a Scenario per value, they set the
driver on ``costs.Params`` as an array of values shaped (n, 1), which the cost
formulas broadcast against DAU shaped (tiers,), giving (n, tiers) in one call.
``tests/analysis`` checks every mapping here against ``with_overrides`` +
``evaluate``, so the two ways of moving a driver cannot drift apart.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np
from pydantic import BaseModel

from model import costs
from model.driver_spec import declared, element_driver
from model.drivers import drivers_for
from model.loading import ScenarioError
from model.scenario import CATEGORIES, Cache, LineItem, ModelShare, OptimisationPhase, Scenario, value_at

# Scalar Params fields set directly from one scenario path: every declared number whose Spec names a Params attribute
# (model.driver_spec.Spec.attribute). On/off drivers are no ranges; a driver no cost formula reads (not on Params) is none.
_PARAMS_FIELDS = {f.name for f in dataclasses.fields(costs.Params)}
_SCALAR_FIELDS: dict[str, str] = {
    d.pattern: d.spec.attribute
    for d in declared(Scenario)
    if d.spec.attribute in _PARAMS_FIELDS and "*" not in d.pattern and d.spec.display != "bool"
}


def _paths_of_driver(element: type[BaseModel]) -> re.Pattern[str]:
    """The paths of the driver a list element declares, one group per list index (a phase's multiplier:
    'ai.optimisation_phases.(\\d+).<field>'): from its Spec, so the field is named where it is declared."""
    _, spec = element_driver(element)
    (d,) = [d for d in declared(Scenario) if d.spec is spec]
    return re.compile("^" + re.escape(d.pattern).replace(r"\*", r"(\d+)") + "$")


_PHASE = _paths_of_driver(OptimisationPhase)
_PHASE_FROM = re.compile(r"^ai\.optimisation_phases\.(\d+)\.from_dau$")
_SHARE = _paths_of_driver(ModelShare)
_CACHE = _paths_of_driver(Cache)
_LINE_ITEM = _paths_of_driver(LineItem)


@dataclass(frozen=True)
class DriverRange:
    """One driver's range as the analysis uses it."""

    path: str
    label: str
    value: float
    """The scenario's own value (the triangular distribution's mode)."""
    low: float
    """min(stated low, value): a value moved outside its stated range widens the range rather than failing."""
    high: float
    """max(stated high, value)."""
    distribution: str
    note: str
    value_outside_stated: bool
    """True when the scenario's value lies outside the range the scenario states."""


def driver_ranges(scenario: Scenario) -> tuple[DriverRange, ...]:
    """The scenario's ranges in its file order, checked to be cost drivers whose low and high ends are valid
    values of their fields, widened to include the current value."""
    for path in scenario.ranges:
        check_supported(scenario, path)
    _check_ends(scenario.model_dump_json())
    labels = {d.path: d.label for d in drivers_for(scenario)}  # the catalogue's label (the path where it has none)
    out = []
    for path, r in scenario.ranges.items():
        value = float(value_at(scenario, path))  # type: ignore[arg-type]
        out.append(
            DriverRange(
                path=path,
                label=labels.get(path, path),
                value=value,
                low=min(r.low, value),
                high=max(r.high, value),
                distribution=r.distribution,
                note=r.note,
                value_outside_stated=not r.low <= value <= r.high,
            )
        )
    return tuple(out)


@lru_cache(maxsize=64)
def _check_ends(scenario_json: str) -> None:
    """Every range's low ends together, then its high ends, must make a valid scenario (hit rates <= 1, counts >= 0 ...):
    otherwise the Monte Carlo would price impossible values. Cached by the scenario's JSON (two validations each)."""
    from model.overrides import with_overrides

    scenario = Scenario.model_validate_json(scenario_json)
    for end in ("low", "high"):
        values = {path: getattr(r, end) for path, r in scenario.ranges.items()}
        try:
            with_overrides(scenario, values, source=scenario.name)
        except ScenarioError as exc:
            field = f"ranges.{exc.field}.{end}" if exc.field in values else f"ranges ({end} ends): {exc.field}"
            raise ScenarioError(scenario.name, field, exc.rule) from None


def check_supported(scenario: Scenario, path: str) -> None:
    """Raise ScenarioError unless ``path`` is a driver the cost formulas read (see ``with_driver_values``)."""
    rule = _unsupported_reason(scenario, path)
    if rule:
        raise ScenarioError(scenario.name, f"ranges.{path}", rule)


def _unsupported_reason(scenario: Scenario, path: str) -> str:
    if path in _SCALAR_FIELDS:
        return ""
    if m := _PHASE.match(path) or _PHASE_FROM.match(path):
        return "" if int(m[1]) < len(scenario.ai.optimisation_phases) else "no such optimisation phase"
    if m := _SHARE.match(path):
        if len(scenario.ai.model_mix) != 2:
            return "a share of calls can vary only with exactly two models in the mix (the other takes the rest)"
        return "" if int(m[1]) < 2 else "no such model in the mix"
    if m := _CACHE.match(path):
        caches = scenario.caching.caches
        if int(m[1]) >= len(caches):
            return "no such cache"
        return (
            ""
            if caches[int(m[1])].serves == "ai"
            else "only the AI response cache's hit rate changes cost (database caches cut load, not the bill)"
        )
    if m := _LINE_ITEM.match(path):
        lv, item = int(m[1]), int(m[2])
        ok = lv < len(scenario.levels) and item < len(scenario.levels[lv].line_items)
        return "" if ok else "no such line item"
    return "no cost formula reads this setting, so a range on it cannot move the cost"


def with_driver_values(scenario: Scenario, p: costs.Params, values: Mapping[str, Any]) -> costs.Params:
    """``p`` with each driver path set to an array of n values (one per draw).

    Scalar drivers become shape (n, 1); per-model and per-phase arrays (n, 1, k);
    line items set the level-by-category table to (n, levels, categories). Every
    cost formula then returns (n, tiers) for DAU shaped (tiers,). Paths not in
    ``values`` keep the scenario's value. A share of calls sets the other model
    of a two-model mix to 1 - share, as ``with_overrides`` does.
    """
    changes: dict[str, Any] = {}
    cols = {path: np.asarray(v, dtype=float).reshape(-1, 1) for path, v in values.items()}

    def per_draw(name: str, base: np.ndarray, n: int) -> np.ndarray:
        """``changes[name]``: ``base`` copied once per draw, by the first line item that moves it; later ones add to it."""
        if name not in changes:
            changes[name] = np.broadcast_to(base, (n, *base.shape)).copy()
        return changes[name]

    for path, col in cols.items():
        check_supported(scenario, path)
        if path in _SCALAR_FIELDS:
            changes[_SCALAR_FIELDS[path]] = col
        elif _CACHE.match(path):
            changes["ai_response_hit_rate"] = col
        elif m := _SHARE.match(path):
            i = int(m[1])
            shares = np.broadcast_to(p.model_shares, (col.shape[0], 1, 2)).copy()
            shares[:, 0, i] = col[:, 0]
            shares[:, 0, 1 - i] = 1.0 - col[:, 0]
            changes["model_shares"] = shares
        elif m := _PHASE.match(path) or _PHASE_FROM.match(path):
            name = "phase_multipliers" if m.re is _PHASE else "phase_from_dau"
            current = changes.get(name, getattr(p, name))
            arr = np.broadcast_to(current, (col.shape[0], 1, current.shape[-1])).copy()
            k = int(m[1])
            # The fitted multiplier (the scenario's value at this path) scales the phase's lever factor (1 where the
            # phase has no levers).
            levers = 1.0
            if name == "phase_multipliers":
                levers = float(p.phase_multipliers[k]) / float(value_at(scenario, path))  # type: ignore[arg-type]
            arr[:, 0, k] = col[:, 0] * levers
            changes[name] = arr
        elif m := _LINE_ITEM.match(path):
            lv, j = int(m[1]), int(m[2])
            item = scenario.levels[lv].line_items[j]
            delta = col[:, 0] - float(value_at(scenario, path))  # type: ignore[arg-type]
            n = col.shape[0]
            per_draw("level_category_usd", p.level_category_usd, n)[:, lv, CATEGORIES.index(item.category)] += delta
            if item.reserved_eligible:
                per_draw("level_reserved_eligible_usd", p.level_reserved_eligible_usd, n)[:, lv] += delta
                # ... and by category (tier_rows.CATEGORY_USD deducts the saving per category).
                base = p.level_category_usd * 0 if p.level_category_eligible_usd is None else p.level_category_eligible_usd
                per_draw("level_category_eligible_usd", base, n)[:, lv, CATEGORIES.index(item.category)] += delta
    return p.with_values(**changes)


def sample(ranges: tuple[DriverRange, ...], u: np.ndarray) -> dict[str, np.ndarray]:
    """Values for each driver from uniform numbers ``u`` shaped (draws, drivers), by the inverse CDF.

    uniform: low + u x (high - low).
    triangular (mode c = the scenario's value): with F = (c - low) / (high - low),
    low + sqrt(u x (high - low) x (c - low)) where u < F, else high - sqrt((1 - u) x (high - low) x (high - c)).
    A collapsed range (low = high) gives its one value for every u.
    """
    out = {}
    for k, r in enumerate(ranges):
        uk = u[:, k]
        width = r.high - r.low
        if r.distribution == "uniform":
            out[r.path] = r.low + uk * width
        else:
            split = (r.value - r.low) / width if width > 0 else 0.0
            left = r.low + np.sqrt(uk * width * (r.value - r.low))
            right = r.high - np.sqrt((1.0 - uk) * width * (r.high - r.value))
            out[r.path] = np.where(uk < split, left, right)
    return out
