"""The Actuals and Variance sheets, recalculated by LibreOffice, equal model.variance for the same bills."""

from __future__ import annotations

import pandas as pd
import pytest

from model import plan_scenario
from model.variance import variance
from outputs.workbook import build_book, workbook_bytes
from tests.workbook.wbhelpers import error_cells, values

BILLS = pd.DataFrame(
    {
        "month": ["2026-01", "2026-01", "2026-02", "2026-02"],
        "category": ["ai", "hosting", "ai", "unmapped"],
        "vendor": ["OpenAI API", "Vercel", "OpenAI API", "Twilio"],
        "service": ["", "", "", "SMS"],
        "amount_usd": [14_200.0, 20.0, 11_000.0, 7.0],
        "source": ["test"] * 4,
    }
)


def test_without_actuals_there_are_no_such_sheets():
    assert {"Actuals", "Variance"}.isdisjoint(build_book(plan_scenario(), others={}).wb.sheetnames)


@pytest.mark.libreoffice
def test_variance_sheet_equals_the_model(recalc, tmp_path):
    path = tmp_path / "with-actuals.xlsx"
    path.write_bytes(workbook_bytes(plan_scenario(), others={}, actuals=BILLS))
    (done,) = recalc([path])
    wb = values(done)
    assert error_cells(wb) == []
    ws = wb["Variance"]
    shown = {
        (ws.cell(row=r, column=1).value.strftime("%Y-%m"), ws.cell(row=r, column=2).value): (
            ws.cell(row=r, column=3).value,
            ws.cell(row=r, column=4).value,
            ws.cell(row=r, column=6).value,
        )
        for r in range(4, 10)
    }
    v = variance(plan_scenario(), BILLS.assign(quantity=None, unit="", currency="USD", amount=BILLS["amount_usd"]))
    for month in ("2026-01", "2026-02"):
        rows = v[v["month"] == month].set_index("category")
        planned_ai, actual_ai = rows.loc["ai", "planned_usd"], rows.loc["ai", "actual_usd"]
        planned_total, actual_total = rows.loc["total", "planned_usd"], rows.loc["total", "actual_usd"]
        assert shown[(month, "AI")][:2] == pytest.approx((planned_ai, actual_ai), abs=0.005)
        assert shown[(month, "Total")][:2] == pytest.approx((planned_total, actual_total), abs=0.005)
        assert shown[(month, "Infrastructure")][0] == pytest.approx(planned_total - planned_ai, abs=0.005)
        assert shown[(month, "AI")][2] == pytest.approx(actual_ai / planned_ai - 1)
    # January by hand: AI 14,200 against the plan's 9,000; infrastructure billed 20 (Vercel) against 55.
    assert shown[("2026-01", "Infrastructure")][:2] == pytest.approx((55.0, 20.0))
    # February: the unmapped Twilio bill counts in the total but not in infrastructure.
    assert shown[("2026-02", "Infrastructure")][1] == pytest.approx(0.0)
    assert shown[("2026-02", "Total")][1] == pytest.approx(11_007.0)
