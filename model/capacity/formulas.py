"""The capacity formulas: demand, capacity, utilisation and alert of each resource at any DAU (vectorised).

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

Where utilisation crosses a threshold: ``model.capacity.crossings``.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from model.capacity.resources import (
    ALERT_DECIMALS,
    MINUTES_PER_DAY,
    RESOURCES,
    SECONDS_PER_DAY,
    level_by_number,
    level_position,
)
from model.rounding import excel_round
from model.scenario import Scenario

# --- Coefficients -----------------------------------------------------------------


def demand_coefficients(scenario: Scenario) -> dict[str, tuple[float, float]]:
    """Per resource: (fixed, per_dau) with demand = fixed + per_dau x DAU (formulas in the module docstring).

    The plan: connections 10% concurrent x 0.072 = 0.0072 per DAU; Redis 0.2 GB + 0.3 GB per 1k DAU;
    AI requests 2 calls x (1 - 0.30) / 1,440 min x 3 (peak to average) = 4.2 / 1,440 = 0.00291667 per DAU;
    AI tokens 0.00291667 x (4,000 + 3,800) = 22.75 per DAU; writes 52 / 86,400 s x 3 = 0.00180556 per DAU.

    >>> from model.loading import plan_scenario
    >>> s = plan_scenario()
    >>> {r: (fixed, round(per_dau, 8)) for r, (fixed, per_dau) in demand_coefficients(s).items()}
    {'db_connections': (0.0, 0.0072), 'redis_memory': (0.2, 0.0003), 'ai_requests': (0.0, 0.00291667), \
'ai_tokens': (0.0, 22.75), 'db_writes': (0.0, 0.00180556)}
    """
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
    return level_by_number(scenario, level_number).dau >= scenario.database.pgbouncer.from_dau


def capacities(scenario: Scenario) -> dict[str, NDArray[np.float64]]:
    """Per resource: capacity under each level, in level order (formulas in the module docstring).

    The plan's connections: 100 at level 1 (10k DAU, before PgBouncer's 50k), then MAX(db_max_connections,
    PgBouncer's max_client_conn 1,000): 1,000, 1,000, 10,000, 20,000.

    >>> from model.loading import plan_scenario
    >>> s = plan_scenario()
    >>> capacities(s)["db_connections"].tolist()
    [100.0, 1000.0, 1000.0, 10000.0, 20000.0]
    >>> capacities(s)["redis_memory"].tolist()
    [4.0, 10.0, 50.0, 200.0, 250.0]
    """
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
    """Per resource: (warning, critical) utilisation thresholds; an alert needs utilisation strictly above.

    The plan's alerts: DB pool 80% / 95%, Redis memory 80% / 90%; AI and writes (no alert in the plan) take
    capacity.thresholds_unstated, 80% / 95%.

    >>> from model.loading import plan_scenario
    >>> s = plan_scenario()
    >>> thresholds(s)["db_connections"], thresholds(s)["redis_memory"], thresholds(s)["db_writes"]
    ((0.8, 0.95), (0.8, 0.9), (0.8, 0.95))
    """
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
    """Index of the level in force at each DAU: the last level whose DAU <= the DAU (the first level below it).

    The plan's levels start at 10k, 50k, 100k, 500k, 1M DAU:

    >>> from model.loading import plan_scenario
    >>> s = plan_scenario()
    >>> level_index(s, np.array([5_000, 49_999, 50_000, 2_000_000])).tolist()
    [0, 0, 1, 4]
    """
    starts = np.array([lv.dau for lv in scenario.levels], dtype=float)
    idx = np.searchsorted(starts, np.asarray(dau, dtype=float), side="right") - 1
    return np.clip(idx, 0, len(starts) - 1)


_excel_round_array = np.vectorize(lambda u: excel_round(float(u), ALERT_DECIMALS), otypes=[float])
_NEAR = 1e-8
"""Within this of a threshold, ROUND(u, 9) could fall on either side of it; farther away it cannot (ROUND moves u by <= 5e-10)."""


def alert_for(utilization: NDArray[np.float64] | float, warning: float, critical: float) -> NDArray[np.str_]:
    """'critical' if ROUND(u, 9) > critical, else 'warning' if ROUND(u, 9) > warning, else 'ok' (vectorised).

    Redis at 10k DAU is 3.2 / 4 = 80%: not above 80%, so 'ok'; 80% plus floating-point noise (0.8 + 1e-12)
    rounds to 0.8 and stays 'ok'; 80.00001% is a warning; 95% is above 90%, critical.

    >>> alert_for(np.array([3.2 / 4, 0.8 + 1e-12, 0.8000001, 0.95]), 0.8, 0.9).tolist()
    ['ok', 'ok', 'warning', 'critical']
    """
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

    The plan at 10k DAU (the dashboard's 72/100 connections and 3.2/4 GB): 0.0072 x 10,000 = 72 of 100
    connections, 72%; 0.2 + 0.0003 x 10,000 = 3.2 of 4 GB, 80%, still 'ok' (the alert needs more than 80%).

    >>> from model.loading import plan_scenario
    >>> s = plan_scenario()
    >>> curve = utilization_curve(s, [10_000]).set_index("resource")
    >>> [(round(float(curve.demand[r]), 9), float(curve.capacity[r]), round(float(curve.utilization[r]), 9), curve.alert[r])
    ...  for r in ("db_connections", "redis_memory")]
    [(72.0, 100.0, 0.72, 'ok'), (3.2, 4.0, 0.8, 'ok')]
    """
    d = np.asarray(dau, dtype=float)
    if d.ndim != 1 or d.size == 0 or not np.all(np.isfinite(d)) or np.any(d <= 0):
        raise ValueError("dau must be a non-empty list of positive numbers")
    idx = np.full(d.shape, level_position(scenario, level)) if level is not None else level_index(scenario, d)
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
