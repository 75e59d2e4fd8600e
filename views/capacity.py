"""Capacity: at what DAU does each bottleneck bite, and does the plan upgrade in time?"""

from __future__ import annotations

import streamlit as st

from i18n.text import N_, _, plan_text
from model import capacity as cap
from model.scenario import Scenario, value_at
from ui import capacity_charts as cc
from ui import render, state
from ui.bounded_cache import bounded
from ui.text import md, md_list

scenario = state.current_scenario()


@bounded
def _analysis(key: str, _scenario: Scenario) -> cap.CapacityResult:
    return cap.capacity_result(_scenario)


@bounded
def _capacities(key: str, _scenario: Scenario):
    return cap.capacity_frame(_scenario)


def _set_assumption(path: str, widget: str) -> None:
    state.set_override(path, st.session_state[widget])


def _assumption_input(container, path: str, label: str, *, step: float, fmt: str, help_text: str) -> None:
    value = float(value_at(scenario, path))  # type: ignore[arg-type]
    # The key carries the value in force, so the control follows a reset or a loaded scenario.
    widget = f"cap:{path}:{value!r}"
    container.number_input(
        label, value=value, step=step, format=fmt, key=widget, help=help_text, on_change=_set_assumption, args=(path, widget)
    )


st.title(_("Capacity"))
st.caption(
    _(
        "Each resource's demand grows with DAU (calibrated to the plan's dashboard at 10k DAU); each level's vendor plans set the "
        "capacity from its DAU until the next level. Alerts use the plan's thresholds, strictly greater than."
    )
)

for message in state.take_notices():
    st.warning(md(message))

# --- One DAU ---------------------------------------------------------------------------------------------
level_options = ["in_force"] + [lv.number for lv in scenario.levels]
level_names = {lv.number: lv.name for lv in scenario.levels}


@st.fragment
def _one_dau() -> None:
    """The DAU check: its two controls rerun only this block (the model's readings at one DAU are cheap)."""
    left, right = st.columns([1, 2])
    dau = left.number_input(
        _("Check a DAU"), min_value=1_000, max_value=100_000_000, value=50_000, step=5_000, key="capacity_dau"
    )
    under = right.selectbox(
        _("Capacities of"),
        options=level_options,
        format_func=lambda v: (
            _("The plan's level in force at that DAU")
            if v == "in_force"
            else _("{level}'s plans").format(level=plan_text(level_names[v]))
        ),
        key="capacity_under",
        help=_("Choose a level to see what happens if its plans are kept beyond its range (e.g. 50k DAU under level 1)."),
    )
    readings = cap.readings_at(scenario, float(dau), level=None if under == "in_force" else int(under))
    st.markdown(
        (
            _("**{level}** (chosen) at **{dau} DAU**") if readings[0].forced_level else _("**{level}** in force at **{dau} DAU**")
        ).format(level=md(plan_text(readings[0].level_name)), dau=f"{int(dau):,}")
    )
    shown = cc.readings_table(readings)
    cols = st.columns(len(readings))
    # Rows by the table's own (translated) column names: a Korean name is not an attribute to rely on.
    for col, r, row in zip(cols, readings, shown.to_dict("records"), strict=True):
        col.metric(
            _(cap.resource(r.resource).short),
            row[_("Utilisation")],
            border=True,
            help=md(
                _("{resource}: demand {demand} of {capacity}.").format(
                    resource=_(r.label), demand=row[_("Demand")], capacity=row[_("Capacity")]
                )
            ),
        )
        col.badge(row[_("Alert")], color=cc.ALERT_BADGE_COLOURS[r.alert])
    st.dataframe(shown, hide_index=True, width="stretch")


_one_dau()

# The whole-curve analysis after the DAU check, so the check's figures (what a person watches after moving a
# control) are on screen before the curves are computed.
key = state.scenario_key(scenario)
analysis = _analysis(key, scenario)

# --- Findings --------------------------------------------------------------------------------------------
st.subheader(_("Where the plan upgrades too late"))
lines = cc.finding_lines(analysis.findings)
if not lines:
    st.success(_("Every resource stays below its warning threshold until the plan's next level begins."))
for severity, box in (("critical", st.error), ("warning", st.warning)):
    texts = [text for sev, text in lines if sev == severity]
    if texts:
        box(md_list(texts), icon=":material/error:" if severity == "critical" else ":material/warning:")

# --- The rest, one tab at a time ---------------------------------------------------------------------------------
# Lazy tabs: only the chosen tab's content is computed and sent, so a control moved reruns one tab's charts and
# tables, not all of them (choosing another tab reruns the page).
TABS = (N_("Alerts across DAU"), N_("Upgrade ladder"), N_("Targets and checklists"), N_("Capacity of each level"))
tab_alerts, tab_ladder, tab_targets, tab_capacities = st.tabs([_(t) for t in TABS], key="capacity_tab", on_change="rerun")


@st.fragment
def _resource_curve() -> None:
    """One resource's curve: picking another reruns only this block."""
    choice = st.segmented_control(
        _("Resource"),
        options=list(cap.RESOURCE_IDS),
        format_func=lambda rid: _(cap.resource(rid).label),
        default="db_connections",
        required=True,
        key="capacity_resource",
    )
    render.chart(cc.utilization_chart, analysis.curve, str(choice), analysis.targets)  # the builder picks the resource
    st.caption(
        _(
            "Dashed lines: the resource's warning (amber) and critical (red) thresholds; dotted grey lines: where each level begins."
        )
    )


def _alerts() -> None:
    render.chart(cc.alert_strip_chart, analysis.runs)
    _resource_curve()


def _ladder() -> None:
    domain = (float(analysis.curve["dau"].min()), float(analysis.curve["dau"].max()))
    render.chart(cc.upgrade_ladder_chart, analysis.ladder, domain=domain)
    st.dataframe(cc.ladder_table(analysis.ladder), hide_index=True, width="stretch")


def _targets() -> None:
    st.dataframe(cc.targets_table(analysis.targets), hide_index=True, width="stretch")
    w, k = scenario.alerts.warning, scenario.alerts.critical
    st.caption(
        _(
            "The plan's alerts: P95 > {p95_warning} s warning, > {p95_critical} s critical; error rate > {errors_warning} / "
            "> {errors_critical}; pool > {pool_warning} / > {pool_critical}; Redis memory > {redis_warning} / > "
            "{redis_critical}. The model does not compute latency or errors; the dashboard's P95 at 10k is {p95} s."
        ).format(
            p95_warning=f"{w.p95_ms / 1000:g}",
            p95_critical=f"{k.p95_ms / 1000:g}",
            errors_warning=f"{w.error_rate:.1%}",
            errors_critical=f"{k.error_rate:.0%}",
            pool_warning=f"{w.db_pool_utilization:.0%}",
            pool_critical=f"{k.db_pool_utilization:.0%}",
            redis_warning=f"{w.redis_memory_utilization:.0%}",
            redis_critical=f"{k.redis_memory_utilization:.0%}",
            p95=f"{scenario.dashboard.p95_ms / 1000:g}",
        )
    )


def _capacities_tab() -> None:
    capacity_rows = _capacities(key, scenario)  # only this tab reads the level-by-level capacities
    st.dataframe(cc.capacities_table(capacity_rows), hide_index=True, width="stretch")
    with st.expander(_("Where each capacity comes from")):
        st.dataframe(cc.provenance_table(capacity_rows), hide_index=True, width="stretch")

    with st.expander(_("Change the capacity assumptions")):
        st.caption(_("Changes apply to every page and travel in the share link, like the sidebar's controls."))
        a, b, c = st.columns(3)
        _assumption_input(
            a,
            "capacity.concurrent_users_per_dau",
            _("Concurrent users per DAU"),
            step=0.01,
            fmt="%.3f",
            help_text=_("The plan's targets: 10% of DAU at every level."),
        )
        _assumption_input(
            b,
            "capacity.db_connections_per_concurrent_user",
            _("DB connections per concurrent user"),
            step=0.001,
            fmt="%.4f",
            help_text=_("The dashboard: 72 connections for 1,000 concurrent users."),
        )
        _assumption_input(
            c,
            "capacity.peak_to_average",
            _("Peak-to-average factor"),
            step=0.5,
            fmt="%.2f",
            help_text=_("Peak minute / average minute, for AI calls and database writes."),
        )
        _assumption_input(
            a,
            "capacity.redis_fixed_gb",
            _("Redis memory, fixed (GB)"),
            step=0.1,
            fmt="%.2f",
            help_text=_("Memory that does not grow with users."),
        )
        _assumption_input(
            b,
            "capacity.redis_gb_per_1k_dau",
            _("Redis memory per 1,000 DAU (GB)"),
            step=0.01,
            fmt="%.3f",
            help_text=_("The dashboard: 3.2 GB at 10k DAU, less the fixed part."),
        )
        _assumption_input(
            c,
            "capacity.db_writes_per_dau_per_day",
            _("DB writes per DAU per day"),
            step=1.0,
            fmt="%.0f",
            help_text=_("Reading and UserInteraction rows per active user per day."),
        )
        level = st.selectbox(
            _("Level capacities"),
            options=[lv.number for lv in scenario.levels],
            format_func=lambda n: plan_text(level_names[n]),
            key="capacity_edit_level",
        )
        i = [lv.number for lv in scenario.levels].index(level)
        cols = st.columns(5)
        for col, (rid, field) in zip(cols, cap.CAPACITY_FIELDS.items(), strict=True):
            path = f"capacity.levels.{i}.{field}"
            prov = scenario.provenance.get(path)
            _assumption_input(
                col,
                path,
                _(cc.CAPACITY_INPUT_LABELS[rid]),
                step=1.0,
                fmt="%.0f",
                help_text=md(plan_text(prov.note)) if prov else "",
            )


for tab, draw in ((tab_alerts, _alerts), (tab_ladder, _ladder), (tab_targets, _targets), (tab_capacities, _capacities_tab)):
    if tab.open:
        with tab:
            draw()
