"""The Compare sheet prints readably: the comparison on one landscape page, one page wide, its header rows repeated,
and no line label running into the Unit column, in English and in Korean."""

from __future__ import annotations

import subprocess

import openpyxl
import pytest

from model.loading import plan_scenario
from outputs.compare import PRINTED_LAST, SHEET, display_width
from outputs.language import translate_workbook
from outputs.workbook import build_book


@pytest.fixture(scope="module")
def books():
    out = {}
    for lang in ("en", "ko"):
        book = build_book(plan_scenario())  # every shipped scenario as a column: the widest Compare
        translate_workbook(book.wb, lang)
        out[lang] = book
    return out


def test_display_width_counts_hangul_twice():
    assert display_width("Cumulative spend over the first 5 years") == 39
    assert display_width("처음 5년간 누적 지출") == 20  # 8 Hangul x 2 + '5' + 3 spaces


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_the_print_setup(books, lang):
    book = books[lang]
    ws = book.wb[SHEET]
    last = book.rows[SHEET][PRINTED_LAST]
    # The tiers and the 5-year cumulative: the month-by-month working below (5 blocks of 60 rows) is not printed.
    last_col = ws.max_column
    assert ws.print_area == f"'{SHEET}'!$A$1:${ws.cell(row=1, column=last_col).column_letter}${last}"
    assert ws.max_row > last + 5 * 60
    assert ws.page_setup.orientation == "landscape" and ws.page_setup.fitToWidth == 1
    assert ws.sheet_properties.pageSetUpPr.fitToPage is True
    assert ws.print_title_rows == "$3:$4"  # the scenario keys and names on every page


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_no_printed_label_runs_into_the_unit_column(books, lang):
    book = books[lang]
    ws = book.wb[SHEET]
    last = book.rows[SHEET][PRINTED_LAST]
    width = ws.column_dimensions["A"].width
    labels = {r: ws.cell(row=r, column=1).value for r in book.rows[SHEET].values() if r <= last}
    # 'Cumulative spend over the first 5 years' (39 characters) was cut at 30.
    too_long = {v: display_width(v) for v in labels.values() if display_width(v) > width}
    assert too_long == {}
    assert width >= 39 + 2
    assert all(ws.cell(row=r, column=1).alignment.wrap_text for r in labels)  # a longer translation wraps
    if lang == "ko":
        assert labels[last] == "처음 5년간 누적 지출"


@pytest.mark.libreoffice
def test_compare_prints_on_one_page(tmp_path, recalc):
    book = build_book(plan_scenario())  # every shipped scenario: 8 scenario columns
    path = tmp_path / "workbook.xlsx"
    book.wb.save(path)
    (computed,) = recalc([path])
    # Compare alone, with LibreOffice's values in place of its formulas and its own print setup and widths as written.
    wb = openpyxl.load_workbook(computed, data_only=True)
    for name in wb.sheetnames:
        if name != SHEET:
            del wb[name]
    assert wb[SHEET].print_area == book.wb[SHEET].print_area
    assert wb[SHEET].column_dimensions["A"].width == book.wb[SHEET].column_dimensions["A"].width
    alone = tmp_path / "compare.xlsx"
    wb.save(alone)
    (pdf,) = recalc([alone], to="pdf")
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    pages = int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))
    assert pages == 1  # it was 7: one of comparison and six of month-by-month working
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    # The label in full on the line of its unit and figures (the plan's 5 years: $11,133,195).
    line = next(row for row in text.splitlines() if "Cumulative spend" in row)
    assert "Cumulative spend over the first 5 years" in line and "USD" in line
    expected = wb[SHEET].cell(row=book.rows[SHEET][PRINTED_LAST], column=4).value
    assert f"${expected:,.0f}" in line
