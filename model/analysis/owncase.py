"""The own model as a business case: build it, run it on GPUs, keep the API for what it cannot serve.

Inputs: ``ai.own_model`` (``from_dau``: it goes live in the first timeline month whose DAU reaches it;
``case``: build cost and months, people and MLOps per month, share of calls it serves, discount rate) and the
GPU sizing of ``self_hosted`` (GPU $/hour, tokens/s per GPU, utilisation, peak factor, minimum replicas, ops).

At DAU d (API(d) = the AI line with every call on the API, optimisation phases applied; s = share served):
- GPUs(d) = max(min_replicas, ceil(peak tokens/s x s / (tokens_per_second_per_gpu x target_utilisation))),
  peak tokens/s as in ``selfhosted.gpus`` (API calls x tokens per call x workload / seconds per month x peak factor)
- own running USD(d) = GPUs(d) x gpu_usd_per_hour x 24 x days_per_month + self_hosted.ops_usd_per_month
  + case.fixed_usd_per_month + (1 - s) x API(d)

Month by month over the timeline (month k, DAU d_k, live month L):
- build USD: build_usd / build_months in each of the build_months months before L (a part that falls before the
  timeline's first month is counted in the first month; with build_months = 0 it is all spent in month L)
- with own model USD(k) = API(d_k) + build(k) before L; own running USD(d_k) + build(k) from L on
- saving(k) = API(d_k) - with own model USD(k); cumulative saving = running sum
- payback month: the first month from L on whose cumulative saving is >= 0 (none if never within the timeline)
- NPV = sum over k of saving(k) / (1 + discount_rate_per_year) ^ (k / 12), month 0 undiscounted
- break-even DAU: the smallest DAU at which own running USD <= API (build cost aside), as in ``selfhosted``
- implied cost relative to the API at from_dau = own running USD(from_dau) / API(from_dau): the figure that makes
  the plan's 'own model = a share of the API' agree with this case where the own model starts.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from model.analysis import selfhosted
from model.analysis.own_running import (
    break_even_dau,
    case_of,
    implied_cost_relative_to_api,
    own_gpus,
    own_running_usd,
)
from model.analysis.timeline import monthly_dau
from model.scenario import Scenario

__all__ = [
    "OwnModelBusinessCase",
    "break_even_dau",
    "business_case",
    "case_of",
    "implied_cost_relative_to_api",
    "own_gpus",
    "own_running_usd",
    "timeline_frame",
]


@dataclass(frozen=True)
class OwnModelBusinessCase:
    scenario_name: str
    months: pd.DataFrame
    """One row per month: month, dau, api_usd, build_usd, own_running_usd, own_case_usd, saving_usd,
    cumulative_saving_usd, own_model_live."""
    live_month: str | None
    """First month the own model answers calls (DAU >= from_dau); None if the timeline never reaches it."""
    payback_month: str | None
    npv_usd: float
    break_even_dau: float | None
    share_of_calls_served: float
    from_dau: int
    api_usd_at_from_dau: float
    own_running_usd_at_from_dau: float
    plan_own_model_usd_at_from_dau: float
    """The plan's 'share of the API' own model at from_dau: API x cost_relative_to_api."""
    implied_cost_relative_to_api: float | None
    """own running / API at from_dau (None where the API costs nothing)."""

    def as_record(self) -> dict[str, object]:
        return {
            "scenario": self.scenario_name,
            "live_month": self.live_month,
            "payback_month": self.payback_month,
            "npv_usd": self.npv_usd,
            "break_even_dau": self.break_even_dau,
            "share_of_calls_served": self.share_of_calls_served,
            "from_dau": self.from_dau,
            "api_usd_at_from_dau": self.api_usd_at_from_dau,
            "own_running_usd_at_from_dau": self.own_running_usd_at_from_dau,
            "plan_own_model_usd_at_from_dau": self.plan_own_model_usd_at_from_dau,
            "implied_cost_relative_to_api": self.implied_cost_relative_to_api,
            "months": self.months.to_dict(orient="records"),
        }


def business_case(scenario: Scenario) -> OwnModelBusinessCase:
    """The own model month by month over the timeline against staying on the API (see the module's formulas)."""
    case, own = case_of(scenario), scenario.ai.own_model
    months, dau = monthly_dau(scenario)
    n = len(months)
    api = selfhosted.api_usd(dau, scenario)
    running = own_running_usd(dau, scenario)
    live_idx = np.flatnonzero(dau >= own.from_dau)
    live = int(live_idx[0]) if live_idx.size else None
    build = np.zeros(n)
    if live is not None:
        if case.build_months == 0:
            build[live] += case.build_usd
        else:
            per_month = case.build_usd / case.build_months
            for k in range(live - case.build_months, live):
                build[max(k, 0)] += per_month
    is_live = np.zeros(n, dtype=bool) if live is None else np.arange(n) >= live
    with_own = np.where(is_live, running, api) + build
    saving = api - with_own
    cumulative = np.cumsum(saving)
    payback = None
    if live is not None:
        ok = np.flatnonzero(cumulative[live:] >= 0)
        payback = months[live + int(ok[0])] if ok.size else None
    discount = (1.0 + case.discount_rate_per_year) ** (np.arange(n) / 12.0)
    npv = float(np.sum(saving / discount))
    at = np.array([float(own.from_dau)])
    api_at, own_at = float(selfhosted.api_usd(at, scenario)[0]), float(own_running_usd(at, scenario)[0])
    frame = pd.DataFrame(
        {
            "month": months,
            "dau": dau,
            "api_usd": api,
            "build_usd": build,
            "own_running_usd": np.where(is_live, running, 0.0),
            "own_case_usd": with_own,
            "saving_usd": saving,
            "cumulative_saving_usd": cumulative,
            "own_model_live": is_live,
        }
    )
    return OwnModelBusinessCase(
        scenario_name=scenario.name,
        months=frame,
        live_month=None if live is None else months[live],
        payback_month=payback,
        npv_usd=npv,
        break_even_dau=break_even_dau(scenario),
        share_of_calls_served=case.share_of_calls_served,
        from_dau=own.from_dau,
        api_usd_at_from_dau=api_at,
        own_running_usd_at_from_dau=own_at,
        plan_own_model_usd_at_from_dau=selfhosted.plan_own_model_usd(api_at, scenario),
        implied_cost_relative_to_api=own_at / api_at if api_at > 0 else None,
    )


def timeline_frame(bc: OwnModelBusinessCase) -> pd.DataFrame:
    """Tidy for a chart: month, option ('API only', 'Own model (business case)'), usd."""
    m = bc.months
    return pd.concat(
        [
            pd.DataFrame({"month": m["month"], "option": "API only", "usd": m["api_usd"]}),
            pd.DataFrame({"month": m["month"], "option": "Own model (business case)", "usd": m["own_case_usd"]}),
        ],
        ignore_index=True,
    )
