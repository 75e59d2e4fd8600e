"""Scenarios: save the current settings as JSON, load one (upload or shipped), share a link, reset to the plan."""

from __future__ import annotations

import streamlit as st

from model.overrides import differences
from ui import state, tables
from ui.text import md

scenario = state.current_scenario()

st.title("Scenarios")
st.caption(f"Showing **{md(scenario.name)}**: {md(state.base_label())}.")

if error := state.load_error():
    st.error(f"Could not load that scenario, so the one you had is still showing.\n\n{md(error)}", icon=":material/error:")

left, right = st.columns(2)
with left:
    st.subheader("Save")
    st.write("Download every setting of the current view as a scenario file; load it here later to get the same numbers.")
    st.text_input(
        "Scenario name",
        value=scenario.name,
        max_chars=200,
        key=state.name_widget_key(),
        on_change=state.on_name_change,
        help="Saved in the file and shown in the workbook.",
    )
    st.download_button(
        "Download scenario (JSON)",
        data=state.scenario_json(scenario),
        file_name=state.scenario_file_name(scenario.name),
        mime="application/json",
        icon=":material/download:",
        on_click="ignore",
        key="download_scenario",
    )

    st.subheader("Share")
    link = state.share_link()
    if link.exact:
        st.write("This link carries every changed setting; opening it shows exactly this view.")
        st.code(state.share_url(), language=None, wrap_lines=True)
    else:
        # Never a link that opens something else: say why, and offer the file that does carry the view.
        st.warning(f"A link cannot show exactly this view: {md(link.problem)}. Share the scenario file instead.")
        st.download_button(
            "Download scenario to share (JSON)",
            data=state.scenario_json(scenario),
            file_name=state.scenario_file_name(scenario.name),
            mime="application/json",
            icon=":material/download:",
            on_click="ignore",
            key="download_scenario_to_share",
        )

    st.subheader("Reset")
    st.button("Reset to the plan", on_click=state.reset, icon=":material/undo:", key="reset_on_page")

with right:
    st.subheader("Load")
    st.file_uploader(
        "Upload a scenario file (.json)",
        type=["json"],
        key="scenario_upload",
        on_change=state.on_upload,
        help="A full scenario or an overlay that extends a shipped one. A file with a problem is refused with a message naming the field.",
    )
    names = state.shipped_names()
    stem = st.selectbox("Or a shipped scenario (data/scenarios/)", options=names, key="shipped_choice")
    st.button("Load shipped scenario", on_click=state.load_shipped_from_widget, key="load_shipped", icon=":material/folder_open:")

st.subheader("What differs from the plan")
changed = differences(state.plan(), scenario)
changed.pop("name", None)
if not changed:
    st.success("Nothing: this is the plan's scenario.")
else:
    st.dataframe(tables.differences_table(changed), hide_index=True, width="stretch")
