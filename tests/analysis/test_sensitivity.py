"""The tornado's bars are the model rerun with one driver at its low or high value."""

from __future__ import annotations

import pytest

from model.analysis.sensitivity import tornado
from model.overrides import with_overrides
from model.result import evaluate


@pytest.mark.parametrize("dau", [10_000, 100_000, 500_000, 1_000_000, 250_000])
def test_each_bar_equals_the_model_rerun_at_low_and_high(plan, dau):
    t = tornado(plan, dau)
    assert len(t.bars) == len(plan.ranges)
    assert t.base_cost_per_dau_usd == pytest.approx(evaluate(plan, [dau]).tiers[0].cost_per_dau_usd, rel=1e-12)
    for bar in t.bars:
        low = evaluate(with_overrides(plan, {bar.path: bar.low_value}), [dau]).tiers[0].cost_per_dau_usd
        high = evaluate(with_overrides(plan, {bar.path: bar.high_value}), [dau]).tiers[0].cost_per_dau_usd
        assert (bar.low_cost_per_dau_usd, bar.high_cost_per_dau_usd) == pytest.approx((low, high), rel=1e-12)
        assert bar.swing_usd == pytest.approx(abs(high - low), rel=1e-12)


def test_bars_are_sorted_by_swing(plan):
    swings = [b.swing_usd for b in tornado(plan, 500_000).bars]
    assert swings == sorted(swings, reverse=True)


def test_calls_per_dau_bar_by_hand(plan):
    # At 500k the plan's AI line is $270,000 for 2 calls per DAU per day and is linear in calls;
    # infrastructure $27,000. Calls 1.5: 270,000 x 0.75 + 27,000 = 229,500 -> $0.459 per DAU;
    # calls 3.0: 270,000 x 1.5 + 27,000 = 432,000 -> $0.864 per DAU.
    bar = next(b for b in tornado(plan, 500_000).bars if b.path == "ai.calls_per_dau_per_day")
    assert (bar.low_cost_per_dau_usd, bar.high_cost_per_dau_usd) == pytest.approx((0.459, 0.864), rel=1e-12)
    assert (bar.low_total_usd, bar.high_total_usd) == pytest.approx((229_500, 432_000), rel=1e-12)


def test_reserved_discount_moves_cost_only_when_applied(plan):
    off = next(b for b in tornado(plan, 1_000_000).bars if b.path == "reserved_instances.discount")
    assert off.swing_usd == 0.0  # the plan's table does not deduct the saving
    applied = with_overrides(plan, {"reserved_instances.applied": True})
    on = next(b for b in tornado(applied, 1_000_000).bars if b.path == "reserved_instances.discount")
    # Level 5's eligible items: Kubernetes 10,000 + CockroachDB 10,000 + Redis 5,000 = 25,000.
    # 40%: 207,000 - 10,000 = 197,000; 60%: 207,000 - 15,000 = 192,000.
    assert (on.low_total_usd, on.high_total_usd) == pytest.approx((197_000, 192_000), rel=1e-12)


def test_long_frame_has_two_rows_per_driver_around_the_base(plan):
    t = tornado(plan, 500_000)
    frame = t.long_frame()
    assert len(frame) == 2 * len(t.bars)
    assert (frame["cost_per_dau_usd"] - frame["delta_usd"]).round(12).eq(round(t.base_cost_per_dau_usd, 12)).all()


def test_dau_must_be_positive(plan):
    with pytest.raises(ValueError, match="positive"):
        tornado(plan, 0)
