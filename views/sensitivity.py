"""Sensitivity: a tornado of cost per DAU at a chosen tier, each driver moved alone to its low and high value."""

from __future__ import annotations

import streamlit as st

from i18n.money import money, money_cents
from i18n.text import _
from model.analysis.sensitivity import tornado
from model.loading import ScenarioError
from ui import analysis_charts, analysis_tables, render, state, tables
from ui.driver_text import label_of
from ui.text import md

scenario = state.current_scenario()
result = state.current_result()

st.title(_("Sensitivity"))
st.caption(
    _(
        "Which assumption matters most? Each driver is moved alone to the low and the high end of its range, every other "
        "driver kept at the scenario's value, and the model rerun. The ranges live in the scenario file (`ranges`), "
        "each with a note on why; the plan's own range is used where it gives one (reserved instances 40-60%)."
    )
)

chosen = tables.tier_picker(result, "sensitivity_tier")


def _tornado(chosen: int) -> None:
    """Everything below the tier picker (a function, so it can return early and the sidebar still draws)."""
    try:
        t = tornado(scenario, chosen)
    except ScenarioError as exc:  # a range on a setting no cost formula reads
        st.error(_("This scenario's ranges cannot be used: {error}").format(error=md(exc)), icon=":material/error:")
        return
    cols = st.columns([1, 1, 2])
    cols[0].metric(_("Cost per DAU at this tier"), money_cents(t.base_cost_per_dau_usd), border=True)
    # Compact (₩4.09억), as the other pages' headline cards, so a total in won fits its card; the help has it in full.
    cols[1].metric(_("Monthly total"), money(t.base_total_usd, compact=True), border=True, help=md(money(t.base_total_usd)))
    if t.bars:
        top = t.bars[0]
        cols[2].metric(
            _("Biggest driver"),
            md(label_of(top.path, top.label)),
            help=_("Swing {swing} per DAU between its low and high value.").format(swing=f"${top.swing_usd:,.3f}"),
            border=True,
        )

    if not t.bars:
        st.info(_("This scenario states no ranges, so there is nothing to move."), icon=":material/info:")
        return

    render.chart(analysis_charts.tornado_chart, t.long_frame(), base_cost_per_dau_usd=t.base_cost_per_dau_usd, dau=chosen)
    st.caption(
        _(
            "A bar of zero length means the driver does not act at this tier (e.g. the own model starts at a higher DAU, or "
            "reserved-instance savings are not deducted in this scenario)."
        )
    )
    st.subheader(_("Drivers and their ranges"))
    st.dataframe(analysis_tables.tornado_table(t), hide_index=True, width="stretch")


_tornado(chosen)
