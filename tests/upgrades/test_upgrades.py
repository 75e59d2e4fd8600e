"""Cost follows capacity (model/upgrades.py): hand-worked plans at 20k, 60k, 300k and 2M DAU, and the months
they are bought on the plan's growth path.

Demand on the plan's scenario (README, "Capacity"):
- pool: 0.1 concurrent x 0.072 = 0.0072 connections per DAU; capacity 100 at levels 1 (and 2-3 without
  PgBouncer), 1,000 with PgBouncer (levels 2-3: max_client_conn), 10,000 level 4, 20,000 level 5;
- writes: 52 / 86,400 x 3 = 0.00180556 per DAU per second; capacity 250 (levels 1-2), 750, 5,000, 10,000;
- Redis: 0.2 + 0.0003 x DAU GB; capacity 4, 10, 50, 200, 250 GB;
- AI requests: 2 x 0.7 / 1,440 x 3 = 0.00291667 per DAU per minute; tokens x 7,800.
Warning lines: pool 80%, Redis 80%, AI and writes 80% (an option is enough at or below the line).
Costs of the options (database / cache): L1 $25 / $10, L2 $599 / $100, L3 $2,000 / $500, L4 $5,000 / $2,000,
L5 $10,000 / $5,000.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from model.analysis.timeline import project
from model.capacity import readings_at
from model.loading import plan_scenario
from model.result import evaluate
from model.scenario import Scenario
from model.upgrades import COMPONENTS, evaluate_policy, plans_at, readings_with_plans


def jit(s: Scenario, lead: int | None = None) -> Scenario:
    update: dict[str, object] = {"policy": "just-in-time"}
    if lead is not None:
        update["upgrade_lead_months"] = lead
    return s.model_copy(update={"upgrades": s.upgrades.model_copy(update=update)})


def levels_at(s: Scenario, dau: float) -> dict[str, int]:
    return {k: v.level for k, v in plans_at(s, dau, "just-in-time").chosen.items()}


def test_as_written_is_the_default_and_is_evaluate_itself(plan):
    assert plan.upgrades.policy == "as-written"
    assert evaluate_policy(plan).result.tiers == evaluate(plan).tiers


def test_at_20k_database_and_redis_move_to_level_2(plan):
    # Pool: 0.0072 x 20,000 = 144 > 80% of 100 (level 1); level 2 with PgBouncer: 144 / 1,000 = 14.4%; writes
    # 0.00180556 x 20,000 = 36.1 / 250 = 14.4%: Supabase Team ($599). Redis: 0.2 + 6 = 6.2 GB > 3.2 (80% of 4);
    # 6.2 / 10 = 62%: Upstash Redis Pro ($100). AI: 58.3 rpm / 10,000: level 1's limits stay.
    assert levels_at(plan, 20_000) == {"database": 2, "cache": 2, "ai_provider": 1}
    pr = evaluate_policy(plan, [20_000], "just-in-time")
    ups = {u.resource: u for u in pr.upgrades(20_000)}
    assert set(ups) == {"database", "cache"}
    assert (ups["database"].from_plan, ups["database"].to_plan) == ("Supabase Pro", "Supabase Team (more connections)")
    assert ups["database"].usd_per_month == 599 and ups["database"].drivers == ("db_connections",)
    assert ups["cache"].to_plan == "Upstash Redis Pro" and ups["cache"].delta_usd_per_month == 90  # 100 - 10
    # Infrastructure: Vercel Pro $20 (level 1's hosting) + $599 + $100 = $719, against $55 as written.
    tier = pr.result.tiers[0]
    assert tier.infrastructure_usd == 719
    assert tier.total_usd == pytest.approx(evaluate(plan, [20_000]).tiers[0].total_usd + 664)  # 719 - 55
    assert pr.shortfalls == ()


def test_at_60k_redis_moves_to_level_3(plan):
    # Level 2 in force. Redis: 0.2 + 18 = 18.2 GB / 10 = 182% (critical); / 50 = 36.4%: Redis Pro Cluster ($500).
    # Pool 432 / 1,000 = 43.2%, writes 108.3 / 250 = 43.3%: Supabase Team stays.
    assert levels_at(plan, 60_000) == {"database": 2, "cache": 3, "ai_provider": 2}
    pr = evaluate_policy(plan, [60_000], "just-in-time")
    [up] = pr.upgrades(60_000)
    assert (up.resource, up.from_plan, up.to_plan, up.usd_per_month) == ("cache", "Upstash Redis Pro", "Redis Pro Cluster", 500)
    assert pr.result.tiers[0].infrastructure_usd == 20 + 599 + 500  # $1,119 against $719 as written


def test_at_300k_the_issue_s_question(plan):
    # Level 3 in force ($3,000 infra; total $165,000 as written). Pool 2,160 / 1,000 = 216%; level 4: 21.6%
    # -> Citus ($5,000). Redis 90.2 GB / 50 = 180.4%; / 200 = 45.1% -> Redis Cluster ($2,000).
    # Just-in-time infrastructure: Vercel Enterprise $500 + $5,000 + $2,000 = $7,500; total $169,500.
    assert levels_at(plan, 300_000) == {"database": 4, "cache": 4, "ai_provider": 3}
    written = evaluate(plan, [300_000]).tiers[0]
    assert written.total_usd == pytest.approx(165_000)
    tier = evaluate_policy(plan, [300_000], "just-in-time").result.tiers[0]
    assert tier.infrastructure_usd == 7_500
    assert tier.total_usd == pytest.approx(169_500)
    assert tier.ai_usd == written.ai_usd


def test_at_2m_redis_has_no_plan_big_enough(plan):
    # Pool 14,400: level 4's 10,000 -> 144%; level 5's 20,000 -> 72%: CockroachDB. Redis 600.2 GB: the biggest
    # plan (level 5, 250 GB) is at 240%: a shortfall, charged at that plan. AI tokens 5,833 x 7,800 = 45.5M / 150M.
    choice = plans_at(plan, 2_000_000, "just-in-time")
    assert {k: v.level for k, v in choice.chosen.items()} == {"database": 5, "cache": 5, "ai_provider": 5}
    [short] = choice.shortfalls
    assert (short.resource, short.level, short.dau) == ("redis_memory", 5, 2_000_000)
    assert short.utilization == pytest.approx(600.2 / 250)
    assert "Redis memory at 2,000,000 DAU" in short.text and "240%" in short.text


def test_months_each_plan_is_bought_on_the_plans_path(plan):
    # Exponential path, lead 1 month. 2026-01 (k=0) 10,000 to 2027-05 (k=16) 50,000: D(k) = 10,000 x 5^(k/16).
    # - Redis L1 passes 80% above 10,000 DAU (0.2 + 0.0003 D > 3.2); D(1) = 11,058 -> bought k=0, 2026-01.
    # - Pool L1 passes 80 connections above 11,111 DAU; D(1) = 11,058 no, D(2) = 12,228 -> bought k=1, 2026-02.
    #   (20k is reached in 2026-08: k > 16 ln 2 / ln 5 = 6.9; both level-2 plans are in force by then.)
    # - Redis L2 (10 GB) passes 8 GB above 26,000 DAU: k > 16 ln 2.6 / ln 5 = 9.5 -> needed k=10, bought 2026-10
    #   (the plan needed at 60k).
    # - 100,000 at 2027-11 (k=22), then D = 100,000 x 5^((k-22)/14): D(23) = 112,183 > 111,111 (pool 800 of 1,000)
    #   -> Citus bought 2027-11 (level 3's pool is PgBouncer's 1,000 too, so level 4's plan).
    # - Redis L3 (50 GB) passes 40 GB above 132,667: D(24) = 125,850 no, D(25) = 141,182 -> bought 2028-01.
    #   (Both are the plans needed at 300k.)
    tl = project(jit(plan))
    got = [(p.month, p.resource, p.to_level) for p in tl.purchases]
    assert got[:5] == [
        ("2026-01", "cache", 2),
        ("2026-02", "database", 2),
        ("2026-10", "cache", 3),
        ("2027-11", "database", 4),
        ("2028-01", "cache", 4),
    ]
    months = tl.months.set_index("month")
    # 2026-01 carries both Redis plans side by side: 20 + 25 + 10 + 100 = $155; 2026-02 both database plans:
    # 20 + 25 + 599 + 100 = $744; 2026-03 only the new ones: 20 + 599 + 100 = $719.
    assert months.loc["2026-01", "infrastructure_usd"] == 155
    assert months.loc["2026-02", "infrastructure_usd"] == 744
    assert months.loc["2026-03", "infrastructure_usd"] == 719
    # AI is untouched by the upgrade policy.
    assert months["ai_usd"].tolist() == project(plan).months["ai_usd"].tolist()


def test_a_longer_lead_buys_earlier(plan):
    # Lead 3: Redis L2 needed when D(k+3) > 26,000 -> k+3 = 10 -> k = 7, 2026-08 (lead 1: k = 9, 2026-10).
    # Both level-2 plans in month 0: D(3) = 10,000 x 5^(3/16) = 13,522 is past both level-1 warning lines.
    tl = project(jit(plan, lead=3))
    got = [(p.month, p.resource, p.to_level) for p in tl.purchases]
    assert got[:3] == [("2026-01", "database", 2), ("2026-01", "cache", 2), ("2026-08", "cache", 3)]


def test_shortfall_on_the_path_is_reported(plan):
    # Redis L5 (250 GB) passes 200 GB above 666,000 DAU; the path reaches that in 2029-09 (680,395), needed a
    # month earlier with lead 1.
    tl = project(jit(plan))
    [(month, short)] = tl.shortfalls
    assert (month, short.resource) == ("2029-08", "redis_memory")


def test_capacity_under_just_in_time_has_no_critical_resource_at_300k(plan):
    written = {r.resource: r.alert for r in readings_at(plan, 300_000)}
    assert written["db_connections"] == "critical" and written["redis_memory"] == "critical"
    after = readings_with_plans(plan, 300_000, "just-in-time")
    assert {r.alert for r in after} == {"ok"}
    assert {r.resource: r.level for r in after}["db_connections"] == 4


@settings(max_examples=60, deadline=None)
@given(dau=st.integers(min_value=1, max_value=5_000_000), more=st.integers(min_value=0, max_value=5_000_000))
def test_properties_no_critical_where_a_plan_fits_and_never_a_smaller_plan(dau, more):
    plan = plan_scenario()
    choice = plans_at(plan, dau, "just-in-time")
    short = {s.resource for s in choice.shortfalls}
    for r in readings_with_plans(plan, dau, "just-in-time"):
        if r.resource not in short:
            assert r.alert == "ok", (dau, r)
    later = plans_at(plan, dau + more, "just-in-time")
    for c in COMPONENTS:
        assert later.chosen[c.id].usd_per_month >= choice.chosen[c.id].usd_per_month, (c.id, dau, more)


def test_bad_dau_is_refused(plan):
    for bad in (0, -1, 1e12, float("nan")):
        with pytest.raises(ValueError, match="DAU must be"):
            plans_at(plan, bad, "just-in-time")
