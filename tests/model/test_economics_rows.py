"""model.economics_rows: revenue and gross margin, evaluated (numbers worked by hand) and written (the Budget's text)."""

from __future__ import annotations

import doctest
import math
from types import SimpleNamespace

import numpy as np
import pytest

import model.economics_rows
from model import economics_rows as rows
from model.analysis.economics import unit_economics
from model.formula import Env
from model.loading import plan_scenario
from tests.revenue import at_revenue


def _env(revenue_per_dau: float, dau: float, total: float) -> Env:
    inputs = SimpleNamespace(revenue_usd_per_dau_per_month=revenue_per_dau)
    return Env(inputs, rows={"dau": lambda: dau, "total_usd": lambda: total})


def test_the_docstring_examples_run() -> None:
    assert doctest.testmod(model.economics_rows, raise_on_error=False).failed == 0


def test_revenue_and_margin_by_hand() -> None:
    # 50,000 DAU x $2 = $100,000 of revenue; cost $45,719: margin $54,281, 54.281% of revenue
    e = _env(2.0, 50_000, 45_719.0)
    assert rows.REVENUE_USD.evaluate(e) == 100_000
    assert rows.GROSS_MARGIN_USD.evaluate(e) == 54_281
    assert rows.GROSS_MARGIN.evaluate(e) == pytest.approx(0.54281)
    # a loss: $0.50 x 10,000 = $5,000 against $9,055: margin -$4,055, -81.1%
    e = _env(0.5, 10_000, 9_055.0)
    assert rows.GROSS_MARGIN_USD.evaluate(e) == -4_055
    assert rows.GROSS_MARGIN.evaluate(e) == pytest.approx(-0.811)
    # no revenue (an empty tier): the share is blank (NaN evaluated, "" written), not a division by zero
    assert math.isnan(rows.GROSS_MARGIN.evaluate(_env(2.0, 0, 55.0)))


def test_margin_share_vectorised_is_the_budgets_blank_where_no_revenue() -> None:
    # Goal seek evaluates the same row over trial revenues: $2 x 50,000 = $100,000 against $45,719 -> 0.54281;
    # $0 x 50,000 = no revenue -> blank (NaN, never -inf from -45,719 / 0); $1 x 50,000 = $50,000 -> 4,281 / 50,000 = 0.08562
    inputs = SimpleNamespace(revenue_usd_per_dau_per_month=np.array([2.0, 0.0, 1.0]))
    e = Env(inputs, rows={"dau": lambda: np.array([50_000.0] * 3), "total_usd": lambda: np.array([45_719.0] * 3)})
    with np.errstate(divide="ignore", invalid="ignore"):
        share = rows.GROSS_MARGIN.evaluate(e)
    assert share[0] == pytest.approx(0.54281) and share[2] == pytest.approx(0.08562)
    assert math.isnan(share[1])


def test_goal_seeks_margin_share_is_the_row() -> None:
    # The solver's target is GROSS_MARGIN itself: at the plan's first tier, $1.50 per DAU, it is 5,945 / 15,000 = 0.39633
    from model.params import params_from
    from model.solve import target_values

    p = params_from(plan_scenario())
    share = target_values("gross_margin_pct", np.array([10_000.0]), p, revenue_usd_per_dau=np.array([1.5, 0.0]))
    assert share[0] == pytest.approx(5_945 / 15_000, rel=1e-4)
    assert math.isnan(share[1])  # no revenue: blank, which the solver skips


def test_unit_economics_evaluates_the_rows() -> None:
    # The plan at $1.50 per DAU: 10,000 DAU -> $15,000 - $9,055 = $5,945, 39.63%
    s = plan_scenario()
    first = unit_economics(*at_revenue(s, 1.5))[0]
    assert (first.revenue_usd, first.gross_margin_usd) == (15_000, pytest.approx(5_945))
    assert first.gross_margin == pytest.approx(5_945 / 15_000)


class BudgetColumn:
    """Budget column E: the DAU in working row 40, the lines in rows 20 (total), 21 (revenue) and 22 (margin)."""

    def row(self, key: str) -> str:
        return {"dau": "E$40", "total_usd": "E20", "revenue_usd": "E21", "gross_margin_usd": "E22"}[key]

    def name(self, name: str) -> str:
        return name


@pytest.mark.parametrize(
    ("row", "text"),
    [
        (rows.REVENUE_USD, "revenue_usd_per_dau*E$40"),
        (rows.GROSS_MARGIN_USD, "E21-E20"),
        (rows.GROSS_MARGIN, 'IF(N(E21)>0,E22/E21,"")'),
    ],
)
def test_each_row_is_written_as_one_excel_formula(row: rows.Formula, text: str) -> None:
    assert row.written(BudgetColumn()) == text
