"""Panels whose content is built and sent only while they are open.

An ``st.expander`` sends everything inside it on every rerun, open or not. With ``on_change="rerun"`` and a key,
Streamlit tracks whether it is open (``.open``) and reruns the page when a person opens or closes it, so a closed
panel's inputs cost a sidebar move nothing. The inputs inside read their values from the scenario (or from a
session key of their own), so closing a panel loses nothing.
"""

from __future__ import annotations

import streamlit as st
from streamlit.elements.lib.mutable_expander_container import ExpanderContainer

GPU_INPUTS = "gpu_inputs_open"
TIMELINE_INPUTS = "timeline_inputs_open"
AI_REASONING = "ai_reasoning_open"
AI_LEVERS = "ai_levers_open"
AI_CANDIDATES = "ai_candidates_open"
OWN_CASE_INPUTS = "own_case_inputs_open"
OWN_CASE_MONTHS = "own_case_months_open"
MC_RANGES = "mc_ranges_open"
LAZY = (GPU_INPUTS, TIMELINE_INPUTS, AI_REASONING, AI_LEVERS, AI_CANDIDATES, OWN_CASE_INPUTS, OWN_CASE_MONTHS, MC_RANGES)
"""Every lazy panel's key (the hostile-input tests open them all, so every label inside is drawn)."""


def lazy_expander(label: str, key: str, *, icon: str | None = None) -> ExpanderContainer:
    """A closed expander whose ``.open`` says whether to build its content: ``if box.open: with box: ...``."""
    return st.expander(label, icon=icon, key=key, on_change="rerun")
