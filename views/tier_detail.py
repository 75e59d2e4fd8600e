"""Tier detail: for any level, its bill line by line, its targets, bottlenecks, mitigations, checklist, rate limits and DR targets."""

from __future__ import annotations

import streamlit as st

from model.formatting import usd, usd_cents
from model.views import tier_detail
from ui import charts, render, state, tables
from ui.text import md, md_list

st.title("Tier detail")


@st.fragment
def detail_view() -> None:
    """Everything below the title: picking a tier or ticking the checklist reruns only this block."""
    scenario = state.current_scenario()
    result = state.current_result()
    options = tables.tier_options(result)
    chosen = st.selectbox("Tier", options=list(options), format_func=options.get, key="tier_detail_tier", bind="query-params")
    detail = tier_detail(scenario, result, chosen)
    level, tier = detail.level, detail.tier

    st.subheader(md(level.name))
    st.caption(f"Expected: {md(level.when)}. Vendor plans of level {level.number} apply from {tables.count(level.dau)} DAU.")

    cols = st.columns(4)
    cols[0].metric("Total per month", usd(tier.total_usd), border=True)
    cols[1].metric("Cost per DAU", usd_cents(tier.cost_per_dau_usd), border=True)
    cols[2].metric("Infrastructure", usd(tier.infrastructure_usd), border=True)
    cols[3].metric(
        "AI",
        usd(tier.ai_usd),
        border=True,
        help="Answered by the own model." if tier.own_model_in_force else "Answered by the API.",
    )

    st.dataframe(tables.line_items_table(tier), hide_index=True, width="stretch")
    if tier.reserved_savings_usd > 0:
        applied = "deducted from the total" if tier.reserved_savings_applied else "not deducted (the plan's table does not)"
        st.caption(f"Reserved instances could save {usd(tier.reserved_savings_usd)} a month here; {applied}.")
    render.altair_chart(charts.line_items_chart(result.line_item_frame().query("dau == @chosen")))

    st.subheader("Targets")
    t = level.targets
    cols = st.columns(3)
    cols[0].metric("P95 response time", f"{t.p95_ms:,.0f} ms", border=True)
    cols[1].metric("Availability", tables.availability(t.availability), border=True)
    cols[2].metric("Concurrent users", f"{t.concurrent_users:,}", border=True)

    left, mid, right = st.columns(3)
    with left:
        st.markdown("**Bottlenecks**")
        st.markdown(md_list(level.bottlenecks))
    with mid:
        st.markdown("**Mitigations**")
        st.markdown(md_list(level.mitigations))
        if level.architecture_changes:
            st.markdown("**Architecture changes**")
            st.markdown(md_list(level.architecture_changes))
    with right:
        st.markdown("**Checklist before this level**")
        for i, item in enumerate(level.checklist):
            st.checkbox(md(item), key=f"check_{level.number}_{i}")
        if not level.checklist:
            st.markdown("_None stated._")

    left, right = st.columns(2)
    with left:
        st.markdown("**Rate limits** (every level)")
        render.table(tables.rate_limit_table(scenario.rate_limits))
    with right:
        st.markdown("**Disaster recovery** (scenarios that apply at this tier)")
        render.table(tables.dr_table(detail.disaster_recovery))
        st.caption("Backups: " + "; ".join(md(b) for b in scenario.disaster_recovery.backups))


detail_view()
