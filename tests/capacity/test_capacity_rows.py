"""model.capacity.rows: the Capacity sheet's rows, evaluated (numbers worked by hand from the plan) and written (the
sheet's text), and the model's capacity readings taken from them."""

from __future__ import annotations

import re

import numpy as np
import pytest

from model.capacity import alert_for, capacities, demand_coefficients, pgbouncer_in_force, thresholds
from model.capacity import rows as cap
from model.formula import Env, Linear
from model.loading import plan_scenario
from model.overrides import with_overrides


class _Column:
    """Tier column D of a made-up Capacity sheet: DAU in row 5, the level in row 6, each other row by its key."""

    def __init__(self) -> None:
        self.rows = {"dau": 5, "level": 6}

    def row(self, key: str) -> str:
        return f"D${self.rows.setdefault(key, 10 + len(self.rows))}"

    def name(self, name: str) -> str:
        return {"capacity.db_max_connections": "Levels!$D$9:$H$9"}.get(name, name)


def _at_plan_tiers() -> Env:
    """The plan at 10,000 and 100,000 DAU (levels 1 and 3)."""
    return Env(
        cap.Inputs(plan_scenario()), rows={"dau": lambda: np.array([10_000.0, 100_000.0]), "level": lambda: np.array([1, 3])}
    )


def test_the_demand_rows_by_hand() -> None:
    e = _at_plan_tiers()
    # 10,000 x 0.1 concurrent x 0.072 connections = 72; 100,000: 720
    assert cap.DEMAND["db_connections"].evaluate(e) == pytest.approx([72, 720])
    # 0.2 GB + 0.3 / 1,000 x 10,000 = 3.2 GB; 100,000: 30.2 GB
    assert cap.DEMAND["redis_memory"].evaluate(e) == pytest.approx([3.2, 30.2])
    # 2 calls x (1 - 0.3) / 1,440 x 3 x 10,000 = 42,000 / 1,440 = 29.1667 a minute; 100,000: 291.667
    assert cap.DEMAND["ai_requests"].evaluate(e) == pytest.approx([42_000 / 1_440, 420_000 / 1_440])
    # x (4,000 + 3,800) tokens = 227,500 a minute; 2,275,000
    assert cap.DEMAND["ai_tokens"].evaluate(e) == pytest.approx([227_500, 2_275_000])
    # 52 writes / 86,400 x 3 x 10,000 = 1,560,000 / 86,400 = 18.0556 a second; 180.556
    assert cap.DEMAND["db_writes"].evaluate(e) == pytest.approx([1_560_000 / 86_400, 15_600_000 / 86_400])


def test_the_capacity_utilisation_and_alert_rows_by_hand() -> None:
    e = _at_plan_tiers()
    # Level 1 starts at 10,000 (before PgBouncer's 50,000): 100 connections; level 3 (100,000): MAX(100, 1,000)
    assert list(cap.PGBOUNCER.evaluate(e)) == [0, 1]
    assert cap.CAPACITY["db_connections"].evaluate(e) == pytest.approx([100, 1_000])
    assert cap.CAPACITY["redis_memory"].evaluate(e) == pytest.approx([4, 50])
    # 72 / 100 = 72%, 720 / 1,000 = 72%: both under the 80% warning
    assert cap.UTILIZATION["db_connections"].evaluate(e) == pytest.approx([0.72, 0.72])
    assert list(cap.ALERT["db_connections"].evaluate(e)) == ["ok", "ok"]
    # Redis: 3.2 / 4 = 80%, not above the 80% warning (ROUND keeps the noise out); 30.2 / 50 = 60.4%
    assert cap.UTILIZATION["redis_memory"].evaluate(e) == pytest.approx([0.8, 0.604])
    assert list(cap.ALERT["redis_memory"].evaluate(e)) == ["ok", "ok"]
    # Writes at level 3: 180.556 / 750 a second = 24%
    assert cap.UTILIZATION["db_writes"].evaluate(e) == pytest.approx([18.0556 / 250, 180.556 / 750], rel=1e-5)


def test_the_alert_rows_raise_warning_and_critical() -> None:
    # Redis at 14,000 DAU: 0.2 + 0.3 x 14 = 4.4 of 4 GB = 110%, above the 90% critical; 12,000 DAU: 3.8 / 4 = 95%,
    # above 90% critical too; 11,000 DAU: 3.5 / 4 = 87.5%, above the 80% warning only.
    e = Env(
        cap.Inputs(plan_scenario()),
        rows={"dau": lambda: np.array([11_000.0, 12_000.0, 14_000.0]), "level": lambda: np.array([1, 1, 1])},
    )
    assert list(cap.ALERT["redis_memory"].evaluate(e)) == ["warning", "critical", "critical"]


def test_the_rows_write_the_capacity_sheets_text() -> None:
    column = _Column()
    assert cap.DEMAND["db_connections"].written(column) == "D$5*concurrent_users_per_dau*db_connections_per_concurrent_user"
    assert cap.DEMAND["redis_memory"].written(column) == "redis_fixed_gb+redis_gb_per_1k_dau/dau_per_thousand*D$5"
    assert (
        cap.DEMAND["ai_requests"].written(column)
        == "calls_per_dau_per_day*(1-ai_response_hit_rate)/minutes_per_day*peak_to_average*D$5"
    )
    ai_requests = column.row("demand.ai_requests")
    assert cap.DEMAND["ai_tokens"].written(column) == f"{ai_requests}*(input_tokens_per_call+output_tokens_per_call)"
    assert cap.DEMAND["db_writes"].written(column) == "db_writes_per_dau_per_day/seconds_per_day*peak_to_average*D$5"
    assert cap.PGBOUNCER.written(column) == "IF(INDEX(level_start_dau,D$6)>=pgbouncer_from_dau,1,0)"
    pgbouncer = column.row("pgbouncer")
    assert cap.CAPACITY["db_connections"].written(column) == (
        f"IF({pgbouncer}=1,MAX(INDEX(Levels!$D$9:$H$9,D$6),pgbouncer_max_client_conn),INDEX(Levels!$D$9:$H$9,D$6))"
    )
    u = column.row("utilization.redis_memory")
    assert cap.UTILIZATION["redis_memory"].written(column) == (
        f"{column.row('demand.redis_memory')}/{column.row('capacity.redis_memory')}"
    )
    assert cap.ALERT["redis_memory"].written(column) == (
        f'IF(ROUND({u},alert_decimals)>critical_redis_memory,"critical",'
        f'IF(ROUND({u},alert_decimals)>warning_redis_memory,"warning","ok"))'
    )


def test_every_input_the_rows_read_is_one_inputs_gives() -> None:
    names: set[str] = set()
    column = _Column()
    column.name = lambda name: names.add(name) or name  # type: ignore[method-assign]
    for formula in [
        cap.PGBOUNCER,
        *cap.DEMAND.values(),
        *cap.CAPACITY.values(),
        *cap.UTILIZATION.values(),
        *cap.ALERT.values(),
    ]:
        formula.written(column)
    assert names == set(cap.INPUT_NAMES)
    inputs = cap.Inputs(plan_scenario())
    for name in cap.INPUT_NAMES:
        getattr(inputs, name)
    with pytest.raises(AttributeError, match="no capacity input 'calls_per_day'"):
        _ = inputs.calls_per_day


def test_the_models_coefficients_are_the_demand_rows_exactly() -> None:
    # Linear.of_row runs the rows' own arithmetic: the same floats the formulas give, fixed part and part per DAU.
    s = plan_scenario()
    coefficients = demand_coefficients(s)
    assert coefficients["redis_memory"] == (0.2, 0.3 / 1000)
    assert coefficients["db_connections"] == (0.0, 0.1 * 0.072)
    assert coefficients["ai_requests"] == (0.0, 2 * (1 - 0.3) / 1440.0 * 3)
    assert coefficients["ai_tokens"] == (0.0, 2 * (1 - 0.3) / 1440.0 * 3 * (4000 + 3800))
    assert coefficients["db_writes"] == (0.0, 52 / 86_400.0 * 3)
    e = Env(cap.Inputs(s), rows={"dau": lambda: np.array([12_345.0, 765_432.0]), "level": lambda: np.array([1, 5])})
    for rid, (fixed, per_dau) in coefficients.items():
        assert cap.DEMAND[rid].evaluate(e) == pytest.approx(fixed + per_dau * np.array([12_345.0, 765_432.0]), rel=1e-15)


def test_the_models_capacities_and_thresholds_are_the_rows() -> None:
    # The plan's levels start at 10k, 50k, 100k, 500k, 1M; PgBouncer from 50k: MAX(100, 1,000) from level 2 on.
    s = plan_scenario()
    assert capacities(s)["db_connections"].tolist() == [100, 1_000, 1_000, 10_000, 20_000]
    assert [pgbouncer_in_force(s, n) for n in (1, 2, 5)] == [False, True, True]
    later = with_overrides(s, {"database.pgbouncer.from_dau": 500_000})  # PgBouncer only from level 4
    assert capacities(later)["db_connections"].tolist() == [100, 100, 100, 10_000, 20_000]
    assert [pgbouncer_in_force(later, n) for n in (3, 4)] == [False, True]
    assert capacities(s)["ai_tokens"].tolist() == [30e6, 30e6, 90e6, 90e6, 150e6]
    assert thresholds(s)["redis_memory"] == (0.8, 0.9)  # the plan's alerts on Redis memory


def test_a_new_scenario_object_is_evaluated_anew() -> None:
    # The last scenario's readings are kept; another scenario object (an edit) must not get them.
    s = plan_scenario()
    assert demand_coefficients(s)["db_writes"][1] == pytest.approx(52 / 86_400 * 3)
    edited = with_overrides(s, {"capacity.db_writes_per_dau_per_day": 104})
    assert demand_coefficients(edited)["db_writes"][1] == pytest.approx(104 / 86_400 * 3)
    assert capacities(edited)["db_writes"].flags.writeable is False  # shared between callers: read-only


def test_linear_rejects_what_is_not_linear() -> None:
    e = Env(cap.Inputs(plan_scenario()), rows={"dau": Linear.of_row})
    with pytest.raises(TypeError, match="not linear"):
        (cap.DAU / cap.DAU).evaluate(e)
    assert re.fullmatch(r"Linear\(0\.0, 1\.0\)", repr(Linear.of_row()))


@pytest.mark.parametrize(
    ("u", "alert"),
    [(0.8, "ok"), (3.2 / 4, "ok"), (0.8 + 1e-12, "ok"), (0.8000001, "warning"), (0.95, "warning"), (0.9500001, "critical")],
)
def test_alert_for_is_the_rows_alert(u: float, alert: str) -> None:
    # Warning above 80%, critical above 95% (the plan's DB pool); ROUND(u, 9) first.
    assert str(alert_for(u, 0.8, 0.95)) == alert
    assert alert_for(np.array([u, 0.1]), 0.8, 0.95).tolist() == [alert, "ok"]
