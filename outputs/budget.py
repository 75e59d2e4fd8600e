"""The Budget sheet: months across, from the timeline's first month through its horizon, with a year total after each
fiscal year's last month; lines down (each infrastructure line item by vendor and category, the reserved saving,
AI, Total, revenue, gross margin, gross margin %).

Where the year totals fall depends on an input (``fiscal_year_start_month`` on Assumptions), so every column is
generic and its kind is a formula. With F the fiscal year's first month and m0 the first month's calendar month,
the first fiscal year holds e = MOD(F - 1 - m0, 12) + 1 of the projected months; column j (0-based) then is

    group g = 0 for j <= e, else 1 + INT((j - e - 1) / 13);   position p = j for g = 0, else MOD(j - e - 1, 13)
    first month index of its group s = 0 for g = 0, else e + 12 (g - 1);   months in the group n = MIN(e or 12, N - s)
    kind = "month" where p < n, "year" where p = n (the total after the group's last month), blank after the horizon

with N the months projected. A month column reads the Timeline row of month index s + p; a year column sums the n
columns to its left (OFFSET from the label column, so no formula's range includes its own cell). Fiscal years are
named by the calendar year they end in (FY2027 = April 2026 to March 2027 when F = 4); with F = 1 the label is
the calendar year. Total, revenue, gross margin and gross margin % are the rows defined once in ``model.tier_rows`` and
``model.economics_rows`` (the model's unit economics evaluate the same); the rest is layout (lookups of the Timeline
and of Levels' vendor block, sums of the lines above, the year columns' sums). Line items come from the 'Line items by vendor' block on Levels at each month's level;
anything not in that block (a vendor typed in later) is the 'Other line items' row, so the total never drops it.
A workbook with a currency (``Book.currency``) shows total, revenue and gross margin again below the lines, times
``shown_rate`` (Summary's switch: 1 for USD, else the rate on Assumptions).
"""

from __future__ import annotations

from i18n.text import N_
from model import economics_rows, tier_rows
from outputs import xl
from outputs.context import Book

SHEET = "Budget"
FIRST_COL = 4  # D
HEADER_ROW = 6
PRINT_SCALE = 50
GREY = xl.Font(italic=True, color="FF808080")
CONVERTED = ("total", "revenue", "gross_margin")
"""The lines a workbook with a currency shows again in it (``Book.currency``), below the lines."""


def add_budget(book: Book) -> None:
    ws = book.wb.create_sheet(SHEET)
    n_months = book.counts.months
    n_cols = n_months + n_months // 12 + 2  # enough for every fiscal start: one total per (partial) year
    first_l = xl.col(FIRST_COL)
    last_l = xl.col(FIRST_COL + n_cols - 1)
    cols = [xl.col(FIRST_COL + j) for j in range(n_cols)]
    rg = book.ranges
    rows: dict[str, int] = {}

    ws["A1"] = N_("Budget: monthly cost, revenue and gross margin, with fiscal-year totals (USD)")
    ws["A1"].font = xl.TITLE
    for r, (label, formula, fmt) in enumerate(
        (
            (N_("Scenario"), "=live_scenario_name", None),
            (N_("Checks"), "='Checks'!$B$2", None),
            (N_("Fiscal year starts in month"), "=fiscal_year_start_month", "0"),
        ),
        start=2,
    ):
        ws.cell(row=r, column=1, value=label).font = xl.BOLD
        xl.put(ws, r, 2, formula, fmt)
    ws["A5"] = N_(
        "Months are USD per month; year columns (2026, or FY2027 for a fiscal year ending in 2027) are USD for the months "
        "of that year within the projection. Cost follows the Timeline; revenue = revenue per DAU x the month's DAU."
    )
    ws["A5"].font = xl.Font(italic=True)

    # Lines: infrastructure by vendor and category, then the totals.
    pairs = book.vendor_rows
    line_rows: list[tuple[str, str, str | None, str | None, str]] = [
        ("item", N_("Infrastructure"), vendor, category, xl.USD0) for vendor, category in pairs
    ]
    line_rows += [
        ("other_items", N_("Other line items (not listed above)"), None, None, xl.USD0),
        ("infrastructure_gross", N_("Infrastructure before reserved discounts"), None, None, xl.USD0),
        ("reserved", N_("Reserved-instance saving deducted"), None, None, xl.USD0),
        ("infrastructure", N_("Infrastructure total"), None, None, xl.USD0),
        ("ai", N_("AI"), None, None, xl.USD0),
        ("total", N_("Total"), None, None, xl.USD0),
        ("revenue", N_("Revenue"), None, None, xl.USD0),
        ("gross_margin", N_("Gross margin (revenue - Total)"), None, None, xl.USD0),
        ("gross_margin_pct", N_("Gross margin %"), None, None, xl.PCT),
    ]
    first_line = HEADER_ROW + 1
    item_first = first_line
    item_last = first_line + len(pairs) - 1
    for i, (key, *_rest) in enumerate(line_rows):
        if key != "item":
            rows[key] = first_line + i
    last_line = first_line + len(line_rows) - 1
    # In a workbook with a currency: total, revenue and gross margin again, at the rate of Summary's switch.
    converted = [(key, label) for key, label, *_rest in line_rows if key in CONVERTED] if book.currency else []
    if converted:
        rows["converted.heading"] = last_line + 2
        for i, (key, _label) in enumerate(converted):
            rows[f"converted.{key}"] = last_line + 3 + i
    last_shown = last_line + (2 + len(converted) if converted else 0)

    # Helper rows (below the lines): what each column is.
    helpers = [
        ("column", N_("Column number (0 = the first month)")),
        ("group", N_("Fiscal-year group of the column (0 = the first)")),
        ("position", N_("Position within the group")),
        ("start", N_("First month index of the group")),
        (N_("months"), N_("Months of the group in the projection")),
        ("kind", N_("Column kind (month / year)")),
        ("index", N_("Month index (year columns: the group's last)")),
        ("date", N_("Month")),
        ("fy", N_("Fiscal year (the calendar year it ends in)")),
        ("dau", N_("DAU (month columns)")),
        ("level", N_("Level in force (month columns)")),
    ]
    top = last_shown + 3
    ws.cell(row=top - 1, column=1, value=N_("How the columns are laid out (working rows; nothing to type)")).font = xl.BOLD
    ws.cell(row=top, column=1, value=N_("Months in the first fiscal year")).font = GREY
    xl.put(ws, top, 3, "=MOD(fiscal_year_start_month-1-MONTH(first_month),months_per_year)+1", "0")
    first_fy = xl.ref(SHEET, "C", top)
    for i, (key, _) in enumerate(helpers):
        rows[f"helper.{key}"] = top + 1 + i
    h = {key: rows[f"helper.{key}"] for key, _ in helpers}

    def at(key: str, c: str) -> str:
        return f"{c}${h[key]}"

    full = "months_per_year"
    helper_formulas = {
        "column": lambda c: f"COLUMNS(${first_l}$1:{c}$1)-1",
        "group": lambda c: f"IF({at('column', c)}<={first_fy},0,1+INT(({at('column', c)}-{first_fy}-1)/({full}+1)))",
        "position": lambda c: f"IF({at('group', c)}=0,{at('column', c)},MOD({at('column', c)}-{first_fy}-1,{full}+1))",
        "start": lambda c: f"IF({at('group', c)}=0,0,{first_fy}+{full}*({at('group', c)}-1))",
        "months": lambda c: f"MAX(0,MIN(IF({at('group', c)}=0,{first_fy},{full}),months_projected-{at('start', c)}))",
        "kind": lambda c: (
            f'IF({at("position", c)}<{at("months", c)},"month",IF({at("position", c)}={at("months", c)},'
            f'IF({at("months", c)}>0,"year",""),""))'
        ),
        "index": lambda c: (
            f'IF({at("kind", c)}="month",{at("start", c)}+{at("position", c)},IF({at("kind", c)}="year",{at("start", c)}+{at("months", c)}-1,""))'
        ),
        "date": lambda c: f'IF({at("kind", c)}="","",EDATE(first_month,{at("index", c)}))',
        "fy": lambda c: (
            f'IF({at("kind", c)}="","",YEAR(EDATE(first_month,{at("start", c)}+IF({at("group", c)}=0,{first_fy},{full})-1)))'
        ),
        "dau": lambda c: f'IF({at("kind", c)}="month",INDEX({rg["timeline_dau"]},{at("index", c)}+1),"")',
        "level": lambda c: f'IF({at("kind", c)}="month",INDEX({rg["timeline_level"]},{at("index", c)}+1),"")',
    }
    helper_formats = {"date": xl.MONTH, "dau": xl.INT, "fy": "0"}
    for key, label in helpers:
        r = h[key]
        ws.cell(row=r, column=1, value=label).font = GREY
        for c in cols:
            cell = ws[f"{c}{r}"]
            cell.value = "=" + helper_formulas[key](c)
            cell.font = GREY
            cell.number_format = helper_formats.get(key, "0")

    # The header: YYYY-MM for a month, the year (or FY + year) for a year total.
    xl.header(ws, HEADER_ROW, [N_("Line (USD per month; year columns USD per year)"), N_("Vendor"), N_("Category")])
    ws.row_dimensions[HEADER_ROW].height = 30
    for c in cols:
        d, kind = at("date", c), at("kind", c)
        cell = xl.named(ws[f"{c}{HEADER_ROW}"], "Model Header")
        cell.value = (
            f'=IF({kind}="month",YEAR({d})&"-"&TEXT(MONTH({d}),"00"),'
            f'IF({kind}="year",IF(fiscal_year_start_month=1,"","FY")&{at("fy", c)},""))'
        )
        cell.alignment = xl.Alignment(horizontal="right", vertical="bottom", wrap_text=True)

    def year_sum(c: str, r: int) -> str:
        """The group's months: the n columns left of this one (OFFSET from the label column C keeps the range off itself)."""
        return f"SUM(OFFSET($C{r},0,{at('column', c)}+1-{at('months', c)},1,{at('months', c)}))"

    def line(c: str, r: int, month: str) -> str:
        kind = at("kind", c)
        return f'=IF({kind}="month",{month},IF({kind}="year",{year_sum(c, r)},""))'

    def column(c: str) -> _BudgetColumn:
        """Column c for the rows defined once: the month's DAU (a working row), the lines' cells."""
        cells = {economics_rows.DAU.key: at("dau", c)}
        cells.update({key: f"{c}{rows[line]}" for key, line in _LINES.items()})
        return _BudgetColumn(book, cells)

    level_total = rg["level_total"]
    for i, (key, label, vendor, category, fmt) in enumerate(line_rows):
        r = first_line + i
        bold = key in ("infrastructure", "total", "gross_margin")
        ws.cell(row=r, column=1, value=label).font = xl.BOLD if bold else xl.Font()
        if vendor is not None:
            xl.put_text(ws.cell(row=r, column=2), vendor)
            xl.put_text(ws.cell(row=r, column=3), category)
        for c in cols:
            lv = at("level", c)
            idx = f"{at('index', c)}+1"
            month = {
                "item": f"INDEX({rg['vendor_matrix']},ROWS($A${item_first}:$A{r}),{lv})",
                "other_items": f"INDEX({level_total},{lv})-SUM({c}${item_first}:{c}${item_last})"
                if pairs
                else f"INDEX({level_total},{lv})",
                "infrastructure_gross": f"SUM({c}${item_first}:{c}{r - 1})",
                "reserved": f"-INDEX({rg['timeline_reserved_saving']},{idx})",
                "infrastructure": f"{c}{rows['infrastructure_gross']}+{c}{rows['reserved']}",
                "ai": f"INDEX({rg['timeline_ai']},{idx})",
                "total": tier_rows.TOTAL_USD.written(column(c)),
                "revenue": economics_rows.REVENUE_USD.written(column(c)),
                "gross_margin": economics_rows.GROSS_MARGIN_USD.written(column(c)),
            }
            if key == "gross_margin_pct":
                formula = f'=IF({at("kind", c)}="","",{economics_rows.GROSS_MARGIN.written(column(c))})'
            elif key == "infrastructure_gross":
                # Sum the lines above in every column: a year column's lines are already year sums.
                formula = f'=IF({at("kind", c)}="","",SUM({c}${item_first}:{c}{r - 1}))'
            elif key in ("infrastructure", "total", "gross_margin"):
                formula = f'=IF({at("kind", c)}="","",{month[key]})'
            else:
                formula = line(c, r, month[key])
            xl.put(ws, r, FIRST_COL + cols.index(c), formula, fmt, bold=bold)
    if converted:
        heading = rows["converted.heading"]
        ws.cell(
            row=heading, column=1, value=N_("In the currency Summary shows (its switch; the rate on Assumptions)")
        ).font = xl.BOLD
        for key, label in converted:
            r = rows[f"converted.{key}"]
            ws.cell(row=r, column=1, value=label).font = xl.BOLD if key == "total" else xl.Font()
            ws.cell(row=r, column=3, value="=summary_currency")
            for c in cols:
                formula = f'=IF({at("kind", c)}="","",{c}{rows[key]}*shown_rate)'
                xl.put(ws, r, FIRST_COL + cols.index(c), formula, "#,##0", bold=key == "total")
    ws.conditional_formatting.add(
        f"{first_l}{HEADER_ROW}:{last_l}{last_shown}",
        _year_rule(f"{first_l}${h['kind']}"),
    )
    book.rows[SHEET] = rows
    book.ranges["budget_kind"] = xl.row_span(SHEET, first_l, last_l, h["kind"])
    book.ranges["budget_total"] = xl.row_span(SHEET, first_l, last_l, rows["total"])
    book.ranges["budget_infrastructure"] = xl.row_span(SHEET, first_l, last_l, rows["infrastructure"])
    book.ranges["budget_ai"] = xl.row_span(SHEET, first_l, last_l, rows["ai"])
    book.errors_over.append(f"'{SHEET}'!${first_l}${HEADER_ROW}:${last_l}${h['level']}")
    xl.widths(ws, {"A": 34, "B": 15, "C": 10, **{c: 12 for c in cols}})  # 12: a year total of $10,000,000 fits
    xl.print_setup(ws, freeze=f"{first_l}{HEADER_ROW + 1}", title_rows=f"{HEADER_ROW}:{HEADER_ROW}")
    # Many months across: at 50% a calendar year and its total fit a landscape page; the labels repeat on every page.
    ws.sheet_properties.pageSetUpPr.fitToPage = False
    ws.page_setup.scale = PRINT_SCALE
    ws.print_title_cols = "A:C"
    ws.print_area = f"A1:{last_l}{last_shown}"


_LINES = {
    tier_rows.INFRASTRUCTURE_USD.key: "infrastructure",
    tier_rows.AI_USD.key: "ai",
    tier_rows.TOTAL_USD.key: "total",
    economics_rows.REVENUE_USD.key: "revenue",
    economics_rows.GROSS_MARGIN_USD.key: "gross_margin",
}
"""The rows defined once that the Budget's lines show, by key: their line."""


class _BudgetColumn:
    """A month or year column of the Budget, as model.formula.Column: a row is its line's cell in the column (the DAU
    a working row's); an input is the workbook's defined name."""

    def __init__(self, book: Book, cells: dict[str, str]) -> None:
        self.book, self.cells = book, cells

    def row(self, key: str) -> str:
        return self.cells[key]

    def name(self, name: str) -> str:
        if name not in self.book.wb.defined_names:
            raise KeyError(f"the workbook defines no name '{name}'")
        return name


def _year_rule(kind_cell: str) -> object:
    from openpyxl.formatting.rule import FormulaRule
    from openpyxl.styles import Font, PatternFill

    fill = PatternFill("solid", fgColor="FFFFF2CC", bgColor="FFFFF2CC")
    return FormulaRule(formula=[f'{kind_cell}="year"'], fill=fill, font=Font(bold=True))
