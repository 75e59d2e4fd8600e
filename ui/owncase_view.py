"""The Economics page's own-model business case: its inputs, the answers, and how it meets the plan's figure.

Widgets change the scenario through ``ui.analysis_inputs`` (validated overrides); the figures come from
``model.analysis.owncase`` and are formatted here.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from i18n.money import money as usd
from i18n.text import N_, _
from model.analysis.owncase import OwnModelBusinessCase, business_case, timeline_frame
from model.analysis.selfhosted import plan_own_model_share_of_api
from model.formatting import pct
from model.scenario import OwnModelCase, Scenario
from ui import analysis_inputs, panels, render, state
from ui.owncase_charts import owncase_chart
from ui.text import md

CASE = "ai.own_model.case"
TEXT = {
    "caption": N_(
        "Build it (a one-off cost over some months), run it on GPUs sized by the assumptions above for the calls it "
        "serves well enough, pay the people and MLOps, and keep the API for the rest. It goes live in the first month the "
        "timeline reaches the own model's DAU ({from_dau})."
    ),
    "inputs": N_("Business-case assumptions"),
    "build": N_("Build cost (USD, one-off)"),
    "months": N_("Months to build"),
    "fixed": N_("People and MLOps once live (USD per month)"),
    "served": N_("Share of calls it serves"),
    "rate": N_("Discount rate per year"),
    "basis": N_("The model's own-model cost"),
    "basis_help": N_(
        "Plan: a share of the API (the plan's 1/3, which reproduces its cost table). Business case: this case's "
        "running cost at the own model's DAU as a share of the API there, used by every page and the timeline."
    ),
    "basis_options": {"share_of_api": N_("Plan's share of the API"), "business_case": N_("This business case")},
    "payback": N_("Payback month"),
    "npv": N_("NPV at {rate} a year"),
    "break_even": N_("Cheaper to run from"),
    "at_from": N_("At {dau} DAU a month"),
    "never": N_("never"),
    "not_live": N_("never (the timeline does not reach it)"),
    "reconcile": N_(
        "At {dau} DAU: the API {api}; this case {own} ({ratio} of the API); the plan's own model {plan} "
        "({plan_ratio} of the API). The model now uses: {used}. The GPU-only comparison above leaves out the people and "
        "the calls the own model cannot serve, so it breaks even at a lower DAU."
    ),
    "setup": N_("This scenario has no business-case inputs yet."),
    "setup_button": N_("Start from the defaults"),
    "months_table": N_("Month by month"),
}
"""English, marked for the catalogue; ``T(key)`` is the session's language."""


def T(key: str) -> str:
    return _(TEXT[key])


def _commit_basis(key: str) -> None:
    state.set_override("ai.own_model.basis", st.session_state[key])


def _setup() -> None:
    state.set_override(CASE, OwnModelCase().model_dump())


def _metrics(bc: OwnModelBusinessCase, rate: float) -> None:
    c = st.columns(4)
    c[0].metric(T("payback"), bc.payback_month or (T("not_live") if bc.live_month is None else T("never")), border=True)
    # Compact (₩4.77억), as the other pages' headline cards, so a figure in won fits its card; the help has it in full.
    c[1].metric(
        T("npv").format(rate=pct(rate)),
        usd(bc.npv_usd, compact=True),
        border=True,
        help=_("Savings month by month over the timeline, discounted.") + f" {md(usd(bc.npv_usd))}",
    )
    c[2].metric(
        T("break_even"),
        T("never") if bc.break_even_dau is None else f"{bc.break_even_dau:,.0f} DAU",
        border=True,
        help=_("Running cost only (GPUs, people, the calls left on the API), build cost aside; searched from 1k to 10M DAU."),
    )
    c[3].metric(
        T("at_from").format(dau=f"{bc.from_dau:,}"),
        usd(bc.own_running_usd_at_from_dau, compact=True),
        border=True,
        help=md(usd(bc.own_running_usd_at_from_dau)),
    )


def months_table(bc: OwnModelBusinessCase) -> pd.DataFrame:
    """The months the case spends or saves in, formatted."""
    m = bc.months[(bc.months.build_usd > 0) | bc.months.own_model_live]
    return pd.DataFrame(
        {
            _("Month"): m["month"],
            _("DAU"): [f"{d:,.0f}" for d in m["dau"]],
            _("API only"): [usd(v) for v in m["api_usd"]],
            _("Build"): [usd(v) for v in m["build_usd"]],
            _("Own model (business case)"): [usd(v) for v in m["own_case_usd"]],
            _("Saving"): [usd(v) for v in m["saving_usd"]],
            _("Cumulative saving"): [usd(v) for v in m["cumulative_saving_usd"]],
        }
    )


def business_case_section(scenario: Scenario) -> None:
    own = scenario.ai.own_model
    st.caption(T("caption").format(from_dau=f"{own.from_dau:,}"))
    if own.case is None:
        st.caption(T("setup"))
        st.button(T("setup_button"), on_click=_setup, key="oc:setup")
        return
    options = {k: _(v) for k, v in TEXT["basis_options"].items()}
    key = f"oc:basis={own.basis}"
    st.segmented_control(
        T("basis"),
        options=list(options),
        format_func=options.__getitem__,
        default=own.basis,
        required=True,
        key=key,
        on_change=_commit_basis,
        args=(key,),
        help=T("basis_help"),
    )
    inputs = panels.lazy_expander(T("inputs"), panels.OWN_CASE_INPUTS, icon=":material/calculate:")
    if inputs.open:  # the five inputs are built and sent only while the panel is open
        with inputs:
            _inputs()
    bc = business_case(scenario)
    _metrics(bc, own.case.discount_rate_per_year)
    ratio = bc.implied_cost_relative_to_api
    st.caption(
        T("reconcile").format(
            dau=f"{bc.from_dau:,}",
            api=usd(bc.api_usd_at_from_dau),
            own=usd(bc.own_running_usd_at_from_dau),
            ratio="-" if ratio is None else pct(ratio, 1),
            plan=usd(bc.plan_own_model_usd_at_from_dau),
            plan_ratio=pct(plan_own_model_share_of_api(scenario), 1),
            used=options[own.basis],
        )
    )
    render.chart(owncase_chart, timeline_frame(bc), payback_month=bc.payback_month)
    # The months the chart draws, as figures: a reference a person opens (built and sent only while open).
    months = panels.lazy_expander(T("months_table"), panels.OWN_CASE_MONTHS, icon=":material/table:")
    if months.open:
        with months:
            table = months_table(bc)
            if len(table):
                render.table(table)


def _inputs() -> None:
    """The business case's five assumptions, one column each."""
    c = st.columns(5)
    with c[0]:
        analysis_inputs.number(T("build"), f"{CASE}.build_usd", step=50_000.0, fmt="%.0f")
    with c[1]:
        analysis_inputs.number(T("months"), f"{CASE}.build_months", step=1)
    with c[2]:
        analysis_inputs.number(T("fixed"), f"{CASE}.fixed_usd_per_month", step=5_000.0, fmt="%.0f")
    with c[3]:
        analysis_inputs.number(T("served"), f"{CASE}.share_of_calls_served", step=0.05, fmt="%.2f")
    with c[4]:
        analysis_inputs.number(T("rate"), f"{CASE}.discount_rate_per_year", step=0.01, fmt="%.2f")
