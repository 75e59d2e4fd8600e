"""The Monte Carlo: reproducible, the deterministic model at a point, ordered percentiles, hand-checkable moments."""

from __future__ import annotations

import numpy as np
import pytest

from model.analysis.montecarlo import simulate
from model.overrides import with_overrides
from model.result import evaluate


def test_same_seed_same_numbers_other_seed_other_numbers(plan):
    a = simulate(plan, draws=2_000, seed=42)
    b = simulate(plan, draws=2_000, seed=42)
    c = simulate(plan, draws=2_000, seed=43)
    assert np.array_equal(a.total_usd, b.total_usd)
    assert a.bands().equals(b.bands())
    assert not np.array_equal(a.total_usd, c.total_usd)


def test_collapsed_ranges_give_the_deterministic_model(plan):
    sim = simulate(plan, draws=500, seed=7, collapse=True)
    expected = [t.total_usd for t in evaluate(plan).tiers]
    bands = sim.bands()
    assert list(bands["p50"]) == pytest.approx(expected, rel=1e-12)
    assert list(bands["p10"]) == pytest.approx(expected, rel=1e-12)
    assert list(bands["p90"]) == pytest.approx(expected, rel=1e-12)
    assert list(bands["deterministic_usd"]) == pytest.approx(expected, rel=1e-12)
    # The plan's table: 9,055 / 45,719 / 57,000 / 297,000 / 207,000.
    assert list(bands["p50"]) == pytest.approx([9_055, 45_719, 57_000, 297_000, 207_000], rel=1e-9)


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_percentiles_are_ordered(plan, seed):
    bands = simulate(plan, draws=1_000, seed=seed).bands()
    assert (bands["p10"] <= bands["p50"]).all() and (bands["p50"] <= bands["p90"]).all()
    assert (bands["cost_per_dau_p10"] <= bands["cost_per_dau_p50"]).all()
    assert (bands["cost_per_dau_p50"] <= bands["cost_per_dau_p90"]).all()


def test_one_uniform_driver_by_hand(plan):
    # Only calls per DAU varies, uniform on 1-3. At 10k DAU: total = 55 + 4,500 x calls
    # (the AI line is $9,000 at 2 calls). So P10 = 55 + 4,500 x 1.2 = 5,455, P50 = 9,055,
    # P90 = 55 + 4,500 x 2.8 = 12,655, and cost per DAU exceeds a $0.9055 budget exactly
    # when calls > 2: half the draws.
    one = with_overrides(plan, {"ranges": {"ai.calls_per_dau_per_day": {"low": 1.0, "high": 3.0, "distribution": "uniform"}}})
    sim = simulate(one, draws=100_000, seed=1, dau=[10_000], budget_usd_per_dau=0.9055)
    row = sim.bands().iloc[0]
    assert (row["p10"], row["p50"], row["p90"]) == pytest.approx((5_455, 9_055, 12_655), rel=0.01)
    assert row["prob_over_budget"] == pytest.approx(0.5, abs=0.01)


def test_budget_defaults_to_the_scenarios(plan):
    sim = simulate(plan, draws=10, seed=0)
    assert sim.budget_usd_per_dau == plan.economics.cost_budget_usd_per_dau_per_month
    assert (sim.bands()["budget_usd_per_dau"] == plan.economics.cost_budget_usd_per_dau_per_month).all()


def test_prob_over_budget_counts_draws(plan):
    sim = simulate(plan, draws=300, seed=5, budget_usd_per_dau=0.5)
    expected = (sim.total_usd / sim.dau > 0.5).sum(axis=0) / 300
    assert list(sim.bands()["prob_over_budget"]) == list(expected)


def test_any_dau_grid(plan):
    grid = np.geomspace(10_000, 1_000_000, 40)
    sim = simulate(plan, draws=200, seed=3, dau=grid)
    assert sim.total_usd.shape == (200, 40)


@pytest.mark.parametrize(("kwargs", "words"), [({"draws": 0}, "draws"), ({"seed": -1}, "seed"), ({"dau": [0]}, "positive")])
def test_bad_arguments(plan, kwargs, words):
    with pytest.raises(ValueError, match=words):
        simulate(plan, **kwargs)
