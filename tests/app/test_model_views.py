"""model/views.py: the figures the pages show, worked out by hand from the plan."""

from __future__ import annotations

import numpy as np
import pytest

from i18n.text import plan_text
from model.modelcompare import model_price_frame
from model.overrides import with_overrides
from model.result import evaluate
from model.scenario import Scenario
from model.views import (
    ai_cache_driver_path,
    ai_headline,
    ai_usage_frame,
    api_vs_own_model_curve,
    audit_counts,
    cache_frame,
    cache_savings_frame,
    dau_grid_for,
    plan_cost_per_dau_points,
    tier_detail,
    tier_metrics,
)
from ui import tables


def test_tier_metrics_against_the_plan(plan: Scenario) -> None:
    base = evaluate(plan)
    # 3 calls per DAU per day instead of 2: AI at 10k scales by 3/2, $9,000 -> $13,500; infrastructure stays $55.
    more = evaluate(with_overrides(plan, {"ai.calls_per_dau_per_day": 3.0}))
    m = {x.key: x for x in tier_metrics(more, base, 10_000)}
    assert m["total_usd"].value == pytest.approx(13_555)
    assert m["total_usd"].reference == pytest.approx(9_055)
    assert m["total_usd"].change == pytest.approx(4_500)
    assert m["infrastructure_usd"].change == pytest.approx(0)
    # $13,555 / 10,000 DAU = $1.3555; the plan's $0.9055.
    assert m["cost_per_dau_usd"].change == pytest.approx(0.45)
    assert {x.unit for x in m.values()} == {"usd", "usd_per_dau"}


def test_ai_usage_at_10k(plan: Scenario) -> None:
    row = ai_usage_frame(evaluate(plan), plan).iloc[0]
    # 10,000 DAU x 2 calls x 30 days = 600,000 calls; the response cache answers 30%, so 420,000 reach the model.
    assert row["ai_calls_per_month"] == pytest.approx(600_000)
    assert row["api_calls_per_month"] == pytest.approx(420_000)
    # 420,000 x 4,000 input tokens = 1.68e9; x 3,800 output tokens = 1.596e9.
    assert row["input_tokens_per_month"] == pytest.approx(1.68e9)
    assert row["output_tokens_per_month"] == pytest.approx(1.596e9)
    # $9,000 / 420,000 calls = $0.0214286 per call.
    assert row["usd_per_api_call"] == pytest.approx(9_000 / 420_000)
    assert row["answered_by"] == "API"


def test_model_prices_per_call(plan: Scenario) -> None:
    frame = model_price_frame(evaluate(plan), plan).set_index("model")
    # gpt-4o at $2.50 / $1.25 cached / $10.00 per 1M tokens, a quarter of input cached:
    # 4,000 x (0.75 x 2.50 + 0.25 x 1.25) = 8,750; 3,800 x 10 = 38,000; (8,750 + 38,000) / 1e6 = $0.04675.
    assert frame.loc["gpt-4o", "list_usd_per_call"] == pytest.approx(0.04675)
    # gpt-4o-mini at $0.15 / $0.075 / $0.60: 4,000 x 0.13125 = 525; 3,800 x 0.6 = 2,280; $0.002805.
    assert frame.loc["gpt-4o-mini", "list_usd_per_call"] == pytest.approx(0.002805)
    # The mix (90/10) is what the result prices: 0.9 x 0.04675 + 0.1 x 0.002805 = 0.0423555.
    assert evaluate(plan).ai_list_usd_per_call == pytest.approx(0.0423555)


def test_model_prices_per_call_count_reasoning_and_cache_writes(plan: Scenario) -> None:
    # The table's price per call is the model's, so it sums to the mixed list price the page heads with.
    # claude-sonnet-4-5 ($3 input, $0.30 cache read, $3.75 cache write, $15 output per MTok), 10% of input written:
    # 4,000 x (0.65 x 3 + 0.25 x 0.30 + 0.10 x 3.75) = 4,000 x 2.4 = 9,600; (3,800 + 1,000 thinking) x 15 = 72,000;
    # (9,600 + 72,000) / 1e6 = $0.0816 (a table without the thinking and the writes would say
    # (4,000 x (0.75 x 3 + 0.25 x 0.30) + 3,800 x 15) / 1e6 = (9,300 + 57,000) / 1e6 = $0.0663).
    mix = [{"model": "claude-sonnet-4-5", "provider": "anthropic", "share_of_calls": 1.0, "reasoning_tokens_per_call": 1000}]
    s = with_overrides(plan, {"ai.model_mix": mix, "ai.prompt_cache_write_share_of_input": 0.10})
    result = evaluate(s)
    frame = model_price_frame(result, s).set_index("model")
    assert frame.loc["claude-sonnet-4-5", "list_usd_per_call"] == pytest.approx(0.0816, rel=1e-12)
    assert frame.loc["claude-sonnet-4-5", "list_usd_per_call"] == pytest.approx(result.ai_list_usd_per_call, rel=1e-12)


def test_ai_headline_reads_what_the_model_used(plan: Scenario) -> None:
    head = ai_headline(evaluate(plan))
    # The plan: 4,000 input and 3,800 output tokens a call; the own model from 1,000,000 DAU at a third of the API.
    assert (head.input_tokens_per_api_call, head.output_tokens_per_api_call) == (4_000, 3_800)
    assert head.own_model_takeover_dau == 1_000_000
    assert head.own_model_share_of_api_usd == pytest.approx(1 / 3)
    assert head.ai_calls_answered_by_cache == pytest.approx(0.30)  # the plan's AI response cache hit rate
    off = with_overrides(plan, {"ai.own_model.enabled": False, "ai.input_tokens_per_call": 1_500})
    head_off = ai_headline(evaluate(off))
    assert head_off.own_model_takeover_dau is None
    assert head_off.input_tokens_per_api_call == 1_500
    more_hits = with_overrides(plan, {"caching.caches.1.hit_rate": 0.45})  # the AI response cache is the second
    assert ai_headline(evaluate(more_hits)).ai_calls_answered_by_cache == pytest.approx(0.45)


def test_goal_seek_offers_the_ai_response_caches_hit_rate_wherever_it_sits(plan: Scenario) -> None:
    # The plan's AI response cache is its second cache; moved to the front, the offered path follows it.
    assert ai_cache_driver_path(plan) == "caching.caches.1.hit_rate"
    caches = [c.model_dump(mode="json") for c in plan.caching.caches]
    moved = with_overrides(plan, {"caching.caches": [caches[1], caches[0], *caches[2:]]})
    assert ai_cache_driver_path(moved) == "caching.caches.0.hit_rate"


def test_api_vs_own_model(plan: Scenario) -> None:
    frame = api_vs_own_model_curve(plan, np.array([10_000.0, 1_000_000.0]))
    api = frame[frame["option"] == "API"].set_index("dau")["usd"]
    own = frame[frame["option"] == "Own model"].set_index("dau")["usd"]
    # At 10k the API line is the plan's $9,000; the own model would cost a third: $3,000.
    assert api[10_000.0] == pytest.approx(9_000)
    assert own[10_000.0] == pytest.approx(3_000)
    # At 1M the plan's AI line ($180,000) is the own model; the API would have cost 3x: $540,000.
    assert own[1_000_000.0] == pytest.approx(180_000)
    assert api[1_000_000.0] == pytest.approx(540_000)


def test_caches_and_their_effect(plan: Scenario) -> None:
    frame = cache_frame(plan).set_index("id")
    # saju 40% of reads x 85% = 34%; chart 20% x 70% = 14%; compat 20% x 60% = 12%; together the plan's 60%.
    assert frame.loc["saju", "db_reads_absorbed"] == pytest.approx(0.34)
    assert frame.loc["chart", "db_reads_absorbed"] == pytest.approx(0.14)
    assert frame.loc["compat", "db_reads_absorbed"] == pytest.approx(0.12)
    assert frame["db_reads_absorbed"].sum() == pytest.approx(0.60)
    assert frame.loc["ai_response", "ai_calls_answered"] == pytest.approx(0.30)
    # The plan leaves tarot's hit rate blank: the model counts it as 0 and says it was blank; saju's 85% is stated.
    assert frame.loc["tarot", "hit_rate_blank"] and frame.loc["tarot", "hit_rate_counted"] == 0.0
    assert not frame.loc["saju", "hit_rate_blank"] and frame.loc["saju", "hit_rate_counted"] == 0.85
    shown = dict(
        zip(tables.cache_table(cache_frame(plan))["Cache"], tables.cache_table(cache_frame(plan))["Hit rate"], strict=True)
    )
    assert shown[plan_text(plan.caching.caches[4].name)] == "— (0%)" and shown[plan_text(plan.caching.caches[0].name)] == "85%"


def test_cache_savings_gross_and_net(plan: Scenario) -> None:
    row = cache_savings_frame(evaluate(plan)).iloc[0]
    # 600,000 calls x 30% hits x $0.0214286 per call = $3,857.14; Redis costs $10 at level 1; net $3,847.14.
    assert row["gross_usd"] == pytest.approx(180_000 * 9_000 / 420_000)
    assert row["cache_cost_usd"] == pytest.approx(10)
    assert row["net_usd"] == pytest.approx(180_000 * 9_000 / 420_000 - 10)


def test_tier_detail_disaster_recovery_by_dau(plan: Scenario) -> None:
    result = evaluate(plan)
    # The whole-region failure scenario applies from 1M DAU only.
    assert [s.name for s in tier_detail(plan, result, 500_000).disaster_recovery] == ["Database failure"]
    assert len(tier_detail(plan, result, 1_000_000).disaster_recovery) == 2
    assert tier_detail(plan, result, 100_000).level.number == 3


def test_dau_grid_keeps_steps_sharp(plan: Scenario) -> None:
    grid = dau_grid_for(plan)
    assert grid[0] == 10_000 and grid[-1] == 1_000_000
    for step in (50_000, 100_000, 500_000):
        assert step in grid and step - 1 in grid
    assert np.all(np.diff(grid) > 0)


def test_plan_points_are_the_cost_table(plan: Scenario) -> None:
    points = plan_cost_per_dau_points(plan)
    assert list(points["dau"]) == [10_000, 50_000, 100_000, 500_000, 1_000_000]
    assert list(points["cost_per_dau_usd"]) == [0.91, 0.91, 0.57, 0.59, 0.21]


def test_audit_counts_cover_every_finding(plan: Scenario) -> None:
    findings = evaluate(plan).audit
    counts = audit_counts(findings)
    assert sum(counts.values()) == len(findings)
    assert counts["disagrees"] == sum(1 for f in findings if f.status == "disagrees") > 0
