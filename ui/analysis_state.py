"""Cached analysis runs for the pages, keyed by the scenario's content (``ui.state.scenario_key``).

The analysis functions are pure; caching only spares a rerun of the app from
recomputing a Monte Carlo or a break-even search it has already done.
"""

from __future__ import annotations

import numpy as np

from model.analysis.montecarlo import Simulation, simulate
from model.analysis.selfhosted import SelfHostedComparison, compare_self_hosted
from model.scenario import Scenario
from model.views import dau_grid_for
from ui.bounded_cache import bounded
from ui.state import scenario_key

MAX_DRAW_CELLS = 250_000
"""The app's cap on Monte Carlo work per run: draws x ranged drivers (each draw prices every ranged driver at every
tier). The plan's 11 ranges allow 22,727 draws; a scenario with 200 ranges 1,250. The CLI keeps model's MAX_DRAWS."""
MIN_DRAWS = 500

GRID_POINTS = 41
BAND_DRAWS = 2_000
"""Draws behind the Uncertainty page's band charts (the DAU grid); its metrics, histogram and table use every draw."""


@bounded
def _simulation(key: str, draws: int, seed: int, budget: float, grid: bool, _scenario: Scenario) -> Simulation:
    dau = dau_grid_for(_scenario, GRID_POINTS) if grid else None
    return simulate(_scenario, draws=draws, seed=seed, dau=dau, budget_usd_per_dau=budget)


def draws_cap(scenario: Scenario) -> int:
    """The most draws the app runs for ``scenario``: MAX_DRAW_CELLS / its number of ranges (at least MIN_DRAWS)."""
    return max(MIN_DRAWS, MAX_DRAW_CELLS // max(1, len(scenario.ranges)))


def simulation(scenario: Scenario, *, draws: int, seed: int, budget: float, grid: bool = False) -> Simulation:
    """``simulate`` at the scenario's tiers, or (``grid``) over a log-spaced DAU grid with each cost step, cached.
    ``draws`` is capped at ``draws_cap(scenario)`` (the page says so when it applies)."""
    draws = min(int(draws), draws_cap(scenario))
    return _simulation(scenario_key(scenario), draws, int(seed), float(budget), grid, scenario)


@bounded
def _self_hosted(key: str, _scenario: Scenario) -> SelfHostedComparison:
    return compare_self_hosted(_scenario)


def self_hosted(scenario: Scenario) -> SelfHostedComparison:
    return _self_hosted(scenario_key(scenario), scenario)


def self_hosted_grid(scenario: Scenario) -> np.ndarray:
    """The DAU points the self-hosted chart draws: the scenario's grid (levels and phase steps included)."""
    return dau_grid_for(scenario, 161)
