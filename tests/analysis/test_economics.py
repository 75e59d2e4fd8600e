"""Unit economics per tier at the plan's assumed $1.50 revenue per DAU per month."""

from __future__ import annotations

import pytest

from model.analysis.economics import economics_frame, unit_economics
from model.result import evaluate
from tests.revenue import at_revenue


def test_ten_thousand_dau_by_hand(plan):
    # Revenue 1.50 x 10,000 = 15,000; cost 9,055; margin 5,945 = 39.63%; AI 9,000 / 15,000 = 60%;
    # break-even revenue per DAU = cost per DAU = 9,055 / 10,000 = 0.9055.
    row = unit_economics(plan, evaluate(plan))[0]
    assert (row.revenue_usd, row.gross_margin_usd) == pytest.approx((15_000, 5_945))
    assert row.gross_margin == pytest.approx(5_945 / 15_000)
    assert row.ai_share_of_revenue == pytest.approx(0.6)
    assert row.break_even_revenue_usd_per_dau == pytest.approx(0.9055)


def test_one_million_dau_by_hand(plan):
    # 1.50 x 1,000,000 = 1,500,000; cost 207,000; margin 1,293,000 = 86.2%; AI 180,000 = 12%.
    row = unit_economics(plan, evaluate(plan))[-1]
    assert row.gross_margin == pytest.approx(0.862)
    assert row.ai_share_of_revenue == pytest.approx(0.12)


def test_revenue_override_and_zero_revenue(plan):
    rows = unit_economics(*at_revenue(plan, 0.9055))
    assert rows[0].gross_margin_usd == pytest.approx(0.0, abs=1e-9)  # break-even exactly
    zero = unit_economics(*at_revenue(plan, 0.0))
    assert zero[0].gross_margin is None and zero[0].ai_share_of_revenue is None
    assert len(economics_frame(rows)) == len(plan.tiers_dau)


def test_the_declared_columns_are_the_frames_and_hold_revenue_and_break_even(plan):
    # The CLI's JSON keys and the chart's fields come from these two constants: each must be a column of the frame,
    # holding (first tier) the revenue assumed, 1.20 given, and the break-even 9,055 / 10,000 = 0.9055.
    from model.analysis.economics import BREAK_EVEN_PER_DAU, REVENUE_PER_DAU

    frame = economics_frame(unit_economics(*at_revenue(plan, 1.2)))
    assert (BREAK_EVEN_PER_DAU, REVENUE_PER_DAU) == ("break_even_revenue_usd_per_dau", "revenue_usd_per_dau")  # JSON keys
    assert frame[REVENUE_PER_DAU].tolist() == [1.2] * len(plan.tiers_dau)
    assert frame[BREAK_EVEN_PER_DAU].iloc[0] == pytest.approx(0.9055)
