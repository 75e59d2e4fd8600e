"""Capacity, alerts and upgrade timing: at what DAU does each bottleneck bite, and does the plan upgrade in time?

The plan names bottlenecks at five points; this evaluates any DAU. Every
resource's demand is linear in DAU, ``demand = fixed + per_dau x DAU``, and its
capacity is a staircase: a level's capacities apply from its DAU until the next
level's (below the first level's DAU, the first level's). Formulas, with
``s = scenario``, ``c = s.capacity`` and ``L`` the level in force:

Demand (``fixed``, ``per_dau``):

- ``db_connections`` (connections): 0, ``c.concurrent_users_per_dau x c.db_connections_per_concurrent_user``.
  Plan: 10% x 0.072 = 0.0072 per DAU, 72 at 10k DAU (the dashboard's 72/100).
- ``redis_memory`` (GB): ``c.redis_fixed_gb``, ``c.redis_gb_per_1k_dau / 1000``.
  Plan: 0.2 + 0.0003 x DAU, 3.2 GB at 10k (the dashboard's 3.2/4 GB).
- ``ai_requests`` (requests per minute at peak): 0,
  ``s.ai.calls_per_dau_per_day x (1 - AI response cache hit rate) / 1440 x c.peak_to_average``
  (calls the response cache answers never reach the provider, as in the cost model).
- ``ai_tokens`` (tokens per minute at peak): 0,
  ``ai_requests per_dau x (s.ai.input_tokens_per_call + s.ai.output_tokens_per_call)``.
- ``db_writes`` (writes per second at peak): 0, ``c.db_writes_per_dau_per_day / 86400 x c.peak_to_average``.

Capacity under level ``L`` (``c.levels[L]``):

- ``db_connections``: if ``L.dau >= s.database.pgbouncer.from_dau`` (PgBouncer is part of the level),
  ``MAX(db_max_connections, pgbouncer.max_client_conn)``: in transaction mode up to max_client_conn
  clients share the ``default_pool_size`` server connections; otherwise ``db_max_connections``.
- ``redis_memory``: ``redis_memory_gb``; ``ai_requests``: ``ai_requests_per_minute``;
  ``ai_tokens``: ``ai_tokens_per_minute``; ``db_writes``: ``db_writes_per_second``.

Utilisation = demand / capacity (0..1, above 1 when demand exceeds capacity).

Alert, with thresholds from the plan's alerts (``s.alerts.warning/critical.db_pool_utilization`` and
``.redis_memory_utilization``) or, for resources the plan's alerts do not cover (AI, writes),
``c.thresholds_unstated``: strictly greater than, on the utilisation rounded to 9 decimals so
floating-point noise cannot raise an alert at exactly the threshold (3.2 / 4 is 80%, not 80.0000000002%)::

    =IF(ROUND(u,9)>critical,"critical",IF(ROUND(u,9)>warning,"warning","ok"))

Crossing DAU under one capacity ``C`` for threshold ``t``: the smallest whole DAU >= 1 whose
utilisation alerts, i.e. ``FLOOR((t x C - fixed) / per_dau) + 1`` (at least 1; none if per_dau is 0
and the fixed demand alone does not alert), checked against the alert rule itself so that rounding
cannot move it. Under the plan's staircase the first crossing is the first level segment
``[start, next start)`` (the first segment starts at DAU 1) where ``MAX(crossing, start) < next start``.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from itertools import pairwise
from typing import Literal

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from model.rounding import excel_round
from model.scenario import Level, Scenario

ResourceId = Literal["db_connections", "redis_memory", "ai_requests", "ai_tokens", "db_writes"]
Alert = Literal["ok", "warning", "critical"]

ALERT_DECIMALS = 9
"""Utilisation is compared with a threshold after ROUND(u, 9)."""
MINUTES_PER_DAY = 1440.0
SECONDS_PER_DAY = 86_400.0
DEFAULT_MAX_DAU = 2_000_000
"""The right end of the app's curves; findings about the last level look this far."""
DEFAULT_MIN_DAU = 1_000


@dataclass(frozen=True)
class Resource:
    """A resource whose utilisation the model tracks."""

    id: ResourceId
    label: str
    unit: str
    thresholds_from: Literal["plan", "assumption"]
    """plan: the plan's own alert thresholds; assumption: capacity.thresholds_unstated."""
    short: str
    """A label short enough for a chart axis or a metric."""


RESOURCES: tuple[Resource, ...] = (
    Resource("db_connections", "Database connections", "connections", "plan", "DB connections"),
    Resource("redis_memory", "Redis memory", "GB", "plan", "Redis memory"),
    Resource("ai_requests", "AI requests per minute at peak", "requests/min", "assumption", "AI requests/min"),
    Resource("ai_tokens", "AI tokens per minute at peak", "tokens/min", "assumption", "AI tokens/min"),
    Resource("db_writes", "Database writes per second at peak", "writes/s", "assumption", "DB writes/s"),
)
RESOURCE_IDS: tuple[str, ...] = tuple(r.id for r in RESOURCES)
_BY_ID = {r.id: r for r in RESOURCES}


def resource(resource_id: str) -> Resource:
    return _BY_ID[resource_id]  # type: ignore[index]


# --- Coefficients -----------------------------------------------------------------


def demand_coefficients(scenario: Scenario) -> dict[str, tuple[float, float]]:
    """Per resource: (fixed, per_dau) with demand = fixed + per_dau x DAU (formulas in the module docstring)."""
    c = scenario.capacity
    ai = scenario.ai
    hit = scenario.ai_cache().hit_rate or 0.0
    requests_per_dau = ai.calls_per_dau_per_day * (1.0 - hit) / MINUTES_PER_DAY * c.peak_to_average
    return {
        "db_connections": (0.0, c.concurrent_users_per_dau * c.db_connections_per_concurrent_user),
        "redis_memory": (c.redis_fixed_gb, c.redis_gb_per_1k_dau / 1000.0),
        "ai_requests": (0.0, requests_per_dau),
        "ai_tokens": (0.0, requests_per_dau * (ai.input_tokens_per_call + ai.output_tokens_per_call)),
        "db_writes": (0.0, c.db_writes_per_dau_per_day / SECONDS_PER_DAY * c.peak_to_average),
    }


def pgbouncer_in_force(scenario: Scenario, level_number: int) -> bool:
    """PgBouncer is part of a level's plans when the level starts at or after database.pgbouncer.from_dau."""
    return _level(scenario, level_number).dau >= scenario.database.pgbouncer.from_dau


def capacities(scenario: Scenario) -> dict[str, NDArray[np.float64]]:
    """Per resource: capacity under each level, in level order (formulas in the module docstring)."""
    pgb = scenario.database.pgbouncer
    conns = [
        float(max(lc.db_max_connections, pgb.max_client_conn))
        if pgbouncer_in_force(scenario, lc.level)
        else float(lc.db_max_connections)
        for lc in scenario.capacity.levels
    ]
    levels = scenario.capacity.levels
    return {
        "db_connections": np.array(conns),
        "redis_memory": np.array([lc.redis_memory_gb for lc in levels], dtype=float),
        "ai_requests": np.array([lc.ai_requests_per_minute for lc in levels], dtype=float),
        "ai_tokens": np.array([lc.ai_tokens_per_minute for lc in levels], dtype=float),
        "db_writes": np.array([lc.db_writes_per_second for lc in levels], dtype=float),
    }


def thresholds(scenario: Scenario) -> dict[str, tuple[float, float]]:
    """Per resource: (warning, critical) utilisation thresholds; an alert needs utilisation strictly above."""
    w, k = scenario.alerts.warning, scenario.alerts.critical
    u = scenario.capacity.thresholds_unstated
    unstated = (u.warning_utilization, u.critical_utilization)
    return {
        "db_connections": (w.db_pool_utilization, k.db_pool_utilization),
        "redis_memory": (w.redis_memory_utilization, k.redis_memory_utilization),
        "ai_requests": unstated,
        "ai_tokens": unstated,
        "db_writes": unstated,
    }


# --- Vectorised readings ----------------------------------------------------------------


def level_index(scenario: Scenario, dau: NDArray[np.float64] | float) -> NDArray[np.intp]:
    """Index of the level in force at each DAU: the last level whose DAU <= the DAU (the first level below it)."""
    starts = np.array([lv.dau for lv in scenario.levels], dtype=float)
    idx = np.searchsorted(starts, np.asarray(dau, dtype=float), side="right") - 1
    return np.clip(idx, 0, len(starts) - 1)


_excel_round_array = np.vectorize(lambda u: excel_round(float(u), ALERT_DECIMALS), otypes=[float])
_NEAR = 1e-8
"""Within this of a threshold, ROUND(u, 9) could fall on either side of it; farther away it cannot (ROUND moves u by <= 5e-10)."""


def alert_for(utilization: NDArray[np.float64] | float, warning: float, critical: float) -> NDArray[np.str_]:
    """'critical' if ROUND(u, 9) > critical, else 'warning' if ROUND(u, 9) > warning, else 'ok' (vectorised)."""
    u = np.array(utilization, dtype=float, ndmin=1)
    # Round as the workbook's ROUND does (half away from zero on 15 significant digits), not numpy's half-to-even;
    # only values this close to a threshold can be moved across it, so only they take the exact (slow, Decimal) path.
    near = (np.abs(u - warning) < _NEAR) | (np.abs(u - critical) < _NEAR) | ~np.isfinite(u)
    if near.any():
        u[near] = _excel_round_array(u[near])
    out = np.where(u > critical, "critical", np.where(u > warning, "warning", "ok"))
    return out if np.ndim(utilization) else out.reshape(())


def utilization_curve(
    scenario: Scenario, dau: Sequence[float] | NDArray[np.float64], *, level: int | None = None
) -> pd.DataFrame:
    """Tidy: one row per DAU and resource, under the plan in force at each DAU (or under ``level``'s plans at all DAU).

    Columns: dau, resource, label, short, unit, level, level_name, demand, capacity, utilization,
    warning, critical, alert.
    """
    d = np.asarray(dau, dtype=float)
    if d.ndim != 1 or d.size == 0 or not np.all(np.isfinite(d)) or np.any(d <= 0):
        raise ValueError("dau must be a non-empty list of positive numbers")
    idx = np.full(d.shape, _level_position(scenario, level)) if level is not None else level_index(scenario, d)
    coeffs, caps, thr = demand_coefficients(scenario), capacities(scenario), thresholds(scenario)
    numbers = np.array([lv.number for lv in scenario.levels])
    names = np.array([lv.name for lv in scenario.levels], dtype=object)
    n, k = d.size, len(RESOURCES)
    demand = np.concatenate([coeffs[r.id][0] + coeffs[r.id][1] * d for r in RESOURCES])
    cap = np.concatenate([caps[r.id][idx] for r in RESOURCES])
    util = demand / cap
    warning = np.repeat([thr[r.id][0] for r in RESOURCES], n)
    critical = np.repeat([thr[r.id][1] for r in RESOURCES], n)
    alert = np.concatenate([alert_for(util[i * n : (i + 1) * n], *thr[r.id]) for i, r in enumerate(RESOURCES)])
    # One frame, resource-major (every DAU of the first resource, then the next), built column by column.
    return pd.DataFrame(
        {
            "dau": np.tile(d, k),
            "resource": np.repeat([r.id for r in RESOURCES], n),
            "label": np.repeat([r.label for r in RESOURCES], n),
            "short": np.repeat([r.short for r in RESOURCES], n),
            "unit": np.repeat([r.unit for r in RESOURCES], n),
            "level": np.tile(numbers[idx], k),
            "level_name": np.tile(names[idx], k),
            "demand": demand,
            "capacity": cap,
            "utilization": util,
            "warning": warning,
            "critical": critical,
            "alert": alert,
        }
    )


# --- Crossings ------------------------------------------------------------------------------


def crossing_dau(fixed: float, per_dau: float, capacity: float, threshold: float) -> int | None:
    """Smallest whole DAU >= 1 at which ROUND((fixed + per_dau x DAU) / capacity, 9) > threshold; None if never.

    Analytically FLOOR((threshold x capacity - fixed) / per_dau) + 1, then checked against the alert
    rule itself (a bracketing search around that value) so rounding and floating-point noise cannot misplace it.
    """

    def over(x: float) -> bool:
        return bool(excel_round((fixed + per_dau * x) / capacity, ALERT_DECIMALS) > threshold)

    if per_dau <= 0:
        return 1 if over(1.0) else None
    d_star = (threshold * capacity - fixed) / per_dau
    if d_star >= 1e15:
        return None
    c = max(1, math.floor(d_star) + 1) if d_star >= 1 else 1
    # Utilisation rises with DAU, so 'over' is monotone: bracket the first DAU that is over, then bisect.
    if over(c):
        step, lo, hi = 1, c - 1, c
        while lo >= 1 and over(lo):
            hi, lo, step = lo, max(0, lo - 2 * step), 2 * step
        lo = max(lo, 0)
    else:
        step, lo, hi = 1, c, c + 1
        while not over(hi):
            lo, hi, step = hi, hi + 2 * step, 2 * step
    # Invariant: lo is 0 or not over, hi is over.
    while hi - lo > 1:
        mid = (lo + hi) // 2
        if over(mid):
            hi = mid
        else:
            lo = mid
    return hi


def first_crossing(scenario: Scenario, resource_id: str, threshold: float) -> int | None:
    """First whole DAU at which the resource's utilisation under the plan in force passes ``threshold``.

    Walks the level segments [start, next start) (the first from DAU 1); in each, the crossing under
    that level's capacity, raised to the segment's start, counts if it lies before the next start.
    """
    fixed, per_dau = demand_coefficients(scenario)[resource_id]
    caps = capacities(scenario)[resource_id]
    starts = [lv.dau for lv in scenario.levels]
    for i, cap in enumerate(caps):
        seg_start = 1 if i == 0 else starts[i]
        seg_end = starts[i + 1] if i + 1 < len(starts) else math.inf
        c = crossing_dau(fixed, per_dau, float(cap), threshold)
        if c is not None and max(c, seg_start) < seg_end:
            return max(c, seg_start)
    return None


def alert_runs(scenario: Scenario, *, min_dau: int = DEFAULT_MIN_DAU, max_dau: int = DEFAULT_MAX_DAU) -> pd.DataFrame:
    """Exact stretches of DAU over which each resource's alert holds, under the plan in force.

    Within a level's segment [start, next start) the alert is 'ok' below the warning crossing,
    'warning' from it, 'critical' from the critical crossing (crossings from ``crossing_dau``);
    adjacent stretches with the same alert are merged. Columns: resource, label, short, from_dau,
    to_dau (whole DAU; the stretch is from_dau <= DAU < to_dau, the last one ends at max_dau + 1),
    alert, levels (the level numbers it spans, e.g. '1' or '3-4').
    """
    coeffs, caps, thr = demand_coefficients(scenario), capacities(scenario), thresholds(scenario)
    starts = [lv.dau for lv in scenario.levels]
    rows: list[dict[str, object]] = []
    end_all = max_dau + 1
    for r in RESOURCES:
        fixed, per_dau = coeffs[r.id]
        warning, critical = thr[r.id]
        pieces: list[tuple[int, int, str, int]] = []
        for i, lv in enumerate(scenario.levels):
            seg_start = max(min_dau, 1 if i == 0 else starts[i])
            seg_end = min(end_all, starts[i + 1] if i + 1 < len(starts) else end_all)
            if seg_start >= seg_end:
                continue
            w = crossing_dau(fixed, per_dau, float(caps[r.id][i]), warning)
            k = crossing_dau(fixed, per_dau, float(caps[r.id][i]), critical)
            w_at = seg_end if w is None else min(max(w, seg_start), seg_end)
            k_at = seg_end if k is None else min(max(k, seg_start), seg_end)
            w_at = min(w_at, k_at)
            for a, b, alert in ((seg_start, w_at, "ok"), (w_at, k_at, "warning"), (k_at, seg_end, "critical")):
                if a < b:
                    pieces.append((a, b, alert, lv.number))
        merged: list[tuple[int, int, str, int, int]] = []
        for a, b, alert, level in pieces:
            if merged and merged[-1][2] == alert and merged[-1][1] == a:
                merged[-1] = (merged[-1][0], b, alert, merged[-1][3], level)
            else:
                merged.append((a, b, alert, level, level))
        for a, b, alert, first_level, last_level in merged:
            rows.append(
                {
                    "resource": r.id,
                    "label": r.label,
                    "short": r.short,
                    "from_dau": a,
                    "to_dau": b,
                    "alert": alert,
                    "levels": str(first_level) if first_level == last_level else f"{first_level}-{last_level}",
                }
            )
    return pd.DataFrame(rows, columns=["resource", "label", "short", "from_dau", "to_dau", "alert", "levels"])


Status = Literal["ok", "warning before next level", "critical before next level", "warning at start", "critical at start"]


def level_crossings(scenario: Scenario) -> pd.DataFrame:
    """One row per resource and level: the DAU at which the level's capacity passes warning and critical.

    Columns: resource, label, unit, level, level_name, level_start_dau, next_level_dau (NaN for the
    last level), capacity, warning_dau, critical_dau (None: never), status:
    'critical at start' if critical_dau <= level_start_dau; else 'critical before next level' if
    critical_dau < next_level_dau; else 'warning at start' / 'warning before next level' likewise
    with warning_dau; else 'ok'. For the last level 'before next level' means before DEFAULT_MAX_DAU.
    """
    coeffs, caps, thr = demand_coefficients(scenario), capacities(scenario), thresholds(scenario)
    rows = []
    levels = scenario.levels
    for r in RESOURCES:
        fixed, per_dau = coeffs[r.id]
        warning, critical = thr[r.id]
        for i, lv in enumerate(levels):
            cap = float(caps[r.id][i])
            start = lv.dau
            nxt = levels[i + 1].dau if i + 1 < len(levels) else None
            horizon = nxt if nxt is not None else DEFAULT_MAX_DAU + 1
            w = crossing_dau(fixed, per_dau, cap, warning)
            k = crossing_dau(fixed, per_dau, cap, critical)
            rows.append(
                {
                    "resource": r.id,
                    "label": r.label,
                    "unit": r.unit,
                    "level": lv.number,
                    "level_name": lv.name,
                    "level_start_dau": start,
                    "next_level_dau": float(nxt) if nxt is not None else math.nan,
                    "capacity": cap,
                    "warning_dau": w,
                    "critical_dau": k,
                    "status": _status(start, horizon, w, k),
                }
            )
    return pd.DataFrame(rows)


def _status(start: int, horizon: int, warning_dau: int | None, critical_dau: int | None) -> Status:
    if critical_dau is not None and critical_dau <= start:
        return "critical at start"
    if critical_dau is not None and critical_dau < horizon:
        return "critical before next level"
    if warning_dau is not None and warning_dau <= start:
        return "warning at start"
    if warning_dau is not None and warning_dau < horizon:
        return "warning before next level"
    return "ok"


def upgrade_ladder(scenario: Scenario, *, crossings: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per resource and level after the first: when the level starts against when the resource needs it.

    Columns: resource, label, short, level, level_name, level_start_dau, capacity_before (the previous level's),
    capacity_after, needed_by_dau (the previous level's critical crossing: the DAU from which the
    resource is critical without this level), warning_by_dau (the previous level's warning crossing),
    in_time (needed_by_dau is None or level_start_dau <= needed_by_dau), late_by_dau
    (level_start_dau - needed_by_dau when late, else 0), checklist (the level's checklist items that
    raise this resource, from capacity.triggers, joined with '; '). ``crossings``: ``level_crossings(scenario)`` if already computed.
    """
    if crossings is None:
        crossings = level_crossings(scenario)
    triggers = {(t.resource, t.level): t.checklist for t in scenario.capacity.triggers}
    records = crossings.to_dict("records")
    rows = []
    for r in RESOURCES:
        own = [rec for rec in records if rec["resource"] == r.id]
        for i in range(1, len(own)):
            prev, cur = own[i - 1], own[i]
            needed = prev["critical_dau"]
            needed = None if needed is None or pd.isna(needed) else int(needed)
            warn_by = prev["warning_dau"]
            warn_by = None if warn_by is None or pd.isna(warn_by) else int(warn_by)
            start = int(cur["level_start_dau"])
            late = needed is not None and start > needed
            rows.append(
                {
                    "resource": r.id,
                    "label": r.label,
                    "short": r.short,
                    "level": int(cur["level"]),
                    "level_name": cur["level_name"],
                    "level_start_dau": start,
                    "capacity_before": float(prev["capacity"]),
                    "capacity_after": float(cur["capacity"]),
                    "needed_by_dau": needed,
                    "warning_by_dau": warn_by,
                    "in_time": not late,
                    "late_by_dau": start - needed if late and needed is not None else 0,
                    "checklist": "; ".join(triggers.get((r.id, int(cur["level"])), [])),
                }
            )
    return pd.DataFrame(rows)


# --- Findings ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class CapacityFinding:
    """A plain statement that a resource passes a threshold before the plan upgrades it."""

    id: str
    resource: str
    level: int
    severity: Literal["warning", "critical"]
    status: str
    crossing_dau: int
    """The DAU from which the level's capacity is past the threshold."""
    level_start_dau: int
    next_level_dau: int | None
    text: str


def findings(
    scenario: Scenario, *, max_dau: int = DEFAULT_MAX_DAU, crossings: pd.DataFrame | None = None
) -> tuple[CapacityFinding, ...]:
    """Every resource and level whose capacity passes a threshold before the next level begins (or before max_dau).

    Critical findings first; a warning is listed only where the same level never turns critical in its span.
    ``crossings``: ``level_crossings(scenario)`` if already computed.
    """
    out: list[CapacityFinding] = []
    if crossings is None:
        crossings = level_crossings(scenario)
    for row in crossings.itertuples(index=False):
        status = str(row.status)
        if status == "ok":
            continue
        severity: Literal["warning", "critical"] = "critical" if status.startswith("critical") else "warning"
        crossing = int(row.critical_dau if severity == "critical" else row.warning_dau)
        nxt = None if pd.isna(row.next_level_dau) else int(row.next_level_dau)
        if nxt is None and crossing > max_dau:
            continue
        res = resource(str(row.resource))
        cap = f"{_num(float(row.capacity))} {res.unit}"
        where = f"level {row.level}'s plans ({cap})"
        if status.endswith("at start"):
            text = (
                f"{res.label} is already {severity} when level {row.level} begins at {row.level_start_dau:,} DAU: "
                f"{where} pass the {severity} threshold from {crossing:,} DAU."
            )
        elif nxt is not None:
            text = (
                f"{res.label} is {severity} from {crossing:,} DAU under {where}, "
                f"but the plan's next level begins at {nxt:,} DAU ({nxt - crossing:,} DAU later)."
            )
        else:
            text = f"{res.label} is {severity} from {crossing:,} DAU under {where}, and the plan has no further level."
        out.append(
            CapacityFinding(
                id=f"capacity.{row.resource}.level{row.level}",
                resource=str(row.resource),
                level=int(row.level),
                severity=severity,
                status=status,
                crossing_dau=crossing,
                level_start_dau=int(row.level_start_dau),
                next_level_dau=nxt,
                text=text,
            )
        )
    out.sort(key=lambda f: (f.severity != "critical", f.crossing_dau))
    return tuple(out)


def findings_frame(scenario: Scenario, *, max_dau: int = DEFAULT_MAX_DAU) -> pd.DataFrame:
    rows = [asdict(f) for f in findings(scenario, max_dau=max_dau)]
    columns = ["id", "resource", "level", "severity", "status", "crossing_dau", "level_start_dau", "next_level_dau", "text"]
    return pd.DataFrame(rows, columns=columns)


# --- Targets and readings for one DAU -------------------------------------------------------


def targets_frame(scenario: Scenario) -> pd.DataFrame:
    """One row per level: its targets beside the modelled concurrency at its start, its bottlenecks and checklist.

    Columns: level, level_name, dau, target_concurrent_users, modelled_concurrent_users
    (= capacity.concurrent_users_per_dau x level DAU), target_p95_ms, target_availability,
    ai_provider, pgbouncer, bottlenecks, checklist (each joined with '; ').
    """
    share = scenario.capacity.concurrent_users_per_dau
    rows = []
    for lv, lc in zip(scenario.levels, scenario.capacity.levels, strict=True):
        rows.append(
            {
                "level": lv.number,
                "level_name": lv.name,
                "dau": lv.dau,
                "target_concurrent_users": lv.targets.concurrent_users,
                "modelled_concurrent_users": share * lv.dau,
                "target_p95_ms": lv.targets.p95_ms,
                "target_availability": lv.targets.availability,
                "ai_provider": lc.ai_provider,
                "pgbouncer": pgbouncer_in_force(scenario, lv.number),
                "bottlenecks": "; ".join(lv.bottlenecks),
                "checklist": "; ".join(lv.checklist),
            }
        )
    return pd.DataFrame(rows)


CAPACITY_FIELDS: dict[str, str] = {
    "db_connections": "db_max_connections",
    "redis_memory": "redis_memory_gb",
    "ai_requests": "ai_requests_per_minute",
    "ai_tokens": "ai_tokens_per_minute",
    "db_writes": "db_writes_per_second",
}
"""Resource -> the field of capacity.levels.N that sets it (for provenance and controls)."""


def capacity_frame(scenario: Scenario) -> pd.DataFrame:
    """One row per level and resource: the capacity in force and where its number comes from.

    Columns: level, level_name, dau, resource, label, unit, capacity, path (the scenario field),
    source ('plan' / 'assumption' / 'implied' from the provenance, '' if none), note, pgbouncer (for
    db_connections: whether PgBouncer's max_client_conn sets the capacity).
    """
    caps = capacities(scenario)
    pgb = scenario.database.pgbouncer
    rows = []
    for i, (lv, lc) in enumerate(zip(scenario.levels, scenario.capacity.levels, strict=True)):
        for r in RESOURCES:
            path = f"capacity.levels.{i}.{CAPACITY_FIELDS[r.id]}"
            prov = scenario.provenance.get(path)
            via_pgbouncer = (
                r.id == "db_connections"
                and pgbouncer_in_force(scenario, lv.number)
                and pgb.max_client_conn > lc.db_max_connections
            )
            rows.append(
                {
                    "level": lv.number,
                    "level_name": lv.name,
                    "dau": lv.dau,
                    "resource": r.id,
                    "label": r.label,
                    "unit": r.unit,
                    "capacity": float(caps[r.id][i]),
                    "path": path,
                    "source": prov.kind if prov else "",
                    "note": prov.note if prov else "",
                    "pgbouncer": via_pgbouncer,
                }
            )
    return pd.DataFrame(rows)


@dataclass(frozen=True)
class ResourceReading:
    """One resource at one DAU: the documented CLI/JSON shape."""

    resource: str
    label: str
    unit: str
    dau: float
    level: int
    level_name: str
    forced_level: bool
    """True when the capacities are a chosen level's rather than the plan in force at this DAU."""
    demand: float
    capacity: float
    utilization: float
    warning_threshold: float
    critical_threshold: float
    thresholds_from: str
    alert: str
    warning_dau: int | None
    """First DAU past warning: under the plan in force (staircase), or under the forced level's capacities."""
    critical_dau: int | None

    def as_record(self) -> dict[str, object]:
        return asdict(self)


def readings_at(scenario: Scenario, dau: float, *, level: int | None = None) -> tuple[ResourceReading, ...]:
    """Every resource at ``dau`` under the plan in force there (or under ``level``'s plans)."""
    frame = utilization_curve(scenario, [dau], level=level)
    coeffs, caps = demand_coefficients(scenario), capacities(scenario)
    out = []
    for row in frame.itertuples(index=False):
        rid = str(row.resource)
        if level is None:
            w = first_crossing(scenario, rid, float(row.warning))
            k = first_crossing(scenario, rid, float(row.critical))
        else:
            cap = float(caps[rid][_level_position(scenario, level)])
            w = crossing_dau(*coeffs[rid], cap, float(row.warning))
            k = crossing_dau(*coeffs[rid], cap, float(row.critical))
        out.append(
            ResourceReading(
                resource=rid,
                label=str(row.label),
                unit=str(row.unit),
                dau=float(row.dau),
                level=int(row.level),
                level_name=str(row.level_name),
                forced_level=level is not None,
                demand=float(row.demand),
                capacity=float(row.capacity),
                utilization=float(row.utilization),
                warning_threshold=float(row.warning),
                critical_threshold=float(row.critical),
                thresholds_from=resource(rid).thresholds_from,
                alert=str(row.alert),
                warning_dau=w,
                critical_dau=k,
            )
        )
    return tuple(out)


# --- One result for the page and the workbook -------------------------------------------------


@dataclass(frozen=True)
class CapacityResult:
    """Everything the Capacity page and sheet show, computed once."""

    scenario_name: str
    curve: pd.DataFrame
    """utilization_curve over the DAU grid (default ``segment_grid``: each level segment on 40 points plus its ends)."""
    crossings: pd.DataFrame
    ladder: pd.DataFrame
    findings: tuple[CapacityFinding, ...]
    targets: pd.DataFrame
    first_crossings: pd.DataFrame
    """Per resource: label, unit, warning_dau, critical_dau under the plan's staircase."""
    runs: pd.DataFrame
    """alert_runs over the grid's range."""


def dau_grid(
    min_dau: float = DEFAULT_MIN_DAU, max_dau: float = DEFAULT_MAX_DAU, points: int = 1000, *, scenario: Scenario | None = None
) -> NDArray[np.float64]:
    """Log-spaced DAU from min to max, plus every level start and the point just before it, so the steps are sharp."""
    grid = np.geomspace(min_dau, max_dau, points)
    if scenario is not None:
        starts = np.array([lv.dau for lv in scenario.levels], dtype=float)
        starts = starts[(starts > min_dau) & (starts <= max_dau)]
        grid = np.concatenate([grid, starts, starts - 1])
    return np.unique(grid)


SEGMENT_POINTS = 40
"""Log-spaced points per level segment in ``segment_grid``: enough that a line through them is the exact curve to the eye."""


def segment_grid(
    scenario: Scenario, min_dau: float = DEFAULT_MIN_DAU, max_dau: float = DEFAULT_MAX_DAU, points: int = SEGMENT_POINTS
) -> NDArray[np.float64]:
    """A DAU grid for plotting the staircase: ``points`` log-spaced DAU in each level segment, ends included.

    Within a segment [start, next start - 1] demand is linear in DAU and capacity constant, so utilisation
    is linear there; on a log DAU axis that is a smooth exponential, which 40 points draw as the exact curve.
    Each segment's first and last whole DAU are in the grid, so the steps are sharp (as ``dau_grid``'s), with
    a few hundred points instead of a thousand.
    """
    starts = np.array([lv.dau for lv in scenario.levels], dtype=float)
    edges = np.concatenate([[min_dau], starts[(starts > min_dau) & (starts <= max_dau)], [max_dau + 1]])
    pieces = [np.geomspace(a, b - 1, points) if b - 1 > a else np.array([a]) for a, b in pairwise(edges)]
    ends = np.concatenate([edges[:-1], edges[1:] - 1])
    return np.unique(np.concatenate([*pieces, ends]))


def capacity_result(scenario: Scenario, dau: Sequence[float] | NDArray[np.float64] | None = None) -> CapacityResult:
    """The capacity analysis of ``scenario`` (curve over ``dau``, default ``segment_grid``)."""
    grid = segment_grid(scenario) if dau is None else np.asarray(dau, dtype=float)
    thr = thresholds(scenario)
    first = pd.DataFrame(
        [
            {
                "resource": r.id,
                "label": r.label,
                "unit": r.unit,
                "warning_dau": first_crossing(scenario, r.id, thr[r.id][0]),
                "critical_dau": first_crossing(scenario, r.id, thr[r.id][1]),
            }
            for r in RESOURCES
        ]
    )
    crossings = level_crossings(scenario)
    return CapacityResult(
        scenario_name=scenario.name,
        curve=utilization_curve(scenario, grid),
        crossings=crossings,
        ladder=upgrade_ladder(scenario, crossings=crossings),
        findings=findings(scenario, max_dau=int(grid.max()), crossings=crossings),
        targets=targets_frame(scenario),
        first_crossings=first,
        runs=alert_runs(scenario, min_dau=math.ceil(grid.min()), max_dau=math.floor(grid.max())),
    )


# --- helpers -----------------------------------------------------------------------------------


def _level(scenario: Scenario, number: int) -> Level:
    for lv in scenario.levels:
        if lv.number == number:
            return lv
    raise ValueError(f"no level {number} (levels: {', '.join(str(lv.number) for lv in scenario.levels)})")


def _level_position(scenario: Scenario, number: int) -> int:
    _level(scenario, number)
    return next(i for i, lv in enumerate(scenario.levels) if lv.number == number)


def _num(x: float) -> str:
    return f"{x:,.0f}" if x >= 10 else f"{x:,.4g}"
