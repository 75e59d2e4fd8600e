"""evaluate() and curve(): the one result every output reads."""

from __future__ import annotations

import json
import math

import numpy as np
import pytest

from model.overrides import with_overrides
from model.result import ALL_CATEGORIES, curve, evaluate

DOCUMENTED_KEYS = {"dau", "infrastructure_usd", "ai_usd", "cache_savings_usd", "total_usd", "cost_per_dau_usd", "line_items"}


def items(tier):
    return [(li.vendor, li.plan, li.category, round(li.usd_per_month, 6)) for li in tier.line_items]


def test_line_items_of_each_tier_are_the_plans(plan):
    result = evaluate(plan)
    openai = ("OpenAI API", "gpt-4o+gpt-4o-mini", "ai")
    assert items(result.tier(10_000)) == [
        ("Vercel", "Pro", "hosting", 20),
        ("Supabase", "Pro", "database", 25),
        ("Upstash Redis", "Pay as you go", "cache", 10),
        (*openai, 9_000),
    ]
    assert items(result.tier(50_000)) == [
        ("Vercel", "Pro", "hosting", 20),
        ("Supabase", "Team (more connections)", "database", 599),
        ("Upstash Redis", "Pro", "cache", 100),
        (*openai, 45_000),
    ]
    assert items(result.tier(100_000)) == [
        ("Vercel", "Enterprise (negotiated, auto-scaling)", "hosting", 500),  # implied: 3,000 - 2,000 - 500
        ("Supabase", "Pro + read replicas", "database", 2_000),
        ("Redis", "Pro Cluster", "cache", 500),
        (*openai, 54_000),
    ]
    assert items(result.tier(500_000)) == [
        ("Vercel", "Enterprise (negotiated)", "hosting", 20_000),  # implied: 27,000 - 5,000 - 2,000
        ("Citus", "Distributed PostgreSQL", "database", 5_000),
        ("Redis", "Cluster", "cache", 2_000),
        (*openai, 270_000),
    ]
    assert items(result.tier(1_000_000)) == [
        ("Kubernetes", "GKE/EKS, multi-region", "compute", 10_000),
        ("CockroachDB", "Global distributed DB", "database", 10_000),
        ("Redis", "Cluster (multi-AZ)", "cache", 5_000),
        ("Cloudflare", "Enterprise CDN", "cdn", 2_000),
        ("Own AI model", "self-hosted", "ai", 180_000),
    ]


def test_line_item_sources(plan):
    tier = evaluate(plan).tier(100_000)
    assert [li.source for li in tier.line_items] == ["implied", "plan", "plan", "model"]
    assert [li.negotiated for li in tier.line_items] == [True, False, False, False]


def test_line_items_sum_to_the_total(plan):
    for tier in evaluate(plan).tiers:
        assert sum(li.usd_per_month for li in tier.line_items) == pytest.approx(tier.total_usd, rel=1e-12)


def test_by_category_sums_to_the_total(plan):
    for tier in evaluate(plan).tiers:
        assert set(tier.by_category_usd) == set(ALL_CATEGORIES)
        assert sum(tier.by_category_usd.values()) == pytest.approx(tier.total_usd, rel=1e-12)
        assert tier.by_category_usd["ai"] == tier.ai_usd


def test_applied_reserved_savings_reach_line_items_and_categories(plan):
    applied = with_overrides(plan, {"reserved_instances.applied": True})
    tier = evaluate(applied).tier(1_000_000)
    # eligible: Kubernetes 10,000, CockroachDB 10,000, Redis 5,000 (x 0.6 after the 40% discount); Cloudflare 2,000 is not
    assert [round(li.usd_per_month, 6) for li in tier.line_items[:4]] == [6_000, 6_000, 3_000, 2_000]
    assert [li.list_usd_per_month for li in tier.line_items[:4]] == [10_000, 10_000, 5_000, 2_000]
    # 27,000 - 0.4 x 25,000 = 17,000; total 17,000 + 180,000 = 197,000
    assert tier.infrastructure_usd == pytest.approx(17_000)
    assert tier.reserved_savings_usd == pytest.approx(10_000)
    assert tier.total_usd == pytest.approx(197_000)
    assert tier.by_category_usd["compute"] == pytest.approx(6_000)
    assert sum(tier.by_category_usd.values()) == pytest.approx(197_000)
    # below reserved_instances.from_dau (500k) nothing changes: 100k stays at 3,000
    assert evaluate(applied).tier(100_000).infrastructure_usd == 3_000


def test_any_dau_uses_the_level_in_force_and_ai_is_linear(plan):
    result = evaluate(plan, [5_000, 20_000, 2_000_000])
    below, between, above = result.tiers
    # 5,000 is below the first level: level 1's plans; AI 9,000 x 5,000 / 10,000 = 4,500
    assert (below.level_number, below.infrastructure_usd) == (1, 55)
    assert below.ai_usd == pytest.approx(4_500, rel=1e-9)
    # 20,000: still level 1 (level 2 starts at 50,000); AI 2 x 9,000 = 18,000; total 18,055; per DAU 0.90275
    assert (between.level_number, between.infrastructure_usd) == (1, 55)
    assert between.ai_usd == pytest.approx(18_000, rel=1e-9)
    assert between.total_usd == pytest.approx(18_055, rel=1e-9)
    assert between.cost_per_dau_usd == pytest.approx(0.90275, rel=1e-9)
    # 2,000,000: level 5, own model; AI 2 x 180,000 = 360,000
    assert (above.level_number, above.infrastructure_usd, above.own_model_in_force) == (5, 27_000, True)
    assert above.ai_usd == pytest.approx(360_000, rel=1e-9)


def test_tier_details(plan):
    tier = evaluate(plan).tier(100_000)
    # 100,000 x 2 x 30 = 6,000,000 calls; x 0.7 = 4,200,000 reach the API; 54,000 / 4,200,000 per API call
    assert tier.ai_calls_per_month == pytest.approx(6_000_000)
    assert tier.api_calls_per_month == pytest.approx(4_200_000)
    assert tier.ai_usd_per_api_call == pytest.approx(54_000 / 4_200_000, rel=1e-9)
    assert tier.optimisation_multiplier == pytest.approx(plan.ai.optimisation_phases[0].cost_multiplier * 0.6, rel=1e-12)
    assert tier.own_model_in_force is False
    assert tier.db_load_reduction == pytest.approx(0.60)
    assert tier.level_name == "Level 3: 100k DAU"


def test_curve_equals_evaluate_at_the_same_points(plan):
    dau = [5_000, 10_000, 20_000, 49_999, 50_000, 100_000, 499_999, 500_000, 1_000_000, 2_000_000]
    frame = curve(plan, dau)
    result = evaluate(plan, dau)
    assert list(frame["dau"]) == dau
    assert list(frame["level"]) == [t.level_number for t in result.tiers]
    for column in ("infrastructure_usd", "ai_usd", "cache_savings_usd", "total_usd", "cost_per_dau_usd"):
        assert list(frame[column]) == pytest.approx([getattr(t, column) for t in result.tiers], rel=1e-12), column


def test_curve_equals_evaluate_with_reserved_savings_applied(plan):
    applied = with_overrides(plan, {"reserved_instances.applied": True})
    dau = [100_000, 500_000, 1_000_000]
    frame = curve(applied, np.array(dau, dtype=float))
    assert list(frame["infrastructure_usd"]) == pytest.approx([t.infrastructure_usd for t in evaluate(applied, dau).tiers])


def test_to_frame(plan):
    frame = evaluate(plan).to_frame()
    assert frame.shape == (5, 8)
    assert list(frame.columns) == [
        "dau", "level", "infrastructure_usd", "ai_usd", "cache_savings_usd", "reserved_savings_usd", "total_usd", "cost_per_dau_usd",
    ]  # fmt: skip
    assert list(frame["dau"]) == [10_000, 50_000, 100_000, 500_000, 1_000_000]
    assert list(frame["total_usd"].round(6)) == [9_055, 45_719, 57_000, 297_000, 207_000]


def test_category_frame_is_tidy_and_sums_to_totals(plan):
    result = evaluate(plan)
    frame = result.category_frame()
    assert list(frame.columns) == ["dau", "category", "usd"]
    # levels 1-4: hosting, database, cache, ai (4 each); level 5: compute, database, cache, cdn, ai (5) -> 21 rows
    assert len(frame) == 21
    assert set(frame[frame["dau"] == 1_000_000]["category"]) == {"compute", "database", "cache", "cdn", "ai"}
    assert (frame["usd"] > 0).all()
    sums = frame.groupby("dau")["usd"].sum()
    assert [sums[t.dau] for t in result.tiers] == pytest.approx([t.total_usd for t in result.tiers], rel=1e-12)


def test_line_item_and_audit_frames(plan):
    result = evaluate(plan)
    # 3 + 3 + 3 + 3 + 4 infrastructure items and one AI line per tier: 16 + 5 = 21
    assert len(result.line_item_frame()) == 21
    assert len(result.audit_frame()) == len(result.audit) > 0


def test_as_record_is_json_ready_with_the_documented_keys(plan):
    for tier in evaluate(plan).tiers:
        record = tier.as_record()
        assert DOCUMENTED_KEYS <= set(record)
        back = json.loads(json.dumps(record, allow_nan=False))
        assert back["dau"] == tier.dau
        assert back["total_usd"] == tier.total_usd
        assert back["cost_per_dau_usd"] == tier.cost_per_dau_usd
        assert [li["usd_per_month"] for li in back["line_items"]] == [li.usd_per_month for li in tier.line_items]
        assert all(not isinstance(v, float) or math.isfinite(v) for v in back.values())


def test_result_carries_prices_and_snapshot(plan):
    result = evaluate(plan)
    assert [p.model for p in result.prices] == ["gpt-4o", "gpt-4o-mini"]
    assert result.ai_list_usd_per_call == pytest.approx(0.0423555, rel=1e-12)
    assert result.scenario_name == plan.name
    assert result.price_snapshot.label.startswith("genai-prices ")


def test_the_charge_column_is_the_bill_lines_charge_after_reserved(plan):
    # model.result.CHARGED_USD names line_item_frame's charge (the CLI's bill-line key, unchanged): with reserved on,
    # the 1M-DAU Kubernetes (eligible, $10,000 list, 40% off from 500k DAU) is charged 10,000 x (1 - 0.4) = $6,000;
    # Cloudflare (not eligible) stays at its $2,000 list price.
    from model.result import CHARGED_USD

    assert CHARGED_USD == "usd_per_month"
    on = with_overrides(plan, {"reserved_instances.applied": True})
    frame = evaluate(on, [1_000_000]).line_item_frame()
    charged = dict(zip(frame["vendor"], frame[CHARGED_USD], strict=True))
    assert charged["Kubernetes"] == pytest.approx(6_000.0)
    assert charged["Cloudflare"] == pytest.approx(2_000.0)


def test_the_tier_cost_by_category_is_calcs_row_to_the_last_bit():
    # Two reserved-eligible database items at level 5, $599 and $2,000, 40% deducted from 500k DAU: at 1M DAU the
    # database costs (599 + 2,000) x (1 - 0.4) = 2,599 x 0.6 = $1,559.40. The result's figure is tier_rows.CATEGORY_USD
    # itself (gross - eligible x discount, as Calc writes it), not the items' savings deducted one by one, which rounds
    # to 1559.4 here where the row gives 1559.3999999999999.
    from model import costs
    from model.loading import plan_scenario
    from model.params import params_from
    from model.scenario import CATEGORIES

    s = with_overrides(
        plan_scenario(),
        {
            "reserved_instances.applied": True,
            "levels.4.line_items.1.usd_per_month": 599.0,
            "levels.4.line_items.2.usd_per_month": 2000.0,
            "levels.4.line_items.2.category": "database",
        },
    )
    shown = evaluate(s, [1_000_000]).tiers[0].by_category_usd["database"]
    row = float(costs.category_usd(np.array([1_000_000.0]), params_from(s))[0][CATEGORIES.index("database")])
    assert shown == row
    assert shown == pytest.approx(1559.40, abs=0.005)
