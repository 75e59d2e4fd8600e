"""The workbook in another currency: an exchange-rate input on Assumptions and a currency switch on Summary.

The model stays in USD. Assumptions gains four inputs with defined names (``fx_currency``, ``fx_rate`` in currency
units per USD, ``fx_date``, ``fx_source``); Summary gains a switch (``summary_currency``: USD or the currency), the
rate it stands for (``shown_rate`` = ``IF(summary_currency="USD",1,fx_rate)``) and, beside its table, the same money
columns converted with live formulas: ``=IF(D6="","",D6*$X$3)``. A workbook built for the currency
(``build_workbook(currency=...)``) also converts the Budget's total, revenue and gross margin, and the Timeline's
monthly and cumulative total, by ``shown_rate``. Change the rate or the switch and every converted figure
recomputes. Added after the workbook is built, reading Summary's header row, so it needs nothing from the other
sheets' builders.
"""

from __future__ import annotations

from openpyxl.workbook.defined_name import DefinedName
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.datavalidation import DataValidation

from i18n import catalog
from i18n.text import N_
from model.fx import FxRate
from model.scenario import Scenario
from outputs import xl
from outputs.assumptions import SHEET as ASSUMPTIONS
from outputs.report import SUMMARY, SUMMARY_COLUMNS, SUMMARY_HEADER_ROW

NAMES = ("fx_currency", "fx_rate", "fx_date", "fx_source")


def _define(wb: Workbook, name: str, sheet: str, cell: str) -> None:
    column, row = cell.rstrip("0123456789"), cell[len(cell.rstrip("0123456789")) :]
    wb.defined_names[name] = DefinedName(name, attr_text=f"'{sheet}'!${column}${row}")


def add_currency(wb: Workbook, fx: FxRate, *, lang: str = "en") -> dict[str, str]:
    """Add the FX inputs and the Summary switch for ``fx``; returns where they are (name -> 'Sheet!A1').

    ``lang``: the language of the converted columns' headers (built inside formulas, so the label pass cannot reach them).
    """
    where: dict[str, str] = {}
    a = wb[ASSUMPTIONS]
    top = a.max_row + 2
    xl.section(a, top, N_("Exchange rate: show money in another currency (the model stays in USD)"), 3)
    rows = (
        ("fx_currency", N_("Currency (ISO code)"), fx.currency, xl.TEXT),
        ("fx_rate", N_("Rate: units of the currency per US dollar"), fx.rate, xl.NUM),
        ("fx_date", N_("Rate date"), fx.date.isoformat() if fx.date else "typed rate", xl.TEXT),
        ("fx_source", N_("Source"), fx.source, xl.TEXT),
    )
    for i, (name, label, value, fmt) in enumerate(rows, start=1):
        r = top + i
        a.cell(row=r, column=1, value=label)
        cell = a.cell(row=r, column=2)
        if isinstance(value, str):
            xl.put_text(cell, value)
        else:
            cell.value = value
        cell.number_format = fmt
        xl.as_input(cell)
        _define(wb, name, ASSUMPTIONS, f"B{r}")
        where[name] = f"{ASSUMPTIONS}!B{r}"

    s = wb[SUMMARY]
    hr = SUMMARY_HEADER_ROW
    headers = {s.cell(row=hr, column=c).value: c for c in range(1, s.max_column + 1)}
    money_cols = [(h, headers[h], key) for h, key, _fmt in SUMMARY_COLUMNS if h in headers]
    first_row = hr + 1
    last_row = first_row
    while s.cell(row=last_row + 1, column=1).value is not None and str(s.cell(row=last_row + 1, column=1).value).startswith("="):
        last_row += 1
    start = s.max_column + 2
    # The switch: USD (the model's own) or the currency of the rate on Assumptions.
    s.cell(row=2, column=start, value=N_("Show money in")).font = xl.BOLD
    switch = s.cell(row=2, column=start + 1)
    xl.put_text(switch, fx.currency)
    xl.as_input(switch)
    check = DataValidation(type="list", formula1=f'"USD,{fx.currency}"', allow_blank=False)
    check.error = N_("Choose USD or {currency}").format(currency=fx.currency)
    s.add_data_validation(check)
    check.add(switch)
    _define(wb, "summary_currency", SUMMARY, f"{xl.col(start + 1)}2")
    where["summary_currency"] = f"{SUMMARY}!{xl.col(start + 1)}2"
    s.cell(row=3, column=start, value=N_("Rate")).font = xl.BOLD
    xl.put(s, 3, start + 1, '=IF(summary_currency="USD",1,fx_rate)', xl.NUM)
    _define(wb, "shown_rate", SUMMARY, f"{xl.col(start + 1)}3")  # the Budget's and the Timeline's converted totals
    where["shown_rate"] = f"{SUMMARY}!{xl.col(start + 1)}3"
    s.cell(row=3, column=start + 2, value='=IF(summary_currency="USD","",fx_date&" · "&fx_source)')
    for j, (header, column, key) in enumerate(money_cols):
        c = start + j
        # The header's own words and unit with the switch's currency in place of USD: "Total (KRW/month)".
        parts = [part.replace('"', '""') for part in catalog.gettext(header, lang).split("USD")]
        xl.header(s, hr, ['="' + '"&summary_currency&"'.join(parts) + '"'], first_col=c)
        fmt = "#,##0.00" if key == "cost_per_dau_usd" else "#,##0"
        src = xl.col(column)
        for r in range(first_row, last_row + 1):
            xl.put(s, r, c, f'=IF({src}{r}="","",{src}{r}*{xl.col(start + 1)}$3)', fmt, bold=key == "total_usd")
        where[f"summary.{key}"] = f"{SUMMARY}!{xl.col(c)}{first_row}:{xl.col(c)}{last_row}"
        s.column_dimensions[xl.col(c)].width = 16  # won run to nine digits and more: never '###'
    return where


def workbook_bytes_in(scenario: Scenario, fx: FxRate | None, *, lang: str = "en", actuals: object = None) -> bytes:
    """``outputs.workbook.workbook_bytes`` with the FX input and the Summary switch for ``fx`` (None: USD only) and
    its labels in ``lang`` (``outputs.language``)."""
    import io

    from outputs.language import translate_workbook
    from outputs.workbook import build_workbook

    wb = build_workbook(scenario, actuals=actuals, currency=None if fx is None else fx.currency)
    if fx is not None:
        add_currency(wb, fx, lang=lang)
    translate_workbook(wb, lang)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
