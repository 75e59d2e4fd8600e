"""The Actuals and Variance sheets: the imported bills as input rows, and plan against actual per month with live
formulas, next to the Budget. Written only when the export is given actuals (``workbook_bytes(..., actuals=frame)``,
``python -m model export --actuals FILE``).

Actuals: one row per month, category, vendor and service (``actuals.read``'s table): month (a date, the month's
first day), category, vendor, service, amount USD, source; every cell an input, so finance can correct or add bills.

Variance, per month with bills and per line (Infrastructure, AI, Total):
- planned = the Timeline's figure for that month (INDEX/MATCH on its month column), 0 outside the projection;
- actual = SUMIFS of the Actuals amounts for the month: AI = category "ai"; Total = every category, unmapped
  included; Infrastructure = Total - AI - unmapped (as ``model.variance`` counts them);
- variance = actual - planned; variance % = variance / planned ("" where nothing was planned).
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from i18n.text import N_
from outputs import xl
from outputs.context import Book

ACTUALS = "Actuals"
VARIANCE = "Variance"
FIRST_ROW = 4
LINES = (("infrastructure", N_("Infrastructure")), ("ai", N_("AI")), ("total", N_("Total")))


def _month(label: str) -> dt.date:
    year, month = (int(x) for x in label.split("-"))
    return dt.date(year, month, 1)


def add_actuals(book: Book) -> None:
    frame = book.actuals
    if frame is None or frame.empty:
        return
    ws = book.wb.create_sheet(ACTUALS)
    ws["A1"] = "Actuals: the imported bills, one row per month, category, vendor and service (USD; inputs)"
    ws["A1"].font = xl.TITLE
    xl.header(ws, FIRST_ROW - 1, [N_("Month"), N_("Category"), N_("Vendor"), "Service", "Amount (USD)", N_("Source")])
    rows = frame.sort_values(["month", "category", "vendor", "service"], ignore_index=True)
    for i, row in rows.iterrows():
        r = FIRST_ROW + int(str(i))
        xl.as_input(xl.put(ws, r, 1, _month(str(row["month"])), xl.MONTH))
        for col, key in ((2, "category"), (3, "vendor"), (4, "service"), (6, "source")):
            xl.as_input(xl.put_text(ws.cell(row=r, column=col), row[key]))
        xl.as_input(xl.put(ws, r, 5, float(row["amount_usd"]), xl.USD2))
    last = FIRST_ROW + len(rows) - 1
    book.ranges["actuals_month"] = xl.span(ACTUALS, "A", FIRST_ROW, last)
    book.ranges["actuals_category"] = xl.span(ACTUALS, "B", FIRST_ROW, last)
    book.ranges["actuals_amount"] = xl.span(ACTUALS, "E", FIRST_ROW, last)
    xl.widths(ws, {"A": 10, "B": 14, "C": 22, "D": 28, "E": 16, "F": 30})
    xl.print_setup(ws, freeze=f"A{FIRST_ROW}", title_rows=f"{FIRST_ROW - 1}:{FIRST_ROW - 1}")


def add_variance(book: Book) -> None:
    frame = book.actuals
    if frame is None or frame.empty:
        return
    ws = book.wb.create_sheet(VARIANCE)
    ws["A1"] = "Variance: plan (the Timeline) against the bills (Actuals), per month (USD per month)"
    ws["A1"].font = xl.TITLE
    ws["A2"] = (
        "Infrastructure = all bills - AI - unmapped; Total includes unmapped bills. Variance % is blank where nothing was planned."
    )
    ws["A2"].font = xl.Font(italic=True)
    xl.header(ws, FIRST_ROW - 1, [N_("Month"), N_("Line"), "Planned (USD)", "Actual (USD)", "Variance (USD)", "Variance (%)"])
    rg = book.ranges
    month_rng, cat_rng, amt_rng = rg["actuals_month"], rg["actuals_category"], rg["actuals_amount"]
    r = FIRST_ROW
    for label in sorted(set(frame["month"])):
        for key, line in LINES:
            xl.put(ws, r, 1, _month(str(label)), xl.MONTH)
            ws.cell(row=r, column=2, value=line)
            xl.put(ws, r, 3, f"=IFERROR(INDEX({rg[f'timeline_{key}']},MATCH(A{r},{rg['timeline_month']},0)),0)", xl.USD0)
            every = f"SUMIFS({amt_rng},{month_rng},A{r})"
            ai = f'SUMIFS({amt_rng},{month_rng},A{r},{cat_rng},"ai")'
            unmapped = f'SUMIFS({amt_rng},{month_rng},A{r},{cat_rng},"unmapped")'
            actual = {"ai": ai, "total": every, "infrastructure": f"{every}-{ai}-{unmapped}"}[key]
            xl.put(ws, r, 4, f"={actual}", xl.USD0)
            xl.put(ws, r, 5, f"=D{r}-C{r}", xl.USD0)
            xl.put(ws, r, 6, f'=IF(C{r}=0,"",E{r}/C{r})', xl.PCT)
            r += 1
    book.errors_over.append(f"'{VARIANCE}'!$A${FIRST_ROW}:$F${r - 1}")
    xl.widths(ws, {"A": 10, "B": 16, "C": 16, "D": 16, "E": 16, "F": 14})
    xl.print_setup(ws, freeze=f"A{FIRST_ROW}", title_rows=f"{FIRST_ROW - 1}:{FIRST_ROW - 1}")


def actuals_frame(frame: pd.DataFrame | None) -> pd.DataFrame | None:
    """The actuals table as the sheets read it (None or empty: no sheets)."""
    if frame is None or frame.empty:
        return None
    return frame[["month", "category", "vendor", "service", "amount_usd", "source"]].fillna("")
