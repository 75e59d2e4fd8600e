"""Charts and display tables for the Capacity page: model frames in, ``alt.Chart`` / display DataFrames out.

No ``st.*`` calls and no arithmetic on model figures: every number comes from
model/capacity/; these builders only lay it out (colours, axes, formatting).
Axis and money conventions follow ui/charts.py (log DAU axis with k/M labels).
"""

from __future__ import annotations

from typing import Any

import altair as alt
import pandas as pd

from i18n.phrase import render
from i18n.text import N_, _, plan_text
from model.capacity import RESOURCES, CapacityFinding, ResourceReading
from model.formatting import ABSURD, number, pct
from model.precision import digits_to_tell_apart
from model.rounding import excel_round
from ui.chart_parts import Data, TwoPart
from ui.charts import DAU_TICKS, HEIGHT

ALERT_COLOURS: dict[str, str] = {"ok": "#15803D", "warning": "#F59E0B", "critical": "#DC2626"}
ALERT_LABELS: dict[str, str] = {"ok": N_("OK"), "warning": N_("Warning"), "critical": N_("Critical")}
"""English (the catalogue's keys); ``alert_label(alert)`` is the session's language."""
ALERT_BADGE_COLOURS: dict[str, str] = {"ok": "green", "warning": "orange", "critical": "red"}
CAPACITY_INPUT_LABELS: dict[str, str] = {
    "db_connections": N_("DB connections, direct"),
    "redis_memory": N_("Redis memory (GB)"),
    "ai_requests": N_("AI requests / min"),
    "ai_tokens": N_("AI tokens / min"),
    "db_writes": N_("DB writes / s"),
}
"""Labels of the per-level capacity controls (the fields of capacity.levels.N), English: the page shows ``_(label)``."""
RESOURCE_SHORT: list[str] = [r.short for r in RESOURCES]
RESOURCE_LABELS: list[str] = [r.label for r in RESOURCES]
LEVEL_RULE_COLOUR = "#6B7280"
_DAU_LABEL_EXPR = "datum.value >= 1000000 ? format(datum.value / 1000000, '~g') + 'M' : format(datum.value / 1000, '~g') + 'k'"
_TICKS = [1_000, 2_000, 5_000, *DAU_TICKS]


def _dau_x(domain: tuple[float, float], field: str = "dau", title: str | None = None) -> alt.X:
    return alt.X(
        f"{field}:Q",
        title=title or _("Daily active users (log scale)"),
        scale=alt.Scale(type="log", nice=False, domain=list(domain)),
        axis=alt.Axis(values=[t for t in _TICKS if domain[0] <= t <= domain[1]], labelExpr=_DAU_LABEL_EXPR, grid=True),
    )


def _alert_scale() -> alt.Scale:
    return alt.Scale(domain=[_(v) for v in ALERT_LABELS.values()], range=list(ALERT_COLOURS.values()))


def alert_label(alert: str) -> str:
    """'warning' -> 'Warning' (경고 in Korean)."""
    return _(ALERT_LABELS[alert])


def _words(df: pd.DataFrame) -> pd.DataFrame:
    """A model frame with its resource labels, short labels, units and level names in the session's language."""
    out = df.copy()
    for col in ("label", "short", "unit"):
        if col in out.columns:
            out[col] = [_(v) if isinstance(v, str) else v for v in out[col]]
    for col in ("level_name", "levels", "checklist"):
        if col in out.columns:
            out[col] = [plan_text(v) if isinstance(v, str) else v for v in out[col]]
    return out


def _shorts() -> list[str]:
    return [_(v) for v in RESOURCE_SHORT]


def _domain(curve: pd.DataFrame) -> tuple[float, float]:
    return float(curve["dau"].min()), float(curve["dau"].max())


def _alert_strip_parts(runs: pd.DataFrame) -> tuple[dict[str, pd.DataFrame], dict[str, Any]]:
    """CapacityResult.runs (model.capacity.alert_runs: exact stretches, from_dau <= DAU < to_dau) with only the
    columns the chart draws, in the session's language; the DAU axis's domain for the layout."""
    df = _words(runs[["short", "label", "from_dau", "to_dau", "alert", "levels"]])
    df["Alert"] = df["alert"].map(alert_label)
    df["last_dau"] = df["to_dau"] - 1
    domain = (float(df["from_dau"].min()), float(df["to_dau"].max() - 1))
    return {"runs": df.drop(columns="alert")}, {"domain": domain}


def _alert_strip_layout(data: Data, *, domain: tuple[float, float]) -> alt.Chart:
    return (
        alt.Chart(data["runs"], title=_("Alerts by resource as users grow (the plan's levels in force)"))
        .mark_rect()
        .encode(
            x=_dau_x(domain, "from_dau"),
            x2=alt.X2("to_dau"),
            y=alt.Y("short:N", title=None, sort=_shorts(), axis=alt.Axis(labelLimit=200)),
            color=alt.Color("Alert:N", scale=_alert_scale(), legend=alt.Legend(orient="top", title=None)),
            tooltip=[
                alt.Tooltip("label:N", title=_("Resource")),
                alt.Tooltip("Alert:N", title=_("Alert")),
                alt.Tooltip("from_dau:Q", title=_("From DAU"), format=",.0f"),
                alt.Tooltip("last_dau:Q", title=_("To DAU"), format=",.0f"),
                alt.Tooltip("levels:N", title=_("Level(s) in force")),
            ],
        )
        .properties(height=70 * len(RESOURCES))
    )


alert_strip_chart = TwoPart(_alert_strip_parts, _alert_strip_layout)
"""One band per resource across DAU, coloured by the alert in force (ok / warning / critical)."""


def _utilization_parts(
    curve: pd.DataFrame, resource_id: str, level_starts: pd.DataFrame
) -> tuple[dict[str, pd.DataFrame], dict[str, Any]]:
    """``curve`` (CapacityResult.curve) for one resource, with only the columns the chart draws; the level starts
    (model.capacity.targets_frame: level, level_name, dau) inside the DAU axis; and for the layout the axis's
    domain, the resource's name and unit and its two thresholds."""
    one = curve[curve["resource"] == resource_id].sort_values("dau")
    domain = _domain(curve)
    df = _words(one[["dau", "utilization", "level_name", "demand", "capacity", "alert"]])
    df["alert"] = df["alert"].map(alert_label)
    inside = level_starts[(level_starts["dau"] > domain[0]) & (level_starts["dau"] <= domain[1])]
    starts = _words(inside[["dau", "level_name"]])
    # 'L4', as the upgrade ladder marks levels: 'Level 4' and 'Level 5' (레벨 4, 레벨 5) ran into each other at 500k
    # and 1M DAU on a phone, and the last was cut at the chart's edge; the rule's tooltip names the level in full.
    starts["short"] = [f"L{n}" for n in inside["level"]]
    first = one.iloc[0]
    return {"curve": df, "starts": starts}, {
        "domain": domain,
        "label": _(str(first["label"])),
        "unit": _(str(first["unit"])),
        "warning": float(first["warning"]),
        "critical": float(first["critical"]),
    }


def _utilization_layout(
    data: Data, *, domain: tuple[float, float], label: str, unit: str, warning: float, critical: float
) -> alt.LayerChart:
    tooltip = [
        alt.Tooltip("dau:Q", title=_("DAU"), format=",.0f"),
        alt.Tooltip("level_name:N", title=_("Level in force")),
        alt.Tooltip("demand:Q", title=_("Demand ({unit})").format(unit=unit), format=",.1f"),
        alt.Tooltip("capacity:Q", title=_("Capacity"), format=",.0f"),
        alt.Tooltip("utilization:Q", title=_("Utilisation"), format=".1%"),
        alt.Tooltip("alert:N", title=_("Alert")),
    ]
    line = (
        alt.Chart(data["curve"])
        .mark_line(strokeWidth=2.5, color="#4F46E5")
        .encode(
            x=_dau_x(domain),
            y=alt.Y("utilization:Q", title=_("Utilisation (demand / capacity)"), axis=alt.Axis(format="%")),
            tooltip=tooltip,
        )
    )
    thresholds = pd.DataFrame(
        {
            "utilization": [warning, critical],
            "Threshold": [
                _("Warning: above {share}").format(share=f"{warning:.0%}"),
                _("Critical: above {share}").format(share=f"{critical:.0%}"),
            ],
            "alert": ["warning", "critical"],
        }
    )
    rules = (
        alt.Chart(thresholds)
        .mark_rule(strokeDash=[6, 4], strokeWidth=1.5)
        .encode(
            y=alt.Y("utilization:Q"),
            color=alt.Color(
                "Threshold:N",
                scale=alt.Scale(
                    domain=list(thresholds["Threshold"]), range=[ALERT_COLOURS["warning"], ALERT_COLOURS["critical"]]
                ),
                legend=alt.Legend(orient="top", title=None),
            ),
            tooltip=[alt.Tooltip("Threshold:N", title=_("Threshold"))],
        )
    )
    level_rules = (
        alt.Chart(data["starts"])
        .mark_rule(color=LEVEL_RULE_COLOUR, strokeDash=[2, 3])
        .encode(
            x=alt.X("dau:Q"),
            tooltip=[alt.Tooltip("level_name:N", title=_("Level begins")), alt.Tooltip("dau:Q", title=_("DAU"), format=",.0f")],
        )
    )
    level_text = (
        alt.Chart(data["starts"])
        .mark_text(align="left", dx=3, dy=4, baseline="top", color="#374151", fontSize=11)
        .encode(x=alt.X("dau:Q"), y=alt.YValue(0), text=alt.Text("short:N"))
    )
    return alt.layer(
        line, rules, level_rules, level_text, title=_("{resource}: utilisation against DAU").format(resource=label), height=HEIGHT
    )


utilization_chart = TwoPart(_utilization_parts, _utilization_layout)
"""One resource's utilisation against DAU under the plan in force, with its warning and critical lines and each
level's start; the title names the resource: '<label>: utilisation against DAU'."""


def _ladder_parts(ladder: pd.DataFrame, *, domain: tuple[float, float]) -> tuple[dict[str, pd.DataFrame], dict[str, Any]]:
    """model.capacity.upgrade_ladder in the session's language, split into the level starts, the DAU each resource
    needs its level by and the late ones among them, each inside ``domain``; the domain for the layout."""
    lo, hi = domain
    df = _words(ladder)
    timing = {True: _("In time"), False: _("Late")}
    df["Timing"] = [timing[bool(t)] for t in df["in_time"]]
    df["level_short"] = [f"L{n}" for n in df["level"]]
    df = df[["short", "label", "level_name", "level_start_dau", "needed_by_dau", "Timing", "checklist", "level_short", "in_time"]]
    starts = df[(df["level_start_dau"] >= lo) & (df["level_start_dau"] <= hi)]
    needed = df[df["needed_by_dau"].notna()]
    needed = needed[(needed["needed_by_dau"] >= lo) & (needed["needed_by_dau"] <= hi)]
    late = needed[~needed["in_time"]]
    return {"late": late, "needed": needed, "starts": starts}, {"domain": domain}


def _ladder_layout(data: Data, *, domain: tuple[float, float]) -> alt.LayerChart:
    timing = [_("In time"), _("Late")]
    y = alt.Y("short:N", title=None, sort=_shorts(), axis=alt.Axis(labelLimit=200))
    tooltip = [
        alt.Tooltip("label:N", title=_("Resource")),
        alt.Tooltip("level_name:N", title=_("Level")),
        alt.Tooltip("level_start_dau:Q", title=_("Level begins at DAU"), format=",.0f"),
        alt.Tooltip("needed_by_dau:Q", title=_("Critical without it from DAU"), format=",.0f"),
        alt.Tooltip("Timing:N", title=_("Timing")),
        alt.Tooltip("checklist:N", title=_("Checklist")),
    ]
    gap = (
        alt.Chart(data["late"])
        .mark_rule(strokeWidth=4, color=ALERT_COLOURS["critical"], opacity=0.45)
        .encode(x=_dau_x(domain, "needed_by_dau"), x2=alt.X2("level_start_dau"), y=y, tooltip=tooltip)
    )
    need = (
        alt.Chart(data["needed"])
        .mark_point(size=90, filled=True, shape="circle")
        .encode(
            x=_dau_x(domain, "needed_by_dau"),
            y=y,
            color=alt.Color(
                "Timing:N",
                scale=alt.Scale(domain=timing, range=[ALERT_COLOURS["ok"], ALERT_COLOURS["critical"]]),
                legend=alt.Legend(orient="top", title=_("Needed by"), labelLimit=200),
            ),
            tooltip=tooltip,
        )
    )
    begin = (
        alt.Chart(data["starts"])
        .mark_point(size=110, filled=True, shape="diamond", color="#111827")
        .encode(x=_dau_x(domain, "level_start_dau"), y=y, tooltip=tooltip)
    )
    begin_text = (
        alt.Chart(data["starts"])
        .mark_text(dy=-12, fontSize=10, color="#111827")
        .encode(x=_dau_x(domain, "level_start_dau"), y=y, text=alt.Text("level_short:N"))
    )
    return alt.layer(
        gap,
        need,
        begin,
        begin_text,
        title=_("Upgrade ladder: each level's start (diamond) against the DAU each resource needs it"),
        height=80 * len(RESOURCES),
    )


upgrade_ladder_chart = TwoPart(_ladder_parts, _ladder_layout)
"""Per resource and level: when the level begins (diamond) against when the resource needs it (circle).

'Needed by' is the DAU from which the resource is critical under the previous level's plans
(model.capacity.upgrade_ladder). A red bar joins the two where the level begins too late. Points outside the domain
are left out."""


# --- Display tables (strings, formatted once) -----------------------------------------------------------


def _amount(value: float | None) -> str:
    if value is None or pd.isna(value):
        return "-"
    if 0 < abs(value) < 0.05:  # a capacity of 1e-300 GB is valid; "0.0" would hide it
        return f"{value:.2e}"
    if not abs(value) < ABSURD:  # absurd or not finite: scientific notation (model.formatting)
        return number(value)
    return f"{value:,.1f}" if abs(value) < 100 else f"{value:,.0f}"


def _dau(value: float | None) -> str:
    if value is None or pd.isna(value):
        return _("never")
    return f"{int(value):,}"


def _utilization(value: float, *thresholds: float) -> str:
    """Utilisation as a percentage, with the digits that tell it from each threshold (80.004% against > 80%, never
    '80.0%'), on the value the alert rule compares (rounded to 9 decimals, so 80.0000000001% reads as 80.0%).
    An absurd or non-finite utilisation is shown in scientific notation (model.formatting)."""
    if not abs(value * 100) < ABSURD:
        return pct(value)
    u = excel_round(value * 100, 7)  # 9 decimals of the fraction
    digits = max([1, *(digits_to_tell_apart(u, excel_round(t * 100, 7), least=1) for t in thresholds)])
    return f"{u:,.{digits}f}%"


THRESHOLD_SOURCES = {"plan": N_("Plan"), "assumption": N_("Assumption")}
"""Where a resource's thresholds come from (model.capacity.Resource.thresholds_from), in the catalogue."""


def readings_table(readings: tuple[ResourceReading, ...]) -> pd.DataFrame:
    """One row per resource at one DAU: demand, capacity, utilisation, alert and the first DAU past each threshold."""
    return pd.DataFrame(
        {
            _("Resource"): [_(r.label) for r in readings],
            _("Demand"): [f"{_amount(r.demand)} {_(r.unit)}" for r in readings],
            _("Capacity"): [f"{_amount(r.capacity)} {_(r.unit)}" for r in readings],
            _("Utilisation"): [_utilization(r.utilization, r.warning_threshold, r.critical_threshold) for r in readings],
            _("Alert"): [alert_label(r.alert) for r in readings],
            _("Thresholds"): [
                f"> {r.warning_threshold:.0%} / > {r.critical_threshold:.0%} ({_(THRESHOLD_SOURCES[r.thresholds_from])})"
                for r in readings
            ],
            _("Warning from DAU"): [_dau(r.warning_dau) for r in readings],
            _("Critical from DAU"): [_dau(r.critical_dau) for r in readings],
        }
    )


def ladder_table(ladder: pd.DataFrame) -> pd.DataFrame:
    """The upgrade ladder as text: per resource and level, when it begins, when it is needed, and the checklist items."""
    return pd.DataFrame(
        {
            _("Resource"): [_(v) for v in ladder["label"]],
            _("Level"): [plan_text(v) for v in ladder["level_name"]],
            _("Capacity"): [
                f"{_amount(b)} → {_amount(a)}" for b, a in zip(ladder["capacity_before"], ladder["capacity_after"], strict=True)
            ],
            _("Level begins at DAU"): [_dau(v) for v in ladder["level_start_dau"]],
            _("Critical without it from DAU"): [_dau(v) for v in ladder["needed_by_dau"]],
            _("Warning without it from DAU"): [_dau(v) for v in ladder["warning_by_dau"]],
            _("In time"): [
                _("Yes") if t else _("No: {dau} DAU late").format(dau=f"{int(late):,}")
                for t, late in zip(ladder["in_time"], ladder["late_by_dau"], strict=True)
            ],
            _("Checklist items"): [_checklist(c) for c in ladder["checklist"]],
        }
    )


def targets_table(targets: pd.DataFrame) -> pd.DataFrame:
    """Per level: the plan's targets beside the modelled concurrency, the AI provider, PgBouncer, bottlenecks and checklist."""
    return pd.DataFrame(
        {
            _("Level"): [plan_text(v) for v in targets["level_name"]],
            _("From DAU"): [f"{int(v):,}" for v in targets["dau"]],
            _("Concurrent users (target)"): [f"{int(v):,}" for v in targets["target_concurrent_users"]],
            _("Concurrent users (model)"): [f"{v:,.0f}" for v in targets["modelled_concurrent_users"]],
            _("P95 target"): [f"< {v / 1000:g} s" for v in targets["target_p95_ms"]],
            _("Availability"): [f"{v * 100:.3f}".rstrip("0").rstrip(".") + "%" for v in targets["target_availability"]],
            _("AI provider"): targets["ai_provider"],
            _("PgBouncer"): [_("Yes") if v else _("No") for v in targets["pgbouncer"]],
            _("Bottlenecks (plan)"): [_checklist(v) for v in targets["bottlenecks"]],
            _("Checklist before this level"): [_checklist(v) for v in targets["checklist"]],
        }
    )


def capacities_table(frame: pd.DataFrame) -> pd.DataFrame:
    """Levels down, resources across: each capacity with its unit (input: model.capacity.capacity_frame)."""
    df = _words(frame)
    df["cell"] = [
        f"{_amount(c)} {u}" + (" (PgBouncer)" if p else "")
        for c, u, p in zip(df["capacity"], df["unit"], df["pgbouncer"], strict=True)
    ]
    order = list(dict.fromkeys(df["level_name"]))  # the plan's order (pivot would sort the translated names)
    table = df.pivot(index="level_name", columns="label", values="cell").loc[order]
    table = table[[c for c in (_(x) for x in RESOURCE_LABELS) if c in table.columns]]
    table.index.name = _("Level")
    table.columns.name = None
    return table.reset_index()


def provenance_table(frame: pd.DataFrame) -> pd.DataFrame:
    """Every capacity with where its number comes from (plan / assumption / implied) and why."""
    return pd.DataFrame(
        {
            _("Level"): [plan_text(v) for v in frame["level_name"]],
            _("Resource"): [_(v) for v in frame["label"]],
            _("Capacity"): [f"{_amount(c)} {_(u)}" for c, u in zip(frame["capacity"], frame["unit"], strict=True)],
            _("Source"): [_(s.capitalize()) if s else "-" for s in frame["source"]],
            _("Why"): frame["note"],
        }
    )


def finding_lines(found: tuple[CapacityFinding, ...]) -> list[tuple[str, str]]:
    """(severity, text) for each finding, critical first, as the page lists them (in the session's language)."""
    return [(f.severity, render(f.phrase) if f.phrase is not None else f.text) for f in found]


def _checklist(text: str | None) -> str:
    """A level's checklist or bottlenecks ('a; b'): each item the plan's own text, translated."""
    if not text:
        return "-"
    return "; ".join(plan_text(item) for item in str(text).split("; "))
