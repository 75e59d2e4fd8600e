"""Caching: each cache's hit rate and effect; what the AI response cache saves, gross and net of its own cost."""

from __future__ import annotations

import streamlit as st

from i18n.money import money
from i18n.text import _
from model.formatting import dau, pct
from model.views import ai_headline, cache_frame, cache_savings_frame
from ui import charts, render, state, tables

scenario = state.current_scenario()
result = state.current_result()
stated = scenario.caching.stated_effects
largest = result.tiers[-1]

st.title(_("Caching"))
st.caption(_("Each cache's hit rate and what it does; move a hit rate in the sidebar's Caching group to see the effect."))

cols = st.columns(4)
cols[0].metric(
    _("AI calls cached"),
    pct(ai_headline(result).ai_calls_answered_by_cache),
    border=True,
    help=_("The plan states an AI cost reduction of {share}.").format(share=pct(stated.ai_cost_reduction)),
)
cols[1].metric(
    _("DB reads absorbed"),
    pct(largest.db_load_reduction),
    border=True,
    help=_("Sum over the database caches of share of reads × hit rate. The plan states {share}.").format(
        share=pct(stated.db_load_reduction)
    ),
)
cols[2].metric(
    _("Net saving at {dau} DAU").format(dau=dau(largest.dau)),
    money(largest.cache_savings_net_usd, compact=True),
    border=True,
    help=_("AI spend the response cache avoids, less what the cache (Redis) costs at that tier."),
)
cols[3].metric(
    _("Faster responses (stated)"),
    pct(stated.response_time_reduction),
    border=True,
    help=_("As the plan states it; the model does not compute latency."),
)

savings = cache_savings_frame(result)
render.chart(charts.cache_savings_chart, savings)
st.caption(
    _(
        "Green bars: what the AI response cache saves each month before (light) and after (dark) the cache's own cost (amber). "
        "Savings are already in the totals."
    )
)

st.subheader(_("The caches"))
caches = cache_frame(scenario)
st.dataframe(tables.cache_table(caches), hide_index=True, width="stretch")
st.caption(_("A hit rate the plan leaves blank (—) counts as 0%."))

left, right = st.columns(2)
with left:
    # The caches' shares and hit rates: the spec is reused while they stay (most controls leave them alone).
    render.chart(charts.db_cache_chart, caches)
with right:
    st.markdown("**" + _("Savings by tier") + "**")
    st.dataframe(tables.cache_savings_table(savings), hide_index=True, width="stretch")
