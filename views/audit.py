"""Audit: the plan's stated figures against the recomputed ones, each disagreement explained."""

from __future__ import annotations

import streamlit as st

from model.views import audit_counts
from ui import render, state, tables
from ui.text import md

result = state.current_result()
findings = result.audit

st.title("Audit")
st.caption(
    "Every figure the plan states, recomputed from its parts. **Plan** checks compare the plan's own numbers with each other "
    "and do not move with the controls; **model** checks compare the current scenario with the plan's cost table."
)

counts = audit_counts(findings)
cols = st.columns(3)
cols[0].metric("Agree", counts["agrees"], border=True)
cols[1].metric("Disagree", counts["disagrees"], border=True)
cols[2].metric("Implied by the plan's figures", counts["implied"], border=True)


@st.fragment
def findings_view() -> None:
    """The findings: changing the filter reruns only this block."""
    findings = state.current_result().audit
    show = st.segmented_control(
        "Show",
        options=["Disagreements", "Implied figures", "Every check"],
        default="Disagreements",
        required=True,
        key="audit_filter",
    )
    scope_names = {"plan": "the plan against itself", "model": "this scenario against the plan's cost table"}
    if show == "Disagreements":
        disagreements = [f for f in findings if f.status == "disagrees"]
        if not disagreements:
            st.success("Every stated figure agrees with its recomputation.")
        # The plan against itself: a card each (a handful, and the audit's main finding). This scenario against the
        # plan's cost table: one table, since a control moved can put every tier's total in it at once.
        for f in (f for f in disagreements if f.scope == "plan"):
            shown = tables.audit_table((f,)).iloc[0]
            with st.container(border=True):
                st.markdown(
                    f"**{md(f.topic)}**  \n:gray[{scope_names[f.scope].capitalize()}]\n\n"
                    + tables.audit_figures_line(shown)
                    + f"\n\n{md(f.explanation)}"
                )
        moved = tuple(f for f in disagreements if f.scope == "model")
        if moved:
            st.subheader(scope_names["model"].capitalize())
            table = tables.audit_table(moved).drop(columns=["Status"])
            if table["Explanation"].nunique() == 1:  # the same sentence on every row: said once, above the table
                st.caption(md(table.pop("Explanation").iloc[0]))
            render.table(table)
    else:
        wanted = "implied" if show == "Implied figures" else None
        for scope, title in scope_names.items():
            chosen = tuple(f for f in findings if f.scope == scope and (wanted is None or f.status == wanted))
            if not chosen:
                continue
            st.subheader(title.capitalize())
            render.table(tables.audit_table(chosen))


findings_view()
