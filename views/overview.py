"""Overview: headline figures for a chosen tier against the plan, the tier table and the two cost charts."""

from __future__ import annotations

import streamlit as st

from i18n.money import money, rate_line
from i18n.phrase import render as render_phrase
from i18n.text import _, plan_text
from model.scenario import Scenario
from model.views import plan_cost_per_dau_points, tier_metrics
from ui import goal_seek, state, tables, upgrade_state
from ui import upgrade_text as words
from ui.text import md

scenario = state.current_scenario()
result = state.current_result()

st.title(_("Overview"))
st.caption(
    _(
        "Monthly cost of **{scenario}** at each traffic tier. Changes are shown against the plan's scenario. AI prices: {prices}."
    ).format(scenario=md(plan_text(scenario.name)), prices=md(render_phrase(result.price_snapshot.phrase)))
    + (f"  \n{_('Exchange rate')}: {md(rate_line())}" if rate_line() else "")
)


@st.fragment
def headline() -> None:
    """The tier picker and its figures: picking a tier reruns only this block."""
    upgrade_state.rerun_if_policy_changed()
    scenario = state.current_scenario()
    result = state.current_result()
    options = tables.tier_options(result)
    pick, any_dau, policy_col = st.columns([4, 1.4, 1.8], vertical_alignment="bottom")
    with pick:
        chosen = st.segmented_control(
            _("Tier"),
            options=list(options),
            format_func=lambda v: md(options[v]),  # level names come from the scenario file
            default=next(iter(options)),
            required=True,
            key="overview_tier",
            help=_(tables.TIER_HELP),
            bind="query-params",  # the picked tier stays in the share link (ui.state.VIEW_PARAMS)
        )
    with any_dau:
        typed = st.number_input(
            _(words.DAU_LABEL),
            min_value=1,
            max_value=100_000_000,
            value=None,
            step=10_000,
            placeholder=_("e.g. 300000"),
            key="overview_dau",
            help=_(words.DAU_HELP),
        )
    with policy_col:
        st.session_state["overview_policy"] = scenario.upgrades.policy  # follows the scenario (reset, load, share link)
        policy = st.segmented_control(
            _(words.POLICY_LABEL),
            options=list(words.POLICY_LABELS),
            format_func=lambda p: _(words.POLICY_LABELS[p]),
            required=True,
            key="overview_policy",
            help=_(words.POLICY_HELP),
            on_change=upgrade_state.on_policy_change,
        )
    chosen = chosen if chosen in options else next(iter(options))
    dau = int(typed) if typed else chosen
    policy = policy if policy in words.POLICY_LABELS else scenario.upgrades.policy
    priced = upgrade_state.result_at(scenario, dau, policy)
    reference = state.result_of(state.plan(), [dau])
    cols = st.columns(5)
    for col, metric in zip(cols, tier_metrics(priced, reference, dau), strict=True):
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
    capacity_state(scenario, dau)


def capacity_state(scenario: Scenario, dau: int) -> None:
    """Level and capacity at the chosen DAU: a warning with both costs when the level in force is over capacity."""
    reading = upgrade_state.reading(scenario, dau)
    warning = words.over_capacity_text(reading)
    if warning is None:
        st.caption(words.capacity_caption(reading))
    else:
        text, written, jit = st.columns([3, 1, 1])
        text.warning(tables.markdown_escape(warning), icon=":material/warning:")
        written.metric(_(words.WRITTEN_METRIC), money(reading.as_written_usd, compact=True), border=True)
        jit.metric(_(words.JIT_METRIC), money(reading.just_in_time_usd, compact=True), border=True)
    for line in words.shortfall_texts(reading):
        st.error(tables.markdown_escape(line), icon=":material/error:")


headline()
goal_seek.goal_line()  # whether the goal applied on Goal seek is met (nothing until one is)

st.subheader(_("Every tier"))
upgrade_state.sync_tiers_text(scenario)
st.text_input(
    _(words.TIERS_LABEL), key=upgrade_state.TIERS_WIDGET, on_change=upgrade_state.on_tiers_change, help=_(words.TIERS_HELP)
)
st.dataframe(tables.tier_table(result), hide_index=True, width="stretch")

# Imported here, after the headline and the tier table are on screen: Altair takes a quarter of a second to import,
# which a cold start (a fresh server's first visitor) would otherwise wait for before seeing any figure.
from ui import charts, render  # noqa: E402

left, right = st.columns(2)
with left:
    render.chart(charts.cost_by_category_chart, result.category_frame())
with right:
    frame = state.curve_frame(scenario)
    render.chart(charts.cost_per_dau_chart, frame, plan_cost_per_dau_points(state.plan()))
st.caption(
    _(
        "Cost per DAU steps down where a level's vendor plans and the AI optimisation phases take effect; "
        "the diamonds are the plan's own cost table."
    )
)
