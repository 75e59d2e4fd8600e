"""The Calc sheet writes the rows model.tier_rows defines, over names the workbook defines (no LibreOffice needed)."""

from __future__ import annotations

import pytest

from model import tier_rows
from model.formula import Formula, Input
from model.loading import plan_scenario
from outputs.calculation import CALC, _CalcColumn
from outputs.workbook import build_book

DEFINED = [v for v in vars(tier_rows).values() if isinstance(v, Formula)]


def test_every_defined_row_is_on_calc_with_its_formula_in_each_tier_column() -> None:
    book = build_book(plan_scenario(), others={})
    ws = book.wb[CALC]
    assert len(DEFINED) >= 7
    for f in DEFINED:
        r = book.calc_row[f.key]
        assert ws.cell(row=r, column=1).value == f.label
        for c in book.calc_cols:
            # The row's cells in that column, read back from the sheet's own layout.
            text = f.expr.excel(_Layout(book.calc_row, c))
            assert ws[f"{c}{r}"].value == "=" + text


class _Layout:
    def __init__(self, rows: dict[str, int], column: str) -> None:
        self.rows, self.column = rows, column

    def row(self, key: str) -> str:
        return f"{self.column}${self.rows[key]}"

    def name(self, name: str) -> str:
        return name


def test_an_input_the_workbook_does_not_name_is_refused_when_written() -> None:
    book = build_book(plan_scenario(), others={})
    column = _CalcColumn(book, "D")
    assert column.name("days_per_month") == "days_per_month"
    with pytest.raises(KeyError, match="no name 'days_a_month'"):
        Formula("x", Input("days_a_month") * 2).written(column)
