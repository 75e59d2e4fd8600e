"""The own model as a business case, worked by hand for the plan's numbers."""

from __future__ import annotations

import numpy as np
import pytest

from model.analysis.owncase import business_case, own_gpus, own_running_usd
from model.analysis.selfhosted import api_usd
from model.analysis.timeline import project
from model.loading import load_scenario, plan_scenario
from model.overrides import with_overrides
from model.result import evaluate

# The plan at 1M DAU (own model off, both optimisation phases in force):
# API calls 1,000,000 x 2 x 30 x (1 - 0.3) = 42,000,000 a month; API bill $540,000 (the plan's $0.54 per DAU).
# Peak tokens/s = 42,000,000 x 7,800 tokens x (0.50592... x 0.6 = 0.303553) / 2,592,000 s x 2 = 76,731.5;
# the own model serves 80%: 61,385.2 tokens/s / (1,000 x 0.6 per GPU) = 102.3 -> 103 GPUs.
# GPUs 103 x $2.50 x 24 x 30 = $185,400; + ops $10,000 + people and MLOps $40,000 + 20% of the API $108,000
# = $343,400 a month.
OWN_AT_1M = 343_400.0
SAVING_AT_1M = 540_000.0 - OWN_AT_1M  # 196,600


@pytest.fixture(scope="module")
def plan():
    return plan_scenario()


@pytest.fixture(scope="module")
def case(plan):
    return business_case(plan)


def test_one_month_at_1m_dau_by_hand(plan, case):
    assert own_gpus(np.array([1_000_000.0]), plan)[0] == 103
    assert own_running_usd(np.array([1_000_000.0]), plan)[0] == pytest.approx(OWN_AT_1M, rel=1e-12)
    row = case.months.set_index("month").loc["2030-07"]  # level 5's milestone: DAU reaches 1M, the own model goes live
    assert bool(row.own_model_live) and row.dau == 1_000_000
    assert row.api_usd == pytest.approx(540_000.0, rel=1e-12)
    assert row.own_case_usd == pytest.approx(OWN_AT_1M, rel=1e-12)
    assert row.saving_usd == pytest.approx(SAVING_AT_1M, rel=1e-12)


def test_build_months_and_payback_month_by_hand(case):
    m = case.months.set_index("month")
    # $600,000 over the nine months before 2030-07: 2029-10 .. 2030-06, $66,666.67 each.
    build = m["build_usd"]
    assert list(build[build > 0].index) == [f"2029-{k}" for k in (10, 11, 12)] + [f"2030-0{k}" for k in range(1, 7)]
    assert build["2029-10"] == pytest.approx(600_000 / 9, rel=1e-12)
    assert m.loc[:"2029-09", "saving_usd"].abs().max() == 0.0
    # Cumulative: -600,000 + 196,600 x 3 = -10,200 after 2030-09; + 196,600 = 186,400 after 2030-10 -> payback 2030-10.
    assert m.loc["2030-09", "cumulative_saving_usd"] == pytest.approx(-10_200.0, rel=1e-9)
    assert m.loc["2030-10", "cumulative_saving_usd"] == pytest.approx(186_400.0, rel=1e-9)
    assert case.live_month == "2030-07" and case.payback_month == "2030-10"


def test_npv_discounts_each_month_at_the_annual_rate(case):
    # Month k counted from 2026-01 (k = 0); 2029-10 is k = 45, 2030-07 is k = 54, 2030-12 is k = 59.
    npv = sum(SAVING_AT_1M / 1.1 ** (k / 12) for k in range(54, 60)) - sum(600_000 / 9 / 1.1 ** (k / 12) for k in range(45, 54))
    assert case.npv_usd == pytest.approx(npv, rel=1e-9)


def test_break_even_dau_is_where_running_cost_meets_the_api(plan, case):
    d = case.break_even_dau
    assert d is not None
    assert own_running_usd(np.array([d]), plan)[0] <= api_usd(np.array([d]), plan)[0]
    assert own_running_usd(np.array([d - 1.5]), plan)[0] > api_usd(np.array([d - 1.5]), plan)[0]


def test_reconciled_with_the_plans_own_model_from_1m(case):
    # The plan's own model at 1M: 540,000 / 3 = 180,000; the case's 343,400 / 540,000 = 0.63593 of the API.
    assert case.plan_own_model_usd_at_from_dau == pytest.approx(180_000.0, rel=1e-12)
    assert case.implied_cost_relative_to_api == pytest.approx(OWN_AT_1M / 540_000.0, rel=1e-12)


def test_business_case_basis_makes_the_model_and_the_timeline_agree_with_the_case():
    s = load_scenario("data/scenarios/own-model-business-case.json")
    assert evaluate(s).tiers[-1].ai_usd == pytest.approx(OWN_AT_1M, rel=1e-12)
    case = business_case(s)
    tl = project(s).months.set_index("month")
    live = case.months[case.months.own_model_live].set_index("month")
    for month, row in live.iterrows():
        assert tl.loc[month, "ai_usd"] == pytest.approx(row.own_running_usd, rel=1e-12)
    # The plan's 1/3 stays the named option that reproduces its table.
    assert evaluate(plan_scenario()).tiers[-1].ai_usd == pytest.approx(180_000.0, rel=1e-12)


def test_no_payback_when_the_own_model_never_goes_live(plan):
    s = with_overrides(plan, {"ai.own_model.from_dau": 5_000_000})
    case = business_case(s)
    assert case.live_month is None and case.payback_month is None and case.npv_usd == 0.0


def test_serving_fewer_calls_keeps_more_on_the_api(plan):
    # Serving 50%: peak 76,731.5 x 0.5 / 600 = 63.9 -> 64 GPUs = $115,200; + 10,000 + 40,000 + 0.5 x 540,000 = $435,200
    s = with_overrides(plan, {"ai.own_model.case.share_of_calls_served": 0.5})
    assert own_running_usd(np.array([1_000_000.0]), s)[0] == pytest.approx(435_200.0, rel=1e-12)
