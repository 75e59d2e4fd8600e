"""The Sensitivity sheet: the monthly total and cost per DAU at one tier with one driver moved at a time, live.

Per tier the model's AI bill is a product: AI = AI calls x (1 - response-cache hit rate) x cost per call reaching the
model, and the cost per call is linear in the tokens per call and in the token prices (model/costs.py). So moving
calls per DAU, the tokens per call (input and output together) or every token price by a share s multiplies AI by
(1 + s), and moving the hit rate h to MIN(1, h x (1 + s)) gives AI calls x (1 - that) x cost per call.
Infrastructure does not depend on these drivers. The tier and the changes are inputs on Assumptions (Constants).
A row for the won/dollar rate belongs here once the workbook has an FX input.
"""

from __future__ import annotations

from collections.abc import Callable

from i18n.text import N_
from outputs import xl
from outputs.calculation import CALC
from outputs.context import Book

SHEET = "Sensitivity"
STEPS = 4  # sensitivity_step_1..4 on Assumptions; the base sits in the middle


def add_sensitivity(book: Book) -> None:
    ws = book.wb.create_sheet(SHEET)
    ws["A1"] = N_("Sensitivity: one driver moved at a time, at one tier (live formulas)")
    ws["A1"].font = xl.TITLE

    def calc(key: str) -> str:
        r = book.calc_row[key]
        return f"INDEX('{CALC}'!${book.calc_cols[0]}${r}:${book.calc_cols[-1]}${r},sensitivity_tier)"

    facts = [
        (N_("Tier (Assumptions: sensitivity_tier)"), "=sensitivity_tier", "0"),
        (N_("DAU"), f"={calc('dau')}", xl.INT),
        (N_("Infrastructure (USD per month)"), f"={calc('infrastructure_usd')}", xl.USD0),
        (N_("AI (USD per month)"), f"={calc('ai_usd')}", xl.USD0),
        (N_("AI calls per month"), f"={calc('ai_calls_per_month')}", xl.INT),
        (N_("AI response-cache hit rate"), f"={calc('ai_response_hit_rate')}", xl.PCT),
        (N_("Cost per call reaching the model (USD)"), f"={calc('ai_usd_per_api_call')}", xl.USD4),
    ]
    for i, (label, formula, fmt) in enumerate(facts):
        r = 3 + i
        ws.cell(row=r, column=1, value=label).font = xl.BOLD
        xl.put(ws, r, 2, formula, fmt)
    ref = {key: f"$B${3 + i}" for i, key in enumerate(("tier", "dau", "infra", "ai", "calls", "hit", "per_call"))}

    steps = [f"sensitivity_step_{i}" for i in range(1, STEPS + 1)]
    columns = [*steps[: STEPS // 2], None, *steps[STEPS // 2 :]]  # None = the base (no change)

    def ai_scaled(s: str) -> str:
        return f"{ref['ai']}*(1+{s})"

    def ai_hit(s: str) -> str:
        return f"{ref['calls']}*(1-MIN(1,{ref['hit']}*(1+{s})))*{ref['per_call']}"

    drivers: list[tuple[str, Callable[[str], str]]] = [
        (N_("AI calls per DAU per day"), ai_scaled),
        (N_("AI response-cache hit rate (at most 100%)"), ai_hit),
        (N_("Tokens per call (input and output)"), ai_scaled),
        (N_("Token prices (every model, input, cached input, output)"), ai_scaled),
    ]
    top = 3 + len(facts) + 1
    block = len(drivers) + 3
    for b, (title, unit, per_dau) in enumerate(
        (
            (N_("Monthly total at the tier (USD per month)"), xl.USD0, False),
            (N_("Cost per DAU at the tier (USD per DAU per month)"), xl.USD4, True),
        )
    ):
        head = top + b * block
        xl.header(ws, head, [title, *[N_("Base") if s is None else "" for s in columns]])
        for j, s in enumerate(columns):
            cell = ws.cell(row=head, column=2 + j)
            if s is not None:
                cell.value = f"={s}"
                cell.number_format = "+0%;-0%;0%"
        for i, (label, ai) in enumerate(drivers):
            r = head + 1 + i
            ws.cell(row=r, column=1, value=label)
            for j, s in enumerate(columns):
                total = f"{ref['infra']}+{ai(s) if s is not None else ref['ai']}"
                formula = f"=IF({ref['dau']}>0,({total})/{ref['dau']},0)" if per_dau else f"={total}"
                xl.put(ws, r, 2 + j, formula, unit, bold=s is None)
    book.rows[SHEET] = {"first_total": top + 1, "first_per_dau": top + block + 1}
    ws.cell(
        row=top + 2 * block,
        column=1,
        value=N_(
            "Changes are shares of each driver's value (Assumptions, Constants: sensitivity_step_1..4). AI scales with calls, "
            "tokens and prices; the hit rate acts on the calls that reach the model. Infrastructure stays as it is."
        ),
    ).font = xl.Font(italic=True)
    xl.widths(ws, {"A": 58, **{xl.col(2 + j): 15 for j in range(len(columns))}})
    xl.print_setup(ws, freeze=f"B{top + 1}")
