"""The scaling cost model in the browser: page setup, the driver controls, navigation.

Pages live in views/; each reads ``ui.state.current_scenario()`` / ``current_result()``.
To add a page, add one ``st.Page(...)`` line to PAGES.
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from ui import guard, sidebar, state, warmup, workspace

HERE = Path(__file__).resolve().parent

st.set_page_config(
    page_title="Scaling cost model", page_icon=":material/trending_up:", layout="wide", initial_sidebar_state="auto"
)

PAGES = [
    st.Page(HERE / "views/overview.py", title="Overview", icon=":material/dashboard:", default=True),
    st.Page(HERE / "views/ai.py", title="AI", icon=":material/smart_toy:"),
    st.Page(HERE / "views/caching.py", title="Caching", icon=":material/bolt:"),
    st.Page(HERE / "views/tier_detail.py", title="Tier detail", icon=":material/layers:"),
    st.Page(HERE / "views/audit.py", title="Audit", icon=":material/fact_check:"),
    st.Page(HERE / "views/scenarios.py", title="Scenarios", icon=":material/save:"),
    st.Page(HERE / "views/workspace.py", title="Workspace", icon=":material/cloud:"),
]
# Pages other helpers add appear here once their file exists (one line each).
OPTIONAL_PAGES = [
    ("views/capacity.py", "Capacity", ":material/dns:"),
    ("views/compare.py", "Compare", ":material/compare:"),
    ("views/sensitivity.py", "Sensitivity", ":material/tune:"),
    ("views/uncertainty.py", "Uncertainty", ":material/casino:"),
    ("views/timeline.py", "Timeline", ":material/calendar_month:"),
    ("views/economics.py", "Economics", ":material/payments:"),
    ("views/goal_seek.py", "Goal seek", ":material/target:"),
    ("views/actuals.py", "Actuals", ":material/receipt_long:"),
]
PAGES += [st.Page(HERE / path, title=title, icon=icon) for path, title, icon in OPTIONAL_PAGES if (HERE / path).exists()]

warmup.freeze_long_lived_objects()
guard.guarded(lambda: state.init(open_saved=workspace.open_shared), where="the share link's settings")
page = st.navigation(PAGES, expanded=True)  # every page listed (past ten, Streamlit folds the rest behind "View more")
# The page first, the sidebar and the address bar after: the browser draws messages in the order they arrive, so the
# figures a person watches after moving a control reach the screen before the sidebar's controls are redrawn. (The
# controls' values are already in session state, so the page reads the new scenario either way.) Pages end early by
# returning from a function, not with st.stop(), which would also stop the sidebar from being drawn.
# Each part is guarded (ui.guard): an unexpected error is logged and shown as one line, and the parts after it still run.
guard.guarded(page.run, where=f"the {page.title} page")
guard.guarded(sidebar.render, where="the sidebar", container=st.sidebar)
guard.guarded(state.sync_query_params, where="the share link")
