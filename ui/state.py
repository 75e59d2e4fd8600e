"""The browser session's scenario: a base scenario plus the changes the user made.

How a page gets what it shows (every page, including ones added later)::

    from ui import state
    scenario = state.current_scenario()   # base + overrides, validated (cached)
    result = state.current_result()       # evaluate(scenario) (cached by scenario)
    plan = state.plan_result_at(result)   # the plan at the same DAU tiers, for "change vs plan"

Pages never change the state directly; they call ``load_base``, ``reset`` or
``set_override`` (all safe inside widget callbacks).

State kept in ``st.session_state`` (one per browser session, so two sessions
never see each other's settings):

- ``base``: the scenario the user started from (the plan, a shipped file, an upload);
- ``base_label`` / ``base_stem``: where it came from (stem is the shipped file's name, for share links);
- ``overrides``: dotted field path -> value the user changed from the base;
- ``notices``: messages to show once (bad share-link parameters, load errors).

The share link is the app's URL with ``st.query_params`` carrying each changed
path (JSON-encoded values) and ``scenario=<stem>`` when the base is a shipped
file other than the plan. ``sync_query_params()`` keeps the address bar equal to
the share link on every run, so copying the URL shares the view.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pandas as pd
import streamlit as st

from i18n.text import _, ngettext, plan_text
from model.drivers import Driver, drivers_for
from model.loading import ScenarioError, load_scenario, parse_scenario, plan_scenario, shipped_scenarios
from model.overrides import flatten, with_overrides
from model.result import ModelResult, curve, evaluate
from model.scenario import Scenario
from model.views import dau_grid_for
from ui import i18n, sharelink
from ui.bounded_cache import bounded

SCENARIO_PARAM = sharelink.SCENARIO_PARAM
SAVED_PARAM = "s"
"""Share-link parameter naming a saved version in the workspace store (its share id)."""
VIEW_PARAMS = ("overview_tier", "tier_detail_tier")
"""Parameters of the view, not the scenario (the tier pickers, bound to the URL): kept in the link, never settings."""
WIDGET_PREFIX = "drv:"
WIDGETS_SET = "driver_widgets_set"
"""Session flag: this run's driver controls were given values through session state (a reset, a load, a share link, a refusal)."""
PLAN_STEM = sharelink.PLAN_STEM


# --- cached pure computations (shared by every session, keyed by content) -------------
# One store bounded in bytes (ui.bounded_cache: 64 MiB for all of them), not only in entries.


def scenario_key(scenario: Scenario) -> str:
    """A content hash of a scenario: equal scenarios share cache entries."""
    return hashlib.sha256(scenario.model_dump_json().encode()).hexdigest()


@bounded
def _scenario_with(base_key: str, overrides_json: str, _base: Scenario) -> Scenario:
    """Base + overrides, validated. Cached by the base's hash and the overrides' JSON (scenarios are frozen)."""
    return with_overrides(_base, json.loads(overrides_json))


@bounded
def _result_for(key: str, tiers_json: str, _scenario: Scenario) -> ModelResult:
    tiers = json.loads(tiers_json)
    return evaluate(_scenario, tiers)


@bounded
def _curve(key: str, _scenario: Scenario) -> pd.DataFrame:
    return curve(_scenario, dau_grid_for(_scenario))


def curve_frame(scenario: Scenario) -> pd.DataFrame:
    """``model.result.curve`` over the scenario's DAU range (log-spaced, with each level's step), cached by content."""
    return _curve(scenario_key(scenario), scenario)


def result_of(scenario: Scenario, tiers_dau: list[int] | None = None) -> ModelResult:
    """``evaluate(scenario, tiers_dau)``, cached by the scenario's content."""
    tiers = list(tiers_dau) if tiers_dau is not None else list(scenario.tiers_dau)
    return _result_for(scenario_key(scenario), json.dumps(tiers), scenario)


@st.cache_resource(show_spinner=False)
def _plan() -> Scenario:
    return plan_scenario()


@st.cache_resource(show_spinner=False)
def _shipped() -> dict[str, Path]:
    return shipped_scenarios()


@st.cache_resource(show_spinner=False)
def _shipped_scenario(stem: str) -> Scenario:
    return load_scenario(_shipped()[stem])


@bounded
def _drivers(key: str, _scenario: Scenario) -> tuple[Driver, ...]:
    return drivers_for(_scenario)


@bounded
def _flat(key: str, _scenario: Scenario) -> dict[str, Any]:
    return flatten(_scenario)


# --- the session --------------------------------------------------------------------


def plan() -> Scenario:
    """The plan's scenario (read from disk once per process)."""
    return _plan()


def shipped_names() -> list[str]:
    """Stems of the scenario files in data/scenarios, plan first (listed once per process)."""
    return list(_shipped())


def init(open_saved: Callable[[str], None] | None = None) -> None:
    """Set up this session on its first run: the plan, then any share-link parameters. Call at the top of app.py.

    ``open_saved`` opens a ``?s=<id>`` link's saved version as the base (``ui.workspace.open_shared``, handed in by
    app.py so this module does not import the workspace, which imports it)."""
    ss = st.session_state
    if "base" in ss:
        return
    _set_base(plan(), label="The plan (data/scenarios/plan.json)", stem=PLAN_STEM)
    ss["notices"] = []
    ss["load_error"] = None
    params = {k: st.query_params.get_all(k)[-1] for k in st.query_params}
    display, params = sharelink.split_display(params)
    ss["notices"] += i18n.init(display)  # lang, currency, fx_rate, fx_date: the display, not the scenario
    if SAVED_PARAM in params:  # ?s=<id>: a version saved in the workspace store is the base (ui/workspace.py)
        saved = params.pop(SAVED_PARAM)
        if open_saved is not None:
            open_saved(saved)
    if params:
        apply_share_params(params)


def _set_base(base: Scenario, *, label: str, stem: str | None) -> None:
    ss = st.session_state
    ss["base"] = base
    ss["base_key"] = scenario_key(base)
    ss["base_label"] = label
    ss["base_stem"] = stem
    ss["base_saved"] = None  # set by ui.workspace after it makes a saved version the base
    ss["overrides"] = {}
    _reset_widgets(base)


def base() -> Scenario:
    return st.session_state["base"]


def base_label() -> str:
    """Where the base scenario came from, for people: 'The plan (data/scenarios/plan.json)'."""
    return str(st.session_state["base_label"])


def overrides() -> dict[str, Any]:
    return dict(st.session_state["overrides"])


def current_identity() -> tuple[str, str]:
    """What the current scenario is made of: the base's content hash and the overrides as sorted JSON. Equal
    identities are equal scenarios (the key ``current_scenario`` caches by)."""
    ss = st.session_state
    return ss["base_key"], json.dumps(ss["overrides"], sort_keys=True)


def current_scenario() -> Scenario:
    """The scenario every page shows: the base with the user's overrides (validated, cached)."""
    ss = st.session_state
    if not ss["overrides"]:
        return ss["base"]
    return _scenario_with(*current_identity(), ss["base"])


def current_result() -> ModelResult:
    """``evaluate(current_scenario())``, cached by scenario content."""
    return result_of(current_scenario())


def plan_result_at(result: ModelResult) -> ModelResult:
    """The plan evaluated at ``result``'s DAU tiers: the reference for every 'change against the plan'."""
    return result_of(plan(), [t.dau for t in result.tiers])


def drivers() -> tuple[Driver, ...]:
    """The driver catalogue for the base scenario (the controls in the sidebar)."""
    return _drivers(st.session_state["base_key"], base())


def provenance_for(scenario: Scenario, path: str) -> tuple[str, str] | None:
    """(kind, note) for ``path``, or for the nearest parent path that has an entry ('ai.model_mix.0.share_of_calls' -> 'ai.model_mix').

    The note is in the session's language when it is the plan's own (``plan_text``); a user's own note stays as written.
    """
    parts = path.split(".")
    for n in range(len(parts), 0, -1):
        entry = scenario.provenance.get(".".join(parts[:n]))
        if entry is not None:
            note = plan_text(entry.note)
            if entry.checked:
                note += _(" (checked {date})").format(date=entry.checked.isoformat())
            return entry.kind, note
    return None


# --- changing the state (safe in callbacks) -------------------------------------------


def widget_key(path: str) -> str:
    return WIDGET_PREFIX + path


def take_widgets_set() -> bool:
    """Whether driver controls were set through session state since the last run asked (and clear the flag)."""
    return bool(st.session_state.pop(WIDGETS_SET, False))


def _reset_widgets(scenario: Scenario) -> None:
    """Put every driver control back to ``scenario``'s value (before widgets are drawn, or in a callback)."""
    for d in drivers_for(scenario):
        st.session_state[widget_key(d.path)] = widget_value(d, d.value(scenario))
    st.session_state[WIDGETS_SET] = True


def widget_value(d: Driver, value: float) -> float | int | bool:
    """The control's value type: on/off for toggles, whole numbers for DAU, floats otherwise (a slider needs one type)."""
    if d.display == "bool":
        return bool(value)
    return round(value) if d.display == "dau" else float(value)


def on_driver_change(path: str) -> None:
    """Widget callback: record the control's value as an override (or drop it when it equals the base)."""
    value = st.session_state[widget_key(path)]
    set_override(path, value)


def set_override(path: str, value: Any) -> None:
    """Change one setting; an invalid value is refused with a notice and the scenario stays as it was."""
    ss = st.session_state
    candidate = dict(ss["overrides"])
    base_value = _flat(ss["base_key"], ss["base"]).get(path)
    if base_value is not None and _same(base_value, value):
        candidate.pop(path, None)
    else:
        candidate[path] = value
    try:
        # Validated through the same cache current_scenario() reads, so the run after this callback reuses it.
        _scenario_with(ss["base_key"], json.dumps(candidate, sort_keys=True), ss["base"])
    except ScenarioError as exc:
        ss["notices"].append(str(exc))
        d = next((d for d in drivers() if d.path == path), None)
        if d is not None:
            ss[widget_key(path)] = widget_value(d, d.value(current_scenario()))
            ss[WIDGETS_SET] = True
        return
    ss["overrides"] = candidate


TIERS_PATH = "tiers_dau"
"""The tier list, changed as a whole (the Overview's tier editor): one override, one share-link parameter (a JSON list)."""


def set_tiers(tiers: list[int]) -> None:
    """Replace the tier list; a list the scenario refuses gives a notice and the scenario stays as it was."""
    ss = st.session_state
    candidate = {k: v for k, v in ss["overrides"].items() if not k.startswith(TIERS_PATH + ".")}
    candidate.pop(TIERS_PATH, None)
    if list(ss["base"].tiers_dau) != list(tiers):
        candidate[TIERS_PATH] = list(tiers)
    try:
        _scenario_with(ss["base_key"], json.dumps(candidate, sort_keys=True), ss["base"])
    except ScenarioError as exc:
        ss["notices"].append(str(exc))
        return
    ss["overrides"] = candidate


def _decode_tiers(raw: str) -> list[int] | None:
    """A share link's tier list: a JSON list of 1 to 50 whole positive DAU, or None."""
    if not isinstance(raw, str) or len(raw) > 1_000:
        return None
    try:
        value = json.loads(raw)
    except (ValueError, RecursionError):
        return None
    ok = isinstance(value, list) and 0 < len(value) <= 50
    if not ok or not all(isinstance(v, int) and not isinstance(v, bool) and 0 < v <= 100_000_000 for v in value):
        return None
    return value


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, int | float) and isinstance(b, int | float) and not isinstance(a, bool) and not isinstance(b, bool):
        return math.isclose(float(a), float(b), rel_tol=0, abs_tol=1e-12)
    return bool(a == b)


def reset() -> None:
    """Back to the plan: drop the loaded scenario and every override."""
    _set_base(plan(), label="The plan (data/scenarios/plan.json)", stem=PLAN_STEM)
    st.session_state["load_error"] = None


def load_shipped(stem: str) -> None:
    """Make the shipped scenario ``stem`` the base (overrides cleared). A bad file leaves the current scenario in place."""
    try:
        scenario = _shipped_scenario(stem)
    except (ScenarioError, KeyError) as exc:
        st.session_state["load_error"] = str(exc) if isinstance(exc, ScenarioError) else f"no scenario named {stem!r}"
        return
    _set_base(scenario, label=f"{scenario.name} (data/scenarios/{stem}.json)", stem=stem)
    st.session_state["load_error"] = None


def load_upload(raw: bytes, *, file_name: str) -> bool:
    """Make an uploaded scenario the base. On error keep the current scenario and record the ScenarioError's message."""
    try:
        scenario = parse_scenario(raw, source=file_name)
    except ScenarioError as exc:
        st.session_state["load_error"] = str(exc)
        return False
    _set_base(scenario, label=f"{scenario.name} (uploaded {file_name})", stem=None)
    st.session_state["load_error"] = None
    return True


def name_widget_key() -> str:
    """The scenario-name box's key: new for each base, so loading or resetting shows the new name."""
    return "scenario_name:" + st.session_state["base_key"][:16]


def on_name_change() -> None:
    """Text-box callback: rename the scenario (an override of 'name'; an empty name is refused with a notice)."""
    name = str(st.session_state.get(name_widget_key(), "")).strip()
    if not name:
        st.session_state["notices"].append(_("A scenario needs a name; kept the old one."))
        return
    set_override("name", name)


def on_upload() -> None:
    """file_uploader callback: load the chosen file once (a cleared uploader does nothing)."""
    upload = st.session_state.get("scenario_upload")
    if upload is not None:
        load_upload(upload.getvalue(), file_name=upload.name)


def load_shipped_from_widget() -> None:
    """Button callback: load the scenario chosen in the 'shipped_choice' select box."""
    stem = st.session_state.get("shipped_choice")
    if stem:
        load_shipped(stem)


def scenario_json(scenario: Scenario) -> str:
    """The scenario as a complete JSON file (provenance included), loadable by model.loading.parse_scenario."""
    return scenario.model_dump_json(indent=2) + "\n"


def scenario_file_name(name: str) -> str:
    """A safe file name from a scenario name: 'The plan: v1.0' -> 'The-plan-v1.0.json'."""
    stem = re.sub(r"[^A-Za-z0-9._-]+", "-", name).strip("-.")[:80] or "scenario"
    return f"{stem}.json"


def load_error() -> str | None:
    return st.session_state.get("load_error")


def take_notices() -> list[str]:
    """Messages queued since the last run (each shown once)."""
    notices = list(st.session_state.get("notices", []))
    st.session_state["notices"] = []
    return notices


# --- share links (the encoding lives in ui.sharelink, without Streamlit) ------------------------------------------


@bounded
def _share_link(base_key: str, overrides_json: str, stem: str | None, _base: Scenario, _current: Scenario) -> sharelink.ShareLink:
    """``sharelink.encode`` for this base and overrides (it validates a scenario, so it is cached by content)."""
    return sharelink.encode(
        plan=plan(),
        base=_base,
        base_stem=stem,
        overrides=json.loads(overrides_json),
        current=_current,
        apply=lambda origin, values: _applied(origin, values, base_key=base_key, base=_base),
    )


def _applied(origin: Scenario, values: dict[str, Any], *, base_key: str, base: Scenario) -> Scenario:
    """``with_overrides(origin, values)`` through the cache ``current_scenario()`` fills: a link on the session's base
    with its own overrides gives back the scenario on screen, validated once."""
    if origin is not base:  # an uploaded base's link is built on the plan: nothing on screen to reuse
        return with_overrides(origin, values, source="share link")
    return _scenario_with(base_key, json.dumps(values, sort_keys=True), base)


def share_link() -> sharelink.ShareLink:
    """The current view's link: its parameters, and whether it reproduces the view exactly (if not, why)."""
    ss = st.session_state
    return _share_link(*current_identity(), ss["base_stem"], ss["base"], current_scenario())


def share_params() -> dict[str, str]:
    """Query parameters that reproduce the current view: the shipped base's stem and each changed path (JSON values).

    For an uploaded base the link carries every value that differs from the plan. A view no link can carry exactly
    (see ``ui.sharelink.encode``) gives ``scenario=file``, which tells whoever opens it to ask for the file. For a
    version opened from the workspace store: ``s=<its share id>`` and the changes made since (it carries everything).
    """
    ss = st.session_state
    # The display's parameters (lang, currency, fx_*), which ui.sharelink keeps apart from the scenario's settings.
    display = i18n.share_params()
    if saved := ss.get("base_saved"):  # a version saved in the workspace store: its id and what changed since
        return {SAVED_PARAM: saved} | {path: json.dumps(value) for path, value in sorted(ss["overrides"].items())} | display
    return {**share_link().params, **display}  # the scenario's, checked exact by ui.sharelink.encode


def share_url() -> str:
    """The share link: this app's URL with ``share_params()``."""
    base_url = st.context.url or ""
    query = urlencode(share_params())
    return f"{base_url}?{query}" if query else base_url


def sync_query_params() -> None:
    """Make the address bar the share link (only when it differs, so no extra rerun is triggered)."""
    wanted = share_params()
    current = {k: st.query_params.get_all(k)[-1] for k in st.query_params}
    view = {k: v for k, v in current.items() if k in VIEW_PARAMS}
    if current != {**wanted, **view}:
        # Not from_dict: that would also drop the tier pickers' parameters, which belong to their widgets.
        for k in [k for k in current if k not in wanted and k not in VIEW_PARAMS]:
            del st.query_params[k]
        if changed := {k: v for k, v in wanted.items() if current.get(k) != v}:
            st.query_params.update(changed)


def apply_share_params(params: Mapping[str, str]) -> None:
    """Apply share-link parameters; each unknown, tampered or out-of-range one is skipped with a notice, never an exception."""
    ss = st.session_state
    notices: list[str] = ss.setdefault("notices", [])
    stem = params.get(SCENARIO_PARAM)
    if stem == sharelink.NOT_IN_LINK:
        notices.append(sharelink.SENDER_HAD_A_FILE)
    elif stem is not None and stem != PLAN_STEM:
        if stem in shipped_names():
            load_shipped(stem)
            if ss.get("load_error"):
                notices.append(
                    _("Share link: scenario {name} could not be loaded ({error}); showing the plan.").format(
                        name=repr(stem), error=ss["load_error"]
                    )
                )
                ss["load_error"] = None
        else:
            notices.append(
                _("Share link: there is no shipped scenario named {name}; showing the plan.").format(name=_short(stem))
            )
    flat = _flat(ss["base_key"], ss["base"])
    accepted: dict[str, Any] = {}

    def accept(path: str, value: Any) -> None:
        """Keep ``value`` if the scenario with it and every value kept so far is valid, else say why it was ignored.
        No range check of the controls' own: the schema's bounds are the only bounds (with_overrides checks them),
        and each control widens its range to show any value the schema accepts (Driver.control_range)."""
        try:
            with_overrides(ss["base"], {**accepted, path: value}, source="share link")
        except ScenarioError as exc:
            notices.append(_("{error}; ignored.").format(error=exc))
            return
        accepted[path] = value

    for path, raw in params.items():
        if path == SCENARIO_PARAM or path in VIEW_PARAMS:
            continue
        if path == TIERS_PATH:
            tiers = _decode_tiers(raw)
            if tiers is None:
                notices.append(
                    _("Share link: {path}={value} is not a list of DAU tiers; ignored.").format(path=path, value=_short(raw))
                )
            else:
                accept(path, tiers)
            continue
        if path not in flat:
            notices.append(_("Share link: {path} is not a setting of the scenario; ignored.").format(path=_short(path)))
            continue
        value = _decode(raw, flat[path])
        if value is _BAD:
            notices.append(_("Share link: {path}={value} is not a valid value; ignored.").format(path=path, value=_short(raw)))
            continue
        accept(path, value)
    if len(notices) > MAX_NOTICES:
        extra = len(notices) - MAX_NOTICES
        notices[MAX_NOTICES:] = [
            ngettext("Share link: {n} more parameter ignored.", "Share link: {n} more parameters ignored.", extra).format(n=extra)
        ]
    ss["overrides"] = accepted
    scenario = current_scenario()
    # A value that did not survive as asked (two shares of calls that do not add up to 1: setting one sets the
    # other to the rest) is said, never silently renormalised.
    for path, (asked, got) in sharelink.requested_but_changed(scenario, accepted).items():
        notices.append(
            f"Share link: {path}={_short(json.dumps(asked))} could not be kept as given; it is {got!r} "
            "(the shares of calls must add up to 1)."
        )
    for d in drivers():
        ss[widget_key(d.path)] = widget_value(d, d.value(scenario))
    ss[WIDGETS_SET] = True


# The decoding helpers under the names the session code and its tests have used.
_short = sharelink.short
_decode = sharelink.decode
_BAD = sharelink.BAD
MAX_NUMBER_CHARS = sharelink.MAX_NUMBER_CHARS
MAX_TEXT_CHARS = sharelink.MAX_TEXT_CHARS
MAX_NOTICES = sharelink.MAX_NOTICES


def use_scenario(scenario: Scenario, *, label: str) -> None:
    """Make an already-validated scenario the base (a re-forecast, a saved version); overrides cleared."""
    _set_base(scenario, label=label, stem=None)
    st.session_state["load_error"] = None
