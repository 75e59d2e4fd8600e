"""Audit: the plan's stated figures against the recomputed ones, each disagreement explained."""

from __future__ import annotations

import streamlit as st

from i18n.money import rate_line
from i18n.text import N_, _
from model.views import audit_counts
from ui import audit_view, render, state, tables
from ui.text import md

result = state.current_result()
findings = result.audit

st.title(_("Audit"))
st.caption(
    _(
        "Every figure the plan states, recomputed from its parts. **Plan** checks compare the plan's own numbers with each other "
        "and do not move with the controls; **model** checks compare the current scenario with the plan's cost table."
    )
    + (f"  \n{_('Exchange rate')}: {tables.markdown_escape(rate_line())}" if rate_line() else "")
)

counts = audit_counts(findings)
cols = st.columns(3)
cols[0].metric(_("Agree"), counts["agrees"], border=True)
cols[1].metric(_("Disagree"), counts["disagrees"], border=True)
cols[2].metric(_("Implied by the plan's figures"), counts["implied"], border=True)

FILTERS = {"disagreements": N_("Disagreements"), "implied": N_("Implied figures"), "all": N_("Every check")}
SCOPE_NAMES = audit_view.SCOPE_NAMES


@st.fragment
def findings_view() -> None:
    """The findings: changing the filter reruns only this block."""
    findings = state.current_result().audit
    # Options are keys (the same in both languages), shown translated, so a language switch keeps the choice.
    show = st.segmented_control(
        _("Show"),
        options=list(FILTERS),
        format_func=lambda k: _(FILTERS[k]),
        default="disagreements",
        required=True,
        key="audit_filter_key",
    )
    if show == "disagreements":
        disagreements = [f for f in findings if f.status == "disagrees"]
        if not disagreements:
            st.success(_("Every stated figure agrees with its recomputation."))
        # The plan against itself: a card each (a handful, and the audit's main finding). This scenario against the
        # plan's cost table: one table, since a control moved can put every tier's total in it at once.
        for f in (f for f in disagreements if f.scope == "plan"):
            with st.container(border=True):
                st.markdown(audit_view.card_markdown(f))  # cached: the plan against itself does not move
        moved = tuple(f for f in disagreements if f.scope == "model")
        if moved:
            st.subheader(_(SCOPE_NAMES["model"]))
            table = tables.audit_table(moved).drop(columns=[_("Status")])
            explanation = _("Explanation")
            if table[explanation].nunique() == 1:  # the same sentence on every row: said once, above the table
                st.caption(md(table.pop(explanation).iloc[0]))
            render.table(table)
    else:
        wanted = "implied" if show == "implied" else None
        for scope, title in SCOPE_NAMES.items():
            chosen = tuple(f for f in findings if f.scope == scope and (wanted is None or f.status == wanted))
            if not chosen:
                continue
            st.subheader(_(title))
            render.table(tables.audit_table(chosen))


findings_view()
