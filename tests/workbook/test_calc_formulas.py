"""The Calc sheet writes the rows model.tier_rows defines, over names the workbook defines (no LibreOffice needed)."""

from __future__ import annotations

import pytest

from model import tier_rows
from model.formula import Formula, Input
from model.loading import plan_scenario
from outputs.calculation import CALC, _CalcColumn
from outputs.workbook import build_book

DEFINED = [v for v in vars(tier_rows).values() if isinstance(v, Formula)]


def test_every_defined_row_is_on_calc_with_its_formula_in_each_tier_column() -> None:
    book = build_book(plan_scenario(), others={})
    ws = book.wb[CALC]
    assert len(DEFINED) >= 7
    # Written in place, not a row of its own: the reserved saving deducted (inside Infrastructure).
    in_place = {tier_rows.RESERVED_DEDUCTED_USD.key}
    assert "IF(reserved_applied=1," in ws[f"D{book.calc_row[tier_rows.INFRASTRUCTURE_USD.key]}"].value
    for f in DEFINED:
        if f.key in in_place:
            assert f.key not in book.calc_row
            continue
        if f is tier_rows.PHASE_MULTIPLIER:  # one row per phase, over that phase's inputs
            rows = [(book.calc_row[f"{f.key}.{p}"], p) for p in range(book.counts.phases)]
        else:
            rows = [(book.calc_row[f.key], None)]
            if f.label:  # a category's row is labelled with the category
                assert ws.cell(row=rows[0][0], column=1).value == f.label
        for r, phase in rows:
            for c in book.calc_cols:
                # The row's cells in that column, read back from the sheet's own layout.
                text = f.expr.excel(_Layout(book, c, phase))
                assert ws[f"{c}{r}"].value == "=" + text


def test_each_category_and_phase_has_its_row() -> None:
    book = build_book(plan_scenario(), others={})
    ws = book.wb[CALC]
    for cat, f in tier_rows.GROSS_BY_CATEGORY.items():
        r = book.calc_row[f.key]
        assert ws[f"D{r}"].value == f"=INDEX({book.ranges[f'level_gross.{cat}']},D${book.calc_row['level']})"
    # The plan's two phases: rows phase.0 and phase.1, multiplied on the optimisation multiplier's row
    p0, p1 = book.calc_row["phase.0"], book.calc_row["phase.1"]
    assert ws[f"E{book.calc_row['optimisation_multiplier']}"].value == f"=PRODUCT(E{p0}:E{p1})"


class _Layout:
    """Calc's column, from its own row table: a per-level input is its range on Levels; a phase's inputs its Live cells."""

    def __init__(self, book: object, column: str, phase: int | None = None) -> None:
        self.book, self.rows, self.column, self.phase = book, book.calc_row, column, phase  # type: ignore[attr-defined]

    def row(self, key: str) -> str:
        if key.startswith("phase.") and key[len("phase.") :] in ("from_dau", "cost_multiplier"):
            return self.book.live[f"ai.optimisation_phases.{self.phase}.{key[len('phase.') :]}"]  # type: ignore[attr-defined]
        return f"{self.column}${self.rows[key]}"

    def inline(self, key: str) -> bool:
        return key not in self.rows

    def span(self, key: str) -> str:
        last = self.book.counts.phases - 1  # type: ignore[attr-defined]
        return f"{self.column}{self.rows[f'{key}.0']}:{self.column}{self.rows[f'{key}.{last}']}"

    def name(self, name: str) -> str:
        return name if name in self.book.wb.defined_names else self.book.ranges[name]  # type: ignore[attr-defined]


def test_an_input_the_workbook_does_not_name_is_refused_when_written() -> None:
    book = build_book(plan_scenario(), others={})
    column = _CalcColumn(book, "D")
    assert column.name("days_per_month") == "days_per_month"
    with pytest.raises(KeyError, match="no name 'days_a_month'"):
        Formula("x", Input("days_a_month") * 2).written(column)
