"""The scaling cost model in the browser: page setup, the driver controls, navigation.

Pages live in views/; each reads ``ui.state.current_scenario()`` / ``current_result()``.
To add a page, add one ``st.Page(...)`` line to PAGES.
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from i18n.text import N_, _
from ui import guard, i18n, sidebar, state, warmup

HERE = Path(__file__).resolve().parent


def open_shared(share_id: str) -> None:
    """Open a ``?s=`` link's saved version. The workspace store (SQLAlchemy, a quarter of a second to import) is
    imported here, when a link names a saved version, so a first visit without one does not wait for it."""
    from ui import workspace

    workspace.open_shared(share_id)


i18n.install()  # _() and money() read this session's language and currency
# Before the page list: the titles are in the session's language (from the share link on a first run).
guard.guarded(lambda: state.init(open_saved=open_shared), where=N_("the share link's settings"))

st.set_page_config(
    page_title=_("Scaling cost model"), page_icon=":material/trending_up:", layout="wide", initial_sidebar_state="auto"
)

PAGES = [
    st.Page(HERE / "views/overview.py", title=_("Overview"), icon=":material/dashboard:", default=True),
    st.Page(HERE / "views/ai.py", title=_("AI"), icon=":material/smart_toy:"),
    st.Page(HERE / "views/caching.py", title=_("Caching"), icon=":material/bolt:"),
    st.Page(HERE / "views/tier_detail.py", title=_("Tier detail"), icon=":material/layers:"),
    st.Page(HERE / "views/audit.py", title=_("Audit"), icon=":material/fact_check:"),
    st.Page(HERE / "views/scenarios.py", title=_("Scenarios"), icon=":material/save:"),
    st.Page(HERE / "views/workspace.py", title=_("Workspace"), icon=":material/cloud:"),
    st.Page(HERE / "views/capacity.py", title=_("Capacity"), icon=":material/dns:"),
    st.Page(HERE / "views/compare.py", title=_("Compare"), icon=":material/compare:"),
    st.Page(HERE / "views/sensitivity.py", title=_("Sensitivity"), icon=":material/tune:"),
    st.Page(HERE / "views/uncertainty.py", title=_("Uncertainty"), icon=":material/casino:"),
    st.Page(HERE / "views/timeline.py", title=_("Timeline"), icon=":material/calendar_month:"),
    st.Page(HERE / "views/economics.py", title=_("Economics"), icon=":material/payments:"),
    st.Page(HERE / "views/goal_seek.py", title=_("Goal seek"), icon=":material/target:"),
    st.Page(HERE / "views/actuals.py", title=_("Actuals"), icon=":material/receipt_long:"),
]

page = st.navigation(PAGES, expanded=True)  # every page listed (past ten, Streamlit folds the rest behind "View more")
# The page first, the sidebar and the address bar after: the browser draws messages in the order they arrive, so the
# figures a person watches after moving a control reach the screen before the sidebar's controls are redrawn. (The
# controls' values are already in session state, so the page reads the new scenario either way.) Pages end early by
# returning from a function, not with st.stop(), which would also stop the sidebar from being drawn.
# Each part is guarded (ui.guard): an unexpected error is logged and shown as one line, and the parts after it still run.
guard.guarded(page.run, where=_("the {page} page").format(page=page.title))
guard.guarded(sidebar.render, where=N_("the sidebar"), container=st.sidebar)
guard.guarded(state.sync_query_params, where=N_("the share link"))
# Once per server process, after the first run has drawn its page: import what the other pages use and freeze those
# long-lived objects out of the garbage collector's full passes (ui/warmup.py). After the page, so the first visitor
# does not wait for it.
warmup.freeze_long_lived_objects()
