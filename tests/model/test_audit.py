"""The audit finds exactly the plan's own disagreements, the figures we had to imply, and how far a changed scenario is from the plan."""

from __future__ import annotations

import pytest

from model.overrides import with_overrides
from model.result import evaluate


def findings(scenario):
    return {f.id: f for f in evaluate(scenario).audit}


def test_exactly_the_plans_disagreements(plan):
    disagreeing = {f.id for f in evaluate(plan).audit if f.status == "disagrees"}
    assert disagreeing == {
        "level-4-total-label",
        "level-4-own-model-reduction",
        "dashboard-ai-spend",
        "level-5-availability",
        "reserved-level-4",
        # The second reading (model/audit_reading.py, tests/upgrades/test_audit_reading.py).
        "reading-dashboard-ai-latency",
        "reading-dr-level-3",
        "reading-dr-level-4",
        "reading-dr-level-5",
        "reading-checklist-replicas-level-2",
        "reading-cache-ttl-fortune",
        "reading-level-1-headroom",
        "reading-alert-p95-level-3",
        "reading-alert-p95-level-4",
        "reading-alert-p95-level-5",
        "reading-reserved-aws",
    }


def test_level_4_total_is_labelled_own_ai_but_adds_up_with_the_api(plan):
    f = findings(plan)["level-4-total-label"]
    # with the own model: 297,000 - 270,000 (API) + 90,000 (own model) = 117,000
    assert (f.stated, f.computed, f.gap, f.unit) == (297_000, 117_000, 180_000, "usd")
    # the arithmetic with the API agrees: 20,000 (implied Vercel) + 5,000 + 2,000 + 270,000 = 297,000
    assert findings(plan)["level-4-vs-cost-table"].status == "agrees"


def test_own_model_reduction_stated_70_percent_figures_give_two_thirds(plan):
    f = findings(plan)["level-4-own-model-reduction"]
    # 1 - 90,000 / 270,000 = 0.6667 against the text's 0.70
    assert f.stated == 0.70
    assert f.computed == pytest.approx(2 / 3, rel=1e-12)
    assert f.gap == pytest.approx(0.70 - 2 / 3, rel=1e-9)


def test_dashboard_ai_spend_is_twice_level_1s_ai_line(plan):
    f = findings(plan)["dashboard-ai-spend"]
    # $600/day x 30 days = 18,000 against level 1's 9,000
    assert (f.stated, f.computed, f.gap) == (9_000, 18_000, -9_000)


def test_availability_falls_at_level_5(plan):
    f = findings(plan)["level-5-availability"]
    # 99.995% at level 4, then 99.99% at level 5
    assert (f.stated, f.computed) == (0.9999, 0.99995)
    assert f.gap == pytest.approx(-0.00005, abs=1e-12)
    assert not any(
        f.id.startswith("level-") and f.id.endswith("-availability") and f.id != "level-5-availability"
        for f in evaluate(plan).audit
    )


def test_reserved_saving_expected_10000_against_2800_to_4200_at_500k(plan):
    f = findings(plan)["reserved-level-4"]
    # eligible 5,000 + 2,000 = 7,000: x 0.4 = 2,800 to x 0.6 = 4,200; the nearest end to 10,000 is 4,200
    assert (f.stated, f.computed, f.gap) == (10_000, 4_200, 5_800)
    assert "$2,800-$4,200" in f.explanation
    # at 1M: eligible 25,000 x 0.4-0.6 = 10,000-15,000 holds the expected 10,000
    assert findings(plan)["reserved-level-5"].status == "agrees"


def test_implied_vercel_enterprise_figures(plan):
    f = findings(plan)
    # 100k: 57,000 - (2,000 + 500 + 54,000) = 500; 500k: 297,000 - (5,000 + 2,000 + 270,000) = 20,000
    assert (f["level-3-total"].status, f["level-3-total"].gap) == ("implied", 500)
    assert (f["level-4-total"].status, f["level-4-total"].gap) == ("implied", 20_000)
    assert f["implied-levels.2.line_items.0.usd_per_month"].computed == 500
    assert f["implied-levels.3.line_items.0.usd_per_month"].computed == 20_000
    assert "copied" in f["level-4-total"].explanation  # 27,000 is also level 5's infrastructure


def test_plan_internal_checks_that_agree(plan):
    f = findings(plan)
    # 55 + 9,000 = 9,055 ... ; 9,055 / 10,000 = 0.9055 -> 0.91; 0.21 / 0.91 - 1 = -0.769 -> -0.77
    for dau in (10_000, 50_000, 100_000, 500_000, 1_000_000):
        assert f[f"table-{dau}-sum"].status == "agrees"
        assert f[f"table-{dau}-per-user"].status == "agrees"
    assert f["insight-cost-per-user-change"].computed == -0.77
    assert f["dashboard-db-pool"].computed == 0.72  # 72 / 100
    assert f["dashboard-redis-memory"].computed == pytest.approx(0.8)  # 3.2 / 4
    assert f["targets-concurrency"].status == "agrees"  # 1,000 / 10,000 = ... = 100,000 / 1,000,000 = 10%


def test_every_model_finding_agrees_with_the_plans_scenario(plan):
    model = [f for f in evaluate(plan).audit if f.scope == "model"]
    # 5 tiers x (infrastructure, ai, total, cost per DAU) + the two caching effects + the pinned prices
    assert len(model) == 23
    assert {f.status for f in model} == {"agrees"}


def test_a_changed_driver_makes_model_findings_disagree_with_the_right_gaps(plan):
    three = with_overrides(plan, {"ai.calls_per_dau_per_day": 3})
    f = findings(three)
    # AI scales by 3 / 2: 13,500; 67,500; 81,000; 405,000; 270,000; gap = plan - model
    for dau, ai_model, ai_plan in (
        (10_000, 13_500, 9_000),
        (50_000, 67_500, 45_000),
        (100_000, 81_000, 54_000),
        (500_000, 405_000, 270_000),
        (1_000_000, 270_000, 180_000),
    ):
        ai = f[f"model-{dau}-ai"]
        assert (ai.status, ai.computed, ai.gap) == ("disagrees", ai_model, ai_plan - ai_model)
        total = f[f"model-{dau}-total"]
        assert (total.status, total.gap) == ("disagrees", ai_plan - ai_model)
        assert f[f"model-{dau}-infrastructure"].status == "agrees"
    # cost per DAU: 10k (55 + 13,500) / 10,000 = 1.3555 -> 1.36 vs 0.91; 1M 297,000 / 1,000,000 = 0.297 -> 0.30 vs 0.21
    per_dau = f["model-10000-cost-per-dau"]
    assert (per_dau.computed, per_dau.gap) == (1.36, pytest.approx(-0.45))
    assert (f["model-1000000-cost-per-dau"].computed, f["model-1000000-cost-per-dau"].gap) == (0.30, pytest.approx(-0.09))


def test_plan_findings_do_not_move_with_the_drivers(plan):
    three = with_overrides(plan, {"ai.calls_per_dau_per_day": 3, "caching.caches.1.hit_rate": 0.5})
    before = [f for f in evaluate(plan).audit if f.scope == "plan"]
    after = [f for f in evaluate(three).audit if f.scope == "plan"]
    assert before == after


def test_caching_effects_follow_the_hit_rates(plan):
    f = findings(with_overrides(plan, {"caching.caches.1.hit_rate": 0.5, "caching.caches.0.hit_rate": 0.5}))
    # AI: stated 0.30 against the hit rate 0.5
    assert (f["caching-ai-effect"].status, f["caching-ai-effect"].gap) == ("disagrees", pytest.approx(-0.2))
    # DB: 0.4 x 0.5 + 0.2 x 0.7 + 0.2 x 0.6 = 0.20 + 0.14 + 0.12 = 0.46 against 0.60
    assert f["caching-db-effect"].computed == pytest.approx(0.46)
    assert f["caching-db-effect"].status == "disagrees"
