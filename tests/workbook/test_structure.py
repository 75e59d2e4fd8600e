"""The workbook's shape, read back with openpyxl (no LibreOffice): formulas not values, inputs only on Assumptions."""

from __future__ import annotations

import io
import re
from pathlib import Path

import openpyxl
import pytest
from openpyxl.formula.translate import Translator

from model.loading import plan_scenario
from model.overrides import with_overrides
from outputs.workbook import build_book, scenario_columns, workbook_bytes
from tests.cli_run import run_cli

SHEETS = [
    "Cover",
    "Assumptions",
    "Unit costs",
    "Levels",
    "Calc",
    "Summary",
    "Capacity",
    "Timeline",
    "Budget",
    "Sensitivity",
    "Compare",
    "Audit",
    "Checks",
]


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
        "Infrastructure (USD/month)",
        "AI (USD/month)",
        "Cache savings (USD/month)",
        "Total (USD/month)",
        "Cost per DAU (USD/DAU/month)",
        "Reserved savings available (USD/month)",
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
    (dv,) = [v for v in ws.data_validations.dataValidation if str(v.sqref) == "C2"]
    assert dv.type == "list"
    # The exported scenario, the other one and the Working column (a copy of the exported one, to edit).
    assert dv.formula1 == "'Assumptions'!$D$6:$F$6"
    assert [ws["D6"].value, ws["E6"].value, ws["F6"].value, ws["C2"].value] == [
        "Other",
        plan.name,
        "Working copy of Other",
        "Other",
    ]


def _validation_of(ws: openpyxl.worksheet.worksheet.Worksheet, coordinate: str) -> tuple[str, str | None, str | None]:
    found = [(v.type, v.formula1, v.formula2) for v in ws.data_validations.dataValidation if coordinate in v.sqref]
    assert len(found) == 1, (coordinate, found)
    return found[0]


def test_share_flag_and_dau_inputs_are_validated_from_the_schema(saved: openpyxl.Workbook) -> None:
    book = build_book(plan_scenario(), others={})
    ws = saved["Assumptions"]

    def row(key: str) -> int:
        return int(book.live[key].rsplit("$", 1)[1])

    # Cache.hit_rate is Fraction (ge=0, le=1); ReservedInstances.applied a bool; Dau is int with gt=0, le=100,000,000
    # (a whole number > 0 is >= 1); days_per_month ge=28, le=31.
    assert _validation_of(ws, f"D{row('caching.caches.1.hit_rate')}") == ("decimal", "0", "1")
    assert _validation_of(ws, f"E{row('caching.caches.1.hit_rate')}") == ("decimal", "0", "1")  # the Working column too
    assert _validation_of(ws, f"D{row('reserved_instances.applied')}") == ("whole", "0", "1")
    assert _validation_of(ws, f"D{row('tiers_dau.0')}") == ("whole", "1", "100000000")
    assert _validation_of(ws, f"D{row('days_per_month')}") == ("decimal", "28", "31")
    # OptimisationPhase.cost_multiplier is gt=0, le=10: a strict bound needs a custom rule.
    r = row("ai.optimisation_phases.1.cost_multiplier")
    assert _validation_of(ws, f"D{r}") == ("custom", f"AND(ISNUMBER(D{r}),D{r}>0,D{r}<=10)", None)
    # Codes are lists: LineItem.category is the Category literal.
    assert _validation_of(ws, f"D{row('levels.0.line_items.0.category')}")[1] == (
        '"hosting,database,cache,compute,cdn,monitoring,other"'
    )


def test_validation_bounds_are_read_from_the_pydantic_fields() -> None:
    """Change a bound in the schema and the workbook follows: bounds are read, not retyped."""
    from annotated_types import Le

    from model.scenario import AIDrivers
    from outputs.bounds import bounds_at

    field = AIDrivers.model_fields["calls_per_dau_per_day"]
    saved_meta = list(field.metadata)
    try:
        field.metadata[:] = [m if not isinstance(m, Le) else Le(le=7.0) for m in field.metadata]
        bounds_at.cache_clear()  # bounds are cached per path (the schema does not change while the app runs)
        assert bounds_at("ai.calls_per_dau_per_day").high == 7.0
    finally:
        field.metadata[:] = saved_meta
        bounds_at.cache_clear()
    assert bounds_at("ai.calls_per_dau_per_day").high == 10_000.0


def test_every_numeric_input_cell_is_validated_and_unlocked_and_every_formula_cell_locked(saved: openpyxl.Workbook) -> None:
    book = build_book(plan_scenario(), others={})
    ws = saved["Assumptions"]
    validated: set[str] = set()
    for v in ws.data_validations.dataValidation:
        for rng in v.sqref.ranges:
            for row in ws.iter_rows(min_row=rng.min_row, max_row=rng.max_row, min_col=rng.min_col, max_col=rng.max_col):
                validated.update(c.coordinate for c in row)
    numeric_inputs = [
        c.coordinate
        for row in ws.iter_rows(min_row=6)
        for c in row
        if c.style == "Input" and isinstance(c.value, int | float) and not isinstance(c.value, bool)
    ]
    assert len(numeric_inputs) > 300  # two scenario columns of ~185 numbers each, and the constants
    assert [c for c in numeric_inputs if c not in validated] == []
    # Every input cell (numbers and text) is unlocked; nothing else on the sheet is.
    for row in ws.iter_rows():
        for c in row:
            assert c.protection.locked == (c.style != "Input"), (c.coordinate, c.style)
    for sheet in saved:
        assert sheet.protection.sheet, sheet.title
        assert not sheet.protection.password, sheet.title
        for row in sheet.iter_rows():
            for c in row:
                if isinstance(c.value, str) and c.value.startswith("="):
                    assert c.protection.locked, f"{sheet.title}!{c.coordinate}"
    assert book.inputs  # the checks sheet tests the same rows


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
        if ws.title == "Budget":  # months across: a year and its total per page at 50%, labels repeated
            assert ws.page_setup.scale == 50 and not ws.sheet_properties.pageSetUpPr.fitToPage
            assert ws.print_title_cols == "$A:$C"
        elif ws.title == "Timeline":  # 24 columns: two pages across, the second from where the chart starts
            assert ws.page_setup.scale == 55 and not ws.sheet_properties.pageSetUpPr.fitToPage  # fitted: breaks ignored
            assert [b.id for b in ws.col_breaks.brk] == [12] and ws.print_title_cols == "$A:$C"  # a break after L
            (chart,) = ws._charts
            assert chart.anchor._from.col == 12  # M (0-based 12): the chart begins the second page, whole
        else:
            assert ws.page_setup.fitToWidth == 1 and ws.sheet_properties.pageSetUpPr.fitToPage, ws.title
        assert ws.oddFooter.center.text == "Page &P of &N", ws.title
        assert plan_scenario().name in ws.oddHeader.left.text and "Scaling cost model" in ws.oddHeader.left.text, ws.title
    assert saved["Calc"].freeze_panes == "D4" and saved["Assumptions"].freeze_panes == "D6"
    assert saved["Budget"].freeze_panes == "D7"


def test_bold_figures_keep_their_number_format(saved: openpyxl.Workbook) -> None:
    """The bug: the bold style was applied after the format and reset it, so the headline totals showed 297000."""
    summary = saved["Summary"]
    total = summary["G6"]  # Tier 1's Total (headers: Tier, DAU, Level, Infrastructure, AI, Cache savings, Total)
    assert summary["G5"].value == "Total (USD/month)"
    assert total.font.b and total.number_format == '"$"#,##0;-"$"#,##0'
    unit = saved["Unit costs"]
    bold = [c for row in unit.iter_rows() for c in row if c.font.b and isinstance(c.value, str) and c.value.startswith("=SUM")]
    assert bold and all(c.number_format != "General" for c in bold)
    capacity = saved["Capacity"]
    pct = [c for row in capacity.iter_rows(min_col=4) for c in row if c.font.b and c.number_format == "0.0%"]
    assert len(pct) == 5 * 5  # utilisation of five resources at five tiers, bold and as %


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
    assert {k for k, _ in book.scenarios[:-1]} <= set(shipped_scenarios())
    key, working = book.scenarios[-1]
    assert key == "working" and working.name == f"Working copy of {plan_scenario().name}"
    assert working.model_dump(exclude={"name", "notes"}) == plan_scenario().model_dump(exclude={"name", "notes"})
    assert len(book.scenarios) + len(book.skipped) >= 1


def test_cli_export_writes_the_workbook(tmp_path: Path) -> None:
    out = tmp_path / "model.xlsx"
    run = run_cli("export", "--out", str(out))
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
    run = run_cli("export", *args, cwd=tmp_path)  # relative paths are read from the folder it runs in
    assert run.returncode == 2
    assert message in run.stderr and "Traceback" not in run.stderr
    assert not list(tmp_path.glob("*.xlsx"))


def test_only_a_workbook_with_a_currency_converts_the_budget_and_the_timeline() -> None:
    """USD only: no converted rows or columns (they would read a name only the currency adds); with a currency every
    converted cell multiplies its USD cell by ``shown_rate`` (Summary's switch)."""
    plain = build_book(plan_scenario())
    assert not any(key.startswith("converted.") for key in plain.rows["Budget"])
    assert "Total in the currency Summary shows" not in [
        c.value for c in plain.wb["Timeline"][plain.rows["Timeline"]["months.first"] - 1]
    ]
    book = build_book(plan_scenario(), currency="KRW")
    rows = book.rows["Budget"]
    budget = book.wb["Budget"]
    for key in ("total", "revenue", "gross_margin"):
        r = rows[f"converted.{key}"]
        assert r > rows["gross_margin_pct"]
        assert budget[f"D{r}"].value == f'=IF(D${rows["helper.kind"]}="","",D{rows[key]}*shown_rate)'
    assert budget.print_area.endswith(f"${rows['converted.gross_margin']}")  # printed with the lines
    assert all("shown_rate" not in str(c.value) for ws in plain.wb for row in ws.iter_rows() for c in row)
