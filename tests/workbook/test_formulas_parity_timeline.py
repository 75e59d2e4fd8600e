"""The fast parity check (no LibreOffice) for the Timeline sheet: its month table, calculated by the `formulas` package,
against the model's projection (``model.analysis.timeline.project``), for the exported plan.

A separate compiled model from tests/workbook/test_formulas_parity.py: the month table is about 1,500 formula cells
(a few thousand with what they read), ~10 s to compile here. Every function it calls must be one `formulas` implements.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import formulas
import openpyxl
import pytest
from formulas.functions import get_functions
from formulas.tokens.operand import XlError

from model.analysis.timeline import project
from model.loading import plan_scenario
from outputs.timeline import SHEET as TIMELINE
from outputs.workbook import build_book

FILE = "timeline.xlsx"
COLUMNS = (("DAU", "dau"), ("Infrastructure", "infrastructure_usd"), ("AI", "ai_usd"), ("Total", "total_usd"))


@dataclass
class Calculated:
    ws: Any
    first: int
    months: int
    col: dict[str, str]
    values: dict[str, Any]

    def at(self, header: str, k: int) -> Any:
        return self.values[f"'[{FILE}]{TIMELINE.upper()}'!{self.col[header]}{self.first + k}"]


@pytest.fixture(scope="module")
def calculated(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Calculated]:
    folder = tmp_path_factory.mktemp("formulas_timeline")
    book = build_book(plan_scenario())
    book.wb.save(folder / FILE)
    ws = book.wb[TIMELINE]
    first = book.rows[TIMELINE]["months.first"]
    headers = [c.value for c in ws[first - 1]]
    col = {h: openpyxl.utils.get_column_letter(i + 1) for i, h in enumerate(headers) if h}
    last = first + book.counts.months - 1
    with pytest.MonkeyPatch.context() as mp:
        mp.chdir(folder)  # `formulas` resolves '[timeline.xlsx]' against the working directory
        model = formulas.ExcelModel().from_ranges(f"'[{FILE}]{TIMELINE.upper()}'!{col['DAU']}{first}:{col['Total']}{last}")
        model.finish()
        solution = model.calculate()
    values = {k: v.value[0, 0] if hasattr(v, "value") else v for k, v in solution.items()}
    yield Calculated(ws, first, book.counts.months, col, values)


def test_formulas_supports_every_function_the_month_table_uses(calculated: Calculated) -> None:
    used: set[str] = set()
    for row in calculated.ws.iter_rows(min_row=calculated.first, max_row=calculated.first + calculated.months - 1):
        for cell in row:
            if isinstance(cell.value, str) and cell.value.startswith("="):
                used.update(re.findall(r"([A-Z][A-Z0-9.]*)\(", re.sub(r'"[^"]*"', "", cell.value)))
    assert {"IF", "INDEX", "COUNTIF", "PRODUCT"} <= used
    assert sorted(used - set(get_functions())) == []


def test_the_month_table_equals_the_models_projection(calculated: Calculated) -> None:
    assert [f"{k}={v}" for k, v in calculated.values.items() if isinstance(v, XlError)] == []
    projection = project(plan_scenario())
    for k, month in projection.months.iterrows():
        for header, key in COLUMNS:
            got = calculated.at(header, int(k))
            assert got == pytest.approx(month[key], rel=1e-9, abs=0.005), (month["month"], header)
    # By hand: the plan's first month is 10,000 DAU at level 1: 55 of infrastructure + 9,000 of AI = 9,055.
    assert calculated.at("Total", 0) == pytest.approx(9_055)
