"""The Audit sheet's last section: the second reading of the plan (model/audit_reading.py).

These findings compare the plan's sections with each other (texts, targets, TTLs, line-item names), so
they are written as the values model/audit_reading.py finds for the exported scenario, not as formulas:
the plan's text does not change with the drop-down or the inputs.
"""

from __future__ import annotations

from typing import Any

from i18n.text import N_
from model.audit_reading import second_reading
from model.scenario import Scenario
from outputs import xl


def add_second_reading(ws: Any, state: dict[str, int], rows: dict[str, int], scenario: Scenario) -> None:
    """One row per finding (ID, check, stated, recomputed, gap, -, status, why) from row ``state['r']`` on."""
    found = second_reading(scenario)
    if not found:
        return
    xl.section(ws, state["r"], N_("A second reading: the plan's sections against each other (values, from the plan's text)"), 8)
    state["r"] += 1
    for f in found:
        r = state["r"]
        rows[f.id] = r
        fmt = xl.PCT if f.unit == "fraction" else xl.USD0 if f.unit == "usd" else "#,##0.##"
        ws.cell(row=r, column=1, value=f.id)
        xl.put_text(ws.cell(row=r, column=2), f.topic)
        for col, value in ((3, f.stated), (4, f.computed), (5, f.gap)):
            xl.put(ws, r, col, value, fmt)
        ws.cell(row=r, column=7, value=f.status)
        xl.put_text(ws.cell(row=r, column=8), f.explanation).alignment = xl.WRAP
        ws.row_dimensions[r].height = 40
        state["r"] = r + 1
