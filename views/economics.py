"""Economics: gross margin per tier from revenue per DAU, an own model costed as GPUs against the API, and the own
model's business case, one lazy tab each (only the tab on screen is computed and sent, as on Capacity)."""

from __future__ import annotations

import streamlit as st

from i18n.text import N_, _
from model.analysis.economics import economics_frame, unit_economics
from model.analysis.selfhosted import curve_frame
from model.solve import REVENUE_PATH
from model.views import ai_headline
from ui import analysis_charts, analysis_inputs, analysis_state, analysis_tables, owncase_view, panels, render, state
from ui.text import md

scenario = state.current_scenario()
result = state.current_result()
revenue_note = state.provenance_for(scenario, REVENUE_PATH)

st.title(_("Unit economics"))
st.caption(
    _(
        "Revenue per daily active user per month is an assumption (the plan's financial model is not available); "
        "change it here. Break-even revenue per DAU is the cost per DAU: below it every user loses money."
    )
)

# Three analyses, one tab at a time: a control moved reruns the tab on screen, not all three (choosing another tab
# reruns the page). The page's title says what the first is.
TABS = (N_("Margin per tier"), N_("Own model: self-hosted GPUs against the API"), N_("Own model: the business case"))
tab_margins, tab_gpus, tab_case = st.tabs([_(t) for t in TABS], key="economics_tab", on_change="rerun")


def _margins() -> None:
    analysis_inputs.number(
        _("Revenue per DAU per month (USD)"),
        REVENUE_PATH,
        step=0.05,
        fmt="%.2f",
        help=md(revenue_note[1]) if revenue_note else None,
    )
    rows = unit_economics(scenario, result)
    for col, (label, value, helptext) in zip(st.columns(len(rows)), analysis_tables.margin_metrics(rows), strict=True):
        col.metric(label, value, help=helptext, border=True)
    st.dataframe(analysis_tables.economics_table(rows), hide_index=True, width="stretch")
    render.chart(analysis_charts.margin_chart, economics_frame(rows))


def _gpus() -> None:
    st.caption(
        _(
            "The plan costs its own model as a share of the API bill. Here it is costed as capacity instead: GPUs = max(minimum replicas, "
            "peak tokens per second / (tokens per second per GPU x target utilisation)), rounded up, each at an hourly price for every hour "
            "of the month, plus a fixed monthly cost to run it."
        )
    )
    # Lazy: the seven inputs are built and sent only while the expander is open (opening it reruns the page).
    gpu_inputs = panels.lazy_expander(_("GPU assumptions"), panels.GPU_INPUTS, icon=":material/memory:")
    if gpu_inputs.open:
        with gpu_inputs:
            c = st.columns(4)
            with c[0]:
                analysis_inputs.number(_("GPU price (USD per hour)"), "self_hosted.gpu_usd_per_hour", step=0.1, fmt="%.2f")
                analysis_inputs.number(_("Minimum GPUs"), "self_hosted.min_replicas", step=1)
            with c[1]:
                analysis_inputs.number(
                    _("Tokens per second per GPU"),
                    "self_hosted.tokens_per_second_per_gpu",
                    step=100.0,
                    fmt="%.0f",
                )
                analysis_inputs.number(
                    _("Fixed cost to run it (USD per month)"),
                    "self_hosted.ops_usd_per_month",
                    step=1000.0,
                    fmt="%.0f",
                )
            with c[2]:
                analysis_inputs.number(_("Target utilisation"), "self_hosted.target_utilisation", step=0.05, fmt="%.2f")
                analysis_inputs.number(_("Peak / average traffic"), "self_hosted.peak_factor", step=0.1, fmt="%.1f")
            with c[3]:
                analysis_inputs.toggle(_("Optimisation phases cut GPU work too"), "self_hosted.workload_follows_optimisation")

    cmp = analysis_state.self_hosted(scenario)
    m = st.columns(2)
    m[0].metric(
        _("Self-hosting costs no more than the API at"),
        analysis_tables.break_even_text(cmp),
        border=True,
        help=_("Searched from 1k to 10M DAU; the first DAU where the self-hosted cost is at or below the API's."),
    )
    m[1].metric(
        _("The plan's own model starts at"),
        f"{own_from:,} DAU" if (own_from := ai_headline(result).own_model_takeover_dau) is not None else _("never"),
        border=True,
    )
    render.chart(
        analysis_charts.self_hosted_chart,
        curve_frame(scenario, analysis_state.self_hosted_grid(scenario)),
        break_even_dau=cmp.break_even_dau,
    )
    st.dataframe(analysis_tables.self_hosted_table(cmp), hide_index=True, width="stretch")


for tab, draw in ((tab_margins, _margins), (tab_gpus, _gpus), (tab_case, lambda: owncase_view.business_case_section(scenario))):
    if tab.open:
        with tab:
            draw()
