"""Uncertainty: a seeded Monte Carlo over the scenario's driver ranges, as P10/P50/P90 bands and the chance of exceeding a budget."""

from __future__ import annotations

import streamlit as st

from i18n.money import money_cents
from i18n.text import _
from model.analysis.montecarlo import MAX_DRAWS
from model.formatting import pct
from model.loading import ScenarioError
from ui import analysis_charts, analysis_inputs, analysis_state, analysis_tables, panels, render, state, tables
from ui.analysis_tables import money_against
from ui.text import md

scenario = state.current_scenario()
result = state.current_result()

st.title(_("Uncertainty"))
st.caption(
    _(
        "Every driver with a range in the scenario is drawn at once, independently (uniform, or triangular peaking at the "
        "scenario's value), and the model priced for each draw. The same draws and seed always give the same numbers "
        "(`python -m model simulate --draws N --seed S` prints the same table)."
    )
)

cols = st.columns(3)
with cols[0]:
    draws = st.number_input(
        _("Draws"),
        min_value=100,
        max_value=50_000,
        value=10_000,
        step=1_000,
        key="mc_draws",
        help=_("More draws, steadier percentiles (the model allows up to {most}).").format(most=f"{MAX_DRAWS:,}"),
    )
with cols[1]:
    seed = st.number_input(
        _("Seed"),
        min_value=0,
        max_value=2**31 - 1,
        value=0,
        step=1,
        key="mc_seed",
        help=_("The random seed: change it to see how much the percentiles move between runs."),
    )
with cols[2]:
    analysis_inputs.number(
        _("Budget: cost per DAU per month (USD)"),
        "economics.cost_budget_usd_per_dau_per_month",
        step=0.05,
        fmt="%.2f",
        help=_("The chance that cost per DAU exceeds this is shown per tier. Saved with the scenario."),
    )


def _simulation(draws: int, seed: int) -> None:
    """Everything below the inputs (a function, so it can return early and the sidebar still draws)."""
    budget = scenario.economics.cost_budget_usd_per_dau_per_month
    try:
        tiers = analysis_state.simulation(scenario, draws=draws, seed=seed, budget=budget)
    except ScenarioError as exc:  # a range on a setting no cost formula reads
        st.error(_("This scenario's ranges cannot be used: {error}").format(error=md(exc)), icon=":material/error:")
        return

    if tiers.draws < draws:  # bounded work per run (ui.analysis_state.MAX_DRAW_CELLS)
        st.caption(
            _(
                "This scenario has {ranges} ranges, so the app draws {draws} times, not {asked} "
                "(`python -m model simulate` runs more)."
            ).format(ranges=f"{len(scenario.ranges):,}", draws=f"{tiers.draws:,}", asked=f"{draws:,}")
        )
    chosen = tables.tier_picker(result, "mc_tier")
    row = tiers.bands().set_index("dau").loc[float(chosen)]

    m = st.columns(4)
    m[0].metric(
        _("Chance over budget"),
        pct(row["prob_over_budget"], 1),
        border=True,
        help=_("Share of the {draws} draws with cost per DAU above {budget}.").format(
            draws=f"{tiers.draws:,}", budget=money_cents(budget)
        ),
    )
    # Compared with the budget: shown with the digits that tell each from it ($0.601 against $0.600, not $0.60).
    labels = {"p10": _("P10 cost per DAU"), "p50": _("P50 cost per DAU"), "p90": _("P90 cost per DAU")}
    for col, p in zip(m[1:], ("p10", "p50", "p90"), strict=True):
        figure, shown_budget = money_against(row[f"cost_per_dau_{p}"], budget)
        col.metric(labels[p], figure, border=True, help=_("Budget: {budget} per DAU per month.").format(budget=shown_budget))

    # After the metrics, so the figures a person watches arrive first. The band charts price ~50 DAU points per draw:
    # the first BAND_DRAWS draws of the same seed draw them as well as all of them would, at a fraction of the cost.
    # The metrics, the histogram and the table use every draw. (The ranges were already checked by the run above.)
    grid = analysis_state.simulation(scenario, draws=min(draws, analysis_state.BAND_DRAWS), seed=seed, budget=budget, grid=True)
    left, right = st.columns(2)
    grid_bands = grid.bands()
    with left:
        render.chart(analysis_charts.band_chart, grid_bands, per_dau=False)
    with right:
        render.chart(analysis_charts.band_chart, grid_bands, per_dau=True, budget_usd_per_dau=budget)
    if grid.draws < tiers.draws:
        st.caption(
            _(
                "The two band charts use the first {shown} of the {draws} draws (same seed) at every DAU; "
                "the figures above, the histogram and the table below use all of them."
            ).format(shown=f"{grid.draws:,}", draws=f"{tiers.draws:,}")
        )
    render.chart(analysis_charts.draws_histogram, tiers.histogram(float(chosen)), dau=chosen, budget_usd_per_dau=budget)

    st.subheader(_("Every tier"))
    st.dataframe(analysis_tables.simulation_table(tiers), hide_index=True, width="stretch")
    # What was drawn, driver by driver: a reference a person opens (built and sent only while open).
    ranges = panels.lazy_expander(_("The ranges drawn"), panels.MC_RANGES, icon=":material/tune:")
    if ranges.open:
        with ranges:
            st.dataframe(analysis_tables.ranges_table(tiers), hide_index=True, width="stretch")


_simulation(int(draws), int(seed))
