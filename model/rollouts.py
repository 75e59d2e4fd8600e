"""Rollouts in time: optimisation phases and the own model taking effect from a month, with an optional ramp.

A phase or the own model with ``from_month`` set is in force by month, not by DAU, in the timeline and the
budget. With ``s`` the month index of from_month and ``N`` its ramp_months, the share in force in month k is

    f(k) = 0 for k < s;  1 for k >= s when N = 0;  MIN(1, (k - s + 1) / N) otherwise

(ramp_months = 3 from 2028-01: 1/3 in 2028-01, 2/3 in 2028-02, all from 2028-03). A phase with multiplier m
then multiplies the cost of a call by 1 - f(k) x (1 - m); the own model (cost relative to the API r) by
1 - f(k) x (1 - r). Phases and an own model without from_month keep their DAU thresholds (a step at
from_dau), so the plan's scenario is unchanged. AI in month k = API calls(DAU_k) x list price per call x the
product of the phases' factors x the own-model factor: the same formula as model/costs.py's ``ai_usd``.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from model import costs
from model.params import params_from
from model.scenario import Scenario


def _month_index(month: str, start: str) -> int:
    y, m = (int(x) for x in month.split("-"))
    y0, m0 = (int(x) for x in start.split("-"))
    return 12 * (y - y0) + (m - m0)


def ramp_share(k: np.ndarray, start: int, ramp_months: int) -> np.ndarray:
    """f(k) of the module docstring, vectorised over month indices k."""
    k = np.asarray(k, dtype=float)
    if ramp_months == 0:
        return np.where(k >= start, 1.0, 0.0)
    return np.clip((k - start + 1) / ramp_months, 0.0, 1.0)


def any_in_time(scenario: Scenario) -> bool:
    """True if a phase or the own model is rolled out by month."""
    ai = scenario.ai
    return any(p.from_month for p in ai.optimisation_phases) or (ai.own_model.enabled and ai.own_model.from_month is not None)


def ai_usd_by_month(scenario: Scenario, labels: Sequence[str], dau: np.ndarray) -> np.ndarray:
    """Monthly AI bill over a path of months (labels 'YYYY-MM') and DAU, rollouts by month where set."""
    p = params_from(scenario)
    d = np.asarray(dau, dtype=float)
    k = np.array([_month_index(m, labels[0]) for m in labels], dtype=float)
    factor = np.ones_like(d)
    # Each phase's multiplier as the model applies it: fitted x what its levers save (costs.phase_factor).
    for phase, m in zip(scenario.ai.optimisation_phases, p.phase_multipliers, strict=True):
        if phase.from_month is not None:
            f = ramp_share(k, _month_index(phase.from_month, labels[0]), phase.ramp_months)
            factor = factor * (1.0 - f * (1.0 - m))
        else:
            factor = factor * np.where(d >= phase.from_dau, m, 1.0)
    own = scenario.ai.own_model
    if own.enabled:
        if own.from_month is not None:
            g = ramp_share(k, _month_index(own.from_month, labels[0]), own.ramp_months)
        else:
            g = np.where(d >= own.from_dau, 1.0, 0.0)
        # The plan's share of the API, or the business case's (costs.own_model_share_of_api).
        factor = factor * (1.0 - g * (1.0 - costs.own_model_share_of_api(p)))
    return costs.api_calls_per_month(d, p) * float(costs.ai_list_usd_per_call(p)) * factor
