"""Rules that hold for every valid scenario and every DAU (hypothesis).

Random scenarios are the plan with its drivers overridden by random values inside
their validation bounds (model.overrides.with_overrides validates each one exactly
like a file).

AI spend is NOT monotonic in DAU across the whole range, on purpose: the plan's
optimisation phases (Phase 2 from 100k DAU: x0.6) and the switch to the own model
(from 1M DAU: x1/3) are deliberate drops, so the plan's AI line goes 89,999 at
99,999 DAU -> 54,000 at 100,000, and 539,999 -> 180,000 at 1M. The monotonic rule
for AI spend is therefore checked within one optimisation phase and one own-model
regime; across all DAU, the number of AI API calls never falls as DAU rises.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from model import costs
from model.loading import plan_scenario
from model.overrides import with_overrides
from model.params import params_from
from model.result import curve, evaluate
from model.rounding import excel_round

SETTINGS = settings(max_examples=100, deadline=None)

PLAN = plan_scenario()


def fraction():
    return st.floats(0.0, 1.0, allow_nan=False)


LINE_ITEMS = {
    f"levels.{i}.line_items.{j}.usd_per_month": st.floats(0.0, 1e6, allow_nan=False)
    for i, lv in enumerate(PLAN.levels)
    for j, _ in enumerate(lv.line_items)
}
DRIVERS = {
    "ai.calls_per_dau_per_day": st.floats(0.0, 50.0, allow_nan=False),
    "ai.input_tokens_per_call": st.floats(0.0, 50_000.0, allow_nan=False),
    "ai.output_tokens_per_call": st.floats(0.0, 50_000.0, allow_nan=False),
    "ai.model_mix.0.share_of_calls": fraction(),
    "ai.prompt_cache_share_of_input": fraction(),
    "ai.optimisation_phases.0.cost_multiplier": st.floats(0.01, 2.0, allow_nan=False),
    "ai.optimisation_phases.1.cost_multiplier": st.floats(0.01, 2.0, allow_nan=False),
    "ai.own_model.enabled": st.booleans(),
    "ai.own_model.from_dau": st.integers(1, 5_000_000),
    "ai.own_model.cost_relative_to_api": st.floats(0.0, 3.0, allow_nan=False),
    "caching.caches.0.hit_rate": fraction(),
    "caching.caches.1.hit_rate": fraction(),
    "days_per_month": st.floats(28.0, 31.0, allow_nan=False),
    "reserved_instances.discount": st.floats(0.4, 0.6, allow_nan=False),
    "reserved_instances.applied": st.booleans(),
    "reserved_instances.from_dau": st.integers(1, 5_000_000),
    **LINE_ITEMS,
}

overrides = st.fixed_dictionaries({}, optional=DRIVERS)
dau_values = st.integers(1, 5_000_000)


def scenario_with(changes):
    return with_overrides(PLAN, changes)


@SETTINGS
@given(changes=overrides, dau=st.lists(dau_values, min_size=1, max_size=5))
def test_no_cost_is_negative_and_parts_add_up(changes, dau):
    result = evaluate(scenario_with(changes), dau)
    for t in result.tiers:
        for name in (
            "infrastructure_usd",
            "ai_usd",
            "cache_savings_usd",
            "reserved_savings_usd",
            "total_usd",
            "cost_per_dau_usd",
        ):
            assert getattr(t, name) >= 0, name
        assert all(v >= -1e-9 for v in t.by_category_usd.values())
        assert all(li.usd_per_month >= 0 for li in t.line_items)
        assert t.total_usd == pytest.approx(t.infrastructure_usd + t.ai_usd, rel=1e-12, abs=1e-9)
        assert sum(t.by_category_usd.values()) == pytest.approx(t.total_usd, rel=1e-9, abs=1e-6)
        assert sum(li.usd_per_month for li in t.line_items) == pytest.approx(t.total_usd, rel=1e-9, abs=1e-6)


@SETTINGS
@given(changes=overrides, hit_rates=st.tuples(fraction(), fraction()), dau=dau_values)
def test_more_response_cache_hits_never_cost_more(changes, hit_rates, dau):
    low, high = sorted(hit_rates)
    fewer = evaluate(scenario_with({**changes, "caching.caches.1.hit_rate": low}), [dau]).tiers[0]
    more = evaluate(scenario_with({**changes, "caching.caches.1.hit_rate": high}), [dau]).tiers[0]
    assert more.ai_usd <= fewer.ai_usd * (1 + 1e-12) + 1e-9
    assert more.total_usd <= fewer.total_usd * (1 + 1e-12) + 1e-9
    assert more.api_calls_per_month <= fewer.api_calls_per_month * (1 + 1e-12) + 1e-9


def regime_boundaries(scenario) -> list[int]:
    """DAU at which the AI price per call deliberately steps: each optimisation phase and the own-model switch."""
    points = [p.from_dau for p in scenario.ai.optimisation_phases]
    if scenario.ai.own_model.enabled:
        points.append(scenario.ai.own_model.from_dau)
    return sorted(set(points))


@SETTINGS
@given(changes=overrides, start=dau_values, where=st.floats(0.0, 1.0))
def test_more_dau_never_lowers_ai_spend_within_one_phase_and_regime(changes, start, where):
    scenario = scenario_with(changes)
    nxt = next((b for b in regime_boundaries(scenario) if b > start), 10 * start)
    end = start + int(where * (nxt - 1 - start))  # start <= end < the next step
    a, b = evaluate(scenario, [start, end]).tiers
    if (a.optimisation_multiplier, a.own_model_in_force) != (b.optimisation_multiplier, b.own_model_in_force):
        pytest.fail(f"{start} and {end} should be in one regime")
    assert b.ai_usd >= a.ai_usd * (1 - 1e-12)


@SETTINGS
@given(changes=overrides, dau=st.lists(dau_values, min_size=2, max_size=20, unique=True))
def test_ai_api_calls_never_fall_as_dau_rises(changes, dau):
    p = params_from(scenario_with(changes))
    calls = costs.api_calls_per_month(np.array(sorted(dau), dtype=float), p)
    assert np.all(np.diff(calls) >= -1e-9 * calls[1:])


def test_the_plans_deliberate_drops(plan):
    # Phase 2 at 100k: 99,999 x 0.9 = 89,999.1 -> 100,000 x 0.54 = 54,000;
    # own model at 1M: 999,999 x 0.54 = 539,999.46 -> 1,000,000 x 0.18 = 180,000
    ai = list(curve(plan, [99_999, 100_000, 999_999, 1_000_000])["ai_usd"])
    assert ai == pytest.approx([89_999.1, 54_000, 539_999.46, 180_000], rel=1e-9)


# --- excel_round ------------------------------------------------------------------------------------


@SETTINGS
@given(value=st.floats(-1e12, 1e12, allow_nan=False), digits=st.integers(0, 4))
def test_excel_round_is_half_up_on_15_significant_digits(value, digits):
    expected = float(Decimal(format(value, ".15g")).quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP))
    assert excel_round(value, digits) == expected
    assert abs(excel_round(value, digits) - value) <= 0.5 * 10**-digits + 1e-9 * max(1.0, abs(value))


@SETTINGS
@given(whole=st.integers(0, 10**12), digits=st.integers(0, 2), negative=st.booleans())
def test_excel_round_takes_decimal_halves_away_from_zero(whole, digits, negative):
    # n.5 x 10^-digits (at most 15 significant digits) rounds to (n + 1) x 10^-digits, whatever its binary value
    sign = -1 if negative else 1
    half = sign * float(Decimal(whole * 10 + 5).scaleb(-(digits + 1)))
    assert excel_round(half, digits) == sign * float(Decimal(whole + 1).scaleb(-digits))


def test_excel_round_differs_from_python_round():
    # 2.675 is 2.67499999999999982236431605997495353221893310546875 in binary: Python rounds it down
    assert round(2.675, 2) == 2.67
    assert excel_round(2.675, 2) == 2.68
    assert (round(0.5), excel_round(0.5)) == (0, 1.0)  # Python rounds half to even
    assert excel_round(-2.5) == -3.0
    assert excel_round(float("nan")) != excel_round(float("nan"))  # NaN passes through
    assert excel_round(float("inf")) == float("inf")
