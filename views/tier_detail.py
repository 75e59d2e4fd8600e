"""Tier detail: for any level, its bill line by line, its targets, bottlenecks, mitigations, checklist, rate limits and DR targets."""

from __future__ import annotations

import streamlit as st

from i18n.money import money, money_cents
from i18n.text import _, plan_text
from model.views import tier_detail
from ui import charts, render, state, tables
from ui.text import md, md_list

st.title(_("Tier detail"))


def bullets(items: list[str]) -> str:
    """The plan's own items (translated) as a Markdown list, each escaped (a file's items are its author's text), or
    'None stated.'."""
    return md_list([plan_text(i) for i in items], empty="_" + _("None stated.") + "_")


@st.fragment
def detail_view() -> None:
    """Everything below the title: picking a tier or ticking the checklist reruns only this block."""
    scenario = state.current_scenario()
    result = state.current_result()
    options = tables.tier_options(result)
    chosen = st.selectbox(
        _("Tier"),
        options=list(options),
        format_func=options.get,
        key="tier_detail_tier",
        bind="query-params",
        help=_(tables.TIER_HELP),
    )
    detail = tier_detail(scenario, result, chosen)
    level, tier = detail.level, detail.tier

    st.subheader(md(plan_text(level.name)))
    st.caption(
        _("Expected: {when}. Vendor plans of level {number} apply from {dau} DAU.").format(
            when=md(plan_text(level.when)), number=level.number, dau=tables.count(level.dau)
        )
    )

    cols = st.columns(4)
    cols[0].metric(_("Total per month"), money(tier.total_usd, compact=True), border=True)
    cols[1].metric(_("Cost per DAU"), money_cents(tier.cost_per_dau_usd), border=True)
    cols[2].metric(_("Infrastructure"), money(tier.infrastructure_usd, compact=True), border=True)
    cols[3].metric(
        _("AI"),
        money(tier.ai_usd, compact=True),
        border=True,
        help=_("Answered by the own model.") if tier.own_model_in_force else _("Answered by the API."),
    )

    st.dataframe(tables.line_items_table(tier), hide_index=True, width="stretch")
    if tier.reserved_savings_usd > 0:
        deduction = (
            _("deducted from the total") if tier.reserved_savings_applied else _("not deducted (the plan's table does not)")
        )
        st.caption(
            _("Reserved instances could save {amount} a month here; {deduction}.").format(
                amount=money(tier.reserved_savings_usd), deduction=deduction
            )
        )
    render.chart(charts.line_items_chart, result.line_item_frame().query("dau == @chosen"))

    st.subheader(_("Targets"))
    t = level.targets
    cols = st.columns(3)
    cols[0].metric(_("P95 response time"), f"{t.p95_ms:,.0f} ms", border=True)
    cols[1].metric(_("Availability"), tables.availability(t.availability), border=True)
    cols[2].metric(_("Concurrent users"), f"{t.concurrent_users:,}", border=True)

    left, mid, right = st.columns(3)
    with left:
        st.markdown("**" + _("Bottlenecks") + "**")
        st.markdown(bullets(level.bottlenecks))
    with mid:
        st.markdown("**" + _("Mitigations") + "**")
        st.markdown(bullets(level.mitigations))
        if level.architecture_changes:
            st.markdown("**" + _("Architecture changes") + "**")
            st.markdown(bullets(level.architecture_changes))
    with right:
        st.markdown("**" + _("Checklist before this level") + "**")
        for i, item in enumerate(level.checklist):
            st.checkbox(md(plan_text(item)), key=f"check_{level.number}_{i}")
        if not level.checklist:
            st.markdown("_" + _("None stated.") + "_")

    left, right = st.columns(2)
    with left:
        st.markdown(_("**Rate limits** (every level)"))
        render.table(tables.rate_limit_table(scenario.rate_limits))
    with right:
        st.markdown(_("**Disaster recovery** (scenarios that apply at this tier)"))
        render.table(tables.dr_table(detail.disaster_recovery))
        st.caption(_("Backups: ") + "; ".join(md(plan_text(b)) for b in scenario.disaster_recovery.backups))


detail_view()
