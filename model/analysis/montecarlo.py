"""Uncertainty: a seeded, vectorised Monte Carlo over the scenario's driver ranges.

Draw u ~ U(0, 1) shaped (draws, drivers) from ``numpy.random.default_rng(seed)``
(columns in the order the scenario lists its ranges), turn each column into
driver values by its distribution's inverse CDF (``ranges.sample``), set them
on ``Params`` as (draws, 1) arrays and price every DAU at once: totals shaped
(draws, DAU points). Percentiles use numpy's default (linear interpolation).
The same scenario, DAU points, draws and seed give identical numbers.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property

import numpy as np
import pandas as pd

from model import costs
from model.analysis.ranges import DriverRange, driver_ranges, sample, with_driver_values
from model.params import params_from
from model.scenario import Scenario

MAX_DRAWS = 200_000
PERCENTILES = (10.0, 50.0, 90.0)
HISTOGRAM_BINS = 60


@dataclass(frozen=True)
class Simulation:
    """Monte Carlo draws of the monthly cost at each DAU point."""

    scenario_name: str
    draws: int
    seed: int
    dau: np.ndarray
    """DAU points, shape (points,)."""
    total_usd: np.ndarray
    """Monthly total per draw and DAU point, shape (draws, points)."""
    deterministic_total_usd: np.ndarray
    """The model at the scenario's own values, shape (points,)."""
    budget_usd_per_dau: float
    ranges: tuple[DriverRange, ...]

    @property
    def cost_per_dau_usd(self) -> np.ndarray:
        return self.total_usd / self.dau

    def bands(self) -> pd.DataFrame:
        """One row per DAU point: P10/P50/P90 of the monthly total and of cost per DAU, the mean,
        the deterministic figures, and the share of draws whose cost per DAU exceeds the budget.

        Computed once per simulation (percentiles of every draw are the costly part); each call returns a copy.
        """
        return self._bands.copy()

    @cached_property
    def _bands(self) -> pd.DataFrame:
        p10, p50, p90 = np.percentile(self.total_usd, PERCENTILES, axis=0)
        c10, c50, c90 = np.percentile(self.cost_per_dau_usd, PERCENTILES, axis=0)
        return pd.DataFrame(
            {
                "dau": self.dau,
                "p10": p10,
                "p50": p50,
                "p90": p90,
                "mean": self.total_usd.mean(axis=0),
                "deterministic_usd": self.deterministic_total_usd,
                "cost_per_dau_p10": c10,
                "cost_per_dau_p50": c50,
                "cost_per_dau_p90": c90,
                "deterministic_cost_per_dau_usd": self.deterministic_total_usd / self.dau,
                "budget_usd_per_dau": self.budget_usd_per_dau,
                "prob_over_budget": (self.cost_per_dau_usd > self.budget_usd_per_dau).mean(axis=0),
            }
        )

    def histogram(self, dau: float, *, bins: int = HISTOGRAM_BINS) -> pd.DataFrame:
        """The draws' cost per DAU at one DAU point, counted in ``bins`` equal bins (``numpy.histogram``).

        Columns: bin_start_usd, bin_end_usd (each bin is start <= x < end, the last one closed), draws (how many
        fall in it), share (draws / all draws). The counts add up to ``self.draws``.
        """
        i = int(np.flatnonzero(self.dau == dau)[0])
        counts, edges = np.histogram(self.cost_per_dau_usd[:, i], bins=bins)
        return pd.DataFrame(
            {"bin_start_usd": edges[:-1], "bin_end_usd": edges[1:], "draws": counts, "share": counts / self.draws}
        )

    def draws_frame(self, dau: float) -> pd.DataFrame:
        """Every draw's cost per DAU at one DAU point (for a histogram)."""
        i = int(np.flatnonzero(self.dau == dau)[0])
        return pd.DataFrame(
            {"draw": np.arange(self.draws), "total_usd": self.total_usd[:, i], "cost_per_dau_usd": self.cost_per_dau_usd[:, i]}
        )


def simulate(
    scenario: Scenario,
    *,
    draws: int = 10_000,
    seed: int = 0,
    dau: Sequence[float] | np.ndarray | None = None,
    budget_usd_per_dau: float | None = None,
    collapse: bool = False,
) -> Simulation:
    """Run the Monte Carlo at ``dau`` (default: the scenario's tiers).

    ``budget_usd_per_dau`` defaults to the scenario's economics budget.
    ``collapse=True`` sets every range to the scenario's value (low = high = value):
    every draw then equals the deterministic model.
    """
    if not 1 <= draws <= MAX_DRAWS:
        raise ValueError(f"draws must be between 1 and {MAX_DRAWS:,}")
    if seed < 0:
        raise ValueError("seed must be a non-negative whole number")
    points = np.asarray(scenario.tiers_dau if dau is None else dau, dtype=float)
    if points.ndim != 1 or points.size == 0 or np.any(points <= 0):
        raise ValueError("dau must be one or more positive numbers")
    budget = scenario.economics.cost_budget_usd_per_dau_per_month if budget_usd_per_dau is None else float(budget_usd_per_dau)
    ranges = driver_ranges(scenario)
    if collapse:
        ranges = tuple(
            DriverRange(r.path, r.label, r.value, r.value, r.value, r.distribution, r.note, r.value_outside_stated)
            for r in ranges
        )
    p = params_from(scenario)
    deterministic = np.asarray(costs.total_usd(points, p), dtype=float)
    rng = np.random.default_rng(seed)
    u = rng.random((draws, len(ranges)))
    q = with_driver_values(scenario, p, sample(ranges, u))
    total = np.broadcast_to(costs.total_usd(points, q), (draws, points.size)).astype(float)
    return Simulation(
        scenario_name=scenario.name,
        draws=draws,
        seed=seed,
        dau=points,
        total_usd=total,
        deterministic_total_usd=deterministic,
        budget_usd_per_dau=budget,
        ranges=ranges,
    )
