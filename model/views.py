"""Figures the app's pages show that ``ModelResult`` does not carry directly.

Pure functions over a scenario and its result (no streamlit, no altair), so a
page only lays things out and the tests reach every number without a browser.
Each function states the formula it computes.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from model import costs
from model.audit import AuditFinding
from model.driver_spec import specs_of
from model.params import params_from
from model.result import ModelResult, TierResult
from model.scenario import DRScenario, Level, Scenario


@dataclass(frozen=True)
class TierMetric:
    """One headline figure for a tier, with its change against a reference (the plan)."""

    key: str
    label: str
    value: float
    reference: float
    unit: str
    """'usd' or 'usd_per_dau'."""

    @property
    def change(self) -> float:
        """value - reference."""
        return self.value - self.reference


def tier_metrics(result: ModelResult, reference: ModelResult, dau: int) -> tuple[TierMetric, ...]:
    """Total, infrastructure, AI, net cache savings and cost per DAU at ``dau``, each against ``reference`` at the same DAU.

    The reference is evaluated at the same DAU (its own tiers may differ), so the
    caller passes ``evaluate(plan, result tiers)``.
    """
    t, r = result.tier(dau), reference.tier(dau)
    return (
        TierMetric("total_usd", "Total / month", t.total_usd, r.total_usd, "usd"),
        TierMetric("infrastructure_usd", "Infrastructure", t.infrastructure_usd, r.infrastructure_usd, "usd"),
        TierMetric("ai_usd", "AI", t.ai_usd, r.ai_usd, "usd"),
        TierMetric("cache_savings_net_usd", "Cache saving (net)", t.cache_savings_net_usd, r.cache_savings_net_usd, "usd"),
        TierMetric("cost_per_dau_usd", "Cost per DAU", t.cost_per_dau_usd, r.cost_per_dau_usd, "usd_per_dau"),
    )


def dau_grid(lo: float, hi: float, points: int = 121) -> np.ndarray:
    """``points`` DAU values evenly spaced on a log axis from ``lo`` to ``hi``, rounded to whole users."""
    return np.unique(np.geomspace(lo, hi, points).round())


def dau_grid_for(scenario: Scenario, points: int = 121) -> np.ndarray:
    """A log-spaced DAU grid over the scenario's tiers, plus each breakpoint and the DAU just below it.

    Breakpoints: every level's start, every optimisation phase's start, the own model's and the
    reserved instances' start. Drawn with straight lines, the steps in cost then stay sharp.
    """
    lo, hi = min(scenario.tiers_dau), max(scenario.tiers_dau)
    breaks = [lv.dau for lv in scenario.levels] + [p.from_dau for p in scenario.ai.optimisation_phases]
    breaks += [scenario.ai.own_model.from_dau, scenario.reserved_instances.from_dau]
    steps = [d for b in breaks for d in (b - 1, b) if lo <= d <= hi]
    return np.unique(np.concatenate([dau_grid(lo, hi, points), np.array(steps, dtype=float)]))


def plan_cost_per_dau_points(scenario: Scenario) -> pd.DataFrame:
    """The plan's own cost table as points: dau, total_usd, cost_per_dau_usd (as the plan states them)."""
    return pd.DataFrame(
        {
            "dau": [row.dau for row in scenario.stated_costs],
            "total_usd": [row.total_usd for row in scenario.stated_costs],
            "cost_per_dau_usd": [row.cost_per_user_usd for row in scenario.stated_costs],
        },
        columns=["dau", "total_usd", "cost_per_dau_usd"],
    )


def api_vs_own_model_curve(scenario: Scenario, dau: np.ndarray) -> pd.DataFrame:
    """AI cost per month at each DAU if every call went to the API, and if every call went to the own model.

    api_usd = API calls x list price per call x optimisation multiplier;
    own_model_usd = api_usd x own model's cost relative to the API.
    Tidy: dau, option ('API' | 'Own model'), usd.
    """
    p = params_from(scenario)
    d = np.asarray(dau, dtype=float)
    api = costs.api_calls_per_month(d, p) * costs.ai_list_usd_per_call(p) * costs.optimisation_multiplier(d, p)
    own = api * costs.own_model_share_of_api(p)
    return pd.DataFrame(
        {
            "dau": np.concatenate([d, d]),
            "option": ["API"] * len(d) + ["Own model"] * len(d),
            "usd": np.concatenate([api, own]),
        }
    )


def ai_usage_frame(result: ModelResult, scenario: Scenario) -> pd.DataFrame:
    """Per tier: AI calls, calls that reach the model, tokens per month and the AI bill.

    input_tokens = API calls x input tokens per call; output likewise. Calls the
    response cache answers send no tokens.
    """
    tokens_in, tokens_out = costs.tokens_per_api_call(result.params)
    return pd.DataFrame(
        {
            "dau": [t.dau for t in result.tiers],
            "ai_calls_per_month": [t.ai_calls_per_month for t in result.tiers],
            "api_calls_per_month": [t.api_calls_per_month for t in result.tiers],
            "input_tokens_per_month": [t.api_calls_per_month * tokens_in for t in result.tiers],
            "output_tokens_per_month": [t.api_calls_per_month * tokens_out for t in result.tiers],
            "optimisation_multiplier": [t.optimisation_multiplier for t in result.tiers],
            "answered_by": ["Own model" if t.own_model_in_force else "API" for t in result.tiers],
            "usd_per_api_call": [t.ai_usd_per_api_call for t in result.tiers],
            "ai_usd": [t.ai_usd for t in result.tiers],
        }
    )


@dataclass(frozen=True)
class AIHeadline:
    """What the AI page heads with besides the calls: tokens of a call that reaches the model, the own model, and the
    calls the response cache answers (the Caching page's headline too)."""

    input_tokens_per_api_call: float
    output_tokens_per_api_call: float
    own_model_takeover_dau: int | None
    """The DAU from which the own model answers the calls; None where the scenario switches it off."""
    own_model_share_of_api_usd: float
    """What the own model costs as a share of the API for the same calls (the business case's, where asked for)."""
    ai_calls_answered_by_cache: float
    """The share of AI calls the response cache answers (its hit rate; a blank one counts as 0): they cost nothing."""


def ai_headline(result: ModelResult) -> AIHeadline:
    """The figures of ``AIHeadline``, as the model used them (``result.params``)."""
    p = result.params
    tokens_in, tokens_out = costs.tokens_per_api_call(p)
    return AIHeadline(
        input_tokens_per_api_call=float(tokens_in),
        output_tokens_per_api_call=float(tokens_out),
        own_model_takeover_dau=costs.own_model_takeover_dau(p),
        own_model_share_of_api_usd=float(costs.own_model_share_of_api(p)),
        ai_calls_answered_by_cache=float(p.ai_response_hit_rate),
    )


def ai_cache_driver_path(scenario: Scenario) -> str | None:
    """The path of the AI response cache's driver (its hit rate), wherever the cache sits in the list: goal seek offers
    it first, the plan's own question ('what hit rate keeps cost per DAU under $0.30?'). None if it has no value."""
    cache = scenario.ai_cache()
    return next((d.path for d in specs_of(scenario) if d.owner is cache), None)


def cache_frame(scenario: Scenario) -> pd.DataFrame:
    """Per cache: what it serves, its hit rate and its effect.

    A database cache absorbs share_of_db_reads x hit_rate of all database reads;
    the AI response cache answers hit_rate of AI calls (its dollar effect is per tier).
    A hit rate the plan leaves blank counts as 0: ``hit_rate_counted`` is the rate the model uses, ``hit_rate_blank``
    says the plan gave none (the table shows it as such, the chart as 0).
    """
    rows = []
    for c in scenario.caching.caches:
        hit = c.hit_rate or 0.0
        rows.append(
            {
                "id": c.id,
                "name": c.name,
                "serves": c.serves,
                "key_pattern": c.key_pattern or "",
                "ttl_seconds": c.ttl_seconds,
                "hit_rate_counted": hit,
                "hit_rate_blank": c.hit_rate is None,
                "share_of_db_reads": c.share_of_db_reads if c.serves == "db" else None,
                "db_reads_absorbed": c.share_of_db_reads * hit if c.serves == "db" else None,
                "ai_calls_answered": hit if c.serves == "ai" else None,
            }
        )
    return pd.DataFrame(rows)


def cache_savings_frame(result: ModelResult) -> pd.DataFrame:
    """Per tier: AI spend the response cache avoids (gross), what the cache costs, and the difference (net)."""
    return pd.DataFrame(
        {
            "dau": [t.dau for t in result.tiers],
            "level": [t.level_name for t in result.tiers],
            "gross_usd": [t.cache_savings_usd for t in result.tiers],
            "cache_cost_usd": [t.cache_cost_usd for t in result.tiers],
            "net_usd": [t.cache_savings_net_usd for t in result.tiers],
        }
    )


@dataclass(frozen=True)
class TierDetail:
    """Everything the plan says about the level in force at one DAU, with the model's bill."""

    tier: TierResult
    level: Level
    disaster_recovery: tuple[DRScenario, ...]


def tier_detail(scenario: Scenario, result: ModelResult, dau: int) -> TierDetail:
    """The level in force at ``dau`` and the disaster-recovery scenarios that apply there (no from-DAU, or from-DAU <= dau)."""
    dr = tuple(s for s in scenario.disaster_recovery.scenarios if s.applies_from_dau is None or s.applies_from_dau <= dau)
    return TierDetail(tier=result.tier(dau), level=scenario.level_for(dau), disaster_recovery=dr)


def audit_counts(findings: tuple[AuditFinding, ...]) -> dict[str, int]:
    """How many findings have each status: {'agrees': n, 'disagrees': n, 'implied': n}."""
    counts = {"agrees": 0, "disagrees": 0, "implied": 0}
    for f in findings:
        counts[f.status] += 1
    return counts
