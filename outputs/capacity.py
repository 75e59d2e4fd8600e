"""The Capacity sheet: model/capacity/'s utilisation and alerts at each tier, as formulas.

Per tier (columns, as on Calc) and resource: demand = fixed + per DAU x DAU; capacity = the level in
force's (database connections: MAX(server connections, PgBouncer's client connections) where the
level starts at or after PgBouncer's DAU); utilisation = demand / capacity; alert = 'critical' if
ROUND(utilisation, 9) > critical, else 'warning' if > warning, else 'ok'.
"""

from __future__ import annotations

from collections.abc import Callable

from i18n.text import N_
from model.capacity import RESOURCES
from model.capacity import rows as capacity_rows
from model.formula import Formula
from outputs import xl
from outputs.calculation import CALC, FIRST_TIER_COL
from outputs.context import Book

SHEET = "Capacity"


class _CapacityColumn:
    """A tier column of the Capacity sheet, as model.formula.Column: a row's cell in it; an input's defined name, or
    for a per-level input (a capacity field of each level) its range on the Levels sheet."""

    def __init__(self, book: Book, rows: dict[str, int], column: str) -> None:
        self.book, self.rows, self.column = book, rows, column

    def row(self, key: str) -> str:
        return f"{self.column}${self.rows[key]}"

    def name(self, name: str) -> str:
        if name in self.book.wb.defined_names:
            return name
        if name in self.book.ranges:
            return self.book.ranges[name]
        raise KeyError(f"the workbook defines no name '{name}'")


def add_capacity(book: Book) -> None:
    ws = book.wb.create_sheet(SHEET)
    cols = book.calc_cols
    rows: dict[str, int] = {}
    ws["A1"] = N_("Capacity: demand, capacity, utilisation and alerts per tier")
    ws["A1"].font = xl.TITLE
    xl.header(ws, 3, [N_("Line"), N_("Unit"), N_("How"), *[N_("Tier {n}").format(n=t + 1) for t in range(len(cols))]])
    state = {"r": 4}

    def calc(key: str, c: str) -> str:
        return f"'{CALC}'!{c}${book.calc_row[key]}"

    def add(
        key: str, label: str, unit: str, fmt: str, formula: Callable[[str], str], how: str = "", *, bold: bool = False
    ) -> None:
        r = state["r"]
        rows[key] = r
        ws.cell(row=r, column=1, value=label).font = xl.BOLD if bold else xl.Font()
        ws.cell(row=r, column=2, value=unit)
        ws.cell(row=r, column=3, value=how)
        for c in cols:
            cell = xl.put(ws, r, FIRST_TIER_COL + cols.index(c), "=" + formula(c), fmt, bold=bold)
            if fmt == "@":
                cell.alignment = xl.Alignment(horizontal="right")
        state["r"] = r + 1

    def written(formula: Formula) -> Callable[[str], str]:
        """A row of model.capacity.rows, written in tier column c over this sheet's rows and the workbook's names."""
        return lambda c: formula.written(_CapacityColumn(book, rows, c))

    add("dau", N_("DAU"), N_("DAU"), xl.INT, lambda c: calc("dau", c), N_("from Calc"), bold=True)
    add("level", N_("Level in force"), "#", "0", lambda c: calc("level", c), N_("from Calc"))
    add(
        "pgbouncer",
        capacity_rows.PGBOUNCER.label,
        capacity_rows.PGBOUNCER.unit,
        "0",
        written(capacity_rows.PGBOUNCER),
        capacity_rows.PGBOUNCER.how,
    )
    for res in RESOURCES:
        state["r"] += 1
        xl.section(
            ws, state["r"], N_("{resource} ({unit})").format(resource=res.label, unit=res.unit), FIRST_TIER_COL + len(cols) - 1
        )
        state["r"] += 1
        rid = res.id
        demand, capacity = capacity_rows.DEMAND[rid], capacity_rows.CAPACITY[rid]
        utilization, alert = capacity_rows.UTILIZATION[rid], capacity_rows.ALERT[rid]
        add(demand.key, demand.label, res.unit, xl.NUM if rid == "redis_memory" else "#,##0.0", written(demand), demand.how)
        add(capacity.key, capacity.label, res.unit, xl.NUM if rid == "redis_memory" else xl.INT, written(capacity), capacity.how)
        add(utilization.key, utilization.label, utilization.unit, xl.PCT, written(utilization), utilization.how, bold=True)
        warning, critical = capacity_rows.THRESHOLD_NAMES[rid]
        add(
            alert.key,
            alert.label,
            alert.unit,
            "@",
            written(alert),
            alert.how.format(critical=critical.replace("_", " "), warning=warning.replace("_", " ")),
        )
    book.rows[SHEET] = rows
    last = state["r"] - 1
    span = f"{cols[0]}4:{cols[-1]}{last}"
    from outputs.report import _text_rule

    ws.conditional_formatting.add(span, _text_rule("critical", "FFFFC7CE"))
    ws.conditional_formatting.add(span, _text_rule("warning", "FFFFEB9C"))
    xl.widths(ws, {"A": 24, "B": 13, "C": 70, **{c: 14 for c in cols}})
    xl.print_setup(ws, freeze="D4", title_rows="3:3")
