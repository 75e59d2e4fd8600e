"""The second reading of the plan (model/audit_reading.py): each contradiction between sections, by hand."""

from __future__ import annotations

import pytest

from model.audit_reading import second_reading
from model.result import evaluate


def by_id(plan):
    return {f.id: f for f in second_reading(plan)}


def test_every_finding_disagrees_and_is_in_the_audit(plan):
    found = second_reading(plan)
    assert found and {f.status for f in found} == {"disagrees"}
    assert {f.scope for f in found} == {"plan"}
    audit_ids = {f.id for f in evaluate(plan).audit}
    assert {f.id for f in found} <= audit_ids
    for f in found:
        assert f.gap == pytest.approx(f.stated - f.computed)


def test_dashboard_ai_response_is_above_level_1s_p95_target(plan):
    f = by_id(plan)["reading-dashboard-ai-latency"]
    # Target 2 s = 2,000 ms; dashboard AI average 2.1 s = 2,100 ms; gap -100 ms.
    assert (f.stated, f.computed, f.gap) == (2000, pytest.approx(2100), pytest.approx(-100))


def test_availability_budgets_against_the_database_failure_rto(plan):
    f = by_id(plan)
    # 99.99%: (1 - 0.9999) x 30 days x 1,440 = 4.32 min < RTO 15 min; 99.995%: 2.16 min. 99.9% (43.2) and
    # 99.95% (21.6) hold 15 minutes, so levels 1 and 2 have no finding.
    assert f["reading-dr-level-3"].stated == pytest.approx(4.32)
    assert f["reading-dr-level-4"].stated == pytest.approx(2.16)
    assert f["reading-dr-level-5"].stated == pytest.approx(4.32)
    assert f["reading-dr-level-3"].computed == 15
    assert "reading-dr-level-1" not in f and "reading-dr-level-2" not in f


def test_checklist_replica_without_a_line_item(plan):
    f = by_id(plan)["reading-checklist-replicas-level-2"]
    # Level 2: 'Add 1 read replica'; its items are Vercel Pro, Supabase Team, Upstash Redis Pro: 0 replicas.
    # Level 3 ('Add 2 read replicas') names 'Supabase Pro + read replicas': no finding.
    assert (f.stated, f.computed, f.gap) == (1, 0, 1)
    assert "reading-checklist-replicas-level-3" not in by_id(plan)


def test_daily_key_with_a_six_hour_ttl(plan):
    f = by_id(plan)["reading-cache-ttl-fortune"]
    # fortune:v1:{userId}:{date}, TTL 21,600 s = 6 h: 24 / 6 = 4 computations a day; gap 24 - 6 = 18 h.
    assert (f.stated, f.computed, f.gap) == (24, 6, 18)
    assert "4 times a day" in f.explanation


def test_level_1_headroom_against_the_capacity_figures(plan):
    f = by_id(plan)["reading-level-1-headroom"]
    # Redis under 4 GB passes 80% when 0.2 + 0.0003 D > 3.2, i.e. from 10,001 DAU (10,000 is exactly 80%);
    # the pool passes 80 connections from 11,112. Level 2 begins at 50,000: gap 39,999 DAU.
    assert (f.stated, f.computed, f.gap) == (50_000, 10_001, 39_999)
    assert "Redis memory" in f.explanation


def test_p95_warning_alert_looser_than_the_targets(plan):
    f = by_id(plan)
    # Warning above 2,000 ms; targets 1,500 (L3), 1,000 (L4), 500 ms (L5). Levels 1-2 target 2,000: no finding.
    assert [
        (f[k].stated, f[k].computed)
        for k in ("reading-alert-p95-level-3", "reading-alert-p95-level-4", "reading-alert-p95-level-5")
    ] == [
        (1500, 2000),
        (1000, 2000),
        (500, 2000),
    ]
    assert "reading-alert-p95-level-2" not in f


def test_reserved_saving_against_what_aws_reservations_cover(plan):
    f = by_id(plan)["reading-reserved-aws"]
    # From 500k the only AWS-capable line is Kubernetes (GKE/EKS) $10,000 at level 5; 60% of it = $6,000 against the
    # expected $10,000: gap $4,000.
    assert (f.stated, f.computed, f.gap) == (10_000, 6_000, 4_000)


def test_a_consistent_plan_has_no_second_reading_findings(plan):
    # Fix every contradiction and the reading finds nothing: the checks are not constant.
    levels = [
        lv.model_copy(
            update={"targets": lv.targets.model_copy(update={"p95_ms": 2000, "availability": 0.999}), "bottlenecks": []}
        )
        for lv in plan.levels
    ]
    caches = [c.model_copy(update={"ttl_seconds": 86_400}) if c.id == "fortune" else c for c in plan.caching.caches]
    fixed = plan.model_copy(
        update={
            "levels": [levels[0], *[lv.model_copy(update={"checklist": []}) for lv in levels[1:]]],
            "dashboard": plan.dashboard.model_copy(update={"ai_response_seconds": 1.5}),
            "caching": plan.caching.model_copy(update={"caches": caches}),
            "reserved_instances": plan.reserved_instances.model_copy(update={"stated_expected_saving_usd_per_month": 6000}),
        }
    )
    assert second_reading(fixed) == []


def test_full_availability_allows_no_downtime_and_does_not_divide_by_zero(plan):
    from model.overrides import with_overrides

    perfect = with_overrides(plan, {"levels.0.targets.availability": 1.0})
    f = by_id(perfect)["reading-dr-level-1"]
    # (1 - 1.0) x 30 x 1,440 = 0 minutes a month, against the 15-minute RTO (found by the fuzz test as a ZeroDivisionError).
    assert f.stated == 0.0 and "allows none" in f.explanation
