"""Where each resource's alert changes: the crossing DAU under one capacity, under the plan's staircase, per level,
the exact alert stretches, and whether each upgrade comes in time.

Crossing DAU under one capacity ``C`` for threshold ``t``: the smallest whole DAU >= 1 whose
utilisation alerts, i.e. ``FLOOR((t x C - fixed) / per_dau) + 1`` (at least 1; none if per_dau is 0
and the fixed demand alone does not alert), checked against the alert rule itself so that rounding
cannot move it. Under the plan's staircase the first crossing is the first level segment
``[start, next start)`` (the first segment starts at DAU 1) where ``MAX(crossing, start) < next start``.
"""

from __future__ import annotations

import math
from typing import Literal

import pandas as pd

from model.capacity.formulas import capacities, demand_coefficients, thresholds
from model.capacity.resources import ALERT_DECIMALS, DEFAULT_MAX_DAU, DEFAULT_MIN_DAU, RESOURCES
from model.rounding import excel_round
from model.scenario import Scenario


def crossing_dau(fixed: float, per_dau: float, capacity: float, threshold: float) -> int | None:
    """Smallest whole DAU >= 1 at which ROUND((fixed + per_dau x DAU) / capacity, 9) > threshold; None if never.

    Analytically FLOOR((threshold x capacity - fixed) / per_dau) + 1, then checked against the alert
    rule itself (a bracketing search around that value) so rounding and floating-point noise cannot misplace it.

    The plan's level 1: connections (0 + 0.0072 x DAU of 100) pass 80% at FLOOR(80 / 0.0072) + 1 =
    FLOOR(11,111.1) + 1 = 11,112 DAU and 95% at FLOOR(95 / 0.0072) + 1 = FLOOR(13,194.4) + 1 = 13,195;
    Redis (0.2 + 0.0003 x DAU of 4 GB) reaches exactly 80% at (3.2 - 0.2) / 0.0003 = 10,000 DAU, which is not
    above it, so FLOOR(10,000) + 1 = 10,001; a fixed demand already over the threshold alerts from DAU 1.

    >>> crossing_dau(0.0, 0.0072, 100.0, 0.8), crossing_dau(0.0, 0.0072, 100.0, 0.95)
    (11112, 13195)
    >>> crossing_dau(0.2, 0.0003, 4.0, 0.8), crossing_dau(5.0, 0.0, 4.0, 0.8), crossing_dau(1.0, 0.0, 4.0, 0.8)
    (10001, 1, None)
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

    The plan's connections pass 80% at 11,112 DAU under level 1 (see ``crossing_dau``), inside its segment
    [1, 50,000): that is the first crossing. Redis passes 90% at FLOOR((3.6 - 0.2) / 0.0003) + 1 =
    FLOOR(11,333.3) + 1 = 11,334.

    >>> from model.loading import plan_scenario
    >>> s = plan_scenario()
    >>> first_crossing(s, "db_connections", 0.8), first_crossing(s, "redis_memory", 0.9)
    (11112, 11334)
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
