"""The Sensitivity sheet: the monthly total and cost per DAU at one tier with one driver moved at a time, live.

Per tier the model's AI bill is a product: AI = AI calls x (1 - response-cache hit rate) x cost per call reaching the
model, and the cost per call is linear in the tokens per call and in the token prices (model/costs.py). So moving
calls per DAU, the tokens per call (input and output together) or every token price by a share s multiplies AI by
(1 + s), and moving the hit rate h to MIN(1, h x (1 + s)) gives AI calls x (1 - that) x cost per call.
Infrastructure does not depend on these drivers. The tier and the changes are inputs on Assumptions (Constants).
The total, the cost per DAU and the hit rate's AI are ``model.tier_rows``' rows written over the tier's cells; the
other drivers' AI x (1 + s) is this sheet's shortcut (the CLI's sensitivity reruns the model instead).
A row for the won/dollar rate belongs here once the workbook has an FX input.
"""

from __future__ import annotations

from collections.abc import Callable

from i18n.text import N_
from model import tier_rows
from outputs import xl
from outputs.calculation import CALC
from outputs.context import Book

SHEET = "Sensitivity"
STEPS = 4  # sensitivity_step_1..4 on Assumptions; the base sits in the middle


class _TierCells:
    """The sensitivity tier, as model.formula.Column: the rows it has are its cells (or a moved value), the rest is
    written in place."""

    def __init__(self, book: Book, cells: dict[str, str]) -> None:
        self.book, self.cells = book, cells

    def row(self, key: str) -> str:
        return self.cells[key]

    def inline(self, key: str) -> bool:
        return key not in self.cells

    def name(self, name: str) -> str:
        if name not in self.book.wb.defined_names:
            raise KeyError(f"the workbook defines no name '{name}'")
        return name


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

    def ai_scaled(s: str) -> dict[str, str]:
        """AI moved with calls, tokens or prices: the tier's AI x (1 + s) (AI is linear in each)."""
        return {tier_rows.AI_USD.key: f"{ref['ai']}*(1+{s})"}

    def ai_hit(s: str) -> dict[str, str]:
        """AI with the hit rate moved: tier_rows.AI_USD written in place over the tier's calls, the moved hit rate
        and the cost per call."""
        return {
            tier_rows.AI_CALLS_PER_MONTH.key: ref["calls"],
            tier_rows.AI_RESPONSE_HIT_RATE.key: f"MIN(1,{ref['hit']}*(1+{s}))",
            tier_rows.AI_USD_PER_API_CALL.key: ref["per_call"],
        }

    drivers: list[tuple[str, Callable[[str], dict[str, str]]]] = [
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
                cells = {tier_rows.DAU.key: ref["dau"], tier_rows.INFRASTRUCTURE_USD.key: ref["infra"]}
                cells.update(ai(s) if s is not None else {tier_rows.AI_USD.key: ref["ai"]})
                row = tier_rows.COST_PER_DAU_USD if per_dau else tier_rows.TOTAL_USD
                xl.put(ws, r, 2 + j, "=" + row.written(_TierCells(book, cells)), unit, bold=s is None)
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
