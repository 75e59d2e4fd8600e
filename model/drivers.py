"""The drivers a founder can move: one catalogue for sliders, share links,
sensitivity, uncertainty and the workbook's Assumptions sheet.

Each driver names a scenario field by dotted path, its unit, a sensible slider
range and how to show it. Bounds here are for controls; the scenario's own
validation still applies to any value.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

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

    def value(self, scenario: Scenario) -> float:
        """The scenario's value (an on/off driver gives 1.0 or 0.0)."""
        return float(value_at(scenario, self.path))  # type: ignore[arg-type]


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
    return tuple(fixed)
