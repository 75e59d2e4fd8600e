"""The fast parity check (no LibreOffice) for the Timeline sheet: its month table, calculated by the `formulas` package,
against the model's projection (``model.analysis.timeline.project``) and the model's own evaluation of the rows the
sheet writes (``model.timeline_rows``: the segment, its ends and the DAU; ``model.tier_rows``: the level in force, its
line items, the reserved saving deducted and the phase multipliers), for the exported plan (exponential growth) and for the
plan with linear growth and the reserved saving applied typed into its Assumptions column.

A separate compiled model from tests/workbook/test_formulas_parity.py: the month table is about 3,000 formula cells
(more with what they read), ~15 s to compile here. Every function it calls must be one `formulas` implements.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

import formulas
import numpy as np
import openpyxl
import pytest
from formulas.functions import get_functions
from formulas.tokens.operand import XlError

from model import costs, tier_rows, timeline_rows
from model.analysis.timeline import month_env, project
from model.loading import plan_scenario
from model.overrides import with_overrides
from model.params import params_from
from model.scenario import Scenario
from outputs.context import Book
from outputs.timeline import SHEET as TIMELINE
from outputs.workbook import build_book
from tests.workbook.wbhelpers import input_cell

FILE = "timeline.xlsx"
COLUMNS = (("DAU", "dau"), ("Level", "level"), ("Infrastructure", "infrastructure_usd"), ("AI", "ai_usd"), ("Total", "total_usd"))
# Typed into the exported scenario's column, and the same change as overrides: every month row's formulas move.
TYPED: dict[str, Any] = {"timeline.growth": "linear", "reserved_instances.applied": 1, "reserved_instances.from_dau": 60_000}
OVERRIDES: dict[str, Any] = {
    "timeline.growth": "linear",
    "reserved_instances.applied": True,
    "reserved_instances.from_dau": 60_000,
}


@dataclass
class Calculated:
    book: Book
    ws: Any
    first: int
    months: int
    col: dict[str, str]
    model: Any

    def run(self, typed: Mapping[str, object] | None = None) -> dict[str, Any]:
        inputs = {f"'[{FILE}]ASSUMPTIONS'!{input_cell(self.book, k)}": v for k, v in (typed or {}).items()}
        missing = [k for k in inputs if k not in self.model.dsp.data_nodes]
        assert not missing, f"typed cells the compiled part does not read: {missing}"
        solution = self.model.calculate(inputs=inputs)
        return {k: v.value[0, 0] if hasattr(v, "value") else v for k, v in solution.items()}

    def at(self, values: Mapping[str, Any], header: str, k: int) -> Any:
        return values[f"'[{FILE}]{TIMELINE.upper()}'!{self.col[header]}{self.first + k}"]


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
        model = formulas.ExcelModel().from_ranges(
            f"'[{FILE}]{TIMELINE.upper()}'!{col['In the projection']}{first}:{col['Total']}{last}"
        )
        model.finish()
        yield Calculated(book, ws, first, book.counts.months, col, model)


def test_formulas_supports_every_function_the_month_table_uses(calculated: Calculated) -> None:
    used: set[str] = set()
    for row in calculated.ws.iter_rows(min_row=calculated.first, max_row=calculated.first + calculated.months - 1):
        for cell in row:
            if isinstance(cell.value, str) and cell.value.startswith("="):
                used.update(re.findall(r"([A-Z][A-Z0-9.]*)\(", re.sub(r'"[^"]*"', "", cell.value)))
    assert {"IF", "INDEX", "COUNTIF", "COUNT", "PRODUCT", "LN", "EXP", "AND"} <= used
    assert sorted(used - set(get_functions())) == []


def _rows_by_the_model(scenario: Scenario) -> dict[str, np.ndarray]:
    """What the model evaluates for each month row the sheet writes from a definition (one value per month)."""
    _, env = month_env(scenario)
    with np.errstate(divide="ignore", invalid="ignore"):
        months = {
            f.label: np.asarray(f.evaluate(env), dtype=float)
            for f in (
                timeline_rows.SEGMENT,
                timeline_rows.SEGMENT_START,
                timeline_rows.SEGMENT_END,
                timeline_rows.DAU_START,
                timeline_rows.DAU_END,
                timeline_rows.SHARE_PASSED,
                timeline_rows.DAU,
            )
        }
    p = params_from(scenario)
    dau = months["DAU"]
    tiers = costs._env(dau, p)
    months["Infrastructure before reserved"] = tier_rows.INFRASTRUCTURE_GROSS_USD.evaluate(tiers)
    months["Reserved saving deducted"] = tier_rows.RESERVED_DEDUCTED_USD.evaluate(tiers)
    months["Optimisation multiplier"] = tier_rows.OPTIMISATION_MULTIPLIER.evaluate(costs._phase_env(dau, p))
    phases = tier_rows.PHASE_MULTIPLIER.evaluate(costs._phase_env(dau, p))
    for i in range(phases.shape[-1]):
        months[f"Phase {i + 1} multiplier"] = phases[..., i]
    # A row whose IF has one answer for every month (the saving not applied) is that one number: one per month.
    return {header: np.broadcast_to(np.asarray(v, dtype=float), dau.shape) for header, v in months.items()}


def _assert_is_model(calculated: Calculated, values: Mapping[str, Any], scenario: Scenario) -> None:
    assert [f"{k}={v}" for k, v in values.items() if isinstance(v, XlError)] == []
    projection = project(scenario)
    by_rows = _rows_by_the_model(scenario)
    assert projection.months["dau"].tolist() == by_rows["DAU"].tolist()  # the projection's DAU is the row's
    for k, month in projection.months.iterrows():
        for header, key in COLUMNS:
            got = calculated.at(values, header, int(k))
            assert got == pytest.approx(month[key], rel=1e-9, abs=0.005), (scenario.name, month["month"], header)
        for header, expected in by_rows.items():
            got = calculated.at(values, header, int(k))
            assert got == pytest.approx(expected[int(k)], rel=1e-12, abs=1e-9), (scenario.name, month["month"], header)


def test_the_month_table_equals_the_models_projection(calculated: Calculated) -> None:
    values = calculated.run()
    _assert_is_model(calculated, values, plan_scenario())
    # By hand: the plan's first month is 10,000 DAU at level 1: 55 of infrastructure + 9,000 of AI = 9,055.
    assert calculated.at(values, "Total", 0) == pytest.approx(9_055)


def test_linear_growth_and_the_reserved_saving_typed_in_recompute_like_the_model(calculated: Calculated) -> None:
    plan = plan_scenario()
    edited = with_overrides(plan, OVERRIDES)
    values = calculated.run(TYPED)
    _assert_is_model(calculated, values, edited)
    # The edits move the months (otherwise the comparison proves nothing): some month between milestones grows
    # differently, and a saving is deducted from 60,000 DAU on.
    plan_values = calculated.run()
    months = range(calculated.months)
    assert any(calculated.at(values, "DAU", k) != pytest.approx(calculated.at(plan_values, "DAU", k)) for k in months)
    assert any(calculated.at(values, "Reserved saving deducted", k) > 0 for k in months)
    assert all(calculated.at(plan_values, "Reserved saving deducted", k) == 0 for k in months)
