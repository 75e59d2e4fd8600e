"""The Assumptions sheet takes each declared driver's label, unit, number format and defined name from its Spec."""

from __future__ import annotations

import pytest

from model.driver_spec import declared
from model.loading import plan_scenario
from model.scenario import Scenario
from outputs.assumptions import CELL_FORMATS, SHEET
from outputs.workbook import build_workbook

NAMED = [d for d in declared(Scenario) if d.spec.name]


@pytest.fixture(scope="module")
def sheet_rows():
    wb = build_workbook(plan_scenario())
    ws = wb[SHEET]
    rows = {}
    for d in NAMED:
        ref = wb.defined_names[d.spec.name].attr_text  # e.g. 'Assumptions'!$C$12
        row = int(ref.rsplit("$", 1)[1])
        rows[d.pattern] = (ws.cell(row=row, column=1).value, ws.cell(row=row, column=2).value, ws.cell(row=row, column=3))
    return rows


def test_every_named_driver_has_its_row(sheet_rows):
    # 11 scalar cost drivers with an Excel name, the two on/off drivers among them, and revenue per DAU
    assert len(sheet_rows) == len(NAMED) == 12


@pytest.mark.parametrize("driver", NAMED, ids=[d.pattern for d in NAMED])
def test_the_row_reads_the_spec(sheet_rows, driver):
    label, unit, live = sheet_rows[driver.pattern]
    spec = driver.spec
    assert label == (spec.sheet_label or spec.label)
    assert unit == (spec.sheet_unit or spec.unit)
    assert live.number_format == CELL_FORMATS[spec.cell]


def test_a_driver_worded_differently_on_the_sheet():
    # the on/off drivers read as 1/0 flags on the sheet: their sheet wording is the Spec's sheet_label / sheet_unit
    (own,) = [d for d in NAMED if d.pattern == "ai.own_model.enabled"]
    assert (own.spec.sheet_label, own.spec.sheet_unit, own.spec.name) == (
        "Own model enabled (1 = yes, 0 = no)",
        "flag",
        "own_model_enabled",
    )


def test_a_driver_the_model_applies_differently_shows_its_applied_value():
    # own-model-business-case.json prices the own model on the business case's basis: the sheet's Live cell holds the
    # ratio the model applies (model.params.APPLIED), not the scenario's stated 1/3, in its scenario column (D: the
    # workbook's own scenario first; the Live cell C picks a column by formula).
    from model import costs
    from model.loading import load_scenario
    from model.params import APPLIED, params_from

    case = load_scenario("data/scenarios/own-model-business-case.json")
    (own,) = [d for d in NAMED if d.pattern in APPLIED]
    wb = build_workbook(case)
    ref = wb.defined_names[own.spec.name].attr_text
    live = wb[SHEET].cell(row=int(ref.rsplit("$", 1)[1]), column=4).value
    applied = float(costs.own_model_share_of_api(params_from(case)))
    assert live == pytest.approx(applied)
    assert applied != pytest.approx(case.ai.own_model.cost_relative_to_api)
