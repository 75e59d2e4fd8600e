"""Capacity, alerts and upgrade timing: at what DAU does each bottleneck bite, and does the plan upgrade in time?

One job per module (the formulas themselves are written out in ``model.capacity.formulas``'s docstring):

- ``resources``: the five resources tracked, their labels and units, the capacity field behind each, constants.
- ``formulas``: demand, capacity, thresholds, utilisation and alert of each resource at any DAU (vectorised).
- ``crossings``: the DAU at which an alert starts, per level and under the plan's staircase; alert stretches;
  the upgrade ladder (does each level come before its resource turns critical?).
- ``sentences``: the findings, sentences a person reads about levels that pass a threshold before the next one.
- ``tables``: per-level targets and capacities with their sources.
- ``readings``: every resource at one DAU, the shape the CLI and JSON print.
- ``grids``: DAU grids for plotting the staircase.
- ``result``: ``capacity_result``, everything the Capacity page and sheet show, computed once.

Every public name is re-exported here, so ``from model.capacity import X`` works whichever module holds X.
"""

from __future__ import annotations

from model.capacity.crossings import Status, alert_runs, crossing_dau, first_crossing, level_crossings, upgrade_ladder
from model.capacity.formulas import (
    alert_for,
    capacities,
    demand_coefficients,
    level_index,
    pgbouncer_in_force,
    thresholds,
    utilization_curve,
)
from model.capacity.grids import SEGMENT_POINTS, dau_grid, segment_grid
from model.capacity.readings import ResourceReading, readings_at
from model.capacity.resources import (
    ALERT_DECIMALS,
    CAPACITY_FIELDS,
    DEFAULT_MAX_DAU,
    DEFAULT_MIN_DAU,
    MINUTES_PER_DAY,
    RESOURCE_IDS,
    RESOURCES,
    SECONDS_PER_DAY,
    Alert,
    Resource,
    ResourceId,
    level_by_number,
    level_position,
    resource,
)
from model.capacity.result import CapacityResult, capacity_result
from model.capacity.sentences import CapacityFinding, findings, findings_frame
from model.capacity.tables import capacity_frame, targets_frame

__all__ = [
    "ALERT_DECIMALS",
    "CAPACITY_FIELDS",
    "DEFAULT_MAX_DAU",
    "DEFAULT_MIN_DAU",
    "MINUTES_PER_DAY",
    "RESOURCES",
    "RESOURCE_IDS",
    "SECONDS_PER_DAY",
    "SEGMENT_POINTS",
    "Alert",
    "CapacityFinding",
    "CapacityResult",
    "Resource",
    "ResourceId",
    "ResourceReading",
    "Status",
    "alert_for",
    "alert_runs",
    "capacities",
    "capacity_frame",
    "capacity_result",
    "crossing_dau",
    "dau_grid",
    "demand_coefficients",
    "findings",
    "findings_frame",
    "first_crossing",
    "level_by_number",
    "level_crossings",
    "level_index",
    "level_position",
    "pgbouncer_in_force",
    "readings_at",
    "resource",
    "segment_grid",
    "targets_frame",
    "thresholds",
    "upgrade_ladder",
    "utilization_curve",
]
