"""The drivers a founder can move: one catalogue for sliders, share links,
sensitivity, uncertainty and the workbook's Assumptions sheet.

Each driver names a scenario field by dotted path, its unit, a sensible slider
range and how to show it. ``min``/``max`` are where a slider starts; the only
bounds a value must keep are the schema's own (``field_bounds``, read from the
pydantic field constraints, carried on each driver as ``lowest``/``highest``):
a control widens its range to show any value the schema accepts
(``control_range``), so a valid share link or file never breaks a widget.
"""

from __future__ import annotations

import dataclasses
import math
import types
import typing
from dataclasses import dataclass, field
from typing import Annotated, Literal

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from model.scenario import Scenario, value_at

Display = Literal["usd", "usd_cents", "fraction", "number", "dau", "bool"]


@dataclass(frozen=True)
class Driver:
    path: str
    label: str
    unit: str
    group: Literal["AI", "Caching", "Infrastructure", "Reserved instances", "General"]
    min: float
    max: float
    step: float
    display: Display
    help: str = ""
    lowest: float = field(default=-math.inf, compare=False)
    """The schema's lower bound for this path (``field_bounds``); set by ``drivers_for``."""
    highest: float = field(default=math.inf, compare=False)
    """The schema's upper bound for this path (``field_bounds``); set by ``drivers_for``."""

    def value(self, scenario: Scenario) -> float:
        """The scenario's value (an on/off driver gives 1.0 or 0.0)."""
        return float(value_at(scenario, self.path))  # type: ignore[arg-type]

    def control_range(self, *values: float) -> tuple[float, float]:
        """A control's (min, max): the driver's slider range widened to hold every value in ``values`` (each one the
        schema accepts), and never past the schema's own bounds. E.g. revenue 0..1,000 with a value of 5,000 -> 0..5,000."""
        finite = [v for v in values if math.isfinite(v)]
        lo = max(min([self.min, *finite]), self.lowest)
        hi = min(max([self.max, *finite]), self.highest)
        return lo, hi


def _unwrap(annotation: object) -> tuple[object, list[object]]:
    """(the type inside Annotated/Optional, the constraint metadata found on the way)."""
    metadata: list[object] = []
    while True:
        origin = typing.get_origin(annotation)
        if origin is Annotated:
            annotation, *extra = typing.get_args(annotation)
            metadata.extend(extra)
        elif origin in (typing.Union, types.UnionType):
            inner = [a for a in typing.get_args(annotation) if a is not type(None)]
            if len(inner) != 1:
                return annotation, metadata
            annotation = inner[0]
        else:
            return annotation, metadata


def field_bounds(path: str, model: type[BaseModel] = Scenario) -> tuple[float, float]:
    """The schema's bounds for the number at dotted ``path``: (ge or gt, le or lt) from the pydantic field's
    constraints, -inf/inf where it has none. 'economics.revenue_usd_per_dau_per_month' -> (0.0, 100000.0).
    (A strict ``gt``/``lt`` is returned as the bound itself; validation still refuses the bound.) KeyError if no field."""
    node: object = model
    metadata: list[object] = []
    for part in path.split("."):
        if isinstance(node, type) and issubclass(node, BaseModel) and part in node.model_fields:
            info = node.model_fields[part]
            node, metadata = _unwrap(info.annotation)
            metadata = [*info.metadata, *metadata]
        elif part.isdigit() and typing.get_origin(node) in (list, tuple):
            node, metadata = _unwrap(typing.get_args(node)[0])
        elif typing.get_origin(node) is dict:
            node, metadata = _unwrap(typing.get_args(node)[1])
        else:
            raise KeyError(path)
    lo, hi = -math.inf, math.inf
    # Field(...) inside Annotated arrives as a FieldInfo whose own metadata holds the constraints.
    flat = [c for m in metadata for c in (m.metadata if isinstance(m, FieldInfo) else [m])]
    for m in flat:
        for attr in ("ge", "gt"):
            if getattr(m, attr, None) is not None:
                lo = max(lo, float(getattr(m, attr)))
        for attr in ("le", "lt"):
            if getattr(m, attr, None) is not None:
                hi = min(hi, float(getattr(m, attr)))
    return lo, hi


def drivers_for(scenario: Scenario) -> tuple[Driver, ...]:
    """Every driver of ``scenario``: the fixed ones, then one per cache hit rate and per line item."""
    fixed = [
        Driver(
            "ai.calls_per_dau_per_day",
            "AI calls per DAU per day",
            "calls/DAU/day",
            "AI",
            0.0,
            10.0,
            0.1,
            "number",
            "AI requests each daily user makes, before the response cache.",
        ),
        Driver("ai.input_tokens_per_call", "Input tokens per call", "tokens", "AI", 0.0, 20_000.0, 100.0, "number"),
        Driver("ai.output_tokens_per_call", "Output tokens per call", "tokens", "AI", 0.0, 20_000.0, 100.0, "number"),
        Driver(
            "ai.model_mix.0.share_of_calls",
            f"Share of calls on {scenario.ai.model_mix[0].model}",
            "share",
            "AI",
            0.0,
            1.0,
            0.05,
            "fraction",
            "The rest go to the other model(s) in the mix.",
        ),
        Driver(
            "ai.prompt_cache_share_of_input",
            "Prompt-cache share of input tokens",
            "share",
            "AI",
            0.0,
            1.0,
            0.05,
            "fraction",
            "Billed at the cached-input price; only calls that reach the API get it.",
        ),
        Driver(
            "ai.own_model.cost_relative_to_api", "Own model cost relative to the API", "x API", "AI", 0.0, 1.5, 0.01, "fraction"
        ),
        Driver("ai.own_model.from_dau", "Own model replaces the API from", "DAU", "AI", 10_000.0, 2_000_000.0, 10_000.0, "dau"),
        Driver(
            "ai.own_model.enabled",
            "Own model replaces the API",
            "on/off",
            "AI",
            0.0,
            1.0,
            1.0,
            "bool",
            "Off: the API answers every call at every DAU.",
        ),
        Driver(
            "reserved_instances.applied",
            "Deduct reserved-instance savings",
            "on/off",
            "Reserved instances",
            0.0,
            1.0,
            1.0,
            "bool",
            "The plan's cost table does not deduct them; on, eligible items cost (1 - discount).",
        ),
        Driver("days_per_month", "Days per month", "days", "General", 28.0, 31.0, 0.25, "number"),
        Driver(
            "reserved_instances.discount",
            "Reserved-instance discount",
            "share",
            "Reserved instances",
            scenario.reserved_instances.discount_low,
            scenario.reserved_instances.discount_high,
            0.01,
            "fraction",
        ),
        Driver(
            "reserved_instances.from_dau",
            "Reserved instances from",
            "DAU",
            "Reserved instances",
            10_000.0,
            2_000_000.0,
            10_000.0,
            "dau",
        ),
    ]
    for i, phase in enumerate(scenario.ai.optimisation_phases):
        fixed.append(
            Driver(
                f"ai.optimisation_phases.{i}.cost_multiplier",
                f"{phase.name} cost multiplier",
                "x",
                "AI",
                0.05,
                1.0,
                0.01,
                "number",
                "AI cost relative to the phase before.",
            )
        )
    for i, cache in enumerate(scenario.caching.caches):
        if cache.hit_rate is not None:
            fixed.append(
                Driver(f"caching.caches.{i}.hit_rate", f"{cache.name} hit rate", "share", "Caching", 0.0, 1.0, 0.01, "fraction")
            )
    for li_level, level in enumerate(scenario.levels):
        for j, item in enumerate(level.line_items):
            top = max(1000.0, item.usd_per_month * 4)
            fixed.append(
                Driver(
                    f"levels.{li_level}.line_items.{j}.usd_per_month",
                    f"L{level.number} {item.vendor} {item.plan}",
                    "USD/month",
                    "Infrastructure",
                    0.0,
                    top,
                    1.0 if top <= 5000 else 100.0,
                    "usd",
                )
            )
    return tuple(_with_schema_bounds(d) for d in fixed)


def _with_schema_bounds(d: Driver) -> Driver:
    lowest, highest = field_bounds(d.path)
    return dataclasses.replace(d, lowest=lowest, highest=highest)
