"""model.tier_rows: the AI and cache-savings rows, evaluated (numbers worked by hand) and written (the Calc text)."""

from __future__ import annotations

from types import SimpleNamespace
from typing import ClassVar

import numpy as np
import pytest

from model import costs
from model import tier_rows as rows
from model.formula import Env
from model.loading import plan_scenario
from model.params import params_from
from model.scenario import CATEGORIES


def _env(*, reserved_applied: bool = True) -> Env:
    """Two tiers, 10,000 and 100,000 DAU; list price $0.01 a call, multiplier 1 then 0.5; own model from 100,000 at half.
    Line items $1,000 and $5,000 (the cache $10 and $100), of which $400 and $2,000 reserved-eligible; 30% off from
    50,000 DAU."""
    params = SimpleNamespace(
        calls_per_dau_per_day=2.0,
        days_per_month=30.0,
        ai_response_hit_rate=0.25,
        own_model_enabled=True,
        own_model_from_dau=100_000.0,
        own_model_cost_relative_to_api=0.5,
        reserved_from_dau=50_000.0,
        reserved_discount=0.3,
        reserved_applied=reserved_applied,
    )
    given = {
        "dau": np.array([10_000.0, 100_000.0]),
        "ai_list_usd_per_call": 0.01,
        "optimisation_multiplier": np.array([1.0, 0.5]),
        "infrastructure_gross_usd": np.array([1_000.0, 5_000.0]),
        "reserved_eligible_usd": np.array([400.0, 2_000.0]),
        "gross.cache": np.array([10.0, 100.0]),
    }
    return Env(params, rows={k: (lambda v=v: v) for k, v in given.items()})


def test_the_ai_rows_by_hand() -> None:
    e = _env()
    # 10,000 x 2 x 30 = 600,000 calls; 100,000 DAU: 6,000,000
    assert rows.AI_CALLS_PER_MONTH.evaluate(e) == pytest.approx([600_000, 6_000_000])
    # x (1 - 0.25): 450,000 and 4,500,000 reach the model
    assert rows.API_CALLS_PER_MONTH.evaluate(e) == pytest.approx([450_000, 4_500_000])
    # own model: off below 100,000, on at 100,000
    assert list(rows.OWN_MODEL_IN_FORCE.evaluate(e)) == [0, 1]
    # per call: 0.01 x 1 x 1 = 0.01; 0.01 x 0.5 x 0.5 = 0.0025
    assert rows.AI_USD_PER_API_CALL.evaluate(e) == pytest.approx([0.01, 0.0025])
    # AI: 450,000 x 0.01 = 4,500; 4,500,000 x 0.0025 = 11,250
    assert rows.AI_USD.evaluate(e) == pytest.approx([4_500, 11_250])
    # saved: 600,000 x 0.25 x 0.01 = 1,500; 6,000,000 x 0.25 x 0.0025 = 3,750 (AI + saved = every call at its price)
    assert rows.CACHE_SAVINGS_USD.evaluate(e) == pytest.approx([1_500, 3_750])


def test_the_infrastructure_and_total_rows_by_hand() -> None:
    e = _env()
    # saving: below 50,000 DAU none; at 100,000: 2,000 x 0.3 = 600
    assert rows.RESERVED_SAVINGS_USD.evaluate(e) == pytest.approx([0, 600])
    assert list(rows.RESERVED_IN_FORCE.evaluate(e)) == [0, 1]
    # infrastructure: 1,000 - 0; 5,000 - 600 = 4,400
    assert rows.INFRASTRUCTURE_USD.evaluate(e) == pytest.approx([1_000, 4_400])
    # total = infrastructure + AI (4,500 and 11,250): 5,500 and 15,650; per DAU 0.55 and 0.1565
    assert rows.TOTAL_USD.evaluate(e) == pytest.approx([5_500, 15_650])
    assert rows.COST_PER_DAU_USD.evaluate(e) == pytest.approx([0.55, 0.1565])
    # the cache's net saving: 1,500 - 10 = 1,490; 3,750 - 100 = 3,650
    assert rows.CACHE_SAVINGS_NET_USD.evaluate(e) == pytest.approx([1_490, 3_650])


def test_a_saving_not_applied_is_shown_but_not_deducted() -> None:
    e = _env(reserved_applied=False)
    assert rows.RESERVED_SAVINGS_USD.evaluate(e) == pytest.approx([0, 600])
    assert list(rows.RESERVED_IN_FORCE.evaluate(e)) == [0, 0]
    assert rows.INFRASTRUCTURE_USD.evaluate(e) == pytest.approx([1_000, 5_000])


def test_an_empty_tier_costs_nothing_per_dau() -> None:
    # The workbook's unused tier slots have DAU 0: cost per DAU is 0 there, not a division by zero.
    e = _env()
    e.given = {**e.given, "dau": lambda: np.array([0.0, 10_000.0])}
    with np.errstate(divide="ignore", invalid="ignore"):
        per_dau = rows.COST_PER_DAU_USD.evaluate(e)
    total = rows.TOTAL_USD.evaluate(e)
    assert total[0] == pytest.approx(1_000)  # the line items, no AI at 0 DAU
    assert per_dau.tolist() == [0.0, pytest.approx(total[1] / 10_000)]


def test_the_own_model_switched_off_leaves_the_api_price() -> None:
    e = _env()
    e.params.own_model_enabled = False
    assert rows.AI_USD_PER_API_CALL.evaluate(e) == pytest.approx([0.01, 0.005])  # 0.01 x 0.5 at 100,000


def test_the_plan_through_the_model() -> None:
    # 10,000 DAU x 2 x 30 = 600,000 calls, 70% reach the model: 420,000 x $0.0214286 = $9,000; the cache saves
    # 180,000 x $0.0214286 = $3,857.14. 1M DAU: 42,000,000 x (0.0423555 x 0.30355 x 1/3 = $0.0042857) = $180,000.
    s = plan_scenario()
    p = params_from(s)
    dau = np.array(s.tiers_dau, dtype=float)
    assert costs.ai_calls_per_month(dau, p)[0] == pytest.approx(600_000)
    assert costs.api_calls_per_month(dau, p)[0] == pytest.approx(420_000)
    assert costs.ai_usd(dau, p)[[0, -1]] == pytest.approx([9_000, 180_000])
    assert costs.ai_response_cache_savings_usd(dau, p)[0] == pytest.approx(9_000 / 0.7 * 0.3)
    assert list(costs.own_model_in_force(dau, p)) == [False, False, False, False, True]


CALC_ROWS = {
    "dau": 6,
    "ai_calls_per_month": 20,
    "ai_response_hit_rate": 21,
    "api_calls_per_month": 22,
    "ai_list_usd_per_call": 23,
    "optimisation_multiplier": 26,
    "own_model_in_force": 27,
    "ai_usd_per_api_call": 28,
    "gross.cache": 11,
    "infrastructure_gross_usd": 14,
    "reserved_eligible_usd": 15,
    "reserved_savings_usd": 16,
    "infrastructure_usd": 18,
    "ai_usd": 29,
    "cache_savings_usd": 31,
    "cache_cost_usd": 32,
    "total_usd": 40,
}


class CalcColumn:
    """Tier column D of a Calc sheet laid out as the workbook's (row numbers as there, for reading)."""

    def row(self, key: str) -> str:
        return f"D${CALC_ROWS[key]}"

    def inline(self, key: str) -> bool:
        return key not in CALC_ROWS  # the reserved saving deducted has no row on Calc: written in place

    def name(self, name: str) -> str:
        return name


@pytest.mark.parametrize(
    ("row", "text"),
    [
        (rows.AI_CALLS_PER_MONTH, "D$6*calls_per_dau_per_day*days_per_month"),
        (rows.AI_RESPONSE_HIT_RATE, "ai_response_hit_rate"),
        (rows.API_CALLS_PER_MONTH, "D$20*(1-D$21)"),
        (rows.OWN_MODEL_IN_FORCE, "IF(AND(own_model_enabled=1,D$6>=own_model_from_dau),1,0)"),
        (rows.AI_USD_PER_API_CALL, "D$23*D$26*IF(D$27=1,own_model_cost_relative_to_api,1)"),
        (rows.AI_USD, "D$22*D$28"),
        (rows.CACHE_SAVINGS_USD, "D$20*D$21*D$28"),
        (rows.RESERVED_SAVINGS_USD, "IF(D$6>=reserved_from_dau,D$15*reserved_discount,0)"),
        (rows.RESERVED_IN_FORCE, "IF(AND(reserved_applied=1,D$6>=reserved_from_dau),1,0)"),
        (rows.INFRASTRUCTURE_USD, "D$14-IF(reserved_applied=1,D$16,0)"),
        (rows.CACHE_COST_USD, "D$11"),
        (rows.CACHE_SAVINGS_NET_USD, "D$31-D$32"),
        (rows.TOTAL_USD, "D$18+D$29"),
        (rows.COST_PER_DAU_USD, "IF(D$6>0,D$40/D$6,0)"),
    ],
)
def test_each_row_is_written_as_one_excel_formula_over_names_and_rows(row: rows.Formula, text: str) -> None:
    assert row.written(CalcColumn()) == text


def _level_env() -> Env:
    """Three levels starting at 10,000, 50,000 and 100,000 DAU; per level and category (cdn, cache, the rest 0) the
    line items; tiers at 5,000, 50,000 and 2,000,000 DAU."""
    table = np.zeros((3, len(CATEGORIES)))
    cdn, cache = CATEGORIES.index("cdn"), CATEGORIES.index("cache")
    table[:, cdn] = [20.0, 600.0, 3_000.0]
    table[:, cache] = [10.0, 100.0, 500.0]
    params = params_from(plan_scenario()).with_values(
        level_dau=np.array([10_000.0, 50_000.0, 100_000.0]),
        level_category_usd=table,
        level_reserved_eligible_usd=np.array([0.0, 600.0, 2_500.0]),
    )
    return Env(params, rows={"dau": lambda: np.array([5_000.0, 50_000.0, 2_000_000.0])})


def test_the_level_in_force_and_its_line_items_by_hand() -> None:
    e = _level_env()
    # 5,000 DAU is below the first level: level 1; 50,000 starts level 2; 2M is past the last: level 3
    assert rows.LEVEL.evaluate(e).tolist() == [1, 2, 3]
    # all line items: 20 + 10 = 30; 600 + 100 = 700; 3,000 + 500 = 3,500
    assert rows.INFRASTRUCTURE_GROSS_USD.evaluate(e).tolist() == [30.0, 700.0, 3_500.0]
    assert rows.RESERVED_ELIGIBLE_USD.evaluate(e).tolist() == [0.0, 600.0, 2_500.0]
    assert rows.CACHE_CATEGORY_USD.evaluate(e).tolist() == [10.0, 100.0, 500.0]
    assert rows.GROSS_BY_CATEGORY["cdn"].evaluate(e).tolist() == [20.0, 600.0, 3_000.0]


def test_a_per_draw_level_table_looks_up_per_draw() -> None:
    # Monte Carlo moves a line item: the table is (draws, levels, categories); two draws, level 2's cdn 600 then 800.
    e = _level_env()
    table = np.stack([e.params.level_category_usd, e.params.level_category_usd])
    table[1, 1, CATEGORIES.index("cdn")] = 800.0
    e = Env(e.params.with_values(level_category_usd=table), rows=e.given)
    assert rows.INFRASTRUCTURE_GROSS_USD.evaluate(e).tolist() == [[30.0, 700.0, 3_500.0], [30.0, 900.0, 3_500.0]]


def test_the_phases_by_hand() -> None:
    # Phases from 0 (x 0.5) and 100,000 DAU (x 0.6), the phases on the last axis: 10k DAU 0.5; 100k 0.5 x 0.6 = 0.3
    e = Env(
        SimpleNamespace(),
        rows={
            "dau": lambda: np.array([[10_000.0], [100_000.0]]),
            "phase.from_dau": lambda: np.array([0.0, 100_000.0]),
            "phase.cost_multiplier": lambda: np.array([0.5, 0.6]),
        },
    )
    assert rows.PHASE_MULTIPLIER.evaluate(e).tolist() == [[0.5, 1.0], [0.5, 0.6]]
    assert rows.OPTIMISATION_MULTIPLIER.evaluate(e).tolist() == pytest.approx([0.5, 0.3])


class LevelsColumn(CalcColumn):
    """Calc's column D with its level rows, the per-level inputs as ranges on Levels, the phases in rows 24-25."""

    ROWS: ClassVar[dict[str, int]] = {"level": 7, "phase.0": 24, "phase.1": 25}

    def row(self, key: str) -> str:
        if key in ("phase.from_dau", "phase.cost_multiplier"):
            return {"phase.from_dau": "'Assumptions'!$C$60", "phase.cost_multiplier": "'Assumptions'!$C$61"}[key]
        return f"D${self.ROWS[key]}" if key in self.ROWS else super().row(key)

    def inline(self, key: str) -> bool:
        return key not in self.ROWS and super().inline(key)

    def name(self, name: str) -> str:
        return {"level_total": "'Levels'!$K$5:$K$9", "level_eligible": "'Levels'!$L$5:$L$9"}.get(name, name)

    def span(self, key: str) -> str:
        return f"D{self.ROWS[f'{key}.0']}:D{self.ROWS[f'{key}.1']}"


@pytest.mark.parametrize(
    ("row", "text"),
    [
        (rows.LEVEL, 'MAX(1,COUNTIF(level_start_dau,"<="&D$6))'),
        (rows.INFRASTRUCTURE_GROSS_USD, "INDEX('Levels'!$K$5:$K$9,D$7)"),
        (rows.RESERVED_ELIGIBLE_USD, "INDEX('Levels'!$L$5:$L$9,D$7)"),
        (rows.PHASE_MULTIPLIER, "IF(ISNUMBER('Assumptions'!$C$60),IF(D$6>='Assumptions'!$C$60,'Assumptions'!$C$61,1),1)"),
        (rows.OPTIMISATION_MULTIPLIER, "PRODUCT(D24:D25)"),
    ],
)
def test_the_level_and_phase_rows_are_written_over_the_levels_ranges(row: rows.Formula, text: str) -> None:
    assert row.written(LevelsColumn()) == text


def _category_env(*, applied: bool) -> Env:
    """_level_env's three levels with level 2's cdn ($600) and level 3's cdn ($3,000) reserved-eligible, 30% off from
    50,000 DAU."""
    e = _level_env()
    eligible = np.zeros((3, len(CATEGORIES)))
    eligible[:, CATEGORIES.index("cdn")] = [0.0, 600.0, 3_000.0]
    params = e.params.with_values(
        level_category_eligible_usd=eligible,
        level_reserved_eligible_usd=eligible.sum(axis=-1),
        reserved_discount=0.3,
        reserved_from_dau=50_000.0,
        reserved_applied=applied,
    )
    return Env(params, rows=e.given)


def test_the_cost_by_category_after_reserved_discounts_by_hand() -> None:
    e = _category_env(applied=True)
    # cdn: 5,000 DAU is below 50,000: nothing deducted, $20; 50,000: 600 - 600 x 0.3 = 420; 2M: 3,000 - 900 = 2,100
    assert rows.CATEGORY_USD["cdn"].evaluate(e).tolist() == [20.0, 420.0, 2_100.0]
    # the cache has no eligible item: its list price, 10, 100, 500
    assert rows.CATEGORY_USD["cache"].evaluate(e).tolist() == [10.0, 100.0, 500.0]
    # the saving shown but not applied: the list prices
    assert rows.CATEGORY_USD["cdn"].evaluate(_category_env(applied=False)).tolist() == [20.0, 600.0, 3_000.0]


def test_the_model_evaluates_the_category_rows_for_every_category() -> None:
    # costs.category_usd stacks the rows in CATEGORIES order; the tier's infrastructure is their sum (to the cent)
    e = _category_env(applied=True)
    table = costs.category_usd(e.given["dau"](), e.params)
    assert table[:, CATEGORIES.index("cdn")].tolist() == [20.0, 420.0, 2_100.0]
    assert table.sum(axis=-1) == pytest.approx(costs.infrastructure_usd(e.given["dau"](), e.params))


class CategoryColumn(LevelsColumn):
    """Calc's column D with the cdn category's list in row 12 and the reserved flag in row 17."""

    ROWS: ClassVar[dict[str, int]] = {**LevelsColumn.ROWS, "gross.cdn": 12, "reserved_in_force": 17}

    def name(self, name: str) -> str:
        return {"level_eligible.cdn": "'Levels'!$T$5:$T$9"}.get(name, name)


def test_the_category_row_is_written_as_calc_writes_it() -> None:
    assert rows.CATEGORY_USD["cdn"].written(CategoryColumn()) == "D$12-D$17*INDEX('Levels'!$T$5:$T$9,D$7)*reserved_discount"
