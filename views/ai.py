"""AI: calls, tokens, the model mix and its prices (with the price snapshot date), API against own model over DAU."""

from __future__ import annotations

import streamlit as st

from i18n.phrase import render as render_phrase
from i18n.text import _, plan_text
from model.drivers import headline
from model.formatting import pct
from model.modelcompare import model_price_frame
from model.views import ai_headline, ai_usage_frame, api_vs_own_model_curve, dau_grid_for
from ui import charts, driver_text, model_choice, render, state, tables
from ui.text import md

scenario = state.current_scenario()
result = state.current_result()
ai = scenario.ai
head = ai_headline(result)

st.title(_("AI"))
st.caption(
    _("Every AI call's cost comes from its tokens and the model's price. Prices: **{prices}**").format(
        prices=md(render_phrase(result.price_snapshot.phrase))
    )
    + (_(" (some overridden by the scenario).") if ai.price_overrides else ".")
)

cols = st.columns(4)
calls = headline(scenario, "AI")  # calls per DAU per day: what every AI figure below scales with
cols[0].metric(driver_text.label(calls), f"{calls.value(scenario):g}", border=True)
cols[1].metric(
    _("Tokens per call (input / output)"),
    f"{head.input_tokens_per_api_call:,.0f} / {head.output_tokens_per_api_call:,.0f}",
    border=True,
)
cols[2].metric(
    _("List price per call (mixed)"),
    tables.usd_price(result.ai_list_usd_per_call),
    border=True,
    help=_("Before the optimisation phases and the own model."),
)
cols[3].metric(
    _("AI response cache answers"),
    pct(head.ai_calls_answered_by_cache),
    border=True,
    help=_("Calls the response cache answers never reach the model and cost nothing."),
)

st.subheader(_("Model mix and prices"))
model_choice.price_source(scenario)
st.dataframe(tables.model_price_table(model_price_frame(result, scenario)), hide_index=True, width="stretch")
st.caption(
    _(
        "A share of {share} of input tokens is billed at the cached-input price. Optimisation phases (each phase's "
        "factor: its fitted multiplier x what its levers save): {phases}."
    ).format(
        share=pct(ai.prompt_cache_share_of_input),
        phases=", ".join(
            _("{phase} from {dau} DAU ×{multiplier}").format(
                phase=md(plan_text(p.name)), dau=tables.count(p.from_dau), multiplier=f"{f:.2f}"
            )
            for p, f in zip(ai.optimisation_phases, result.params.phase_multipliers, strict=True)
        ),
    )
)
model_choice.mix_editor(scenario)
model_choice.levers(scenario)
model_choice.comparison(scenario)
model_choice.catalogue_browser()

st.subheader(_("Calls and tokens per month"))
st.caption(_("Calls the response cache answers never reach the model; only those that do send tokens."))
st.dataframe(tables.ai_usage_table(ai_usage_frame(result, scenario)), hide_index=True, width="stretch")

frame = api_vs_own_model_curve(scenario, dau_grid_for(scenario))
render.chart(charts.api_vs_own_model_chart, frame, own_model_from_dau=head.own_model_takeover_dau)
st.caption(
    _("The own model costs {share} of what the API would for the same calls and takes over from {dau} DAU.").format(
        share=pct(head.own_model_share_of_api_usd), dau=tables.count(head.own_model_takeover_dau)
    )
    if head.own_model_takeover_dau is not None
    else _("The own model costs {share} of what the API would for the same calls; it is switched off in this scenario.").format(
        share=pct(head.own_model_share_of_api_usd)
    )
)
