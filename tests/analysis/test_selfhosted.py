"""The own model as GPU capacity, worked by hand from the plan's numbers."""

from __future__ import annotations

import math

import pytest

from model.analysis.selfhosted import compare_self_hosted, curve_frame
from model.overrides import with_overrides

PHASE_1 = 0.5059218148427341


def test_fifty_thousand_dau_by_hand(plan):
    # API calls a month: 50,000 x 2 x 30 x (1 - 0.30) = 2,100,000; tokens per call 4,000 + 3,800 = 7,800;
    # Phase 1 cuts the workload to 0.50592; a month is 30 x 86,400 = 2,592,000 s.
    # Average 2,100,000 x 7,800 x 0.50592 / 2,592,000 = 3,197.1 tokens/s; peak x 2 = 6,394.3.
    # GPUs: ceil(6,394.3 / (1,000 x 0.6)) = ceil(10.66) = 11; 11 x $2.50 x 24 x 30 = $19,800; + $10,000 ops = $29,800.
    row = compare_self_hosted(plan, [50_000]).frame.iloc[0]
    assert row["peak_tokens_per_second"] == pytest.approx(2_100_000 * 7_800 * PHASE_1 / 2_592_000 * 2, rel=1e-12)
    assert row["gpus"] == 11
    assert row["self_hosted_usd"] == pytest.approx(29_800)
    assert row["api_usd"] == pytest.approx(45_000, rel=1e-9)  # the plan's API line
    assert row["plan_own_model_usd"] == pytest.approx(15_000, rel=1e-9)  # x 1/3
    assert row["cheaper"] == "self-hosted"


def test_minimum_replicas_floor(plan):
    # 1,000 DAU needs 128 tokens/s at peak: one GPU would do, two are kept.
    assert compare_self_hosted(plan, [1_000]).frame.iloc[0]["gpus"] == 2


def test_workload_without_optimisation(plan):
    # Without Phase 1's cut the peak is 6,394.3 / 0.50592 = 12,638.9 tokens/s: ceil(21.06) = 22 GPUs.
    s = with_overrides(plan, {"self_hosted.workload_follows_optimisation": False})
    assert compare_self_hosted(s, [50_000]).frame.iloc[0]["gpus"] == 22


def test_break_even_by_hand(plan):
    # Below 100k the API costs $0.90 per DAU ($9,000 at 10k). Each GPU carries 600 / 0.127886 = 4,691.7 DAU
    # (peak tokens/s per DAU = 2 x 30 x 0.7 x 7,800 x 0.50592 x 2 / 2,592,000 / 30 ... = 0.127886).
    # Around 20k DAU five GPUs are needed: 5 x 1,800 + 10,000 = 19,000 = 0.90 x DAU at 21,111.1 DAU.
    cmp = compare_self_hosted(plan)
    assert cmp.break_even_dau == pytest.approx(19_000 / 0.9, abs=1.0)
    assert math.ceil(cmp.break_even_dau / 4_691.7) == 5


def test_never_cheaper_reports_none(plan):
    dear = with_overrides(plan, {"self_hosted.gpu_usd_per_hour": 1000.0})
    assert compare_self_hosted(dear).break_even_dau is None


def test_always_cheaper_reports_the_bottom_of_the_search(plan):
    cheap = with_overrides(plan, {"self_hosted.ops_usd_per_month": 0, "self_hosted.gpu_usd_per_hour": 0.01})
    cmp = compare_self_hosted(cheap, search_low_dau=1_000)
    assert cmp.break_even_dau == 1_000


def test_curve_frame_has_three_options(plan):
    frame = curve_frame(plan, [10_000, 1_000_000])
    assert sorted(frame["option"].unique()) == ["API", "Plan's own model (share of API)", "Self-hosted (GPUs)"]
    assert len(frame) == 6


def test_the_gpu_bill_is_gpus_by_the_hour_all_month():
    # One formula for the comparison and the business case: GPUs x $/hour x 24 x days per month.
    # The plan's $2.50 an hour, 30 days: 4 GPUs x 2.5 x 24 x 30 = $7,200; on a 28-day month 4 x 2.5 x 24 x 28 = $6,720.
    import numpy as np

    from model.analysis.selfhosted import gpu_usd_per_month
    from model.loading import plan_scenario

    plan = plan_scenario()
    assert gpu_usd_per_month(np.array([4.0]), plan).tolist() == pytest.approx([7_200.0])
    short = with_overrides(plan, {"days_per_month": 28})
    assert gpu_usd_per_month(np.array([4.0]), short).tolist() == pytest.approx([6_720.0])


def test_the_plans_own_model_is_its_share_of_the_api_bill():
    # The plan's own model costs 1/3 of the API: $540,000 of API calls -> $180,000; at a share of 0.5, $270,000.
    from model.analysis.selfhosted import plan_own_model_usd
    from model.loading import plan_scenario

    plan = plan_scenario()
    assert plan_own_model_usd(540_000.0, plan) == pytest.approx(180_000.0)
    half = with_overrides(plan, {"ai.own_model.cost_relative_to_api": 0.5})
    assert plan_own_model_usd(540_000.0, half) == pytest.approx(270_000.0)
