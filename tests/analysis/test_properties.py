"""Properties of the Monte Carlo and the tornado that hold for any seed, draw count and subset of ranges."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from model.analysis.montecarlo import simulate
from model.analysis.sensitivity import tornado
from model.loading import plan_scenario
from model.overrides import with_overrides

PLAN = plan_scenario()
PATHS = list(PLAN.ranges)


def _with_ranges(paths: list[str]):  # a Scenario
    return with_overrides(PLAN, {"ranges": {p: PLAN.ranges[p].model_dump() for p in paths}})


@settings(max_examples=25, deadline=None)
@given(
    seed=st.integers(0, 2**32 - 1),
    draws=st.integers(1, 400),
    paths=st.lists(st.sampled_from(PATHS), unique=True, max_size=len(PATHS)),
)
def test_percentiles_ordered_and_reproducible(seed, draws, paths):
    scenario = _with_ranges(paths)
    a = simulate(scenario, draws=draws, seed=seed)
    b = simulate(scenario, draws=draws, seed=seed)
    assert np.array_equal(a.total_usd, b.total_usd)
    bands = a.bands()
    assert (bands["p10"] <= bands["p50"]).all() and (bands["p50"] <= bands["p90"]).all()
    # Every draw is a finite, non-negative cost.
    assert np.isfinite(a.total_usd).all() and (a.total_usd >= 0).all()
    if not paths:
        assert np.allclose(a.total_usd, a.deterministic_total_usd, rtol=1e-12)


@settings(max_examples=25, deadline=None)
@given(dau=st.floats(1_000, 5_000_000), paths=st.lists(st.sampled_from(PATHS), unique=True, min_size=1, max_size=len(PATHS)))
def test_every_draw_lies_within_the_tornado_envelope_for_one_driver(dau, paths):
    # With a single driver varying, every draw is the model at a value between low and high; the cost is
    # monotone (linear) in each of the plan's range drivers, so it lies between the tornado's two ends.
    scenario = _with_ranges(paths[:1])
    bar = tornado(scenario, dau).bars[0]
    sim = simulate(scenario, draws=200, seed=0, dau=[dau])
    lo, hi = sorted((bar.low_total_usd, bar.high_total_usd))
    assert (sim.total_usd[:, 0] >= lo * (1 - 1e-12)).all() and (sim.total_usd[:, 0] <= hi * (1 + 1e-12)).all()
