"""Unit economics per tier, from an assumed revenue per DAU per month.

Per tier (USD per month; R = revenue_usd_per_dau_per_month):
- revenue_usd = R x DAU
- gross_margin_usd = revenue_usd - total_usd
- gross_margin = gross_margin_usd / revenue_usd   (None where revenue is 0)
- ai_share_of_revenue = ai_usd / revenue_usd       (None where revenue is 0)
- break_even_revenue_usd_per_dau = total_usd / DAU (the revenue per DAU at which the margin is 0, i.e. cost per DAU)

Revenue and the gross margin are defined once in ``model.economics_rows`` (the Budget sheet writes the same rows).
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd

from model import economics_rows
from model.formula import Env
from model.result import ModelResult
from model.scenario import Scenario


@dataclass(frozen=True)
class TierEconomics:
    dau: int
    revenue_usd: float
    total_usd: float
    ai_usd: float
    gross_margin_usd: float
    gross_margin: float | None
    ai_share_of_revenue: float | None
    break_even_revenue_usd_per_dau: float
    revenue_usd_per_dau: float


BREAK_EVEN_PER_DAU = "break_even_revenue_usd_per_dau"
"""``economics_frame``'s column (a CLI JSON key) of the break-even revenue per DAU: ``TierEconomics``' field of that
name. The CLI and the Economics page's chart take it from here."""
REVENUE_PER_DAU = "revenue_usd_per_dau"
"""``economics_frame``'s column (a CLI JSON key) of the revenue per DAU per month the rows assume: ``TierEconomics``'
field of that name."""


def unit_economics(scenario: Scenario, result: ModelResult) -> tuple[TierEconomics, ...]:
    """Each tier of ``result`` at the scenario's revenue per DAU per month (another revenue is another scenario: the
    CLI's ``--revenue`` and goal seek set the driver, as a slider does)."""
    out = []
    inputs = scenario.economics  # economics_rows' inputs are its fields
    for t in result.tiers:
        given: dict[str, Callable[[], float]] = {
            "dau": functools.partial(float, t.dau),
            "total_usd": functools.partial(float, t.total_usd),
        }
        env = Env(inputs, rows=given)
        revenue = economics_rows.REVENUE_USD.evaluate(env)
        margin = economics_rows.GROSS_MARGIN_USD.evaluate(env)
        share = economics_rows.GROSS_MARGIN.evaluate(env)
        out.append(
            TierEconomics(
                dau=t.dau,
                revenue_usd=revenue,
                total_usd=t.total_usd,
                ai_usd=t.ai_usd,
                gross_margin_usd=margin,
                gross_margin=None if math.isnan(share) else share,
                ai_share_of_revenue=t.ai_usd / revenue if revenue > 0 else None,
                break_even_revenue_usd_per_dau=t.cost_per_dau_usd,
                revenue_usd_per_dau=inputs.revenue_usd_per_dau_per_month,
            )
        )
    return tuple(out)


def economics_frame(rows: tuple[TierEconomics, ...]) -> pd.DataFrame:
    return pd.DataFrame([r.__dict__ for r in rows])
