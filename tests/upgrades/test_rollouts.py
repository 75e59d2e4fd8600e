"""Rollouts in time (model/rollouts.py): phases and the own model from a month, with a ramp, in the timeline."""

from __future__ import annotations

import numpy as np
import pytest

from model.analysis.timeline import project
from model.rollouts import ramp_share
from model.scenario import Scenario


def with_own_model(s: Scenario, **update: object) -> Scenario:
    ai = s.ai.model_copy(update={"own_model": s.ai.own_model.model_copy(update=update)})
    return s.model_copy(update={"ai": ai})


def with_phase(s: Scenario, i: int, **update: object) -> Scenario:
    phases = list(s.ai.optimisation_phases)
    phases[i] = phases[i].model_copy(update=update)
    return s.model_copy(update={"ai": s.ai.model_copy(update={"optimisation_phases": phases})})


def test_ramp_share_by_hand():
    # From month 5 over 3 months: 0 before, 1/3, 2/3, then 1; without a ramp, 1 from month 5.
    np.testing.assert_allclose(ramp_share(np.arange(3, 10), 5, 3), [0, 0, 1 / 3, 2 / 3, 1, 1, 1])
    np.testing.assert_allclose(ramp_share(np.arange(3, 8), 5, 0), [0, 0, 1, 1, 1])


def test_the_plan_without_rollouts_is_unchanged(plan):
    assert plan.ai.own_model.from_month is None
    assert all(p.from_month is None for p in plan.ai.optimisation_phases)


def test_own_model_ramped_in_from_2029_07(plan):
    # Own model from 2029-07 over 12 months instead of at 1M DAU (2030-07). In a month before 1M DAU the AI bill
    # is the API bill x (1 - g + g x 1/3) = x (1 - 2g/3): 2029-07 g = 1/12 -> x 0.944444; 2030-06 g = 12/12 -> x 1/3.
    base = project(plan).months.set_index("month")
    rolled = project(with_own_model(plan, from_month="2029-07", ramp_months=12)).months.set_index("month")
    assert rolled.loc["2029-06", "ai_usd"] == pytest.approx(base.loc["2029-06", "ai_usd"])
    assert rolled.loc["2029-07", "ai_usd"] == pytest.approx(base.loc["2029-07", "ai_usd"] * (1 - 2 / 36))
    assert rolled.loc["2030-06", "ai_usd"] == pytest.approx(base.loc["2030-06", "ai_usd"] / 3)
    # From 1M DAU (2030-07) the plan's own step is in force anyway: the same bill.
    assert rolled.loc["2030-07", "ai_usd"] == pytest.approx(base.loc["2030-07", "ai_usd"])
    # The budget (cumulative) follows: it is lower by what the months before 2030-07 save.
    saved = (base["ai_usd"] - rolled["ai_usd"]).sum()
    assert saved > 0
    assert rolled["cumulative_usd"].iloc[-1] == pytest.approx(base["cumulative_usd"].iloc[-1] - saved)
    assert (rolled["total_usd"] == rolled["infrastructure_usd"] + rolled["ai_usd"]).all()


def test_phase_2_by_month_matches_its_dau_step_when_the_month_is_when_100k_is_reached(plan):
    # Phase 2 (x0.6) from 2027-11, the month the path reaches 100k DAU: the same bill as the DAU threshold.
    base = project(plan).months
    rolled = project(with_phase(plan, 1, from_month="2027-11")).months
    np.testing.assert_allclose(rolled["ai_usd"], base["ai_usd"], rtol=1e-12)


def test_phase_2_ramped_over_two_months_from_2027_05(plan):
    # 2027-05 (50k, Phase 2 not yet in force by DAU): x (1 - 1/2 x 0.4) = x 0.8; 2027-06: x 0.6.
    base = project(plan).months.set_index("month")
    rolled = project(with_phase(plan, 1, from_month="2027-05", ramp_months=2)).months.set_index("month")
    assert rolled.loc["2027-04", "ai_usd"] == pytest.approx(base.loc["2027-04", "ai_usd"])
    assert rolled.loc["2027-05", "ai_usd"] == pytest.approx(base.loc["2027-05", "ai_usd"] * 0.8)
    assert rolled.loc["2027-06", "ai_usd"] == pytest.approx(base.loc["2027-06", "ai_usd"] * 0.6)
    assert rolled.loc["2028-06", "ai_usd"] == pytest.approx(base.loc["2028-06", "ai_usd"])
