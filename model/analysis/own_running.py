"""The own model's running cost at any DAU: GPUs for the share of calls it serves, people and MLOps, and the API for
the rest (formulas in ``model.analysis.owncase``'s docstring). Kept apart from the monthly business case so the cost
formulas (``model.params``) can read the implied share of the API without importing the timeline.
"""

from __future__ import annotations

import numpy as np

from model.analysis import selfhosted
from model.analysis.bisect_dau import first_within_1
from model.scenario import OwnModelCase, Scenario


def case_of(scenario: Scenario) -> OwnModelCase:
    """The scenario's business-case inputs (OwnModelCase's defaults where it gives none)."""
    return scenario.ai.own_model.case or OwnModelCase()


def own_gpus(dau: np.ndarray, scenario: Scenario) -> np.ndarray:
    """GPUs for the served share of the peak token rate, at least min_replicas."""
    sh = scenario.self_hosted
    peak, _ = selfhosted.gpus(np.asarray(dau, dtype=float), scenario)
    served = case_of(scenario).share_of_calls_served
    return np.maximum(sh.min_replicas, np.ceil(peak * served / (sh.tokens_per_second_per_gpu * sh.target_utilisation)))


def own_running_usd(dau: np.ndarray, scenario: Scenario) -> np.ndarray:
    """GPUs x $/hour x 24 x days + ops + people and MLOps + the API bill for the calls it does not serve."""
    d = np.asarray(dau, dtype=float)
    sh, case = scenario.self_hosted, case_of(scenario)
    gpu_usd = selfhosted.gpu_usd_per_month(own_gpus(d, scenario), scenario)
    rest = (1.0 - case.share_of_calls_served) * selfhosted.api_usd(d, scenario)
    return gpu_usd + sh.ops_usd_per_month + case.fixed_usd_per_month + rest


def _own_wins(d: np.ndarray, scenario: Scenario) -> np.ndarray:
    return own_running_usd(d, scenario) <= selfhosted.api_usd(d, scenario)


def break_even_dau(scenario: Scenario, lo: float = 1_000.0, hi: float = 10_000_000.0, points: int = 2_000) -> float | None:
    """Smallest DAU in [lo, hi] at which the own model's running cost is at or below the API's (to within 1 DAU)."""
    grid = np.geomspace(lo, hi, points)
    wins = _own_wins(grid, scenario)
    if wins[0]:
        return lo
    hits = np.flatnonzero(wins)
    if hits.size == 0:
        return None
    return first_within_1(lambda d: _own_wins(d, scenario), float(grid[hits[0] - 1]), float(grid[hits[0]]))


def implied_cost_relative_to_api(scenario: Scenario) -> float | None:
    """Own running USD / API USD at from_dau (None where the API costs nothing there)."""
    at = np.array([float(scenario.ai.own_model.from_dau)])
    api = float(selfhosted.api_usd(at, scenario)[0])
    return float(own_running_usd(at, scenario)[0]) / api if api > 0 else None
