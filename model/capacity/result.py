"""One capacity result for the page, the sheet and the CLI, computed once."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from model.capacity.crossings import alert_runs, first_crossing, level_crossings, upgrade_ladder
from model.capacity.formulas import thresholds, utilization_curve
from model.capacity.grids import segment_grid
from model.capacity.resources import RESOURCES
from model.capacity.sentences import CapacityFinding, findings
from model.capacity.tables import targets_frame
from model.scenario import Scenario


@dataclass(frozen=True)
class CapacityResult:
    """Everything the Capacity page and sheet show, computed once."""

    scenario_name: str
    curve: pd.DataFrame
    """utilization_curve over the DAU grid (default ``segment_grid``: each level segment on 40 points plus its ends)."""
    crossings: pd.DataFrame
    ladder: pd.DataFrame
    findings: tuple[CapacityFinding, ...]
    targets: pd.DataFrame
    first_crossings: pd.DataFrame
    """Per resource: label, unit, warning_dau, critical_dau under the plan's staircase."""
    runs: pd.DataFrame
    """alert_runs over the grid's range."""


def capacity_result(scenario: Scenario, dau: Sequence[float] | NDArray[np.float64] | None = None) -> CapacityResult:
    """The capacity analysis of ``scenario`` (curve over ``dau``, default ``segment_grid``)."""
    grid = segment_grid(scenario) if dau is None else np.asarray(dau, dtype=float)
    thr = thresholds(scenario)
    first = pd.DataFrame(
        [
            {
                "resource": r.id,
                "label": r.label,
                "unit": r.unit,
                "warning_dau": first_crossing(scenario, r.id, thr[r.id][0]),
                "critical_dau": first_crossing(scenario, r.id, thr[r.id][1]),
            }
            for r in RESOURCES
        ]
    )
    crossings = level_crossings(scenario)
    return CapacityResult(
        scenario_name=scenario.name,
        curve=utilization_curve(scenario, grid),
        crossings=crossings,
        ladder=upgrade_ladder(scenario, crossings=crossings),
        findings=findings(scenario, max_dau=int(grid.max()), crossings=crossings),
        targets=targets_frame(scenario),
        first_crossings=first,
        runs=alert_runs(scenario, min_dau=math.ceil(grid.min()), max_dau=math.floor(grid.max())),
    )
