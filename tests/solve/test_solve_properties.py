"""Every solvable driver of the plan, any reachable target: the answer meets it on the full model, just past it misses.

For each driver declaration, a target value is drawn between what the full model gives at the driver's lower and
upper bound (so one is reachable), at a DAU drawn from the plan's tiers and points between them. The answer must be
inside the bounds; ``with_overrides`` + ``evaluate`` at the answer must meet it; at the other end of the final
bracket (within the tolerance, or the next whole number for whole-number drivers) it must miss.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from model.loading import plan_scenario
from model.solve import RELATIVE_TOLERANCE, TARGETS, NoSolution, meets, solvable_drivers, solve_driver
from tests.solve.test_solve import at_value, full_model

PLAN = plan_scenario()
DRIVERS = solvable_drivers(PLAN)
DAU_POINTS = [10_000, 50_000, 75_000, 100_000, 250_000, 500_000, 999_999, 1_000_000]


def test_the_declarations_cover_every_numeric_cost_driver():
    # 12 fixed numeric drivers minus the database cache (not a cost driver) ... counted from the catalogue itself:
    # every on/off driver and every database cache is left out, everything else is in, revenue is added.
    from model.drivers import drivers_for

    expected = [
        d.path
        for d in drivers_for(PLAN)
        if d.display != "bool" and not (d.path.startswith("caching.") and d.path != "caching.caches.1.hit_rate")
    ]
    assert [d.path for d in DRIVERS] == [*expected, "economics.revenue_usd_per_dau_per_month"]


@pytest.mark.parametrize("driver", DRIVERS, ids=[d.path for d in DRIVERS])
@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    target=st.sampled_from(sorted(TARGETS)),
    at=st.sampled_from(DAU_POINTS),
    share=st.floats(0.0, 1.0),
)
def test_the_answer_meets_the_target_and_just_past_it_misses(driver, target, at, share):
    whole = driver.path.endswith("from_dau")
    lo, hi = driver.min, driver.max
    y_lo = full_model(at_value(PLAN, driver.path, int(lo) if whole else lo), target, at)
    y_hi = full_model(at_value(PLAN, driver.path, int(hi) if whole else hi), target, at)
    wanted = (1 - share) * y_lo + share * y_hi  # exactly y_lo / y_hi at the ends (y_lo + (y_hi - y_lo) may miss by a bit)
    try:
        s = solve_driver(PLAN, driver.path, target=target, at=at, value=wanted)
    except NoSolution as exc:
        # Only when the driver does not move this target at this DAU (then neither end meets it unless both do).
        assert y_lo == pytest.approx(y_hi, rel=1e-12) and not meets(y_lo, wanted, TARGETS[target].goal), str(exc)
        return
    assert lo <= s.value <= hi
    assert meets(full_model(at_value(PLAN, driver.path, s.value), target, at), wanted, s.goal)
    if s.status == "all_meet":
        assert meets(y_lo, wanted, s.goal) and meets(y_hi, wanted, s.goal)
        return
    assert s.beyond_value is not None and lo <= s.beyond_value <= hi
    gap = abs(s.beyond_value - s.value)
    # The tolerance, give or take the rounding of a difference of two floats near the answer.
    assert gap == 1 if whole else gap <= (hi - lo) * RELATIVE_TOLERANCE * (1 + 1e-6)
    assert not meets(full_model(at_value(PLAN, driver.path, s.beyond_value), target, at), wanted, s.goal)
