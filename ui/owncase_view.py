"""The Economics page's own-model business case: its inputs, the answers, and how it meets the plan's figure.

Widgets change the scenario through ``ui.analysis_inputs`` (validated overrides); the figures come from
``model.analysis.owncase`` and are formatted here.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from model.analysis.owncase import OwnModelBusinessCase, business_case, timeline_frame
from model.formatting import pct, usd
from model.scenario import OwnModelCase, Scenario
from ui import analysis_inputs, render, state
from ui.owncase_charts import owncase_chart

CASE = "ai.own_model.case"
TEXT = {
    "header": "Own model: the business case",
    "caption": "Build it (a one-off cost over some months), run it on GPUs sized by the assumptions above for the calls it "
    "serves well enough, pay the people and MLOps, and keep the API for the rest. It goes live in the first month the "
    "timeline reaches the own model's DAU ({from_dau}).",
    "inputs": "Business-case assumptions",
    "build": "Build cost (USD, one-off)",
    "months": "Months to build",
    "fixed": "People and MLOps once live (USD per month)",
    "served": "Share of calls it serves",
    "rate": "Discount rate per year",
    "basis": "The model's own-model cost",
    "basis_help": "Plan: a share of the API (the plan's 1/3, which reproduces its cost table). Business case: this case's "
    "running cost at the own model's DAU as a share of the API there, used by every page and the timeline.",
    "basis_options": {"share_of_api": "Plan's share of the API", "business_case": "This business case"},
    "payback": "Payback month",
    "npv": "NPV at {rate} a year",
    "break_even": "Cheaper to run from",
    "at_from": "At {dau} DAU a month",
    "never": "never",
    "not_live": "never (the timeline does not reach it)",
    "reconcile": "At {dau} DAU: the API {api}; this case {own} ({ratio} of the API); the plan's own model {plan} "
    "({plan_ratio} of the API). The model now uses: {used}. The GPU-only comparison above leaves out the people and "
    "the calls the own model cannot serve, so it breaks even at a lower DAU.",
    "setup": "This scenario has no business-case inputs yet.",
    "setup_button": "Start from the defaults",
}


def _commit_basis(key: str) -> None:
    state.set_override("ai.own_model.basis", st.session_state[key])


def _setup() -> None:
    state.set_override(CASE, OwnModelCase().model_dump())


def _metrics(bc: OwnModelBusinessCase, rate: float) -> None:
    c = st.columns(4)
    c[0].metric(TEXT["payback"], bc.payback_month or (TEXT["not_live"] if bc.live_month is None else TEXT["never"]), border=True)
    c[1].metric(
        TEXT["npv"].format(rate=pct(rate)),
        usd(bc.npv_usd),
        border=True,
        help="Savings month by month over the timeline, discounted.",
    )
    c[2].metric(
        TEXT["break_even"],
        TEXT["never"] if bc.break_even_dau is None else f"{bc.break_even_dau:,.0f} DAU",
        border=True,
        help="Running cost only (GPUs, people, the calls left on the API), build cost aside; searched from 1k to 10M DAU.",
    )
    c[3].metric(TEXT["at_from"].format(dau=f"{bc.from_dau:,}"), usd(bc.own_running_usd_at_from_dau), border=True)


def months_table(bc: OwnModelBusinessCase) -> pd.DataFrame:
    """The months the case spends or saves in, formatted."""
    m = bc.months[(bc.months.build_usd > 0) | bc.months.own_model_live]
    return pd.DataFrame(
        {
            "Month": m["month"],
            "DAU": [f"{d:,.0f}" for d in m["dau"]],
            "API only": [usd(v) for v in m["api_usd"]],
            "Build": [usd(v) for v in m["build_usd"]],
            "Own model (business case)": [usd(v) for v in m["own_case_usd"]],
            "Saving": [usd(v) for v in m["saving_usd"]],
            "Cumulative saving": [usd(v) for v in m["cumulative_saving_usd"]],
        }
    )


def business_case_section(scenario: Scenario) -> None:
    own = scenario.ai.own_model
    st.header(TEXT["header"])
    st.caption(TEXT["caption"].format(from_dau=f"{own.from_dau:,}"))
    if own.case is None:
        st.caption(TEXT["setup"])
        st.button(TEXT["setup_button"], on_click=_setup, key="oc:setup")
        return
    options = TEXT["basis_options"]
    key = f"oc:basis={own.basis}"
    st.segmented_control(
        TEXT["basis"],
        options=list(options),
        format_func=options.__getitem__,
        default=own.basis,
        required=True,
        key=key,
        on_change=_commit_basis,
        args=(key,),
        help=TEXT["basis_help"],
    )
    with st.expander(TEXT["inputs"], icon=":material/calculate:"):
        c = st.columns(5)
        with c[0]:
            analysis_inputs.number(TEXT["build"], f"{CASE}.build_usd", step=50_000.0, fmt="%.0f")
        with c[1]:
            analysis_inputs.number(TEXT["months"], f"{CASE}.build_months", step=1)
        with c[2]:
            analysis_inputs.number(TEXT["fixed"], f"{CASE}.fixed_usd_per_month", step=5_000.0, fmt="%.0f")
        with c[3]:
            analysis_inputs.number(TEXT["served"], f"{CASE}.share_of_calls_served", step=0.05, fmt="%.2f")
        with c[4]:
            analysis_inputs.number(TEXT["rate"], f"{CASE}.discount_rate_per_year", step=0.01, fmt="%.2f")
    bc = business_case(scenario)
    _metrics(bc, own.case.discount_rate_per_year)
    ratio = bc.implied_cost_relative_to_api
    st.caption(
        TEXT["reconcile"].format(
            dau=f"{bc.from_dau:,}",
            api=usd(bc.api_usd_at_from_dau),
            own=usd(bc.own_running_usd_at_from_dau),
            ratio="-" if ratio is None else pct(ratio, 1),
            plan=usd(bc.plan_own_model_usd_at_from_dau),
            plan_ratio=pct(own.cost_relative_to_api, 1),
            used=options[own.basis],
        )
    )
    render.altair_chart(owncase_chart(timeline_frame(bc), payback_month=bc.payback_month))
    table = months_table(bc)
    if len(table):
        render.table(table)
