"""A scenario at another revenue per DAU, and its result: the revenue driver set, as the CLI's --revenue does."""

from __future__ import annotations

from model.overrides import with_overrides
from model.result import ModelResult, evaluate
from model.scenario import Scenario
from model.solve import REVENUE_PATH


def at_revenue(scenario: Scenario, usd_per_dau_per_month: float) -> tuple[Scenario, ModelResult]:
    moved = with_overrides(scenario, {REVENUE_PATH: usd_per_dau_per_month})
    return moved, evaluate(moved)
