"""model.economics_rows: revenue and gross margin, evaluated (numbers worked by hand) and written (the Budget's text)."""

from __future__ import annotations

import doctest
from types import SimpleNamespace

import pytest

import model.economics_rows
from model import economics_rows as rows
from model.analysis.economics import unit_economics
from model.formula import Env
from model.loading import plan_scenario
from model.result import evaluate


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
    # no revenue (an empty tier): the share is blank, not a division by zero
    assert rows.GROSS_MARGIN.evaluate(_env(2.0, 0, 55.0)) == ""


def test_unit_economics_evaluates_the_rows() -> None:
    # The plan at $1.50 per DAU: 10,000 DAU -> $15,000 - $9,055 = $5,945, 39.63%
    s = plan_scenario()
    first = unit_economics(s, evaluate(s), revenue_usd_per_dau=1.5)[0]
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
