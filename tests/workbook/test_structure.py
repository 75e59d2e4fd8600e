"""The workbook's shape, read back with openpyxl (no LibreOffice): formulas not values, inputs only on Assumptions."""

from __future__ import annotations

import io
import re
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest
from openpyxl.formula.translate import Translator

from model.loading import plan_scenario
from model.overrides import with_overrides
from outputs.workbook import build_book, scenario_columns, workbook_bytes

ROOT = Path(__file__).resolve().parents[2]
SHEETS = ["Cover", "Assumptions", "Unit costs", "Levels", "Calc", "Summary", "Capacity", "Timeline", "Audit", "Checks"]


@pytest.fixture(scope="module")
def saved() -> openpyxl.Workbook:
    """The plan's workbook as a user receives it (saved and reopened, formulas visible)."""
    return openpyxl.load_workbook(io.BytesIO(workbook_bytes(plan_scenario(), others={})))


def test_sheets_and_summary_headers(saved: openpyxl.Workbook) -> None:
    assert saved.sheetnames == SHEETS
    headers = [c.value for c in saved["Summary"][5]]
    assert headers[1:9] == [
        "DAU",
        "Level",
        "Infrastructure",
        "AI",
        "Cache savings",
        "Total",
        "Cost per DAU",
        "Reserved savings available",
    ]


def test_every_summary_number_is_a_formula(saved: openpyxl.Workbook) -> None:
    ws = saved["Summary"]
    for row in ws.iter_rows(min_row=6, max_row=10, min_col=1, max_col=10):
        for cell in row:
            assert isinstance(cell.value, str) and cell.value.startswith("="), cell.coordinate


NUMBER = re.compile(r"(?<![A-Za-z_$.\d])(\d+\.?\d*(?:[eE][+-]?\d+)?)(?![\d(A-Za-z_])")


def _constants(formula: str) -> list[str]:
    """Numeric literals in a formula, ignoring strings, sheet names and cell references."""
    body = re.sub(r'"[^"]*"', '""', formula)  # string literals
    body = re.sub(r"'[^']*'!", "", body)  # quoted sheet names
    body = re.sub(r"\$?[A-Z]{1,3}\$?\d+", "REF", body)  # cell references
    return NUMBER.findall(body)


def test_the_constant_finder_finds_constants() -> None:
    assert _constants("=D$5*0.3+'Calc'!$D$12") == ["0.3"]
    assert _constants('=IF(D5="2",1000000,0)') == ["1000000", "0"]
    assert _constants("=phase_1_from_dau*SUM(D5:D9)") == []


def test_no_constants_outside_assumptions(saved: openpyxl.Workbook) -> None:
    # 0 and 1 are structural (a flag's yes/no, an empty product, a first index, 1 - a share); anything else is an input.
    allowed = {"0", "1"}
    found = []
    for ws in saved:
        if ws.title == "Assumptions":
            continue
        for row in ws.iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and cell.value.startswith("="):
                    bad = [n for n in _constants(cell.value) if n not in allowed]
                    if bad:
                        found.append(f"{ws.title}!{cell.coordinate}: {cell.value} {bad}")
    assert found == []


def test_one_consistent_formula_per_calc_row() -> None:
    book = build_book(plan_scenario(), others={})
    ws = book.wb["Calc"]
    first, *rest = book.calc_cols
    for key, r in book.calc_row.items():
        base = ws[f"{first}{r}"].value
        for c in rest:
            moved = Translator(base, origin=f"{first}{r}").translate_formula(f"{c}{r}")
            assert ws[f"{c}{r}"].value == moved, (key, c)


def test_key_inputs_have_defined_names_on_the_live_column(saved: openpyxl.Workbook) -> None:
    for name in (
        "calls_per_dau_per_day",
        "days_per_month",
        "prompt_cache_share",
        "own_model_from_dau",
        "reserved_discount",
        "tiers_dau",
        "level_start_dau",
        "chosen_scenario",
        "scenario_index",
        "tokens_per_mtok",
    ):
        target = saved.defined_names[name].attr_text
        assert target.startswith("'Assumptions'!$C$"), (name, target)


def test_the_drop_down_lists_the_scenario_names() -> None:
    plan = plan_scenario()
    other = with_overrides(plan, {"name": "Other", "ai.calls_per_dau_per_day": 3})
    wb = openpyxl.load_workbook(io.BytesIO(workbook_bytes(other, others={"plan": plan})))
    ws = wb["Assumptions"]
    (dv,) = [v for v in ws.data_validations.dataValidation if v.type == "list"]
    assert dv.type == "list" and str(dv.sqref) == "C2"
    assert dv.formula1 == "'Assumptions'!$D$6:$E$6"
    assert [ws["D6"].value, ws["E6"].value, ws["C2"].value] == ["Other", plan.name, "Other"]


def test_share_flag_and_dau_inputs_are_validated(saved: openpyxl.Workbook) -> None:
    book = build_book(plan_scenario(), others={})
    ws = saved["Assumptions"]
    by_type = {(v.type, v.formula1, v.formula2): str(v.sqref) for v in ws.data_validations.dataValidation if v.type != "list"}
    hit_row = int(book.live["caching.caches.1.hit_rate"].rsplit("$", 1)[1])
    flag_row = int(book.live["reserved_instances.applied"].rsplit("$", 1)[1])
    tier_row = int(book.live["tiers_dau.0"].rsplit("$", 1)[1])
    assert f"D{hit_row}" in by_type[("decimal", "0", "1")].split()
    assert f"D{flag_row}" in by_type[("whole", "0", "1")].split()
    assert f"D{tier_row}" in by_type[("whole", "0", None)].split()


def test_inputs_are_styled_as_inputs_and_formats_are_finance(saved: openpyxl.Workbook) -> None:
    ws = saved["Assumptions"]
    book = build_book(plan_scenario(), others={})
    row = int(book.live["ai.calls_per_dau_per_day"].rsplit("$", 1)[1])
    assert ws[f"D{row}"].style == "Input"
    assert ws[f"C{row}"].value.startswith("=IF(INDEX(")
    assert '"$"#,##0' in saved["Summary"]["D6"].number_format
    assert saved["Summary"]["H6"].number_format.startswith('"$"#,##0.00')
    for ws in saved:
        assert ws.page_setup.orientation == "landscape", ws.title
        assert ws.page_setup.fitToWidth == 1 and ws.sheet_properties.pageSetUpPr.fitToPage, ws.title
    assert saved["Calc"].freeze_panes == "D4" and saved["Assumptions"].freeze_panes == "D6"


def test_user_text_is_written_as_text_not_formula() -> None:
    name = '=HYPERLINK("http://x","y")'
    hostile = with_overrides(plan_scenario(), {"name": name, "notes": "=1+1\x07 bell"})
    wb = openpyxl.load_workbook(io.BytesIO(workbook_bytes(hostile, others={})))
    for cell in (wb["Assumptions"]["C2"], wb["Assumptions"]["D6"], wb["Cover"]["B3"]):
        assert cell.value == name and cell.data_type == "s", cell.coordinate
    assert wb["Assumptions"]["D7"].value == "=1+1 bell"  # a control character XML cannot hold is dropped


def test_columns_skip_duplicates_and_keep_names_unique() -> None:
    plan = plan_scenario()
    twin = with_overrides(plan, {"ai.calls_per_dau_per_day": 3})  # same name as the plan, different figures
    columns = scenario_columns(twin, {"plan": plan, "again": plan})
    assert [k for k, _ in columns] == ["exported", "plan"]
    assert columns[1][1].name == f"{plan.name} (plan)"
    assert [k for k, _ in scenario_columns(plan, {"plan": plan})] == ["plan"]


def test_default_columns_are_the_plan_and_every_shipped_scenario() -> None:
    from model.loading import shipped_scenarios

    book = build_book(plan_scenario())
    assert next(k for k, _ in book.scenarios) == "plan"
    assert {k for k, _ in book.scenarios} <= set(shipped_scenarios())
    assert len(book.scenarios) + len(book.skipped) >= 1


def test_cli_export_writes_the_workbook(tmp_path: Path) -> None:
    out = tmp_path / "model.xlsx"
    run = subprocess.run([sys.executable, "-m", "model", "export", "--out", str(out)], cwd=ROOT, capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert openpyxl.load_workbook(out).sheetnames == SHEETS


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--out", "x.csv"], "must end in .xlsx"),
        (["--out", "no/such/dir/x.xlsx"], "no such folder"),
        (["--out", "x.xlsx", "--scenario", "missing.json"], "missing.json: no such file"),
    ],
)
def test_cli_export_bad_input_exits_2(tmp_path: Path, args: list[str], message: str) -> None:
    run = subprocess.run(
        [sys.executable, "-m", "model", "export", *args],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"},
    )
    assert run.returncode == 2
    assert message in run.stderr and "Traceback" not in run.stderr
    assert not list(tmp_path.glob("*.xlsx"))
