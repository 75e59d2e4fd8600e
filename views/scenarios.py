"""Scenarios: save the current settings as JSON, load one (upload or shipped), share a link, reset to the plan."""

from __future__ import annotations

import streamlit as st

from i18n.text import _, plan_text
from model.overrides import differences
from ui import state, tables
from ui.text import md

scenario = state.current_scenario()

st.title(_("Scenarios"))
st.caption(_("Showing **{name}**: {source}.").format(name=md(plan_text(scenario.name)), source=md(_(state.base_label()))))

if error := state.load_error():
    st.error(
        _("Could not load that scenario, so the one you had is still showing.") + f"\n\n{md(error)}", icon=":material/error:"
    )

left, right = st.columns(2)
with left:
    st.subheader(_("Save"))
    st.write(_("Download every setting of the current view as a scenario file; load it here later to get the same numbers."))
    st.text_input(
        _("Scenario name"),
        value=scenario.name,
        max_chars=200,
        key=state.name_widget_key(),
        on_change=state.on_name_change,
        help=_("Saved in the file and shown in the workbook."),
    )
    st.download_button(
        _("Download scenario (JSON)"),
        data=state.scenario_json(scenario),
        file_name=state.scenario_file_name(scenario.name),
        mime="application/json",
        icon=":material/download:",
        on_click="ignore",
        key="download_scenario",
    )

    st.subheader(_("Share"))
    link = state.share_link()
    if link.exact:
        st.write(_("This link carries every changed setting; opening it shows exactly this view."))
        st.code(state.share_url(), language=None, wrap_lines=True)
    else:
        # Never a link that opens something else: say why, and offer the file that does carry the view.
        st.warning(
            _("A link cannot show exactly this view: {problem}. Share the scenario file instead.").format(
                problem=md(link.problem)
            )
        )
        st.download_button(
            _("Download scenario to share (JSON)"),
            data=state.scenario_json(scenario),
            file_name=state.scenario_file_name(scenario.name),
            mime="application/json",
            icon=":material/download:",
            on_click="ignore",
            key="download_scenario_to_share",
        )

    st.subheader(_("Reset"))
    st.button(_("Reset to the plan"), on_click=state.reset, icon=":material/undo:", key="reset_on_page")

with right:
    st.subheader(_("Load"))
    st.file_uploader(
        _("Upload a scenario file (.json)"),
        type=["json"],
        key="scenario_upload",
        on_change=state.on_upload,
        help=_(
            "A full scenario or an overlay that extends a shipped one. A file with a problem is refused with a message "
            "naming the field."
        ),
    )
    names = state.shipped_names()
    stem = st.selectbox(_("Or a shipped scenario (data/scenarios/)"), options=names, key="shipped_choice")
    st.button(
        _("Load shipped scenario"), on_click=state.load_shipped_from_widget, key="load_shipped", icon=":material/folder_open:"
    )

st.subheader(_("What differs from the plan"))
changed = differences(state.plan(), scenario)
changed.pop("name", None)
if not changed:
    st.success(_("Nothing: this is the plan's scenario."))
else:
    st.dataframe(tables.differences_table(changed), hide_index=True, width="stretch")
