"""Goal seek by hand: each answer worked out from the plan, then checked on the full model at the answer and just past it.

The plan at 500k DAU (level 4, API, response-cache hit rate h = 0.3): AI = $270,000, infrastructure $27,000
(Vercel $20,000 + Citus $5,000 + Redis $2,000), total $297,000, cost per DAU $0.594. AI is proportional to the
calls that reach the API, (1 - h): AI(h) = 270,000 x (1 - h) / 0.7. From 100k to 500k DAU (level 3, Phase 2):
infrastructure $3,000 and AI $0.54 per DAU.
"""

from __future__ import annotations

import pytest

from model.analysis.economics import unit_economics
from model.overrides import with_overrides
from model.result import evaluate
from model.solve import (
    REVENUE_PATH,
    NoSolution,
    meets,
    solvable_drivers,
    solve_dau,
    solve_driver,
    solve_month,
)

HIT = "caching.caches.1.hit_rate"


def full_model(scenario, target: str, dau: float) -> float:
    """The target read off ``evaluate`` and ``unit_economics``: the path every page and the CLI use, not the solver's."""
    tier = evaluate(scenario, [int(dau)] if float(dau).is_integer() else [dau]).tiers[0]
    econ = unit_economics(scenario, evaluate(scenario, [tier.dau]))[0] if target.startswith("gross") else None
    return {
        "cost_per_dau_usd": lambda: tier.cost_per_dau_usd,
        "total_usd": lambda: tier.total_usd,
        "ai_usd": lambda: tier.ai_usd,
        "ai_share": lambda: tier.ai_usd / tier.total_usd,
        "gross_margin_usd": lambda: econ.gross_margin_usd,  # type: ignore[union-attr]
        "gross_margin_pct": lambda: econ.gross_margin,  # type: ignore[union-attr]
    }[target]()


def at_value(scenario, path: str, x: float):
    return with_overrides(scenario, {path: x})


def test_the_issues_question_hit_rate_for_30_cents_at_500k(plan):
    # total <= 0.30 x 500,000 = 150,000 -> AI <= 123,000 -> (1 - h) <= 123,000 x 0.7 / 270,000 = 0.318888...
    # -> h >= 1 - 0.318888... = 0.681111... (= 613/900), the smallest hit rate that meets it.
    s = solve_driver(plan, HIT, target="cost_per_dau_usd", at=500_000, value=0.30)
    assert s.value == pytest.approx(613 / 900, abs=1e-9)
    assert s.status == "crossing" and s.goal == "at_most" and s.bounds == (0.0, 1.0)
    assert s.current_value == 0.3 and s.current_result == pytest.approx(0.594, rel=1e-12)
    # At the answer the full model meets it; just past it (a smaller hit rate) it misses.
    assert full_model(at_value(plan, HIT, s.value), "cost_per_dau_usd", 500_000) <= 0.30
    assert s.beyond_value is not None and s.beyond_value < s.value and s.value - s.beyond_value <= 1e-9
    assert full_model(at_value(plan, HIT, s.beyond_value), "cost_per_dau_usd", 500_000) > 0.30
    assert s.achieved == pytest.approx(0.30, abs=1e-12) and s.achieved <= 0.30


def test_the_largest_value_that_meets_a_line_item_budget(plan):
    # Total at 500k <= $290,000 with Vercel Enterprise (L4 item 0, $20,000) at x: 297,000 - 20,000 + x <= 290,000 -> x <= 13,000.
    path = "levels.3.line_items.0.usd_per_month"
    s = solve_driver(plan, path, target="total_usd", at=500_000, value=290_000)
    assert s.value == pytest.approx(13_000, abs=80_000 * 1e-9)
    assert s.value <= 13_000 and full_model(at_value(plan, path, s.value), "total_usd", 500_000) <= 290_000
    assert s.beyond_value is not None and s.beyond_value > s.value
    assert full_model(at_value(plan, path, s.beyond_value), "total_usd", 500_000) > 290_000


def test_already_met_gives_the_value_where_it_stops_being_met(plan):
    # Gross margin >= 50% at 500k with revenue $1.5/DAU: total <= 375,000 -> 270,000 x (1 - h) / 0.7 <= 348,000
    # -> 1 - h <= 0.902222... -> h >= 0.097777... The plan's 0.3 meets it; the answer is how low h may fall.
    s = solve_driver(plan, HIT, target="gross_margin_pct", at=500_000, value=0.5)
    assert s.goal == "at_least"
    assert s.value == pytest.approx(1 - 348_000 * 0.7 / 270_000, abs=1e-9)
    assert full_model(at_value(plan, HIT, s.value), "gross_margin_pct", 500_000) >= 0.5
    assert full_model(at_value(plan, HIT, s.beyond_value), "gross_margin_pct", 500_000) < 0.5


def test_ai_share(plan):
    # AI / (27,000 + AI) <= 0.8 -> AI <= 108,000 -> 270,000 (1 - h) / 0.7 <= 108,000 -> 1 - h <= 0.28 -> h >= 0.72
    s = solve_driver(plan, HIT, target="ai_share", at=500_000, value=0.8)
    assert s.value == pytest.approx(0.72, abs=1e-9)
    assert full_model(at_value(plan, HIT, s.value), "ai_share", 500_000) <= 0.8


def test_break_even_revenue_is_cost_per_dau(plan):
    # Gross margin >= 0 at 500k: R x 500,000 >= 297,000 -> R >= 0.594
    s = solve_driver(plan, REVENUE_PATH, target="gross_margin_usd", at=500_000, value=0.0)
    assert s.value == pytest.approx(0.594, abs=1e-9)
    assert full_model(at_value(plan, REVENUE_PATH, s.value), "gross_margin_usd", 500_000) >= 0
    assert full_model(at_value(plan, REVENUE_PATH, s.beyond_value), "gross_margin_usd", 500_000) < 0


def test_a_step_of_the_staircase_is_reported_as_a_step_not_a_false_root(plan):
    # The own model is in force at 500k when from_dau <= 500,000: AI = 270,000 / 3 = 90,000, total 117,000,
    # $0.234 per DAU; from 500,001 on it is not: $0.594. $0.50 is never hit exactly: the answer is the step.
    path = "ai.own_model.from_dau"
    s = solve_driver(plan, path, target="cost_per_dau_usd", at=500_000, value=0.50)
    assert (s.value, s.beyond_value, s.status) == (500_000, 500_001, "step")
    assert s.achieved == pytest.approx(0.234, rel=1e-12) and s.beyond == pytest.approx(0.594, rel=1e-12)
    assert full_model(at_value(plan, path, 500_000), "cost_per_dau_usd", 500_000) == pytest.approx(0.234, rel=1e-12)
    assert full_model(at_value(plan, path, 500_001), "cost_per_dau_usd", 500_000) == pytest.approx(0.594, rel=1e-12)


def test_no_value_in_the_bounds_meets_it(plan):
    # Even with every call answered by the cache (h = 1) the total at 500k is the $27,000 of infrastructure: $0.054 > $0.01.
    with pytest.raises(
        NoSolution, match=r"no value of AI response hit rate between 0 and 1 meets cost_per_dau_usd <= 0.01.*0.054"
    ):
        solve_driver(plan, HIT, target="cost_per_dau_usd", at=500_000, value=0.01)


def test_a_driver_that_does_not_move_the_target_says_so(plan):
    # Level 1's Vercel Pro is not billed at 500k (level 4 is in force).
    with pytest.raises(NoSolution, match="does not change cost_per_dau_usd at 500,000 DAU"):
        solve_driver(plan, "levels.0.line_items.0.usd_per_month", target="cost_per_dau_usd", at=500_000, value=0.5)


def test_every_value_meets_it(plan):
    # The worst case, h = 0: AI = 270,000 / 0.7 = 385,714.29, total 412,714.29, $0.825 per DAU <= $1.
    s = solve_driver(plan, HIT, target="cost_per_dau_usd", at=500_000, value=1.0)
    assert s.status == "all_meet" and s.value == 0.3 and s.beyond is None


def test_unknown_driver_and_target(plan):
    with pytest.raises(NoSolution, match="'nope' is not a driver"):
        solve_driver(plan, "nope", target="total_usd", at=500_000, value=1)
    with pytest.raises(NoSolution, match="no such target 'profit'"):
        solve_driver(plan, HIT, target="profit", at=500_000, value=1)
    # On/off drivers and database caches are not solvable: two values, and no effect on the bill.
    paths = {d.path for d in solvable_drivers(plan)}
    assert "ai.own_model.enabled" not in paths and "caching.caches.0.hit_rate" not in paths and HIT in paths


def test_first_dau_at_which_the_total_reaches_100k(plan):
    # Level 3 (100k to 500k): total = 3,000 + 0.54 d >= 100,000 -> d >= 97,000 / 0.54 = 179,629.63 -> 179,630.
    # (Level 2 tops out below: 719 + 0.9 x 99,999 = 90,718.)
    s = solve_dau(plan, target="total_usd", value=100_000)
    assert (s.value, s.beyond_value, s.status, s.goal) == (179_630, 179_629, "crossing", "at_least")
    assert full_model(plan, "total_usd", 179_630) == pytest.approx(3_000 + 0.54 * 179_630, rel=1e-12)  # 100,000.20
    assert full_model(plan, "total_usd", 179_630) >= 100_000 > full_model(plan, "total_usd", 179_629)  # 99,999.66


def test_first_dau_across_a_step(plan):
    # $280,000 falls inside the jump at 500k: 3,000 + 0.54 x 499,999 = 272,999.46 below, 297,000 from 500,000.
    s = solve_dau(plan, target="total_usd", value=280_000)
    assert (s.value, s.beyond_value, s.status) == (500_000, 499_999, "step")
    assert s.beyond == pytest.approx(272_999.46, rel=1e-12) and s.achieved == pytest.approx(297_000, rel=1e-12)


def test_first_dau_where_cost_per_dau_falls_to_a_value(plan):
    # Cost per DAU falls from the top: in level 3, (3,000 + 0.54 d) / d <= 0.56 -> 3,000 <= 0.02 d -> d >= 150,000.
    s = solve_dau(plan, target="cost_per_dau_usd", value=0.56)
    assert s.goal == "at_most" and s.value == 150_000
    assert full_model(plan, "cost_per_dau_usd", 150_000) <= 0.56 < full_model(plan, "cost_per_dau_usd", 149_999)


def test_dau_never_reaching_the_value(plan):
    with pytest.raises(NoSolution, match="no value of DAU"):
        solve_dau(plan, target="ai_share", value=1.5)


def test_first_month_on_the_growth_path(plan):
    # Exponential growth from 100k (2027-11) to 500k (2029-01), 14 months: D = 100,000 x 5^(j/14).
    # 3,000 + 0.54 D >= 100,000 -> D >= 179,629.6 -> j >= 14 ln(1.796296) / ln 5 = 5.095 -> j = 6: 2028-05,
    # D = 100,000 x 5^(6/14) = 199,323.5, total = 3,000 + 0.54 D = 110,634.7; 2028-04: D = 177,677.5, total 98,945.8.
    m = solve_month(plan, target="total_usd", value=100_000)
    assert (m.month, m.previous_month) == ("2028-05", "2028-04")
    assert m.dau == pytest.approx(100_000 * 5 ** (6 / 14), rel=1e-12)
    assert m.achieved == pytest.approx(3_000 + 0.54 * 100_000 * 5 ** (6 / 14), rel=1e-12)
    assert m.previous == pytest.approx(3_000 + 0.54 * 100_000 * 5 ** (5 / 14), rel=1e-12)
    with pytest.raises(NoSolution, match="never reaches"):
        solve_month(plan, target="total_usd", value=10_000_000)


def test_meets():
    assert meets(0.30, 0.30, "at_most") and not meets(0.3009, 0.30, "at_most")
    assert meets(0.0, 0.0, "at_least") and not meets(-0.01, 0.0, "at_least")
