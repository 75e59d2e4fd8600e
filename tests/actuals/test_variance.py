"""Variance and re-forecast, worked by hand from the plan (model/variance.py)."""

from __future__ import annotations

import pandas as pd
import pytest

from model import evaluate, plan_scenario
from model.variance import planned_monthly, reforecast, variance


def actuals(rows):
    return pd.DataFrame(rows, columns=["month", "category", "amount_usd"])


def test_the_openai_bill_at_12k_dau_is_about_31_percent_over_the_plan():
    plan = plan_scenario()
    v = variance(plan, actuals([("2026-01", "ai", 14_200.0)]), dau=pd.DataFrame({"month": ["2026-01"], "dau": [12_000.0]}))
    ai = v[v["category"] == "ai"].iloc[0]
    # Planned January: the timeline's 10,000 DAU at level 1: AI $9,000 (the plan's table).
    assert ai["planned_usd"] == pytest.approx(9_000.0)
    assert ai["variance_usd"] == pytest.approx(5_200.0)
    assert ai["variance_pct"] == pytest.approx(5_200 / 9_000)
    # At the actual 12,000 DAU the plan's AI is $0.90 x 12,000 = $10,800: 14,200 / 10,800 - 1 = 31.5% over.
    assert ai["planned_at_actual_dau_usd"] == pytest.approx(10_800.0)
    assert ai["variance_at_actual_dau_pct"] == pytest.approx(14_200 / 10_800 - 1)
    assert ai["cost_per_actual_dau_usd"] == pytest.approx(14_200 / 12_000)
    assert bool(ai["flagged"])
    # The month's infrastructure was planned ($55: Vercel 20 + Supabase 25 + Redis 10) but no bill came: -100%.
    hosting = v[v["category"] == "hosting"].iloc[0]
    assert (hosting["planned_usd"], hosting["actual_usd"], hosting["variance_pct"]) == (20.0, 0.0, -1.0)
    total = v[v["category"] == "total"].iloc[0]
    assert total["planned_usd"] == pytest.approx(9_055.0) and total["actual_usd"] == 14_200.0


def test_unmapped_counts_in_the_total_and_small_gaps_are_not_flagged():
    plan = plan_scenario()
    rows = [("2026-01", "ai", 9_500.0), ("2026-01", "hosting", 20.0), ("2026-01", "database", 25.0), ("2026-01", "cache", 10.0)]
    v = variance(plan, actuals([*rows, ("2026-01", "unmapped", 45.0)])).set_index("category")
    assert not v.loc["hosting", "flagged"] and v.loc["hosting", "variance_usd"] == 0.0
    assert not v.loc["ai", "flagged"]  # 500 / 9,000 = 5.6%, inside the 10% threshold
    assert v.loc["unmapped", "planned_usd"] == 0.0 and pd.isna(v.loc["unmapped", "variance_pct"])
    assert bool(v.loc["unmapped", "flagged"])  # nothing planned, something billed
    assert v.loc["total", "actual_usd"] == pytest.approx(9_600.0)  # 9,500 + 20 + 25 + 10 + 45
    assert v.loc["total", "variance_usd"] == pytest.approx(9_600.0 - 9_055.0)
    assert pd.isna(v.loc["total", "planned_at_actual_dau_usd"])


def test_planned_monthly_sums_to_the_timeline():
    from model.analysis.timeline import project

    plan = plan_scenario()
    planned = planned_monthly(plan)
    months = project(plan).months.set_index("month")["total_usd"]
    sums = planned.groupby("month")["planned_usd"].sum()
    assert sums.loc[months.index].to_numpy() == pytest.approx(months.to_numpy(), rel=1e-12)


def test_reforecast_fits_ai_cost_and_infrastructure_from_the_last_three_months():
    plan = plan_scenario()
    rows = []
    for m in ("2026-01", "2026-02", "2026-03"):
        rows += [(m, "ai", 9_900.0), (m, "hosting", 20.0), (m, "database", 50.0), (m, "cache", 10.0)]
    dau = pd.DataFrame({"month": ["2026-01", "2026-02", "2026-03"], "dau": [10_000.0] * 3})
    r = reforecast(plan, actuals(rows), dau=dau, last_n=3)
    fitted = {f.path: f for f in r.fitted}
    # AI: 3 x 9,900 billed against the plan's 3 x 9,000 at 10k DAU: every token price x 1.1.
    assert fitted["ai.price_overrides"].fitted_value == pytest.approx(1.1)
    new = r.scenario
    assert evaluate(new, [10_000]).tier(10_000).ai_usd == pytest.approx(9_900.0)
    # Database: 3 x 50 against 3 x 25: Supabase Pro x 2 = $50; hosting and cache unchanged.
    items = {li.vendor: li.usd_per_month for li in new.levels[0].line_items}
    assert items["Supabase"] == pytest.approx(50.0) and items["Vercel"] == 20.0 and items["Upstash Redis"] == 10.0
    assert new.provenance["ai.price_overrides"].kind == "actuals"
    assert new.provenance["levels.0.line_items.1.usd_per_month"].kind == "actuals"
    # Actual to date, then the forecast through December: April at the timeline's DAU d costs 0.99 d + 80
    # (AI $0.90 x 1.1 per DAU inside Phase 1; level 1's 20 + 50 + 10).
    assert list(r.months["kind"]) == ["actual"] * 3 + ["forecast"] * 9
    april = r.months.set_index("month").loc["2026-04"]
    d = planned_monthly(plan).set_index("month").loc["2026-04", "dau"].iloc[0]
    assert april["total_usd"] == pytest.approx(0.99 * d + 80.0)
    assert r.months["cumulative_usd"].iloc[-1] == pytest.approx(r.months["total_usd"].sum())


def test_reforecast_fits_calls_per_dau_when_the_bills_count_requests():
    plan = plan_scenario()
    bill = pd.DataFrame(
        {"month": ["2026-01"], "category": ["ai"], "amount_usd": [9_000.0], "quantity": [420_000.0], "unit": ["Requests"]}
    )
    r = reforecast(plan, bill, dau=pd.DataFrame({"month": ["2026-01"], "dau": [10_000.0]}), last_n=1)
    fitted = {f.path: f for f in r.fitted}
    # 420,000 API requests / (1 - 30% response-cache hits) = 600,000 calls / (10,000 DAU x 30 days) = 2 per DAU per day.
    assert fitted["ai.calls_per_dau_per_day"].fitted_value == pytest.approx(2.0)
    assert fitted["ai.price_overrides"].fitted_value == pytest.approx(1.0)  # the plan's per-call cost exactly


def test_only_billed_compares_one_vendors_bill_alone():
    plan = plan_scenario()
    v = variance(plan, actuals([("2026-01", "ai", 14_200.0)]), only_billed=True)
    assert list(v["category"]) == ["ai", "total"]
    total = v.iloc[-1]
    assert total["planned_usd"] == pytest.approx(9_000.0) and total["actual_usd"] == 14_200.0
