"""AI: calls, tokens, the model mix and its prices (with the price snapshot date), API against own model over DAU."""

from __future__ import annotations

import streamlit as st

from model.formatting import pct
from model.views import ai_usage_frame, api_vs_own_model_curve, dau_grid_for, model_price_frame
from ui import charts, model_choice, render, state, tables
from ui.text import md

scenario = state.current_scenario()
result = state.current_result()
ai = scenario.ai

st.title("AI")
st.caption(
    f"Every AI call's cost comes from its tokens and the model's price. Prices: **{md(result.price_snapshot.label)}**"
    + (" (some overridden by the scenario)." if ai.price_overrides else ".")
)

cols = st.columns(4)
cols[0].metric("AI calls per DAU per day", f"{ai.calls_per_dau_per_day:g}", border=True)
cols[1].metric(
    "Tokens per call (input / output)", f"{ai.input_tokens_per_call:,.0f} / {ai.output_tokens_per_call:,.0f}", border=True
)
cols[2].metric(
    "List price per call (mixed)",
    tables.usd_price(result.ai_list_usd_per_call),
    border=True,
    help="Before the optimisation phases and the own model.",
)
cols[3].metric(
    "AI response cache answers",
    pct(scenario.ai_cache().hit_rate or 0.0),
    border=True,
    help="Calls the response cache answers never reach the model and cost nothing.",
)

st.subheader("Model mix and prices")
model_choice.price_source(scenario)
st.dataframe(tables.model_price_table(model_price_frame(result, scenario)), hide_index=True, width="stretch")
st.caption(
    f"A share of {pct(ai.prompt_cache_share_of_input)} of input tokens is billed at the cached-input price. "
    "Optimisation phases (each phase's factor: its fitted multiplier x what its levers save): "
    + ", ".join(
        f"{md(p.name)} from {tables.count(p.from_dau)} DAU ×{f:.2f}"
        for p, f in zip(ai.optimisation_phases, result.params.phase_multipliers, strict=True)
    )
    + "."
)
model_choice.mix_editor(scenario)
model_choice.levers(scenario)
model_choice.comparison(scenario)
model_choice.catalogue_browser()

st.subheader("Calls and tokens per month")
st.caption("Calls the response cache answers never reach the model; only those that do send tokens.")
st.dataframe(tables.ai_usage_table(ai_usage_frame(result, scenario)), hide_index=True, width="stretch")

own = ai.own_model
frame = api_vs_own_model_curve(scenario, dau_grid_for(scenario))
render.altair_chart(charts.api_vs_own_model_chart(frame, own_model_from_dau=own.from_dau if own.enabled else None))
st.caption(
    f"The own model costs {pct(own.cost_relative_to_api)} of what the API would for the same calls"
    + (f" and takes over from {tables.count(own.from_dau)} DAU." if own.enabled else "; it is switched off in this scenario.")
)
