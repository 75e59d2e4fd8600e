"""Helpers for the workbook tests: read recalculated values, find an input's cell."""

from __future__ import annotations

from pathlib import Path

import openpyxl

from outputs.assumptions import FIRST_SCENARIO_COL
from outputs.context import Book


def values(path: Path) -> openpyxl.Workbook:
    """The recalculated workbook's values (not formulas)."""
    return openpyxl.load_workbook(path, data_only=True)


def error_cells(wb: openpyxl.Workbook) -> list[str]:
    return [f"{ws.title}!{c.coordinate}={c.value}" for ws in wb for row in ws.iter_rows() for c in row if c.data_type == "e"]


def input_cell(book: Book, key: str, column: int = 0) -> str:
    """The Assumptions cell holding input ``key`` for scenario column ``column`` (0 = the exported scenario)."""
    row = int(book.live[key].rsplit("$", 1)[1])
    return f"{openpyxl.utils.get_column_letter(FIRST_SCENARIO_COL + column)}{row}"


def set_input(book: Book, key: str, value: object, column: int = 0) -> None:
    """Type ``value`` into a scenario column of Assumptions, as a user would."""
    book.wb["Assumptions"][input_cell(book, key, column)].value = value
