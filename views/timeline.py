"""Timeline: monthly DAU and spend from the plan's milestones, and the month each checklist must be done by."""

from __future__ import annotations

import streamlit as st

from i18n.money import money
from i18n.phrase import render as render_phrase
from i18n.text import N_, _, plan_text
from model.analysis.timeline import project
from model.costs import days_in_month
from ui import analysis_charts, analysis_inputs, analysis_tables, panels, render, state, tables
from ui import upgrade_text as words
from ui.text import md

scenario = state.current_scenario()
tl = project(scenario)
levels = {lv.number: lv for lv in scenario.levels}

st.title(_("Timeline"))
st.caption(
    _(
        "DAU grows from milestone to milestone; each month costs what the model says at that month's DAU (a month is "
        "{days} days, as everywhere else). Year 1 is read as 2026, from the plan's start in January 2026; a period such "
        "as 'Year 2 Q2' is placed in the month holding its midpoint. Dates, growth shape and lead time are editable and "
        "are saved with the scenario."
    ).format(days=f"{days_in_month(scenario):g}")
)

# Lazy: the eight inputs are built and sent only while the expander is open (opening it reruns the page).
edit = panels.lazy_expander(_("Milestones, growth and lead time"), panels.TIMELINE_INPUTS, icon=":material/edit_calendar:")
if edit.open:
    with edit:
        cols = st.columns(len(scenario.timeline.milestones))
        for i, (col, m) in enumerate(zip(cols, scenario.timeline.milestones, strict=True)):
            with col:
                lv = levels[m.level]
                analysis_inputs.text(
                    md(f"{plan_text(lv.name).split(':')[0]} ({lv.dau:,} DAU)"),
                    f"timeline.milestones.{i}.month",
                    help=_("Month (YYYY-MM) this level's DAU is reached. The plan says: {when}.").format(
                        when=md(plan_text(lv.when))
                    ),
                    max_chars=7,
                )
        c1, c2, c3 = st.columns(3)
        with c1:
            analysis_inputs.choice(
                _("Growth between milestones"),
                "timeline.growth",
                [N_("exponential"), N_("linear")],
                help=_("exponential: a constant monthly growth rate; linear: the same number of new DAU each month."),
            )
        with c2:
            analysis_inputs.number(
                _("Checklist lead time (months)"),
                "timeline.checklist_lead_months",
                step=1,
                help=_("A level's checklist is due this many months before its DAU is reached."),
            )
        with c3:
            analysis_inputs.text(
                _("Last month"), "timeline.end_month", max_chars=7, help=_("The projection runs to this month (YYYY-MM).")
            )

months = tl.months
cols = st.columns(3)
cols[0].metric(
    _("Spend over the timeline"),
    money(months["cumulative_usd"].iloc[-1]),
    border=True,
    help=_("{n} months, {first} to {last}.").format(n=len(months), first=months["month"].iloc[0], last=months["month"].iloc[-1]),
)
cols[1].metric(_("Spend in the first month"), money(months["total_usd"].iloc[0]), border=True)
cols[2].metric(_("Spend in the last month"), money(months["total_usd"].iloc[-1]), border=True)

if tl.policy == "just-in-time":
    st.subheader(_(words.PURCHASES_TITLE))
    st.caption(_(words.PURCHASES_CAPTION).format(lead=scenario.upgrades.upgrade_lead_months))
    st.dataframe(words.purchases_table(tl.purchases), hide_index=True, width="stretch")
    for month, short in tl.shortfalls:
        st.error(
            tables.markdown_escape(_("From {month}: {shortfall}").format(month=month, shortfall=render_phrase(short.phrase))),
            icon=":material/error:",
        )

st.subheader(_("When each checklist is due"))
st.dataframe(analysis_tables.checklist_table(tl), hide_index=True, width="stretch")

render.chart(analysis_charts.timeline_spend_chart, months, tl.due_frame())
left, right = st.columns(2)
with left:
    render.chart(analysis_charts.timeline_dau_chart, months, tl.milestones)
with right:
    render.chart(analysis_charts.timeline_cumulative_chart, months)

st.subheader(_("Month by month"))
st.dataframe(analysis_tables.timeline_table(tl), hide_index=True, width="stretch")
