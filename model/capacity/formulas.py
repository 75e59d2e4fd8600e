"""The capacity formulas: demand, capacity, utilisation and alert of each resource at any DAU (vectorised).

The plan names bottlenecks at five points; this evaluates any DAU. Every
resource's demand is linear in DAU, ``demand = fixed + per_dau x DAU``, and its
capacity is a staircase: a level's capacities apply from its DAU until the next
level's (below the first level's DAU, the first level's). The formulas are defined once, as expressions, in
``model.capacity.rows`` (the Capacity sheet writes the same ones); this module evaluates them. In words, with
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
from typing import Any

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from model.capacity import rows
from model.capacity.resources import (
    ALERT_DECIMALS,
    RESOURCE_IDS,
    RESOURCES,
    level_by_number,
    level_position,
)
from model.formula import Env, Input, Linear, Row
from model.scenario import Scenario

# --- Coefficients -----------------------------------------------------------------


def demand_coefficients(scenario: Scenario) -> dict[str, tuple[float, float]]:
    """Per resource: (fixed, per_dau) with demand = fixed + per_dau x DAU: ``rows.DEMAND`` evaluated with DAU as
    ``Linear.of_row`` (the same arithmetic, so the coefficients are exactly what the formula's numbers give).

    The plan: connections 10% concurrent x 0.072 = 0.0072 per DAU; Redis 0.2 GB + 0.3 GB per 1k DAU;
    AI requests 2 calls x (1 - 0.30) / 1,440 min x 3 (peak to average) = 4.2 / 1,440 = 0.00291667 per DAU;
    AI tokens 0.00291667 x (4,000 + 3,800) = 22.75 per DAU; writes 52 / 86,400 s x 3 = 0.00180556 per DAU.

    >>> from model.loading import plan_scenario
    >>> s = plan_scenario()
    >>> {r: (fixed, round(per_dau, 8)) for r, (fixed, per_dau) in demand_coefficients(s).items()}
    {'db_connections': (0.0, 0.0072), 'redis_memory': (0.2, 0.0003), 'ai_requests': (0.0, 0.00291667), \
'ai_tokens': (0.0, 22.75), 'db_writes': (0.0, 0.00180556)}
    """
    return dict(_evaluated(scenario)[0])


_last: tuple[Scenario | None, Any] = (None, None)


def _evaluated(scenario: Scenario) -> tuple[dict[str, tuple[float, float]], dict[str, NDArray[np.float64]]]:
    """The demand coefficients and per-level capacities of ``scenario``, evaluated from ``rows``.

    One page's capacity analysis asks for them a dozen times (every crossing); a scenario is frozen, so the last one's
    are kept and handed out again while the same scenario object asks.
    """
    global _last
    last_scenario, last = _last
    if last_scenario is scenario:
        return last
    env = Env(rows.Inputs(scenario), rows={"dau": Linear.of_row})
    lines = {rid: rows.DEMAND[rid].evaluate(env) for rid in RESOURCE_IDS}
    coefficients = {rid: (line.fixed, line.per) for rid, line in lines.items()}
    at_levels = _per_level(scenario)
    caps = {rid: np.asarray(rows.CAPACITY[rid].evaluate(at_levels), dtype=float) for rid in RESOURCE_IDS}
    for values in caps.values():
        values.flags.writeable = False  # handed to every caller: nobody may change them
    _last = (scenario, (coefficients, caps))
    return coefficients, caps


def _per_level(scenario: Scenario) -> Env:
    """Rows evaluated once per level (``level`` = 1..number of levels), as if a tier stood at each level's start."""
    positions = np.arange(1, len(scenario.capacity.levels) + 1)
    return Env(rows.Inputs(scenario), rows={"level": lambda: positions})


def pgbouncer_in_force(scenario: Scenario, level_number: int) -> bool:
    """PgBouncer is part of a level's plans when the level starts at or after database.pgbouncer.from_dau
    (``rows.PGBOUNCER``)."""
    level_by_number(scenario, level_number)  # ValueError naming the levels there are
    position = level_position(scenario, level_number) + 1
    return bool(rows.PGBOUNCER.evaluate(Env(rows.Inputs(scenario), rows={"level": lambda: position})) == 1)


def capacities(scenario: Scenario) -> dict[str, NDArray[np.float64]]:
    """Per resource: capacity under each level, in level order (``rows.CAPACITY`` evaluated at each level).

    The plan's connections: 100 at level 1 (10k DAU, before PgBouncer's 50k), then MAX(db_max_connections,
    PgBouncer's max_client_conn 1,000): 1,000, 1,000, 10,000, 20,000.

    >>> from model.loading import plan_scenario
    >>> s = plan_scenario()
    >>> capacities(s)["db_connections"].tolist()
    [100.0, 1000.0, 1000.0, 10000.0, 20000.0]
    >>> capacities(s)["redis_memory"].tolist()
    [4.0, 10.0, 50.0, 200.0, 250.0]
    """
    return dict(_evaluated(scenario)[1])


def thresholds(scenario: Scenario) -> dict[str, tuple[float, float]]:
    """Per resource: (warning, critical) utilisation thresholds (``rows.THRESHOLD_NAMES``); an alert needs
    utilisation strictly above.

    The plan's alerts: DB pool 80% / 95%, Redis memory 80% / 90%; AI and writes (no alert in the plan) take
    capacity.thresholds_unstated, 80% / 95%.

    >>> from model.loading import plan_scenario
    >>> s = plan_scenario()
    >>> thresholds(s)["db_connections"], thresholds(s)["redis_memory"], thresholds(s)["db_writes"]
    ((0.8, 0.95), (0.8, 0.9), (0.8, 0.95))
    """
    inputs = rows.Inputs(scenario)
    return {rid: (getattr(inputs, w), getattr(inputs, k)) for rid, (w, k) in rows.THRESHOLD_NAMES.items()}


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


_ALERT = rows.alert(Row("utilization"), Input("warning"), Input("critical"))
"""``rows.alert`` over given thresholds: the Capacity sheet's alert rows, evaluated for any utilisation."""


class _Thresholds:
    def __init__(self, warning: float, critical: float) -> None:
        self.warning, self.critical, self.alert_decimals = warning, critical, ALERT_DECIMALS


def alert_for(utilization: NDArray[np.float64] | float, warning: float, critical: float) -> NDArray[np.str_]:
    """'critical' if ROUND(u, 9) > critical, else 'warning' if ROUND(u, 9) > warning, else 'ok' (``rows.alert``,
    vectorised; ROUND as the workbook rounds, ``model.rounding.excel_round_array``).

    Redis at 10k DAU is 3.2 / 4 = 80%: not above 80%, so 'ok'; 80% plus floating-point noise (0.8 + 1e-12)
    rounds to 0.8 and stays 'ok'; 80.00001% is a warning; 95% is above 90%, critical.

    >>> alert_for(np.array([3.2 / 4, 0.8 + 1e-12, 0.8000001, 0.95]), 0.8, 0.9).tolist()
    ['ok', 'ok', 'warning', 'critical']
    """
    u = np.array(utilization, dtype=float, ndmin=1)
    out = np.asarray(_ALERT.evaluate(Env(_Thresholds(warning, critical), rows={"utilization": lambda: u})))
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
