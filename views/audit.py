"""Audit: the plan's stated figures against the recomputed ones, each disagreement explained."""

from __future__ import annotations

import streamlit as st

from model.views import audit_counts
from ui import state, tables

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

show = st.segmented_control(
    "Show", options=["Disagreements and implied figures", "Everything"], default="Disagreements and implied figures", required=True,
    key="audit_filter",
)
scope_names = {"plan": "The plan against itself", "model": "This scenario against the plan's cost table"}
for scope, title in scope_names.items():
    chosen = tuple(f for f in findings if f.scope == scope and (show == "Everything" or f.status != "agrees"))
    st.subheader(title)
    if not chosen:
        st.success("Every check agrees.")
        continue
    st.dataframe(
        tables.audit_table(chosen),
        hide_index=True,
        width="stretch",
        column_config={"Explanation": st.column_config.TextColumn(width="large"), "Check": st.column_config.TextColumn(width="medium")},
    )
