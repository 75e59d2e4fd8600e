"""Small openpyxl helpers shared by the workbook's sheets: references, formats, styles, safe text."""

from __future__ import annotations

import re
from copy import copy
from typing import Any

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill, Protection, Side
from openpyxl.styles.cell_style import StyleArray
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from i18n.text import N_

# Number formats (finance conventions: currency with separators, percentages, whole DAU).
USD0 = '"$"#,##0;-"$"#,##0'
USD2 = '"$"#,##0.00;-"$"#,##0.00'
USD4 = '"$"#,##0.00000;-"$"#,##0.00000'
PRICE = '"$"#,##0.000'
PCT = "0.0%"
PCT2 = "0.00%"
INT = "#,##0"
MULT = "0.0000"
NUM = "#,##0.########"
FLAG = '"yes";"yes";"no"'
TEXT = "@"
MONTH = "yyyy-mm"

HEADER_FILL = PatternFill("solid", fgColor="FFDDEBF7")
SECTION_FILL = PatternFill("solid", fgColor="FFF2F2F2")
LIVE_FILL = PatternFill("solid", fgColor="FFE2EFDA")
BOLD = Font(bold=True)
TITLE = Font(bold=True, size=14)
THIN = Side(style="thin", color="FFBFBFBF")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
WRAP = Alignment(wrap_text=True, vertical="top")

_CONTROL = re.compile(r"[\r\t]")


def col(n: int) -> str:
    """Column letter of 1-based column ``n``."""
    return get_column_letter(n)


def ref(sheet: str, column: str, row: int) -> str:
    """Absolute reference with the sheet name always quoted: 'Calc'!$D$5."""
    return f"'{sheet}'!${column}${row}"


def span(sheet: str, column: str, first: int, last: int) -> str:
    """Absolute single-column range: 'Assumptions'!$C$10:$C$14."""
    return f"'{sheet}'!${column}${first}:${column}${last}"


def row_span(sheet: str, first_col: str, last_col: str, row: int) -> str:
    return f"'{sheet}'!${first_col}${row}:${last_col}${row}"


def clean_text(value: Any) -> str:
    """User text made storable: characters XML forbids removed, tabs/CRs to spaces."""
    text = "" if value is None else str(value)
    return _CONTROL.sub(" ", ILLEGAL_CHARACTERS_RE.sub("", text))


def put_text(cell: Cell, value: Any) -> Cell:
    """Store text as text, never as a formula: '=HYPERLINK(...)' stays a string after recalculation."""
    cell.value = clean_text(value)
    cell.data_type = "s"
    cell.quotePrefix = True
    return cell


def put(ws: Worksheet, row: int, column: int, value: Any, fmt: str | None = None, *, bold: bool = False) -> Cell:
    """Write a number, a formula (a str starting with '=' that WE built) or a label we wrote ourselves."""
    cell = ws.cell(row=row, column=column, value=value)
    if bold:
        named(cell, "Model Bold")  # first: a style resets the number format
    if fmt:
        cell.number_format = fmt
    return cell


def header(ws: Worksheet, row: int, labels: list[str], *, first_col: int = 1) -> None:
    ws.row_dimensions[row].height = 30
    for i, label in enumerate(labels):
        named(ws.cell(row=row, column=first_col + i, value=label), "Model Header")


def section(ws: Worksheet, row: int, title: str, width: int) -> None:
    for c in range(2, width + 1):
        named(ws.cell(row=row, column=c), "Model Section")
    named(ws.cell(row=row, column=1, value=title), "Model Section Title")


UNLOCKED = Protection(locked=False)


def as_input(cell: Cell) -> Cell:
    """Excel's built-in 'Input' cell style: the one place a user types (unlocked on a protected sheet)."""
    fmt, quoted = cell.number_format, cell.quotePrefix
    # ~2,000 input cells share a handful of looks: the first cell of each look is styled the slow way, the rest
    # copy its style indices (openpyxl's own cell.style/number_format setters hash the whole style each time).
    cache: dict[tuple[str, bool], StyleArray] = cell.parent.parent.__dict__.setdefault("_input_styles", {})
    found = cache.get((fmt, quoted))
    if found is not None:
        cell._style = copy(found)
        return cell
    cell.style = "Input"
    # Setting a style resets the quote prefix that keeps user text from being read as a formula.
    cell.number_format, cell.quotePrefix = fmt, quoted
    cell.protection = UNLOCKED
    cache[(fmt, quoted)] = copy(cell._style)
    return cell


def protect(ws: Worksheet) -> None:
    """Protect the sheet without a password: typing over a formula is refused; unlocked (input) cells stay editable.

    Selecting cells and widening columns and rows stay allowed, so reading and printing are unhindered.
    """
    p = ws.protection
    p.sheet = True
    p.selectLockedCells = p.selectUnlockedCells = False  # False = not protected, i.e. allowed
    p.formatColumns = p.formatRows = False


def header_footer(ws: Worksheet, *, title: str) -> None:
    """Print header: the workbook's title (scenario and model version) and the sheet's name; footer: page x of y."""
    safe = title.replace("&", "&&")
    for hf in (ws.oddHeader, ws.evenHeader, ws.firstHeader):
        hf.left.text = safe
        hf.left.size = 8
        hf.right.text = "&A"
        hf.right.size = 8
    for hf in (ws.oddFooter, ws.evenFooter, ws.firstFooter):
        hf.center.text = N_("Page &P of &N")
        hf.center.size = 8


def as_live(cell: Cell) -> Cell:
    """The Live column's look: a formula, not a place to type."""
    fmt = cell.number_format
    named(cell, "Model Live")
    cell.number_format = fmt
    return cell


def _named_styles() -> dict[str, NamedStyle]:
    return {
        "Model Bold": NamedStyle("Model Bold", font=BOLD),
        "Model Header": NamedStyle(
            "Model Header", font=BOLD, fill=HEADER_FILL, border=BOX, alignment=Alignment(wrap_text=True, vertical="bottom")
        ),
        "Model Section": NamedStyle("Model Section", fill=SECTION_FILL),
        "Model Section Title": NamedStyle("Model Section Title", font=BOLD, fill=SECTION_FILL),
        "Model Live": NamedStyle("Model Live", fill=LIVE_FILL, border=BOX),
    }


def named(cell: Cell, name: str) -> Cell:
    """Apply one of the workbook's named styles (registered on first use): far cheaper than setting font, fill and border per cell."""
    wb = cell.parent.parent
    quoted, fmt = cell.quotePrefix, cell.number_format
    # Setting a named style replaces the cell's whole style, so the result depends only on (name, quote, format):
    # the first cell of each such look is styled the slow way, the rest copy its style indices (as ``as_input``).
    cache: dict[tuple[str, bool, str], StyleArray] = wb.__dict__.setdefault("_named_looks", {})
    found = cache.get((name, quoted, fmt))
    if found is not None:
        cell._style = copy(found)
        return cell
    if name not in wb.named_styles:
        wb.add_named_style(_named_styles()[name])
    cell.style = name
    # A style resets the quote prefix (user text must keep it) and the number format (a bold total keeps "$"#,##0).
    cell.quotePrefix = quoted
    if fmt != "General":
        cell.number_format = fmt
    cache[(name, quoted, fmt)] = copy(cell._style)
    return cell


def widths(ws: Worksheet, sizes: dict[str, float]) -> None:
    for letter, size in sizes.items():
        ws.column_dimensions[letter].width = size


def print_setup(ws: Worksheet, *, freeze: str | None = None, title_rows: str | None = None) -> None:
    """Landscape, one page wide (as many tall as needed), frozen headers."""
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.gridLines = False
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.page_margins.top = ws.page_margins.bottom = 0.5
    if freeze:
        ws.freeze_panes = freeze
    if title_rows:
        ws.print_title_rows = title_rows
