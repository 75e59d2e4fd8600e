"""Cached upgrade-policy results for the pages (model/upgrades.py), keyed by the scenario's content like ui/state.py's."""

from __future__ import annotations

import streamlit as st

from model.result import ModelResult
from model.scenario import Scenario
from model.upgrades import DauReading, evaluate_policy, reading_at
from ui import state
from ui.upgrade_text import parse_tiers

TIERS_WIDGET = "overview_tiers"
_TIERS_SHOWN = "overview_tiers_shown"


@st.cache_data(max_entries=256, show_spinner=False)
def _policy_result(key: str, dau: int, policy: str, _scenario: Scenario) -> ModelResult:
    return evaluate_policy(_scenario, [dau], policy).result


@st.cache_data(max_entries=256, show_spinner=False)
def _reading(key: str, dau: int, _scenario: Scenario) -> DauReading:
    return reading_at(_scenario, dau)


def result_at(scenario: Scenario, dau: int, policy: str) -> ModelResult:
    """The model at one DAU under ``policy`` (as-written: ``evaluate``), cached."""
    return _policy_result(state.scenario_key(scenario), int(dau), policy, scenario)


def reading(scenario: Scenario, dau: int) -> DauReading:
    """Both policies and the over-capacity resources at one DAU, cached."""
    return _reading(state.scenario_key(scenario), int(dau), scenario)


POLICY_CHANGED = "overview_policy_changed"


def on_policy_change() -> None:
    """Record the policy as an override; the page then reruns whole (``rerun_if_policy_changed``) so the address bar,
    which is synced at the end of a full run, carries it."""
    state.set_override("upgrades.policy", st.session_state["overview_policy"])
    st.session_state[POLICY_CHANGED] = True


def rerun_if_policy_changed() -> None:
    """Inside the Overview's fragment: a policy change reruns the whole app (the share link and every figure follow)."""
    if st.session_state.pop(POLICY_CHANGED, False):
        st.rerun(scope="app")


def sync_tiers_text(scenario: Scenario) -> None:
    """Show the scenario's tiers in the tier editor whenever they change (a reset, a load, a share link, a refusal)."""
    text = ", ".join(str(t) for t in scenario.tiers_dau)
    if st.session_state.get(_TIERS_SHOWN) != text:
        st.session_state[TIERS_WIDGET] = text
        st.session_state[_TIERS_SHOWN] = text


def on_tiers_change() -> None:
    parsed = parse_tiers(st.session_state[TIERS_WIDGET])
    if isinstance(parsed, str):
        st.session_state["notices"].append(parsed)
        st.session_state[_TIERS_SHOWN] = None  # show the scenario's tiers again
        return
    state.set_tiers(parsed)
    st.session_state[_TIERS_SHOWN] = None
