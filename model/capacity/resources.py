"""The resources whose utilisation the model tracks, the capacity field that sets each, and the shared constants."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from model.scenario import Level, Scenario

ResourceId = Literal["db_connections", "redis_memory", "ai_requests", "ai_tokens", "db_writes"]
Alert = Literal["ok", "warning", "critical"]

ALERT_DECIMALS = 9
"""Utilisation is compared with a threshold after ROUND(u, 9)."""
MINUTES_PER_DAY = 1440.0
SECONDS_PER_DAY = 86_400.0
DEFAULT_MAX_DAU = 2_000_000
"""The right end of the app's curves; findings about the last level look this far."""
DEFAULT_MIN_DAU = 1_000


@dataclass(frozen=True)
class Resource:
    """A resource whose utilisation the model tracks."""

    id: ResourceId
    label: str
    unit: str
    thresholds_from: Literal["plan", "assumption"]
    """plan: the plan's own alert thresholds; assumption: capacity.thresholds_unstated."""
    short: str
    """A label short enough for a chart axis or a metric."""


RESOURCES: tuple[Resource, ...] = (
    Resource("db_connections", "Database connections", "connections", "plan", "DB connections"),
    Resource("redis_memory", "Redis memory", "GB", "plan", "Redis memory"),
    Resource("ai_requests", "AI requests per minute at peak", "requests/min", "assumption", "AI requests/min"),
    Resource("ai_tokens", "AI tokens per minute at peak", "tokens/min", "assumption", "AI tokens/min"),
    Resource("db_writes", "Database writes per second at peak", "writes/s", "assumption", "DB writes/s"),
)
RESOURCE_IDS: tuple[str, ...] = tuple(r.id for r in RESOURCES)
_BY_ID = {r.id: r for r in RESOURCES}


def resource(resource_id: str) -> Resource:
    """The resource with this id (KeyError for an unknown id)."""
    return _BY_ID[resource_id]  # type: ignore[index]


CAPACITY_FIELDS: dict[str, str] = {
    "db_connections": "db_max_connections",
    "redis_memory": "redis_memory_gb",
    "ai_requests": "ai_requests_per_minute",
    "ai_tokens": "ai_tokens_per_minute",
    "db_writes": "db_writes_per_second",
}
"""Resource -> the field of capacity.levels.N that sets it (for provenance and controls)."""


def level_by_number(scenario: Scenario, number: int) -> Level:
    """The level numbered ``number``; ValueError naming the levels there are if none is."""
    for lv in scenario.levels:
        if lv.number == number:
            return lv
    raise ValueError(f"no level {number} (levels: {', '.join(str(lv.number) for lv in scenario.levels)})")


def level_position(scenario: Scenario, number: int) -> int:
    """Index in ``scenario.levels`` of the level numbered ``number`` (ValueError if none is)."""
    level_by_number(scenario, number)
    return next(i for i, lv in enumerate(scenario.levels) if lv.number == number)
