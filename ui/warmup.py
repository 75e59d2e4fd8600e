"""Once per server process: import everything the pages use, then take those long-lived objects out of the
garbage collector's full passes. app.py calls it at the end of a run, after the page and the sidebar are drawn, so
the first visitor's page does not wait for the other pages' imports (a cold load draws the Overview first).

Streamlit's default is ``gc.collect(2)`` after every script run (``runner.postScriptGC``), holding the GIL while
it walks every tracked object: about 200,000 here (pandas, Altair's schema classes, pydantic models), 150-250 ms
a run on this machine, during which the server cannot send the run's last messages. .streamlit/config.toml turns
that off; Python's own generational collector keeps running, and ``gc.freeze()`` moves the objects that exist once
the modules are imported (they live as long as the process) to the permanent generation, so its full passes walk
only what later runs create and still free their garbage (``make load`` checks that memory levels off)."""

from __future__ import annotations

import gc
import importlib

import streamlit as st

PAGE_MODULES = (
    "altair",
    "pandas",
    "numpy",
    "model.analysis.compare",
    "model.analysis.economics",
    "model.analysis.montecarlo",
    "model.analysis.selfhosted",
    "model.analysis.sensitivity",
    "model.analysis.timeline",
    "model.capacity",
    "model.views",
    "ui.analysis_charts",
    "ui.analysis_inputs",
    "ui.analysis_state",
    "ui.analysis_tables",
    "ui.capacity_charts",
    "ui.charts",
    "ui.render",
    "ui.tables",
)


@st.cache_resource(show_spinner=False)
def freeze_long_lived_objects() -> int:
    """Import the pages' modules, collect once, freeze what is left; returns how many objects were frozen."""
    for name in PAGE_MODULES:
        importlib.import_module(name)
    gc.collect()
    gc.freeze()
    return gc.get_freeze_count()
