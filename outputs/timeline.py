"""The Timeline sheet: model/analysis/timeline.py as formulas.

Month k counts from the first milestone's month. Each month's row writes the rows defined once in
``model.timeline_rows`` (the segment between milestones, its ends, the DAU along them, linear or exponential) and
``model.tier_rows`` (the level in force, its line items, the reserved saving deducted, each phase's multiplier and their
product, AI and the totals at that DAU), the same expressions the model evaluates; cumulative is a running SUM.
A level's checklist is due lead months before the first month whose DAU reaches the level's.
"""

from __future__ import annotations

from openpyxl.chart import LineChart, Reference
from openpyxl.worksheet.pagebreak import Break

from i18n.text import N_
from model import tier_rows, timeline_rows
from model.formula import Formula
from outputs import xl
from outputs.context import Book
from outputs.language import NO_CHECKLIST, NOT_REACHED

SHEET = "Timeline"
CHECKLIST_LAST_COL = 12  # L: the chart starts at M
CHART_COL = CHECKLIST_LAST_COL + 1
PRINT_SCALE = 55
"""Printed at 55%: A:L on the first page across, then A:C repeated with M:X (the chart and the last columns) on the
second; the second, the wider, fits an A4 landscape page at this scale in LibreOffice (at 70% each was cut in two)."""
PRINT_SCALE_CONVERTED = 48
"""With a currency's two converted columns (M:Z on the second page): the scale that still fits it on one page."""
CHECKLIST_CHARS_PER_LINE = 70


class _MonthRow:
    """A month's row of the Timeline, as model.formula.Column: the rows timeline_rows and tier_rows read are cells (or
    names) in it; an input that is a range here (the milestones' month indexes and DAU) is that range."""

    def __init__(self, cells: dict[str, str], book: Book, ranges: dict[str, str], phases: str = "") -> None:
        self.cells, self.book, self.ranges, self.phases = cells, book, ranges, phases

    def row(self, key: str) -> str:
        return self.cells[key]

    def span(self, key: str) -> str:
        """The per-phase row's cells in this month's row (``tier_rows.OPTIMISATION_MULTIPLIER``'s PRODUCT)."""
        assert key == tier_rows.PHASE_MULTIPLIER.key, key
        return self.phases

    def at_phase(self, frm: str, mult: str) -> _MonthRow:
        """This month's row for one phase: its from DAU and multiplier are its cells on Assumptions."""
        cells = {**self.cells, tier_rows.PHASE_FROM_DAU.key: frm, tier_rows.PHASE_COST_MULTIPLIER.key: mult}
        return _MonthRow(cells, self.book, self.ranges, self.phases)

    def inline(self, key: str) -> bool:
        """A row with no column here (calls reaching the model) is written in place."""
        return key not in self.cells

    def name(self, name: str) -> str:
        if name in self.ranges:
            return self.ranges[name]
        if name in self.book.wb.defined_names:
            return name
        if name in self.book.ranges:  # a per-level input: its range on Levels
            return self.book.ranges[name]
        raise KeyError(f"the workbook defines no name '{name}'")


def add_timeline(book: Book) -> None:
    ws = book.wb.create_sheet(SHEET)
    n = book.counts
    live = book.live
    rows: dict[str, int] = {}
    ws["A1"] = N_("Timeline: DAU month by month through the milestones, and the cost at each month's DAU")
    ws["A1"].font = xl.TITLE
    ws["A2"] = N_("Growth")
    ws["B2"] = "=timeline_growth"
    ws["A2"].font = xl.BOLD

    # Milestones: month index and DAU of each.
    top = 4
    xl.header(ws, top, [N_("Milestone"), N_("Level"), N_("Month"), N_("Month index"), N_("DAU")])
    first_m = top + 1
    month0 = xl.ref(SHEET, "C", first_m)
    for i in range(n.milestones):
        r = first_m + i
        level, month = live[f"timeline.milestones.{i}.level"], live[f"timeline.milestones.{i}.month"]
        xl.put(ws, r, 1, i + 1, "0")
        xl.put(ws, r, 2, f"={level}", "0")
        xl.put(ws, r, 3, f"={month}", xl.MONTH)
        xl.put(ws, r, 4, f'=IF(ISNUMBER(C{r}),(YEAR(C{r})-YEAR({month0}))*months_per_year+MONTH(C{r})-MONTH({month0}),"")', "0")
        xl.put(ws, r, 5, f'=IF(ISNUMBER(B{r}),INDEX(level_start_dau,MATCH(B{r},level_numbers,0)),"")', xl.INT)
    last_m = first_m + n.milestones - 1
    k_range = xl.span(SHEET, "D", first_m, last_m)
    d_range = xl.span(SHEET, "E", first_m, last_m)
    r = last_m + 1
    ws.cell(row=r, column=1, value=N_("Milestones")).font = xl.BOLD
    xl.put(ws, r, 4, f"=COUNT({k_range})", "0", bold=True)
    r += 1
    ws.cell(row=r, column=1, value=N_("Months projected")).font = xl.BOLD
    xl.put(
        ws,
        r,
        4,
        f"=(YEAR(timeline_end_month)-YEAR({month0}))*months_per_year+MONTH(timeline_end_month)-MONTH({month0})+1",
        "0",
        bold=True,
    )
    horizon = xl.ref(SHEET, "D", r)
    book.define("months_projected", horizon)
    book.define("first_month", month0)

    # Checklists: when each level is first reached and when its checklist falls due.
    r += 2
    cl_top = r
    xl.header(
        ws,
        cl_top,
        [N_("Level"), N_("Name"), N_("DAU"), N_("Reached in month (index)"), N_("Reached"), N_("Checklist due"), N_("Checklist")],
    )
    ws.merge_cells(start_row=cl_top, start_column=7, end_row=cl_top, end_column=CHECKLIST_LAST_COL)
    cl_first = cl_top + 1
    months_first = max(cl_first + n.levels + 3, top + 21)  # the month table's header row, below the chart
    mt_first = months_first + 1
    mt_last = mt_first + n.months - 1
    labels = [
        N_("Month index"),
        N_("In the projection"),
        N_("Month"),
        N_("Segment (milestone)"),
        N_("Segment starts (month index)"),
        N_("Segment ends (month index)"),
        N_("DAU at segment start"),
        N_("DAU at segment end"),
        N_("Share of the segment passed"),
        N_("DAU"),
        N_("Level"),
        N_("Infrastructure before reserved"),
        N_("Reserved saving deducted"),
        N_("Infrastructure"),
        N_("AI calls"),
    ]
    labels += [N_("Phase {n} multiplier").format(n=p + 1) for p in range(n.phases)]
    labels += [
        N_("Optimisation multiplier"),
        N_("Own model in force"),
        N_("Cost per call reaching the model"),
        N_("AI"),
        N_("Total"),
        N_("Cumulative"),
        N_("Cost per DAU"),
    ]
    if book.currency:  # at the rate of Summary's switch (outputs.currency)
        labels += [N_("Total in the currency Summary shows"), N_("Cumulative in the currency Summary shows")]
    col = {name: xl.col(i + 1) for i, name in enumerate(labels)}
    dau_col, shown_col = col["DAU"], col["In the projection"]
    for lv in range(n.levels):
        r = cl_first + lv
        rows[f"checklist.{lv}"] = r
        xl.put(ws, r, 1, f"={live[f'levels.{lv}.number']}", "0")
        ws.cell(row=r, column=2, value=f"={live[f'levels.{lv}.name']}")
        xl.put(ws, r, 3, f"={live[f'levels.{lv}.dau']}", xl.INT)
        # DAU never falls, so the first month at or above the level's DAU comes after every month below it.
        reached = (
            f'COUNTIFS(${dau_col}${mt_first}:${dau_col}${mt_last},"<"&C{r},${shown_col}${mt_first}:${shown_col}${mt_last},1)'
        )
        xl.put(ws, r, 4, f'=IF(ISNUMBER(C{r}),IF({reached}<{horizon},{reached},"{NOT_REACHED}"),"")', "0")
        xl.put(ws, r, 5, f"=IF(ISNUMBER(D{r}),EDATE({month0},D{r}),D{r})", xl.MONTH)
        ws.cell(row=r, column=7, value=f"={live[f'levels.{lv}.checklist']}").alignment = xl.WRAP
        # The checklist wraps inside G:L, so it never runs on under the chart (anchored at M).
        ws.merge_cells(start_row=r, start_column=7, end_row=r, end_column=CHECKLIST_LAST_COL)
        longest = max((len("; ".join(s.levels[lv].checklist)) for _, s in book.scenarios if lv < len(s.levels)), default=0)
        ws.row_dimensions[r].height = 13 * max(1, -(-longest // CHECKLIST_CHARS_PER_LINE)) + 2
        xl.put(
            ws,
            r,
            6,
            f'=IF(G{r}="","{NO_CHECKLIST}",IF(ISNUMBER(D{r}),EDATE({month0},D{r}-checklist_lead_months),D{r}))',
            xl.MONTH,
        )
    ws.cell(
        row=cl_first + n.levels,
        column=1,
        value=(
            N_("Due = the month reached less the lead time on Assumptions. The items are the plan's (section 8), on Assumptions.")
        ),
    ).font = xl.Font(italic=True)

    # The months.
    phases = [
        (live[f"ai.optimisation_phases.{p}.from_dau"], live[f"ai.optimisation_phases.{p}.cost_multiplier"])
        for p in range(n.phases)
    ]
    xl.header(ws, months_first, labels)
    ws.row_dimensions[months_first].height = 45
    ph_first, ph_last = col["Phase 1 multiplier"], col[f"Phase {n.phases} multiplier"]
    for k in range(n.months):
        r = mt_first + k

        def c(name: str, r: int = r) -> str:
            return f"{col[name]}{r}"

        month_row = _MonthRow(
            {
                timeline_rows.MONTH_INDEX.key: c(N_("Month index")),
                timeline_rows.IN_PROJECTION.key: c(N_("In the projection")),
                timeline_rows.SEGMENT.key: c(N_("Segment (milestone)")),
                timeline_rows.SEGMENT_START.key: c(N_("Segment starts (month index)")),
                timeline_rows.SEGMENT_END.key: c(N_("Segment ends (month index)")),
                timeline_rows.DAU_START.key: c(N_("DAU at segment start")),
                timeline_rows.DAU_END.key: c(N_("DAU at segment end")),
                timeline_rows.SHARE_PASSED.key: c(N_("Share of the segment passed")),
                "dau": c(N_("DAU")),
                tier_rows.LEVEL.key: c(N_("Level")),
                tier_rows.INFRASTRUCTURE_GROSS_USD.key: c(N_("Infrastructure before reserved")),
                tier_rows.RESERVED_DEDUCTED_USD.key: c(N_("Reserved saving deducted")),
                "ai_list_usd_per_call": "ai_list_usd_per_call",
                "optimisation_multiplier": c(N_("Optimisation multiplier")),
                "own_model_in_force": c(N_("Own model in force")),
                "ai_calls_per_month": c(N_("AI calls")),
                "ai_usd_per_api_call": c(N_("Cost per call reaching the model")),
                "infrastructure_usd": c(N_("Infrastructure")),
                "ai_usd": c(N_("AI")),
                "total_usd": c(N_("Total")),
            },
            book,
            {timeline_rows.MILESTONE_MONTH_INDEX.name: k_range, timeline_rows.MILESTONE_DAU.name: d_range},
            f"{ph_first}{r}:{ph_last}{r}",
        )

        def written(f: Formula, month_row: _MonthRow = month_row) -> str:
            return "=" + f.written(month_row)

        cells = {
            "Month index": (f"=ROW()-ROW(${col['Month index']}${months_first})-1", "0"),
            "In the projection": (written(timeline_rows.IN_PROJECTION), "0"),
            "Month": (f'=IF({c("In the projection")}=1,EDATE({month0},{c("Month index")}),"")', xl.MONTH),
            "Segment (milestone)": (written(timeline_rows.SEGMENT), "0"),
            "Segment starts (month index)": (written(timeline_rows.SEGMENT_START), "0"),
            "Segment ends (month index)": (written(timeline_rows.SEGMENT_END), "0"),
            "DAU at segment start": (written(timeline_rows.DAU_START), xl.INT),
            "DAU at segment end": (written(timeline_rows.DAU_END), xl.INT),
            "Share of the segment passed": (written(timeline_rows.SHARE_PASSED), xl.PCT),
            "DAU": (written(timeline_rows.DAU), xl.INT),
            "Level": (written(tier_rows.LEVEL), "0"),
            "Infrastructure before reserved": (written(tier_rows.INFRASTRUCTURE_GROSS_USD), xl.USD0),
            "Reserved saving deducted": (written(tier_rows.RESERVED_DEDUCTED_USD), xl.USD0),
            "Infrastructure": (written(tier_rows.INFRASTRUCTURE_USD), xl.USD0),
            "AI calls": (written(tier_rows.AI_CALLS_PER_MONTH), xl.INT),
            "Optimisation multiplier": (written(tier_rows.OPTIMISATION_MULTIPLIER), xl.MULT),
            "Own model in force": ("=" + tier_rows.OWN_MODEL_IN_FORCE.written(month_row), "0"),
            "Cost per call reaching the model": ("=" + tier_rows.AI_USD_PER_API_CALL.written(month_row), xl.USD4),
            "AI": ("=" + tier_rows.AI_USD.written(month_row), xl.USD0),
            "Total": (f'=IF({c("In the projection")}=1,{tier_rows.TOTAL_USD.written(month_row)},"")', xl.USD0),
            "Cumulative": (f'=IF({c("In the projection")}=1,SUM(${col["Total"]}${mt_first}:{c("Total")}),"")', xl.USD0),
            "Cost per DAU": (f'=IF({c("In the projection")}=1,{tier_rows.COST_PER_DAU_USD.written(month_row)},"")', xl.USD2),
        }
        if book.currency:
            for name, source in (
                ("Total in the currency Summary shows", "Total"),
                ("Cumulative in the currency Summary shows", "Cumulative"),
            ):
                cells[name] = (f'=IF({c("In the projection")}=1,{c(source)}*shown_rate,"")', "#,##0")
        for p, (frm, mult) in enumerate(phases):
            cells[f"Phase {p + 1} multiplier"] = (
                "=" + tier_rows.PHASE_MULTIPLIER.written(month_row.at_phase(frm, mult)),
                xl.MULT,
            )
        for name, (formula, fmt) in cells.items():
            xl.put(ws, r, labels.index(name) + 1, formula, fmt)
    rows["months.first"] = mt_first
    book.rows[SHEET] = rows
    for name, key in (
        (N_("Month"), N_("month")),
        (N_("DAU"), "dau"),
        (N_("Level"), "level"),
        (N_("Reserved saving deducted"), "reserved_saving"),
        (N_("Infrastructure"), "infrastructure"),
        (N_("AI"), "ai"),
    ):
        book.ranges[f"timeline_{key}"] = xl.span(SHEET, col[name], mt_first, mt_last)
    book.errors_over.append(f"'{SHEET}'!$A${first_m}:${col[labels[-1]]}${mt_last}")
    book.ranges["timeline_total"] = xl.span(SHEET, col["Total"], mt_first, mt_last)
    book.ranges["timeline_cumulative"] = xl.span(SHEET, col["Cumulative"], mt_first, mt_last)

    chart = LineChart()
    chart.title = N_("Monthly cost along the timeline")
    chart.y_axis.title = N_("USD per month")
    chart.x_axis.title = N_("Month")
    chart.y_axis.number_format = '"$"#,##0'
    chart.x_axis.number_format = "yyyy-mm"
    chart.x_axis.delete = False
    chart.y_axis.delete = False
    chart.legend.position = "b"
    for name in ("Infrastructure", "AI", "Total"):
        i = labels.index(name) + 1
        chart.add_data(Reference(ws, min_col=i, min_row=months_first, max_row=mt_last), titles_from_data=True)
    chart.set_categories(Reference(ws, min_col=labels.index(N_("Month")) + 1, min_row=mt_first, max_row=mt_last))
    chart.width, chart.height = 18, 9
    ws.add_chart(chart, f"{xl.col(CHART_COL)}{top - 1}")

    xl.widths(ws, {col[name]: (13 if name not in ("Month", "In the projection") else 10) for name in labels})
    xl.widths(ws, {"B": 22})
    xl.print_setup(ws, freeze="D1", title_rows=f"{months_first}:{months_first}")
    # 24 columns: two pages across keeps the figures readable; Month index, In the projection and Month repeat. The
    # second page starts where the chart does (a manual break before M): fitted to two pages wide, the break fell
    # inside the chart and printed its halves on two pages. A fixed scale, as Excel and LibreOffice ignore manual
    # breaks on a sheet fitted to pages.
    ws.sheet_properties.pageSetUpPr.fitToPage = False
    ws.page_setup.scale = PRINT_SCALE_CONVERTED if book.currency else PRINT_SCALE
    ws.col_breaks.append(Break(id=CHECKLIST_LAST_COL))
    ws.print_title_cols = "A:C"
