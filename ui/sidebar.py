"""The sidebar: which scenario is showing, every driver as a control, reset, and the Excel download."""

from __future__ import annotations

import math
import re
from typing import Any

import streamlit as st

from i18n.display import Display, current
from i18n.text import N_, _, ngettext, plan_text
from model.drivers import Driver
from model.formatting import dau, pct, usd, usd_cents
from model.scenario import Scenario
from outputs import build_worker
from ui import driver_text, i18n, state, workbooks
from ui.bounded_cache import bounded
from ui.text import md

GROUP_ORDER = ("AI", "Caching", "Infrastructure", "Reserved instances", "General")
SLIDER_FORMAT = {"usd": "dollar", "usd_cents": "dollar", "fraction": "percent", "dau": "localized", "number": None}
PLAN_LABEL = N_("The plan (data/scenarios/plan.json)")
"""ui.state's label for the plan as the base (translated where it is shown)."""
KIND_LABEL = {
    "plan": N_("The plan"),
    "assumption": N_("Our assumption"),
    "implied": N_("Implied by the plan's figures"),
    "library": N_("Price library"),
}


def shown(d: Driver, value: float) -> str:
    """A driver's value as a person reads it."""
    if d.display == "usd":
        return usd(value)
    if d.display == "usd_cents":
        return usd_cents(value)
    if d.display == "fraction":
        return pct(value, 1 if abs(value * 100 - round(value * 100)) > 1e-9 else 0)
    if d.display == "dau":
        return f"{dau(value)} DAU"
    if d.display == "bool":
        return _("on") if value else _("off")
    return f"{value:,g}"


def _number_format(d: Driver) -> str | None:
    fmt = SLIDER_FORMAT.get(d.display)
    if fmt is not None or d.display != "number":
        return fmt
    return "%.2f" if d.step < 1 else "localized"


def help_text(d: Driver) -> str:
    """The control's help: what it is, the plan's value and where that came from.

    It moves with the base scenario and the language, never with a control's value, so each control's text is built
    once per base and display (ten controls a run, each formatting two values and a provenance note)."""
    return _help_text(d.path, st.session_state["base_key"], current(), d)


@bounded
def _help_text(path: str, base_key: str, shown_in: Display, _d: Driver) -> str:
    d = _d  # the key's display is the one in force, which _() and the formatters below read
    plan = state.plan()
    lines = []
    if d.help:
        lines.append(md(driver_text.help_text(d)))
    try:
        lines.append(_("**Plan value:** {value}").format(value=shown(d, d.value(plan))))
    except (KeyError, TypeError, ValueError):
        lines.append(_("**Plan value:** not in the plan"))
    base = state.base()
    if base is not plan:
        lines.append(_("**Loaded scenario's value:** {value}").format(value=shown(d, d.value(base))))
    prov = state.provenance_for(base, d.path) or state.provenance_for(plan, d.path)
    if prov is not None:
        kind, note = prov
        kind_label = _(KIND_LABEL[kind]) if kind in KIND_LABEL else kind
        lines.append(_("**Source:** {kind}. {note}").format(kind=md(kind_label), note=md(note)))
    return "\n\n".join(lines)


def _control(d: Driver, value: float, *, pass_value: bool) -> None:
    """One driver's control. ``pass_value``: hand the slider its session-state value (see ``render``).

    A control first drawn in this run (its group was just opened, or was closed when the value changed) starts at the
    current scenario's value, set through session state.
    """
    key = state.widget_key(d.path)
    # Labels name vendors, plans, caches and phases from the scenario file.
    label = md(f"{driver_text.label(d)} ({driver_text.unit(d)})")
    seeded = key not in st.session_state
    if seeded:
        st.session_state[key] = state.widget_value(d, d.value(state.current_scenario()))
    if d.display == "bool":
        # The value it holds is passed, as for a slider, so the element's own default is the value in force: a switch
        # the browser draws from the element alone then shows that value, not off. (The full suite twice saw the own
        # model's switch go off by itself in a fresh session, cause not yet found; this closes one way it could.)
        held = bool(st.session_state[key]) if pass_value and not seeded else False
        st.toggle(label, value=held, key=key, help=help_text(d), on_change=state.on_driver_change, args=(d.path,))
        return
    # The slider's range holds the base's value and the value in force (a share link or a file may carry any value
    # the schema accepts, e.g. revenue 5,000 on a 0..1,000 slider), so a valid value never makes the widget raise.
    shown_value = float(st.session_state[key])
    lo_f, hi_f = d.control_range(value, shown_value)
    if d.display == "dau":
        lo, hi, step = math.floor(lo_f), math.ceil(hi_f), int(d.step)
    else:
        lo, hi, step = float(lo_f), float(hi_f), float(d.step)
    current = st.session_state[key] if pass_value and not seeded else None
    st.slider(
        label,
        min_value=lo,
        max_value=hi,
        value=current if current is not None and lo <= current <= hi else None,
        step=step,
        key=key,
        format=_number_format(d),
        help=help_text(d),
        on_change=state.on_driver_change,
        args=(d.path,),
    )


def group_key(group: str) -> str:
    """The session-state key of a driver group's expander (True when open)."""
    return f"drivers_group:{group}"


def render() -> None:
    """Draw the sidebar. Controls are keyed by field path; their values live in session state (see ui.state)."""
    # Every element above the driver groups is drawn on every run, in the same order: an element that appeared only
    # sometimes (a notice, the changed-settings line) shifted the groups down one place, and the browser then rebuilt
    # them, so a slider being moved by keyboard lost its focus and the next key press went nowhere.
    notices = st.sidebar.container()  # empty unless a value was refused; always there
    for notice in state.take_notices():
        st.toast(md(notice), icon=":material/warning:")  # notices quote refused names and values
        notices.warning(md(notice))
    scenario = state.current_scenario()
    with st.sidebar:
        with st.container():  # one element whatever it holds, so the driver groups below never shift
            i18n.render_controls()
        st.markdown(f"### {md(plan_text(scenario.name))}")
        n_changed = len(state.overrides())
        st.caption(
            md(_(state.base_label()))  # the plan's label is in the catalogue (PLAN_LABEL); a file's name is shown as it is
            + (
                " · **" + ngettext("{n} setting changed", "{n} settings changed", n_changed).format(n=n_changed) + "**"
                if n_changed
                else ""
            )
        )
        st.button(_("Reset to the plan"), on_click=state.reset, icon=":material/undo:", width="stretch", key="reset_to_plan")
        _workbook_download(scenario)
        st.markdown("#### " + _("Drivers"))
        drivers = state.drivers()
        base = state.base()
        # A slider without a value reads the whole session state to learn whether it is a range slider (Streamlit
        # 1.67), ~1 ms per slider per run. The key, not the value, is its identity, so passing the value it already
        # holds changes nothing, except in a run where the value was set through session state: Streamlit then
        # logs a warning about a default beside a session-state value, so those runs take the slow path.
        pass_value = not state.take_widgets_set()
        overridden = state.overrides()
        groups = [(g, [d for d in drivers if d.group == g]) for g in GROUP_ORDER]
        changed = {g: sum(1 for d in members if d.path in overridden) for g, members in groups}
        if any(changed.values()):
            st.caption(_("Changed: ") + " · ".join(f"{driver_text.group(g)} {n}" for g, n in changed.items() if n))
        else:
            st.caption(_("No driver changed from the base scenario."))
        for group, members in groups:
            if not members:
                continue
            # Lazy: a closed group's controls are neither built nor sent (opening it reruns the app). The label and
            # the default stay fixed, so the expander keeps its identity (and a focused slider its focus) as values change.
            group_box = st.expander(driver_text.group(group), expanded=group == "AI", key=group_key(group), on_change="rerun")
            if group_box.open:
                with group_box:
                    for d in members:
                        # The range is fixed by the base's value, so moving the control never changes its range.
                        _control(d, d.value(base), pass_value=pass_value)


def workbook_file_name(name: str) -> str:
    """A safe file name from a scenario name: 'The plan: v1.0' -> 'The-plan-v1.0.xlsx'."""
    stem = re.sub(r"[^A-Za-z0-9._-]+", "-", name).strip("-.")[:80] or "scenario"
    return f"{stem}.xlsx"


WORKBOOK_READY = "workbook_ready"
"""Session state: the workbook last built for this session, ``(what it shows, its bytes)``; dropped on the first run
after the scenario, the language or the currency has moved on (a workbook of other settings is never offered)."""
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _workbook_download(scenario: Scenario) -> None:
    """Prepare, then download: the first button builds the workbook of the settings shown (in the worker process,
    bounded by ``ui.workbooks``), and a download button holding those bytes takes its place.

    Not one button that builds when clicked (``st.download_button(data=callable)``, as before): Streamlit 1.67 stores
    a file built that way without tying it to any session, and every script run of every session ends by collecting
    such files (marked by one run, deleted by the next). With other people moving sliders, the file was gone before
    the browser asked for it and the download was canceled (``make load --workbook-run``, three other sessions: 6 of
    15 clicks). Bytes given to the button belong to this session's run and stay while the button is shown."""
    ss = st.session_state
    display = i18n.display()
    ready = ss.get(WORKBOOK_READY)
    if ready is not None and ready[0] != _settings(display):
        del ss[WORKBOOK_READY]
        ready = None
    with st.container():  # one element whatever it holds (see render: the elements above the driver groups never shift)
        slot, note = st.empty(), st.empty()
        prepare = ready is None and slot.button(
            _("Prepare Excel workbook"), icon=":material/table_view:", width="stretch", key="prepare_workbook"
        )
        if prepare:
            _build_workbook(scenario, display, note)
            ready = ss.get(WORKBOOK_READY)
        if ready is not None:
            slot.download_button(
                _("Download Excel workbook"),
                data=ready[1],
                file_name=workbook_file_name(scenario.name),
                mime=XLSX,
                icon=":material/download:",
                width="stretch",
                type="primary",
                on_click="ignore",
                key="download_workbook",
            )
            note.caption(_("Built for the current settings; changing them asks for a new one."))


def _settings(display: Display) -> tuple[object, ...]:
    """What a workbook shows: the scenario (its identity), the currency and rate, the language."""
    return (*state.current_identity(), display.fx, display.lang)


def _build_workbook(scenario: Scenario, display: Display, note: Any) -> None:
    """Build the workbook while a spinner turns in ``note`` and keep it for the session (``WORKBOOK_READY``), or say in
    ``note`` why not."""
    try:
        with note.container(), st.spinner(_("Building the workbook…")):
            data = workbooks.build(lambda: build_worker.build(scenario, display.fx, display.lang))
            # Kept before any other Streamlit call: a rerun asked for during the build stops the run at the next one.
            st.session_state[WORKBOOK_READY] = (_settings(display), data)
    except workbooks.ServerBusy as exc:
        note.warning(_(str(exc)), icon=":material/hourglass:")
    except build_worker.BuildFailed as exc:
        note.error(_("The workbook could not be built: {why}").format(why=md(str(exc))), icon=":material/error:")
