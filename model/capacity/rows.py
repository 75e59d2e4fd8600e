"""The Capacity sheet's per-tier rows defined once (``model.formula``): ``model.capacity.formulas`` evaluates them,
``outputs.capacity`` writes them over its own column of each tier.

Rows given from outside: ``dau`` (the tier's DAU) and ``level`` (the 1-based position of the level in force). Per
resource (``RESOURCES``): ``DEMAND`` (linear in DAU; the model evaluates it with DAU given as ``Linear.of_row`` to get
its fixed part and its part per DAU), ``CAPACITY`` (the level in force's, looked up by position), ``UTILIZATION``
(demand / capacity) and ``ALERT`` (``alert``, over the resource's thresholds). ``PGBOUNCER`` says whether PgBouncer is
part of the level in force (it raises the database's connection capacity).

An ``Input`` is read from ``inputs(scenario)`` in the model and is the workbook's defined name of the same name when
written (a per-level input such as ``capacity.db_max_connections`` is its range on the Levels sheet).

By hand, the plan at 10,000 DAU (level 1, before PgBouncer's 50,000): connections 10,000 x 10% concurrent x 0.072 =
72 of 100 (72%, ok); Redis 0.2 + 0.3 / 1,000 x 10,000 = 3.2 of 4 GB (80%: not above the 80% warning, ok); AI requests
2 x (1 - 0.3) / 1,440 x 3 x 10,000 = 29.17 a minute at peak; tokens 29.17 x (4,000 + 3,800) = 227,500 a minute; writes
52 / 86,400 x 3 x 10,000 = 18.06 a second (tests/capacity/test_capacity_rows.py works them through).

>>> import numpy as np
>>> from model.formula import Env
>>> from model.loading import plan_scenario
>>> at_10k = Env(Inputs(plan_scenario()), rows={"dau": lambda: np.array([10_000.0]), "level": lambda: np.array([1])})
>>> [round(float(DEMAND[r].evaluate(at_10k)[0]), 2) for r in ("db_connections", "redis_memory", "ai_requests", "db_writes")]
[72.0, 3.2, 29.17, 18.06]
>>> UTILIZATION["redis_memory"].evaluate(at_10k).round(9).tolist(), ALERT["redis_memory"].evaluate(at_10k).tolist()
([0.8], ['ok'])
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

from model import cache_rows
from model.capacity.resources import ALERT_DECIMALS, CAPACITY_FIELDS, MINUTES_PER_DAY, RESOURCE_IDS, SECONDS_PER_DAY
from model.formula import IF, INDEX, MAX, ROUND, Expr, Formula, Input, Operand, Row, Text, eq
from model.phrase import N_
from model.scenario import Scenario

DAU = Row("dau")
LEVEL = Row("level")

# --- Demand (linear in DAU) -----------------------------------------------------------

_AI_REQUESTS = Formula(
    "demand.ai_requests",
    Input("calls_per_dau_per_day")
    * (1 - Input("ai_response_hit_rate"))
    / Input("minutes_per_day")
    * Input("peak_to_average")
    * DAU,
    label=N_("Demand"),
    how=N_("calls per DAU per day x (1 - AI response hit rate) / minutes per day x peak-to-average x DAU"),
)
"""AI requests a minute at peak: calls the response cache cannot answer, per minute, x peak-to-average. The plan:
2 x (1 - 0.30) / 1,440 x 3 = 0.00291667 per DAU."""

DEMAND: dict[str, Formula] = {
    "db_connections": Formula(
        "demand.db_connections",
        DAU * Input("concurrent_users_per_dau") * Input("db_connections_per_concurrent_user"),
        label=N_("Demand"),
        how=N_("DAU x concurrent users per DAU x connections per concurrent user"),
    ),
    "redis_memory": Formula(
        "demand.redis_memory",
        Input("redis_fixed_gb") + Input("redis_gb_per_1k_dau") / Input("dau_per_thousand") * DAU,
        label=N_("Demand"),
        how=N_("fixed GB + GB per 1,000 DAU / 1,000 x DAU"),
    ),
    "ai_requests": _AI_REQUESTS,
    "ai_tokens": Formula(
        "demand.ai_tokens",
        _AI_REQUESTS * (Input("input_tokens_per_call") + Input("output_tokens_per_call")),
        label=N_("Demand"),
        how=N_("AI requests per minute x (input + output tokens per call)"),
    ),
    "db_writes": Formula(
        "demand.db_writes",
        Input("db_writes_per_dau_per_day") / Input("seconds_per_day") * Input("peak_to_average") * DAU,
        label=N_("Demand"),
        how=N_("writes per DAU per day / seconds per day x peak-to-average x DAU"),
    ),
}
"""Per resource: what the tier's users ask of it (in the resource's unit), linear in DAU."""

# --- Capacity (the level in force's) -------------------------------------------------


def _per_level(resource_id: str) -> Expr:
    """The level in force's capacity field of ``resource_id`` (``CAPACITY_FIELDS``), looked up by position."""
    return INDEX(Input(f"capacity.{CAPACITY_FIELDS[resource_id]}"), LEVEL)


PGBOUNCER = Formula(
    "pgbouncer",
    IF(INDEX(Input("level_start_dau"), LEVEL) >= Input("pgbouncer_from_dau"), 1, 0),
    label=N_("PgBouncer part of the level"),
    unit="1/0",
    how=N_("the level starts at or after PgBouncer's DAU"),
    display="flag",
)
"""1 where the level in force starts at or after database.pgbouncer.from_dau (PgBouncer is part of its plans)."""

CAPACITY: dict[str, Formula] = {
    rid: Formula(f"capacity.{rid}", _per_level(rid), label=N_("Capacity"), how=N_("the level in force's")) for rid in RESOURCE_IDS
}
CAPACITY["db_connections"] = Formula(
    "capacity.db_connections",
    IF(
        eq(PGBOUNCER, 1),
        MAX(_per_level("db_connections"), Input("pgbouncer_max_client_conn")),
        _per_level("db_connections"),
    ),
    label=N_("Capacity"),
    how=N_("the level in force's (with PgBouncer: MAX(server, PgBouncer clients))"),
)
"""Per resource: what the level in force's plans carry. Database connections: in transaction mode up to
max_client_conn clients share the server's connections, so with PgBouncer MAX(server connections, its clients)."""

UTILIZATION: dict[str, Formula] = {
    rid: Formula(
        f"utilization.{rid}",
        DEMAND[rid] / CAPACITY[rid],
        label=N_("Utilisation"),
        unit=N_("share"),
        how=N_("demand / capacity"),
        display="share",
        bold=True,
    )
    for rid in RESOURCE_IDS
}
"""Per resource: demand / capacity (above 1 when demand exceeds capacity)."""

# --- Alerts -----------------------------------------------------------------------------

THRESHOLD_NAMES: dict[str, tuple[str, str]] = {
    "db_connections": ("warning_db_pool", "critical_db_pool"),
    "redis_memory": ("warning_redis_memory", "critical_redis_memory"),
    "ai_requests": ("unstated_warning", "unstated_critical"),
    "ai_tokens": ("unstated_warning", "unstated_critical"),
    "db_writes": ("unstated_warning", "unstated_critical"),
}
"""Per resource: the inputs holding its (warning, critical) thresholds (the plan's alerts, or thresholds_unstated)."""


def alert(utilization: Operand, warning: Operand, critical: Operand) -> Expr:
    """'critical' if ROUND(utilization, alert_decimals) > critical, else 'warning' if > warning, else 'ok'.

    Rounded first, so floating-point noise cannot raise an alert at exactly the threshold (3.2 / 4 is 80%, not
    80.0000000002%).
    """
    shown = ROUND(utilization, Input("alert_decimals"))
    return IF(shown > critical, Text("critical"), IF(shown > warning, Text("warning"), Text("ok")))


ALERT: dict[str, Formula] = {
    rid: Formula(
        f"alert.{rid}",
        alert(UTILIZATION[rid], Input(THRESHOLD_NAMES[rid][0]), Input(THRESHOLD_NAMES[rid][1])),
        label=N_("Alert"),
        unit=N_("text"),
        how=N_("above {critical} / {warning} (Assumptions)"),
        display="text",
    )
    for rid in RESOURCE_IDS
}
"""Per resource: the alert its utilisation raises ('ok', 'warning' or 'critical'); ``how`` names its thresholds."""

# --- The inputs, read from a scenario -------------------------------------------------


def _per_level_field(s: Scenario, *, field: str) -> list[Any]:
    """A capacity field of every level, in level order (``capacity.levels``)."""
    return [getattr(lc, field) for lc in s.capacity.levels]


_INPUTS: dict[str, Callable[[Scenario], Any]] = {
    "concurrent_users_per_dau": lambda s: s.capacity.concurrent_users_per_dau,
    "db_connections_per_concurrent_user": lambda s: s.capacity.db_connections_per_concurrent_user,
    "redis_fixed_gb": lambda s: s.capacity.redis_fixed_gb,
    "redis_gb_per_1k_dau": lambda s: s.capacity.redis_gb_per_1k_dau,
    "dau_per_thousand": lambda s: 1000.0,
    "calls_per_dau_per_day": lambda s: s.ai.calls_per_dau_per_day,
    "ai_response_hit_rate": lambda s: cache_rows.ai_response_hit_rate(s.caching.caches),
    "minutes_per_day": lambda s: MINUTES_PER_DAY,
    "peak_to_average": lambda s: s.capacity.peak_to_average,
    "input_tokens_per_call": lambda s: s.ai.input_tokens_per_call,
    "output_tokens_per_call": lambda s: s.ai.output_tokens_per_call,
    "db_writes_per_dau_per_day": lambda s: s.capacity.db_writes_per_dau_per_day,
    "seconds_per_day": lambda s: SECONDS_PER_DAY,
    "level_start_dau": lambda s: [lv.dau for lv in s.levels],
    "pgbouncer_from_dau": lambda s: s.database.pgbouncer.from_dau,
    "pgbouncer_max_client_conn": lambda s: s.database.pgbouncer.max_client_conn,
    "warning_db_pool": lambda s: s.alerts.warning.db_pool_utilization,
    "critical_db_pool": lambda s: s.alerts.critical.db_pool_utilization,
    "warning_redis_memory": lambda s: s.alerts.warning.redis_memory_utilization,
    "critical_redis_memory": lambda s: s.alerts.critical.redis_memory_utilization,
    "unstated_warning": lambda s: s.capacity.thresholds_unstated.warning_utilization,
    "unstated_critical": lambda s: s.capacity.thresholds_unstated.critical_utilization,
    "alert_decimals": lambda s: ALERT_DECIMALS,
    **{f"capacity.{field}": partial(_per_level_field, field=field) for field in CAPACITY_FIELDS.values()},
}


class Inputs:
    """The named inputs of the rows above, read from ``scenario`` when a formula asks for one (``model.formula.Env``'s
    params)."""

    def __init__(self, scenario: Scenario) -> None:
        self._scenario = scenario

    def __getattr__(self, name: str) -> Any:
        try:
            read = _INPUTS[name]
        except KeyError:
            raise AttributeError(f"no capacity input '{name}'") from None
        return read(self._scenario)


INPUT_NAMES: tuple[str, ...] = tuple(_INPUTS)
"""Every input the rows read (each is a defined name of the workbook, or a per-level range)."""
