"""The monthly projection: DAU through the milestones, each month priced by the model, a running total."""

from __future__ import annotations

import numpy as np
import pytest

from model.analysis.timeline import month_index, month_label, project
from model.overrides import with_overrides
from model.result import evaluate


def test_month_arithmetic():
    assert month_index("2027-05", "2026-01") == 16
    assert month_label(16, "2026-01") == "2027-05"
    assert month_label(11, "2026-02") == "2027-01"


def test_months_run_from_the_first_milestone_to_the_end(plan):
    months = project(plan).months
    # January 2026 to December 2030: 5 years of 12 months.
    assert len(months) == 60
    assert (months["month"].iloc[0], months["month"].iloc[-1]) == ("2026-01", "2030-12")


def test_each_month_total_is_the_model_at_that_months_dau(plan):
    months = project(plan).months
    for row in months.itertuples():
        tier = evaluate(plan, [row.dau]).tiers[0]
        assert row.total_usd == pytest.approx(tier.total_usd, rel=1e-12)
        assert row.ai_usd == pytest.approx(tier.ai_usd, rel=1e-12)
        assert row.infrastructure_usd == pytest.approx(tier.infrastructure_usd, rel=1e-12)


def test_cumulative_is_the_running_sum(plan):
    months = project(plan).months
    assert list(months["cumulative_usd"]) == pytest.approx(list(np.cumsum(months["total_usd"])), rel=1e-12)
    assert months["cumulative_usd"].iloc[1] == pytest.approx(months["total_usd"].iloc[0] + months["total_usd"].iloc[1])


def test_milestone_months_reproduce_the_plans_table(plan):
    months = project(plan).months.set_index("month")
    expected = {"2026-01": 9_055, "2027-05": 45_719, "2027-11": 57_000, "2029-01": 297_000, "2030-07": 207_000}
    for month, total in expected.items():
        assert months.loc[month, "total_usd"] == pytest.approx(total, rel=1e-9)
    # Flat after the last milestone.
    assert (months.loc["2030-07":, "dau"] == 1_000_000).all()


def test_exponential_and_linear_growth_by_hand(plan):
    # 10k in 2026-01 (month 0) to 50k in 2027-05 (month 16); month 8 is half way.
    exp = project(plan).months.set_index("month_index")
    assert exp.loc[8, "dau"] == pytest.approx(10_000 * 5**0.5, rel=1e-12)  # 22,360.68
    lin = project(with_overrides(plan, {"timeline.growth": "linear"})).months.set_index("month_index")
    assert lin.loc[8, "dau"] == pytest.approx(30_000, rel=1e-12)
    assert lin.loc[4, "dau"] == pytest.approx(20_000, rel=1e-12)


def test_checklists_are_due_lead_months_before_the_level_is_reached(plan):
    by_level = {c.level: c for c in project(plan).checklists}
    assert sorted(by_level) == [2, 3, 4]  # levels 1 and 5 have no checklist
    # 50k is first reached in the milestone month 2027-05; three months' lead: 2027-02.
    assert (by_level[2].reached_month, by_level[2].due_month) == ("2027-05", "2027-02")
    assert (by_level[3].reached_month, by_level[3].due_month) == ("2027-11", "2027-08")
    assert (by_level[4].reached_month, by_level[4].due_month) == ("2029-01", "2028-10")
    assert by_level[2].items == tuple(plan.levels[1].checklist)


def test_lead_time_is_editable_and_can_precede_the_start(plan):
    c = {c.level: c for c in project(with_overrides(plan, {"timeline.checklist_lead_months": 18})).checklists}
    assert c[2].due_month == "2025-11" and c[2].due_before_start
    assert c[4].due_month == "2027-07" and not c[4].due_before_start


def test_a_level_not_reached_has_no_due_month(plan):
    # Two milestones only (provenance dropped: it names the plan's five milestone months).
    milestones = [{"level": 1, "month": "2026-01"}, {"level": 3, "month": "2027-01"}]
    short = with_overrides(plan, {"provenance": {}, "timeline.milestones": milestones, "timeline.end_month": "2027-06"})
    c = {c.level: c for c in project(short).checklists}
    assert c[4].reached_month is None and c[4].due_month is None
    assert c[2].reached_month is not None


def test_checklist_frame_has_one_row_per_item(plan):
    frame = project(plan).checklist_frame()
    assert len(frame) == sum(len(lv.checklist) for lv in plan.levels)
