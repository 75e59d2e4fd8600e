"""The plan's scenario reproduces the plan's own cost table (section 6) to the dollar and the cent.

The expected figures are the plan's, typed here from the plan text, not read from plan.json:

| DAU  | infrastructure | AI       | total    | cost per user |
|------|----------------|----------|----------|---------------|
| 10k  | 55             | 9,000    | 9,055    | 0.91 (9,055 / 10,000 = 0.9055)     |
| 50k  | 719            | 45,000   | 45,719   | 0.91 (45,719 / 50,000 = 0.91438)   |
| 100k | 3,000          | 54,000   | 57,000   | 0.57 (57,000 / 100,000)            |
| 500k | 27,000         | 270,000  | 297,000  | 0.59 (297,000 / 500,000 = 0.594)   |
| 1M   | 27,000         | 180,000  | 207,000  | 0.21 (207,000 / 1,000,000 = 0.207) |
"""

from __future__ import annotations

import pytest

from model.result import evaluate
from model.rounding import excel_round

PLAN_TABLE = [
    # dau, infrastructure, AI, total, cost per user
    (10_000, 55, 9_000, 9_055, 0.91),  # infra 20 + 25 + 10
    (50_000, 719, 45_000, 45_719, 0.91),  # infra 20 + 599 + 100
    (100_000, 3_000, 54_000, 57_000, 0.57),  # infra 500 (implied Vercel) + 2,000 + 500
    (500_000, 27_000, 270_000, 297_000, 0.59),  # infra 20,000 (implied Vercel) + 5,000 + 2,000
    (1_000_000, 27_000, 180_000, 207_000, 0.21),  # infra 10,000 + 10,000 + 5,000 + 2,000
]


@pytest.mark.parametrize(("dau", "infrastructure", "ai", "total", "per_user"), PLAN_TABLE)
def test_each_tier_matches_the_plan_cost_table(plan, dau, infrastructure, ai, total, per_user):
    tier = evaluate(plan).tier(dau)
    assert excel_round(tier.infrastructure_usd, 0) == infrastructure
    assert excel_round(tier.ai_usd, 0) == ai
    assert excel_round(tier.total_usd, 0) == total
    assert excel_round(tier.cost_per_dau_usd, 2) == per_user


def test_the_plan_tiers_are_the_five_levels(plan):
    assert [t.dau for t in evaluate(plan).tiers] == [row[0] for row in PLAN_TABLE]


def test_ai_lines_are_exact_not_just_rounded(plan):
    # The AI figures come from drivers (calls x tokens x prices x multipliers) and were implied to hit the
    # plan's round numbers, so they land within a floating-point hair of them, not merely within $0.50.
    for dau, _, ai, _, _ in PLAN_TABLE:
        assert evaluate(plan).tier(dau).ai_usd == pytest.approx(ai, rel=1e-9)


def test_the_plan_deducts_no_reserved_saving(plan):
    # The plan's cost table keeps infrastructure at $27,000 at 1M though it expects a $10,000 reserved saving.
    tier = evaluate(plan).tier(1_000_000)
    assert tier.reserved_savings_applied is False
    assert tier.infrastructure_usd == tier.infrastructure_gross_usd == 27_000
