"""Issue #18 "units in every header" and issue #17 "workbook labels follow the language chosen for the export".

Built with openpyxl only (no recalculation): the labels and number formats are what is written. The LibreOffice test
that the Korean workbook's figures equal the English one's is in test_currency.py.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator

import openpyxl
import pytest
from openpyxl.cell.cell import Cell
from openpyxl.worksheet.worksheet import Worksheet

from i18n import catalog
from model.capacity import RESOURCES
from model.fx import FxRate
from model.loading import plan_scenario
from outputs.assumptions import HEADER_ROW as ASSUMPTIONS_HEADER_ROW
from outputs.budget import HEADER_ROW as BUDGET_HEADER_ROW
from outputs.currency import workbook_bytes_in
from outputs.language import RESOURCE_LABELS, translator
from outputs.report import SUMMARY_HEADER_ROW
from outputs.workbook import build_book

UNIT = re.compile(r"USD|KRW|DAU|%|\bshare\b|calls|months?\b|GB|connections|requests/min|tokens|writes|#|\bx\b|1/0")
"""What names a unit in a header or a Unit cell."""

KRW = FxRate("KRW", 1400.0, None, "typed rate")


def _is_figure(cell: Cell) -> bool:
    """A cell that shows a quantity: a number format other than an index ("0"), a month or text."""
    fmt = cell.number_format
    return fmt not in ("General", "@", "0", "yyyy-mm") and any(ch in fmt for ch in "0#")


@pytest.fixture(scope="module")
def english() -> openpyxl.Workbook:
    return build_book(plan_scenario()).wb


def _column_headers(ws: Worksheet, header_row: int) -> Iterator[tuple[Cell, Cell]]:
    """(header, the first cell below it) for each labelled column of a table."""
    for header in ws[header_row]:
        if isinstance(header.value, str) and header.value.strip():
            yield header, ws.cell(row=header_row + 1, column=header.column)


def test_every_summary_column_of_figures_names_its_unit(english: openpyxl.Workbook) -> None:
    ws = english["Summary"]
    category_row = next(r for r in range(SUMMARY_HEADER_ROW + 1, 40) if ws.cell(row=r, column=1).value == "Tier")
    checked = []
    for row in (SUMMARY_HEADER_ROW, category_row):
        for header, below in _column_headers(ws, row):
            if _is_figure(below):
                assert UNIT.search(header.value), f"Summary!{header.coordinate} {header.value!r} has no unit"
                checked.append(header.value)
    # By hand: table 1 has DAU + 7 money columns; the category table DAU + 8 categories (7 + AI) + their sum.
    assert len(checked) == (1 + 7) + (1 + 8 + 1)
    assert "Cost per DAU (USD/DAU/month)" in checked and "Hosting (USD/month)" in checked


@pytest.mark.parametrize("sheet", ["Compare", "Capacity"])
def test_every_row_of_figures_names_its_unit(english: openpyxl.Workbook, sheet: str) -> None:
    """Compare and Capacity put tiers/scenarios across: the unit is the row's, in the Unit column (B, header 'Unit')."""
    ws = english[sheet]
    assert ws["A3"].value == "Line" and ws["B3"].value == "Unit"
    rows = 0
    for r in range(4, ws.max_row + 1):
        if _is_figure(ws.cell(row=r, column=4)):
            unit = ws.cell(row=r, column=2).value
            assert isinstance(unit, str) and UNIT.search(unit), f"{sheet}!B{r} {unit!r} ({ws.cell(row=r, column=1).value})"
            rows += 1
    # By hand (index rows such as 'Level in force' are not figures): Capacity has DAU + 5 resources x (demand, capacity,
    # utilisation) = 16 rows; Compare has hit rate and list price, 5 tiers x (DAU, infrastructure, AI, total, cost per
    # DAU), the cumulative, 5 milestones' DAU, 3 month blocks (share passed, DAU, total) x 60 and each of the 5 levels'
    # line items and reserved-eligible ones = 2 + 25 + 1 + 5 + 180 + 10.
    assert rows == {"Capacity": 16, "Compare": 2 + 25 + 1 + 5 + 180 + 10}[sheet]


def test_every_budget_row_of_figures_names_its_unit(english: openpyxl.Workbook) -> None:
    """Budget: months across; money rows take the unit from the header of the line column, others from their label."""
    ws = english["Budget"]
    stub = ws.cell(row=BUDGET_HEADER_ROW, column=1).value
    assert "USD per month" in stub and "USD per year" in stub
    first_month = ws.cell(row=BUDGET_HEADER_ROW + 1, column=4)
    assert first_month.value.startswith("=")  # the month's header is a formula ("2026-01"), not a unit: the stub has it
    for r in range(BUDGET_HEADER_ROW + 1, ws.max_row + 1):
        cell = ws.cell(row=r, column=4)
        if not _is_figure(cell) or '"$"' in cell.number_format:
            continue  # money: the stub's USD per month / per year
        label = ws.cell(row=r, column=1).value
        assert UNIT.search(label), f"Budget!A{r} {label!r} shows {cell.number_format} without a unit"


def _labels(wb: openpyxl.Workbook) -> Iterator[tuple[str, Cell]]:
    """Every cell holding a label we wrote: text, not a formula, not a user's text (stored with a quote prefix), not the
    provenance notes of Assumptions (they quote the plan and the price library, and stay as written)."""
    source_col = next(c.column for c in wb["Assumptions"][ASSUMPTIONS_HEADER_ROW] if c.value in ("Source", "출처"))
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                value = cell.value
                if not isinstance(value, str) or not value.strip() or value.startswith("=") or cell.quotePrefix:
                    continue
                if ws.title == "Assumptions" and cell.column == source_col:
                    continue
                yield f"{ws.title}!{cell.coordinate}", cell


@pytest.fixture(scope="module")
def korean() -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(workbook_bytes_in(plan_scenario(), KRW, lang="ko")))


def test_the_korean_workbook_leaves_no_label_in_english_that_has_a_translation(korean: openpyxl.Workbook) -> None:
    translated = {msgid for msgid, text in catalog.messages("ko").items() if text != msgid}
    tr = translator("ko")
    left = [
        f"{where} {cell.value!r}" for where, cell in _labels(korean) if cell.value in translated or tr(cell.value) != cell.value
    ]
    assert left == []


def test_the_korean_workbook_reads_korean_where_finance_looks(korean: openpyxl.Workbook) -> None:
    book = build_book(plan_scenario())
    assumptions_row = int(book.live["tiers_dau.0"].rsplit("$", 1)[1])
    assert korean["Cover"]["A1"].value == "스케일링 비용 모델: 통합 문서"
    assert korean["Assumptions"][f"A{assumptions_row}"].value == "구간 1: DAU"  # the template 'Tier {n}: DAU'
    summary = [c.value for c in korean["Summary"][SUMMARY_HEADER_ROW]]
    assert {"인프라 (USD/월)", "DAU당 비용 (USD/DAU/월)"} <= set(summary)
    checks = [c.value for c in korean["Checks"]["A"]]
    # a template inside a template: 'Input: {label} (Assumptions row {row})' around 'Tier {n}: DAU'
    assert f"입력값: 구간 1: DAU (Assumptions {assumptions_row}행)" in checks
    compare = book.rows["Compare"]
    assert korean["Compare"][f"A{compare['cumulative_5y']}"].value == "처음 5년간 누적 지출"
    assert korean["Compare"][f"B{compare['cumulative_5y']}"].value == "USD"
    assert korean["Budget"]["A1"].value.startswith("예산:")
    assert korean["Summary"].oddFooter.center.text == "&P / &N 페이지"
    # sheet names and defined names stay English: every formula still finds them
    assert korean.sheetnames == book.wb.sheetnames
    assert set(book.wb.defined_names) <= set(korean.defined_names)  # (plus the FX inputs' names)


def test_chart_titles_and_print_titles_follow_the_language() -> None:
    from outputs.language import translate_workbook

    wb = build_book(plan_scenario(), others={}).wb
    translate_workbook(wb, "ko")
    chart = wb["Timeline"]._charts[0]
    assert chart.title.tx.rich.p[0].r[0].t == "타임라인에 따른 월 비용"
    assert chart.y_axis.title.tx.rich.p[0].r[0].t == "월 USD"
    assert "스케일링 비용 모델" in wb["Cover"].oddHeader.left.text


def test_every_label_of_the_english_workbook_is_in_the_catalogue(english: openpyxl.Workbook) -> None:
    """A new label written without N_ (or a template) would stay English in the Korean export: this names it."""
    known = catalog.messages("ko")
    tr = translator("ko")
    codes = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)+$")  # Audit's check ids (level-1-total, ...): ids, not words
    sheet_names = set(english.sheetnames)
    category_codes = {"hosting", "database", "cache", "compute", "cdn", "monitoring", "other"}  # Levels' SUMIF keys
    missing = [
        f"{where} {cell.value!r}"
        for where, cell in _labels(english)
        if re.search("[A-Za-z]", cell.value)  # '#', '1/0': symbols read the same in every language
        and cell.value not in known
        and tr(cell.value) == cell.value
        and not codes.match(cell.value)
        and cell.value not in sheet_names
        and cell.value not in category_codes
        and cell.value != "disagrees"  # a status the conditional format matches, as the formulas write it
    ]
    assert missing == []


def test_capacity_resources_have_their_label_in_the_catalogue() -> None:
    assert {r.label for r in RESOURCES} <= {*RESOURCE_LABELS, "Redis memory"}
    assert all(catalog.gettext(r.label, "ko") != r.label for r in RESOURCES)


@pytest.mark.parametrize(
    ("english_label", "korean"),
    [
        ("Cache 3", "캐시 3"),  # 'Cache {n}'
        ("L2 item 3: reserved eligible (1/0)", "L2 항목 3: 예약 할인 대상 (1/0)"),  # a translated part inside
        ("Input: Tier 1: DAU (Assumptions row 11)", "입력값: 구간 1: DAU (Assumptions 11행)"),  # a template inside
        ("a number >= 0 and <= 1 (or blank)", ">= 0, <= 1인 숫자 (빈칸 허용)"),  # the rule's bounds kept as written
        ("Model at cost table row 2's DAU: cost per dau", "비용표 2행 DAU에서의 모델: DAU당 비용"),
        ("No error cell on Budget", "Budget 시트에 오류 셀 없음"),  # the sheet's name stays (it is the tab's)
        # Looks like 'Cache {n}' but {n} is a number: not a template's label, so it stays as written.
        ("Cache savings are big", "Cache savings are big"),
        # 'Model {n}: {label}' with a part the catalogue does not know: stays English rather than half-translated.
        ("Model 1: something new", "Model 1: something new"),
    ],
)
def test_a_label_is_recognised_by_its_template(english_label: str, korean: str) -> None:
    assert translator("ko")(english_label) == korean


def test_the_inputs_validation_messages_follow_the_language(korean: openpyxl.Workbook) -> None:
    """What Excel shows beside the drop-down and when it refuses a typed value."""
    rules = korean["Assumptions"].data_validations.dataValidation
    titles = {dv.errorTitle for dv in rules}
    assert {"알 수 없는 시나리오", "허용되지 않는 값"} <= titles
    errors = {dv.error for dv in rules}
    assert ">= 0, <= 1인 숫자" in {e.removeprefix("입력 규칙: ") for e in errors}  # 'Type {rule}.' around a rule
    assert "USD 또는 KRW 중에서 고르세요" in {dv.error for dv in korean["Summary"].data_validations.dataValidation}


def test_the_plans_own_text_is_korean_and_a_persons_stays_as_written() -> None:
    """The Korean workbook shows a scenario's text as the app does: the plan's own (level names, checklists, the
    scenario's name) from plan.po, a person's own exactly as typed; a list with one item of a person's stays whole."""
    from model.scenario import Scenario

    data = plan_scenario().model_dump(mode="json")
    data["levels"][1]["name"] = "Our level two"
    data["levels"][2]["checklist"] = [*data["levels"][2]["checklist"], "Call the bank"]
    edited = Scenario.model_validate(data)
    wb = openpyxl.load_workbook(io.BytesIO(workbook_bytes_in(edited, None, lang="ko")))
    typed = [c.value for row in wb["Assumptions"].iter_rows() for c in row if c.quotePrefix and isinstance(c.value, str)]
    plan = plan_scenario()
    assert "레벨 1: 1만 DAU" in typed and plan.levels[0].name not in typed  # the plan's name for level 1
    assert "Our level two" in typed  # a person's name, as typed
    checklist = plan.levels[1].checklist  # level 2's (level 1 has none)
    assert checklist and "; ".join(checklist) not in typed
    assert "; ".join(catalog.plan_text(item, "ko") for item in checklist) in typed
    assert "; ".join(edited.levels[2].checklist) in typed  # one item of a person's: the list as written
    # the scenario picker and its names row are the same text, so the picker still finds its column
    assert wb["Assumptions"]["C2"].value == "계획: 09. 스케일링 인프라 v1.0" == wb["Assumptions"]["D6"].value
    assert ": 계획: 09. 스케일링 인프라 v1.0 (" in wb["Summary"].oddHeader.left.text  # the printed header names it alike
