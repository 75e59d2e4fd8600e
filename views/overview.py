"""Overview: headline figures for a chosen tier against the plan, the tier table and the two cost charts."""

from __future__ import annotations

import streamlit as st

from i18n.money import rate_line
from i18n.text import _, plan_text
from model.views import plan_cost_per_dau_points, tier_metrics
from ui import charts, render, state, tables

scenario = state.current_scenario()
result = state.current_result()

st.title(_("Overview"))
st.caption(
    _(
        "Monthly cost of **{scenario}** at each traffic tier. Changes are shown against the plan's scenario. AI prices: {prices}."
    ).format(scenario=tables.markdown_escape(plan_text(scenario.name)), prices=result.price_snapshot.label)
    + (f"  \n{_('Exchange rate')}: {tables.markdown_escape(rate_line())}" if rate_line() else "")
)


@st.fragment
def headline() -> None:
    """The tier picker and its figures: picking a tier reruns only this block."""
    result = state.current_result()
    reference = state.plan_result_at(result)
    options = tables.tier_options(result)
    chosen = st.segmented_control(
        _("Tier"), options=list(options), format_func=options.get, default=next(iter(options)), required=True, key="overview_tier"
    )
    chosen = chosen if chosen in options else next(iter(options))
    cols = st.columns(5)
    for col, metric in zip(cols, tier_metrics(result, reference, chosen), strict=True):
        shown = tables.metric_strings(metric)
        # Costs going up is bad (red); savings going up is good (green).
        colour = "normal" if metric.key == "cache_savings_net_usd" else "inverse"
        col.metric(
            tables.metric_label(metric),
            shown.value,
            delta=shown.change,
            delta_color=colour,
            help=_("The plan: {value}").format(value=shown.reference),
            border=True,
        )


headline()
render.headline_sent()

st.subheader(_("Every tier"))
st.dataframe(tables.tier_table(result), hide_index=True, width="stretch")

left, right = st.columns(2)
with left:
    render.altair_chart(charts.cost_by_category_chart(result.category_frame()))
with right:
    frame = state.curve_frame(scenario)
    render.altair_chart(charts.cost_per_dau_chart(frame, plan_cost_per_dau_points(state.plan())))
st.caption(
    _(
        "Cost per DAU steps down where a level's vendor plans and the AI optimisation phases take effect; "
        "the diamonds are the plan's own cost table."
    )
)
