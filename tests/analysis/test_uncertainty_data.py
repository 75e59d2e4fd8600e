"""The Uncertainty page's lighter data: a histogram binned in the model, cached bands, fewer draws behind the band charts."""

from __future__ import annotations

import numpy as np
import pytest

from model.analysis.montecarlo import HISTOGRAM_BINS, simulate
from model.loading import plan_scenario
from model.views import dau_grid_for
from tests.analysis.test_pages import open_page
from tests.app.conftest import charts
from ui.analysis_state import BAND_DRAWS, GRID_POINTS


def test_histogram_counts_every_draw_once(plan) -> None:
    sim = simulate(plan, draws=1_000, seed=4)
    h = sim.histogram(500_000.0)
    x = sim.cost_per_dau_usd[:, list(sim.dau).index(500_000.0)]
    assert len(h) == HISTOGRAM_BINS and h["draws"].sum() == 1_000
    assert h["bin_start_usd"].iloc[0] == x.min() and h["bin_end_usd"].iloc[-1] == x.max()
    assert h["share"].sum() == pytest.approx(1.0)
    # Each bin is start <= x < end (the last one closed): count the draws by hand.
    for row in h.itertuples(index=False):
        inside = (x >= row.bin_start_usd) & ((x < row.bin_end_usd) | (row.bin_end_usd == x.max()))
        assert row.draws == int(inside.sum())


def test_bands_are_computed_once_and_handed_out_as_copies(plan) -> None:
    sim = simulate(plan, draws=500, seed=1)
    first = sim.bands()
    first.loc[0, "p50"] = -1.0
    assert sim.bands()["p50"].iloc[0] == np.percentile(sim.total_usd[:, 0], 50)


def test_the_first_draws_of_a_seed_are_a_smaller_run_with_that_seed(plan) -> None:
    # Why the band charts may use fewer draws: they are the first draws of the same stream, not another sample.
    big, small = simulate(plan, draws=3_000, seed=8), simulate(plan, draws=1_000, seed=8)
    assert np.array_equal(big.total_usd[:1_000], small.total_usd)


def test_uncertainty_page_charts_are_the_model() -> None:
    at = open_page("views/uncertainty.py")
    shown = charts(at)
    plan = plan_scenario()
    hist = shown["Cost per DAU at 500k DAU: every draw"][0]
    expected = simulate(plan, draws=10_000, seed=0).histogram(500_000.0)
    assert list(hist["draws"]) == list(expected["draws"])
    assert list(hist["bin_start_usd"]) == pytest.approx(list(expected["bin_start_usd"]), rel=1e-12)
    band = shown["Monthly cost: P10 to P90 of the Monte Carlo"][0]
    grid = simulate(plan, draws=BAND_DRAWS, seed=0, dau=dau_grid_for(plan, GRID_POINTS)).bands()
    assert list(band["P50"]) == pytest.approx(list(grid["p50"]), rel=1e-12)
    assert any(f"first {BAND_DRAWS:,} of the 10,000 draws" in c.value for c in at.caption)
