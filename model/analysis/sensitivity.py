"""Sensitivity: a tornado of cost per DAU at one DAU, each driver moved alone to its low and high.

For each range in the scenario: cost per DAU with that driver at its low value
(every other driver at the scenario's value), the same at its high value, and
the swing |high - low|. Bars sorted by swing, largest first. Each figure is the
model itself rerun at that value (vectorised: both values in one call).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from model import costs
from model.analysis.ranges import DriverRange, driver_ranges, with_driver_values
from model.params import params_from
from model.scenario import Scenario


@dataclass(frozen=True)
class TornadoBar:
    """One driver's bar: cost per DAU (USD per month) at its low and high value."""

    path: str
    label: str
    low_value: float
    high_value: float
    base_value: float
    low_cost_per_dau_usd: float
    high_cost_per_dau_usd: float
    low_total_usd: float
    high_total_usd: float
    swing_usd: float
    """|high_cost_per_dau_usd - low_cost_per_dau_usd|."""
    note: str
    value_outside_stated: bool


@dataclass(frozen=True)
class Tornado:
    scenario_name: str
    dau: float
    base_cost_per_dau_usd: float
    base_total_usd: float
    bars: tuple[TornadoBar, ...]
    """Largest swing first."""

    def to_frame(self) -> pd.DataFrame:
        """One row per driver, largest swing first."""
        return pd.DataFrame([b.__dict__ for b in self.bars])

    def long_frame(self) -> pd.DataFrame:
        """Tidy for a tornado chart: one row per driver and end (label, end 'low'/'high', value, cost_per_dau_usd, delta_usd)."""
        rows = []
        for rank, b in enumerate(self.bars):
            for end, value, cpd in (
                ("low", b.low_value, b.low_cost_per_dau_usd),
                ("high", b.high_value, b.high_cost_per_dau_usd),
            ):
                rows.append(
                    {
                        "rank": rank,
                        "path": b.path,
                        "label": b.label,
                        "end": end,
                        "driver_value": value,
                        "cost_per_dau_usd": cpd,
                        "delta_usd": cpd - self.base_cost_per_dau_usd,
                        "base_cost_per_dau_usd": self.base_cost_per_dau_usd,
                    }
                )
        return pd.DataFrame(rows)


def tornado(scenario: Scenario, dau: float) -> Tornado:
    """The tornado at ``dau``: for each driver range, the model at (low, high) with all else at the scenario's values."""
    if not dau > 0:
        raise ValueError("dau must be positive")
    p = params_from(scenario)
    d = np.array([float(dau)])
    base_total = float(costs.total_usd(d, p)[0])
    bars = [_bar(scenario, p, r, d) for r in driver_ranges(scenario)]
    bars.sort(key=lambda b: -b.swing_usd)
    return Tornado(
        scenario_name=scenario.name,
        dau=float(dau),
        base_cost_per_dau_usd=base_total / float(dau),
        base_total_usd=base_total,
        bars=tuple(bars),
    )


def _bar(scenario: Scenario, p: costs.Params, r: DriverRange, d: np.ndarray) -> TornadoBar:
    q = with_driver_values(scenario, p, {r.path: np.array([r.low, r.high])})
    total = np.broadcast_to(costs.total_usd(d, q), (2, 1))
    low_total, high_total = float(total[0, 0]), float(total[1, 0])
    low_cpd, high_cpd = low_total / float(d[0]), high_total / float(d[0])
    return TornadoBar(
        path=r.path,
        label=r.label,
        low_value=r.low,
        high_value=r.high,
        base_value=r.value,
        low_cost_per_dau_usd=low_cpd,
        high_cost_per_dau_usd=high_cpd,
        low_total_usd=low_total,
        high_total_usd=high_total,
        swing_usd=abs(high_cpd - low_cpd),
        note=r.note,
        value_outside_stated=r.value_outside_stated,
    )
