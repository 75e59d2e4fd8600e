"""An own model costed as GPU capacity, against the API and the plan's 'share of the API' figure.

At DAU d (per month of ``days_per_month`` days; s = seconds per month = days x 86,400):
- tokens per call T = input_tokens_per_call + output_tokens_per_call
- workload multiplier w = the optimisation phases' multiplier at d if ``workload_follows_optimisation``, else 1
- average tokens/s = API calls per month (after the AI response cache) x T x w / s
- peak tokens/s = average x peak_factor
- GPUs = max(min_replicas, ceil(peak tokens/s / (tokens_per_second_per_gpu x target_utilisation)))
- self-hosted USD/month = GPUs x gpu_usd_per_hour x 24 x days_per_month + ops_usd_per_month
- API USD/month = the model's AI line with the own model switched off (the optimisation phases still apply)
- plan's own model USD/month = API USD/month x ai.own_model.cost_relative_to_api

Break-even: the smallest DAU at which self-hosted <= API. Found on a log-spaced grid,
then narrowed by bisection between the last grid point where the API was cheaper and the
first where self-hosting was (to within 1 DAU). Both curves step (GPUs are whole, levels
and phases start at set DAU), so self-hosting may win, lose and win again: every crossing
on the grid is listed; ``break_even_dau`` is the first.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from model import costs
from model.analysis.bisect_dau import first_within_1
from model.scenario import Scenario

SECONDS_PER_DAY = 86_400.0
HOURS_PER_DAY = 24.0


@dataclass(frozen=True)
class SelfHostedComparison:
    scenario_name: str
    frame: pd.DataFrame
    """One row per DAU: dau, peak_tokens_per_second, gpus, gpu_usd, self_hosted_usd, api_usd, plan_own_model_usd, cheaper."""
    break_even_dau: float | None
    """Smallest DAU (within the search range) at which self-hosting costs no more than the API; None if it never does."""
    crossings: tuple[tuple[float, str], ...]
    """Every DAU (to within 1) where the cheaper option changes, with the option cheaper above it."""
    search_low_dau: float
    search_high_dau: float


def _params(scenario: Scenario) -> costs.Params:
    return costs.without_own_model(costs.base_params_from(scenario))


def gpus(dau: np.ndarray, scenario: Scenario) -> tuple[np.ndarray, np.ndarray]:
    """(peak tokens per second, GPUs needed) at each DAU."""
    sh = scenario.self_hosted
    p = _params(scenario)
    d = np.asarray(dau, dtype=float)
    tokens_in, tokens_out = costs.tokens_per_api_call(p)
    tokens_per_call = tokens_in + tokens_out
    workload = costs.optimisation_multiplier(d, p) if sh.workload_follows_optimisation else np.ones_like(d)
    seconds = costs.days_in_month(scenario) * SECONDS_PER_DAY
    peak = costs.api_calls_per_month(d, p) * tokens_per_call * workload / seconds * sh.peak_factor
    needed = np.ceil(peak / (sh.tokens_per_second_per_gpu * sh.target_utilisation))
    return peak, np.maximum(sh.min_replicas, needed)


def gpu_usd_per_month(gpu_count: np.ndarray, scenario: Scenario) -> np.ndarray:
    """What ``gpu_count`` GPUs running all month cost: GPUs x gpu_usd_per_hour x 24 x days_per_month (the self-hosted
    comparison's and the own model's business case's GPU bill)."""
    return gpu_count * scenario.self_hosted.gpu_usd_per_hour * HOURS_PER_DAY * costs.days_in_month(scenario)


def self_hosted_usd(dau: np.ndarray, scenario: Scenario) -> np.ndarray:
    """GPUs x gpu_usd_per_hour x 24 x days_per_month + ops_usd_per_month."""
    _, n = gpus(dau, scenario)
    return gpu_usd_per_month(n, scenario) + scenario.self_hosted.ops_usd_per_month


def plan_own_model_usd(api: costs.Num, scenario: Scenario) -> costs.Num:
    """What the plan's own model costs for the calls the API bills ``api`` USD for: api x ai.own_model.cost_relative_to_api
    (the scenario's share, the plan's 1/3: $540,000 of API calls -> $180,000), whatever basis the model prices it on."""
    return api * plan_own_model_share_of_api(scenario)


def plan_own_model_share_of_api(scenario: Scenario) -> float:
    """The plan's own model as a share of the API (the scenario's ``ai.own_model.cost_relative_to_api``, the plan's
    1/3), whatever basis the model prices it on: the self-hosted comparison's and the business case page's plan line."""
    return scenario.ai.own_model.cost_relative_to_api


def api_usd(dau: np.ndarray, scenario: Scenario) -> np.ndarray:
    """The AI line if every call went to the API (optimisation phases applied, own model off)."""
    return np.asarray(costs.ai_usd(np.asarray(dau, dtype=float), _params(scenario)), dtype=float)


def compare_self_hosted(
    scenario: Scenario,
    dau: Sequence[float] | np.ndarray | None = None,
    *,
    search_low_dau: float = 1_000.0,
    search_high_dau: float = 10_000_000.0,
) -> SelfHostedComparison:
    """Self-hosted vs API at ``dau`` (default: the scenario's tiers) and the break-even DAU in the search range."""
    points = np.asarray(scenario.tiers_dau if dau is None else dau, dtype=float)
    peak, n = gpus(points, scenario)
    sh = scenario.self_hosted
    gpu_usd = gpu_usd_per_month(n, scenario)
    self_usd = gpu_usd + sh.ops_usd_per_month
    api = api_usd(points, scenario)
    frame = pd.DataFrame(
        {
            "dau": points,
            "peak_tokens_per_second": peak,
            "gpus": n,
            "gpu_usd": gpu_usd,
            "self_hosted_usd": self_usd,
            "api_usd": api,
            "plan_own_model_usd": plan_own_model_usd(api, scenario),
            "cheaper": np.where(self_usd <= api, "self-hosted", "API"),
        }
    )
    crossings = _crossings(scenario, search_low_dau, search_high_dau)
    if _self_wins(np.array([search_low_dau]), scenario)[0]:
        first: float | None = search_low_dau
    else:
        first = next((d for d, side in crossings if side == "self-hosted"), None)
    return SelfHostedComparison(
        scenario_name=scenario.name,
        frame=frame,
        break_even_dau=first,
        crossings=crossings,
        search_low_dau=search_low_dau,
        search_high_dau=search_high_dau,
    )


def _self_wins(d: np.ndarray, scenario: Scenario) -> np.ndarray:
    return self_hosted_usd(d, scenario) <= api_usd(d, scenario)


def _crossings(scenario: Scenario, lo: float, hi: float, points: int = 2_000) -> tuple[tuple[float, str], ...]:
    grid = np.geomspace(lo, hi, points)
    wins = _self_wins(grid, scenario)
    out = []
    for i in np.flatnonzero(wins[1:] != wins[:-1]):
        target = bool(wins[i + 1])
        # Bisect to the first DAU (within 1) on the side of grid[i + 1].
        b = first_within_1(lambda d: _self_wins(d, scenario), float(grid[i]), float(grid[i + 1]), target)
        out.append((b, "self-hosted" if target else "API"))
    return tuple(out)


def curve_frame(scenario: Scenario, dau: Sequence[float] | np.ndarray) -> pd.DataFrame:
    """Tidy for a chart: dau, option ('API', 'Self-hosted (GPUs)', "Plan's own model (share of API)"), usd."""
    d = np.asarray(dau, dtype=float)
    api = api_usd(d, scenario)
    parts = {
        "API": api,
        "Self-hosted (GPUs)": self_hosted_usd(d, scenario),
        "Plan's own model (share of API)": plan_own_model_usd(api, scenario),
    }
    return pd.concat([pd.DataFrame({"dau": d, "option": name, "usd": v}) for name, v in parts.items()], ignore_index=True)
