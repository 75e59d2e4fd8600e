"""The scaling cost model in the browser: page setup, the driver controls, navigation.

Pages live in views/; each reads ``ui.state.current_scenario()`` / ``current_result()``.
To add a page, add one ``st.Page(...)`` line to PAGES.
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from ui import sidebar, state

HERE = Path(__file__).resolve().parent

st.set_page_config(
    page_title="Scaling cost model", page_icon=":material/trending_up:", layout="wide", initial_sidebar_state="expanded"
)

PAGES = [
    st.Page(HERE / "views/overview.py", title="Overview", icon=":material/dashboard:", default=True),
    st.Page(HERE / "views/ai.py", title="AI", icon=":material/smart_toy:"),
    st.Page(HERE / "views/caching.py", title="Caching", icon=":material/bolt:"),
    st.Page(HERE / "views/tier_detail.py", title="Tier detail", icon=":material/layers:"),
    st.Page(HERE / "views/audit.py", title="Audit", icon=":material/fact_check:"),
    st.Page(HERE / "views/scenarios.py", title="Scenarios", icon=":material/save:"),
]
# Pages other helpers add appear here once their file exists (one line each).
OPTIONAL_PAGES = [
    ("views/capacity.py", "Capacity", ":material/dns:"),
    ("views/compare.py", "Compare", ":material/compare:"),
    ("views/sensitivity.py", "Sensitivity", ":material/tune:"),
    ("views/uncertainty.py", "Uncertainty", ":material/casino:"),
    ("views/timeline.py", "Timeline", ":material/calendar_month:"),
    ("views/economics.py", "Economics", ":material/payments:"),
]
PAGES += [st.Page(HERE / path, title=title, icon=icon) for path, title, icon in OPTIONAL_PAGES if (HERE / path).exists()]

state.init()
page = st.navigation(PAGES)
sidebar.render()
state.sync_query_params()
page.run()
