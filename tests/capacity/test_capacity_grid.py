"""The plotting grid and the vectorised alert rule: fewer points and less work, the same numbers."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from model import capacity as cap
from model.rounding import excel_round
from model.scenario import Scenario


def test_segment_grid_keeps_every_step_and_both_ends(plan: Scenario) -> None:
    grid = cap.segment_grid(plan)
    # The plan's levels start at 10k, 50k, 100k, 500k and 1M DAU: six segments from 1,000 to 2,000,000.
    assert grid.min() == 1_000 and grid.max() == 2_000_000
    for start in (10_000, 50_000, 100_000, 500_000, 1_000_000):
        assert {start - 1, start} <= set(grid.tolist())
    # 40 log-spaced points per segment (ends shared with the step points): at most 6 x 40 + 12 = 252.
    assert 6 * 40 - 6 <= len(grid) <= 6 * 40 + 12
    assert np.all(np.diff(grid) > 0)


def test_the_segment_curve_is_the_full_curve_where_they_share_a_dau(plan: Scenario) -> None:
    coarse = cap.capacity_result(plan).curve
    full = cap.utilization_curve(plan, cap.dau_grid(scenario=plan))
    both = coarse.merge(full, on=["dau", "resource"], suffixes=("", "_full"))
    assert len(both) >= 5 * 12  # at least each segment's two ends for each resource
    assert both["utilization"].tolist() == pytest.approx(both["utilization_full"].tolist(), rel=1e-12)
    assert (both["alert"] == both["alert_full"]).all()


def test_between_grid_points_a_straight_line_on_the_log_axis_is_within_half_a_percent(plan: Scenario) -> None:
    # Within a level, utilisation is linear in DAU; the chart joins the grid's points with straight lines on a log-DAU axis.
    curve = cap.capacity_result(plan).curve
    for rid in cap.RESOURCE_IDS:
        own = curve[curve["resource"] == rid].sort_values("dau")
        d, u, lv = own["dau"].to_numpy(), own["utilization"].to_numpy(), own["level"].to_numpy()
        same = lv[:-1] == lv[1:]
        mid = np.sqrt(d[:-1] * d[1:])[same]  # the midpoint on a log axis
        drawn = (u[:-1] + u[1:])[same] / 2
        exact = cap.utilization_curve(plan, mid)
        exact_u = exact[exact["resource"] == rid]["utilization"].to_numpy()
        assert np.all(np.abs(drawn - exact_u) <= 0.005 * exact_u)


@given(
    st.floats(0.0, 2.0, allow_nan=False),
    st.sampled_from([0.0, 1e-10, 4.9e-10, 5e-10, 5.1e-10, 1e-9, 3e-9, 1e-8, 2e-8]),
    st.sampled_from([-1.0, 1.0]),
)
def test_alert_for_matches_the_exact_rule_everywhere_including_at_the_thresholds(u: float, nudge: float, sign: float) -> None:
    warning, critical = 0.7, 0.9
    for x in (u, warning + sign * nudge, critical + sign * nudge):
        r = excel_round(x, cap.ALERT_DECIMALS)
        expected = "critical" if r > critical else "warning" if r > warning else "ok"
        assert str(cap.alert_for(x, warning, critical)) == expected
        assert cap.alert_for(np.array([x, x]), warning, critical).tolist() == [expected, expected]
