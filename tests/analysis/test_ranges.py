"""Moving a driver on Params (vectorised) must equal rebuilding the scenario and rerunning the model."""

from __future__ import annotations

import numpy as np
import pytest

from model import costs
from model.analysis.ranges import check_supported, driver_ranges, sample, with_driver_values
from model.loading import ScenarioError, plan_scenario, scenario_from_obj
from model.overrides import with_overrides
from model.params import params_from
from model.result import evaluate
from model.scenario import CATEGORIES

TIERS = [10_000, 50_000, 100_000, 500_000, 1_000_000]

# (path, two values) for every driver kind the mapping knows, the plan's ranges included.
CASES = [
    ("ai.calls_per_dau_per_day", [1.5, 3.0]),
    ("ai.input_tokens_per_call", [3000, 6000]),
    ("ai.output_tokens_per_call", [2500, 5000]),
    ("ai.prompt_cache_share_of_input", [0.1, 0.5]),
    ("ai.model_mix.0.share_of_calls", [0.6, 1.0]),
    ("ai.model_mix.1.share_of_calls", [0.0, 0.3]),
    ("caching.caches.1.hit_rate", [0.15, 0.45]),
    ("ai.optimisation_phases.0.cost_multiplier", [0.4, 0.75]),
    ("ai.optimisation_phases.1.cost_multiplier", [0.45, 0.85]),
    ("ai.optimisation_phases.1.from_dau", [50_000, 600_000]),
    ("ai.own_model.cost_relative_to_api", [0.3, 0.6]),
    ("ai.own_model.from_dau", [100_000, 500_000]),
    ("days_per_month", [28, 31]),
    ("levels.2.line_items.0.usd_per_month", [500, 5000]),
    ("levels.3.line_items.0.usd_per_month", [5000, 30000]),
    ("levels.4.line_items.1.usd_per_month", [4000, 20000]),  # reserved-eligible
    ("reserved_instances.discount", [0.4, 0.6]),
    ("reserved_instances.from_dau", [100_000, 1_000_000]),
]


@pytest.mark.parametrize("applied", [False, True])
@pytest.mark.parametrize(("path", "values"), CASES)
def test_vectorised_driver_equals_rerun_model(plan, path, values, applied):
    scenario = with_overrides(plan, {"reserved_instances.applied": applied})
    p = params_from(scenario)
    q = with_driver_values(scenario, p, {path: np.array(values, dtype=float)})
    # A driver the total does not read (the discount while not applied) leaves the shape (tiers,).
    got = np.broadcast_to(costs.total_usd(np.array(TIERS, dtype=float), q), (len(values), len(TIERS)))
    for row, value in enumerate(values):
        expected = [t.total_usd for t in evaluate(with_overrides(scenario, {path: value}), TIERS).tiers]
        assert got[row] == pytest.approx(expected, rel=1e-12)


def test_several_drivers_at_once_equal_rerun_model(plan):
    changes = {
        "ai.calls_per_dau_per_day": 2.5,
        "levels.4.line_items.1.usd_per_month": 12_000,
        "ai.optimisation_phases.1.cost_multiplier": 0.7,
    }
    scenario = with_overrides(plan, {"reserved_instances.applied": True})
    q = with_driver_values(scenario, params_from(scenario), {k: [v] for k, v in changes.items()})
    got = costs.total_usd(np.array(TIERS, dtype=float), q)[0]
    expected = [t.total_usd for t in evaluate(with_overrides(scenario, changes), TIERS).tiers]
    assert got == pytest.approx(expected, rel=1e-12)


def test_plan_ranges_are_the_plans_and_reserved_is_40_to_60(plan):
    ranges = {r.path: r for r in driver_ranges(plan)}
    assert (ranges["reserved_instances.discount"].low, ranges["reserved_instances.discount"].high) == (0.4, 0.6)
    assert all(r.low <= r.value <= r.high and not r.value_outside_stated for r in ranges.values())


def test_a_value_outside_its_range_widens_it_and_is_flagged(plan):
    moved = with_overrides(plan, {"ai.calls_per_dau_per_day": 4.0})  # stated range 1.5-3.0
    r = next(r for r in driver_ranges(moved) if r.path == "ai.calls_per_dau_per_day")
    assert (r.low, r.value, r.high, r.value_outside_stated) == (1.5, 4.0, 4.0, True)


@pytest.mark.parametrize(
    ("path", "words"),
    [
        ("caching.caches.0.hit_rate", "database caches"),
        ("targets.p95_ms", "no cost formula"),
        ("tiers_dau.0", "no cost formula"),
    ],
)
def test_paths_no_cost_formula_reads_are_refused(plan, path, words):
    with pytest.raises(ScenarioError, match=words):
        check_supported(plan, path)


def test_uniform_inverse_cdf(plan):
    r = next(r for r in driver_ranges(plan) if r.distribution == "uniform")  # reserved discount 0.4-0.6
    got = sample((r,), np.array([[0.0], [0.25], [1.0]]))[r.path]
    assert got == pytest.approx([0.4, 0.45, 0.6])  # 0.4 + u x 0.2


def test_triangular_inverse_cdf_by_hand(plan):
    base = next(r for r in driver_ranges(plan) if r.path == "ai.calls_per_dau_per_day")
    r = type(base)(base.path, base.label, 1.0, 0.0, 4.0, "triangular", "", False)  # low 0, mode 1, high 4: F(mode) = 1/4
    got = sample((r,), np.array([[0.0], [0.25], [0.625], [1.0]]))[r.path]
    # u=0.25: 0 + sqrt(0.25 x 4 x 1) = 1; u=0.625: 4 - sqrt(0.375 x 4 x 3) = 4 - sqrt(4.5)
    assert got == pytest.approx([0.0, 1.0, 4 - 4.5**0.5, 4.0])


def test_collapsed_range_gives_its_value_for_every_u(plan):
    base = driver_ranges(plan)[1]
    for dist in ("uniform", "triangular"):
        r = type(base)(base.path, base.label, 2.0, 2.0, 2.0, dist, "", False)
        assert list(sample((r,), np.array([[0.0], [0.3], [1.0]]))[r.path]) == [2.0, 2.0, 2.0]


def _overlay(overrides):
    return {"extends": "plan.json", "name": "t", "overrides": overrides}


@pytest.mark.parametrize(
    ("overrides", "words"),
    [
        ({"ranges": {"ai.no_such_field": {"low": 1, "high": 2}}}, "names no field"),
        ({"ranges": {"ai.own_model.enabled": {"low": 0, "high": 1}}}, "not a number"),
        ({"ranges": {"ai.calls_per_dau_per_day": {"low": 3, "high": 1}}}, "must not exceed high"),
        ({"ranges": {"ai.calls_per_dau_per_day": {"low": 1, "high": 3, "distribution": "normal"}}}, "ranges"),
        ({"timeline.milestones.4.level": 9}, "no level is numbered 9"),
        ({"timeline.milestones.1.month": "2025-12"}, "strictly increasing"),
        ({"timeline.milestones.1.month": "2027-13"}, "timeline.milestones.1.month"),
        ({"timeline.end_month": "2030-01"}, "end_month"),
        ({"self_hosted.target_utilisation": 0}, "self_hosted.target_utilisation"),
        ({"economics.revenue_usd_per_dau_per_month": -1}, "economics.revenue_usd_per_dau_per_month"),
    ],
)
def test_bad_analysis_sections_are_one_line_errors(overrides, words):
    with pytest.raises(ScenarioError, match=words) as err:
        scenario_from_obj(_overlay(overrides), source="bad.json")
    assert "\n" not in str(err.value) and str(err.value).startswith("bad.json")


@pytest.mark.parametrize(
    ("range_", "words"),
    [
        ({"caching.caches.1.hit_rate": {"low": 0.1, "high": 1.5}}, r"ranges\.caching\.caches\.1\.hit_rate\.high: must be <= 1"),
        ({"ai.calls_per_dau_per_day": {"low": -1, "high": 3}}, r"ranges\.ai\.calls_per_dau_per_day\.low: must be >= 0"),
    ],
)
def test_range_ends_must_be_valid_values_of_their_field(plan, range_, words):
    bad = with_overrides(plan, {"ranges": range_})
    with pytest.raises(ScenarioError, match=words):
        driver_ranges(bad)


def test_a_varied_reserved_eligible_line_item_moves_its_category_after_the_saving():
    # The plan with its reserved saving deducted: at 1M DAU level 5's CockroachDB ($10,000, eligible) is charged
    # 10,000 x (1 - 0.4) = $6,000. Drawn at $10,000 and $12,000, the database category after the saving is $6,000
    # and 12,000 x 0.6 = $7,200, as the scenario with the price set would give (tier_rows.CATEGORY_USD).
    scenario = with_overrides(plan_scenario(), {"reserved_instances.applied": True})
    path = "levels.4.line_items.1.usd_per_month"
    p = with_driver_values(scenario, params_from(scenario), {path: np.array([10_000.0, 12_000.0])})
    database = costs.category_usd(np.array([1_000_000.0]), p)[..., CATEGORIES.index("database")]
    assert database.reshape(-1).tolist() == pytest.approx([6_000.0, 7_200.0])
    moved = params_from(with_overrides(scenario, {path: 12_000.0}))
    assert costs.category_usd(np.array([1_000_000.0]), moved)[0].tolist() == pytest.approx(
        costs.category_usd(np.array([1_000_000.0]), p)[1].reshape(-1).tolist()
    )
