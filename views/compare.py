"""Compare: two to four scenarios side by side, with every assumption that differs from the first."""

from __future__ import annotations

import streamlit as st

from i18n.text import N_, _, ngettext, plan_text
from model.analysis.compare import MAX_SCENARIOS, MIN_SCENARIOS, compare
from model.loading import ScenarioError
from ui import analysis_charts, analysis_tables, render, state
from ui.text import md

CURRENT = "current"
SHORT = {CURRENT: N_("Current settings")}

scenario = state.current_scenario()
names = state.shipped_names()
labels = {
    CURRENT: _("Current settings: {name}").format(name=plan_text(scenario.name)),
    **{stem: f"{stem}.json" for stem in names},
}

st.title(_("Compare scenarios"))
st.caption(
    _(
        "Pick two to four scenarios: the current settings (with any changes you made in the sidebar) and the shipped "
        "scenarios in data/scenarios/. The first one chosen is the reference for changes and differences."
    )
)

default = [CURRENT] + [s for s in ("pessimistic", "optimistic") if s in names]
chosen = st.multiselect(
    _("Scenarios"),
    options=list(labels),
    default=default,
    format_func=labels.get,
    max_selections=MAX_SCENARIOS,
    key="compare_choice",
)


def _comparison(chosen: list[str]) -> None:
    """Everything below the picker (a function, so a short choice can return early and the sidebar still draws)."""
    if len(chosen) < MIN_SCENARIOS:
        st.info(_("Choose at least {n} scenarios to compare.").format(n=MIN_SCENARIOS), icon=":material/info:")
        return

    try:
        # ui.state caches each shipped file once per process.
        scenarios = [scenario if stem == CURRENT else state._shipped_scenario(stem) for stem in chosen]
    except ScenarioError as exc:
        st.error(_("Could not load that scenario: {error}").format(error=md(exc)), icon=":material/error:")
        return
    cmp = compare(scenarios, tiers_dau=scenario.tiers_dau, labels=[_(SHORT[stem]) if stem in SHORT else stem for stem in chosen])

    left, right = st.columns(2)
    with left:
        render.chart(analysis_charts.comparison_total_chart, cmp.cost_frame(), cmp.labels)
    with right:
        render.chart(analysis_charts.comparison_cost_per_dau_chart, cmp.cost_frame(), cmp.labels)

    st.subheader(_("Cost per tier"))
    st.dataframe(analysis_tables.comparison_table(cmp), hide_index=True, width="stretch")

    st.subheader(_("Assumptions that differ from {name}").format(name=md(cmp.labels[0])))
    if not cmp.differences:
        st.success(_("None: these scenarios make the same assumptions."), icon=":material/check:")
    else:
        st.caption(
            ngettext(
                "{n} field. Names and notes are not assumptions and are left out.",
                "{n} fields. Names and notes are not assumptions and are left out.",
                len(cmp.differences),
            ).format(n=len(cmp.differences))
        )
        st.dataframe(analysis_tables.difference_table(cmp), hide_index=True, width="stretch")

    st.subheader(_("What each scenario assumes"))
    for label, s in zip(cmp.labels, cmp.scenarios, strict=True):
        with st.expander(md(f"{label}: {plan_text(s.name)}")):
            st.markdown(md(plan_text(s.notes)) if s.notes else _("No notes."))


_comparison(chosen)
